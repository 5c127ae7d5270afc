"""Each kind of faulty data gets its own precise French message, located by file, row
and field; every faulty row is reported, and nothing is written."""

import json

import pytest

from labnet.core.importing import shown
from labnet.imports.services import network_import
from labnet.labs.models import Lab
from tests.factories import RegionFactory

from .conftest import append_row, drop_column, edit_cell, errors_of, read_csv, write_csv


def only_error(dataset):
    result = network_import(path=dataset)
    assert not result.written
    assert len(result.errors) == 1, [e.text() for e in result.errors]
    error = result.errors[0]
    return (error.file, error.row, error.field, error.value, error.message)


@pytest.mark.django_db
def test_unknown_reference(dataset):
    edit_cell(dataset / "labs.csv", 3, "host_organisation_key", "prefecture-inconnue")

    assert only_error(dataset) == (
        "labs.csv",
        3,
        "host_organisation_key",
        "prefecture-inconnue",
        "« prefecture-inconnue » n'est pas une clé d'organisation connue.",
    )


@pytest.mark.django_db
def test_unknown_item_of_a_multi_valued_reference(dataset):
    edit_cell(dataset / "labs.csv", 2, "themes", "sante;climat;emploi")

    assert only_error(dataset) == (
        "labs.csv",
        2,
        "themes",
        "climat",
        "« climat » n'est pas une clé de thème connue.",
    )


@pytest.mark.django_db
def test_unknown_source(dataset):
    edit_cell(dataset / "themes.csv", 3, "source", "rapport-2099")

    assert only_error(dataset) == (
        "themes.csv",
        3,
        "source",
        "rapport-2099",
        "« rapport-2099 » n'est pas une clé de source connue.",
    )


@pytest.mark.django_db
def test_a_reference_may_point_to_a_record_already_in_the_database(dataset):
    RegionFactory(code="93", name="Provence-Alpes-Côte d'Azur")
    edit_cell(dataset / "organisations.csv", 4, "region_code", "93")

    result = network_import(path=dataset)

    assert result.ok


@pytest.mark.django_db
def test_bad_enum_value(dataset):
    edit_cell(dataset / "projects.csv", 3, "stage", "pilote")

    assert only_error(dataset) == (
        "projects.csv",
        3,
        "stage",
        "pilote",
        "« pilote » n'est pas une valeur autorisée (valeurs possibles : framing, immersion, "
        "ideation, prototyping, testing, experimentation, deployment, scaling).",
    )


@pytest.mark.django_db
def test_unknown_network_and_mission(dataset):
    edit_cell(dataset / "labs.csv", 3, "networks", "public_labs_network;reseau_regional")
    edit_cell(dataset / "labs.csv", 4, "missions", "formation")

    result = network_import(path=dataset)

    assert errors_of(result) == [
        (
            "labs.csv",
            3,
            "networks",
            "reseau_regional",
            "« reseau_regional » n'est pas une valeur autorisée (valeurs possibles : "
            "territorial_network, public_labs_network).",
        ),
        (
            "labs.csv",
            4,
            "missions",
            "formation",
            "« formation » n'est pas une valeur autorisée (valeurs possibles : accompaniment, "
            "training, advice, networking, research).",
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "line", "column", "value", "message"),
    [
        (
            "regions.csv",
            3,
            "code",
            "5",
            "« 5 » n'est pas un code INSEE de région valide (deux chiffres, ex. « 28 » ou « 01 »).",
        ),
        (
            "labs.csv",
            2,
            "region_code",
            "99",
            "« 99 » n'est pas un code de région connu.",
        ),
        (
            "departments.csv",
            3,
            "code",
            "20",
            "« 20 » n'est pas un code INSEE de département valide (ex. « 01 », « 2A », « 971 »).",
        ),
        (
            "projects.csv",
            2,
            "department_codes",
            "975",
            "« 975 » n'est pas un code INSEE de département valide (ex. « 01 », « 2A », « 971 »).",
        ),
        (
            "labs.csv",
            4,
            "department_codes",
            "76",
            "« 76 » n'est pas un code de département connu.",
        ),
    ],
)
def test_bad_insee_codes(dataset, file, line, column, value, message):
    edit_cell(dataset / file, line, column, value)

    result = network_import(path=dataset)

    assert (file, line, column, value, message) in errors_of(result)
    # The report quotes at most SHOWN_MAX_LENGTH characters of a value.
    assert errors_of(result)[0] == (file, line, column, shown(value), message)


@pytest.mark.django_db
def test_a_department_outside_the_row_region(dataset):
    edit_cell(dataset / "labs.csv", 2, "department_codes", "14;75")

    assert only_error(dataset) == (
        "labs.csv",
        2,
        "department_codes",
        "75",
        "le département « 75 » est dans la région « 11 », pas dans la région « 28 » indiquée "
        "en region_code.",
    )


@pytest.mark.django_db
def test_an_unknown_region_is_reported_once_not_again_for_its_departments(dataset):
    edit_cell(dataset / "labs.csv", 2, "region_code", "99")

    assert only_error(dataset) == (
        "labs.csv",
        2,
        "region_code",
        "99",
        "« 99 » n'est pas un code de région connu.",
    )


@pytest.mark.django_db
def test_duplicate_key_in_a_file(dataset):
    line = append_row(
        dataset / "labs.csv",
        key="lab-mi",
        name="Doublon",
        kind="other",
        status="active",
        summary="Un doublon.",
        source="ditp-2023",
    )

    assert only_error(dataset) == (
        "labs.csv",
        line,
        "key",
        "lab-mi",
        "la clé « lab-mi » est déjà utilisée ligne 3 de ce fichier.",
    )


@pytest.mark.django_db
def test_csv_and_json_of_the_same_file_conflict(dataset):
    _, rows = read_csv(dataset / "themes.csv")
    (dataset / "themes.json").write_text(json.dumps(rows), encoding="utf-8")

    assert only_error(dataset) == (
        "themes.csv / themes.json",
        None,
        "",
        "",
        "les fichiers themes.csv et themes.json décrivent les mêmes données : n'en gardez qu'un.",
    )


@pytest.mark.django_db
def test_missing_required_column(dataset):
    drop_column(dataset / "organisations.csv", "kind")

    assert only_error(dataset) == (
        "organisations.csv",
        1,
        "kind",
        "",
        "colonne obligatoire absente de l'en-tête.",
    )


@pytest.mark.django_db
def test_unknown_column_is_refused(dataset):
    header, rows = read_csv(dataset / "themes.csv")
    write_csv(dataset / "themes.csv", [*header, "name_de"], rows)

    assert only_error(dataset) == (
        "themes.csv",
        1,
        "name_de",
        "",
        "colonne inconnue du format (colonnes attendues : key, name_fr, name_en, source).",
    )


@pytest.mark.django_db
def test_missing_required_value(dataset):
    edit_cell(dataset / "labs.csv", 4, "summary", "")

    assert only_error(dataset) == (
        "labs.csv",
        4,
        "summary",
        "",
        "valeur obligatoire manquante.",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "line", "column", "value", "message"),
    [
        (
            "labs.csv",
            2,
            "website",
            "innovmandie.fr",
            "« innovmandie.fr » n'est pas une adresse web valide (elle doit commencer par "
            "https:// ou http://).",
        ),
        (
            "labs.csv",
            2,
            "founded_year",
            "1985",
            "l'année « 1985 » est hors de la plage permise (1990 à 2100).",
        ),
        (
            "labs.csv",
            2,
            "is_itinerant",
            "oui",
            "« oui » n'est pas un booléen : écrivez « true » ou « false ».",
        ),
        (
            "labs.csv",
            2,
            "team_fte",
            "2.25",
            "« 2.25 » a trop de décimales (1 au plus après la virgule).",
        ),
        (
            "labs.csv",
            2,
            "name",
            "L" * 201,
            "texte trop long : 201 caractères pour 200 au plus.",
        ),
        (
            "labs.csv",
            2,
            "key",
            "Innovmandie",
            "« Innovmandie » n'est pas une clé valide : lettres minuscules sans accent et "
            "chiffres, séparés par un seul « - » (ou « _ » pour les sources).",
        ),
        (
            "sources.csv",
            2,
            "published_on",
            "01/06/2023",
            "« 01/06/2023 » n'est pas au format AAAA-MM-JJ : écrivez 2023-06-01 (un tableur "
            "réécrit les dates à la française ; formatez la colonne en texte).",
        ),
        (
            "regions.csv",
            4,
            "timezone",
            "Europe/Pointe-a-Pitre",
            "« Europe/Pointe-a-Pitre » n'est pas un fuseau horaire connu (ex. « Europe/Paris », "
            "« America/Guadeloupe »).",
        ),
    ],
)
def test_type_format_and_length_checks(dataset, file, line, column, value, message):
    edit_cell(dataset / file, line, column, value)

    result = network_import(path=dataset)

    # The report quotes at most SHOWN_MAX_LENGTH characters of a value.
    assert errors_of(result)[0] == (file, line, column, shown(value), message)


@pytest.mark.django_db
def test_a_record_cannot_point_to_itself(dataset):
    edit_cell(dataset / "projects.csv", 4, "scaled_from_key", "urgences-chu")

    assert only_error(dataset) == (
        "projects.csv",
        4,
        "scaled_from_key",
        "urgences-chu",
        "un enregistrement ne peut pas se désigner lui-même.",
    )


@pytest.mark.django_db
def test_parent_loops_are_refused(dataset):
    edit_cell(dataset / "organisations.csv", 3, "parent_key", "chu-rouen")
    edit_cell(dataset / "organisations.csv", 4, "parent_key", "prefecture-normandie")

    assert only_error(dataset) == (
        "organisations.csv",
        2,
        "parent_key",
        "ministere-interieur",
        "ces rattachements forment une boucle : prefecture-normandie → ministere-interieur → "
        "chu-rouen → prefecture-normandie.",
    )


@pytest.mark.django_db
def test_every_faulty_row_of_every_file_is_reported(dataset):
    for line in (2, 3, 4):
        edit_cell(dataset / "labs.csv", line, "status", "ouvert")
    edit_cell(dataset / "regions.csv", 2, "is_overseas", "non")
    edit_cell(dataset / "projects.csv", 4, "themes", "sante;inconnu")

    result = network_import(path=dataset)

    assert [(e.file, e.row, e.field) for e in result.errors] == [
        ("regions.csv", 2, "is_overseas"),
        ("labs.csv", 2, "status"),
        ("labs.csv", 3, "status"),
        ("labs.csv", 4, "status"),
        ("projects.csv", 4, "themes"),
    ]
    assert not Lab.objects.exists()


@pytest.mark.django_db
def test_a_path_without_any_file_to_import_is_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("key\n")

    result = network_import(path=tmp_path)

    assert errors_of(result) == [
        (
            str(tmp_path),
            None,
            "",
            "",
            "aucun fichier à importer ici : attendu au moins l'un de sources, regions, "
            "departments, organisations, themes, labs, projects, skills, campaigns, events, "
            "programmes, cohorts, resources, funding_sources, envelopes, allocations, figures, "
            "indicators, roadmaps (.csv ou .json), ou un classeur .xlsx.",
        )
    ]
    assert result.deferred == []
