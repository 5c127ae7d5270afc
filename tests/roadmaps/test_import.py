"""roadmaps.json and indicators.csv load through import_network, all or nothing."""

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from labnet.impact.models import Indicator, Measurement
from labnet.imports.services import network_import
from labnet.roadmaps.models import Axis, Group, Item, Roadmap
from labnet.search.models import MemoryDocument

REAL_DATASET = Path(__file__).resolve().parents[2] / "data" / "network"
CAP = "cap-2030-pays-de-la-loire"


@pytest.fixture
def dataset(tmp_path):
    target = tmp_path / "network"
    shutil.copytree(REAL_DATASET, target)
    return target


@pytest.mark.django_db
def test_the_real_roadmaps_and_indicators_load_and_nothing_is_left_aside(dataset):
    result = network_import(path=dataset)
    assert result.ok, "\n".join(e.text() for e in result.errors)
    assert not any("roadmaps" in name or "indicators" in name for name in result.deferred)

    cap = Roadmap.objects.get(key=CAP)
    assert cap.title == "CAP 2030"
    assert cap.lab.key == "etat-lin" and cap.region.code == "52"
    assert cap.stated_project_count == 22 and cap.stated_axis_count == 3
    assert (cap.period_start, cap.period_end) == (None, None)
    assert list(cap.axes.order_by("position").values_list("title", flat=True)) == [
        "Transformation managériale",
        "Transformation numérique",
        "Transformation des méthodes",
    ]
    assert Item.objects.filter(group__axis__roadmap=cap).count() == 19
    assert Group.objects.filter(axis__roadmap=cap).count() == 6
    first = Item.objects.get(key="cap-2030-acculturation-top-management")
    assert (first.group.position, first.position) == (1, 1)
    est = Roadmap.objects.get(key="lab-est-feuille-de-route")
    assert est.stated_axis_count == 5 and est.stated_project_count == 4
    assert est.axes.count() == 0
    # Planned items are in the network's memory.
    assert MemoryDocument.objects.filter(kind="roadmap_item").count() == 19

    halved = Indicator.objects.get(key="lab-o-accelerateur-delai-moyen-traitement")
    assert halved.project.key == "lab-o-accelerateur-france-relance-hautes-pyrenees"
    assert (halved.direction, halved.unit, halved.is_public) == ("decrease", "percent", True)
    assert halved.baseline_value is None and halved.target_value is None
    assert [(m.value, m.measured_on, m.is_imported) for m in halved.measurements.all()] == [
        (Decimal("-50"), None, True)
    ]
    care = Indicator.objects.get(key="lab-o-accelerateur-delai-prise-en-charge")
    assert care.target_value == Decimal("24") and care.measurements.count() == 0

    again = network_import(path=dataset)
    assert again.ok
    assert all(o.counts.created == o.counts.updated == 0 for o in again.files)
    assert Item.objects.count() == 19 and Axis.objects.count() == 3
    assert Measurement.objects.count() == 1


def _edit_roadmaps(dataset, change):
    path = dataset / "roadmaps.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False))


@pytest.mark.django_db
def test_a_bad_nested_item_is_reported_with_its_path_and_nothing_is_written(dataset):
    def break_it(data):
        data[0]["axes"][1]["groups"][0]["items"][1]["key"] = "Pas Une Clé"
        data[0]["axes"][2]["groups"][0]["items"][0]["colour"] = "red"

    _edit_roadmaps(dataset, break_it)
    result = network_import(path=dataset)
    assert not result.ok
    messages = " ".join(e.text() for e in result.errors)
    assert "axes[1].groups[0].items[1].key : « Pas Une Clé » n'est pas une clé valide" in messages
    assert "axes[2].groups[0].items[0].colour : champ inconnu du format" in messages
    assert Roadmap.objects.count() == 0 and Indicator.objects.count() == 0


@pytest.mark.django_db
def test_an_item_key_used_twice_is_refused(dataset):
    def duplicate(data):
        data[0]["axes"][0]["groups"][0]["items"][1]["key"] = "cap-2030-acculturation-top-management"

    _edit_roadmaps(dataset, duplicate)
    result = network_import(path=dataset)
    assert not result.ok
    assert any(
        "la clé « cap-2030-acculturation-top-management » est déjà utilisée" in e.text()
        for e in result.errors
    )


@pytest.mark.django_db
def test_a_period_loads_as_years_and_a_reimport_keeps_what_labnet_added(dataset):
    _edit_roadmaps(dataset, lambda data: data[1].update(period="2021-2027"))
    assert network_import(path=dataset).ok
    est = Roadmap.objects.get(key="lab-est-feuille-de-route")
    assert (est.period_start, est.period_end, est.period) == (2021, 2027, "2021–2027")
    item = Item.objects.get(key="cap-2030-carte-agent")
    item.description = "Ajouté sur LabNet"
    item.save()
    assert network_import(path=dataset).ok
    item.refresh_from_db()
    assert item.description == "Ajouté sur LabNet"


@pytest.mark.django_db
def test_an_indicator_without_project_or_with_a_bad_number_is_refused(dataset):
    path = dataset / "indicators.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace(",-50,", ",moitié,")
    lines[2] = lines[2].replace("lab-o-accelerateur-france-relance-hautes-pyrenees", "inconnu")
    path.write_text("\n".join(lines) + "\n")
    result = network_import(path=dataset)
    assert not result.ok
    text = " ".join(e.text() for e in result.errors)
    assert "« moitié » n'est pas un nombre" in text
    assert "« inconnu »" in text
    assert Indicator.objects.count() == 0
