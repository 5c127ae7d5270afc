"""The network import: validate every row of every file, then write all or nothing.

Validation runs to the end even after the first error so the operator gets one complete
report; writing only starts when the whole import is clean, and happens in a single
transaction so a failure half-way (a constraint, a lost connection) leaves the database
exactly as it was.
"""

import time
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from labnet.core.importing import CrossFileView, FileOutcome, Issue, KnownKeys, ValidatedFile
from labnet.core.importing.loaders import PROGRESS_THRESHOLD, LoadContext
from labnet.core.importing.result import ImportResult
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.core.topics import topics_changed
from labnet.imports.audit import ImportsAction
from labnet.projects.cooperation import cooperation_links_rebuild
from labnet.projects.models import Project
from labnet.territories.import_specs import known_department_regions, known_region_codes

from . import readers
from .registry import registry

AUDIT_ACTION = ImportsAction.NETWORK_IMPORT


def network_import(
    *,
    path,
    actor=None,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import the dataset at `path` (a folder, one CSV/JSON file, or an XLSX workbook).

    Returns the result with its errors instead of raising on invalid data, so callers
    other than the command (a background task, a page) can show the same report. A
    dry run goes as far as writing, then rolls back: its counts are what a real run
    would do, and database-level problems surface too.
    """
    started = time.perf_counter()
    entries = registry.entries()
    found = readers.collect(Path(path), loadable=registry.loadable, deferred=registry.deferred)
    if not found.tables and not found.issues:
        # Most likely the wrong folder (data/ instead of data/network/): succeeding
        # with nothing written would hide it.
        found.issues.append(
            Issue(
                str(path),
                None,
                "",
                "",
                "aucun fichier à importer ici : attendu au moins l'un de "
                f"{', '.join(registry.loadable)} (.csv ou .json), ou un classeur .xlsx.",
            )
        )
    result = ImportResult(
        path=str(path), dry_run=dry_run, deferred=found.deferred, ignored=found.ignored
    )

    validated: dict[str, ValidatedFile] = {}
    for entry in entries:
        table = found.tables.get(entry.spec.name)
        if table is not None:
            validated[entry.spec.name] = entry.spec.validate(
                table, progress=_validation_progress(table.label, progress)
            )
    known = _known_keys(validated, broken=found.unreadable)
    view = NetworkView(validated)
    for checked in validated.values():
        checked.issues.extend(checked.spec.check_references(checked, known))
        for rule in checked.spec.rules:
            checked.issues.extend(rule(checked, view))

    result.files = [
        FileOutcome(
            name=name, label=checked.label, rows=checked.row_count, detected=checked.detected
        )
        for name, checked in validated.items()
    ]
    # A file whose header names no column of the format is one message: the reader's
    # complaints about its rows (cell counts) would only bury it.
    unusable = {checked.label for checked in validated.values() if checked.unusable}
    read_issues = [i for i in found.issues if i.file not in unusable or i.row is None]
    result.errors = _in_reading_order(
        read_issues + [i for checked in validated.values() for i in checked.issues], validated
    )
    result.warnings = [w for checked in validated.values() for w in checked.warnings]
    # A new key under an existing record's name is most likely that record re-keyed.
    for checked in validated.values():
        result.warnings.extend(checked.spec.name_warnings(checked))
    result.warnings = _in_reading_order(result.warnings, validated)
    if result.errors:
        result.seconds = time.perf_counter() - started
        return result

    context = LoadContext(progress=progress)
    outcomes = {outcome.name: outcome for outcome in result.files}
    with transaction.atomic():
        for entry in entries:
            checked = validated.get(entry.spec.name)
            if checked is not None:
                outcomes[entry.spec.name].counts = entry.loader(checked, context)
                # Loaders write in bulk (no model signals): the public pages showing this
                # file's data are recomputed once the import commits (core.topics).
                model = getattr(entry.spec, "model", None)
                if model is not None:
                    topics_changed(model._meta.app_label)
                if model is Project:
                    # Past the model signals too: the labs' cooperations, precomputed from
                    # projects, are recomputed once for the file (projects.cooperation).
                    cooperation_links_rebuild()
        result.files.extend(context.extra)
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                action=AUDIT_ACTION,
                changes=_audit_changes(result),
                channel=AuditEntry.Channel.IMPORT,
            )
    result.written = not dry_run
    result.seconds = time.perf_counter() - started
    return result


class NetworkView(CrossFileView):
    """The view rules get, with the two lookups rules written before the split call.

    Deprecated: rules use `territories.import_specs.departments_in_region`, or
    `view.memo(...)` for lookups of their own (docs/data-format.md, "Adding a file").
    """

    def region_codes(self) -> set[str]:
        return self.memo("region_codes", known_region_codes)

    def department_regions(self) -> dict[str, str]:
        return self.memo("department_regions", known_department_regions)


def _known_keys(validated: dict[str, ValidatedFile], *, broken: set[str]) -> dict[str, KnownKeys]:
    """For each file referenced, the keys of this import plus those already stored.

    One query per referenced table, whatever the number of rows: reference checks
    are then set lookups.
    """
    targets = {
        column.ref for checked in validated.values() for column in checked.present if column.ref
    }
    known = {}
    for name in targets:
        spec = registry.spec(name)
        if name in broken or (name in validated and spec.key_column not in validated[name].present):
            known[name] = KnownKeys(keys=None, message=spec.unknown_reference)
            continue
        keys = set(spec.model.objects.values_list(spec.key_column.field_name, flat=True))
        if name in validated:
            keys |= validated[name].keys
        known[name] = KnownKeys(keys=keys, message=spec.unknown_reference)
    return known


def _in_reading_order(issues: list[Issue], validated: dict[str, ValidatedFile]) -> list[Issue]:
    """Group issues by file in import order, then by row; problems of whole files first."""
    order = {checked.label: position for position, checked in enumerate(validated.values())}
    return sorted(issues, key=lambda issue: (order.get(issue.file, -1), issue.row or 0))


def _validation_progress(label: str, progress):
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        if total <= PROGRESS_THRESHOLD:
            return
        step = 1000 if total <= 10_000 else 5000
        if done % step == 0 or done == total:
            progress(f"{label} : {_number(done)} / {_number(total)} lignes validées")

    return report


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _audit_changes(result: ImportResult) -> dict:
    return {
        "path": result.path,
        "files": {
            outcome.name: {"file": outcome.label, "rows": outcome.rows, **outcome.counts.as_dict()}
            for outcome in result.files
        },
        "kept_for_later": result.deferred,
    }
