"""The seeds' training facts load from data/network, stated figures apart from live ones."""

from pathlib import Path

import pytest
from django.core.management import call_command

from labnet.imports.registry import registry
from labnet.trainings.models import Cohort, Programme

ROOT = Path(__file__).resolve().parents[2]


def test_programmes_and_cohorts_are_registered_after_their_references():
    names = [entry.spec.name for entry in registry.entries()]
    assert "programmes" not in registry.deferred
    assert "cohorts" not in registry.deferred
    assert names.index("organisations") < names.index("programmes") < names.index("cohorts")
    assert names.index("labs") < names.index("cohorts")


@pytest.mark.django_db
def test_the_network_files_load_the_seeds_training_facts():
    call_command("import_network", str(ROOT / "data" / "network"), verbosity=0)

    clip = Programme.objects.get(key="clip")
    assert clip.kind == "course"
    assert clip.organiser_organisation.key == "ditp"
    assert clip.stated_trained_count == 50
    assert clip.source.key == "002_9b32ca9608bf64bf"
    codev = Programme.objects.get(key="ditp-co-developpement")
    assert (codev.kind, codev.stated_recurrence, codev.stated_trained_count) == (
        "co_development",
        "monthly",
        None,
    )
    cohorts = {
        c.key: (c.number, c.status, sorted(c.member_labs.values_list("key", flat=True)))
        for c in Cohort.objects.filter(programme=clip)
    }
    assert cohorts == {
        "clip-promotion-1": (1, "completed", ["lab-bourgogne-franche-comte"]),
        "clip-promotion-2": (2, "", []),
        "clip-promotion-3": (3, "planned", []),
    }
    # Nobody enrolled through LabNet: the stated 50 is not a live count.
    assert not clip.cohorts.filter(enrolments__isnull=False).exists()

    # Importing again changes nothing.
    call_command("import_network", str(ROOT / "data" / "network"), verbosity=0)
    assert Programme.objects.count() == 2
    assert Cohort.objects.count() == 3
