"""Project-wide rules that no single feature test would catch."""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

ROOT = Path(__file__).resolve().parent.parent
LABNET = ROOT / "labnet"


@pytest.mark.django_db
def test_no_missing_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())


def test_every_relation_states_its_on_delete_choice_in_the_source():
    """Django requires on_delete; this also forbids CASCADE sneaking onto reference data."""
    reference_models = {"territories.region", "territories.department", "core.source"}
    for model in apps.get_models():
        if not model.__module__.startswith("labnet."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is not None:
                target = field.related_model._meta.label_lower
                if target in reference_models:
                    assert field.remote_field.on_delete is models.PROTECT, (
                        f"{model._meta.label}.{field.name} must PROTECT {target}"
                    )


def _template_names():
    for path in LABNET.glob("*/templates/**/*.*"):
        parts = path.parts
        yield "/".join(parts[parts.index("templates") + 1 :])


def test_no_unused_template():
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in list(LABNET.rglob("*.py"))
        + list(LABNET.rglob("*.html"))
        + list(LABNET.rglob("*.txt"))
    )
    unused = [
        name
        for name in _template_names()
        # Django's auth views find these by their default names.
        if name not in sources and not name.startswith("registration/")
    ]
    assert unused == []


def test_services_and_selectors_do_not_import_from_the_web_layers():
    """Layers point one way: www and api depend on domains, never the reverse."""
    offenders = []
    for path in LABNET.rglob("*.py"):
        relative = path.relative_to(LABNET).parts
        if relative[0] in {"www", "api"}:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(from|import) labnet\.(www|api)\b", text, re.MULTILINE):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def _cannot_fail(test: ast.expr) -> str:
    """Why an `assert` on `test` can never fail, or "" when it can."""
    if isinstance(test, ast.Constant):
        return "asserts a constant" if test.value else ""
    if (
        isinstance(test, ast.BoolOp)
        and isinstance(test.op, ast.Or)
        and any(isinstance(v, ast.Constant) and v.value for v in test.values)
    ):
        return "`or` a true constant"
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, right = test.left, test.comparators[0]
        if isinstance(left, ast.Constant) and isinstance(right, ast.Constant):
            return "compares two constants"
        same = ast.dump(left) == ast.dump(right)
        has_call = any(isinstance(node, ast.Call) for node in ast.walk(left))
        if same and not has_call and isinstance(test.ops[0], ast.Eq | ast.Is | ast.LtE | ast.GtE):
            return "compares a value with itself"
    return ""


def test_no_assertion_that_cannot_fail():
    """`assert x == 302 or True`, `assert True`, `assert x == x` pass whatever the code does."""
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert) and (why := _cannot_fail(node.test)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {why}")
    assert found == []


def test_the_vacuous_assertion_check_catches_what_it_should():
    cases = {
        "x == 302 or True": True,
        "True": True,
        "'text'": True,
        "x == x": True,
        "a.b is a.b": True,
        "1 == 1": True,
        "x == 302": False,
        "f() == f()": False,
        "not x": False,
        "x or y": False,
        "None": False,
    }
    for source, vacuous in cases.items():
        assert bool(_cannot_fail(ast.parse(source, mode="eval").body)) is vacuous, source


def test_modules_do_not_import_private_names_of_other_modules():
    """`from .services import _index` couples a module to another's internals: make the
    helper public where it is shared (a package's `base.py`), or keep it where it is used."""
    found = []
    for path in sorted(LABNET.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private and node.module != "__future__":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {private}")
    assert found == []
