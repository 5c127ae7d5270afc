"""Open data: every file matches its Table Schema, holds nothing personal, is safe in a
spreadsheet; the DCAT catalogue describes every dataset and distribution, and every
download address it gives answers."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from frictionless import Resource, Schema
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from labnet.funding.models import Allocation
from labnet.impact.models import Indicator, Measurement
from labnet.intake.stats import monthly_response_times
from labnet.opendata.datasets import DATASETS, dataset_get
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import LabFactory, ProjectFactory, RequestFactory, UserFactory
from tests.funding.factories import AllocationFactory, EnvelopeFactory, PaymentFactory
from tests.trainings.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8000"
KEYS = [
    "laboratoires",
    "projets",
    "evenements",
    "formations",
    "delais-de-reponse",
    "financements",
    "indicateurs",
]


@pytest.fixture
def network(db):
    lab = LabFactory(key="innovmandie", name="Innov'mandie", summary='=HYPERLINK("x")')
    guichet = ProjectFactory(lead_lab=lab, key="guichet", title="Guichet unique", started_year=2022)
    secret = ProjectFactory(lead_lab=lab, key="secret", title="Projet interne", private=True)
    person = UserFactory(full_name="Zoé Personnelle", email="zoe.personnelle@exemple.fr")
    _funding(lab, secret, person)
    _indicators(guichet, secret, person)
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


def _funding(lab, secret, person):
    envelope = EnvelopeFactory(key="relance", name="Plan de relance")
    AllocationFactory(
        key="a-lab", envelope=envelope, lab=lab, amount_eur=Decimal("50000.00"), year=2021
    )
    paid = AllocationFactory(
        key="b-commune",
        envelope=envelope,
        lab=None,
        beneficiary_name="Commune de Caen",
        beneficiary_siret="21750001600019",
        amount_eur=Decimal("12000.50"),
        fte=Decimal("0.50"),
        status="paid",
        reporting_notes="Note interne de Zoé",
        created_by=person,
    )
    PaymentFactory(
        allocation=paid, amount_eur=Decimal("12000.50"), paid_on=datetime.date(2022, 5, 2)
    )
    AllocationFactory(
        key="c-secret",
        envelope=envelope,
        lab=None,
        project=secret,
        amount_eur=None,
        amount_unknown=True,
    )
    # Planned (not decided yet) and cancelled allocations are not published.
    AllocationFactory(
        key="d-prevue",
        envelope=envelope,
        lab=None,
        beneficiary_name="Commune secrète",
        status="planned",
    )
    AllocationFactory(key="e-annulee", envelope=envelope, lab=lab, status="cancelled")


def _indicators(guichet, secret, person):
    public = Indicator.objects.create(
        key="guichet-delai",
        project=guichet,
        name="Délai de réponse",
        unit="day",
        direction="decrease",
        baseline_value=30,
        target_value=10,
        is_public=True,
    )
    for value, day in ((Decimal("25"), 1), (Decimal("20.5"), 2)):
        Measurement.objects.create(
            indicator=public,
            value=value,
            measured_on=datetime.date(2023, day, 1),
            comment="Mesuré par Zoé",
            source_text="Tableau de Zoé",
            recorded_by=person,
        )
    Indicator.objects.create(
        key="guichet-interne",
        project=guichet,
        name="Indicateur interne",
        unit="%",
        direction="increase",
        is_public=False,
    )
    Indicator.objects.create(
        key="secret-public",
        project=secret,
        name="Indicateur du projet interne",
        unit="%",
        direction="increase",
        is_public=True,
    )


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
            "financements": 3,
            "indicateurs": 2,
        }[key]
    )
    items = json.loads(_get(client, f"/donnees/{key}.json"))
    assert [list(item) for item in items] == [[f["name"] for f in schema["fields"]]] * len(rows)


def test_a_published_project_led_by_no_lab_is_in_the_projects_and_the_catalogue(
    client, network, tmp_path
):
    # The real dataset has some (the DITP's own projects); the export used to fail on them.
    ProjectFactory(lead_lab=None, key="mission-nationale", title="Mission nationale")
    body = _get(client, "/donnees/projets.csv")
    (tmp_path / "projets.csv").write_bytes(body)
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(body.decode()))}
    assert (
        rows["mission-nationale"]["lead_lab_key"],
        rows["mission-nationale"]["lead_lab_name"],
    ) == (
        "",
        "",
    )
    assert rows["guichet"]["lead_lab_key"] == "innovmandie"
    schema = json.loads(_get(client, "/donnees/projets.schema.json"))
    report = Resource(
        path="projets.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema)
    ).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert client.get("/donnees/catalogue.jsonld").status_code == 200
    assert client.get("/donnees/catalogue.ttl").status_code == 200


def test_nothing_personal_nor_unpublished_is_in_any_dataset(client, network):
    for key in KEYS:
        for fmt in ("csv", "json"):
            body = _get(client, f"/donnees/{key}.{fmt}").decode()
            for secret in (
                "Zoé",
                "zoe.personnelle",
                "secret-room",
                "Projet interne",
                "Idée",
                "Commune secrète",
                "Indicateur interne",
                "Note interne",
                "e-annulee",
            ):
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


def test_decided_allocations_with_exact_amounts_and_hidden_unpublished_projects(client, network):
    rows = {
        row["key"]: row
        for row in csv.DictReader(io.StringIO(_get(client, "/donnees/financements.csv").decode()))
    }
    assert sorted(rows) == ["a-lab", "b-commune", "c-secret"]
    commune = rows["b-commune"]
    assert (commune["beneficiary_kind"], commune["beneficiary_siret"]) == (
        "named",
        "21750001600019",
    )
    assert (commune["amount_eur"], commune["fte"], commune["paid_eur"]) == (
        "12000.50",
        "0.50",
        "12000.50",
    )
    assert (commune["status"], commune["envelope_key"]) == ("paid", "relance")
    # A decided allocation to an unpublished project names its lab, not the project.
    secret = rows["c-secret"]
    assert (secret["beneficiary_kind"], secret["lab_key"], secret["project_key"]) == (
        "project",
        "innovmandie",
        "",
    )
    assert (secret["amount_eur"], secret["amount_unknown"]) == ("", "true")
    items = {item["key"]: item for item in json.loads(_get(client, "/donnees/financements.json"))}
    # JSON numbers are the exact decimals, never floats rounded on the way out.
    assert b'"amount_eur": 12000.50' in _get(client, "/donnees/financements.json")
    assert items["c-secret"]["amount_eur"] is None


def test_indicators_give_each_measured_value_and_its_progress(client, network):
    rows = list(csv.DictReader(io.StringIO(_get(client, "/donnees/indicateurs.csv").decode())))
    assert [(r["indicator_key"], r["measured_on"], r["value"]) for r in rows] == [
        ("guichet-delai", "2023-01-01", "25.0000"),
        ("guichet-delai", "2023-02-01", "20.5000"),
    ]
    # From 30 towards 10 (lower is better): 25 is 25 %, 20.5 is 47.5 %.
    assert [(r["progress_percent"], r["is_latest"]) for r in rows] == [
        ("25.0", "false"),
        ("47.5", "true"),
    ]
    assert rows[0]["project_key"] == "guichet"


def test_a_payment_is_a_change_of_the_allocations_dataset(network):
    financements = dataset_get("financements")
    before = financements.modified()
    PaymentFactory(allocation=Allocation.objects.get(key="a-lab"), amount_eur=Decimal("5.00"))
    assert financements.modified() > before


def test_a_corrected_measured_value_is_a_new_version_of_the_indicators(network):
    indicators = dataset_get("indicateurs")
    before = indicators.version()
    measurement = Measurement.objects.filter(indicator__key="guichet-delai").first()
    measurement.value = Decimal("125.5")
    measurement.save()
    assert indicators.version() != before
