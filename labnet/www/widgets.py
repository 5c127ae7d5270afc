"""Form widgets of the site."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A drop-down list written in one pass in Python.

    Django's Select renders one template per option: fine for twenty regions, but a list
    of every lab of the network (a thousand at national scale) then costs hundreds of
    milliseconds of template rendering per page. The HTML is the same as Select's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        # Plain string building: format_html() per option cost as much as the template it
        # replaced. The same escaping (conditional_escape), the same HTML.
        options = "".join(
            f'<option value="{conditional_escape(option["value"])}"'
            f"{flatatt(option['attrs']) if option['attrs'] else ''}>"
            f"{conditional_escape(option['label'])}</option>"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe(options),  # every part escaped above
        )
