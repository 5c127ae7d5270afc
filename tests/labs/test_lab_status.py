"""A lab's status may be « non renseigné », and a closed lab records when it closed.

The model refuses a closing date on a lab that is not closed; the import says so with
row and field; the lab page and the atlas cards show the status as a badge with the
date; the atlas and the API filter on « non renseigné »."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from labnet.imports.services import network_import
from labnet.labs.enums import LabStatus
from labnet.labs.models import Lab
from tests.factories import LabFactory
from tests.imports.conftest import FIXTURES, edit_cell, errors_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(tmp_path) -> Path:
    target = tmp_path / "network"
    shutil.copytree(FIXTURES, target)
    return target


# --- the model ----------------------------------------------------------------------


def test_only_a_closed_lab_has_a_closing_date():
    lab = LabFactory(status=LabStatus.ACTIVE)
    lab.closed_on = dt.date(2023, 3, 3)

    with pytest.raises(ValidationError) as refused:
        lab.full_clean()
    assert refused.value.messages == ["Seul un laboratoire fermé a une date de fermeture."]
    with pytest.raises(IntegrityError), transaction.atomic():
        lab.save()

    lab.status = LabStatus.CLOSED
    lab.full_clean()
    lab.save()
    assert Lab.objects.get(pk=lab.pk).closed_on == dt.date(2023, 3, 3)


def test_status_texts_and_badges():
    assert LabFactory.build(status=LabStatus.NOT_STATED).status_text == "statut non renseigné"
    closed = LabFactory.build(status=LabStatus.CLOSED, closed_on=dt.date(2023, 3, 3))
    assert closed.status_text == "fermé le 3 mars 2023"
    assert LabFactory.build(status=LabStatus.CLOSED).status_text == "fermé"
    assert [LabStatus(s).badge for s in LabStatus.values] == ["success", "new", "error", "info"]


# --- the import ---------------------------------------------------------------------


def test_an_empty_status_is_not_stated_and_a_closed_lab_keeps_its_date(dataset):
    edit_cell(dataset / "labs.csv", 2, "status", "")
    edit_cell(dataset / "labs.csv", 3, "status", "closed")
    edit_cell(dataset / "labs.csv", 3, "closed_on", "2023-03-03")

    result = network_import(path=dataset)

    assert result.ok, [e.text() for e in result.errors]
    assert Lab.objects.get(key="innovmandie").status == LabStatus.NOT_STATED
    closed = Lab.objects.get(key="lab-mi")
    assert (closed.status, closed.closed_on) == (LabStatus.CLOSED, dt.date(2023, 3, 3))


def test_a_file_without_a_status_column_reads_not_stated(dataset):
    from tests.imports.conftest import drop_column

    drop_column(dataset / "labs.csv", "status")

    result = network_import(path=dataset)

    assert result.ok
    assert set(Lab.objects.values_list("status", flat=True)) == {LabStatus.NOT_STATED}


def test_a_closing_date_on_a_lab_that_is_not_closed_is_refused(dataset):
    edit_cell(dataset / "labs.csv", 2, "closed_on", "2023-03-03")
    edit_cell(dataset / "labs.csv", 4, "status", "")
    edit_cell(dataset / "labs.csv", 4, "closed_on", "2022-01-31")
    edit_cell(dataset / "labs.csv", 3, "status", "closed")
    edit_cell(dataset / "labs.csv", 3, "closed_on", "2016-12-31")  # founded in 2017

    result = network_import(path=dataset)

    assert errors_of(result) == [
        (
            "labs.csv",
            2,
            "closed_on",
            "2023-03-03",
            "une date de fermeture n'est possible que pour un laboratoire fermé (status "
            "« closed ») ; ici status est « active ».",
        ),
        (
            "labs.csv",
            3,
            "closed_on",
            "2016-12-31",
            "le laboratoire ne peut pas fermer (2016-12-31) avant l'année de sa création (2017).",
        ),
        (
            "labs.csv",
            4,
            "closed_on",
            "2022-01-31",
            "une date de fermeture n'est possible que pour un laboratoire fermé (status "
            "« closed ») ; ici status est vide.",
        ),
    ]
    assert not Lab.objects.exists()


def test_not_stated_is_not_a_value_of_the_file(dataset):
    edit_cell(dataset / "labs.csv", 2, "status", "not_stated")

    result = network_import(path=dataset)

    assert errors_of(result) == [
        (
            "labs.csv",
            2,
            "status",
            "not_stated",
            "« not_stated » n'est pas une valeur autorisée (valeurs possibles : active, "
            "in_preparation, closed).",
        )
    ]


# --- pages and API ------------------------------------------------------------------


def test_the_lab_page_shows_a_closed_lab_with_its_date(client):
    lab = LabFactory(status=LabStatus.CLOSED, closed_on=dt.date(2023, 3, 3))

    response = client.get(lab.get_absolute_url())

    assert response.status_code == 200
    assert (
        '<p class="fr-badge fr-badge--error">fermé le 3 mars 2023</p>' in response.content.decode()
    )


def test_the_lab_page_says_when_the_status_is_not_stated(client):
    lab = LabFactory(status=LabStatus.NOT_STATED)

    response = client.get(lab.get_absolute_url())

    assert (
        '<p class="fr-badge fr-badge--info">statut non renseigné</p>' in response.content.decode()
    )


def test_the_atlas_filters_on_not_stated_and_shows_the_badge(client):
    LabFactory(name="Lab actif")
    LabFactory(name="Lab sans statut", status=LabStatus.NOT_STATED)
    LabFactory(name="Lab fermé", status=LabStatus.CLOSED, closed_on=dt.date(2022, 6, 30))

    response = client.get(reverse("www:atlas"), {"status": "not_stated"})

    assert [lab.name for lab in response.context["labs"]] == ["Lab sans statut"]
    html = response.content.decode()
    assert '<option value="not_stated" selected>Non renseigné</option>' in html
    assert 'fr-badge--info">statut non renseigné</p>' in html
    closed = client.get(reverse("www:atlas"), {"status": "closed"}).content.decode()
    assert 'fr-badge--error">fermé le 30 juin 2022</p>' in closed


def test_the_api_gives_the_closing_date_and_filters_on_not_stated():
    LabFactory(key="lab-ferme", status=LabStatus.CLOSED, closed_on=dt.date(2022, 6, 30))
    LabFactory(key="lab-inconnu", status=LabStatus.NOT_STATED)
    api = APIClient()

    closed = api.get("/api/v1/labs/lab-ferme/").json()
    unknown = api.get("/api/v1/labs/", {"status": "not_stated"}).json()

    assert (closed["status"], closed["closed_on"]) == ("closed", "2022-06-30")
    assert [lab["key"] for lab in unknown["results"]] == ["lab-inconnu"]
