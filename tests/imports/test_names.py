"""A new key under a name another record already has is flagged, not silently doubled.

Keys never change once published (docs/data-format.md §3); an operator who re-keys a
lab in a spreadsheet would otherwise get a second lab beside the first. Names are
compared without case, accents, spaces or punctuation. It is a warning: two projects
may share a title on purpose, so the import goes on.
"""

import pytest

from labnet.core.importing import name_fingerprint
from labnet.imports.report import render_text
from labnet.imports.services import network_import
from labnet.labs.models import Lab

from .conftest import append_row, edit_cell

pytestmark = pytest.mark.django_db


def warnings_of(result) -> list[tuple]:
    return [(w.file, w.row, w.field, w.value, w.message) for w in result.warnings]


def new_lab(path, key, name):
    return append_row(
        path,
        key=key,
        name=name,
        kind="other",
        status="active",
        summary="Un lab.",
        source="ditp-2023",
    )


def test_fingerprints_ignore_case_accents_spaces_and_punctuation():
    assert name_fingerprint("Innov'mandie") == name_fingerprint("INNOV MANDIE")
    assert name_fingerprint("Lab de l’Intérieur") == name_fingerprint("lab de l'interieur")
    assert name_fingerprint("Le Lab'O") == name_fingerprint("le labo")
    assert name_fingerprint("Lab du CHU") != name_fingerprint("Lab du CHR")


def test_a_re_keyed_lab_is_flagged_against_the_stored_one(dataset):
    network_import(path=dataset)
    # The operator "fixed" the key (and the case of the name) in the spreadsheet.
    line = 2
    edit_cell(dataset / "labs.csv", line, "key", "innov-mandie")
    edit_cell(dataset / "labs.csv", line, "name", "INNOV MANDIE")

    result = network_import(path=dataset)

    assert result.ok
    assert warnings_of(result) == [
        (
            "labs.csv",
            line,
            "name",
            "INNOV MANDIE",
            "nouvelle clé « innov-mandie », mais ce nom est déjà celui de l'enregistrement "
            "« innovmandie », à la casse, aux accents et à la ponctuation près : si c'est le "
            "même, reprenez sa clé, sinon il sera créé une seconde fois.",
        )
    ]
    assert (
        f"  labs.csv, ligne {line}, champ name : nouvelle clé « innov-mandie », mais ce nom"
        in render_text(result)
    )
    # A warning, not an error: the operator decides.
    assert Lab.objects.filter(key="innov-mandie").exists()


def test_two_rows_of_one_file_with_the_same_name_are_flagged(dataset):
    line = new_lab(dataset / "labs.csv", "lab-interieur", "Lab de l’Intérieur")

    result = network_import(path=dataset)

    assert warnings_of(result) == [
        (
            "labs.csv",
            line,
            "name",
            "Lab de l’Intérieur",
            "ce nom est déjà celui de la clé « lab-mi » (ligne 3), à la casse, aux accents et "
            "à la ponctuation près : s'il s'agit du même enregistrement, gardez une seule "
            "ligne et une seule clé.",
        )
    ]


def test_other_files_with_a_name_are_checked_too(dataset):
    network_import(path=dataset)
    line = append_row(
        dataset / "projects.csv",
        key="accueil-des-usagers",
        title="Accueil des usagers en Préfecture !",
        source="ditp-2023",
    )

    result = network_import(path=dataset)

    assert [(w.file, w.row, w.field) for w in result.warnings] == [("projects.csv", line, "title")]
    assert "« accueil-usagers »" in result.warnings[0].message


def test_a_known_key_or_a_renamed_record_is_not_flagged(dataset):
    network_import(path=dataset)
    # lab-mi is renamed; a new lab takes its former name: the file says they differ.
    edit_cell(dataset / "labs.csv", 3, "name", "Lab du ministère de l'Intérieur")
    new_lab(dataset / "labs.csv", "lab-interieur-2", "Lab de l'Intérieur")

    result = network_import(path=dataset)

    assert result.ok
    assert warnings_of(result) == []
