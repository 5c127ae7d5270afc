"""The consumer of `labnet.core.personal_data`: a person's download, the erasure of an
account, and the retention rule. Also the sections of the apps that came before the
registry (accounts, labs, projects, intake, core) and of this app, registered from
PeopleConfig.ready().

Erasure keeps shared history: project journals, stage decisions, request histories and
submitted requests keep pointing at the User row, which is anonymised (its name becomes
« Personne anonymisée », see accounts.models.ANONYMOUS_NAME); what is only about the
person (profile, messages, team memberships, pool entries, drafts) is deleted.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast, Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.accounts.models import ANONYMOUS_NAME, Membership
from labnet.core.models import AuditEntry
from labnet.core.personal_data import PersonalDataSection, sections
from labnet.core.services import audit_forget, audit_record, audit_redact
from labnet.people.audit import PeopleAction

EXPORT_FORMAT = "labnet-personal-data/1"
DEFAULT_RETENTION_DAYS = 30


def retention_days() -> int:
    return int(getattr(settings, "LABNET_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def _iso(value):
    return value.isoformat() if value is not None else None


# --- the consumer ------------------------------------------------------------------------------


def personal_data_export(*, actor, user, channel=AuditEntry.Channel.WEB) -> dict:
    """Everything LabNet holds about `user`, one key per registered section (audited)."""
    if not (actor and actor.is_authenticated and actor.pk == user.pk):
        raise PermissionDenied("Only the person may download their data.")
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "sections": {section.key: section.export(user) for section in sections},
    }
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=PeopleAction.PERSONAL_DATA_EXPORT,
            target=user,
            changes={"sections": sections.keys},
            channel=channel,
        )
    return data


def account_erase(*, actor, user, confirmation: str, channel=AuditEntry.Channel.WEB) -> None:
    """Erase `user`'s account: every section erases its part, then the row is anonymised.

    `confirmation` is the account's e-mail address or password, typed again.
    """
    if not (actor and actor.is_authenticated and actor.pk == user.pk):
        raise PermissionDenied("Only the person may erase their account.")
    if user.erased_at is not None:
        raise ValidationError(_("Ce compte est déjà effacé."))
    typed = (confirmation or "").strip()
    if not typed or not (typed.lower() == user.email.lower() or user.check_password(typed)):
        raise ValidationError(
            {
                "confirmation": _(
                    "Saisissez votre adresse électronique ou votre mot de passe pour confirmer."
                )
            }
        )
    with transaction.atomic():
        for section in sections:
            if section.erase is not None:
                section.erase(user)
        _anonymise(user)
        # The entry itself names nobody: the row is anonymised before it is written.
        audit_record(
            actor=None,
            action=PeopleAction.ACCOUNT_ERASE,
            target=user,
            changes={"sections": sections.keys},
            channel=channel,
        )


def _anonymise(user) -> None:
    user.full_name = ANONYMOUS_NAME
    user.email = f"erased-{user.pk}@invalid"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = user.is_superuser = user.is_coordinator = False
    user.erased_at = timezone.now()
    user.proconnect_sub = user.siret = ""
    user.organisation = None
    user.mfa_enabled = False
    user.save()
    # Its second factor (authenticator and recovery codes) goes with the account.
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    # The API tokens went with their section (accounts.api_tokens.api_tokens_erase).


def personal_data_purge(*, now=None) -> dict[str, int]:
    """The retention rule: each section removes what it keeps only for a while (e.g.
    visitors' data never confirmed) older than LABNET_RETENTION_DAYS. {section: rows}."""
    now = now or timezone.now()
    counts = {}
    with transaction.atomic():
        for section in sections:
            if section.purge is not None:
                counts[section.key] = section.purge(now)
        audit_record(
            actor=None,
            action=PeopleAction.PERSONAL_DATA_PURGE,
            changes={"counts": counts, "retention_days": retention_days()},
            channel=AuditEntry.Channel.COMMAND,
        )
    return counts


def retention_cutoff(now):
    return now - timedelta(days=retention_days())


# --- sections of the apps that hold personal data ---------------------------------------------


def _account_export(user):
    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_coordinator": user.is_coordinator,
        "is_active": user.is_active,
        "signs_in_with_proconnect": bool(user.proconnect_sub),
        "siret": user.siret,
        "organisation": user.organisation.name if user.organisation_id else None,
        "second_factor": user.mfa_enabled,
    }


def _memberships_export(user):
    return [
        {"lab": m.lab.key, "lab_name": m.lab.name, "role": m.role, "since": _iso(m.created_at)}
        for m in Membership.objects.filter(user=user).select_related("lab").order_by("lab__key")
    ]


def _memberships_erase(user):
    Membership.objects.filter(user=user).delete()


def _contributions_export(user):
    from labnet.labs.models import LabContributor

    return [
        {"lab": c.lab.key, "lab_name": c.lab.name, "reason": c.reason, "since": _iso(c.created_at)}
        for c in LabContributor.objects.filter(user=user).select_related("lab").order_by("lab__key")
    ]


def _contributions_erase(user):
    from labnet.labs.models import LabContributor

    LabContributor.objects.filter(user=user).delete()


def _projects_export(user):
    """The person's place in projects; the rows stay on erasure (shared history)."""
    from labnet.projects.models import (
        Activity,
        InternalNote,
        NextStep,
        ProjectDocument,
        ProjectPerson,
        StageTransition,
    )

    return {
        "roles": [
            {"project": p.project.key, "title": p.project.title, "role": p.role}
            for p in ProjectPerson.objects.filter(user=user).select_related("project")
        ],
        "journal_entries": [
            {
                "project": a.project.key,
                "kind": a.kind,
                "date": _iso(a.happened_on),
                "title": a.title,
                "notes": a.notes,
            }
            for a in Activity.objects.filter(created_by=user).select_related("project")
        ],
        "stage_decisions": [
            {
                "project": t.project.key,
                "from": t.from_stage,
                "to": t.to_stage,
                "at": _iso(t.created_at),
            }
            for t in StageTransition.objects.filter(actor=user).select_related("project")
        ],
        "internal_notes": [
            {"project": n.project.key, "body": n.body, "at": _iso(n.created_at)}
            for n in InternalNote.objects.filter(author=user).select_related("project")
        ],
        "documents_uploaded": [
            {"project": d.project.key, "title": d.title, "at": _iso(d.created_at)}
            for d in ProjectDocument.objects.filter(uploaded_by=user).select_related("project")
        ],
        "next_steps": [
            {"project": s.project.key, "title": s.title, "due_on": _iso(s.due_on)}
            for s in NextStep.objects.filter(owner=user).select_related("project")
        ],
    }


def _requests_export(user):
    from labnet.intake.models import Request, RequestEvent

    requests = (
        Request.objects.filter(Q(author=user) | Q(co_authors=user))
        .distinct()
        .order_by("created_at")
    )
    return {
        "requests": [
            {
                "id": str(r.public_id),
                "status": r.status,
                "as_author": r.author_id == user.pk,
                "title": r.title,
                "problem": r.problem,
                "affected_people": r.affected_people,
                "tried": r.tried,
                "stakeholders": r.stakeholders,
                "organisation_name": r.organisation_name,
                "created_at": _iso(r.created_at),
                "submitted_at": _iso(r.submitted_at),
            }
            for r in requests
        ],
        "events": [
            {"request": str(e.request.public_id), "kind": e.kind, "at": _iso(e.created_at)}
            for e in RequestEvent.objects.filter(actor=user).select_related("request")
        ],
    }


def _requests_erase(user):
    """Drafts are only the person's: deleted. Sent requests are the labs' history too:
    kept, pointing at the anonymised account, with the contact details typed in cleared."""
    from labnet.intake.enums import RequestStatus
    from labnet.intake.models import Request

    Request.objects.filter(author=user, status=RequestStatus.DRAFT).delete()
    Request.objects.filter(author=user).update(author_email="", author_name="")
    Request.co_authors.through.objects.filter(user=user).delete()


def _audit_export(user):
    entries = AuditEntry.objects.filter(
        Q(actor=user) | Q(target_type=user._meta.label_lower, target_id=str(user.pk))
    ).order_by("created_at", "id")
    return [
        {
            "at": _iso(e.created_at),
            "action": e.action,
            "by_me": e.actor_id == user.pk,
            "target": e.target_repr,
        }
        for e in entries
    ]


def _audit_erase(user):
    """The trail stays (who did what), but texts that named the person no longer do: the
    snapshots and the changed values (e.g. a call's reviewers by address). The entries about
    rows the other sections delete are blanked by those sections (core.services.audit_forget)."""
    # Names shorter than this would match unrelated texts.
    # Each rewrite goes through core.services.audit_redact: the chain records it.
    for value in {v for v in (user.full_name, user.email) if len(v) >= 4}:
        audit_redact(
            entries=AuditEntry.objects.filter(target_repr__contains=value),
            reason="account erasure",
            values={"target_repr": Replace("target_repr", Value(value), Value(ANONYMOUS_NAME))},
        )
        # Changes are JSON: matched as text, rewritten value by value.
        audit_redact(
            entries=AuditEntry.objects.annotate(text=Cast("changes", TextField())).filter(
                text__contains=value
            ),
            reason="account erasure",
            rewrite=lambda entry, value=value: {
                "changes": _replaced(entry.changes, value, ANONYMOUS_NAME)
            },
        )


def _replaced(data, old: str, new: str):
    if isinstance(data, str):
        return data.replace(old, new)
    if isinstance(data, list):
        return [_replaced(item, old, new) for item in data]
    if isinstance(data, dict):
        return {key: _replaced(item, old, new) for key, item in data.items()}
    return data


def _profile_export(user):
    from .models import Profile

    profile = (
        Profile.objects.filter(user=user)
        .select_related("organisation", "region", "department")
        .first()
    )
    if profile is None:
        return None
    return {
        "organisation": profile.organisation.name if profile.organisation else None,
        "region": profile.region.name if profile.region else None,
        "department": profile.department.name if profile.department else None,
        "bio": profile.bio,
        "availability": profile.availability,
        "availability_note": profile.availability_note,
        "skills": sorted(profile.skills.values_list("name", flat=True)),
        "is_findable": profile.is_findable,
        "show_organisation": profile.show_organisation,
        "show_territory": profile.show_territory,
        "show_labs": profile.show_labs,
        "show_bio": profile.show_bio,
        "contact_allowed": profile.contact_allowed,
        "updated_at": _iso(profile.updated_at),
    }


def _profile_erase(user):
    from .models import Profile

    profiles = Profile.objects.filter(user=user)
    pks = list(profiles.values_list("pk", flat=True))
    profiles.delete()
    audit_forget(Profile, pks)


def _messages_export(user):
    from .models import ContactMessage

    messages = ContactMessage.objects.filter(Q(sender=user) | Q(recipient=user)).select_related(
        "sender", "recipient"
    )
    return [
        {
            "at": _iso(m.created_at),
            "sent": m.sender_id == user.pk,
            # The other person is named, never their address.
            "with": (m.recipient if m.sender_id == user.pk else m.sender).full_name,
            "subject": m.subject,
            "body": m.body,
            "gave_my_email": m.reveal_sender_email if m.sender_id == user.pk else None,
        }
        for m in messages
    ]


def _messages_erase(user):
    from .models import ContactMessage

    messages = ContactMessage.objects.filter(Q(sender=user) | Q(recipient=user))
    pks = list(messages.values_list("pk", flat=True))
    messages.delete()
    audit_forget(ContactMessage, pks)


def _skills_export(user):
    from .models import Skill

    return sorted(Skill.objects.filter(created_by=user).values_list("name", flat=True))


def register_sections() -> None:
    """Called once from PeopleConfig.ready()."""
    for section in (
        PersonalDataSection(key="account", export=_account_export),
        PersonalDataSection(
            key="memberships", export=_memberships_export, erase=_memberships_erase
        ),
        PersonalDataSection(
            key="lab_contributions", export=_contributions_export, erase=_contributions_erase
        ),
        PersonalDataSection(key="projects", export=_projects_export),
        PersonalDataSection(key="requests", export=_requests_export, erase=_requests_erase),
        PersonalDataSection(key="audit", export=_audit_export, erase=_audit_erase),
        PersonalDataSection(key="profile", export=_profile_export, erase=_profile_erase),
        PersonalDataSection(key="messages", export=_messages_export, erase=_messages_erase),
        PersonalDataSection(key="skills_added", export=_skills_export),
    ):
        sections.register(section)
