"""French typography: elision of "de", French sort order, hours and time ranges."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from labnet.core.french import de, fold, french_sorted, hour, time_range

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Innov'mandie", "d'Innov'mandie"),
        ("Échangeur", "d'Échangeur"),
        ("Hôtel de Région", "d'Hôtel de Région"),
        ("Mois de l'innovation publique 2022", "du Mois de l'innovation publique 2022"),
        ("Le Lab Zéro", "du Lab Zéro"),
        ("Les Ateliers", "des Ateliers"),
        ("Hauts-de-France Innovation", "des Hauts-de-France Innovation"),
        ("Haute-Garonne", "de la Haute-Garonne"),
        ("La 27e Région", "de La 27e Région"),
        ("Normandie", "de Normandie"),
        ("", ""),
    ],
)
def test_de_elides_and_contracts_as_french_writes(name, expected):
    with translation.override("fr"):
        assert de(name) == expected


def test_de_outside_french_is_of():
    with translation.override("en"):
        assert de("Innov'mandie") == "of Innov'mandie"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Agnès Martin", "d'Agnès Martin"),
        ("Hélène Roux", "d'Hélène Roux"),
        ("Louis Le Gall", "de Louis Le Gall"),
        # A person's first word is a first name, never an article or a noun.
        ("Le Gall", "de Le Gall"),
        ("Mois Durand", "de Mois Durand"),
        ("", ""),
    ],
)
def test_de_before_a_person_only_elides(name, expected):
    with translation.override("fr"):
        assert de(name, person=True) == expected


def test_the_de_person_filter_in_a_template():
    with translation.override("fr"):
        html = Template("{% load french %}Présence {{ name|de_person }}").render(
            Context({"name": "Agnès Martin"})
        )
    assert html == "Présence d&#x27;Agnès Martin"


def test_the_de_filter_in_a_template():
    with translation.override("fr"):
        html = Template("{% load french %}Boîte de réception {{ name|de }}").render(
            Context({"name": "Innov'mandie"})
        )
    assert html == "Boîte de réception d&#x27;Innov&#x27;mandie"


def test_french_sorting_ignores_accents_and_case():
    regions = ["Normandie", "Île-de-France", "Bretagne", "Grand Est", "Occitanie", "Hauts"]
    assert french_sorted(regions) == [
        "Bretagne",
        "Grand Est",
        "Hauts",
        "Île-de-France",
        "Normandie",
        "Occitanie",
    ]
    themes = ["Santé", "économie", "Économie sociale", "Éducation", "Emploi", "Œuvres", "Zoo"]
    assert french_sorted(themes) == [
        "économie",
        "Économie sociale",
        "Éducation",
        "Emploi",
        "Œuvres",
        "Santé",
        "Zoo",
    ]
    assert fold("Œuvre Île") == "oeuvre ile"


def test_the_french_sort_filter_by_attribute():
    class Row:
        def __init__(self, name):
            self.name = name

    rows = [Row("Zélande"), Row("Île-de-France"), Row("Auvergne")]
    html = Template(
        '{% load french %}{% for r in rows|french_sort:"name" %}{{ r.name }};{% endfor %}'
    ).render(Context({"rows": rows}))
    assert html == "Auvergne;Île-de-France;Zélande;"


def _at(h, m=0, day=24):
    return dt.datetime(2026, 11, day, h, m, tzinfo=PARIS)


def test_hours_in_french():
    with translation.override("fr"), timezone.override(PARIS):
        assert hour(_at(10)) == "10\u00a0h"
        assert hour(_at(9, 5)) == "9\u00a0h\u00a005"
        assert hour(dt.time(14, 30)) == "14\u00a0h\u00a030"
    with translation.override("en"), timezone.override(PARIS):
        assert hour(_at(9, 5)) == "09:05"


def test_time_ranges_in_french():
    with translation.override("fr"), timezone.override(PARIS):
        same_day = time_range(_at(10), _at(11, 30)).replace("\u00a0", " ")
        assert same_day == "mardi 24 novembre 2026, de 10 h à 11 h 30"
        hours = time_range(_at(10), _at(11), with_day=False).replace("\u00a0", " ")
        assert hours == "de 10 h à 11 h"
        two_days = time_range(_at(10), _at(12, day=25)).replace("\u00a0", " ")
        assert two_days == "du mardi 24 novembre 2026 à 10 h au mercredi 25 novembre 2026 à 12 h"


def test_time_range_reads_the_active_zone():
    utc = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    template = Template(
        '{% load french tz %}{% timezone "Europe/Paris" %}{% time_range start end %}'
        "{% endtimezone %}"
    )
    with translation.override("fr"):
        html = template.render(Context({"start": utc, "end": utc + dt.timedelta(hours=1)}))
    assert html.replace("\u00a0", " ") == "mardi 24 novembre 2026, de 10 h à 11 h"


@pytest.mark.django_db
def test_region_choices_of_a_form_are_in_french_order():
    from labnet.www.events.campaign_forms import ProgrammeFilterForm
    from tests.factories import RegionFactory

    for code, name in [("11", "Île-de-France"), ("28", "Normandie"), ("32", "Hauts-de-France")]:
        RegionFactory(code=code, name=name)
    labels = [label for _value, label in ProgrammeFilterForm().fields["region"].choices][1:]
    assert labels == ["Hauts-de-France", "Île-de-France", "Normandie"]


@pytest.mark.django_db
def test_theme_choices_put_economie_among_the_e():
    from labnet.www.resources.forms import ResourceForm
    from tests.factories import ThemeFactory

    for key, name in [
        ("z", "Zéro déchet"),
        ("eco", "Économie"),
        ("edu", "Éducation"),
        ("a", "Achats"),
    ]:
        ThemeFactory(key=key, name_fr=name)
    field = ResourceForm.base_fields["themes"]
    labels = [str(label) for _value, label in field.choices]
    assert labels == ["Achats", "Économie", "Éducation", "Zéro déchet"]
