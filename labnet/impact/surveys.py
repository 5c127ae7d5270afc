"""The impact survey: when a request closes or a project ends, its author gets three
questions by e-mail (would it have advanced without the lab? what changed? how
satisfied?), answered once through the link it carries.

The intake and the pipeline come before impact in the dependency order, so they do not
call this module: they fire their hooks (`intake.hooks.request_closed`,
`projects.hooks.project_ended`) and `ImpactConfig.ready()` connects the two receivers
below (docs/adr/0033-impact-hooks-for-closings.md). Receivers run inside the closing
transaction; the e-mail is queued after its commit.

Which closings ask: a request the lab redirected elsewhere or declined (a request it
accepted becomes a project, asked when the project ends; a withdrawn one saw no help); a
project moved to "closed" (terminé). One survey per request and per project: a project
reopened and closed again is not asked twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.links import site_url
from labnet.core.mail import email_enqueue
from labnet.core.services import audit_record
from labnet.intake.enums import RequestStatus
from labnet.projects.enums import ProjectRole

from .audit import ImpactAction
from .enums import SurveyKind, WithoutLab
from .models import ImpactSurvey

SURVEYED_REQUEST_STATUSES = frozenset({RequestStatus.REDIRECTED, RequestStatus.DECLINED})


def survey_for_request(*, request, status, **_kwargs) -> ImpactSurvey | None:
    """Receiver of `intake.hooks.request_closed`."""
    if status not in SURVEYED_REQUEST_STATUSES:
        return None
    user = request.author
    email = (user.email if user is not None else "") or request.author_email
    if not email or ImpactSurvey.objects.filter(request=request).exists():
        return None
    survey = ImpactSurvey.objects.create(
        kind=SurveyKind.REQUEST,
        request=request,
        lab=request.lab,
        recipient=user,
        email=email,
    )
    _send(survey, subject_of=request.title or _("votre demande"))
    return survey


def _project_author(project):
    """Who the project was for: the author of the request it came from, else the person
    named as its owner (porteur) with an account, else whoever created it."""
    origin = getattr(project, "origin_request", None)
    if origin is not None and (origin.author_id or origin.author_email):
        return origin.author, (origin.author.email if origin.author else origin.author_email)
    owner = (
        project.people.filter(role=ProjectRole.OWNER, user__isnull=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if owner is not None:
        return owner.user, owner.user.email
    creator = project.created_by
    return creator, (creator.email if creator else "")


def survey_for_project(*, project, **_kwargs) -> ImpactSurvey | None:
    """Receiver of `projects.hooks.project_ended`."""
    if ImpactSurvey.objects.filter(project=project).exists():
        return None
    user, email = _project_author(project)
    if not email:
        return None
    survey = ImpactSurvey.objects.create(
        kind=SurveyKind.PROJECT,
        project=project,
        lab=project.lead_lab,
        recipient=user,
        email=email,
    )
    _send(survey, subject_of=project.title)
    return survey


def _send(survey: ImpactSurvey, *, subject_of: str) -> None:
    url = site_url(reverse("impact:survey", kwargs={"token": survey.token}))
    body = render_to_string(
        "impact/emails/survey.txt",
        {"survey": survey, "title": subject_of, "lab": survey.lab, "url": url},
    )
    email_enqueue(
        subject=_("Trois questions sur l'accompagnement : %(title)s") % {"title": subject_of},
        body=body,
        to=[survey.email],
    )


def survey_get_by_token(token) -> ImpactSurvey:
    """Raises ImpactSurvey.DoesNotExist for an unknown (or malformed) token."""
    try:
        return ImpactSurvey.objects.select_related("lab", "request", "project").get(token=token)
    except (ValueError, ValidationError) as exc:
        raise ImpactSurvey.DoesNotExist from exc


def survey_answer(
    *, token, would_have_advanced: str, what_changed: str = "", satisfaction
) -> ImpactSurvey:
    """Record the answer of the survey whose link holds `token`: once only.

    The link is the credential (it went to the author's address only): no sign-in.
    """
    errors: dict[str, list[str]] = {}
    if would_have_advanced not in WithoutLab.values:
        errors["would_have_advanced"] = [
            _("Dites si le projet aurait avancé sans le laboratoire : oui, en partie ou non.")
        ]
    try:
        satisfaction = int(satisfaction)
    except (TypeError, ValueError):
        satisfaction = None
    if satisfaction is None or not 1 <= satisfaction <= 5:
        errors["satisfaction"] = [_("Choisissez votre satisfaction, de 1 (pas du tout) à 5.")]
    what_changed = (what_changed or "").strip()
    if len(what_changed) > 5000:
        errors["what_changed"] = [_("Votre réponse tient en 5 000 caractères au plus.")]
    with transaction.atomic():
        try:
            survey = ImpactSurvey.objects.select_for_update().get(token=token)
        except (ImpactSurvey.DoesNotExist, ValueError, ValidationError) as exc:
            raise ImpactSurvey.DoesNotExist from exc
        if survey.answered_at is not None:
            raise ValidationError(
                _("Vous avez déjà répondu à cette enquête : merci, votre réponse est comptée."),
                code="already_answered",
            )
        if errors:
            raise ValidationError(errors)
        survey.would_have_advanced = would_have_advanced
        survey.what_changed = what_changed
        survey.satisfaction = satisfaction
        survey.answered_at = timezone.now()
        survey.save()
        audit_record(
            actor=survey.recipient,
            action=ImpactAction.SURVEY_ANSWER,
            target=survey,
            changes={"would_have_advanced": would_have_advanced, "satisfaction": satisfaction},
        )
    return survey
