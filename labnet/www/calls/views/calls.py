"""The public list and call page; the owner's side: the call form, publishing, closing,
"my calls" and the list of answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.accounts.rules import is_coordinator, lab_roles
from labnet.calls.enums import CallKind
from labnet.calls.rules import (
    can_edit_call,
    can_open_calls,
    can_see_answers,
    is_call_owner,
    is_call_reviewer,
    require_can_edit_call,
    require_can_open_calls,
)
from labnet.calls.selectors import (
    answer_list_for_author,
    answer_list_for_call,
    call_list_managed,
    call_list_open,
)
from labnet.calls.services.calls import call_close, call_create, call_open, call_update
from labnet.core.pagination import IdsFirstPaginator
from labnet.labs.models import Lab
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form
from labnet.www.links import query_without, section_link
from labnet.www.page_cache import CATALOGUE, public_page

from ..forms import (
    CallFilterForm,
    CallForm,
)
from .common import call_or_404

ANSWERS_PAGE_SIZE = 50
MY_CALLS_PAGE_SIZE = 50


@public_page(*CATALOGUE, "calls", seconds=60)
def call_list(request):
    """Open calls (and those opening soon), filtered by kind."""
    form = CallFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    return render(
        request,
        "www/calls/call_list.html",
        {
            "page_title": _("Appels en cours"),
            "breadcrumb_data": breadcrumb(_("Appels")),
            "nav": "calls",
            "form": form,
            "calls": list(call_list_open(kind=kind or None)),
            "kind_label": dict(CallKind.choices).get(kind, ""),
            "can_create": can_open_calls(request.user),
        },
    )


@public_page(*CATALOGUE, "calls", seconds=60)
def call_detail(request, key):
    call = call_or_404(request.user, key)
    user = request.user
    own_answers = []
    if user.is_authenticated:
        own_answers = list(answer_list_for_author(user=user).filter(call=call))
    return render(
        request,
        "www/calls/call_detail.html",
        {
            "page_title": call.title,
            "breadcrumb_data": breadcrumb(call.title, section_link("calls")),
            "nav": "calls",
            "call": call,
            "questions": list(call.questions.all()),
            "criteria": list(call.criteria.all()),
            "is_owner": is_call_owner(user, call),
            "can_edit": can_edit_call(user, call),
            "can_see_answers": can_see_answers(user, call),
            "own_answers": own_answers,
        },
    )


def _owner_labs(user):
    if is_coordinator(user):
        return Lab.objects.order_by("name")
    return Lab.objects.filter(pk__in=list(lab_roles(user))).order_by("name")


def _render_call_form(request, form, *, call=None, status=200):
    title = _("Modifier l'appel") if call else _("Ouvrir un appel")
    links = [section_link("calls"), (reverse("calls:my_calls"), _("Mes appels"))]
    if call:
        links.append((call.get_absolute_url(), call.title))
    return render(
        request,
        "www/calls/call_form.html",
        {
            "page_title": title,
            "breadcrumb_data": breadcrumb(title, *links),
            "nav": "calls",
            "form": form,
            "call": call,
        },
        status=status,
    )


@login_required
def call_create_view(request):
    user = request.user
    require_can_open_calls(user)
    form = CallForm(
        request.POST or None, labs=_owner_labs(user), national_allowed=is_coordinator(user)
    )
    call = write_from_form(
        form,
        lambda data: call_create(
            actor=user,
            data=form.call_data(),
            questions=data["questions"],
            criteria=data["criteria"],
            reviewer_emails=data["reviewers"],
        ),
    )
    if call is not None:
        messages.success(
            request, _("Appel enregistré en brouillon : publiez-le quand il est prêt.")
        )
        return redirect(call.get_absolute_url())
    return _render_call_form(request, form, status=400 if form.errors else 200)


@login_required
def call_edit(request, key):
    call = call_or_404(request.user, key)
    require_can_edit_call(request.user, call)
    form = CallForm(
        request.POST or None,
        initial=CallForm.initial_for(call),
        labs=_owner_labs(request.user),
        national_allowed=is_coordinator(request.user),
    )
    saved = write_from_form(
        form,
        lambda data: call_update(
            actor=request.user,
            call=call,
            data=form.call_data(),
            questions=data["questions"],
            criteria=data["criteria"],
            reviewer_emails=data["reviewers"],
        ),
    )
    if saved is not None:
        messages.success(request, _("Appel modifié."))
        return redirect(saved.get_absolute_url())
    return _render_call_form(request, form, call=call, status=400 if form.errors else 200)


def _change_call(request, key, service, done: str):
    """Open or close a call, then back to its page, which says what happened."""
    call = call_or_404(request.user, key)
    try:
        service(actor=request.user, call=call)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(call.get_absolute_url())


@login_required
@require_POST
def call_publish(request, key):
    return _change_call(request, key, call_open, _("Appel publié."))


@login_required
@require_POST
def call_close_view(request, key):
    return _change_call(request, key, call_close, _("Appel clos : il ne reçoit plus de réponses."))


@login_required
def my_calls(request):
    # Paged: the coordination manages every call of the network (400 at national scale).
    calls = IdsFirstPaginator(call_list_managed(user=request.user), MY_CALLS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "www/calls/my_calls.html",
        {
            "page_title": _("Mes appels"),
            "breadcrumb_data": breadcrumb(_("Mes appels"), section_link("calls")),
            "nav": "calls",
            "calls": calls,
            "page_obj": calls,
            "page_query": query_without(request, "page"),
            "can_create": can_open_calls(request.user),
        },
    )


@login_required
def answer_list(request, key):
    call = call_or_404(request.user, key)
    # Paged, the page's ids first: the busiest call has 2,000 answers, and each row's
    # reviews are counted for the rows shown only.
    answers = IdsFirstPaginator(
        answer_list_for_call(user=request.user, call=call), ANSWERS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "www/calls/answer_list.html",
        {
            "page_title": _("Réponses à « %(call)s »") % {"call": call.title},
            "breadcrumb_data": breadcrumb(
                _("Réponses"), section_link("calls"), (call.get_absolute_url(), call.title)
            ),
            "nav": "calls",
            "call": call,
            "answers": answers,
            "page_obj": answers,
            "page_query": query_without(request, "page"),
            "is_owner": is_call_owner(request.user, call),
            "is_reviewer": is_call_reviewer(request.user, call),
        },
    )
