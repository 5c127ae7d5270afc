"""Project-wide rules that no single feature test would catch."""

import ast
import importlib
import re
import tomllib
from enum import StrEnum
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


def _audit_enums() -> dict[str, dict[str, str]]:
    """{"IntakeAction": {"REQUEST_SUBMIT": "intake.request_submit", ...}, ...} from every
    `labnet/<app>/audit.py`."""
    enums = {}
    for path in sorted(LABNET.glob("*/audit.py")):
        module = importlib.import_module(f"labnet.{path.parent.name}.audit")
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum:
                enums[name] = {member.name: member.value for member in value}
    return enums


def _recorded_actions(tree: ast.AST):
    """(line, expression) of every action the module records: `action=` arguments of
    `audit_record` and of helpers that pass it on, and `action = ...` assignments."""
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "action" and not isinstance(keyword.value, ast.Name | ast.Call):
                    yield node.lineno, keyword.value
    for node in (n for function in functions for n in ast.walk(function)):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "action" for t in node.targets
        ):
            yield node.lineno, node.value
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple):
            # `action, changes = IntakeAction.X, {...}`
            names = [getattr(t, "id", "") for t in node.targets[0].elts]
            if "action" in names and isinstance(node.value, ast.Tuple):
                yield node.lineno, node.value.elts[names.index("action")]


def _unknown_actions(expression: ast.expr, enums) -> list[str]:
    """The parts of `expression` that are not members of an audit enum."""
    if isinstance(expression, ast.IfExp):
        return _unknown_actions(expression.body, enums) + _unknown_actions(expression.orelse, enums)
    if isinstance(expression, ast.Subscript):  # DECISION_ACTIONS[decision]: checked at its dict
        return []
    if (
        isinstance(expression, ast.Attribute)
        and isinstance(expression.value, ast.Name)
        and expression.attr in enums.get(expression.value.id, {})
    ):
        return []
    if isinstance(expression, ast.Constant) and any(
        expression.value in members.values() for members in enums.values()
    ):
        return []
    return [ast.unparse(expression)]


def _how_to_add(action: str) -> str:
    if not (action[:1] in "'\"" and action[-1:] == action[:1]):
        return (
            "  - record a member of the app's audit enum (labnet/<app>/audit.py) instead of\n"
            "    building the action: a dict from the decision to its member, for instance."
        )
    app, _, service = action.strip("'\"").partition(".")
    enum = "".join(part.capitalize() for part in app.split("_")) + "Action"
    member = service.upper() or "SERVICE_NAME"
    return (
        f"  - add it to labnet/{app}/audit.py (create the file if it is missing):\n"
        f"        from enum import StrEnum\n\n"
        f"        class {enum}(StrEnum):\n"
        f'            {member} = "{app}.{service or "service_name"}"\n'
        f"  - and record it as audit_record(..., action={enum}.{member}, ...)\n"
        f"    (from labnet.{app}.audit import {enum}). The value is `<app>.<service function>`."
    )


def test_every_audit_action_is_a_member_of_its_apps_enum():
    """90 free-form strings had drifted from the services that record them
    (`request.book_boost` for `boost_slot_book`): each app names its actions in one enum."""
    enums = _audit_enums()
    problems = []
    for path in sorted(LABNET.rglob("*.py")):
        if "migrations" in path.parts or path.name == "audit.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "action" not in source:
            continue
        for line, expression in _recorded_actions(ast.parse(source)):
            if isinstance(expression, ast.Constant) and not isinstance(expression.value, str):
                continue
            if isinstance(expression, ast.Constant) and "." not in expression.value:
                continue  # argparse's action="store_true" and the like
            for unknown in _unknown_actions(expression, enums):
                problems.append(
                    f"{path.relative_to(ROOT)}:{line} records {unknown}, which is not a member "
                    f"of an audit enum.\n{_how_to_add(unknown)}"
                )
    assert not problems, "\n\n".join(problems)


def test_audit_enum_values_name_their_app_and_are_unique():
    seen = {}
    for path in sorted(LABNET.glob("*/audit.py")):
        app = path.parent.name
        module = importlib.import_module(f"labnet.{app}.audit")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum:
                for member in value:
                    assert member.value == f"{app}.{member.name.lower()}", member
                    assert member.value not in seen, (member, seen.get(member.value))
                    seen[member.value] = member
    assert len(seen) >= 90


def test_an_unknown_action_is_refused_with_the_way_to_add_it():
    enums = _audit_enums()
    source = 'def badge_award():\n    audit_record(actor=a, action="rewards.badge_award")\n'
    [(line, expression)] = list(_recorded_actions(ast.parse(source)))
    [unknown] = _unknown_actions(expression, enums)
    assert (line, unknown) == (2, "'rewards.badge_award'")
    advice = _how_to_add(unknown)
    assert "labnet/rewards/audit.py" in advice
    assert 'BADGE_AWARD = "rewards.badge_award"' in advice
    assert "action=RewardsAction.BADGE_AWARD" in advice
    known = ast.parse("IntakeAction.REQUEST_SUBMIT", mode="eval").body
    assert _unknown_actions(known, enums) == []


def test_badge_colours_come_from_the_enums_not_the_templates():
    """A status's colour is state data: `RequestStatus.badge`, read as `req.status_badge`."""
    choosing = re.compile(r"{%\s*(?:el)?if [^%]*(?:status|phase) ==[^%]*%}\s*fr-badge--")
    found = [
        str(path.relative_to(ROOT))
        for path in LABNET.rglob("templates/**/*.html")
        if choosing.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# A state tested in a template, then a badge coloured by hand before any other tag.
STATE_COLOURED_BY_HAND = re.compile(
    r"{%\s*(?:el)?if [^%]*(?:status|phase) ==[^%]*%}[^{]*?"
    r"fr-badge--(?:success|error|warning|info|new)\b"
)


def test_no_template_colours_a_state_badge_by_hand():
    """The colour follows the state's enum (`status_badge`), even when the badge's text is
    the template's own (`{% if x.status == "waiting" %}<p class="fr-badge fr-badge--...`)."""
    found = [
        str(path.relative_to(ROOT))
        for path in LABNET.rglob("templates/**/*.html")
        if STATE_COLOURED_BY_HAND.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_hand_coloured_badge_check_sees_what_it_should():
    assert STATE_COLOURED_BY_HAND.search(
        '{% if e.status == "waiting" %}<p class="fr-badge fr-badge--warning">'
    )
    assert not STATE_COLOURED_BY_HAND.search(
        '{% if e.status == "waiting" %}<p class="fr-badge fr-badge--{{ e.status_badge }}">'
    )


@pytest.mark.parametrize(
    "enum_path",
    [
        "labnet.intake.enums.RequestStatus",
        "labnet.resources.enums.ResourceStatus",
        "labnet.events.enums.EventStatus",
        "labnet.calls.enums.AnswerStatus",
        "labnet.calls.enums.CallPhase",
        "labnet.trainings.enums.CohortStatus",
        "labnet.projects.enums.ProjectStatus",
        "labnet.labs.enums.LabStatus",
        "labnet.funding.enums.AllocationStatus",
        "labnet.events.enums.RegistrationStatus",
        "labnet.trainings.enums.EnrolmentStatus",
    ],
)
def test_every_state_has_a_dsfr_badge_colour(enum_path):
    module, _, name = enum_path.rpartition(".")
    enum = getattr(importlib.import_module(module), name)
    colours = {"", "success", "error", "warning", "info", "new"}
    assert {member.badge for member in enum} <= colours


def test_every_app_has_its_place_in_the_import_layers():
    """A new app under labnet/ must be placed in `[tool.importlinter]` (pyproject.toml): in
    the layers of the app order and, unless it is a delivery layer, in the list of domain
    apps that never import www or api. Otherwise its imports are not checked at all."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    layered = {
        name.strip()
        for layer in contracts["app-order"]["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    domains = set(contracts["delivery-on-top"]["source_modules"])
    apps = {f"labnet.{p.parent.name}" for p in LABNET.glob("*/apps.py")}
    assert apps - layered == set()
    assert apps - domains - {"labnet.www", "labnet.api"} == set()


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _layout_block() -> str:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text[text.index("## Layout") :]
    start = section.index("```\n") + 4
    return section[start : section.index("```", start)]


def test_the_layout_of_architecture_md_lists_each_app_once():
    """docs/architecture.md's layout block names every directory of labnet/ exactly once,
    and no directory that is not there."""
    block = _layout_block()
    listed = re.findall(r"^  ([a-z_]+)/ ", block, flags=re.MULTILINE)
    present = sorted(p.name for p in LABNET.iterdir() if (p / "__init__.py").exists())
    assert sorted(listed) == present
    assert len(listed) == len(set(listed))


def _cited_paths(text: str) -> set[str]:
    """Backticked file or folder paths (`labnet/x/y.py`, `core/keys.py`, `www/confirm.py`),
    placeholders such as `<app>` and globs left out."""
    cited = set()
    for token in re.findall(r"`([^`\s]+)`", text):
        token = token.rstrip(".,;:")
        if "/" not in token or re.search(r"[<>*{}]", token) or token.startswith(("/", "http")):
            continue
        if token.endswith((".py", ".md", ".json", ".html", ".txt", "/")):
            cited.add(token)
    return cited


def test_every_path_cited_in_architecture_md_exists():
    """A path in the "where is what" table or the text is found from the repository's root
    or from labnet/: a newcomer following it never lands nowhere."""
    missing = [
        path
        for path in sorted(_cited_paths(ARCHITECTURE.read_text(encoding="utf-8")))
        if not (ROOT / path).exists() and not (LABNET / path).exists()
    ]
    assert missing == []


def test_the_path_check_of_architecture_md_sees_what_it_should():
    assert _cited_paths("see `labnet/core/keys.py`, `people/personal_data/` and `<app>/x.py`") == {
        "labnet/core/keys.py",
        "people/personal_data/",
    }


def _adr_citations(text: str) -> list[str]:
    return re.findall(r"docs/adr/(\d{4}(?:-[A-Za-z0-9-]*[A-Za-z0-9])?)", text)


def test_every_adr_and_doc_cited_in_code_and_docs_exists():
    """`docs/adr/NNNN` or `docs/adr/NNNN-name` in a comment, a docstring or a document is
    the start of exactly one ADR's file name; `docs/<name>.md` exists."""
    adrs = [p.name for p in (ROOT / "docs" / "adr").glob("*.md")]
    sources = [
        *LABNET.rglob("*.py"),
        *(ROOT / "config").rglob("*.py"),
        *(ROOT / "docs").rglob("*.md"),
        ROOT / "README.md",
    ]
    wrong = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for cited in _adr_citations(text):
            if len([name for name in adrs if name.startswith(cited)]) != 1:
                wrong.append(f"{path.relative_to(ROOT)}: docs/adr/{cited}")
        for doc in re.findall(r"docs/([a-z0-9-]+\.md)", text):
            if not (ROOT / "docs" / doc).exists():
                wrong.append(f"{path.relative_to(ROOT)}: docs/{doc}")
    assert wrong == []


def test_the_adr_citation_check_reads_numbers_and_names():
    assert _adr_citations("(docs/adr/0018) and docs/adr/0030-polish-one-way-to-refuse.md") == [
        "0018",
        "0030-polish-one-way-to-refuse",
    ]
