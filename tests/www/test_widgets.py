"""LongSelect writes the same HTML as Django's Select, faster."""

import pytest
from django import forms

from labnet.www.widgets import LongSelect, LongSelectMultiple


class _Plain(forms.Form):
    choice = forms.ChoiceField(
        choices=[("", "Tous"), ("a", "Aube & <Aisne>"), ("b", "Bas-Rhin"), ("b", "double")],
        required=False,
    )


class _Long(_Plain):
    choice = forms.ChoiceField(
        choices=_Plain.base_fields["choice"].choices, required=False, widget=LongSelect
    )


@pytest.mark.parametrize("data", [None, {"choice": ""}, {"choice": "a"}, {"choice": "b"}])
def test_long_select_renders_as_select(data):
    plain, long = _Plain(data), _Long(data)
    expected = plain["choice"].as_widget()
    got = long["choice"].as_widget()
    # Django's template puts each option on its own line; the markup is otherwise equal.
    assert got == "".join(line.strip() for line in expected.splitlines())


class _PlainMany(forms.Form):
    choice = forms.MultipleChoiceField(
        choices=[("a", "Aube"), ("b", "Bas-Rhin"), ("c", "Cantal")],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class _LongMany(_PlainMany):
    choice = forms.MultipleChoiceField(
        choices=_PlainMany.base_fields["choice"].choices,
        required=False,
        widget=LongSelectMultiple(attrs={"size": 8}),
    )


@pytest.mark.parametrize("data", [None, {"choice": ["a"]}, {"choice": ["a", "c"]}])
def test_long_select_multiple_renders_as_select_multiple(data):
    plain = _PlainMany(data)
    long = _LongMany(data)
    expected = "".join(line.strip() for line in plain["choice"].as_widget().splitlines())
    got = long["choice"].as_widget()
    # The same attributes on the <select> (their order differs), the same options.
    head, rest = got.split(">", 1)
    expected_head, expected_rest = expected.split(">", 1)
    assert sorted(head.split()) == sorted(expected_head.split())
    assert rest == expected_rest
    if data:
        assert long.is_valid() and plain.is_valid()
        assert long.cleaned_data == plain.cleaned_data


@pytest.mark.django_db
def test_name_choices_are_the_model_fields_choices():
    from labnet.core.form_fields import FrenchSortedModelChoiceField
    from labnet.organisations.models import Organisation
    from labnet.www.name_choices import NameChoiceField, NameMultipleChoiceField
    from tests.factories import OrganisationFactory

    for name in ("Zèbre", "école", "Agence", "Été"):
        OrganisationFactory(name=name)
    queryset = Organisation.objects.order_by("name")
    model_field = FrenchSortedModelChoiceField(queryset=queryset, to_field_name="key")
    name_field = NameChoiceField(queryset=queryset, to_field_name="key", french=True)
    assert [(str(v), label) for v, label in name_field.choices] == [
        (str(v), label) for v, label in model_field.choices
    ]
    many = NameMultipleChoiceField(queryset=queryset)
    assert [v for v, _label in many.choices] == list(queryset.values_list("pk", flat=True))
    chosen = Organisation.objects.get(name="Été")
    assert name_field.clean(chosen.key) == chosen
