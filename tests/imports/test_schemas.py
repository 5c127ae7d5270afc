"""data/schemas/ describes exactly what the importer reads, and data/network/ follows it.

Two checks, both generic over every registered spec (a file another module declares in
its import_specs.py is covered as soon as it is registered):
- each spec's columns have a field in the file's Table Schema with the same name,
  required-ness, type (the parser's `schema_type`), allowed values, and foreign keys;
- frictionless validates every file of data/network/ against its schema (dev dependency),
  with the header checked here: a column the schema does not know, or a required one
  missing, is drift too. Columns the importer leaves alone when absent (a lab's team
  size, a project's publication) may be missing from the files.
"""

import json
import shutil
from pathlib import Path

import jsonschema
from frictionless import Package, system

from labnet.core.importing import Choice, FileSpec
from labnet.imports.registry import registry

ROOT = Path(__file__).resolve().parents[2] / "data"
SCHEMAS = ROOT / "schemas"
NETWORK = ROOT / "network"


def schema_of(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def drift_of(spec: FileSpec) -> list[str]:
    """Every difference between a spec and its schema, as sentences."""
    path = SCHEMAS / f"{spec.name}.schema.json"
    if not path.exists():
        return [f"{spec.name}: no schema at {path.relative_to(ROOT.parent)}"]
    schema = schema_of(spec.name)
    if "fields" not in schema:
        # A nested file's JSON Schema (roadmaps.json): compared with its importer by its
        # own test (tests/impact/test_schemas.py), level by level.
        return []
    fields = {field["name"]: field for field in schema["fields"]}
    columns = {column.name: column for column in spec.columns}
    drift = []
    for name in sorted(columns.keys() - fields.keys()):
        drift.append(f"{spec.name}.{name}: read by the importer, missing from the schema")
    for name in sorted(fields.keys() - columns.keys()):
        drift.append(f"{spec.name}.{name}: in the schema, unknown to the importer")
    for name in sorted(columns.keys() & fields.keys()):
        column, field = columns[name], fields[name]
        constraints = field.get("constraints", {})
        if column.required != constraints.get("required", False):
            drift.append(
                f"{spec.name}.{name}: required {column.required} in the importer, "
                f"{constraints.get('required', False)} in the schema"
            )
        expected = "string" if column.many else getattr(column.parse, "schema_type", None)
        if expected != field["type"]:
            drift.append(
                f"{spec.name}.{name}: type {expected} in the importer, {field['type']} in the "
                "schema (give the parser a schema_type)"
            )
        choice = isinstance(column.parse, Choice) and not column.many and "enum" in constraints
        if choice and set(column.parse.values) != set(constraints["enum"]):
            drift.append(
                f"{spec.name}.{name}: values {sorted(column.parse.values)} in the importer, "
                f"{sorted(constraints['enum'])} in the schema"
            )
    if schema.get("primaryKey") != spec.key:
        drift.append(f"{spec.name}: key {spec.key}, schema primaryKey {schema.get('primaryKey')}")
    wanted = {(c.name, c.ref) for c in spec.columns if c.ref and not c.many}
    declared = {
        (fk["fields"], fk["reference"]["resource"] or spec.name)
        for fk in schema.get("foreignKeys", [])
    }
    for name, target in sorted(wanted - declared):
        drift.append(f"{spec.name}.{name}: a reference to {target} with no schema foreign key")
    for name, target in sorted(declared - wanted):
        drift.append(f"{spec.name}.{name}: a schema foreign key to {target} the importer lacks")
    return drift


def test_every_spec_matches_its_schema_field_by_field():
    # The importer's own registry: discovered files and any registered the older way.
    specs = registry.specs()
    assert len(specs) >= 13  # sources ... resources: every file LabNet loads today

    assert [line for spec in specs for line in drift_of(spec)] == []


def test_the_comparison_sees_drift():
    """The check above can fail: a spec that differs from its schema is reported."""
    from dataclasses import replace

    from labnet.core.importing import Column, Text
    from labnet.labs.import_specs import LABS

    columns = tuple(c for c in LABS.columns if c.name != "website")
    changed = replace(
        LABS,
        columns=(
            *(replace(c, required=True) if c.name == "email" else c for c in columns),
            Column("motto", Text(100)),
        ),
    )

    assert drift_of(changed) == [
        "labs.motto: read by the importer, missing from the schema",
        "labs.website: in the schema, unknown to the importer",
        "labs.email: required True in the importer, False in the schema",
    ]


def _package() -> dict:
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


def test_the_data_package_lists_every_file_and_every_schema():
    resources = _package()["resources"]
    listed = {resource["path"] for resource in resources}
    schemas = {resource.get("schema") or resource["jsonSchema"] for resource in resources}

    assert listed == {f"network/{path.name}" for path in NETWORK.iterdir()}
    assert schemas == {f"schemas/{path.name}" for path in SCHEMAS.iterdir()}


def frictionless_problems(root: Path) -> list[str]:
    """What frictionless finds in the data package at `root`, as "resource: error" lines.

    fieldsMatch "superset": a file may leave out a column of its schema (the columns
    the importer keeps when absent, like labs.team_fte); that the header has no unknown
    column and every required one is checked by the test below.
    """
    with system.use_context(trusted=True):
        package = Package(str(root / "datapackage.json"))
        for resource in package.resources:
            if resource.schema is not None:
                resource.schema.fields_match = "superset"
        report = package.validate()
    return [
        f"{task.name}: {error.type} {error.note}".strip()
        for task in report.tasks
        for error in task.errors
    ]


def test_every_file_of_the_dataset_is_valid_against_its_schema():
    assert frictionless_problems(ROOT) == []


def test_frictionless_finds_a_bad_cell(tmp_path):
    shutil.copytree(ROOT, tmp_path / "data")
    labs = tmp_path / "data" / "network" / "labs.csv"
    text = labs.read_text(encoding="utf-8")
    labs.write_text(text.replace(",active,", ",actif,", 1), encoding="utf-8")

    problems = frictionless_problems(tmp_path / "data")

    assert len(problems) == 1
    assert problems[0].startswith("labs: constraint-error")


def test_every_csv_header_is_in_its_schema_with_every_required_column():
    problems = []
    for resource in _package()["resources"]:
        if resource.get("format") != "csv":
            continue
        header = (ROOT / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        fields = json.loads((ROOT / resource["schema"]).read_text(encoding="utf-8"))["fields"]
        names = [field["name"] for field in fields]
        required = [f["name"] for f in fields if f.get("constraints", {}).get("required")]
        problems += [
            f"{resource['name']}.{name}: not in the schema" for name in header if name not in names
        ]
        problems += [
            f"{resource['name']}.{name}: required, not in the file"
            for name in required
            if name not in header
        ]
        # Written in the schema's order, which docs/data-format.md §6 follows.
        in_order = [name for name in names if name in header]
        if header != in_order:
            problems.append(f"{resource['name']}: columns not in the schema's order")
    assert problems == []


def test_roadmaps_json_is_valid_against_its_json_schema():
    schema = json.loads((SCHEMAS / "roadmaps.schema.json").read_text(encoding="utf-8"))
    data = json.loads((NETWORK / "roadmaps.json").read_text(encoding="utf-8"))

    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: e.path)
    assert [error.message for error in errors] == []
