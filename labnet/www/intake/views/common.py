"""What the single window's pages share: step titles, the refusal page, links."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from labnet.intake.models import Request
from labnet.intake.services.base import STEP_COUNT

STEP_TITLES = {
    1: gettext_lazy("Le problème ou l'idée"),
    2: gettext_lazy("Qui en souffre"),
    3: gettext_lazy("Ce qui a été essayé"),
    4: gettext_lazy("Qui est impliqué"),
    5: gettext_lazy("Administration, territoire et thèmes"),
    6: gettext_lazy("Relecture et envoi"),
}


# Which step holds each field, to send the author back to what is missing.
FIELD_STEPS = {
    "title": 1,
    "problem": 1,
    "affected_people": 2,
    "tried": 3,
    "stakeholders": 4,
    "organisation": 5,
    "region": 5,
    "department": 5,
}


def step_title(step: int) -> str:
    return str(STEP_TITLES[step])


def step_url(draft: Request, step: int) -> str:
    if step > STEP_COUNT:
        return reverse("intake:request_review", kwargs={"public_id": draft.public_id})
    return reverse("intake:request_step", kwargs={"public_id": draft.public_id, "step": step})
