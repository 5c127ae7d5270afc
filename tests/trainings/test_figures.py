"""Counts of people enrolled, attending and trained per programme, cohort, lab and year."""

import datetime as dt

import pytest
from django.utils import timezone

from labnet.trainings.figures import training_figures
from labnet.trainings.selectors import programme_list
from tests.factories import LabFactory, UserFactory

from .factories import AttendanceFactory, CohortFactory, EnrolmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    clip = ProgrammeFactory(name="CLIP", stated_trained_count=50)
    codev = ProgrammeFactory(name="Co-développement")
    lab = LabFactory(name="Lab BFC")
    first, second = (CohortFactory(programme=clip, number=n, name=f"P{n}") for n in (1, 2))
    anne, bruno, chloe = (UserFactory(full_name=name) for name in ("Anne", "Bruno", "Chloé"))
    # Anne: trained in P1 and enrolled again in P2 (counted once per programme).
    anne_p1 = EnrolmentFactory(cohort=first, user=anne, lab=lab, completed_at=timezone.now())
    AttendanceFactory(enrolment=anne_p1, session__cohort=first)
    EnrolmentFactory(cohort=second, user=anne, lab=lab)
    # Bruno: attended once (and was absent once) in P1.
    bruno_p1 = EnrolmentFactory(cohort=first, user=bruno)
    AttendanceFactory(enrolment=bruno_p1, session__cohort=first)
    AttendanceFactory(enrolment=bruno_p1, session__cohort=first, present=False)
    # Chloé: waiting in P2 (not enrolled), cancelled in P1.
    EnrolmentFactory(cohort=second, user=chloe, status="waiting", position=1)
    EnrolmentFactory(cohort=first, user=chloe, status="cancelled")
    return clip, codev


def test_programme_counts_are_people_not_enrolments(network):
    counts = {
        p.name: (p.cohort_count, p.enrolled_count, p.attending_count, p.trained_count)
        for p in programme_list()
    }
    assert counts == {"CLIP": (2, 2, 2, 1), "Co-développement": (0, 0, 0, 0)}


def test_figures_by_every_dimension(network, django_assert_num_queries):
    with django_assert_num_queries(5):
        figures = training_figures()

    def rows(key):
        return [(r.label, r.enrolled, r.attending, r.trained) for r in figures[key]]

    assert rows("programmes") == [("CLIP", 2, 2, 1), ("Co-développement", 0, 0, 0)]
    assert [(p.name, p.stated_trained_count) for p in figures["stated"]] == [("CLIP", 50)]
    assert rows("cohorts") == [("P1", 2, 2, 1), ("P2", 1, 0, 0)]
    assert rows("labs") == [("Lab BFC", 1, 1, 1), ("Sans laboratoire", 1, 1, 0)]
    year = str(timezone.localdate().year)
    assert rows("years") == [(year, 2, 2, 1)]
    totals = figures["totals"]
    assert (totals.enrolled, totals.attending, totals.trained) == (2, 2, 1)


def test_year_is_the_year_of_enrolment_in_paris(db):
    enrolment = EnrolmentFactory()
    # 31 December 23:30 UTC is already 1 January in Paris.
    enrolment.created_at = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
    enrolment.save()
    assert [r.label for r in training_figures()["years"]] == ["2026"]
