"""The managers' pages of a cohort: enrolments, sessions and recurrences, cancelling a
session, attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.trainings import selectors
from labnet.trainings.rules import require_can_manage_sessions, require_can_see_enrolments
from labnet.trainings.services.attendance import attendance_mark
from labnet.trainings.services.recurrences import recurrence_create, recurrence_exception_set
from labnet.trainings.services.sessions import cohort_update, session_create
from labnet.trainings.services.sessions import session_cancel as session_cancel_service
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form
from labnet.www.links import section_link

from .forms import (
    AttendanceForm,
    CohortSettingsForm,
    RecurrenceExceptionForm,
    RecurrenceForm,
    SessionCancelForm,
    SessionForm,
)


def _cohort_breadcrumb(cohort, current):
    return breadcrumb(
        current,
        section_link("trainings"),
        (cohort.programme.get_absolute_url(), cohort.programme.name),
        (cohort.get_absolute_url(), cohort.name),
    )


@login_required
def cohort_enrolments(request, key):
    """The cohort's people and waiting list, and its places."""
    cohort = selectors.cohort_get(key)
    require_can_see_enrolments(request.user, cohort.programme)
    form = CohortSettingsForm(
        request.POST or None,
        initial={"capacity": cohort.capacity, "enrolment_open": cohort.enrolment_open},
    )
    status = 200
    if request.method == "POST":
        saved = write_from_form(
            form, lambda data: cohort_update(actor=request.user, cohort=cohort, **data)
        )
        if saved is not None:
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


@login_required
def cohort_sessions(request, key):
    cohort = selectors.cohort_get(key)
    require_can_manage_sessions(request.user, cohort.programme)
    return _sessions_page(request, cohort)


@login_required
@require_POST
def cohort_session_add(request, key):
    cohort = selectors.cohort_get(key)
    require_can_manage_sessions(request.user, cohort.programme)
    form = SessionForm(request.POST, prefix="session")
    created = write_from_form(
        form,
        lambda data: session_create(actor=request.user, cohort=cohort, **form.service_data()),
        field_names=SessionForm.SERVICE_FIELDS,
    )
    if created is not None:
        messages.success(request, _("La séance est ajoutée."))
        return redirect("trainings:cohort_sessions", key=cohort.key)
    return _sessions_page(request, cohort, session_form=form, status=400)


@login_required
@require_POST
def cohort_recurrence_add(request, key):
    cohort = selectors.cohort_get(key)
    require_can_manage_sessions(request.user, cohort.programme)
    form = RecurrenceForm(request.POST, prefix="recurrence")
    recurrence = write_from_form(
        form, lambda data: recurrence_create(actor=request.user, cohort=cohort, **data)
    )
    if recurrence is not None:
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
    require_can_manage_sessions(request.user, cohort.programme)
    form = RecurrenceExceptionForm(
        request.POST, prefix="exception", sessions=selectors.cohort_sessions(cohort)
    )
    exception = write_from_form(
        form,
        lambda data: recurrence_exception_set(actor=request.user, **form.service_data()),
        field_names={"occurrence_date": "session"},
    )
    if exception is not None:
        messages.success(request, _("La séance est déplacée ou retirée."))
        return redirect("trainings:cohort_sessions", key=cohort.key)
    return _sessions_page(request, cohort, exception_form=form, status=400)


@login_required
@require_POST
def session_cancel(request, session_id):
    session = selectors.session_get(session_id)
    cohort = session.cohort
    require_can_manage_sessions(request.user, cohort.programme)
    form = SessionCancelForm(request.POST, session=session)
    cancelled = write_from_form(
        form,
        lambda data: session_cancel_service(
            actor=request.user, session=session, reason=data["reason"]
        ),
    )
    if cancelled is not None:
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
    sheet = selectors.attendance_sheet(request.user, session)
    form = AttendanceForm(request.POST or None, sheet=sheet)
    status = 200
    if request.method == "POST":
        marked = write_from_form(
            form,
            lambda data: attendance_mark(
                actor=request.user, session=session, present_enrolment_ids=data["present"]
            ),
        )
        if marked is not None:
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
