"""Project-wide rules that no single feature test would catch."""

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
