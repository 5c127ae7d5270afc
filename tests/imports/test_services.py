"""The network import end to end: what it writes, and that it writes all or nothing."""

from decimal import Decimal

import pytest
from django.db import IntegrityError

from labnet.core.importing import upsert
from labnet.core.models import AuditEntry, Source
from labnet.imports import services
from labnet.imports.registry import Registry, build_network_registry
from labnet.imports.services import network_import
from labnet.labs.models import Lab, Network, Theme
from labnet.organisations.models import Organisation
from labnet.projects.import_specs import PROJECTS
from labnet.projects.models import Project
from labnet.territories.models import Department, Region
from tests.factories import LabFactory, OrganisationFactory, ProjectFactory, RegionFactory

from .conftest import (
    append_row,
    convert_to_json,
    convert_to_xlsx,
    counts_of,
    describe_network,
    drop_column,
    edit_cell,
    errors_of,
    read_csv,
    snapshot,
    wipe_network,
    write_csv,
    write_generated_projects,
)

ALL_CREATED = {
    "sources": (2, 0, 0),
    "regions": (3, 0, 0),
    "departments": (4, 0, 0),
    "themes": (3, 0, 0),
    "organisations": (3, 0, 0),
    "labs": (3, 0, 0),
    "projects": (3, 0, 0),
    "networks": (2, 0, 0),
}
ALL_UNCHANGED = {
    "sources": (0, 0, 2),
    "regions": (0, 0, 3),
    "departments": (0, 0, 4),
    "themes": (0, 0, 3),
    "organisations": (0, 0, 3),
    "labs": (0, 0, 3),
    "projects": (0, 0, 3),
    "networks": (0, 0, 2),
}


def keys(manager, field="key"):
    return sorted(manager.values_list(field, flat=True))


@pytest.fixture
def existing_records(db):
    """Records already in the database before an import: a failed import must keep them
    exactly, and a valid one updates the lab whose key the files share."""
    region = RegionFactory(code="28", name="Normandie (ancien nom)")
    LabFactory(key="innovmandie", name="Ancien Innov'mandie", region=region, founded_year=2018)
    ProjectFactory(key="projet-existant", title="Un projet déjà en base")
    OrganisationFactory(key="organisation-existante")


@pytest.mark.django_db
def test_a_valid_dataset_loads_every_record_with_its_values(dataset):
    result = network_import(path=dataset)

    assert result.ok
    assert result.written
    assert counts_of(result) == ALL_CREATED
    assert result.deferred == []
    assert result.ignored == []
    assert (Source.objects.count(), Region.objects.count(), Department.objects.count()) == (2, 3, 4)
    assert (Theme.objects.count(), Organisation.objects.count()) == (3, 3)
    assert (Lab.objects.count(), Project.objects.count(), Network.objects.count()) == (3, 3, 2)

    source = Source.objects.get(key="ditp-2023")
    assert source.title == "Carte des laboratoires d'innovation publique"
    assert str(source.published_on) == "2023-06-01"
    assert (source.publisher, source.kind, source.file_name) == (
        "DITP",
        "carte",
        "carte-labs-2023.pdf",
    )
    assert Source.objects.get(key="rapport-2021").published_on is None

    guadeloupe = Region.objects.get(code="01")
    assert (guadeloupe.name, guadeloupe.is_overseas, guadeloupe.timezone) == (
        "Guadeloupe",
        True,
        "America/Guadeloupe",
    )
    assert guadeloupe.source_id == "rapport-2021"
    assert Department.objects.get(code="971").region_id == "01"
    assert Department.objects.get(code="27").source_id == "rapport-2021"
    assert Theme.objects.get(key="sante").name_en == "Health"

    prefecture = Organisation.objects.get(key="prefecture-normandie")
    # Its parent comes later in the file: self references resolve in any order.
    assert prefecture.parent.key == "ministere-interieur"
    assert (prefecture.kind, prefecture.civil_service_side, prefecture.region_id) == (
        "prefecture",
        "state",
        "28",
    )
    assert prefecture.website == "https://www.prefectures-regions.gouv.fr/normandie"
    assert prefecture.acronym == ""
    assert Organisation.objects.get(key="ministere-interieur").acronym == "MI"

    lab = Lab.objects.get(key="innovmandie")
    assert lab.name == "Innov'mandie"
    assert (lab.kind, lab.status, lab.is_itinerant, lab.founded_year) == (
        "territorial",
        "active",
        True,
        2019,
    )
    assert lab.host.key == "prefecture-normandie"
    assert lab.region_id == "28"
    assert keys(lab.departments, "code") == ["14", "27"]
    assert keys(lab.networks) == ["public_labs_network", "territorial_network"]
    assert lab.missions == ["accompaniment", "training"]
    assert keys(lab.themes) == ["emploi", "sante"]
    assert lab.summary == "Le laboratoire d'innovation territoriale de Normandie, itinérant."
    assert (lab.email, lab.website) == ("contact@innovmandie.fr", "https://innovmandie.fr")
    assert lab.team_fte == Decimal("3.5")
    assert lab.source_id == "ditp-2023"

    ministry_lab = Lab.objects.get(key="lab-mi")
    assert ministry_lab.region is None
    assert ministry_lab.team_fte is None
    assert ministry_lab.email == ""
    hospital_lab = Lab.objects.get(key="lab-chu")
    assert (hospital_lab.status, hospital_lab.founded_year) == ("in_preparation", None)
    assert keys(hospital_lab.networks) == []
    assert hospital_lab.missions == []

    assert dict(Network.objects.values_list("key", "name")) == {
        "territorial_network": "Réseau des laboratoires d'innovation territoriale",
        "public_labs_network": "Réseau des laboratoires d'innovation publique animé par la DITP",
    }

    scaled = Project.objects.get(key="france-services-eure")
    # Scaled from a project of a later row.
    assert scaled.scaled_from.key == "accueil-usagers"
    assert (scaled.stage, scaled.status, scaled.started_year) == ("scaling", "active", 2022)
    assert scaled.lead_lab.key == "innovmandie"
    assert keys(scaled.partner_labs) == ["lab-chu"]
    assert keys(scaled.organisations) == ["prefecture-normandie"]
    assert keys(scaled.departments, "code") == ["27"]
    assert keys(scaled.themes) == ["emploi"]
    assert scaled.is_public is True
    accueil = Project.objects.get(key="accueil-usagers")
    assert accueil.results == "Attente divisée par deux.\nSatisfaction en hausse."
    assert keys(accueil.organisations) == ["ministere-interieur", "prefecture-normandie"]
    urgences = Project.objects.get(key="urgences-chu")
    assert urgences.objective == 'Mieux orienter, plus tôt, les "patients".'
    assert keys(urgences.partner_labs) == ["innovmandie", "lab-mi"]
    assert urgences.status == ""  # not stated
    assert urgences.region_id == "28"
    assert keys(urgences.departments, "code") == []

    # An unstated "itinerant" stays unknown rather than becoming a false "no".
    assert hospital_lab.is_itinerant is None
    assert result.warnings == []

    entry = AuditEntry.objects.get()
    assert (entry.channel, entry.action, entry.actor, entry.target_type) == (
        "import",
        "imports.network_import",
        None,
        "",
    )
    assert entry.changes["path"] == str(dataset)
    assert entry.changes["files"]["labs"] == {
        "file": "labs.csv",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }
    assert entry.changes["kept_for_later"] == []


@pytest.mark.django_db
def test_reimporting_the_same_data_changes_nothing_and_duplicates_nothing(dataset):
    network_import(path=dataset)
    before = snapshot()

    result = network_import(path=dataset)

    assert result.ok
    assert counts_of(result) == ALL_UNCHANGED
    after = snapshot()
    assert after.pop("core.AuditEntry")[-1]["changes"]["files"] == {
        name: {
            "file": label,
            "rows": unchanged,
            "created": 0,
            "updated": 0,
            "unchanged": unchanged,
        }
        for name, label, unchanged in (
            ("sources", "sources.csv", 2),
            ("regions", "regions.csv", 3),
            ("departments", "departments.csv", 4),
            ("themes", "themes.csv", 3),
            ("organisations", "organisations.csv", 3),
            ("labs", "labs.csv", 3),
            ("projects", "projects.csv", 3),
            ("networks", "réseaux (liste fixe du format)", 2),
        )
    }
    before.pop("core.AuditEntry")
    assert after == before  # same rows, same ids, same timestamps
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_a_changed_row_is_updated_and_its_links_set_exactly(dataset):
    network_import(path=dataset)
    untouched = Lab.objects.get(key="lab-mi").updated_at
    edit_cell(dataset / "labs.csv", 2, "name", "Innov'mandie, le lab normand")
    edit_cell(dataset / "labs.csv", 2, "themes", "numerique;sante")
    edit_cell(dataset / "projects.csv", 2, "scaled_from_key", "")
    edit_cell(dataset / "organisations.csv", 4, "parent_key", "ministere-interieur")

    result = network_import(path=dataset)

    assert counts_of(result)["labs"] == (0, 1, 2)
    assert counts_of(result)["projects"] == (0, 1, 2)
    assert counts_of(result)["organisations"] == (0, 1, 2)
    lab = Lab.objects.get(key="innovmandie")
    assert lab.name == "Innov'mandie, le lab normand"
    assert keys(lab.themes) == ["numerique", "sante"]
    assert Lab.objects.get(key="lab-mi").updated_at == untouched
    assert lab.updated_at > untouched
    assert Project.objects.get(key="france-services-eure").scaled_from is None
    assert Organisation.objects.get(key="chu-rouen").parent.key == "ministere-interieur"


@pytest.mark.django_db
def test_a_missing_optional_column_leaves_existing_values_alone(dataset):
    network_import(path=dataset)
    Project.objects.filter(key="urgences-chu").update(is_public=False)
    drop_column(dataset / "labs.csv", "team_fte")

    result = network_import(path=dataset)

    assert counts_of(result)["labs"] == (0, 0, 3)
    assert Lab.objects.get(key="innovmandie").team_fte == Decimal("3.5")
    # No is_public column in the files: a sheet a lab unpublished stays unpublished...
    assert Project.objects.get(key="urgences-chu").is_public is False
    # ...while a new project from the dataset is public.
    append_row(dataset / "projects.csv", key="nouveau", title="Nouveau projet", source="ditp-2023")
    network_import(path=dataset)
    assert Project.objects.get(key="nouveau").is_public is True


@pytest.mark.django_db
def test_the_is_public_column_is_written_when_present(dataset):
    header, rows = read_csv(dataset / "projects.csv")
    for row in rows:
        row["is_public"] = "false" if row["key"] == "urgences-chu" else ""
    write_csv(dataset / "projects.csv", [*header, "is_public"], rows)

    network_import(path=dataset)

    assert dict(Project.objects.values_list("key", "is_public")) == {
        "france-services-eure": True,
        "accueil-usagers": True,
        "urgences-chu": False,
    }


@pytest.mark.django_db
def test_one_faulty_row_in_labs_leaves_the_database_exactly_as_it_was(dataset, existing_records):
    edit_cell(dataset / "labs.csv", 3, "region_code", "99")
    before = snapshot()

    result = network_import(path=dataset)

    assert not result.ok
    assert not result.written
    assert errors_of(result) == [
        ("labs.csv", 3, "region_code", "99", "« 99 » n'est pas un code de région connu.")
    ]
    assert result.errors[0].text() == (
        "labs.csv, ligne 3, champ region_code : « 99 » n'est pas un code de région connu."
    )
    assert all(outcome.counts is None for outcome in result.files)
    assert snapshot() == before


@pytest.mark.django_db
def test_faulty_rows_in_two_files_are_all_reported_and_nothing_is_written(
    dataset, existing_records
):
    edit_cell(dataset / "labs.csv", 4, "kind", "hopital")
    edit_cell(dataset / "labs.csv", 2, "email", "contact@")
    edit_cell(dataset / "projects.csv", 3, "lead_lab_key", "lab-inconnu")
    edit_cell(dataset / "projects.csv", 4, "started_year", "vers 2020")
    before = snapshot()

    result = network_import(path=dataset)

    assert errors_of(result) == [
        (
            "labs.csv",
            2,
            "email",
            "contact@",
            "« contact@ » n'est pas une adresse électronique valide.",
        ),
        (
            "labs.csv",
            4,
            "kind",
            "hopital",
            "« hopital » n'est pas une valeur autorisée (valeurs possibles : territorial, "
            "ministry, local_authority, hospital, operator, other).",
        ),
        (
            "projects.csv",
            3,
            "lead_lab_key",
            "lab-inconnu",
            "« lab-inconnu » n'est pas une clé de laboratoire connue.",
        ),
        (
            "projects.csv",
            4,
            "started_year",
            "vers 2020",
            "« vers 2020 » n'est pas une année (quatre chiffres, ex. 2021).",
        ),
    ]
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_database_failure_while_writing_rolls_everything_back(dataset, monkeypatch):
    RegionFactory(code="28", name="Normandie (ancien nom)")
    LabFactory(key="innovmandie", name="Ancien Innov'mandie")

    def write_projects_then_fail(validated, context):
        upsert(validated, context)
        # A genuine constraint violation raised by the database, after sources,
        # regions, ..., labs and projects have all been written.
        Lab.objects.create(key="innovmandie", name="Doublon", kind="other")

    failing = Registry()
    for entry in build_network_registry().entries():
        if entry.spec is PROJECTS:
            failing.register(PROJECTS, loader=write_projects_then_fail)
        else:
            failing.register(entry.spec, loader=entry.loader)
    monkeypatch.setattr(services, "registry", failing)
    before = snapshot()

    with pytest.raises(IntegrityError):
        network_import(path=dataset)

    assert snapshot() == before
    assert Lab.objects.get(key="innovmandie").name == "Ancien Innov'mandie"
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("shape", ["json", "xlsx"])
def test_json_and_xlsx_load_the_same_records_as_csv(dataset, tmp_path, shape):
    network_import(path=dataset)
    from_csv = describe_network()
    wipe_network()

    if shape == "json":
        convert_to_json(dataset)
        path = dataset
    else:
        path = convert_to_xlsx(dataset, tmp_path / "reseau.xlsx")
    result = network_import(path=path)

    assert result.ok, [e.text() for e in result.errors]
    assert counts_of(result) == ALL_CREATED
    assert describe_network() == from_csv
    if shape == "xlsx":
        assert result.files[5].label == "reseau.xlsx (feuille labs)"
        assert result.deferred == []


@pytest.mark.django_db
def test_a_dry_run_reports_what_would_change_and_writes_nothing(dataset, existing_records):
    before = snapshot()

    result = network_import(path=dataset, dry_run=True)

    assert result.ok
    assert not result.written
    assert counts_of(result)["labs"] == (2, 1, 0)  # innovmandie exists already
    assert counts_of(result)["regions"] == (2, 1, 0)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_single_file_imports_against_what_the_database_holds(dataset):
    network_import(path=dataset)
    edit_cell(dataset / "labs.csv", 3, "summary", "Nouvelle présentation.")

    result = network_import(path=dataset / "labs.csv")

    assert result.ok
    assert counts_of(result) == {"labs": (0, 1, 2), "networks": (0, 0, 2)}
    assert Lab.objects.get(key="lab-mi").summary == "Nouvelle présentation."


@pytest.mark.django_db
def test_large_files_report_their_progress(dataset):
    write_generated_projects(dataset, 1500)
    messages = []

    result = network_import(path=dataset, progress=messages.append)

    assert result.ok
    assert counts_of(result)["projects"] == (1500, 0, 0)
    assert messages == [
        "projects.csv : 1 000 / 1 500 lignes validées",
        "projects.csv : 1 500 / 1 500 lignes validées",
        "projects.csv : écriture de 1 500 lignes…",
    ]
    generated = Project.objects.get(key="projet-genere-19")
    assert generated.scaled_from.key == "projet-genere-18"
    assert keys(generated.partner_labs) == ["lab-chu", "lab-mi"]


@pytest.mark.django_db
def test_writing_does_not_query_per_row(dataset, django_assert_max_num_queries):
    network_import(path=dataset)
    write_generated_projects(dataset, 2000)

    # 2 000 projects with 7 links each: a per-row approach would need > 10 000 queries;
    # bulk writes need ~100 (SQLite caps the rows per statement).
    with django_assert_max_num_queries(150):
        result = network_import(path=dataset)

    assert counts_of(result)["projects"] == (2000, 0, 0)
    assert Project.objects.count() == 2003  # the fixture's 3 stay: never deleted
    assert Project.themes.through.objects.count() == 2 * 2000 + 3


@pytest.mark.django_db
def test_the_import_recomputes_the_labs_cooperations(dataset):
    from labnet.projects.models import CooperationLink

    assert not network_import(path=dataset).errors
    pairs = set(
        CooperationLink.objects.filter(project__key="urgences-chu", origin=None).values_list(
            "lab__key", "other_lab__key"
        )
    )
    # Its lead lab and its two partners, every pair both ways.
    labs = {"lab-chu", "innovmandie", "lab-mi"}
    assert pairs == {(a, b) for a in labs for b in labs if a != b}
    # A take-up within one lab (both led by Innov'mandie) links no labs; its partner does.
    assert set(
        CooperationLink.objects.filter(project__key="france-services-eure").values_list(
            "lab__key", "other_lab__key", "origin"
        )
    ) == {("innovmandie", "lab-chu", None), ("lab-chu", "innovmandie", None)}
    assert CooperationLink.objects.count() == 8
