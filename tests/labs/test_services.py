from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from labnet.core.models import AuditEntry
from labnet.labs.services import lab_update_profile
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_lead_updates_profile_and_the_change_is_audited(lab, lab_lead):
    theme = ThemeFactory(key="rh", name_fr="Ressources humaines")
    lab_update_profile(
        actor=lab_lead,
        lab=lab,
        data={"summary": "Nouveau texte", "team_fte": Decimal("3.5")},
        themes=[theme],
    )
    lab.refresh_from_db()
    assert lab.summary == "Nouveau texte"
    assert lab.team_fte == Decimal("3.5")
    assert list(lab.themes.values_list("key", flat=True)) == ["rh"]
    entry = AuditEntry.objects.get(action="labs.lab_update_profile")
    assert entry.actor == lab_lead
    assert entry.changes["summary"][1] == "Nouveau texte"
    assert entry.changes["team_fte"] == [None, "3.5"]
    assert entry.changes["themes"] == [[], ["rh"]]


@pytest.mark.parametrize("who", ["agent", "lab_member"])
def test_members_and_agents_cannot_edit_the_profile(request, lab, who):
    with pytest.raises(PermissionDenied):
        lab_update_profile(actor=request.getfixturevalue(who), lab=lab, data={"summary": "x"})
    lab.refresh_from_db()
    assert lab.summary != "x"
    assert not AuditEntry.objects.exists()


def test_anonymous_cannot_edit(lab):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        lab_update_profile(actor=AnonymousUser(), lab=lab, data={"summary": "x"})


def test_coordinator_edits_any_lab(lab, coordinator):
    lab_update_profile(actor=coordinator, lab=lab, data={"email": "lab@region.gouv.fr"})
    lab.refresh_from_db()
    assert lab.email == "lab@region.gouv.fr"


def test_only_profile_fields_are_editable(lab, lab_lead):
    with pytest.raises(ValueError, match="Not editable"):
        lab_update_profile(actor=lab_lead, lab=lab, data={"kind": "ministry"})
