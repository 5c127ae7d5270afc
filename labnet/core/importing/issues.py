"""What can go wrong in an import, as the operator will read it.

Every reader, validator and the service report problems as `Issue` values instead of
raising, so one run can collect all of them: operators fix a whole file in one pass
rather than one error per attempt.
"""

from dataclasses import dataclass

# How a row is named to a person: a spreadsheet user counts lines with the header as
# line 1; a JSON file has no header, so its rows are the 1-based objects of the array.
ROW_WORD_LINE = "ligne"
ROW_WORD_ITEM = "élément"


@dataclass(frozen=True)
class Issue:
    """One problem, located as precisely as we can: file, row, field and the bad value.

    `row` is None for problems about the whole file (unreadable, conflicting formats);
    `field` is empty when no single column is at fault (a malformed row).
    """

    file: str
    row: int | None
    field: str
    value: str
    message: str
    row_word: str = ROW_WORD_LINE

    def text(self) -> str:
        """The line shown to the operator, e.g. « labs.csv, ligne 7, champ region_code : … »."""
        where = [self.file]
        if self.row is not None:
            where.append(f"{self.row_word} {self.row}")
        if self.field:
            where.append(f"champ {self.field}")
        return f"{', '.join(where)} : {self.message}"


# A value quoted in the report is cut beyond this: a 5 MB cell must not make a 5 MB report.
SHOWN_MAX_LENGTH = 100


def shown(value) -> str:
    """A raw value as text for the report: lists the way the CSV format writes them."""
    if isinstance(value, list | tuple):
        text = ";".join(str(item) for item in value)
    else:
        text = "" if value is None else str(value)
    if len(text) > SHOWN_MAX_LENGTH:
        return text[: SHOWN_MAX_LENGTH - 1] + "…"
    return text
