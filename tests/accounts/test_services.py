import pytest
from django.core.exceptions import PermissionDenied

from labnet.accounts.enums import LabRole
from labnet.accounts.models import Membership
from labnet.accounts.services import membership_grant, membership_revoke
from labnet.core.models import AuditEntry
from tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_lead_adds_a_member_and_it_is_audited(lab, lab_lead, agent):
    membership = membership_grant(actor=lab_lead, user=agent, lab=lab, role=LabRole.MEMBER)
    assert membership.role == "member"
    entry = AuditEntry.objects.get(action="accounts.membership_grant")
    assert entry.actor == lab_lead
    assert entry.changes == {"role": [None, "member"]}


def test_lead_changes_a_role_without_duplicating_membership(lab, lab_lead, lab_member):
    membership_grant(actor=lab_lead, user=lab_member, lab=lab, role=LabRole.LEAD)
    assert Membership.objects.get(user=lab_member, lab=lab).role == "lead"
    assert Membership.objects.filter(user=lab_member).count() == 1


@pytest.mark.parametrize("who", ["agent", "lab_member", "other_lead"])
def test_only_lead_or_coordinator_manage_the_team(request, lab, who):
    if who == "other_lead":
        from tests.factories import MembershipFactory

        actor = MembershipFactory(lab=LabFactory(), lead=True).user
    else:
        actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        membership_grant(actor=actor, user=UserFactory(), lab=lab)
    assert not AuditEntry.objects.filter(action="accounts.membership_grant").exists()


def test_coordinator_manages_any_team(lab, coordinator, lab_member):
    membership = Membership.objects.get(user=lab_member, lab=lab)
    membership_revoke(actor=coordinator, membership=membership)
    assert not Membership.objects.filter(user=lab_member, lab=lab).exists()
    assert AuditEntry.objects.get(action="accounts.membership_revoke").changes == {
        "role": ["member", None]
    }
