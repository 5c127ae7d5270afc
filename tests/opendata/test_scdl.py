"""The decided allocations in the SCDL "subventions" 2.1.1 format: the file validates
against the official schema (kept with its licence in tests/opendata/scdl/), passes the
two checks frictionless does not make, and holds exactly the allocations the format can
describe honestly (docs/adr/0042)."""

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from frictionless import Resource, Schema
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS
from stdnum.fr import siret

from labnet.opendata import scdl
from tests.factories import LabFactory, OrganisationFactory, ProjectFactory
from tests.funding.factories import AllocationFactory, EnvelopeFactory, PaymentFactory

pytestmark = pytest.mark.django_db
OFFICIAL = Path(__file__).parent / "scdl" / "subventions-2.1.1" / "schema.json"
CAEN, LYON, PREFECTURE = "21750001600019", "11000000700002", "11000000700010"


@pytest.fixture
def allocations(db):
    envelope = EnvelopeFactory(key="relance-collectivites", name="Projets des collectivités")
    lab = LabFactory(key="innovmandie")

    def named(key, **kwargs):
        defaults = {
            "envelope": envelope,
            "lab": None,
            "beneficiary_name": "Commune de Caen",
            "beneficiary_siret": CAEN,
            "amount_eur": Decimal("12000.50"),
            "convention_signed_on": datetime.date(2022, 3, 1),
            "convention_reference": "CONV-2022-7",
            "year": 2022,
        }
        return AllocationFactory(key=key, **(defaults | kwargs))

    paid_twice = named(
        "a-deux-versements",
        status="paid",
        fte=Decimal("0.50"),
        description="Guichet numérique\n des aides",
    )
    PaymentFactory(allocation=paid_twice, paid_on=datetime.date(2022, 9, 1))
    PaymentFactory(allocation=paid_twice, paid_on=datetime.date(2022, 4, 15))
    once = named("b-un-versement", beneficiary_name="Métropole de Lyon", beneficiary_siret=LYON)
    PaymentFactory(allocation=once, paid_on=datetime.date(2023, 1, 10))
    named(
        "c-periode",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2023, 6, 30),
        description="x" * 300,
    )
    named("d-annee", year=2024)
    # A lab's allocation goes to its host organisation, when its SIRET is known.
    hosted = LabFactory(
        key="lab-heberge",
        name="Lab hébergé",
        host=OrganisationFactory(name="Préfecture de la région Normandie", siret=PREFECTURE),
    )
    named("n-labo-heberge", lab=hosted, beneficiary_name="", beneficiary_siret="", year=2025)
    # What the format cannot describe, each for one reason.
    AllocationFactory(key="e-labo", envelope=envelope, lab=lab)
    AllocationFactory(key="f-projet", envelope=envelope, lab=None, project=ProjectFactory())
    named("g-sans-siret", beneficiary_siret="")
    named("h-montant-inconnu", amount_eur=None, amount_unknown=True)
    named("i-etp-seul", amount_eur=None, fte=Decimal("2.00"))
    named("j-sans-convention", convention_signed_on=None)
    named("k-sans-date", year=None)
    # Not decided: never published.
    named("l-prevue", status="planned")
    named("m-annulee", status="cancelled")


def _file(client) -> bytes:
    response = client.get("/donnees/financements.scdl.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


def test_the_file_validates_against_the_official_schema(client, allocations, tmp_path):
    (tmp_path / "subventions.csv").write_bytes(_file(client))
    schema = Schema.from_descriptor(json.loads(OFFICIAL.read_text()))
    report = Resource(path="subventions.csv", basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "subventions.csv").read_text())))
    assert len(rows) == 5
    # The schema's custom checks, which frictionless does not run.
    for row in rows:
        assert siret.is_valid(row["idAttribuant"]), row
        assert siret.is_valid(row["idBeneficiaire"]), row
        assert bool(row["idBeneficiaire"]) != bool(row["rnaBeneficiaire"]), row


def test_exactly_the_sixteen_columns_and_the_values_the_schema_asks(client, allocations):
    reader = csv.reader(io.StringIO(_file(client).decode()))
    header = next(reader)
    official = [field["name"] for field in json.loads(OFFICIAL.read_text())["fields"]]
    assert header == official == list(scdl.FIELDS)
    assert len(header) == 16
    rows = [dict(zip(header, row, strict=True)) for row in reader]
    by_period = {row["datesPeriodeVersement"]: row for row in rows}
    # Two payments: their span; one: its date; none: the period, else the year.
    assert sorted(by_period) == [
        "2022-01-01/2023-06-30",
        "2022-04-15/2022-09-01",
        "2023-01-10",
        "2024-01-01/2024-12-31",
        "2025-01-01/2025-12-31",
    ]
    assert by_period["2022-04-15/2022-09-01"] == {
        "nomAttribuant": "Direction interministérielle de la transformation publique",
        "idAttribuant": "11000000700002",
        "dateConvention": "2022-03-01",
        "referenceDecision": "CONV-2022-7",
        "nomBeneficiaire": "Commune de Caen",
        "idBeneficiaire": CAEN,
        "rnaBeneficiaire": "",
        "objet": "Guichet numérique des aides",
        "montant": "12000.50",
        "nature": "aide en numéraire;aide en nature",
        "conditionsVersement": "échelonné",
        "datesPeriodeVersement": "2022-04-15/2022-09-01",
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
        "dispositifAide": "",
    }
    once = by_period["2023-01-10"]
    assert (once["nomBeneficiaire"], once["idBeneficiaire"]) == ("Métropole de Lyon", LYON)
    assert (once["conditionsVersement"], once["nature"]) == ("unique", "aide en numéraire")
    # Not paid yet: how it will be paid is not recorded.
    assert by_period["2024-01-01/2024-12-31"]["conditionsVersement"] == "autre"
    # A lab's row is in its host's name, and its object names the lab.
    hosted = by_period["2025-01-01/2025-12-31"]
    assert (hosted["nomBeneficiaire"], hosted["idBeneficiaire"]) == (
        "Préfecture de la région Normandie",
        PREFECTURE,
    )
    assert hosted["objet"].startswith("Lab hébergé : ")
    long_object = by_period["2022-01-01/2023-06-30"]["objet"]
    assert len(long_object) == 256
    assert long_object.endswith("…")


def test_lab_and_project_allocations_and_incomplete_ones_are_left_out_and_counted(allocations):
    coverage = scdl.scdl_coverage()
    assert (coverage.written, coverage.left_out) == (5, 7)
    # Every requirement an allocation lacks is counted, not only the first one: the lab's
    # and the project's allocations (factory defaults) have no convention either.
    assert coverage.lacking == {
        str(scdl.PROJECT): 1,
        str(scdl.LAB_WITHOUT_SIRET): 1,
        str(scdl.NO_SIRET): 1,
        str(scdl.NO_AMOUNT): 2,
        str(scdl.NO_CONVENTION): 3,
        str(scdl.NO_DATES): 1,
    }


def test_the_page_says_what_is_in_the_file_and_why_the_rest_is_not(client, allocations):
    html = client.get("/donnees/").content.decode()
    assert 'href="/donnees/financements.scdl.csv"' in html
    assert "5 attributions décidées y figurent" in html
    assert "7 attributions décidées n'y figurent pas" in html
    assert "Bénéficiaire projet (organisme receveur non enregistré) : 1" in html
    assert "Laboratoire dont la structure d&#x27;accueil n&#x27;a pas de SIRET connu : 1" in html


def test_the_catalogue_says_the_file_conforms_to_the_scdl_schema(client, allocations):
    graph = Graph().parse(data=client.get("/donnees/catalogue.jsonld").content, format="json-ld")
    url = URIRef("http://127.0.0.1:8000/donnees/financements.scdl.csv")
    assert graph.value(url, DCTERMS.conformsTo) == URIRef(scdl.SCHEMA_URL)
    assert str(graph.value(url, DCTERMS.format)) == "CSV"
    assert int(graph.value(url, DCAT.byteSize)) == len(_file(client))


def test_without_the_awarding_bodys_siret_there_is_no_file(client, allocations, settings):
    settings.LABNET_ATTRIBUTING_SIRET = "11000000700003"  # wrong key
    response = client.get("/donnees/financements.scdl.csv")
    assert response.status_code == 503
    assert "LABNET_ATTRIBUTING_SIRET" in response.content.decode()
    assert 'href="/donnees/financements.scdl.csv"' not in client.get("/donnees/").content.decode()
    catalogue = client.get("/donnees/catalogue.jsonld").content.decode()
    assert "financements.scdl.csv" not in catalogue
    english = client.get("/en/donnees/financements.scdl.csv")
    assert english.status_code == 503


def test_with_the_networks_own_data_the_page_says_why_no_allocation_is_in_the_file(client):
    # The documents state no amount for any of the 12 decided allocations ("montant non
    # indiqué"), the SCDL requires one: the file has its header only, and the page says so.
    import io as text_io

    from django.core.management import call_command

    call_command("import_network", "data/network", stdout=text_io.StringIO())
    coverage = scdl.scdl_coverage()
    assert (coverage.written, coverage.left_out) == (0, 12)
    assert coverage.lacking == {
        str(scdl.NO_AMOUNT): 12,
        str(scdl.NO_CONVENTION): 11,
        str(scdl.LAB_WITHOUT_SIRET): 7,
        str(scdl.PROJECT): 3,
        str(scdl.NO_SIRET): 2,
        str(scdl.NO_DATES): 6,
    }
    html = client.get("/donnees/").content.decode()
    assert "12 attributions décidées n'y figurent pas" in html
    assert "Montant non indiqué : 12" in html
    assert _file(client).decode().splitlines() == [",".join(scdl.FIELDS)]


def test_notification_to_the_eu_is_the_allocations_own(client, allocations):
    from labnet.funding.models import Allocation

    Allocation.objects.filter(key="b-un-versement").update(eu_notified=True)
    rows = list(csv.DictReader(io.StringIO(_file(client).decode())))
    assert sorted((row["nomBeneficiaire"], row["notificationUE"]) for row in rows) == [
        ("Commune de Caen", "non"),
        ("Commune de Caen", "non"),
        ("Commune de Caen", "non"),
        ("Métropole de Lyon", "oui"),
        ("Préfecture de la région Normandie", "non"),
    ]
