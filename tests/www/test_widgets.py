"""LongSelect writes the same HTML as Django's Select, faster."""

import pytest
from django import forms

from labnet.www.widgets import LongSelect


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
