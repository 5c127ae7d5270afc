"""French typography shared by pages, e-mails and lists: elision of "de" before a name,
the sort order of French words, and hours and time ranges as French writes them.

No database here; `labnet.www.templatetags.french` exposes these to templates.
"""

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from labnet.core.folding import fold  # one folding for sorting and filtering

# "de" elides before a vowel or a mute h (h muet is by far the most frequent in names).
_ELIDING = set("aeiouh")
# Names that start with a masculine common noun take "du" ("du Mois de l'innovation
# publique", "du Pôle innovation"); the list holds the nouns the network's names use.
_MASCULINE_HEADS = {
    "mois",
    "laboratoire",
    "lab",
    "programme",
    "reseau",
    "pole",
    "centre",
    "conseil",
    "departement",
    "service",
    "ministere",
    "secretariat",
    "comite",
    "fonds",
    "hackathon",
    "sprint",
}


def french_sort_key(text: str) -> tuple[str, str]:
    """Sort key of a French word or name: accents and case ignored first (Île-de-France
    among the I, Économie among the E), then the exact text to keep the order stable."""
    return (fold(text), text or "")


def french_sorted(items, key=None):
    """`items` sorted the French way; `key` gives the text of an item (str() by default)."""
    text_of = key or str
    return sorted(items, key=lambda item: french_sort_key(text_of(item)))


def de(name: str, *, person: bool = False) -> str:
    """ "de" joined to `name` as French writes it: "d'Innov'mandie", "du Mois de…",
    "des Hauts-de-France", "de La 27e Région", "de Normandie". Outside French, "of …".

    A person's name only elides ("d'Anne Le Goff", "de Louis Le Gall"): its first word is
    never an article or a noun."""
    name = (name or "").strip()
    if not name:
        return ""
    if not (get_language() or "fr").startswith("fr"):
        return f"of {name}"
    if person:
        return f"d'{name}" if fold(name[0]) in _ELIDING else f"de {name}"
    first, _sep, rest = name.partition(" ")
    head = fold(first)
    if head == "le" and rest:
        return f"du {rest}"
    if head == "les" and rest:
        return f"des {rest}"
    # Names with an aspirated h: the region and departments "Hauts-…", "Haute-…".
    if head.startswith("hauts-"):
        return f"des {name}"
    if head.startswith("haute-"):
        return f"de la {name}"
    if head in _MASCULINE_HEADS:
        return f"du {name}"
    if fold(name[0]) in _ELIDING:
        return f"d'{name}"
    return f"de {name}"


def hour(value: dt.datetime | dt.time) -> str:
    """An hour as French writes it ("10 h", "10 h 30", with no-break spaces); "10:30" in
    another language."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if not (get_language() or "fr").startswith("fr"):
        return value.strftime("%H:%M")
    if value.minute:
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"
    return f"{value.hour}\u00a0h"


def time_range(start: dt.datetime, end: dt.datetime, *, with_day: bool = True) -> str:
    """When something takes place, in the active time zone: "lundi 24 novembre 2026, de
    10 h à 11 h 30"; over several days "du lundi 24 novembre 2026 à 10 h au mardi 25
    novembre 2026 à 12 h"."""
    if timezone.is_aware(start):
        start = timezone.localtime(start)
    if timezone.is_aware(end):
        end = timezone.localtime(end)
    if start.date() == end.date():
        hours = _("de %(start)s à %(end)s") % {"start": hour(start), "end": hour(end)}
        if not with_day:
            return hours
        return f"{formats.date_format(start, 'l j F Y')}, {hours}"
    return _("du %(start_day)s à %(start)s au %(end_day)s à %(end)s") % {
        "start_day": formats.date_format(start, "l j F Y"),
        "start": hour(start),
        "end_day": formats.date_format(end, "l j F Y"),
        "end": hour(end),
    }
