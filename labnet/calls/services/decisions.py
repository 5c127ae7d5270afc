"""The owner's decision on an answer; accepted projects go to a lab's inbox."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.calls.audit import CallsAction
from labnet.core.french import de
from labnet.core.links import site_url
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.intake.services.external import request_receive_from_call
from labnet.labs.services import lab_contributor_add

from ..enums import (
    AnswerDecision,
    AnswerStatus,
    CallKind,
    CallPhase,
    CallStatus,
)
from ..models import (
    Answer,
    Call,
)
from ..rules import (
    can_decide,
    require_decider,
)
from .base import lock_answer, mail_authors


def _decision_lab(call: Call, lab):
    """The lab an accepted answer goes to: the call's own lab, else the one chosen."""
    return call.owner_lab if call.owner_lab_id is not None else lab


def answer_decide(
    *,
    actor,
    answer: Answer,
    decision: str,
    message: str = "",
    lab=None,
    channel=AuditEntry.Channel.WEB,
) -> Answer:
    """The owner's decision. Accepting an answer to a call for projects (or to a challenge
    with a lab) sends it as a request into the lab's inbox; accepting an answer to a call
    for contributors puts its authors in the lab's pool. The authors are told either way."""
    message = (message or "").strip()
    with transaction.atomic():
        locked = lock_answer(answer)
        call = locked.call
        require_decider(actor, locked)
        if not can_decide(actor, locked):
            raise ValidationError(
                _("Cette réponse est %(status)s : elle n'attend plus de décision.")
                % {"status": locked.get_status_display()},
                code="invalid_transition",
            )
        if decision not in AnswerDecision.values:
            raise ValidationError({"decision": _("Choisissez d'accepter ou de refuser.")})
        if decision == AnswerDecision.REJECT and not message:
            raise ValidationError(
                {"message": _("Expliquez le refus : ce message est envoyé aux auteurs.")}
            )
        target_lab = _decision_lab(call, lab)
        needs_lab = call.kind in (CallKind.PROJECTS, CallKind.CONTRIBUTORS)
        if decision == AnswerDecision.ACCEPT and needs_lab and target_lab is None:
            raise ValidationError(
                {
                    "lab": _(
                        "Choisissez le laboratoire qui accueille cette réponse : un appel "
                        "national n'a pas de laboratoire porteur."
                    )
                }
            )
        co_authors = list(locked.co_authors.all())
        now = timezone.now()
        locked.decided_at, locked.decided_by, locked.decision_message = now, actor, message
        changes = {"decision": decision}
        if decision == AnswerDecision.REJECT:
            locked.status = AnswerStatus.REJECTED
        else:
            locked.status = AnswerStatus.ACCEPTED
            locked.decision_lab = target_lab
            if target_lab is not None:
                changes["lab"] = target_lab.key
            if call.kind == CallKind.CONTRIBUTORS:
                for person in [locked.author, *co_authors]:
                    lab_contributor_add(
                        actor=actor,
                        lab=target_lab,
                        user=person,
                        reason=_("Réponse acceptée à l'appel « %(call)s »") % {"call": call.title},
                        channel=channel,
                        check=False,
                    )
            elif target_lab is not None:
                locked.request = request_receive_from_call(
                    actor=actor,
                    lab=target_lab,
                    author=locked.author,
                    co_authors=co_authors,
                    title=locked.title,
                    problem=_answer_as_text(locked),
                    call_title=call.title,
                    channel=channel,
                )
                changes["request"] = str(locked.request.public_id)
        locked.save()
        audit_record(
            actor=actor,
            action=CallsAction.ANSWER_DECIDE,
            target=locked,
            changes=changes,
            channel=channel,
        )
        _close_decided_call(actor, call, channel)
        _mail_decision(locked)
    return locked


def _answer_as_text(answer: Answer) -> str:
    """The answer's questions and texts, as the request's description in the lab's inbox."""
    parts = [
        f"{question.label}\n{answer.response_to(question)}"
        for question in answer.call.questions.all()
        if answer.response_to(question)
    ]
    return "\n\n".join(parts)


def _close_decided_call(actor, call: Call, channel) -> None:
    """A closed call whose every sent answer is decided is itself decided."""
    if (
        call.phase != CallPhase.CLOSED
        or call.answers.filter(status=AnswerStatus.SUBMITTED).exists()
    ):
        return
    before = call.status
    call.status = CallStatus.DECIDED
    call.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=CallsAction.CALL_CLOSE_DECIDED,
        target=call,
        changes={"status": [before, CallStatus.DECIDED]},
        channel=channel,
    )


def _mail_decision(answer: Answer) -> None:
    call = answer.call
    if answer.status == AnswerStatus.ACCEPTED:
        subject = _("LabNet : votre réponse à « %(call)s » est acceptée") % {"call": call.title}
        if call.kind == CallKind.CONTRIBUTORS:
            outcome = _("Vous rejoignez les contributeurs %(of_lab)s.") % {
                "of_lab": de(answer.decision_lab.name)
            }
        elif answer.request_id is not None:
            outcome = _("Elle est transmise comme demande à %(lab)s, qui vous recontactera.") % {
                "lab": answer.decision_lab.name
            }
        else:
            outcome = ""
    else:
        subject = _("LabNet : votre réponse à « %(call)s » n'est pas retenue") % {
            "call": call.title
        }
        outcome = ""
    mail_authors(
        answer,
        template="calls/emails/answer_decided.txt",
        context={
            "answer": answer,
            "outcome": outcome,
            "url": site_url(answer.get_absolute_url()),
        },
        subject=subject,
    )
