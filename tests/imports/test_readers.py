"""Readers give CSV, JSON and XLSX the same shape, and number rows as a person would."""

import datetime as dt
import json

from openpyxl import Workbook

from labnet.core.importing import Issue
from labnet.imports.readers import Row, collect, read_csv, read_json

LOADABLE = ("labs", "projects")
DEFERRED = ("events",)


def test_csv_rows_are_numbered_like_a_spreadsheet(tmp_path):
    path = tmp_path / "labs.csv"
    # A quoted cell spanning two lines, then a blank line: a spreadsheet shows the
    # record after them as line 5, whatever the physical line count.
    path.write_text(
        'key,summary\nlab-a,"deux\nlignes"\n\nlab-b, espaces autour \n', encoding="utf-8"
    )

    table, issues = read_csv(path, "labs")

    assert issues == []
    assert table.columns == ["key", "summary"]
    assert table.rows == [
        Row(2, {"key": "lab-a", "summary": "deux\nlignes"}),
        Row(4, {"key": "lab-b", "summary": "espaces autour"}),
    ]


def test_csv_with_a_byte_order_mark_and_crlf(tmp_path):
    path = tmp_path / "labs.csv"
    path.write_bytes("\ufeffkey,name\r\nlab-a,Lab A\r\n".encode())

    table, issues = read_csv(path, "labs")

    assert issues == []
    assert table.rows == [Row(2, {"key": "lab-a", "name": "Lab A"})]


def test_csv_in_windows_1252_is_read_and_said(tmp_path):
    path = tmp_path / "labs.csv"
    path.write_bytes("key,name\nlab-a,Préfecture\n".encode("cp1252"))

    table, issues = read_csv(path, "labs")

    assert issues == []
    assert table.rows == [Row(2, {"key": "lab-a", "name": "Préfecture"})]
    assert table.detected == "Windows-1252, séparateur virgule"


def test_csv_rows_with_the_wrong_number_of_cells(tmp_path):
    path = tmp_path / "labs.csv"
    path.write_text("key,name,kind\nlab-a,Lab, A,other\nlab-b,Lab B\nlab-c,Lab C,other,\n")

    table, issues = read_csv(path, "labs")

    assert [(i.row, i.message) for i in issues] == [
        (
            2,
            "la ligne compte 4 cellules alors que l'en-tête a 3 colonnes (virgule ou retour à "
            "la ligne hors guillemets ?).",
        ),
        (
            3,
            "la ligne compte 2 cellules alors que l'en-tête a 3 colonnes (virgule ou retour à "
            "la ligne hors guillemets ?).",
        ),
    ]
    # A trailing empty cell (a trailing comma) is harmless.
    assert table.rows == [Row(4, {"key": "lab-c", "name": "Lab C", "kind": "other"})]


def test_csv_header_problems(tmp_path):
    empty = tmp_path / "labs.csv"
    empty.write_text("")
    twice = tmp_path / "projects.csv"
    twice.write_text("key,title,key\n")

    assert read_csv(empty, "labs")[1] == [
        Issue("labs.csv", None, "", "", "le fichier est vide : la ligne 1 doit être l'en-tête.")
    ]
    assert read_csv(twice, "projects")[1] == [
        Issue("projects.csv", 1, "key", "key", "colonne présente deux fois.")
    ]


def test_json_values_become_the_csv_text(tmp_path):
    path = tmp_path / "labs.json"
    path.write_text(
        json.dumps(
            [
                {
                    "key": "lab-a",
                    "founded_year": 2021,
                    "team_fte": 2.5,
                    "is_itinerant": True,
                    "themes": ["sante", "emploi"],
                    "email": None,
                },
                {"key": "lab-b"},
            ]
        ),
        encoding="utf-8",
    )

    table, issues = read_json(path, "labs")

    assert issues == []
    assert table.row_word == "élément"
    assert table.columns == ["key", "founded_year", "team_fte", "is_itinerant", "themes", "email"]
    assert table.rows[0] == Row(
        1,
        {
            "key": "lab-a",
            "founded_year": "2021",
            "team_fte": "2.5",
            "is_itinerant": "true",
            "themes": ["sante", "emploi"],
            "email": "",
        },
    )
    # A property left out reads as an empty cell: unknown.
    assert table.rows[1] == Row(
        2,
        {
            "key": "lab-b",
            "founded_year": "",
            "team_fte": "",
            "is_itinerant": "",
            "themes": "",
            "email": "",
        },
    )


def test_json_problems_are_located(tmp_path):
    broken = tmp_path / "labs.json"
    broken.write_text('[{"key": "lab-a",}]')
    not_a_list = tmp_path / "projects.json"
    not_a_list.write_text('{"key": "p"}')
    odd_items = tmp_path / "themes.json"
    odd_items.write_text('[{"key": "a"}, "b", {"key": {"nested": 1}}]')

    assert read_json(broken, "labs")[1] == [
        Issue(
            "labs.json",
            None,
            "",
            "",
            "JSON invalide (ligne 1, colonne 18) : Expecting property name enclosed in double "
            "quotes.",
        )
    ]
    assert read_json(not_a_list, "projects")[1] == [
        Issue("projects.json", None, "", "", "le fichier JSON doit contenir un tableau d'objets.")
    ]
    table, issues = read_json(odd_items, "themes")
    assert [i.text() for i in issues] == [
        "themes.json, élément 2 : l'élément n'est pas un objet JSON.",
        "themes.json, élément 3, champ key : valeur non prise en charge : attendu un texte, un "
        "nombre, un booléen ou une liste de textes.",
    ]
    assert table.rows == [Row(1, {"key": "a"})]


def test_a_directory_lists_deferred_and_unknown_files(tmp_path):
    (tmp_path / "labs.csv").write_text("key\nlab-a\n")
    (tmp_path / "events.csv").write_text("not even read")
    (tmp_path / "notes.csv").write_text("x\n")
    (tmp_path / "README.md").write_text("# hello")
    (tmp_path / ".~lock.labs.csv#").write_text("lock")

    found = collect(tmp_path, loadable=LOADABLE, deferred=DEFERRED)

    assert found.issues == []
    assert list(found.tables) == ["labs"]
    assert found.deferred == ["events.csv"]
    assert found.ignored == ["notes.csv"]


def test_single_files_and_bad_paths(tmp_path):
    (tmp_path / "projects.json").write_text('[{"key": "p"}]')
    (tmp_path / "projets.csv").write_text("key\n")
    (tmp_path / "labs.txt").write_text("key\n")

    assert list(collect(tmp_path / "projects.json", loadable=LOADABLE, deferred=()).tables) == [
        "projects"
    ]
    assert [
        i.message
        for name in ("projets.csv", "labs.txt", "absent")
        for i in collect(tmp_path / name, loadable=LOADABLE, deferred=DEFERRED).issues
    ] == [
        "nom de fichier inconnu : le nom (sans extension) doit être l'un de events, labs, "
        "projects.",
        "format non pris en charge : donnez un dossier, un fichier .csv ou .json, ou un "
        "classeur .xlsx.",
        "chemin introuvable.",
    ]


def test_a_workbook_sheet_reads_like_its_csv(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "labs"
    sheet.append(["key", "founded_year", "team_fte", "is_itinerant", "published_on", "themes"])
    sheet.append(["lab-a", 2021, 2.5, False, dt.datetime(2023, 6, 1), "sante;emploi"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["lab-b", 2019.0, None, True, dt.date(2020, 1, 2)])
    workbook.create_sheet("events").append(["key"])
    workbook.create_sheet("Feuil1")
    workbook.save(tmp_path / "reseau.xlsx")

    found = collect(tmp_path / "reseau.xlsx", loadable=LOADABLE, deferred=DEFERRED)

    assert found.issues == []
    table = found.tables["labs"]
    assert table.label == "reseau.xlsx (feuille labs)"
    assert table.rows == [
        Row(
            2,
            {
                "key": "lab-a",
                "founded_year": "2021",
                "team_fte": "2.5",
                "is_itinerant": "false",
                "published_on": "2023-06-01",
                "themes": "sante;emploi",
            },
        ),
        Row(
            4,
            {
                "key": "lab-b",
                "founded_year": "2019",
                "team_fte": "",
                "is_itinerant": "true",
                "published_on": "2020-01-02",
                "themes": "",
            },
        ),
    ]
    assert found.deferred == ["reseau.xlsx (feuille events)"]
    assert found.ignored == ["reseau.xlsx (feuille Feuil1)"]


def test_an_unreadable_workbook(tmp_path):
    (tmp_path / "reseau.xlsx").write_text("not a zip")

    found = collect(tmp_path / "reseau.xlsx", loadable=LOADABLE, deferred=DEFERRED)

    assert found.issues[0].file == "reseau.xlsx"
    assert found.issues[0].message.startswith("classeur XLSX illisible")
