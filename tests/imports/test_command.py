"""`manage.py import_network`: its report, its options and its exit status."""

import csv
import io
import pathlib

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from labnet.core.importing import upsert
from labnet.core.models import AuditEntry
from labnet.imports import services
from labnet.imports.registry import Registry, build_network_registry
from labnet.labs.models import Lab, Theme
from tests.factories import UserFactory

from .conftest import edit_cell, snapshot, write_generated_projects


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_network", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_a_valid_import_prints_a_summary_per_file(dataset):
    out, err = run(dataset)

    lines = out.splitlines()
    assert lines[0] == f"Import du réseau depuis {dataset}"
    assert lines[1:10] == [
        "Lu en UTF-8, séparateur virgule : sources.csv, regions.csv, departments.csv, "
        "organisations.csv, themes.csv, labs.csv, projects.csv",
        "  sources.csv : 2 lignes — 2 créées, 0 mise à jour, 0 inchangée",
        "  regions.csv : 3 lignes — 3 créées, 0 mise à jour, 0 inchangée",
        "  departments.csv : 4 lignes — 4 créées, 0 mise à jour, 0 inchangée",
        "  organisations.csv : 3 lignes — 3 créées, 0 mise à jour, 0 inchangée",
        "  themes.csv : 3 lignes — 3 créées, 0 mise à jour, 0 inchangée",
        "  labs.csv : 3 lignes — 3 créées, 0 mise à jour, 0 inchangée",
        "  projects.csv : 3 lignes — 3 créées, 0 mise à jour, 0 inchangée",
        "  réseaux (liste fixe du format) : 2 lignes — 2 créées, 0 mise à jour, 0 inchangée",
    ]
    # Every file of the dataset has its module now: none is kept for later.
    assert not any(line.startswith("Conservés pour un module ultérieur") for line in lines)
    assert lines[-1].startswith("Import terminé en ")
    assert lines[-1].endswith(" s : tout a été enregistré en une seule transaction.")
    assert err == ""
    assert Lab.objects.count() == 3


@pytest.mark.django_db
def test_errors_fail_the_command_with_a_french_report_and_a_csv_copy(dataset, tmp_path):
    edit_cell(dataset / "labs.csv", 3, "region_code", "99")
    edit_cell(dataset / "projects.csv", 2, "stage", "pilote")
    report = tmp_path / "rapport.csv"
    out = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_network", str(dataset), "--report", str(report), stdout=out)

    assert str(failure.value) == (
        "Import refusé : 2 erreurs dans 2 fichiers. Rien n'a été enregistré."
    )
    text = out.getvalue()
    assert (
        "Numérotation : dans les fichiers CSV et les feuilles XLSX, la ligne 1 est l'en-tête"
        in text
    )
    assert (
        "labs.csv (1 erreur) :\n"
        "  labs.csv, ligne 3, champ region_code : « 99 » n'est pas un code de région connu.\n"
    ) in text
    assert "projects.csv, ligne 2, champ stage : « pilote » n'est pas une valeur autorisée" in text
    with report.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["file", "row", "field", "value", "message"],
        ["labs.csv", "3", "region_code", "99", "« 99 » n'est pas un code de région connu."],
        [
            "projects.csv",
            "2",
            "stage",
            "pilote",
            "« pilote » n'est pas une valeur autorisée (valeurs possibles : framing, immersion, "
            "ideation, prototyping, testing, experimentation, deployment, scaling).",
        ],
    ]
    assert not Lab.objects.exists()


@pytest.mark.django_db
def test_the_exit_status_is_non_zero_on_errors(dataset, capsys):
    edit_cell(dataset / "labs.csv", 2, "kind", "lab")

    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "import_network", str(dataset)]).execute()

    assert exit_.value.code == 1
    assert "CommandError: Import refusé : 1 erreur dans 1 fichier." in capsys.readouterr().err


@pytest.mark.django_db
def test_dry_run_writes_nothing(dataset):
    before = snapshot()

    out, _ = run(dataset, "--dry-run")

    assert "Simulation (--dry-run) : voici ce que l'import ferait ; rien n'est enregistré." in out
    assert "  labs.csv : 3 lignes — 3 créées, 0 mise à jour, 0 inchangée" in out
    assert "Simulation terminée en " in out
    assert snapshot() == before


@pytest.mark.django_db
def test_progress_goes_to_stderr_unless_quiet(dataset):
    write_generated_projects(dataset, 1200)

    _, err = run(dataset, "--dry-run")
    _, quiet = run(dataset, "--dry-run", "--quiet")

    assert err.splitlines() == [
        "projects.csv : 1 000 / 1 200 lignes validées",
        "projects.csv : 1 200 / 1 200 lignes validées",
        "projects.csv : écriture de 1 200 lignes…",
    ]
    assert quiet == ""


@pytest.mark.django_db
def test_the_audit_entry_names_the_actor(dataset):
    operator = UserFactory(email="operateur@example.gouv.fr")

    run(dataset, "--actor", "Operateur@example.gouv.fr")

    assert AuditEntry.objects.get().actor == operator
    with pytest.raises(CommandError) as failure:
        run(dataset, "--actor", "personne@example.fr")
    assert str(failure.value) == "Aucun compte n'a l'adresse « personne@example.fr »."


@pytest.mark.django_db(transaction=True)
def test_a_database_failure_ends_the_command_with_a_french_error(dataset, monkeypatch):
    def write_themes_then_fail(validated, context):
        upsert(validated, context)
        Theme.objects.create(key="sante", name_fr="Doublon")  # violates the unique key

    failing = Registry()
    for entry in build_network_registry().entries():
        loader = write_themes_then_fail if entry.spec.name == "themes" else entry.loader
        failing.register(entry.spec, loader=loader)
    monkeypatch.setattr(services, "registry", failing)

    with pytest.raises(CommandError) as failure:
        run(dataset)

    assert str(failure.value).startswith("La base de données a refusé l'opération (")
    assert str(failure.value).endswith(") : tout a été annulé, rien n'a été enregistré.")
    assert not Theme.objects.exists()


def test_if_empty_skips_the_import_once_labs_exist(db, capsys):
    from django.core.management import call_command

    from labnet.labs.models import Lab
    from tests.factories import LabFactory

    lab = LabFactory(key="innovmandie", summary="Texte modifié par la responsable")
    dataset = pathlib.Path(__file__).resolve().parents[2] / "data" / "network"
    call_command("import_network", str(dataset), "--if-empty")
    assert "import ignoré" in capsys.readouterr().out
    assert Lab.objects.count() == 1
    lab.refresh_from_db()
    assert lab.summary == "Texte modifié par la responsable"
