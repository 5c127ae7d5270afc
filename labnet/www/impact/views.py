"""Pages of impact: a project's indicators for its team (record indicators and measured
values, with their sources) and the author's survey page reached from its e-mail.

Views stay thin: they read through `impact.selectors`, write through the services, and
show the services' French messages next to the fields, keeping what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.core.refusals import require
from labnet.impact.models import ImpactSurvey
from labnet.impact.rules import can_record_impact
from labnet.impact.selectors import project_for_impact
from labnet.impact.selectors import project_indicators as indicators_of
from labnet.impact.services import indicator_create, indicator_update, measurement_record
from labnet.impact.surveys import survey_answer, survey_get_by_token
from labnet.projects.models import Project
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form

from .forms import IndicatorForm, MeasurementForm, SurveyForm


def _team_project(request, key) -> Project:
    try:
        project = project_for_impact(user=request.user, key=key)
    except Project.DoesNotExist as exc:
        raise Http404(_("Ce projet n'existe pas ou n'est pas publié.")) from exc
    require(
        can_record_impact(request.user, project),
        _("Seules les équipes des laboratoires du projet enregistrent ses indicateurs."),
    )
    return project


def _documents(project):
    return list(project.documents.order_by("-created_at", "-id"))


def _render(request, project, *, status=200, indicator_form=None, bound_measurement=None):
    views = indicators_of(project=project, user=request.user)
    documents = _documents(project)
    for view in views:
        if bound_measurement and bound_measurement[0] == view.indicator.pk:
            view.form = bound_measurement[1]
        else:
            view.form = MeasurementForm(
                documents=documents, prefix=f"measurement-{view.indicator.pk}"
            )
    return render(
        request,
        "www/impact/project_indicators.html",
        {
            "page_title": _("Indicateurs d'impact"),
            "breadcrumb_data": breadcrumb(
                _("Indicateurs d'impact"),
                (project.get_absolute_url(), project.title),
                (
                    reverse("accompaniment:workspace", kwargs={"key": project.key}),
                    _("Espace de travail"),
                ),
            ),
            "project": project,
            "indicators": views,
            "indicator_form": indicator_form or IndicatorForm(initial={"is_public": True}),
        },
        status=status,
    )


@login_required
def project_indicators(request, key):
    project = _team_project(request, key)
    if request.method != "POST":
        return _render(request, project)
    form = IndicatorForm(request.POST)
    created = write_from_form(
        form, lambda data: indicator_create(actor=request.user, project=project, **data)
    )
    if created is not None:
        messages.success(request, _("L'indicateur est ajouté."))
        return redirect(reverse("impact:project_indicators", kwargs={"key": key}))
    return _render(request, project, indicator_form=form, status=400)


def _indicator(project, indicator_key):
    for indicator in project.indicators.all():
        if indicator.key == indicator_key:
            return indicator
    raise Http404


@login_required
def indicator_edit(request, key, indicator_key):
    project = _team_project(request, key)
    indicator = _indicator(project, indicator_key)
    indicator.project = project
    fields = list(IndicatorForm.base_fields)
    status = 200
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        saved = write_from_form(
            form, lambda data: indicator_update(actor=request.user, indicator=indicator, **data)
        )
        if saved is not None:
            messages.success(request, _("L'indicateur est modifié."))
            return redirect(reverse("impact:project_indicators", kwargs={"key": key}))
        status = 400
    else:
        form = IndicatorForm(initial={name: getattr(indicator, name) for name in fields})
    return render(
        request,
        "www/impact/indicator_edit.html",
        {
            "page_title": _("Modifier l'indicateur"),
            "breadcrumb_data": breadcrumb(
                _("Modifier l'indicateur"),
                (project.get_absolute_url(), project.title),
                (
                    reverse("impact:project_indicators", kwargs={"key": key}),
                    _("Indicateurs d'impact"),
                ),
            ),
            "project": project,
            "indicator": indicator,
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def measurement_add(request, key, indicator_key):
    project = _team_project(request, key)
    indicator = _indicator(project, indicator_key)
    indicator.project = project
    form = MeasurementForm(
        request.POST, documents=_documents(project), prefix=f"measurement-{indicator.pk}"
    )
    measurement = write_from_form(
        form, lambda data: measurement_record(actor=request.user, indicator=indicator, **data)
    )
    if measurement is not None:
        messages.success(request, _("La valeur mesurée est enregistrée."))
        url = reverse("impact:project_indicators", kwargs={"key": key})
        return redirect(f"{url}#indicator-{indicator.pk}")
    return _render(request, project, bound_measurement=(indicator.pk, form), status=400)


def survey(request, token):
    """The author's three questions; the link is the credential (no sign-in)."""
    try:
        entry = survey_get_by_token(token)
    except ImpactSurvey.DoesNotExist as exc:
        raise Http404(_("Cette enquête n'existe pas.")) from exc
    subject = entry.project or entry.request
    context = {
        "page_title": _("Trois questions sur l'accompagnement"),
        "breadcrumb_data": breadcrumb(_("Enquête d'impact")),
        "survey": entry,
        "subject_title": getattr(subject, "title", "") if subject is not None else "",
    }
    if entry.answered_at is not None:
        return render(request, "www/impact/survey_done.html", context)
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST)
        answered = write_from_form(form, lambda data: survey_answer(token=entry.token, **data))
        if answered is not None:
            context["just_answered"] = True
            return render(request, "www/impact/survey_done.html", context)
        status = 400
    else:
        form = SurveyForm()
    return render(request, "www/impact/survey.html", {**context, "form": form}, status=status)
