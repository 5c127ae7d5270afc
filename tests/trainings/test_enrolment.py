"""Enrolment, the waiting list and cancellation, through the services."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.trainings.enums import EnrolmentStatus
from labnet.trainings.models import Enrolment
from labnet.trainings.services.enrolment import enrolment_cancel, enrolment_create
from labnet.trainings.services.sessions import cohort_update
from tests.factories import MembershipFactory, UserFactory

from .factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def _statuses(cohort):
    return list(
        Enrolment.objects.filter(cohort=cohort)
        .order_by("pk")
        .values_list("user__email", "status", "position")
    )


def test_enrolment_confirms_until_capacity_then_numbers_the_waiting_list(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory(capacity=2, name="CLIP — promotion 3")
    people = [UserFactory(email=f"p{n}@exemple.gouv.fr") for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            enrolment_create(actor=person, cohort=cohort)

    assert _statuses(cohort) == [
        ("p0@exemple.gouv.fr", "confirmed", None),
        ("p1@exemple.gouv.fr", "confirmed", None),
        ("p2@exemple.gouv.fr", "waiting", 1),
        ("p3@exemple.gouv.fr", "waiting", 2),
    ]
    assert [m.subject for m in mail.outbox] == [
        "Inscription confirmée : CLIP — promotion 3",
        "Inscription confirmée : CLIP — promotion 3",
        "Liste d'attente : CLIP — promotion 3",
        "Liste d'attente : CLIP — promotion 3",
    ]
    assert "au rang 2" in mail.outbox[3].body
    assert AuditEntry.objects.filter(action="trainings.enrolment_create").count() == 4


def test_enrolment_records_the_persons_lab(lab):
    member = MembershipFactory(lab=lab).user
    enrolment = enrolment_create(actor=member, cohort=CohortFactory())
    assert enrolment.lab == lab


def test_unlimited_cohort_confirms_everyone():
    cohort = CohortFactory(capacity=None)
    for _n in range(3):
        assert enrolment_create(actor=UserFactory(), cohort=cohort).status == "confirmed"


def test_duplicate_enrolment_is_refused_in_french(agent):
    cohort = CohortFactory()
    enrolment_create(actor=agent, cohort=cohort)
    with pytest.raises(ValidationError) as error:
        enrolment_create(actor=agent, cohort=cohort)
    assert error.value.message_dict == {"cohort": ["Vous êtes déjà inscrit à cette promotion."]}
    assert Enrolment.objects.filter(cohort=cohort).count() == 1


def test_closed_cohort_refuses_enrolment(agent):
    cohort = CohortFactory(enrolment_open=False)
    with pytest.raises(ValidationError) as error:
        enrolment_create(actor=agent, cohort=cohort)
    assert error.value.message_dict == {
        "cohort": ["Les inscriptions à cette promotion ne sont pas ouvertes."]
    }
    assert not Enrolment.objects.exists()


def test_anonymous_cannot_enrol():
    with pytest.raises(PermissionDenied):
        enrolment_create(actor=AnonymousUser(), cohort=CohortFactory())


def test_cancel_promotes_the_first_waiting_and_renumbers(django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=1, name="Promo")
    first, second, third = (UserFactory(email=f"u{n}@exemple.gouv.fr") for n in range(3))
    held = enrolment_create(actor=first, cohort=cohort)
    enrolment_create(actor=second, cohort=cohort)
    enrolment_create(actor=third, cohort=cohort)

    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(actor=first, enrolment=held)

    assert _statuses(cohort) == [
        ("u0@exemple.gouv.fr", "cancelled", None),
        ("u1@exemple.gouv.fr", "confirmed", None),
        ("u2@exemple.gouv.fr", "waiting", 1),
    ]
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("Une place s'est libérée : Promo", ["u1@exemple.gouv.fr"])
    ]
    assert list(
        AuditEntry.objects.filter(action__startswith="trainings.")
        .values_list("action", flat=True)
        .order_by("pk")
    )[-2:] == ["trainings.enrolment_cancel", "trainings.promote_waiting"]


def test_leaving_the_waiting_list_closes_the_gap():
    cohort = CohortFactory(capacity=1)
    enrolment_create(actor=UserFactory(email="a@x.fr"), cohort=cohort)
    second = enrolment_create(actor=UserFactory(email="b@x.fr"), cohort=cohort)
    enrolment_create(actor=UserFactory(email="c@x.fr"), cohort=cohort)
    enrolment_cancel(actor=second.user, enrolment=second)
    assert _statuses(cohort) == [
        ("a@x.fr", "confirmed", None),
        ("b@x.fr", "cancelled", None),
        ("c@x.fr", "waiting", 1),
    ]


def test_a_person_may_enrol_again_after_cancelling(agent):
    cohort = CohortFactory()
    enrolment_cancel(actor=agent, enrolment=enrolment_create(actor=agent, cohort=cohort))
    assert enrolment_create(actor=agent, cohort=cohort).status == "confirmed"


def test_only_the_person_or_a_manager_cancels(agent, coordinator):
    enrolment = EnrolmentFactory(user=agent)
    with pytest.raises(PermissionDenied):
        enrolment_cancel(actor=UserFactory(), enrolment=enrolment)
    assert enrolment_cancel(actor=coordinator, enrolment=enrolment).status == "cancelled"


def test_completed_enrolment_cannot_be_cancelled(agent):
    enrolment = EnrolmentFactory(user=agent, completed_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        enrolment_cancel(actor=agent, enrolment=enrolment)
    assert error.value.message_dict == {
        "enrolment": ["Cette formation est terminée : l'inscription ne peut plus être annulée."]
    }
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CONFIRMED


def test_capacity_below_confirmed_is_refused_and_nothing_changes(coordinator):
    cohort = CohortFactory(capacity=5)
    for _n in range(3):
        enrolment_create(actor=UserFactory(), cohort=cohort)
    with pytest.raises(ValidationError) as error:
        cohort_update(actor=coordinator, cohort=cohort, capacity=2, enrolment_open=False)
    assert error.value.message_dict == {
        "capacity": [
            "3 personnes sont déjà inscrites : le nombre de places ne peut pas être inférieur."
        ]
    }
    cohort.refresh_from_db()
    assert (cohort.capacity, cohort.enrolment_open) == (5, True)


def test_more_places_go_to_the_waiting_list_in_order(coordinator):
    cohort = CohortFactory(capacity=1)
    for email in ("a@x.fr", "b@x.fr", "c@x.fr", "d@x.fr"):
        enrolment_create(actor=UserFactory(email=email), cohort=cohort)
    cohort_update(actor=coordinator, cohort=cohort, capacity=3, enrolment_open=True)
    assert _statuses(cohort) == [
        ("a@x.fr", "confirmed", None),
        ("b@x.fr", "confirmed", None),
        ("c@x.fr", "confirmed", None),
        ("d@x.fr", "waiting", 1),
    ]


def test_cohort_update_is_for_managers(lab_member, lab):
    cohort = CohortFactory()
    with pytest.raises(PermissionDenied):
        cohort_update(actor=lab_member, cohort=cohort, capacity=3, enrolment_open=True)
    cohort.programme.organiser_lab = lab
    cohort.programme.save()
    cohort_update(actor=lab_member, cohort=cohort, capacity=3, enrolment_open=True)
    cohort.refresh_from_db()
    assert cohort.capacity == 3
