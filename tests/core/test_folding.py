"""Text filters ignore case and accents, on SQLite and on PostgreSQL alike."""

import pytest

from labnet.core.folding import fold
from labnet.labs.models import Lab
from tests.factories import LabFactory, OrganisationFactory, RegionFactory
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_fold_lowers_and_strips_accents_and_ligatures():
    assert fold("Île-de-France ÉCONOMIE Œuvre cœur Straße") == (
        "ile-de-france economie oeuvre coeur strasse"
    )


def test_the_folded_lookup_matches_whatever_the_accents_and_case():
    LabFactory(name="Laboratoire d'Île-de-France")
    LabFactory(name="Lab'O")
    for query in ("ile-de-france", "ÎLE-DE", "île-de-FRANCE"):
        names = Lab.objects.filter(name__folded__contains=fold(query)).values_list(
            "name", flat=True
        )
        assert list(names) == ["Laboratoire d'Île-de-France"], query


def test_the_atlas_text_filter(client):
    region = RegionFactory(code="11", name="Île-de-France")
    LabFactory(name="Lab francilien", region=region)
    LabFactory(name="Ti-Lab")
    html = client.get("/laboratoires/", {"q": "ILE-DE-FRANCE"}).content.decode()
    assert "Lab francilien" in html and "Ti-Lab" not in html


def test_the_library_and_the_api_organisation_search(client):
    ResourceFactory(title="Guide de l'économie circulaire")
    ResourceFactory(title="Kit d'atelier")
    html = client.get("/ressources/", {"q": "economie"}).content.decode()
    assert "Guide de l&#x27;économie circulaire" in html and "Kit d&#x27;atelier" not in html
    OrganisationFactory(name="Préfecture de la région Île-de-France", key="pref-idf")
    OrganisationFactory(name="Rectorat de Rennes", key="rectorat")
    body = client.get("/api/v1/organisations/", {"q": "PREFECTURE DE LA REGION ILE"}).json()
    assert [o["name"] for o in body["results"]] == ["Préfecture de la région Île-de-France"]
