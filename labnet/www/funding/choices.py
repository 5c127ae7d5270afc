"""A model <select> for long lists (a thousand labs): its options read as (value, name)
rows and written in one pass, instead of a model instance and a template per option,
which cost 200-300 ms a page at national scale. Validation is ModelChoiceField's own."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class RowChoiceIterator(ModelChoiceIterator):
    """(value, label) pairs from `values_list`: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        value_field = self.field.to_field_name or "pk"
        yield from self.queryset.values_list(value_field, self.field.label_field)


class RowSelect(forms.Select):
    """A <select> whose options are written directly (same HTML as Django's Select)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        parts = [format_html("<select{}>", flatatt({"name": name, **final_attrs}))]
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            selected = mark_safe(" selected") if text in chosen else ""
            parts.append(format_html('<option value="{}"{}>{}</option>', text, selected, label))
        parts.append("</select>")
        return mark_safe("".join(parts))


class RowModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options show `label_field` (the name by default)."""

    iterator = RowChoiceIterator
    widget = RowSelect

    def __init__(self, *args, label_field: str = "name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)
