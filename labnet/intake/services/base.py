"""What the single window's services share: the guided form's steps, the request's row
lock and version check, history entries, the receiving lab's check."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from labnet.labs.enums import LabStatus

from ..models import Request, RequestEvent

# The guided form: which fields each step fills. Step 6 is the review before sending.
STEP_FIELDS = {
    1: ("title", "problem"),
    2: ("affected_people",),
    3: ("tried",),
    4: ("stakeholders",),
    5: ("organisation", "organisation_name", "region", "department", "themes"),
}


STEP_COUNT = 5


REVIEW_STEP = STEP_COUNT + 1


TEXT_FIELDS = ("title", "problem", "affected_people", "tried", "stakeholders")


def required_messages() -> dict[str, str]:
    """What each required field says when left empty (shared with the forms)."""
    return {
        "title": _("Donnez un titre à votre idée, en quelques mots."),
        "problem": _("Décrivez le problème rencontré ou votre idée."),
        "affected_people": _("Dites qui souffre de ce problème : usagers, agents, partenaires…"),
        "tried": _("Dites ce qui a déjà été essayé, ou « rien pour l'instant »."),
        "stakeholders": _("Dites qui est impliqué : services, partenaires, élus…"),
        "organisation": _(
            "Indiquez votre administration : choisissez-la dans la liste ou saisissez son nom."
        ),
        "region": _("Choisissez la région concernée."),
    }


def field_error(field: str, message: str, *, code: str = "invalid") -> ValidationError:
    """A message on one field with a stable code (the API returns both)."""
    return ValidationError({field: ValidationError(message, code=code)})


def stale_error(request: Request) -> ValidationError:
    return ValidationError(
        _("Cette demande a changé entre-temps (%(state)s) : rechargez la page.")
        % {"state": request.get_status_display()},
        code="stale",
    )


def lock_request(request: Request) -> Request:
    # `of=self`: lock the request row only, not the lab joined for the permission check.
    return (
        Request.objects.select_for_update(of=("self",))
        .select_related("lab", "author")
        .get(pk=request.pk)
    )


def check_version(locked: Request, version) -> None:
    if version is None or int(version) != locked.version:
        raise stale_error(locked)


def history_event(request, kind, *, actor=None, lab=None, to_lab=None, message="") -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        lab=lab,
        to_lab=to_lab,
        message=message,
    )


def check_receiving(lab, field="lab") -> None:
    if lab.status != LabStatus.ACTIVE:
        raise ValidationError(
            {
                field: _(
                    "Le laboratoire %(lab)s ne reçoit pas de demandes pour l'instant : "
                    "choisissez-en un autre."
                )
                % {"lab": lab.name}
            }
        )
