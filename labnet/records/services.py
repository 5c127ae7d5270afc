"""Writes of the record: a lab confirms a contribution, a person chooses what to show and
asks for an attestation, or revokes one. Each is audited."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.projects.models import ProjectPerson

from .audit import RecordsAction
from .models import Attestation, Confirmation, ShownLine
from .rules import can_confirm_contribution
from .selectors import record_lines

STATEMENT_MAX = 300


def contribution_confirm(
    *, actor, project, user, statement: str, channel: str = AuditEntry.Channel.WEB
) -> Confirmation:
    """Confirm, in a short sentence, what `user` brought to `project` (again to reword it)."""
    if not can_confirm_contribution(actor, project):
        raise PermissionDenied(
            _("Seule l'équipe du laboratoire qui porte le projet confirme les contributions.")
        )
    statement = " ".join((statement or "").split())
    if not statement:
        raise ValidationError({"statement": _("Dites en une phrase ce que la personne a apporté.")})
    if len(statement) > STATEMENT_MAX:
        raise ValidationError(
            {
                "statement": _("La phrase tient en %(max)d caractères au plus.")
                % {"max": STATEMENT_MAX}
            }
        )
    if not ProjectPerson.objects.filter(project=project, user=user).exists():
        raise ValidationError(
            {"user": _("Cette personne ne fait pas partie des personnes du projet.")}
        )
    with transaction.atomic():
        confirmation, created = Confirmation.objects.update_or_create(
            project=project,
            user=user,
            defaults={"statement": statement, "confirmed_by": actor},
        )
        audit_record(
            actor=actor,
            action=RecordsAction.CONTRIBUTION_CONFIRM,
            target=confirmation,
            changes={"statement": statement, "created": created},
            channel=channel,
        )
    return confirmation


def record_lines_show(*, actor, keys: list[str]) -> list[str]:
    """Show on `actor`'s public profile exactly the lines `keys` (public ones only)."""
    allowed = {line.key for line in record_lines(actor) if line.public}
    unknown = sorted(set(keys) - allowed)
    if unknown:
        raise ValidationError(
            {
                "keys": _("Ces lignes ne peuvent pas être montrées : %(keys)s")
                % {"keys": ", ".join(unknown)}
            }
        )
    chosen = sorted(set(keys))
    with transaction.atomic():
        ShownLine.objects.filter(user=actor).exclude(key__in=chosen).delete()
        existing = set(ShownLine.objects.filter(user=actor).values_list("key", flat=True))
        ShownLine.objects.bulk_create(
            [ShownLine(user=actor, key=key) for key in chosen if key not in existing]
        )
        audit_record(actor=actor, action=RecordsAction.RECORD_LINES_SHOW, changes={"keys": chosen})
    return chosen


def _attestation_number() -> str:
    # 64 random bits, as the training certificates: a number cannot be guessed.
    return f"LP-{timezone.now().year}-{secrets.token_hex(8).upper()}"


def attestation_issue(
    *, actor, keys: list[str], language: str = "fr", channel: str = AuditEntry.Channel.WEB
) -> Attestation:
    """An attestation of the chosen lines of `actor`'s own record."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Connectez-vous pour obtenir une attestation."))
    own = {line.key for line in record_lines(actor)}
    chosen = [key for key in dict.fromkeys(keys) if key in own]
    if not chosen:
        raise ValidationError({"keys": _("Choisissez au moins une ligne de votre parcours.")})
    if language not in {"fr", "en"}:
        language = "fr"
    with transaction.atomic():
        attestation = Attestation.objects.create(
            number=_attestation_number(), user=actor, keys=chosen, language=language
        )
        audit_record(
            actor=actor,
            action=RecordsAction.ATTESTATION_ISSUE,
            target=attestation,
            changes={"keys": chosen, "language": language},
            channel=channel,
        )
    return attestation


def attestation_revoke(
    *, actor, attestation: Attestation, channel: str = AuditEntry.Channel.WEB
) -> Attestation:
    if attestation.user_id != actor.pk:
        raise PermissionDenied(_("Seule la personne attestée peut révoquer son attestation."))
    if attestation.revoked_at is not None:
        return attestation
    with transaction.atomic():
        attestation.revoked_at = timezone.now()
        attestation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=RecordsAction.ATTESTATION_REVOKE,
            target=attestation,
            channel=channel,
        )
    return attestation
