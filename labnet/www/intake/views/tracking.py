"""The tracking page of a request and what is done from it: the lab's decisions, the
author's answers, withdrawing, booking a boost session; the author's list of requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from labnet.accounts.rules import is_coordinator
from labnet.intake import clock
from labnet.intake.attachments import can_attach
from labnet.intake.enums import (
    RequestDecision,
)
from labnet.intake.forms import (
    AttachmentForm,
    BookSlotForm,
    DecisionForm,
    ProvideInfoForm,
    WithdrawForm,
)
from labnet.intake.models import BoostSlot, Request
from labnet.intake.rules import require_can_decide, require_request_author
from labnet.intake.selectors import (
    lab_free_boost_slots,
    request_actions_available,
    request_get_visible,
    request_list_for_author,
)
from labnet.intake.services.author import request_provide_info, request_withdraw
from labnet.intake.services.base import REVIEW_STEP
from labnet.intake.services.boost import boost_slot_book
from labnet.intake.services.decisions import request_decide
from labnet.people.suggestions import suggested_people_for_request
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.confirm import confirmation_page
from labnet.www.forms import add_service_errors
from labnet.www.links import section_link

from .common import step_url


def _get_visible_or_404(user, public_id) -> Request:
    try:
        return request_get_visible(user=user, public_id=public_id)
    except Request.DoesNotExist as exc:
        raise Http404(_("Cette demande n'existe pas ou ne vous est pas accessible.")) from exc


def _detail_context(request, req, *, bound=None, page_error=""):
    """Everything the tracking page shows to this viewer; `bound` replaces a blank form by
    the one just posted, with what was typed and its errors."""
    user = request.user
    actions = request_actions_available(user=user, obj=req)
    is_author, deciding = actions.is_author, actions.can_decide
    initial = {"version": req.version}
    bound = bound or {}
    decision_forms = [
        bound.get(decision) or DecisionForm(decision=decision, lab=req.lab, initial=initial)
        for decision in actions.decisions
    ]
    free_slots = []
    tz = clock.lab_timezone(req.lab) if req.lab_id else None
    book_form = None
    if actions.can_book_boost:
        free_slots = list(lab_free_boost_slots(lab=req.lab))
        book_form = bound.get("book") or BookSlotForm(slots=free_slots, tz=tz, initial=initial)
    elif RequestDecision.BOOST in actions.decisions:
        free_slots = list(lab_free_boost_slots(lab=req.lab))
    info_form = None
    if actions.can_provide_info:
        info_form = bound.get("info") or ProvideInfoForm(initial=initial)
    withdraw_form = None
    if actions.can_withdraw:
        withdraw_form = bound.get("withdraw") or WithdrawForm(initial=initial)
    links = [] if not is_author else [section_link("my_requests")]
    if req.lab_id and (deciding or is_coordinator(user)) and not is_author:
        links = [(reverse("intake:lab_inbox", kwargs={"lab_key": req.lab.key}), req.lab.name)]
    return {
        "page_title": req.title or _("Demande sans titre"),
        "breadcrumb_data": breadcrumb(req.title or _("Demande sans titre"), *links),
        "nav": "intake",
        "req": req,
        "events": list(req.events.all()),
        "themes": list(req.themes.all()),
        "co_authors": list(req.co_authors.all()),
        "attachments": list(req.attachments.all()),
        "can_attach": can_attach(user, req),
        "attachment_form": bound.get("attachment") or AttachmentForm(),
        "is_author": is_author,
        "can_decide": deciding,
        "show_team_view": deciding or is_coordinator(user),
        # People of the directory with the skills the request calls for (labnet.people).
        "suggested_people": suggested_people_for_request(req, user) if deciding else None,
        "decision_forms": decision_forms,
        "free_slots": free_slots,
        "slot_tz": tz,
        "book_form": book_form,
        "info_form": info_form,
        "withdraw_form": withdraw_form,
        "page_error": page_error,
        "draft_url": step_url(req, min(req.current_step, REVIEW_STEP))
        if actions.can_edit_draft
        else "",
    }


def _render_detail(request, req, *, bound=None, page_error="", status=200):
    return render(
        request,
        "www/intake/request_detail.html",
        _detail_context(request, req, bound=bound, page_error=page_error),
        status=status,
    )


@login_required
def request_detail(request, public_id):
    """The request and its full history, for its authors, its lab's team, the coordinator."""
    return _render_detail(request, _get_visible_or_404(request.user, public_id))


def _stale_or_field_errors(form, error) -> str:
    """A stale page is said at the top of the page too: the whole page is out of date."""
    if getattr(error, "code", None) == "stale":
        form.add_error(None, error.messages)
        return error.messages[0]
    add_service_errors(form, error)
    return ""


DECISION_DONE = {
    RequestDecision.ACCEPT: gettext_lazy(
        "Demande acceptée : le projet est créé en phase de cadrage."
    ),
    RequestDecision.BOOST: gettext_lazy("Coup de pouce proposé : l'auteur va choisir un créneau."),
    RequestDecision.REDIRECT_LAB: gettext_lazy("Demande transmise au laboratoire %(lab)s."),
    RequestDecision.REDIRECT_OUT: gettext_lazy("Demande réorientée ; l'auteur est prévenu."),
    RequestDecision.ASK_INFO: gettext_lazy("Question envoyée à l'auteur."),
    RequestDecision.DECLINE: gettext_lazy("Demande déclinée ; le motif est transmis à l'auteur."),
}


@login_required
@require_POST
def request_decision(request, public_id):
    req = _get_visible_or_404(request.user, public_id)
    decision = request.POST.get("decision", "")
    if decision not in RequestDecision.values:
        messages.error(request, _("Décision inconnue : choisissez l'une des réponses proposées."))
        return redirect(req)
    require_can_decide(request.user, req)
    form = DecisionForm(request.POST, decision=decision, lab=req.lab)
    page_error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            decided = request_decide(
                actor=request.user,
                request=req,
                decision=decision,
                version=data["version"],
                reason=data.get("reason", ""),
                lab=data.get("lab"),
                service=data.get("service", ""),
                message=data.get("message", ""),
            )
        except ValidationError as error:
            page_error = _stale_or_field_errors(form, error)
        else:
            done = str(DECISION_DONE[decision])
            messages.success(
                request, done % {"lab": decided.lab.name} if "%(lab)s" in done else done
            )
            return redirect(decided)
    return _render_detail(request, req, bound={decision: form}, page_error=page_error)


@login_required
@require_POST
def request_provide_info_view(request, public_id):
    req = _get_visible_or_404(request.user, public_id)
    require_request_author(request.user, req)
    form = ProvideInfoForm(request.POST)
    page_error = ""
    if form.is_valid():
        try:
            request_provide_info(
                actor=request.user,
                request=req,
                message=form.cleaned_data["message"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            page_error = _stale_or_field_errors(form, error)
        else:
            messages.success(request, _("Votre réponse est transmise au laboratoire."))
            return redirect(req)
    return _render_detail(request, req, bound={"info": form}, page_error=page_error)


def _withdraw_confirmation(request, req, form, status=200):
    return confirmation_page(
        request,
        title=_("Retirer votre demande « %(title)s » ?")
        % {"title": req.title or _("Demande sans titre")},
        explanation=_(
            "Le laboratoire est prévenu et ne la traitera pas. Une demande retirée ne peut "
            "pas être rouverte : il faudrait en écrire une nouvelle."
        ),
        confirm_label=_("Retirer ma demande"),
        cancel_url=req.get_absolute_url(),
        form=form,
        status=status,
    )


@login_required
def request_withdraw_view(request, public_id):
    req = _get_visible_or_404(request.user, public_id)
    require_request_author(request.user, req)
    if request.method != "POST":
        return _withdraw_confirmation(request, req, WithdrawForm(initial={"version": req.version}))
    form = WithdrawForm(request.POST)
    page_error = ""
    if form.is_valid():
        try:
            request_withdraw(
                actor=request.user,
                request=req,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            page_error = _stale_or_field_errors(form, error)
        else:
            messages.success(request, _("Votre demande est retirée ; le laboratoire est prévenu."))
            return redirect(req)
    return _render_detail(request, req, bound={"withdraw": form}, page_error=page_error)


@login_required
@require_POST
def request_book_slot(request, public_id):
    req = _get_visible_or_404(request.user, public_id)
    require_request_author(request.user, req)
    # The slot may have been taken since the page was shown: offer every slot of the lab
    # still to come, so the service (under lock) is the one that says it is taken.
    slots = (
        list(BoostSlot.objects.filter(lab_id=req.lab_id).order_by("starts_at"))
        if req.lab_id
        else []
    )
    form = BookSlotForm(request.POST, slots=slots, tz=clock.lab_timezone(req.lab))
    page_error = ""
    if form.is_valid():
        try:
            boost_slot_book(
                actor=request.user,
                request=req,
                slot=form.chosen_slot(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            page_error = _stale_or_field_errors(form, error)
            if not page_error and form.errors.get("slot"):
                page_error = form.errors["slot"][0]
        else:
            messages.success(request, _("Votre créneau est réservé ; le laboratoire est prévenu."))
            return redirect(req)
    # Shown again with the errors, offering only the slots still free.
    free = list(lab_free_boost_slots(lab=req.lab)) if req.lab_id else []
    form.offer(free)
    return _render_detail(request, req, bound={"book": form}, page_error=page_error)


@login_required
def my_requests(request):
    """The agent's requests and drafts, their own and those they co-author."""
    return render(
        request,
        "www/intake/my_requests.html",
        {
            "page_title": _("Mes demandes"),
            "breadcrumb_data": breadcrumb(_("Mes demandes")),
            "nav": "intake",
            "requests": request_list_for_author(user=request.user),
        },
    )


# Shared with attachments.py (a refused file re-renders the tracking page).
detail_context = _detail_context
get_visible_or_404 = _get_visible_or_404
