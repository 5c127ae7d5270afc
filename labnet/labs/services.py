"""Writes to labs. Each checks permission, runs in one transaction and is audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes
from labnet.labs.audit import LabsAction

from .models import Lab, LabContributor
from .rules import can_edit_lab_profile, can_manage_contributors

EDITABLE_PROFILE_FIELDS = (
    "summary",
    "email",
    "website",
    "team_fte",
    "is_itinerant",
    "missions",
    "first_answer_hours",
)


def lab_update_profile(
    *, actor, lab: Lab, data: dict, themes=None, channel=AuditEntry.Channel.WEB
) -> Lab:
    """Update what a lab's lead keeps about it: presentation, contact, team size, themes."""
    if not can_edit_lab_profile(actor, lab):
        raise PermissionDenied("Only the lab's lead or the network coordinator may edit it.")
    unknown = set(data) - set(EDITABLE_PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        lab = Lab.objects.select_for_update().get(pk=lab.pk)
        changes = model_changes(lab, data)
        for field, value in data.items():
            setattr(lab, field, value)
        lab.full_clean()
        lab.save()
        if themes is not None:
            before = sorted(lab.themes.values_list("key", flat=True))
            after = sorted(t.key for t in themes)
            if before != after:
                lab.themes.set(themes)
                changes["themes"] = [before, after]
        audit_record(
            actor=actor,
            action=LabsAction.LAB_UPDATE_PROFILE,
            target=lab,
            changes=changes,
            channel=channel,
        )
    return lab


def lab_contributor_add(
    *, actor, lab: Lab, user, reason: str = "", channel=AuditEntry.Channel.WEB, check=True
) -> LabContributor:
    """Put a person in the lab's pool of contributors (idempotent).

    `check=False` is for services that already decided with their own rule, such as a
    call's owner accepting an answer to a call for contributors.
    """
    if check and not can_manage_contributors(actor, lab):
        raise PermissionDenied("Only the lab's team or the coordinator may add contributors.")
    with transaction.atomic():
        contributor, created = LabContributor.objects.get_or_create(
            lab=lab, user=user, defaults={"reason": reason[:300]}
        )
        if created:
            audit_record(
                actor=actor,
                action=LabsAction.LAB_CONTRIBUTOR_ADD,
                target=contributor,
                changes={"lab": lab.key, "user": str(user.pk), "reason": reason[:300]},
                channel=channel,
            )
    return contributor


def lab_contributor_remove(*, actor, lab: Lab, user, channel=AuditEntry.Channel.WEB) -> None:
    if not can_manage_contributors(actor, lab):
        raise PermissionDenied("Only the lab's team or the coordinator may remove contributors.")
    with transaction.atomic():
        contributor = LabContributor.objects.filter(lab=lab, user=user).first()
        if contributor is None:
            return
        audit_record(
            actor=actor,
            action=LabsAction.LAB_CONTRIBUTOR_REMOVE,
            target=contributor,
            changes={"lab": lab.key, "user": str(user.pk)},
            channel=channel,
        )
        contributor.delete()
