"""Pages of the single window: the guided form, the review, the tracking page, the labs'
inboxes and boost slots, and the public response times. Views stay thin: they read through
`intake.selectors`, write through `intake.services`, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from labnet.accounts.rules import is_coordinator
from labnet.intake import clock, routing, stats
from labnet.intake.attachments import (
    attachment_add,
    attachment_get_visible,
    attachment_remove,
    can_attach,
)
from labnet.intake.enums import (
    ALLOWED_DECISIONS,
    WITHDRAWABLE_STATUSES,
    RequestDecision,
    RequestStatus,
)
from labnet.intake.forms import (
    STEP_FORMS,
    AttachmentForm,
    BookSlotForm,
    BoostSlotForm,
    CoauthorForm,
    DecisionForm,
    ProvideInfoForm,
    SubmitForm,
    WithdrawForm,
)
from labnet.intake.models import BoostSlot, Request, RequestAttachment
from labnet.intake.rules import can_decide, can_triage, is_request_author
from labnet.intake.selectors import (
    lab_boost_slots,
    lab_by_key,
    lab_free_boost_slots,
    lab_inbox,
    request_get_draft,
    request_get_visible,
    request_list_for_author,
    request_similar_projects,
)
from labnet.intake.services import (
    REVIEW_STEP,
    STEP_COUNT,
    boost_slot_book,
    boost_slot_create,
    boost_slot_delete,
    request_add_coauthor,
    request_decide,
    request_missing_fields,
    request_provide_info,
    request_save_step,
    request_submit,
    request_withdraw,
)
from labnet.labs.models import Lab
from labnet.people.selectors import suggested_people_for_request
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import add_service_errors
from labnet.www.refusals import forbidden_page

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


def _step_title(step: int) -> str:
    return str(STEP_TITLES[step])


def _forbidden(request, message: str):
    return forbidden_page(
        request,
        message,
        back_url=reverse("intake:my_requests"),
        back_label=_("Revenir à mes demandes"),
    )


def _my_requests_link():
    return (reverse("intake:my_requests"), _("Mes demandes"))


# --- the guided form ----------------------------------------------------------------------------


def _stepper(step: int) -> dict:
    return {
        "current": step,
        "total": REVIEW_STEP,
        "title": _step_title(step),
        "next_title": _step_title(step + 1) if step < REVIEW_STEP else "",
    }


def _render_step(request, *, form, step, draft=None, status=200):
    return render(
        request,
        "www/intake/wizard_step.html",
        {
            "page_title": _("Proposer une idée — étape %(step)d sur %(total)d")
            % {"step": step, "total": REVIEW_STEP},
            "breadcrumb_data": breadcrumb(_("Proposer une idée"), _my_requests_link()),
            "nav": "intake",
            "form": form,
            "step": step,
            "stepper": _stepper(step),
            "draft": draft,
        },
        status=status,
    )


def _step_url(draft: Request, step: int) -> str:
    if step > STEP_COUNT:
        return reverse("intake:request_review", kwargs={"public_id": draft.public_id})
    return reverse("intake:request_step", kwargs={"public_id": draft.public_id, "step": step})


@login_required
def request_new(request):
    """Step 1 of a new idea: the draft exists once this step is saved."""
    form = STEP_FORMS[1](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = request_save_step(actor=request.user, step=1, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Brouillon enregistré. Vous pouvez le reprendre à tout moment.")
            )
            return redirect(_step_url(draft, 2))
    return _render_step(request, form=form, step=1)


def _get_draft_or_404(user, public_id) -> Request:
    try:
        return request_get_draft(user=user, public_id=public_id)
    except Request.DoesNotExist as exc:
        raise Http404(_("Ce brouillon n'existe pas ou ne vous est pas partagé.")) from exc


def _step_initial(draft: Request, step: int) -> dict:
    if step == 5:
        return {
            "organisation": draft.organisation,
            "organisation_name": draft.organisation_name,
            "region": draft.region,
            "department": draft.department,
            "themes": list(draft.themes.all()),
        }
    return {name: getattr(draft, name) for name in STEP_FORMS[step].base_fields}


@login_required
def request_step(request, public_id, step):
    """One step of the guided form: "Enregistrer et continuer" or "Précédent", both POST."""
    if step not in STEP_FORMS:
        raise Http404
    draft = _get_draft_or_404(request.user, public_id)
    if step > draft.current_step:
        # Steps open in order: an earlier one is still to fill.
        return redirect(_step_url(draft, draft.current_step))
    going_back = request.method == "POST" and "previous" in request.POST
    form_class = STEP_FORMS[step]
    if request.method != "POST":
        return _render_step(
            request, form=form_class(initial=_step_initial(draft, step)), step=step, draft=draft
        )
    form = form_class(request.POST, lenient=going_back)
    if form.is_valid():
        try:
            request_save_step(
                actor=request.user,
                request=draft,
                step=step,
                data=form.cleaned_data,
                complete=not going_back,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_step_url(draft, step - 1 if going_back else step + 1))
    return _render_step(request, form=form, step=step, draft=draft)


def _review_context(request, draft, *, submit_form=None, coauthor_form=None, attachment_form=None):
    matches = routing.rank_labs_for_request(draft, limit=5)
    missing = request_missing_fields(draft)
    missing_steps = sorted({FIELD_STEPS.get(field, 5) for field in missing})
    return {
        "page_title": _("Proposer une idée — relecture et envoi"),
        "breadcrumb_data": breadcrumb(_("Relecture et envoi"), _my_requests_link()),
        "nav": "intake",
        "draft": draft,
        "stepper": _stepper(REVIEW_STEP),
        "steps": [
            {"number": n, "title": _step_title(n), "url": _step_url(draft, n)}
            for n in range(1, STEP_COUNT + 1)
        ],
        "missing_steps": [
            {"number": n, "title": _step_title(n), "url": _step_url(draft, n)}
            for n in missing_steps
        ],
        "matches": matches,
        "similar": request_similar_projects(request=draft, user=request.user, limit=5),
        "submit_form": submit_form
        or SubmitForm(matches=matches, initial={"version": draft.version}),
        "coauthor_form": coauthor_form or CoauthorForm(),
        "is_author": draft.author_id == request.user.pk,
        "attachments": list(draft.attachments.all()),
        "attachment_form": attachment_form or AttachmentForm(),
        "can_attach": can_attach(request.user, draft),
    }


@login_required
def request_review(request, public_id):
    """Before sending: similar projects, the labs best placed, and the choice of lab."""
    draft = _get_draft_or_404(request.user, public_id)
    if draft.current_step < REVIEW_STEP and request.method != "POST":
        return redirect(_step_url(draft, draft.current_step))
    submit_form = None
    if request.method == "POST":
        matches = routing.rank_labs_for_request(draft, limit=5)
        submit_form = SubmitForm(request.POST, matches=matches)
        if submit_form.is_valid():
            try:
                sent = request_submit(
                    actor=request.user,
                    request=draft,
                    lab=submit_form.chosen_lab(),
                    version=submit_form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_errors(submit_form, error, {"lab": "other_lab"})
            else:
                messages.success(
                    request,
                    _(
                        "Votre demande est envoyée à %(lab)s. Un accusé de réception vous a été "
                        "adressé par courriel."
                    )
                    % {"lab": sent.lab.name},
                )
                return redirect(sent)
    return render(
        request, "www/intake/review.html", _review_context(request, draft, submit_form=submit_form)
    )


@login_required
@require_POST
def request_coauthor_add(request, public_id):
    draft = _get_draft_or_404(request.user, public_id)
    form = CoauthorForm(request.POST)
    if form.is_valid():
        try:
            co_author = request_add_coauthor(
                actor=request.user, request=draft, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s peut maintenant compléter ce brouillon avec vous.")
                % {"name": co_author.full_name or co_author.email},
            )
            return redirect(_step_url(draft, draft.current_step))
    return render(
        request, "www/intake/review.html", _review_context(request, draft, coauthor_form=form)
    )


# --- attachments ------------------------------------------------------------------------------


def _attachment_return(req) -> str:
    if req.status == RequestStatus.DRAFT:
        return (
            reverse("intake:request_review", kwargs={"public_id": req.public_id}) + "#attachments"
        )
    return req.get_absolute_url() + "#attachments"


@login_required
@require_POST
def request_attach(request, public_id):
    """Join a file to one's request (multipart form); checked by content, like documents."""
    req = _get_visible_or_404(request.user, public_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_add(
                actor=request.user,
                request=req,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except PermissionDenied as error:
            return forbidden_page(
                request,
                str(error),
                back_url=req.get_absolute_url(),
                back_label=_("Revenir à la demande"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("« %(title)s » est joint à la demande.") % {"title": attachment.title}
            )
            return redirect(_attachment_return(req))
    if req.status == RequestStatus.DRAFT:
        return render(
            request,
            "www/intake/review.html",
            _review_context(request, req, attachment_form=form),
            status=400,
        )
    return render(
        request,
        "www/intake/request_detail.html",
        _detail_context(request, req, bound={"attachment": form}),
        status=400,
    )


@login_required
@require_POST
def request_attachment_remove(request, public_id, pk):
    try:
        attachment = attachment_get_visible(user=request.user, public_id=public_id, pk=pk)
    except RequestAttachment.DoesNotExist as exc:
        raise Http404(_("Cette pièce jointe n'existe pas ou ne vous est pas accessible.")) from exc
    req = attachment.request
    try:
        attachment_remove(actor=request.user, attachment=attachment)
    except PermissionDenied as error:
        return forbidden_page(
            request,
            str(error),
            back_url=req.get_absolute_url(),
            back_label=_("Revenir à la demande"),
        )
    messages.success(request, _("La pièce jointe est retirée."))
    return redirect(_attachment_return(req))


@login_required
def request_attachment_download(request, public_id, pk):
    """Served only through this check (authors, the lab's team, the coordination)."""
    try:
        attachment = attachment_get_visible(user=request.user, public_id=public_id, pk=pk)
    except RequestAttachment.DoesNotExist as exc:
        raise Http404(_("Cette pièce jointe n'existe pas ou ne vous est pas accessible.")) from exc
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file.name.rsplit("/", 1)[-1],
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the tracking page ----------------------------------------------------------------------


def _get_visible_or_404(user, public_id) -> Request:
    try:
        return request_get_visible(user=user, public_id=public_id)
    except Request.DoesNotExist as exc:
        raise Http404(_("Cette demande n'existe pas ou ne vous est pas accessible.")) from exc


def _detail_context(request, req, *, bound=None, page_error=""):
    """Everything the tracking page shows to this viewer; `bound` replaces a blank form by
    the one just posted, with what was typed and its errors."""
    user = request.user
    is_author = is_request_author(user, req)
    deciding = can_decide(user, req)
    initial = {"version": req.version}
    bound = bound or {}
    decision_forms = []
    free_slots = []
    if deciding:
        decision_forms = [
            bound.get(decision) or DecisionForm(decision=decision, lab=req.lab, initial=initial)
            for decision in RequestDecision
            if decision in ALLOWED_DECISIONS.get(req.status, set())
        ]
    tz = clock.lab_timezone(req.lab) if req.lab_id else None
    book_form = None
    if is_author and req.status == RequestStatus.BOOST_OFFERED:
        free_slots = list(lab_free_boost_slots(lab=req.lab))
        book_form = bound.get("book") or BookSlotForm(slots=free_slots, tz=tz, initial=initial)
    elif deciding and RequestDecision.BOOST in ALLOWED_DECISIONS.get(req.status, set()):
        free_slots = list(lab_free_boost_slots(lab=req.lab))
    info_form = None
    if is_author and req.status == RequestStatus.WAITING_AUTHOR:
        info_form = bound.get("info") or ProvideInfoForm(initial=initial)
    withdraw_form = None
    if is_author and req.status in WITHDRAWABLE_STATUSES:
        withdraw_form = bound.get("withdraw") or WithdrawForm(initial=initial)
    links = [] if not is_author else [_my_requests_link()]
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
        "draft_url": _step_url(req, min(req.current_step, REVIEW_STEP))
        if req.status == RequestStatus.DRAFT and is_author
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
    if not can_decide(request.user, req):
        return _render_detail(
            request,
            req,
            page_error=_("Seule l'équipe du laboratoire de la demande peut y répondre."),
            status=403,
        )
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


def _refuse_unless_author(request, req):
    """The French 403 page for what only the request's authors may do, or None."""
    if is_request_author(request.user, req):
        return None
    return _render_detail(
        request,
        req,
        page_error=_("Seuls l'auteur et les co-auteurs de la demande peuvent faire cela."),
        status=403,
    )


@login_required
@require_POST
def request_provide_info_view(request, public_id):
    req = _get_visible_or_404(request.user, public_id)
    if refusal := _refuse_unless_author(request, req):
        return refusal
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


@login_required
@require_POST
def request_withdraw_view(request, public_id):
    req = _get_visible_or_404(request.user, public_id)
    if refusal := _refuse_unless_author(request, req):
        return refusal
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
    if refusal := _refuse_unless_author(request, req):
        return refusal
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


# --- the lab's side ------------------------------------------------------------------------------


def _inbox_reserved(lab) -> str:
    return _(
        "La boîte de réception de %(lab)s est réservée à son équipe et à la coordination nationale."
    ) % {"lab": lab.name}


def _team_only(lab) -> str:
    return _("Seule l'équipe de %(lab)s publie et retire ses créneaux.") % {"lab": lab.name}


def _get_lab_or_404(lab_key) -> Lab:
    try:
        return lab_by_key(key=lab_key)
    except Lab.DoesNotExist as exc:
        raise Http404(_("Ce laboratoire n'existe pas.")) from exc


@login_required
def lab_inbox_view(request, lab_key):
    """The lab's inbox: what waits on it, the most urgent first, with its clock."""
    lab = _get_lab_or_404(lab_key)
    try:
        inbox = lab_inbox(user=request.user, lab=lab)
    except PermissionDenied:
        return _forbidden(request, _inbox_reserved(lab))
    return render(
        request,
        "www/intake/lab_inbox.html",
        {
            "page_title": _("Boîte de réception de %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": breadcrumb(
                _("Boîte de réception"), (lab.get_absolute_url(), lab.name)
            ),
            "lab": lab,
            "inbox": inbox,
            "times": stats.lab_response_times(lab=lab),
            "can_triage": can_triage(request.user, lab),
        },
    )


@login_required
def lab_slots(request, lab_key):
    """The lab's boost slots to come, and the form to publish one (for its team)."""
    lab = _get_lab_or_404(lab_key)
    try:
        slots = lab_boost_slots(user=request.user, lab=lab)
    except PermissionDenied:
        return _forbidden(request, _inbox_reserved(lab))
    triage = can_triage(request.user, lab)
    form = BoostSlotForm(request.POST or None, lab=lab)
    if request.method == "POST":
        if not triage:
            return _forbidden(request, _team_only(lab))
        if form.is_valid():
            starts_at, ends_at = form.datetimes()
            try:
                boost_slot_create(
                    actor=request.user,
                    lab=lab,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    location=form.cleaned_data["location"],
                )
            except ValidationError as error:
                add_service_errors(form, error, BoostSlotForm.SERVICE_FIELDS)
            else:
                messages.success(request, _("Le créneau est publié."))
                return redirect("intake:lab_slots", lab_key=lab.key)
    return render(
        request,
        "www/intake/lab_slots.html",
        {
            "page_title": _("Créneaux de coup de pouce de %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": breadcrumb(
                _("Créneaux de coup de pouce"),
                (lab.get_absolute_url(), lab.name),
                (reverse("intake:lab_inbox", kwargs={"lab_key": lab.key}), _("Boîte de réception")),
            ),
            "lab": lab,
            "slots": slots,
            "slot_tz": form.tz,
            "form": form,
            "can_triage": triage,
        },
    )


@login_required
@require_POST
def lab_slot_delete(request, lab_key, slot_id):
    lab = _get_lab_or_404(lab_key)
    slot = BoostSlot.objects.filter(lab=lab, pk=slot_id).select_related("lab").first()
    if slot is None:
        raise Http404
    if not can_triage(request.user, lab):
        return _forbidden(request, _team_only(lab))
    try:
        boost_slot_delete(actor=request.user, slot=slot)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Le créneau est supprimé."))
    return redirect("intake:lab_slots", lab_key=lab.key)


def response_times(request):
    """Public figures: how fast each lab and the network give a first answer."""
    network, by_lab = stats.response_times()
    return render(
        request,
        "www/intake/response_times.html",
        {
            "page_title": _("Délais de première réponse"),
            "breadcrumb_data": breadcrumb(_("Délais de première réponse")),
            "network": network,
            "by_lab": by_lab,
        },
    )
