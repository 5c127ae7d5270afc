"""Open data: every file matches its Table Schema, holds nothing personal, is safe in a
spreadsheet; the DCAT catalogue describes every dataset and distribution, and every
download address it gives answers."""

import csv
import datetime
import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from frictionless import Resource, Schema
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from labnet.intake.stats import monthly_response_times
from labnet.opendata.datasets import DATASETS
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import LabFactory, ProjectFactory, RequestFactory, UserFactory
from tests.trainings.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8000"
KEYS = ["laboratoires", "projets", "evenements", "formations", "delais-de-reponse"]


@pytest.fixture
def network(db):
    lab = LabFactory(key="innovmandie", name="Innov'mandie", summary='=HYPERLINK("x")')
    ProjectFactory(lead_lab=lab, key="guichet", title="Guichet unique", started_year=2022)
    ProjectFactory(lead_lab=lab, key="secret", title="Projet interne", private=True)
    person = UserFactory(full_name="Zoé Personnelle", email="zoe.personnelle@exemple.fr")
    event = EventFactory(
        organiser_lab=lab,
        key="atelier",
        is_online=True,
        online_url="https://visio.exemple.fr/secret-room",
    )
    RegistrationFactory(event=event, user=person, full_name=person.full_name, email=person.email)
    EnrolmentFactory(cohort=CohortFactory(), user=person)
    submitted = timezone.now() - datetime.timedelta(days=40)
    RequestFactory(
        author=person,
        lab=lab,
        submitted=True,
        submitted_at=submitted,
        first_answered_at=submitted + datetime.timedelta(hours=10),
        first_answer_lab=lab,
        first_answer_commitment_hours=24,
        title="Idée de Zoé",
    )
    return lab


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_page_lists_every_dataset_with_its_files(client, network):
    html = client.get("/donnees/").content.decode()
    for key in KEYS:
        assert f'href="/donnees/{key}.csv"' in html
        assert f'href="/donnees/{key}.schema.json"' in html
    assert [dataset.key for dataset in DATASETS] == KEYS


@pytest.mark.parametrize("key", KEYS)
def test_each_csv_validates_against_its_table_schema(client, network, key, tmp_path):
    (tmp_path / "data.csv").write_bytes(_get(client, f"/donnees/{key}.csv"))
    schema = json.loads(_get(client, f"/donnees/{key}.schema.json"))
    report = Resource(
        path="data.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema)
    ).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "data.csv").read_text())))
    assert (
        len(rows)
        == {
            "laboratoires": 1,
            "projets": 1,
            "evenements": 1,
            "formations": 1,
            "delais-de-reponse": 1,
        }[key]
    )
    items = json.loads(_get(client, f"/donnees/{key}.json"))
    assert [list(item) for item in items] == [[f["name"] for f in schema["fields"]]] * len(rows)


def test_a_published_project_without_a_lab_is_exported_with_an_empty_lab(client, network, tmp_path):
    # The real dataset has national projects led by an administration (no lead lab): the
    # projects file streamed a 500 on them.
    ProjectFactory(lead_lab=None, key="national", title="Projet national")
    body = _get(client, "/donnees/projets.csv")
    (tmp_path / "data.csv").write_bytes(body)
    schema = json.loads(_get(client, "/donnees/projets.schema.json"))
    report = Resource(
        path="data.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema)
    ).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(body.decode()))}
    assert (rows["national"]["lead_lab_key"], rows["national"]["lead_lab_name"]) == ("", "")
    assert rows["guichet"]["lead_lab_key"] == "innovmandie"
    items = {item["key"]: item for item in json.loads(_get(client, "/donnees/projets.json"))}
    assert items["national"]["lead_lab_key"] == ""


def test_nothing_personal_nor_unpublished_is_in_any_dataset(client, network):
    for key in KEYS:
        for fmt in ("csv", "json"):
            body = _get(client, f"/donnees/{key}.{fmt}").decode()
            for secret in ("Zoé", "zoe.personnelle", "secret-room", "Projet interne", "Idée"):
                assert secret not in body, (key, fmt, secret)


def test_text_a_spreadsheet_would_run_is_kept_as_text(client, network):
    rows = list(csv.DictReader(io.StringIO(_get(client, "/donnees/laboratoires.csv").decode())))
    assert rows[0]["summary"] == '\'=HYPERLINK("x")'


def test_response_times_per_lab_and_month(network):
    (row,) = monthly_response_times()
    month = (timezone.now() - datetime.timedelta(days=40)).astimezone(
        datetime.timezone(datetime.timedelta(hours=1))
    )
    assert (row.lab_key, row.times.count, row.times.median_hours) == ("innovmandie", 1, 10.0)
    assert row.times.within_commitment_percent == 100
    assert row.month[:4] == str(month.year)


DCATNS = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DATASET_PROPERTIES = [
    DCTERMS.identifier,
    DCTERMS.title,
    DCTERMS.description,
    DCAT.keyword,
    DCAT.theme,
    DCTERMS.license,
    DCTERMS.issued,
    DCTERMS.modified,
    DCTERMS.accrualPeriodicity,
    DCTERMS.publisher,
    DCAT.contactPoint,
    DCAT.landingPage,
    DCTERMS.conformsTo,
]
DISTRIBUTION_PROPERTIES = [DCAT.downloadURL, DCAT.mediaType, DCTERMS.format, DCTERMS.title]


def test_the_dcat_catalogue_describes_every_dataset_and_every_download_answers(network):
    client = Client()
    graph = Graph().parse(data=_get(client, "/donnees/catalogue.jsonld"), format="json-ld")
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert sorted(str(graph.value(d, DCTERMS.identifier)) for d in datasets) == sorted(KEYS)
    for dataset in datasets:
        for prop in DATASET_PROPERTIES:
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        assert graph.value(dataset, DCTERMS.license) == URIRef(
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
        )
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) >= 2
        for distribution in distributions:
            for prop in DISTRIBUTION_PROPERTIES:
                assert graph.value(distribution, prop) is not None, (distribution, prop)
            url = str(graph.value(distribution, DCAT.downloadURL))
            assert url.startswith(BASE)
            body = _get(client, url.removeprefix(BASE))
            size = graph.value(distribution, DCAT.byteSize)
            if size is not None:
                assert int(size) == len(body), url
    formats = {str(o) for o in graph.objects(None, DCTERMS.format)}
    assert formats == {"CSV", "JSON", "ICS"}


def test_the_turtle_catalogue_says_the_same(network):
    client = Client()
    jsonld = Graph().parse(data=_get(client, "/donnees/catalogue.jsonld"), format="json-ld")
    turtle = Graph().parse(data=_get(client, "/donnees/catalogue.ttl").decode(), format="turtle")
    assert len(turtle) == len(jsonld) > 0
    assert set(turtle.subjects(RDF.type, DCAT.Dataset)) == set(
        jsonld.subjects(RDF.type, DCAT.Dataset)
    )


def test_an_unknown_dataset_is_a_404(client):
    assert client.get("/donnees/inconnu.csv").status_code == 404
