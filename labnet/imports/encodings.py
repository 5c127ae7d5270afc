"""How a CSV file was saved: its encoding and its separator, found from its bytes.

French spreadsheet software saves "CSV" in Windows-1252 with semicolons (Excel on
Windows), "CSV UTF-8" with a byte-order mark, "Unicode text" in UTF-16 with tabs;
LibreOffice asks, and operators accept what it offers. The readers detect them rather
than ask the operator to convert, and the report says what was found.
"""

import csv
import re

# The csv module refuses a cell over 128 KiB with an English error and no row. Cells are
# bounded by the specs (with the row and field named), far below this: the module's
# limit only has to stay out of the way of the specs' own check.
CSV_FIELD_LIMIT = 64 * 1024 * 1024

# The separators French spreadsheet software writes: LibreOffice and Excel in French
# save "CSV" with semicolons (the comma is the decimal sign), "Unicode text" with tabs.
SEPARATORS = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}


# A two-byte UTF-8 letter (é is C3 A9): in real Windows-1252 text, « Ã© » never occurs.
_UTF8_SEQUENCE = re.compile(rb"[\xc3\xc5][\x80-\xbf]|\xe2\x80[\x98\x99\x9c\x9d\xa6\x93\x94]")


def decode(data: bytes) -> tuple[str, str, str]:
    """(text, the encoding's name in French, "") or ("", "", why it cannot be read)."""
    if data.startswith(b"PK\x03\x04"):
        return (
            "",
            "",
            "ce fichier est un classeur (XLSX ou ODS) renommé en .csv : enregistrez-le "
            "au format CSV, ou importez le classeur .xlsx lui-même.",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16", ""
        except UnicodeDecodeError:
            return "", "", "le fichier commence comme de l'UTF-16 mais n'en est pas."
    # A NUL in a cell is the cell's problem (reported with its row and field); a file
    # full of them is not text at all (UTF-16 without its BOM, an image, a .xls).
    nuls = data.count(b"\x00")
    if nuls and nuls * 100 > len(data):
        return (
            "",
            "",
            f"le fichier contient {nuls} octets nuls : ce n'est pas un fichier texte CSV "
            "(un classeur .xls ou un texte UTF-16 sans BOM ?).",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, name, data = "utf-8", "UTF-8 avec BOM", data[3:]
    else:
        encoding, name = "utf-8", "UTF-8"
    try:
        return data.decode(encoding), name, ""
    except UnicodeDecodeError as error:
        utf8_error = error
        if name == "UTF-8 avec BOM":
            return (
                "",
                "",
                "le fichier annonce l'UTF-8 (BOM) mais contient un octet invalide à la "
                f"position {utf8_error.start + 3} : enregistrez-le au format « CSV UTF-8 ».",
            )
    if _UTF8_SEQUENCE.search(data):
        # Valid UTF-8 letters beside a byte that is not: two encodings in one file (a
        # paste from another file). Reading it as Windows-1252 would turn every "é"
        # into "Ã©" without a word.
        return (
            "",
            "",
            "le fichier mêle deux encodages : de l'UTF-8, et un octet invalide en UTF-8 à la "
            f"position {utf8_error.start} ; enregistrez-le au format « CSV UTF-8 ».",
        )
    try:
        return data.decode("cp1252"), "Windows-1252", ""
    except UnicodeDecodeError as exc:
        return (
            "",
            "",
            "encodage non reconnu : ni UTF-8 ni Windows-1252 (octet 0x"
            f"{data[exc.start]:02X} à la position {exc.start}) ; enregistrez le fichier au "
            "format « CSV UTF-8 ».",
        )


def detect_separator(text: str) -> str:
    """The separator that splits the header line into the most cells (comma on a tie).

    The header holds column names, never a separator inside a name; a quoted one is
    still read right, since the line is split by the csv module itself.
    """
    first_line = text.split("\n", 1)[0].rstrip("\r")
    best, best_count = ",", 1
    for candidate in SEPARATORS:
        count = len(next(csv.reader([first_line], delimiter=candidate), []))
        if count > best_count:
            best, best_count = candidate, count
    return best


def csv_error_text(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"une cellule dépasse {CSV_FIELD_LIMIT // (1024 * 1024)} Mo"
    if "new-line character seen in unquoted field" in text:
        return "retour chariot isolé hors guillemets"
    if "unexpected end of data" in text or "EOF" in text:
        return "guillemet ouvert jamais refermé"
    return f"erreur de lecture CSV « {text} »"
