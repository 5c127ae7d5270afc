"""indicators.csv and roadmaps.json match their schemas in data/schemas/, and the schemas
say what the importer checks (columns, required values, lengths)."""

import json
from pathlib import Path

import jsonschema
import pytest
from frictionless import Resource, Schema

from labnet.core.importing import Key, Text
from labnet.impact.import_specs import INDICATORS
from labnet.roadmaps import import_specs as roadmaps
from labnet.roadmaps.models import Axis, Group, Item, Roadmap

DATA = Path(__file__).resolve().parents[2] / "data"


def test_indicators_csv_is_valid_against_its_table_schema():
    descriptor = json.loads((DATA / "schemas" / "indicators.schema.json").read_text())
    # References to other files are the import's check (tests/roadmaps/test_import.py).
    descriptor.pop("foreignKeys")
    schema = Schema.from_descriptor(descriptor)
    # Relative to a base path: frictionless refuses absolute paths as unsafe.
    resource = Resource(path="network/indicators.csv", basepath=str(DATA), schema=schema)
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])


def test_the_indicators_schema_lists_the_importers_columns():
    schema = json.loads((DATA / "schemas" / "indicators.schema.json").read_text())
    fields = {f["name"]: f.get("constraints", {}) for f in schema["fields"]}
    assert list(fields) == [c.name for c in INDICATORS.columns]
    for column in INDICATORS.columns:
        assert fields[column.name].get("required", False) == column.required, column.name
        max_length = column.parse.max_length if isinstance(column.parse, Key | Text) else None
        assert fields[column.name].get("maxLength") == max_length, column.name


def test_roadmaps_json_is_valid_against_its_json_schema():
    schema = json.loads((DATA / "schemas" / "roadmaps.schema.json").read_text())
    data = json.loads((DATA / "network" / "roadmaps.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)


@pytest.mark.django_db
def test_the_roadmaps_schema_says_what_the_importer_checks():
    schema = json.loads((DATA / "schemas" / "roadmaps.schema.json").read_text())["items"]
    assert set(schema["properties"]) == {c.name for c in roadmaps.ROADMAPS.columns}
    axis = schema["properties"]["axes"]["items"]
    group = axis["properties"]["groups"]["items"]
    item = group["properties"]["items"]["items"]
    assert set(axis["required"]) == roadmaps.AXIS_FIELDS
    assert set(group["required"]) == roadmaps.GROUP_FIELDS
    assert set(item["required"]) == roadmaps.ITEM_FIELDS
    lengths = [
        (schema, "key", Roadmap),
        (schema, "title", Roadmap),
        (axis, "key", Axis),
        (axis, "title", Axis),
        (group, "title", Group),
        (item, "key", Item),
        (item, "title", Item),
    ]
    for part, name, model in lengths:
        assert part["properties"][name]["maxLength"] == model._meta.get_field(name).max_length
