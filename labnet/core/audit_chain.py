"""Reading the audit trail: its integrity (the hash chain) and who reads which entries.

- `audit_chain_verify()` walks the chain in order and names every entry changed, removed
  or unlinked (`manage.py audit_verify`).
- `audit_entries(lab_ids=..., filters)` is THE way pages and exports list entries: all of
  them for the coordination, or only those whose target belongs to one of `lab_ids`
  (`LAB_PATHS` says, per kind of target, which lab it belongs to).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from .models import GENESIS_HASH, AuditChainHead, AuditEntry

REDACTION_ACTION = "core.audit_redact"

# Which lab a target belongs to: the lookup from the target's model to labs.Lab. A kind of
# target not listed here belongs to no lab (a person's account, reference data...): only
# the coordination reads those entries. Deleted targets are no longer found, so their
# entries stay with the coordination too.
LAB_PATHS = {
    "labs.lab": "pk",
    "labs.labcontributor": "lab",
    "accounts.membership": "lab",
    "projects.project": "lead_lab",
    "projects.stagetransition": "project__lead_lab",
    "projects.projectperson": "project__lead_lab",
    "projects.activity": "project__lead_lab",
    "projects.projectdocument": "project__lead_lab",
    "projects.nextstep": "project__lead_lab",
    "projects.internalnote": "project__lead_lab",
    "intake.request": "lab",
    "intake.boostslot": "lab",
    "intake.demarchesconnection": "lab",
    "events.event": "organiser_lab",
    "events.registration": "event__organiser_lab",
    "trainings.programme": "organiser_lab",
    "trainings.cohort": "programme__organiser_lab",
    "trainings.recurrence": "cohort__programme__organiser_lab",
    "trainings.session": "cohort__programme__organiser_lab",
    "trainings.enrolment": "cohort__programme__organiser_lab",
    "calls.call": "owner_lab",
    "calls.callreviewer": "call__owner_lab",
    "calls.callquestion": "call__owner_lab",
    "calls.callcriterion": "call__owner_lab",
    "calls.answer": "call__owner_lab",
    "calls.review": "answer__call__owner_lab",
    "resources.resource": "lab",
}


def lab_filter(lab_ids) -> Q:
    """Entries whose target belongs to one of `lab_ids` (one subquery per kind of target)."""
    condition = Q(pk__in=[])
    for label, path in LAB_PATHS.items():
        model = apps.get_model(label)
        targets = (
            model._default_manager.filter(**{f"{path}__in" if path != "pk" else "pk__in": lab_ids})
            .annotate(_audit_id=Cast("pk", CharField()))
            .values("_audit_id")
        )
        condition |= Q(target_type=label, target_id__in=targets)
    return condition


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    target_type: str = ""
    since: date | None = None
    until: date | None = None


def audit_entries(*, lab_ids=None, filters: AuditFilters | None = None) -> QuerySet:
    """Entries newest first, with their author (one query per page). `lab_ids=None` is the
    whole trail (the coordination); a set limits it to those labs' entries."""
    filters = filters or AuditFilters()
    entries = AuditEntry.objects.select_related("actor").order_by("-seq")
    if lab_ids is not None:
        entries = entries.filter(lab_filter(list(lab_ids)))
    if filters.actor:
        entries = entries.filter(
            Q(actor__email__icontains=filters.actor) | Q(actor__full_name__icontains=filters.actor)
        )
    if filters.action:
        entries = entries.filter(action__startswith=filters.action)
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
    zone = timezone.get_current_timezone()
    if filters.since:
        entries = entries.filter(created_at__gte=datetime.combine(filters.since, time(), zone))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time(), zone)
        entries = entries.filter(created_at__lt=end)
    return entries


def audit_target_types() -> list[str]:
    """The kinds of target the filter offers: every model that may be a target."""
    return sorted(
        m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("labnet.")
    )


# --- integrity ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    entry_id: int | None
    message: str

    def __str__(self):
        where = f"entry #{self.seq} (id {self.entry_id})" if self.seq is not None else "chain"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head_hash: str
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_chain_verify() -> ChainReport:
    """Walk the whole chain, oldest first; every problem names the entry."""
    problems = []
    # Redactions first: entries may be marked redacted only if a valid redaction entry,
    # later in the chain, lists them.
    redacted = set()
    for entry in AuditEntry.objects.filter(action=REDACTION_ACTION).iterator():
        if entry.redacted_at is None and entry.compute_content_hash() == entry.content_hash:
            redacted.update(entry.changes.get("seqs", []))
    prev_hash, expected, count = GENESIS_HASH, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected:
            missing = (
                f"#{expected}" if entry.seq == expected + 1 else f"#{expected} to #{entry.seq - 1}"
            )
            problems.append(ChainProblem(entry.seq, entry.pk, f"entries {missing} were removed"))
        elif entry.prev_hash != prev_hash:
            problems.append(
                ChainProblem(entry.seq, entry.pk, "does not follow the previous entry's hash")
            )
        if entry.entry_hash != AuditEntry.link_hash(entry.prev_hash, entry.content_hash):
            problems.append(ChainProblem(entry.seq, entry.pk, "its link hash was changed"))
        if entry.redacted_at is None:
            if entry.compute_content_hash() != entry.content_hash:
                problems.append(ChainProblem(entry.seq, entry.pk, "its content was changed"))
        elif entry.seq not in redacted:
            problems.append(
                ChainProblem(entry.seq, entry.pk, "marked redacted but no redaction lists it")
            )
        prev_hash, expected = entry.entry_hash, entry.seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq, last_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    if (last_seq, last_hash) != (expected - 1, prev_hash):
        problems.append(
            ChainProblem(
                None,
                None,
                f"the head records entry #{last_seq} as the last one, the trail ends at "
                f"#{expected - 1}: the last entries were removed or the head was changed",
            )
        )
    return ChainReport(entries=count, head_hash=prev_hash, problems=problems)
