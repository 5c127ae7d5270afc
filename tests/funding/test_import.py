"""funding_sources.csv, envelopes.csv, allocations.csv (and figures.csv) load through
import_network: the real dataset as the seeds state it, every faulty row reported in
French, nothing written when one is wrong, and the Table Schemas in step with the specs."""

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest

from labnet.figures.computed import REGISTRY
from labnet.figures.import_specs import FIGURES
from labnet.figures.models import Qualifier, StatedFigure
from labnet.funding.enums import AllocationStatus
from labnet.funding.import_specs import ALLOCATIONS, ENVELOPES, FUNDING_SOURCES
from labnet.funding.models import Allocation, Envelope, FundingSource
from labnet.funding.selectors.totals import funding_totals
from labnet.imports.services import network_import

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "network"
SCHEMAS = ROOT / "data" / "schemas"
M = Decimal("1000000")


@pytest.fixture
def real_copy(tmp_path):
    target = tmp_path / "network"
    shutil.copytree(REAL, target)
    return target


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def write(path, header, data):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)


def edit(path, key, **values):
    header, data = rows(path)
    for row in data:
        if row["key"] == key:
            row.update(values)
    write(path, header, data)


@pytest.mark.django_db
def test_the_real_dataset_states_the_seeds_figures():
    result = network_import(path=REAL)
    assert result.ok, "\n".join(e.text() for e in result.errors)
    assert not any(
        name in d for d in result.deferred for name in ("funding", "envelopes", "allocations")
    )
    assert "figures.csv" not in result.deferred
    assert (FundingSource.objects.count(), Envelope.objects.count()) == (3, 8)
    assert Allocation.objects.count() == 12

    amount = dict(Envelope.objects.values_list("key", "amount_eur"))
    children = {
        e.key: sorted(c.key for c in e.children.all())
        for e in Envelope.objects.prefetch_related("children")
    }
    # 12 M€ in three parts of 4 M€ (two of them make the 8 M€ for territorial innovation).
    assert amount["relance-innovation-publique"] == 12 * M
    assert children["relance-innovation-publique"] == [
        "relance-innovation-territoriale",
        "relance-labs-administration-centrale",
    ]
    assert amount["relance-innovation-territoriale"] == 8 * M
    assert amount["relance-labs-administration-centrale"] == 4 * M
    assert children["relance-innovation-territoriale"] == [
        "relance-labs-prefets-de-region",
        "relance-projets-collectivites",
    ]
    assert (
        amount["relance-labs-prefets-de-region"] == amount["relance-projets-collectivites"] == 4 * M
    )
    # 600 k€ for three 2023 labs, inside the prefects' part.
    assert children["relance-labs-prefets-de-region"] == ["relance-creation-labs-2023"]
    assert amount["relance-creation-labs-2023"] == Decimal("600000")
    created_2023 = Allocation.objects.filter(envelope__key="relance-creation-labs-2023")
    assert sorted(created_2023.values_list("lab__key", flat=True)) == [
        "lab-an-nou",
        "lab-la-reunion",
        "lab-territorial-industrie-fos-berre",
    ]
    # 30 FTE of skills; FTAP's laureate CAP 2030 (17 of its 22 projects funded).
    staff = Allocation.objects.get(key="internalisation-competences-14-labs")
    assert (staff.fte, staff.amount_eur, staff.amount_unknown) == (Decimal("30"), None, True)
    ftap = Allocation.objects.get(envelope__key="ftap-2020")
    assert ftap.beneficiary_name.startswith("CAP 2030")
    assert "17 de ses 22 projets" in ftap.description
    stated = dict(StatedFigure.objects.values_list("key", "value"))
    assert (stated["cap-2030-ftap-projects"], stated["cap-2030-projects"]) == (17, 22)
    # No amount is invented: every allocation's amount is "not stated", and totals say so.
    assert not Allocation.objects.exclude(amount_eur=None).exists()
    totals = funding_totals(user=None, by="status")
    assert totals.overall.unknown_amounts == totals.overall.count == 12
    assert totals.overall.fte == Decimal("30")
    bfc = Allocation.objects.get(key="relance-lab-bourgogne-franche-comte")
    assert str(bfc.convention_signed_on) == "2021-11-24"
    assert bfc.region_id == bfc.lab.region_id
    assert all(a.status == AllocationStatus.COMMITTED for a in Allocation.objects.all())

    again = network_import(path=REAL)
    assert all(o.counts.created == o.counts.updated == 0 for o in again.files)


@pytest.mark.django_db
def test_stated_figures_load_with_qualifier_date_and_computed_link():
    assert network_import(path=REAL).ok
    projects = StatedFigure.objects.get(key="projects-accompanied")
    assert (projects.value, projects.qualifier) == (200, Qualifier.AT_LEAST)
    assert projects.computed_figure == "projects.accompanied.count"
    assert projects.source_id == "004_626a3d13812bdf10"
    labs = StatedFigure.objects.get(key="territorial-labs-2022-02")
    assert str(labs.as_of) == "2022-02-24"
    assert StatedFigure.objects.count() == 30
    linked = set(
        StatedFigure.objects.exclude(computed_figure="").values_list("computed_figure", flat=True)
    )
    assert linked <= set(REGISTRY)


@pytest.mark.django_db
def test_faulty_funding_rows_are_all_reported_and_nothing_is_written(real_copy):
    edit(real_copy / "envelopes.csv", "relance-creation-labs-2023", amount_eur="4000001")
    edit(
        real_copy / "allocations.csv",
        "relance-innovmandie",
        amount_eur="12,5",
        project_key="reseau-innovation-occitanie",
    )
    edit(
        real_copy / "allocations.csv",
        "ftap-cap-2030",
        beneficiary_siret="21750001600018",
        status="allocated",
    )
    edit(real_copy / "figures.csv", "atlas-labs", computed_figure="labs.everything")

    result = network_import(path=real_copy)

    assert not result.written
    found = {(e.file, e.row, e.field): e.message for e in result.errors}
    assert found[("envelopes.csv", 7, "amount_eur")] == (
        "les enveloppes filles de « relance-labs-prefets-de-region » totalisent "
        "4\xa0000\xa0001 €, plus que son montant de 4\xa0000\xa0000 €."
    )
    assert found[("allocations.csv", 2, "lab_key")] == (
        "indiquez un seul bénéficiaire : lab_key, project_key ou beneficiary_name "
        "(lab_key, project_key)."
    )
    assert found[("allocations.csv", 13, "beneficiary_siret")] == (
        "« 21750001600018 » n'est pas un numéro SIRET valide (14 chiffres dont une clé de "
        "contrôle)."
    )
    assert found[("allocations.csv", 13, "status")].startswith(
        "« allocated » n'est pas une valeur autorisée (valeurs possibles : planned, committed, "
        "paid, cancelled)"
    )
    assert found[("figures.csv", 8, "computed_figure")].startswith(
        "« labs.everything » n'est pas un chiffre calculé connu"
    )
    assert not Envelope.objects.exists()
    assert not StatedFigure.objects.exists()


@pytest.mark.django_db
def test_allocations_beyond_their_envelope_are_refused(real_copy):
    header, data = rows(real_copy / "allocations.csv")
    for key, amount in (
        ("creation-lab-an-nou", "300000"),
        ("creation-lab-la-reunion", "300000.01"),
    ):
        for row in data:
            if row["key"] == key:
                row["amount_eur"] = amount
    write(real_copy / "allocations.csv", header, data)

    result = network_import(path=real_copy)

    assert [(e.file, e.row, e.field, e.message) for e in result.errors] == [
        (
            "allocations.csv",
            8,
            "amount_eur",
            "l'enveloppe « relance-creation-labs-2023 » est de 600\xa0000 € et 300\xa0000 € sont "
            "déjà attribués ou répartis : il reste 300\xa0000 €, moins que les 300\xa0000,01 € "
            "de cette attribution.",
        )
    ]
    assert not Allocation.objects.exists()


@pytest.mark.django_db
def test_an_amount_stays_decimal_and_an_empty_one_unknown(real_copy):
    edit(real_copy / "allocations.csv", "creation-lab-an-nou", amount_eur="199999.99")
    assert network_import(path=real_copy).ok
    known = Allocation.objects.get(key="creation-lab-an-nou")
    assert (known.amount_eur, known.amount_unknown) == (Decimal("199999.99"), False)
    assert Allocation.objects.get(key="creation-lab-la-reunion").amount_unknown is True


@pytest.mark.parametrize("spec", [FUNDING_SOURCES, ENVELOPES, ALLOCATIONS, FIGURES])
def test_table_schemas_match_the_importer(spec):
    schema = json.loads((SCHEMAS / f"{spec.name}.schema.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == [c.name for c in spec.columns]
    for column in spec.columns:
        assert (
            bool(fields[column.name].get("constraints", {}).get("required")) == column.required
        ), column.name
        choices = getattr(column.parse, "values", None)
        if choices is not None:
            assert fields[column.name]["constraints"]["enum"] == list(choices)
    if spec is FIGURES:
        assert fields["computed_figure"]["constraints"]["enum"] == list(REGISTRY)
    header, _ = rows(REAL / f"{spec.name}.csv")
    assert header == list(fields)


@pytest.mark.parametrize("name", ["funding_sources", "envelopes", "allocations", "figures"])
def test_the_funding_files_validate_against_their_table_schemas(name):
    package = frictionless.Package(str(ROOT / "data" / "datapackage.json"))
    report = package.get_resource(name).validate()
    assert report.valid, [
        (task.name, [error.message for error in task.errors][:3])
        for task in report.tasks
        if not task.valid
    ]
