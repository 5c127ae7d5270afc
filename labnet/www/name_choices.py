"""Choice fields over a whole table (every lab, every administration) that read
(value, name) pairs instead of model instances.

A form with a thousand labs built a thousand model instances per page, and in a busy
process the garbage collector's passes over them cost as much as the page itself. The
pairs come from one `values_list` query; the value is the field's `to_field_name` (the pk
by default) as for Django's own fields, so validation and the submitted values do not
change. `french=True` sorts the names the French way (labnet.core.french), as
`FrenchSortedModelChoiceField` does.
"""

from django import forms

from labnet.core.french import french_sorted


class NameChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        pairs = self.queryset.values_list(self.field.to_field_name or "pk", "name")
        if self.field.french:
            pairs = french_sorted(pairs, key=lambda pair: pair[1])
        yield from pairs


class _NameChoicesMixin:
    iterator = NameChoices

    def __init__(self, *args, french=False, **kwargs):
        self.french = french
        super().__init__(*args, **kwargs)


class NameChoiceField(_NameChoicesMixin, forms.ModelChoiceField):
    pass


class NameMultipleChoiceField(_NameChoicesMixin, forms.ModelMultipleChoiceField):
    pass
