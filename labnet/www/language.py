"""The header's language switch: the address of the page being shown, in the other language.

French pages live at the root and English ones under `/en/` (`config/urls.py`): the address
alone says the language, so the switch is a plain link to the same page in the other one
(docs/adr/0039).
"""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def other_language(language: str | None = None) -> str:
    """The language the switch offers: English from French, French from anything else."""
    french = settings.LANGUAGE_CODE
    return "en" if (language or get_language()) == french else french


def path_in_language(full_path: str, language: str) -> str:
    """`full_path` (path and query string of the page shown, in the active language) as the
    same page in `language`.

    Django's `translate_url` resolves the route under the active language and reverses it
    under `language`, so a route whose French and English paths differ still lands on the
    same page. A path that resolves to nothing (a 404 page) keeps its rest and only changes
    its language prefix, so the visitor sees the same "not found" in the other language.
    """
    translated = translate_url(full_path, language)
    if translated != full_path or get_language() == language:
        return translated
    path, _, query = full_path.partition("?")
    prefixes = {code: f"/{code}/" for code, _name in settings.LANGUAGES}
    for code, prefix in prefixes.items():
        if code != settings.LANGUAGE_CODE and path.startswith(prefix):
            path = "/" + path[len(prefix) :]
            break
    if language != settings.LANGUAGE_CODE:
        path = prefixes[language] + path.lstrip("/")
    return path + (f"?{query}" if query else "")
