"""The real network dataset in data/network loads as it is."""

from pathlib import Path

import pytest

from labnet.imports.services import network_import
from labnet.labs.models import Lab
from labnet.territories.models import Department, Region

REAL_DATASET = Path(__file__).resolve().parents[2] / "data" / "network"


@pytest.mark.django_db
@pytest.mark.skipif(not REAL_DATASET.exists(), reason="data/network is not there yet")
def test_the_real_dataset_loads():
    result = network_import(path=REAL_DATASET)

    assert result.ok, "\n".join(e.text() for e in result.errors)
    # No re-keyed duplicate, no column missing; only the one the model cannot store
    # as unknown (an event's is_online) may be noted.
    assert [w.text() for w in result.warnings if w.field != "is_online"] == []
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert Lab.objects.filter(key="innovmandie").exists()

    again = network_import(path=REAL_DATASET)
    assert all(o.counts.created == o.counts.updated == 0 for o in again.files)
