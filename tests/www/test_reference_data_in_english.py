"""Data with an English name shows in English under /en/: themes carry theirs in the
dataset (Theme.name_en); kinds, formats and audiences are choices the catalogue translates."""

import pytest
from django.test import Client
from django.utils import translation

from labnet.events.enums import EventFormat
from labnet.labs.enums import LabKind
from labnet.labs.models import Theme
from tests.events.factories import EventFactory
from tests.factories import LabFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab():
    lab = LabFactory(key="innovmandie", name="Innov'mandie", kind=LabKind.MINISTRY)
    lab.themes.add(
        ThemeFactory(key="open-data", name_fr="Données ouvertes", name_en="Open data"),
        ThemeFactory(key="sans-anglais", name_fr="Sobriété numérique", name_en=""),
    )
    return lab


def _english(text) -> str:
    with translation.override("en"):
        return str(text)


def test_theme_name_follows_the_language():
    theme = Theme(name_fr="Données ouvertes", name_en="Open data")
    with translation.override("fr"):
        assert (theme.name, str(theme)) == ("Données ouvertes", "Données ouvertes")
    with translation.override("en"):
        assert (theme.name, str(theme)) == ("Open data", "Open data")
    untranslated = Theme(name_fr="Sobriété numérique", name_en="")
    with translation.override("en"):
        assert untranslated.name == "Sobriété numérique"  # no English name: the French one


def test_lab_page_under_en_shows_english_themes_and_kind(lab):
    html = Client().get("/en/laboratoires/innovmandie/").content.decode()
    assert '?theme=open-data">Open data</a>' in html
    assert '?theme=open-data">Données ouvertes</a>' not in html
    assert ">Sobriété numérique</a>" in html
    assert _english(LabKind.MINISTRY.label) in html
    french = Client().get("/laboratoires/innovmandie/").content.decode()
    assert '?theme=open-data">Données ouvertes</a>' in french
    assert "Open data" not in french


def test_atlas_filter_options_under_en(lab):
    html = Client().get("/en/laboratoires/").content.decode()
    assert ">Open data</option>" in html
    assert ">Données ouvertes</option>" not in html


def test_event_format_under_en():
    event = EventFactory(format=EventFormat.WORKSHOP)
    html = Client().get(f"/en{event.get_absolute_url()}").content.decode()
    assert f">{_english(EventFormat.WORKSHOP.label)}</p>" in html
    assert _english(EventFormat.WORKSHOP.label) == "workshop"
