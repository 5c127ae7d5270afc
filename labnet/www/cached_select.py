"""A drop-down list of a whole table (every lab, every administration, every department),
written once and kept in the cache until the table changes.

`LongSelect` already writes the options in one pass, but it still reads the table and
escapes a thousand labels on every page: 50 to 150 ms of an agenda or a form page at
national scale. Here the options' HTML is kept in the cache under the table's *data
version* (how many rows, and the latest `updated_at`: one indexed aggregate), and the
chosen value is marked in the kept HTML. A row added, removed or saved changes the version,
so the list is exact after every write that goes through `save()` (services, admin,
imports); tables without `updated_at` (departments, reference data loaded by import)
change the version by their count and highest id, and the kept HTML expires after
`TIMEOUT` anyway. The HTML is the same as `Select`'s, so the page reads, submits and is
tested as before, without JavaScript.
"""

from django.core.cache import cache
from django.db.models import Count, Max
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from labnet.www.widgets import LongSelect

TIMEOUT = 3600
KEY_PREFIX = "labnet:select:"


def table_version(model) -> str:
    """What changes whenever a row of `model` is added, removed or saved (one query)."""
    names = {field.name for field in model._meta.get_fields()}
    latest = Max("updated_at") if "updated_at" in names else Max("pk")
    found = model._default_manager.aggregate(n=Count("pk"), latest=latest)
    latest = found["latest"]
    # A timestamp as a number: cache keys take no spaces.
    stamp = latest.timestamp() if hasattr(latest, "timestamp") else latest
    return f"{found['n']}-{stamp}"


class CachedSelect(LongSelect):
    """`LongSelect` whose options are kept in the cache under `key` and the data version of
    `model` (give each list its own `key`: the empty label and the order are in the HTML)."""

    def __init__(self, *, key: str, model, attrs=None, omit=()):
        super().__init__(attrs=attrs)
        self.key = key
        self.model = model
        # Values whose options this page leaves out of the kept list (the lab that already
        # leads a project): one list is kept for every page, whichever row each leaves out.
        self.omit = frozenset(str(value) for value in omit)

    def _options(self) -> str:
        key = f"{KEY_PREFIX}{self.key}:{get_language()}:{table_version(self.model)}"
        options = cache.get(key)
        if options is None:
            options = str(
                format_html_join(
                    "",
                    '<option value="{}">{}</option>',
                    ((value, label) for value, label in self._choice_pairs()),
                )
            )
            cache.set(key, options, TIMEOUT)
        return options

    def _choice_pairs(self):
        for value, label in self.choices:
            # A ModelChoiceField yields ModelChoiceIteratorValue: its str() is the value.
            yield ("" if value is None else str(value)), label

    def render(self, name, value, attrs=None, renderer=None):
        options = self._options()
        for left_out in self.omit:
            start = options.find(f'<option value="{escape(left_out)}">')
            if start != -1:
                end = options.index("</option>", start) + len("</option>")
                options = options[:start] + options[end:]
        for chosen in self.format_value(value):
            tag = f'<option value="{escape(chosen)}">'
            options = options.replace(tag, f'<option value="{escape(chosen)}" selected>', 1)
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe(options)
        )
