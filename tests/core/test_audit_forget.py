import pytest

from labnet.core.models import AuditEntry
from labnet.core.services import audit_forget, audit_record
from tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_forget_blanks_only_the_entries_about_the_given_rows():
    actor = UserFactory()
    first, second, third = LabFactory(name="Lab Un"), LabFactory(name="Lab Deux"), LabFactory()
    about_first = audit_record(actor=actor, action="lab.update", target=first, changes={"a": 1})
    about_second = audit_record(actor=actor, action="lab.update", target=second, changes={"b": 2})
    about_third = audit_record(actor=actor, action="lab.update", target=third, changes={"c": 3})
    # Same id, another model: untouched.
    about_user = AuditEntry.objects.create(
        actor=actor,
        channel="web",
        action="accounts.user_register",
        target_type="accounts.user",
        target_id=str(first.pk),
        target_repr=str(actor),
    )

    assert audit_forget(type(first), [first.pk, second.pk]) == 2
    assert audit_forget(first, []) == 0

    rows = {
        e.pk: (e.action, e.actor_id, e.target_type, e.target_id, e.target_repr, e.changes)
        for e in AuditEntry.objects.exclude(action="core.audit_redact")
    }
    assert rows == {
        about_first.pk: ("lab.update", actor.pk, "labs.lab", str(first.pk), "", {}),
        about_second.pk: ("lab.update", actor.pk, "labs.lab", str(second.pk), "", {}),
        about_third.pk: (
            "lab.update",
            actor.pk,
            "labs.lab",
            str(third.pk),
            str(third),
            {"c": 3},
        ),
        about_user.pk: (
            "accounts.user_register",
            actor.pk,
            "accounts.user",
            str(first.pk),
            str(actor),
            {},
        ),
    }
