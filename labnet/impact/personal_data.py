"""What impact holds about a person: the surveys sent to them and their answers.

Erasure keeps the figures exact (an answer still counts in its lab's and the network's
roll-up) but forgets the person: the address, the link to the account and the free text
of "what changed" go; the yes/partly/no and the satisfaction stay, anonymous."""

from labnet.core.services import audit_forget

from .models import ImpactSurvey


def surveys_export(user) -> list[dict]:
    return [
        {
            "kind": s.kind,
            "lab": s.lab.key if s.lab else None,
            "email": s.email,
            "sent_at": s.sent_at.isoformat(),
            "answered_at": s.answered_at.isoformat() if s.answered_at else None,
            "would_have_advanced": s.would_have_advanced,
            "what_changed": s.what_changed,
            "satisfaction": s.satisfaction,
        }
        for s in ImpactSurvey.objects.filter(recipient=user).select_related("lab").order_by("pk")
    ]


def surveys_erase(user) -> None:
    surveys = ImpactSurvey.objects.filter(recipient=user)
    ids = list(surveys.values_list("pk", flat=True))
    surveys.update(recipient=None, email="", what_changed="")
    audit_forget(ImpactSurvey, ids)
