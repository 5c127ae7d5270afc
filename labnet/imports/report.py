"""The import's report, in French, for the operator: as text and as a CSV file.

The CSV holds one line per error (file, row, field, value, message) so an operator can
sort and filter it in a spreadsheet while fixing the data. Its values come from the
operator's files, so a cell such as `=HYPERLINK(...)` is written as text, never as a
formula the spreadsheet would run (`core.csv_safety`, as the attendee export does).
"""

import csv
from typing import TextIO

from labnet.core.csv_safety import spreadsheet_row
from labnet.core.importing.result import Counts, ImportResult

ROW_NUMBERING = (
    "Numérotation : dans les fichiers CSV et les feuilles XLSX, la ligne 1 est l'en-tête et "
    "la première ligne de données est la ligne 2, comme dans un tableur ; dans les fichiers "
    "JSON, « élément N » désigne le N-ième objet du tableau (à partir de 1)."
)
CSV_COLUMNS = ("file", "row", "field", "value", "message")


def render_text(result: ImportResult) -> str:
    lines = [f"Import du réseau depuis {result.path}"]
    lines += _detected_lines(result)
    if result.errors:
        lines += _error_lines(result)
    else:
        lines += _summary_lines(result)
    if result.deferred:
        lines.append(
            "Conservés pour un module ultérieur (non importés) : " + ", ".join(result.deferred)
        )
    if result.ignored:
        lines.append("Ignorés (nom de fichier inconnu) : " + ", ".join(result.ignored))
    if result.warnings:
        lines.append(f"Avertissements ({len(result.warnings)}) :")
        lines += [f"  {warning.text()}" for warning in result.warnings]
    lines.append(_conclusion(result))
    return "\n".join(lines)


def headline(result: ImportResult) -> str:
    """One sentence: what the command ends with (its error message when it fails)."""
    if result.errors:
        files = {error.file for error in result.errors}
        return (
            f"Import refusé : {_count(len(result.errors), 'erreur', 'erreurs')} dans "
            f"{_count(len(files), 'fichier', 'fichiers')}. Rien n'a été enregistré."
        )
    if result.dry_run:
        return "Simulation terminée : aucune erreur, rien n'a été enregistré."
    return "Import terminé : tout a été enregistré."


def write_csv(result: ImportResult, handle: TextIO) -> None:
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for error in result.errors:
        writer.writerow(
            spreadsheet_row(
                (
                    error.file,
                    "" if error.row is None else error.row,
                    error.field,
                    error.value,
                    error.message,
                )
            )
        )


def _detected_lines(result: ImportResult) -> list[str]:
    """How each CSV file was read: operators save from different spreadsheets."""
    by_way: dict[str, list[str]] = {}
    for outcome in result.files:
        if outcome.detected:
            by_way.setdefault(outcome.detected, []).append(outcome.label)
    return [f"Lu en {way} : {', '.join(labels)}" for way, labels in by_way.items()]


def _error_lines(result: ImportResult) -> list[str]:
    lines = [headline(result), ROW_NUMBERING]
    current = None
    for error in result.errors:
        if error.file != current:
            current = error.file
            in_file = sum(1 for e in result.errors if e.file == current)
            lines.append(f"{current} ({_count(in_file, 'erreur', 'erreurs')}) :")
        lines.append(f"  {error.text()}")
    return lines


def _summary_lines(result: ImportResult) -> list[str]:
    if result.dry_run:
        lines = ["Simulation (--dry-run) : voici ce que l'import ferait ; rien n'est enregistré."]
    else:
        lines = []
    if not result.files:
        lines.append("Aucun fichier à importer.")
    for outcome in result.files:
        lines.append(
            f"  {outcome.label} : {_count(outcome.rows, 'ligne', 'lignes')} — "
            f"{_counts_text(outcome.counts)}"
        )
    return lines


def _counts_text(counts: Counts | None) -> str:
    if counts is None:
        return "non écrit"
    return (
        f"{_count(counts.created, 'créée', 'créées')}, "
        f"{_count(counts.updated, 'mise à jour', 'mises à jour')}, "
        f"{_count(counts.unchanged, 'inchangée', 'inchangées')}"
    )


def _conclusion(result: ImportResult) -> str:
    if result.errors:
        return "Corrigez ces erreurs puis relancez l'import : il est tout ou rien."
    seconds = f"{result.seconds:.1f}".replace(".", ",")
    if result.dry_run:
        return f"Simulation terminée en {seconds} s : rien n'a été enregistré."
    return f"Import terminé en {seconds} s : tout a été enregistré en une seule transaction."


def _count(value: int, singular: str, plural: str) -> str:
    # French: 0 and 1 take the singular.
    number = f"{value:,}".replace(",", " ")
    return f"{number} {singular if value < 2 else plural}"
