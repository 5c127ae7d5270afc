"""A whole table's drop-down list kept in the cache until the table changes
(labnet/www/cached_select.py)."""

import pytest
from django import forms
from django.core.cache import cache

from labnet.labs.models import Lab
from labnet.www.cached_select import CachedSelect
from labnet.www.widgets import LongSelect
from tests.factories import LabFactory

pytestmark = pytest.mark.django_db


def _field(widget):
    return forms.ModelChoiceField(
        queryset=Lab.objects.order_by("name"),
        to_field_name="key",
        required=False,
        empty_label="Tous",
        widget=widget,
    )


class _Form(forms.Form):
    lab = _field(CachedSelect(key="test-lab", model=Lab))


class _PlainForm(forms.Form):
    lab = _field(LongSelect)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_html_is_that_of_the_plain_list_with_the_choice_marked():
    LabFactory(key="b", name="Beta & co")
    LabFactory(key="a", name="Alpha")

    for data in ({}, {"lab": "b"}, {"lab": "inconnu"}):
        cached = str(_Form(data)["lab"])
        again = str(_Form(data)["lab"])  # from the cache
        assert cached == again == str(_PlainForm(data)["lab"])
    assert '<option value="b" selected>Beta &amp; co</option>' in str(_Form({"lab": "b"})["lab"])


def test_a_lab_added_or_renamed_shows_at_once():
    lab = LabFactory(key="a", name="Alpha")
    assert "Alpha" in str(_Form()["lab"])

    lab.name = "Alpha renommé"
    lab.save()
    assert "Alpha renommé" in str(_Form()["lab"])

    LabFactory(key="z", name="Zeta")
    assert "Zeta" in str(_Form()["lab"])

    lab.delete()
    assert "Alpha" not in str(_Form()["lab"])


def test_a_value_left_out_is_left_out_of_that_page_only():
    LabFactory(key="b", name="Beta & co")
    LabFactory(key="a", name="Alpha")
    LabFactory(key="c", name="Gamma")

    def rendered(omit, data=None):
        field = _field(CachedSelect(key="test-lab-omit", model=Lab, omit=omit))
        return field.widget.render("lab", (data or {}).get("lab"))

    full = rendered([])
    assert rendered(["b"]) == full.replace('<option value="b">Beta &amp; co</option>', "")
    assert rendered(["a", "c"], {"lab": "b"}) == (
        '<select name="lab"><option value="">Tous</option>'
        '<option value="b" selected>Beta &amp; co</option></select>'
    )
    assert rendered([]) == full  # the kept list still has every lab
