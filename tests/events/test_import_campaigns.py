"""campaigns.csv and events.csv of the network dataset: validated and loaded with the rest."""

import datetime as dt
import shutil
import zoneinfo
from pathlib import Path

import pytest

from labnet.events.enums import EventStatus
from labnet.events.models import Campaign, Event
from labnet.imports.services import network_import

REAL_DATASET = Path(__file__).resolve().parents[2] / "data" / "network"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(tmp_path) -> Path:
    target = tmp_path / "network"
    shutil.copytree(REAL_DATASET, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _counts(result, name):
    outcome = next(o for o in result.files if o.name == name)
    return outcome.counts.as_dict()


def test_the_2022_month_and_its_events_load_from_the_real_dataset():
    result = network_import(path=REAL_DATASET)

    assert result.ok, "\n".join(e.text() for e in result.errors)
    assert _counts(result, "campaigns") == {"created": 3, "updated": 0, "unchanged": 0}
    assert _counts(result, "events") == {"created": 4, "updated": 0, "unchanged": 0}
    month = Campaign.objects.get(key="mois-innovation-publique-2022")
    assert (month.edition, month.starts_on, month.ends_on) == (
        9,
        dt.date(2022, 11, 2),
        dt.date(2022, 11, 30),
    )
    assert (month.stated_event_count, month.stated_lab_event_share) == (350, 33)
    assert (month.organiser.key, month.source.key, month.accepts_proposals) == (
        "ditp",
        "002_9b32ca9608bf64bf",
        False,
    )
    day = Event.objects.get(key="journee-des-labs-2022")
    assert (day.status, day.campaign, day.organiser_organisation.key) == (
        EventStatus.PUBLISHED,
        month,
        "ditp",
    )
    assert (day.starts_at, day.ends_at, day.time_zone) == (
        dt.datetime(2022, 11, 8, 9, tzinfo=PARIS),
        dt.datetime(2022, 11, 8, 18, tzinfo=PARIS),
        "Europe/Paris",
    )
    inauguration = Event.objects.get(key="inauguration-innovmandie")
    assert (inauguration.organiser_lab.key, inauguration.region_id, inauguration.commune) == (
        "innovmandie",
        "28",
        "Rouen",
    )
    assert [w.field for w in result.warnings] == ["is_online"]

    again = network_import(path=REAL_DATASET)
    assert _counts(again, "campaigns") == {"created": 0, "updated": 0, "unchanged": 3}
    assert _counts(again, "events") == {"created": 0, "updated": 0, "unchanged": 4}


def test_a_re_import_keeps_what_labnet_decided_since(dataset):
    network_import(path=dataset)
    Event.objects.filter(key="citp-vesoul-2021").update(status=EventStatus.CANCELLED)
    Campaign.objects.filter(key="mois-innovation-publique-2022").update(accepts_proposals=True)

    result = network_import(path=dataset)

    assert result.ok
    assert Event.objects.get(key="citp-vesoul-2021").status == EventStatus.CANCELLED
    # A campaign that is over takes no more proposals.
    assert Campaign.objects.get(key="mois-innovation-publique-2022").accepts_proposals is False


def test_an_event_outside_its_campaign_is_refused_and_nothing_is_written(dataset):
    _replace(
        dataset / "events.csv",
        "mois-innovation-publique-2022,,ditp,2022-11-08,2022-11-08",
        "mois-innovation-publique-2022,,ditp,2022-12-08,2022-12-08",
    )

    result = network_import(path=dataset)

    assert not result.ok
    assert [e.text() for e in result.errors] == [
        "events.csv, ligne 2, champ starts_on : l'événement doit se tenir "
        "pendant sa campagne « mois-innovation-publique-2022 » (du 2022-11-02 au 2022-11-30)."
    ]
    assert (Campaign.objects.count(), Event.objects.count()) == (0, 0)


def test_ends_before_starts_and_bad_numbers_are_reported(dataset):
    _replace(dataset / "events.csv", "2021-07-23,2021-07-23", "2021-07-23,2021-07-22")
    _replace(dataset / "campaigns.csv", "national_month,9,", "national_month,neuf,")
    _replace(dataset / "campaigns.csv", ",ditp,350,33,", ",ditp,350,133,")

    result = network_import(path=dataset)

    assert [(e.file, e.row, e.field) for e in result.errors] == [
        ("campaigns.csv", 2, "edition"),
        ("campaigns.csv", 2, "stated_lab_event_share"),
        ("events.csv", 5, "ends_on"),
    ]
    messages = [e.message for e in result.errors]
    assert messages == [
        "« neuf » n'est pas un nombre entier positif (ex. 12).",
        "« 133 » est hors de la plage permise (0 à 100).",
        "la fin (2021-07-22) est avant le début (2021-07-23).",
    ]
    assert Event.objects.count() == 0
