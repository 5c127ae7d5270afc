"""The English catalogue is complete, keeps its placeholders, and its .mo matches the .po."""

import ast
import gettext
import re
from pathlib import Path

from django.utils.translation import ngettext, override

LC_MESSAGES = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _entries() -> list[dict]:
    """Each entry of django.po as {"flags": set, "msgid": str, "msgstr[0]": str, ...}."""
    entries = []
    for block in (LC_MESSAGES / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": set()}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            elif not line.startswith("#"):
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def _translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_the_catalogue_is_complete_and_reviewed():
    entries = _entries()
    assert entries[0]["msgid"] == ""
    assert len(entries) > 1
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries[1:] if "" in _translations(e)] == []
    assert "Language: en\n" in entries[0]["msgstr"]


def test_translations_keep_the_placeholders_of_their_msgid():
    mismatched = []
    for entry in _entries()[1:]:
        expected = set(PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for translation in _translations(entry):
            if set(PLACEHOLDER.findall(translation)) != expected:
                mismatched.append((entry["msgid"], translation))
    assert mismatched == []


def test_the_compiled_catalogue_matches_the_po_file():
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = []
    for entry in _entries()[1:]:
        msgid, context = entry["msgid"], entry.get("msgctxt")
        if "msgid_plural" in entry:
            plural = entry["msgid_plural"]
            if context is None:
                got = [catalogue.ngettext(msgid, plural, n) for n in (1, 2)]
            else:
                got = [catalogue.npgettext(context, msgid, plural, n) for n in (1, 2)]
            expected = [entry["msgstr[0]"], entry["msgstr[1]"]]
        else:
            got = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            expected = entry["msgstr"]
        if got != expected:
            stale.append((msgid, got, expected))
    assert stale == []


def test_french_counts_use_the_french_plural_rule():
    # Without a French catalogue Django would apply the source's English rule: "0 personnes".
    with override("fr"):
        assert ngettext("%(n)s campagne", "%(n)s campagnes", 0) == "%(n)s campagne"
        assert ngettext("%(n)s campagne", "%(n)s campagnes", 1) == "%(n)s campagne"
        assert ngettext("%(n)s campagne", "%(n)s campagnes", 2) == "%(n)s campagnes"
    with override("en"):
        assert ngettext("%(n)s campagne", "%(n)s campagnes", 0) == "%(n)s campaigns"
