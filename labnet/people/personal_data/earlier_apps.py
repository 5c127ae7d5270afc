"""The personal-data sections of the apps that came before the registry: accounts, labs,
projects, intake and the audit trail (core). Registered by `sections.register_sections`."""

from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast, Replace

from labnet.accounts.models import ANONYMOUS_NAME, Membership
from labnet.core.models import AuditEntry
from labnet.core.services import audit_redact

from .base import iso


def account_export(user):
    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "is_coordinator": user.is_coordinator,
        "is_active": user.is_active,
        "signs_in_with_proconnect": bool(user.proconnect_sub),
        "siret": user.siret,
        "organisation": user.organisation.name if user.organisation_id else None,
        "second_factor": user.mfa_enabled,
    }


def memberships_export(user):
    return [
        {"lab": m.lab.key, "lab_name": m.lab.name, "role": m.role, "since": iso(m.created_at)}
        for m in Membership.objects.filter(user=user).select_related("lab").order_by("lab__key")
    ]


def memberships_erase(user):
    Membership.objects.filter(user=user).delete()


def contributions_export(user):
    from labnet.labs.models import LabContributor

    return [
        {"lab": c.lab.key, "lab_name": c.lab.name, "reason": c.reason, "since": iso(c.created_at)}
        for c in LabContributor.objects.filter(user=user).select_related("lab").order_by("lab__key")
    ]


def contributions_erase(user):
    from labnet.labs.models import LabContributor

    LabContributor.objects.filter(user=user).delete()


def projects_export(user):
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
                "date": iso(a.happened_on),
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
                "at": iso(t.created_at),
            }
            for t in StageTransition.objects.filter(actor=user).select_related("project")
        ],
        "internal_notes": [
            {"project": n.project.key, "body": n.body, "at": iso(n.created_at)}
            for n in InternalNote.objects.filter(author=user).select_related("project")
        ],
        "documents_uploaded": [
            {"project": d.project.key, "title": d.title, "at": iso(d.created_at)}
            for d in ProjectDocument.objects.filter(uploaded_by=user).select_related("project")
        ],
        "next_steps": [
            {"project": s.project.key, "title": s.title, "due_on": iso(s.due_on)}
            for s in NextStep.objects.filter(owner=user).select_related("project")
        ],
    }


def requests_export(user):
    from labnet.intake.models import Request, RequestEvent

    # The ids of both sides, united: each side uses its index (an OR over a join, or
    # beside a subquery, scans the whole table), and no DISTINCT over every request of the network.
    authored = Request.objects.filter(author=user).order_by().values("pk")
    co_authored = (
        Request.co_authors.through.objects.filter(user=user).order_by().values("request_id")
    )
    requests = Request.objects.filter(pk__in=authored.union(co_authored)).order_by("created_at")
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
                "created_at": iso(r.created_at),
                "submitted_at": iso(r.submitted_at),
            }
            for r in requests
        ],
        "events": [
            {"request": str(e.request.public_id), "kind": e.kind, "at": iso(e.created_at)}
            for e in RequestEvent.objects.filter(actor=user).select_related("request")
        ],
    }


def requests_erase(user):
    """Drafts are only the person's: deleted. Sent requests are the labs' history too:
    kept, pointing at the anonymised account, with the contact details typed in cleared."""
    from labnet.intake.enums import RequestStatus
    from labnet.intake.models import Request

    Request.objects.filter(author=user, status=RequestStatus.DRAFT).delete()
    Request.objects.filter(author=user).update(author_email="", author_name="")
    Request.co_authors.through.objects.filter(user=user).delete()


def audit_export(user):
    entries = AuditEntry.objects.filter(
        Q(actor=user) | Q(target_type=user._meta.label_lower, target_id=str(user.pk))
    ).order_by("created_at", "id")
    return [
        {
            "at": iso(e.created_at),
            "action": e.action,
            "by_me": e.actor_id == user.pk,
            "target": e.target_repr,
        }
        for e in entries
    ]


def audit_erase(user):
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
