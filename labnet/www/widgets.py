"""Form widgets of the site."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe


def _escape(text) -> str:
    """Django's `conditional_escape` without its lazy-text wrapper, which cost more than
    the escaping over a thousand options: the same characters escaped the same way."""
    if isinstance(text, SafeData):
        return str(text)
    return html.escape(str(text))


class LongSelect(forms.Select):
    """A drop-down list written in one pass in Python.

    Django's Select renders one template per option: fine for twenty regions, but a list
    of every lab of the network (a thousand at national scale) then costs hundreds of
    milliseconds of template rendering per page. Building Django's option dictionaries
    (`optgroups`) still cost a third of that, so the choices are read directly. The HTML
    is the same as Select's (tests/www/test_widgets.py).
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        wanted = set(self.format_value(value))
        parts = []
        has_selected = False
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                # Grouped choices: Django's own rendering.
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted and (self.allow_multiple_selected or not has_selected)
            has_selected = has_selected or selected
            mark = " selected" if selected else ""
            parts.append(f'<option value="{_escape(option_value)}"{mark}>{_escape(label)}</option>')
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe("".join(parts))
        )


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """LongSelect for several choices (the partner labs of a project: every lab)."""
