"""Pages of the trainings: programmes and their cohorts, enrolment and the waiting list,
the managers' attendance sheets and session planning, a person's trainings, certificates
and the network's figures. Views stay thin: selectors read, services write."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from labnet.trainings import selectors, services
from labnet.trainings.certificate import certificate_pdf, holder_name
from labnet.trainings.enums import EnrolmentStatus
from labnet.trainings.rules import can_manage_programme
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import add_service_errors
from labnet.www.refusals import forbidden_page

from .forms import (
    AttendanceForm,
    CertificateCheckForm,
    CohortSettingsForm,
    RecurrenceExceptionForm,
    RecurrenceForm,
    SessionCancelForm,
    SessionForm,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _forbidden(request, message: str, *, back_url: str = "", back_label: str = ""):
    return forbidden_page(
        request,
        message,
        back_url=back_url or reverse("trainings:programme_list"),
        back_label=back_label or _("Revenir aux formations"),
    )


def _trainings_link():
    return (reverse("trainings:programme_list"), _("Formations"))


# --- public pages ---------------------------------------------------------------------------


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


def programme_detail(request, key):
    programme = selectors.programme_get(key)
    return render(
        request,
        "www/trainings/programme_detail.html",
        {
            "page_title": programme.name,
            "breadcrumb_data": breadcrumb(programme.name, _trainings_link()),
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
                cohort.name, _trainings_link(), (programme.get_absolute_url(), programme.name)
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


def cohort_detail(request, key):
    return _render_cohort(request, selectors.cohort_get(key))


@login_required
@require_POST
def cohort_enrol(request, key):
    cohort = selectors.cohort_get(key)
    try:
        enrolment = services.enrolment_create(actor=request.user, cohort=cohort)
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
@require_POST
def cohort_cancel(request, key):
    cohort = selectors.cohort_get(key)
    enrolment = selectors.enrolment_of(request.user, cohort)
    if enrolment is None:
        return _render_cohort(
            request, cohort, errors=[_("Vous n'êtes pas inscrit à cette promotion.")], status=400
        )
    try:
        services.enrolment_cancel(actor=request.user, enrolment=enrolment)
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
            "breadcrumb_data": breadcrumb(_("Mes formations"), _trainings_link()),
            "rows": [(e, selectors.progress_of(e)) for e in enrolments],
        },
    )


@login_required
def certificate(request, enrolment_id):
    enrolment = selectors.enrolment_for_certificate(request.user, enrolment_id)
    cohort = enrolment.cohort
    if enrolment.completed_at is None:
        progress = selectors.progress_of(enrolment)
        return _forbidden(
            request,
            ngettext(
                "L'attestation n'est délivrée qu'une fois la formation terminée : "
                "%(attended)d séance suivie sur %(total)d, il en faut %(required)d.",
                "L'attestation n'est délivrée qu'une fois la formation terminée : "
                "%(attended)d séances suivies sur %(total)d, il en faut %(required)d.",
                progress.attended,
            )
            % {
                "attended": progress.attended,
                "total": progress.total,
                "required": progress.required,
            },
            back_url=cohort.get_absolute_url(),
            back_label=_("Revenir à la promotion"),
        )
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
        "breadcrumb_data": breadcrumb(_("Vérifier une attestation"), _trainings_link()),
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


def figures(request):
    return render(
        request,
        "www/trainings/figures.html",
        {
            "page_title": _("Les formations en chiffres"),
            "breadcrumb_data": breadcrumb(_("Chiffres"), _trainings_link()),
            "figures": selectors.training_figures(),
        },
    )


# --- managers -------------------------------------------------------------------------------


def _cohort_breadcrumb(cohort, current):
    return breadcrumb(
        current,
        _trainings_link(),
        (cohort.programme.get_absolute_url(), cohort.programme.name),
        (cohort.get_absolute_url(), cohort.name),
    )


@login_required
def cohort_enrolments(request, key):
    """The cohort's people and waiting list, and its places."""
    cohort = selectors.cohort_get(key)
    if not can_manage_programme(request.user, cohort.programme):
        return _forbidden(
            request,
            _("Liste des inscrits réservée à la coordination et au laboratoire organisateur."),
            back_url=cohort.get_absolute_url(),
            back_label=_("Revenir à la promotion"),
        )
    form = CohortSettingsForm(
        request.POST or None,
        initial={"capacity": cohort.capacity, "enrolment_open": cohort.enrolment_open},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cohort_update(actor=request.user, cohort=cohort, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Les places de la promotion sont enregistrées."))
                return redirect("trainings:cohort_enrolments", key=cohort.key)
        status = 400
    enrolments = selectors.cohort_enrolments(request.user, cohort)
    return render(
        request,
        "www/trainings/cohort_enrolments.html",
        {
            "page_title": _("Inscrits — %(cohort)s") % {"cohort": cohort.name},
            "breadcrumb_data": _cohort_breadcrumb(cohort, _("Inscrits")),
            "cohort": cohort,
            "rows": [(e, selectors.progress_of(e)) for e in enrolments],
            "form": form,
        },
        status=status,
    )


def _sessions_page(
    request,
    cohort,
    *,
    session_form=None,
    recurrence_form=None,
    exception_form=None,
    cancel_form=None,
    status=200,
):
    sessions = selectors.cohort_sessions(cohort)
    for session in sessions:
        if cancel_form is not None and cancel_form.session_id == session.pk:
            session.cancel_form = cancel_form  # the one posted, with its errors
        elif not session.is_cancelled:
            session.cancel_form = SessionCancelForm(session=session)
    return render(
        request,
        "www/trainings/cohort_sessions.html",
        {
            "page_title": _("Séances — %(cohort)s") % {"cohort": cohort.name},
            "breadcrumb_data": _cohort_breadcrumb(cohort, _("Séances")),
            "cohort": cohort,
            "sessions": sessions,
            "session_form": session_form or SessionForm(prefix="session"),
            "recurrence_form": recurrence_form or RecurrenceForm(prefix="recurrence"),
            "exception_form": exception_form
            or RecurrenceExceptionForm(prefix="exception", sessions=sessions),
            "has_recurrence": any(s.recurrence_id for s in sessions),
            "cancel_form": cancel_form,
        },
        status=status,
    )


def _sessions_refusal(request, cohort):
    return _forbidden(
        request,
        _("La gestion des séances est réservée à la coordination et au laboratoire organisateur."),
        back_url=cohort.get_absolute_url(),
        back_label=_("Revenir à la promotion"),
    )


@login_required
def cohort_sessions(request, key):
    cohort = selectors.cohort_get(key)
    if not can_manage_programme(request.user, cohort.programme):
        return _sessions_refusal(request, cohort)
    return _sessions_page(request, cohort)


@login_required
@require_POST
def cohort_session_add(request, key):
    cohort = selectors.cohort_get(key)
    if not can_manage_programme(request.user, cohort.programme):
        return _sessions_refusal(request, cohort)
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        try:
            services.session_create(actor=request.user, cohort=cohort, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error, SessionForm.SERVICE_FIELDS)
        else:
            messages.success(request, _("La séance est ajoutée."))
            return redirect("trainings:cohort_sessions", key=cohort.key)
    return _sessions_page(request, cohort, session_form=form, status=400)


@login_required
@require_POST
def cohort_recurrence_add(request, key):
    cohort = selectors.cohort_get(key)
    if not can_manage_programme(request.user, cohort.programme):
        return _sessions_refusal(request, cohort)
    form = RecurrenceForm(request.POST, prefix="recurrence")
    if form.is_valid():
        try:
            recurrence = services.recurrence_create(
                actor=request.user, cohort=cohort, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(n)d séances sont programmées.") % {"n": recurrence.sessions.count()},
            )
            return redirect("trainings:cohort_sessions", key=cohort.key)
    return _sessions_page(request, cohort, recurrence_form=form, status=400)


@login_required
@require_POST
def cohort_recurrence_exception(request, key):
    cohort = selectors.cohort_get(key)
    if not can_manage_programme(request.user, cohort.programme):
        return _sessions_refusal(request, cohort)
    form = RecurrenceExceptionForm(
        request.POST, prefix="exception", sessions=selectors.cohort_sessions(cohort)
    )
    if form.is_valid():
        try:
            services.recurrence_exception_set(actor=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error, {"occurrence_date": "session"})
        else:
            messages.success(request, _("La séance est déplacée ou retirée."))
            return redirect("trainings:cohort_sessions", key=cohort.key)
    return _sessions_page(request, cohort, exception_form=form, status=400)


@login_required
@require_POST
def session_cancel(request, session_id):
    session = selectors.session_get(session_id)
    cohort = session.cohort
    if not can_manage_programme(request.user, cohort.programme):
        return _sessions_refusal(request, cohort)
    form = SessionCancelForm(request.POST, session=session)
    if form.is_valid():
        try:
            services.session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("La séance « %(session)s » est annulée.") % {"session": session.title}
            )
            return redirect("trainings:cohort_sessions", key=cohort.key)
    return _sessions_page(request, cohort, cancel_form=form, status=400)


@login_required
def session_attendance(request, session_id):
    """One sheet per session: the cohort's confirmed people, present or not."""
    session = selectors.session_get(session_id)
    cohort = session.cohort
    if not can_manage_programme(request.user, cohort.programme):
        return _forbidden(
            request,
            _("Les présences sont notées par la coordination et le laboratoire organisateur."),
            back_url=cohort.get_absolute_url(),
            back_label=_("Revenir à la promotion"),
        )
    sheet = selectors.attendance_sheet(request.user, session)
    form = AttendanceForm(request.POST or None, sheet=sheet)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.attendance_mark(
                    actor=request.user,
                    session=session,
                    present_enrolment_ids=form.cleaned_data["present"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Les présences sont enregistrées."))
                return redirect("trainings:session_attendance", session_id=session.pk)
        status = 400
    return render(
        request,
        "www/trainings/session_attendance.html",
        {
            "page_title": _("Présences — %(session)s") % {"session": session.title},
            "breadcrumb_data": _cohort_breadcrumb(cohort, _("Présences")),
            "session": session,
            "cohort": cohort,
            "sheet": sheet,
            "form": form,
        },
        status=status,
    )
