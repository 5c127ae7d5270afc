"""Fixtures and helpers for the import tests: a writable copy of a small valid dataset,
editors for its files, format converters, and full snapshots of the tables it touches."""

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from labnet.core.models import AuditEntry, Source
from labnet.labs.models import Lab, Network, Theme
from labnet.organisations.models import Organisation
from labnet.projects.models import Project
from labnet.territories.models import Department, Region

FIXTURES = Path(__file__).parent / "fixtures" / "network"
LOADED_FILES = ("sources", "regions", "departments", "themes", "organisations", "labs", "projects")
MULTI_VALUED = {
    "department_codes",
    "networks",
    "missions",
    "themes",
    "partner_lab_keys",
    "organisation_keys",
}
BOOLEANS = {"is_overseas", "is_itinerant", "is_public"}
INTEGERS = {"founded_year", "started_year"}
DATES = {"published_on"}


@pytest.fixture
def dataset(tmp_path) -> Path:
    """A copy of the valid fixture dataset that a test may edit."""
    target = tmp_path / "network"
    shutil.copytree(FIXTURES, target)
    return target


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def edit_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell, addressed as a spreadsheet user would: header = line 1."""
    header, rows = read_csv(path)
    rows[line - 2][column] = value
    write_csv(path, header, rows)


def append_row(path: Path, **values: str) -> int:
    """Add a data row; returns its line number."""
    header, rows = read_csv(path)
    rows.append({name: values.get(name, "") for name in header})
    write_csv(path, header, rows)
    return len(rows) + 1


def drop_column(path: Path, column: str) -> None:
    header, rows = read_csv(path)
    header.remove(column)
    for row in rows:
        del row[column]
    write_csv(path, header, rows)


def typed(column: str, value: str):
    """A CSV cell as the natural JSON/spreadsheet value (array, boolean, integer, date)."""
    if column in MULTI_VALUED:
        return value.split(";") if value else []
    if value == "":
        return None
    if column in BOOLEANS:
        return value == "true"
    if column in INTEGERS:
        return int(value)
    if column == "team_fte":
        return float(value)
    if column in DATES:
        return dt.date.fromisoformat(value)
    return value


def convert_to_json(directory: Path) -> None:
    """Replace every loaded CSV of `directory` by the JSON equivalent, with native types."""
    for name in LOADED_FILES:
        source = directory / f"{name}.csv"
        header, rows = read_csv(source)
        items = []
        for row in rows:
            item = {}
            for column in header:
                value = typed(column, row[column])
                item[column] = value.isoformat() if isinstance(value, dt.date) else value
            items.append(item)
        (directory / f"{name}.json").write_text(
            json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        source.unlink()


def convert_to_xlsx(directory: Path, target: Path) -> Path:
    """One workbook, one sheet per file of `directory`, with typed cells like Excel's."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name in LOADED_FILES:
        header, rows = read_csv(directory / f"{name}.csv")
        sheet = workbook.create_sheet(name)
        sheet.append(header)
        for row in rows:
            cells = []
            for column in header:
                value = typed(column, row[column]) if column not in MULTI_VALUED else row[column]
                cells.append(value)
            sheet.append(cells)
    workbook.save(target)
    return target


SNAPSHOT_MODELS = (
    Source,
    Region,
    Department,
    Theme,
    Network,
    Organisation,
    Lab,
    Lab.departments.through,
    Lab.networks.through,
    Lab.themes.through,
    Project,
    Project.partner_labs.through,
    Project.organisations.through,
    Project.departments.through,
    Project.themes.through,
    AuditEntry,
)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table an import may write, with every column."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS
    }


def describe_network() -> dict:
    """The imported records by natural key, without ids or timestamps: what a format
    must produce, whatever the file type it came from."""

    def keys(manager, field="key"):
        return sorted(manager.values_list(field, flat=True))

    return {
        "sources": list(Source.objects.order_by("key").values()),
        "regions": list(Region.objects.order_by("code").values()),
        "departments": list(Department.objects.order_by("code").values()),
        "themes": list(Theme.objects.order_by("key").values("key", "name_fr", "name_en", "source")),
        "networks": list(Network.objects.order_by("key").values("key", "name")),
        "organisations": {
            o.key: (
                o.name,
                o.acronym,
                o.kind,
                o.civil_service_side,
                o.region_id,
                o.parent.key if o.parent else None,
                o.website,
                o.source_id,
            )
            for o in Organisation.objects.select_related("parent")
        },
        "labs": {
            lab.key: (
                lab.name,
                lab.kind,
                lab.status,
                lab.host.key if lab.host else None,
                lab.region_id,
                keys(lab.departments, "code"),
                lab.founded_year,
                lab.is_itinerant,
                keys(lab.networks),
                lab.missions,
                keys(lab.themes),
                lab.summary,
                lab.email,
                lab.website,
                lab.team_fte,
                lab.source_id,
            )
            for lab in Lab.objects.select_related("host")
        },
        "projects": {
            p.key: (
                p.title,
                p.lead_lab.key if p.lead_lab else None,
                keys(p.partner_labs),
                keys(p.organisations),
                p.region_id,
                keys(p.departments, "code"),
                p.stage,
                p.status,
                keys(p.themes),
                p.objective,
                p.approach,
                p.results,
                p.started_year,
                p.scaled_from.key if p.scaled_from else None,
                p.is_public,
                p.source_id,
            )
            for p in Project.objects.select_related("lead_lab", "scaled_from")
        },
    }


def wipe_network() -> None:
    """Delete what an import wrote, in an order PROTECT allows."""
    for model in (Project, Lab, Organisation, Theme, Department, Region, Source, Network):
        model.objects.all().delete()


def errors_of(result) -> list[tuple]:
    return [(e.file, e.row, e.field, e.value, e.message) for e in result.errors]


def counts_of(result) -> dict[str, tuple[int, int, int]]:
    return {
        outcome.name: (outcome.counts.created, outcome.counts.updated, outcome.counts.unchanged)
        for outcome in result.files
    }


def write_generated_projects(directory: Path, count: int) -> Path:
    """A projects.csv of `count` rows pointing at the fixture's labs, regions, themes."""
    header, _ = read_csv(FIXTURES / "projects.csv")
    rows = []
    for number in range(count):
        rows.append(
            {
                "key": f"projet-genere-{number}",
                "title": f"Projet généré n° {number}",
                "lead_lab_key": "innovmandie",
                "partner_lab_keys": "lab-mi;lab-chu" if number % 2 else "lab-mi",
                "organisation_keys": "prefecture-normandie",
                "region_code": "28",
                "department_codes": "14;27",
                "stage": "prototyping",
                "status": "active",
                "themes": "sante;emploi",
                "objective": "Simplifier une démarche administrative.",
                "approach": "Immersion, prototypes, tests avec les usagers.",
                "results": "",
                "started_year": "2021",
                # Every tenth project scales up the one before it: self references in bulk.
                "scaled_from_key": f"projet-genere-{number - 1}" if number % 10 == 9 else "",
                "source": "ditp-2023",
            }
        )
    path = directory / "projects.csv"
    write_csv(path, header, rows)
    return path
