"""Files as French spreadsheet software writes them, and cells no format may carry.

LibreOffice and Excel in French save "CSV" with semicolons (the comma is the decimal
sign) and CRLF line ends, in Windows-1252 ("CSV") or UTF-8 with a byte-order mark
("CSV UTF-8"); "Unicode text" is UTF-16 with tabs. The import reads them all, says
what it detected, and gives a file it cannot read one message saying why.
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from labnet.core.importing import shown
from labnet.imports.report import render_text
from labnet.imports.services import network_import
from labnet.labs.models import Lab

from .conftest import (
    LOADED_FILES,
    convert_to_json,
    convert_to_xlsx,
    describe_network,
    drop_column,
    edit_cell,
    errors_of,
    read_csv,
    snapshot,
    wipe_network,
)

pytestmark = pytest.mark.django_db

FILES_READ = (
    "sources.csv, regions.csv, departments.csv, organisations.csv, themes.csv, labs.csv, "
    "projects.csv"
)


def save_as_spreadsheet(directory, *, encoding: str, delimiter: str) -> None:
    """Rewrite every CSV the way spreadsheet software saves it: CRLF, quotes as needed."""
    for name in LOADED_FILES:
        path = directory / f"{name}.csv"
        header, rows = read_csv(path)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            # Cells spanning lines get Windows line breaks too, as Excel writes them.
            writer.writerow([row[column].replace("\n", "\r\n") for column in header])
        path.write_bytes(buffer.getvalue().encode(encoding))


def warnings_of(result) -> list[tuple]:
    return [(w.file, w.row, w.field, w.value, w.message) for w in result.warnings]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "detected"),
    [
        ("cp1252", ";", "Windows-1252, séparateur point-virgule"),
        ("utf-8-sig", ";", "UTF-8 avec BOM, séparateur point-virgule"),
        ("utf-8", ",", "UTF-8, séparateur virgule"),
        ("utf-16", "\t", "UTF-16, séparateur tabulation"),
    ],
)
def test_a_dataset_saved_by_french_spreadsheets_loads_like_the_original(
    dataset, encoding, delimiter, detected
):
    network_import(path=dataset)
    original = describe_network()
    wipe_network()
    save_as_spreadsheet(dataset, encoding=encoding, delimiter=delimiter)

    result = network_import(path=dataset)

    assert result.ok, [e.text() for e in result.errors]
    assert describe_network() == original
    lines = render_text(result).splitlines()
    if encoding == "cp1252":
        # departments.csv is plain ASCII, which is valid UTF-8: it is said as such.
        assert lines[1:3] == [
            f"Lu en {detected} : sources.csv, regions.csv, organisations.csv, themes.csv, "
            "labs.csv, projects.csv",
            "Lu en UTF-8, séparateur point-virgule : departments.csv",
        ]
    else:
        assert lines[1] == f"Lu en {detected} : {FILES_READ}"


def test_quoted_cells_with_semicolons_and_line_breaks_in_a_windows_1252_file(dataset):
    edit_cell(
        dataset / "labs.csv",
        2,
        "summary",
        "Accompagne; forme et conseille.\nSes équipes « itinérantes » vont en région.",
    )
    edit_cell(dataset / "labs.csv", 2, "name", "Innov'mandie – Préfecture")
    save_as_spreadsheet(dataset, encoding="cp1252", delimiter=";")
    raw = (dataset / "labs.csv").read_bytes()
    assert b'"Accompagne; forme et conseille.\r\nSes \xe9quipes' in raw  # as Excel writes it

    result = network_import(path=dataset)

    assert result.ok, [e.text() for e in result.errors]
    lab = Lab.objects.get(key="innovmandie")
    assert lab.name == "Innov'mandie – Préfecture"
    assert lab.summary == (
        "Accompagne; forme et conseille.\nSes équipes « itinérantes » vont en région."
    )


def test_a_decimal_comma_from_a_french_spreadsheet_is_read(dataset):
    edit_cell(dataset / "labs.csv", 2, "team_fte", "2,5")
    save_as_spreadsheet(dataset, encoding="cp1252", delimiter=";")

    result = network_import(path=dataset)

    assert result.ok
    assert str(Lab.objects.get(key="innovmandie").team_fte) == "2.5"


def test_french_boolean_words_of_a_spreadsheet_are_read(dataset):
    edit_cell(dataset / "labs.csv", 2, "is_itinerant", "VRAI")
    edit_cell(dataset / "labs.csv", 3, "is_itinerant", "FAUX")

    result = network_import(path=dataset)

    assert result.ok
    assert Lab.objects.get(key="innovmandie").is_itinerant is True
    assert Lab.objects.get(key="lab-mi").is_itinerant is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "key;name\nlab-a;Pr\xe9fecture \x81\n".encode("latin-1"),
            "encodage non reconnu : ni UTF-8 ni Windows-1252 (octet 0x81 à la position 26) ; "
            "enregistrez le fichier au format « CSV UTF-8 ».",
        ),
        (
            b"\xef\xbb\xbfkey;name\nlab-a;Pr\xe9fecture\n",
            "le fichier annonce l'UTF-8 (BOM) mais contient un octet invalide à la position "
            "20 : enregistrez-le au format « CSV UTF-8 ».",
        ),
        (
            "key;name\nlab-a;Préfecture\n".encode() + "lab-b;Pr\xe9fecture\n".encode("latin-1"),
            "le fichier mêle deux encodages : de l'UTF-8, et un octet invalide en UTF-8 à la "
            "position 35 ; enregistrez-le au format « CSV UTF-8 ».",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
            "ce fichier est un classeur (XLSX ou ODS) renommé en .csv : enregistrez-le au "
            "format CSV, ou importez le classeur .xlsx lui-même.",
        ),
        (
            "key;name".encode("utf-16-le"),
            "le fichier contient 8 octets nuls : ce n'est pas un fichier texte CSV (un "
            "classeur .xls ou un texte UTF-16 sans BOM ?).",
        ),
    ],
    ids=["neither-utf8-nor-cp1252", "broken-utf8-bom", "mixed", "workbook-renamed", "binary"],
)
def test_a_file_it_cannot_read_gets_one_message_saying_why(dataset, content, message):
    (dataset / "labs.csv").write_bytes(content)

    result = network_import(path=dataset)

    assert errors_of(result) == [("labs.csv", None, "", "", message)]
    assert not Lab.objects.exists()


def test_a_header_with_no_column_of_the_format_is_one_message(dataset):
    # A title line above the header, as people add in a spreadsheet.
    original = (dataset / "labs.csv").read_text(encoding="utf-8")
    (dataset / "labs.csv").write_text("Liste des laboratoires\n" + original, encoding="utf-8")

    result = network_import(path=dataset)

    assert [e for e in errors_of(result) if e[0] == "labs.csv"] == [
        (
            "labs.csv",
            1,
            "",
            "",
            "l'en-tête (« Liste des laboratoires ») ne contient aucune colonne du format : la "
            "ligne 1 doit nommer les colonnes (colonnes attendues : key, name, kind, "
            "host_organisation_key, region_code, department_codes, founded_year, status, "
            "closed_on, is_itinerant, networks, missions, themes, summary, email, website, "
            "team_fte, source).",
        )
    ]
    # References to the unreadable file's labs are not checked: no noise in projects.csv.
    assert [e[0] for e in errors_of(result)] == ["labs.csv"]


# --- missing columns ---------------------------------------------------------------


def test_a_missing_optional_column_reads_as_empty_and_the_report_says_so(dataset):
    network_import(path=dataset)
    assert Lab.objects.get(key="innovmandie").website == "https://innovmandie.fr"
    drop_column(dataset / "labs.csv", "website")
    drop_column(dataset / "labs.csv", "email")

    result = network_import(path=dataset)

    assert result.ok, [e.text() for e in result.errors]
    assert warnings_of(result) == [
        (
            "labs.csv",
            1,
            "email, website",
            "",
            "colonnes facultatives absentes de l'en-tête, lues comme vides à chaque ligne "
            "(valeur non indiquée).",
        )
    ]
    # Empty means "not stated" (docs/data-format.md §3): the value is not kept.
    lab = Lab.objects.get(key="innovmandie")
    assert (lab.website, lab.email) == ("", "")
    # A column the importer keeps when absent (team_fte) is still kept: not in the warning.
    assert str(lab.team_fte) == "3.5"


def test_missing_required_columns_are_one_clear_message(dataset):
    drop_column(dataset / "labs.csv", "name")
    drop_column(dataset / "labs.csv", "kind")
    drop_column(dataset / "projects.csv", "title")

    result = network_import(path=dataset)

    assert errors_of(result) == [
        (
            "labs.csv",
            1,
            "",
            "",
            "colonnes obligatoires absentes de l'en-tête : name, kind.",
        ),
        ("projects.csv", 1, "title", "", "colonne obligatoire absente de l'en-tête."),
    ]
    assert not Lab.objects.exists()


# --- lengths and characters, in every format ---------------------------------------

LONG_SUMMARY = ("Un laboratoire qui accompagne les projets. " * 4700).strip()  # 202 099


def test_a_cell_beyond_the_csv_module_limit_is_a_french_error_with_row_and_field(dataset):
    # Over the csv module's default 128 KiB limit, which used to end the import with an
    # English "field larger than field limit" and no row.
    edit_cell(dataset / "labs.csv", 3, "summary", LONG_SUMMARY)

    result = network_import(path=dataset)

    assert errors_of(result) == [
        (
            "labs.csv",
            3,
            "summary",
            LONG_SUMMARY[:99] + "…",
            "texte trop long : 202 099 caractères pour 2 000 au plus.",
        )
    ]
    assert not Lab.objects.exists()


@pytest.mark.parametrize("shape", ["csv", "json", "xlsx"])
def test_every_format_bounds_every_text_cell(dataset, tmp_path, shape):
    edit_cell(dataset / "labs.csv", 2, "summary", "x" * 2001)
    edit_cell(dataset / "organisations.csv", 3, "name", "O" * 251)
    edit_cell(dataset / "labs.csv", 4, "region_code", "2" * 1001)
    if shape == "json":
        convert_to_json(dataset)
        path, labs, organisations, word = dataset, "labs.json", "organisations.json", "élément"
        rows = (1, 3, 2)
    elif shape == "xlsx":
        path = convert_to_xlsx(dataset, tmp_path / "reseau.xlsx")
        labs, organisations = "reseau.xlsx (feuille labs)", "reseau.xlsx (feuille organisations)"
        rows, word = (2, 4, 3), "ligne"
    else:
        path, labs, organisations, word = dataset, "labs.csv", "organisations.csv", "ligne"
        rows = (2, 4, 3)

    result = network_import(path=path)

    assert [e.text() for e in result.errors] == [
        f"{organisations}, {word} {rows[2]}, champ name : texte trop long : 251 caractères "
        "pour 250 au plus.",
        f"{labs}, {word} {rows[0]}, champ summary : texte trop long : 2 001 caractères pour "
        "2 000 au plus.",
        f"{labs}, {word} {rows[1]}, champ region_code : texte trop long : 1 001 caractères "
        "pour 2 au plus.",
    ]
    assert not Lab.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("name", "Innov\x00mandie", "caractère de contrôle interdit (U+0000, position 6)."),
        ("summary", "Un lab\x1b[31m rouge", "caractère de contrôle interdit (U+001B, position 7)."),
        (
            "name",
            "Innov'mandie\nNormandie",
            "retour à la ligne interdit dans ce champ, qui tient sur une ligne (position 13).",
        ),
        (
            "name",
            "Innov'\tmandie",
            "tabulation interdit dans ce champ, qui tient sur une ligne (position 7).",
        ),
        (
            "name",
            "\u202eeidnamvonnI",
            "caractère d'inversion du sens d'écriture interdit (U+202E, position 1) : il peut "
            "faire lire un texte à l'envers.",
        ),
        (
            "summary",
            "Voir \u2066le site\u2069.",
            "caractère d'inversion du sens d'écriture interdit (U+2066, position 6) : il peut "
            "faire lire un texte à l'envers.",
        ),
    ],
    ids=["nul", "escape", "newline-in-name", "tab-in-name", "rlo", "isolate"],
)
def test_control_and_bidi_characters_are_refused_with_row_and_field(
    dataset, column, value, message
):
    edit_cell(dataset / "labs.csv", 2, column, value)

    result = network_import(path=dataset)

    assert errors_of(result) == [("labs.csv", 2, column, value, message)]
    assert not Lab.objects.exists()


def test_a_multi_line_text_keeps_its_line_breaks_and_tabs(dataset):
    edit_cell(dataset / "labs.csv", 2, "summary", "Première ligne.\r\n\tDeuxième ligne.\rFin.")

    result = network_import(path=dataset)

    assert result.ok
    assert Lab.objects.get(key="innovmandie").summary == (
        "Première ligne.\n\tDeuxième ligne.\nFin."
    )


def test_a_nul_in_a_json_list_item_is_refused_with_its_field(dataset):
    convert_to_json(dataset)
    path = dataset / "labs.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"sante"', '"sa\\u0000nte"', 1),
        encoding="utf-8",
    )

    result = network_import(path=dataset)

    assert errors_of(result) == [
        (
            "labs.json",
            1,
            "themes",
            "sa\x00nte",
            "caractère de contrôle interdit (U+0000, position 3).",
        )
    ]


def test_an_xlsx_made_with_openpyxl_reads_like_the_csv(dataset, tmp_path):
    network_import(path=dataset)
    original = describe_network()
    wipe_network()
    workbook = convert_to_xlsx(dataset, tmp_path / "reseau.xlsx")

    result = network_import(path=workbook)

    assert result.ok
    assert describe_network() == original
    # Workbooks are not decoded or split: nothing to say about how they were read.
    assert not render_text(result).splitlines()[1].startswith("Lu en")


# --- the --report file --------------------------------------------------------------


def test_the_report_file_never_holds_a_formula(dataset, tmp_path):
    edit_cell(dataset / "labs.csv", 2, "region_code", '=HYPERLINK("https://x.example","ok")')
    edit_cell(dataset / "labs.csv", 3, "kind", "@SUM(A1)")
    report = tmp_path / "rapport.csv"

    with pytest.raises(CommandError):
        call_command("import_network", str(dataset), "--report", str(report), stdout=io.StringIO())

    with report.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[3] for row in rows[1:]] == [
        '\'=HYPERLINK("https://x.example","ok")',
        "'@SUM(A1)",
    ]
    assert rows[2][4].startswith("« @SUM(A1) » n'est pas une valeur autorisée")


# --- all or nothing, whatever the file looks like ------------------------------------


def test_one_bad_cell_in_a_spreadsheet_file_writes_nothing(dataset, db):
    network_import(path=dataset)
    before = snapshot()
    edit_cell(dataset / "labs.csv", 2, "name", "Innov'mandie (nouveau nom)")
    edit_cell(dataset / "projects.csv", 3, "title", "T" * 301)
    save_as_spreadsheet(dataset, encoding="cp1252", delimiter=";")

    result = network_import(path=dataset)

    assert errors_of(result) == [
        (
            "projects.csv",
            3,
            "title",
            shown("T" * 301),
            "texte trop long : 301 caractères pour 300 au plus.",
        )
    ]
    assert snapshot() == before


def test_an_unreadable_workbook_is_one_message(dataset, tmp_path):
    path = tmp_path / "reseau.xlsx"
    path.write_bytes(b"not a zip")

    result = network_import(path=path)

    assert len(result.errors) == 1
    assert result.errors[0].file == "reseau.xlsx"
    assert result.errors[0].message.startswith("classeur XLSX illisible")


def test_an_xlsx_cell_with_a_long_text_is_bounded(tmp_path, db):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "themes"
    sheet.append(["key", "name_fr", "name_en", "source"])
    sheet.append(["sante", "S" * 121, "Health", "ditp-2023"])
    workbook.save(tmp_path / "themes.xlsx")

    result = network_import(path=tmp_path / "themes.xlsx")

    assert result.errors[0].text() == (
        "themes.xlsx (feuille themes), ligne 2, champ name_fr : texte trop long : 121 "
        "caractères pour 120 au plus."
    )


def test_what_a_spreadsheet_does_to_dates_and_codes_is_explained(dataset):
    edit_cell(dataset / "sources.csv", 2, "published_on", "5/6/2023")
    edit_cell(dataset / "labs.csv", 2, "region_code", "2")
    edit_cell(dataset / "labs.csv", 3, "department_codes", "1")

    result = network_import(path=dataset)

    assert [e.text() for e in result.errors] == [
        "sources.csv, ligne 2, champ published_on : « 5/6/2023 » n'est pas au format "
        "AAAA-MM-JJ : écrivez 2023-06-05 (un tableur réécrit les dates à la française ; "
        "formatez la colonne en texte).",
        "labs.csv, ligne 2, champ region_code : « 2 » n'est pas un code INSEE de région "
        "valide (deux chiffres, ex. « 28 » ou « 01 ») : écrivez « 02 » (un tableur retire le "
        "zéro initial ; formatez la colonne en texte).",
        "labs.csv, ligne 3, champ department_codes : « 1 » n'est pas un code INSEE de "
        "département valide (ex. « 01 », « 2A », « 971 ») : écrivez « 01 » (un tableur "
        "retire le zéro initial ; formatez la colonne en texte).",
    ]


def test_the_printed_report_of_a_french_spreadsheet_import(dataset):
    network_import(path=dataset)
    drop_column(dataset / "labs.csv", "website")
    edit_cell(dataset / "labs.csv", 3, "name", "Lab de l’Intérieur\u202e")
    # U+202E has no Windows-1252 byte: this file is saved as « CSV UTF-8 ».
    save_as_spreadsheet(dataset, encoding="utf-8-sig", delimiter=";")
    out = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_network", str(dataset), stdout=out, stderr=io.StringIO())

    assert str(failure.value) == (
        "Import refusé : 1 erreur dans 1 fichier. Rien n'a été enregistré."
    )
    lines = out.getvalue().splitlines()
    assert lines[1] == f"Lu en UTF-8 avec BOM, séparateur point-virgule : {FILES_READ}"
    assert lines[4:] == [
        "labs.csv (1 erreur) :",
        "  labs.csv, ligne 3, champ name : caractère d'inversion du sens d'écriture interdit "
        "(U+202E, position 19) : il peut faire lire un texte à l'envers.",
        "Avertissements (1) :",
        "  labs.csv, ligne 1, champ website : colonne facultative absente de l'en-tête, lue "
        "comme vide à chaque ligne (valeur non indiquée).",
        "Corrigez ces erreurs puis relancez l'import : il est tout ou rien.",
    ]
