"""Pages of the trainings: programmes and their cohorts, enrolment and the waiting list,
the managers' attendance sheets and session planning, a person's trainings, certificates
and the network's figures. Views stay thin: selectors read, services write."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.trainings import selectors
from labnet.trainings.certificate import certificate_pdf, holder_name
from labnet.trainings.enums import EnrolmentStatus
from labnet.trainings.figures import training_figures
from labnet.trainings.rules import can_manage_programme
from labnet.trainings.services.enrolment import enrolment_cancel, enrolment_create
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.confirm import confirmation_page
from labnet.www.links import section_link
from labnet.www.page_cache import CATALOGUE, public_page

from .forms import (
    CertificateCheckForm,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@public_page(*CATALOGUE, "trainings", seconds=60)
def programme_list(request):
    return render(
        request,
        "www/trainings/programme_list.html",
        {
            "page_title": _("Formations"),
            "breadcrumb_data": breadcrumb(_("Formations")),
            "programmes": list(selectors.programme_list()),
        },
    )


@public_page(*CATALOGUE, "trainings", seconds=60)
def programme_detail(request, key):
    programme = selectors.programme_get(key)
    return render(
        request,
        "www/trainings/programme_detail.html",
        {
            "page_title": programme.name,
            "breadcrumb_data": breadcrumb(programme.name, section_link("trainings")),
            "programme": programme,
            "cohorts": selectors.programme_cohorts(programme),
            "can_manage": can_manage_programme(request.user, programme),
        },
    )


def _render_cohort(request, cohort, *, errors=(), status=200):
    enrolment = selectors.enrolment_of(request.user, cohort)
    progress = selectors.progress_of(enrolment) if enrolment else None
    attendance = selectors.attendance_of(enrolment)
    sessions = selectors.cohort_sessions(cohort)
    for session in sessions:
        session.my_presence = attendance.get(session.pk)  # None: not noted
    programme = cohort.programme
    can_manage = can_manage_programme(request.user, programme)
    return render(
        request,
        "www/trainings/cohort_detail.html",
        {
            "page_title": cohort.name,
            "breadcrumb_data": breadcrumb(
                cohort.name,
                section_link("trainings"),
                (programme.get_absolute_url(), programme.name),
            ),
            "cohort": cohort,
            "programme": programme,
            "sessions": sessions,
            "places_left": selectors.places_left(cohort),
            "enrolment": enrolment,
            "progress": progress,
            "can_manage": can_manage,
            # Connection links go to confirmed people and managers, not to the waiting list.
            "show_links": can_manage
            or (enrolment is not None and enrolment.status == EnrolmentStatus.CONFIRMED),
            "errors": errors,
        },
        status=status,
    )


@public_page(*CATALOGUE, "trainings", seconds=60)
def cohort_detail(request, key):
    return _render_cohort(request, selectors.cohort_get(key))


@login_required
@require_POST
def cohort_enrol(request, key):
    cohort = selectors.cohort_get(key)
    try:
        enrolment = enrolment_create(actor=request.user, cohort=cohort)
    except ValidationError as error:
        return _render_cohort(request, cohort, errors=error.messages, status=400)
    if enrolment.status == EnrolmentStatus.CONFIRMED:
        messages.success(request, _("Votre inscription est confirmée."))
    else:
        messages.info(
            request,
            _("La promotion est complète : vous êtes sur la liste d'attente, au rang %(n)d.")
            % {"n": enrolment.position},
        )
    return redirect(cohort.get_absolute_url())


@login_required
def cohort_cancel(request, key):
    cohort = selectors.cohort_get(key)
    enrolment = selectors.enrolment_of(request.user, cohort)
    if enrolment is None:
        return _render_cohort(
            request, cohort, errors=[_("Vous n'êtes pas inscrit à cette promotion.")], status=400
        )
    if request.method != "POST":
        return confirmation_page(
            request,
            title=_("Annuler votre inscription à « %(cohort)s » ?") % {"cohort": cohort},
            explanation=_(
                "Votre place est libérée pour la personne suivante sur la liste d'attente. "
                "Pour revenir, il faudra vous inscrire à nouveau, s'il reste de la place."
            ),
            confirm_label=_("Annuler mon inscription"),
            cancel_url=cohort.get_absolute_url(),
        )
    try:
        enrolment_cancel(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        return _render_cohort(request, cohort, errors=error.messages, status=400)
    messages.success(request, _("Votre inscription est annulée."))
    return redirect(cohort.get_absolute_url())


@login_required
def my_trainings(request):
    enrolments = selectors.my_enrolments(request.user)
    return render(
        request,
        "www/trainings/my_trainings.html",
        {
            "page_title": _("Mes formations"),
            "breadcrumb_data": breadcrumb(_("Mes formations"), section_link("trainings")),
            "rows": [(e, selectors.progress_of(e)) for e in enrolments],
        },
    )


@login_required
def certificate(request, enrolment_id):
    enrolment = selectors.certificate_enrolment(request.user, enrolment_id)
    pdf = certificate_pdf(
        enrolment,
        progress=selectors.progress_of(enrolment),
        issued_on=enrolment.completed_at.astimezone(PARIS).date(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="attestation-{enrolment.certificate_number}.pdf"'
    )
    return response


def certificate_check(request):
    """Anyone shown a certificate checks its number here, signed in or not."""
    form = CertificateCheckForm(request.GET or None)
    enrolment, status = None, 200
    if form.is_bound:
        if form.is_valid():
            enrolment = selectors.certificate_check(form.cleaned_data["numero"])
            # Unknown or withdrawn: one answer, so nothing else is revealed.
            status = 200 if enrolment is not None else 404
        else:
            status = 400
    context = {
        "page_title": _("Vérifier une attestation"),
        "breadcrumb_data": breadcrumb(_("Vérifier une attestation"), section_link("trainings")),
        "form": form,
        "enrolment": enrolment,
    }
    if enrolment is not None:
        # The holder's name is shown on purpose: the certificate prints it, and whoever
        # holds the certificate shares its number so that it can be checked.
        context.update(
            holder=holder_name(enrolment.user),
            progress=selectors.progress_of(enrolment),
            completed_on=enrolment.completed_at.astimezone(PARIS).date(),
        )
    return render(request, "www/trainings/certificate_check.html", context, status=status)


@public_page(*CATALOGUE, "trainings")
def figures(request):
    return render(
        request,
        "www/trainings/figures.html",
        {
            "page_title": _("Les formations en chiffres"),
            "breadcrumb_data": breadcrumb(_("Chiffres"), section_link("trainings")),
            "figures": training_figures(),
        },
    )
