"""Pages of the calls: the public list and call page, the owner's call form and answers
list, the answer form, "my answers", the review page and the decision form. Views stay
thin: they read through `calls.selectors`, write through `calls.services`, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.accounts.rules import is_coordinator, lab_roles
from labnet.calls.enums import CallKind
from labnet.calls.models import Answer, AnswerAttachment, Call
from labnet.calls.rules import (
    can_decide,
    can_edit_answer,
    can_edit_call,
    can_review,
    can_see_answers,
    is_answer_author,
    is_call_owner,
    is_call_reviewer,
)
from labnet.calls.selectors import (
    answer_attachment_get,
    answer_get_visible,
    answer_list_for_author,
    answer_list_for_call,
    answer_reviews,
    call_get_visible,
    call_list_managed,
    call_list_open,
)
from labnet.calls.services.answers import (
    answer_add_coauthor,
    answer_attach,
    answer_attachment_delete,
    answer_missing_fields,
    answer_save_draft,
    answer_submit,
    answer_withdraw,
)
from labnet.calls.services.calls import call_close, call_create, call_open, call_update
from labnet.calls.services.decisions import OWN_ANSWER_DECISION, answer_decide
from labnet.calls.services.reviews import review_save
from labnet.labs.models import Lab
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import add_service_errors
from labnet.www.refusals import forbidden_page

from .forms import (
    AnswerForm,
    AttachmentForm,
    CallFilterForm,
    CallForm,
    CoauthorForm,
    DecisionForm,
    ReviewForm,
)


def _forbidden(request, message: str):
    return forbidden_page(
        request,
        message,
        back_url=reverse("calls:call_list"),
        back_label=_("Revenir aux appels"),
        nav="calls",
    )


def _calls_link():
    return (reverse("calls:call_list"), _("Appels"))


def _call_or_404(user, key) -> Call:
    try:
        return call_get_visible(user=user, key=key)
    except Call.DoesNotExist as exc:
        raise Http404(_("Cet appel n'existe pas ou n'est pas publié.")) from exc


def _answer_or_404(user, pk) -> Answer:
    try:
        return answer_get_visible(user=user, pk=pk)
    except Answer.DoesNotExist as exc:
        raise Http404(_("Cette réponse n'existe pas ou ne vous est pas accessible.")) from exc


# --- public pages -------------------------------------------------------------------------------


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
            "can_create": is_coordinator(request.user) or bool(lab_roles(request.user)),
        },
    )


def call_detail(request, key):
    call = _call_or_404(request.user, key)
    user = request.user
    own_answers = []
    if user.is_authenticated:
        own_answers = list(answer_list_for_author(user=user).filter(call=call))
    return render(
        request,
        "www/calls/call_detail.html",
        {
            "page_title": call.title,
            "breadcrumb_data": breadcrumb(call.title, _calls_link()),
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


# --- the owner's side ---------------------------------------------------------------------------


def _owner_labs(user):
    if is_coordinator(user):
        return Lab.objects.order_by("name")
    return Lab.objects.filter(pk__in=list(lab_roles(user))).order_by("name")


def _render_call_form(request, form, *, call=None, status=200):
    title = _("Modifier l'appel") if call else _("Ouvrir un appel")
    links = [_calls_link(), (reverse("calls:my_calls"), _("Mes appels"))]
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
    if not (is_coordinator(user) or lab_roles(user)):
        return _forbidden(
            request,
            _("Les équipes des laboratoires et la coordination nationale ouvrent des appels."),
        )
    form = CallForm(
        request.POST or None, labs=_owner_labs(user), national_allowed=is_coordinator(user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = call_create(
                actor=user,
                data=form.call_data(),
                questions=form.cleaned_data["questions"],
                criteria=form.cleaned_data["criteria"],
                reviewer_emails=form.cleaned_data["reviewers"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("owner_lab", str(error))
        else:
            messages.success(
                request, _("Appel enregistré en brouillon : publiez-le quand il est prêt.")
            )
            return redirect(call.get_absolute_url())
    return _render_call_form(request, form, status=400 if form.errors else 200)


@login_required
def call_edit(request, key):
    call = _call_or_404(request.user, key)
    if not can_edit_call(request.user, call):
        return _forbidden(request, _("Seuls les porteurs de l'appel le modifient, avant décision."))
    form = CallForm(
        request.POST or None,
        initial=CallForm.initial_for(call),
        labs=_owner_labs(request.user),
        national_allowed=is_coordinator(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = call_update(
                actor=request.user,
                call=call,
                data=form.call_data(),
                questions=form.cleaned_data["questions"],
                criteria=form.cleaned_data["criteria"],
                reviewer_emails=form.cleaned_data["reviewers"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("owner_lab", str(error))
        else:
            messages.success(request, _("Appel modifié."))
            return redirect(call.get_absolute_url())
    return _render_call_form(request, form, call=call, status=400 if form.errors else 200)


def _change_call(request, key, service, done: str):
    """Open or close a call, then back to its page, which says what happened."""
    call = _call_or_404(request.user, key)
    try:
        service(actor=request.user, call=call)
    except PermissionDenied as error:
        return _forbidden(request, str(error))
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
    return render(
        request,
        "www/calls/my_calls.html",
        {
            "page_title": _("Mes appels"),
            "breadcrumb_data": breadcrumb(_("Mes appels"), _calls_link()),
            "nav": "calls",
            "calls": list(call_list_managed(user=request.user)),
            "can_create": is_coordinator(request.user) or bool(lab_roles(request.user)),
        },
    )


@login_required
def answer_list(request, key):
    call = _call_or_404(request.user, key)
    if not can_see_answers(request.user, call):
        return _forbidden(
            request, _("Les réponses sont réservées aux porteurs et aux évaluateurs de l'appel.")
        )
    return render(
        request,
        "www/calls/answer_list.html",
        {
            "page_title": _("Réponses à « %(call)s »") % {"call": call.title},
            "breadcrumb_data": breadcrumb(
                _("Réponses"), _calls_link(), (call.get_absolute_url(), call.title)
            ),
            "nav": "calls",
            "call": call,
            "answers": list(answer_list_for_call(user=request.user, call=call)),
            "is_owner": is_call_owner(request.user, call),
            "is_reviewer": is_call_reviewer(request.user, call),
        },
    )


# --- answering ----------------------------------------------------------------------------------


def _answer_form_context(request, call, form, *, answer=None, coauthor_form=None, file_form=None):
    title = _("Répondre à « %(call)s »") % {"call": call.title}
    return {
        "page_title": title,
        "breadcrumb_data": breadcrumb(
            _("Ma réponse"), (reverse("calls:my_answers"), _("Mes réponses"))
        ),
        "nav": "calls",
        "call": call,
        "form": form,
        "answer": answer,
        "coauthor_form": coauthor_form or CoauthorForm(),
        "file_form": file_form or AttachmentForm(),
        "co_authors": list(answer.co_authors.all()) if answer else [],
        "attachments": list(answer.attachments.all()) if answer else [],
    }


def _save_and_maybe_submit(request, call, form, answer):
    """Save the draft (always: nothing typed is lost), then send it if asked.

    Returns (the draft, a redirect or None); errors go on the form. A refused sending
    keeps the saved draft, so the page shows the errors next to what was typed."""
    try:
        answer = answer_save_draft(
            actor=request.user,
            call=call,
            answer=answer,
            title=form.cleaned_data["title"],
            responses=form.responses(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return answer, None
    if "submit" not in request.POST:
        messages.success(
            request, _("Brouillon enregistré. Vous pouvez le reprendre à tout moment.")
        )
        return answer, redirect(reverse("calls:answer_edit", kwargs={"pk": answer.pk}))
    try:
        answer_submit(actor=request.user, answer=answer)
    except ValidationError as error:
        add_service_errors(form, error)
        form.add_error(None, _("Votre brouillon est enregistré, mais pas encore envoyé."))
        return answer, None
    messages.success(request, _("Réponse envoyée. Vous recevez un accusé de réception."))
    return answer, redirect(answer.get_absolute_url())


@login_required
def answer_new(request, key):
    call = _call_or_404(request.user, key)
    if not call.is_open:
        messages.error(request, _("Cet appel ne reçoit pas de réponses en ce moment."))
        return redirect(call.get_absolute_url())
    form = AnswerForm(request.POST or None, call=call)
    answer = None
    if request.method == "POST" and form.is_valid():
        answer, response = _save_and_maybe_submit(request, call, form, None)
        if response is not None:
            return response
    context = _answer_form_context(request, call, form, answer=answer)
    return render(
        request, "www/calls/answer_form.html", context, status=400 if form.errors else 200
    )


def _own_draft_or_404(user, pk) -> Answer:
    answer = _answer_or_404(user, pk)
    if not can_edit_answer(user, answer):
        raise Http404(_("Ce brouillon n'existe pas ou ne vous est pas partagé."))
    return answer


@login_required
def answer_edit(request, pk):
    answer = _answer_or_404(request.user, pk)
    if not can_edit_answer(request.user, answer):
        return redirect(answer.get_absolute_url())
    call = answer.call
    form = AnswerForm(request.POST or None, call=call, initial=AnswerForm.initial_for(answer))
    if request.method == "POST" and form.is_valid():
        answer, response = _save_and_maybe_submit(request, call, form, answer)
        if response is not None:
            return response
    context = _answer_form_context(request, call, form, answer=answer)
    return render(
        request, "www/calls/answer_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def answer_coauthor_add(request, pk):
    answer = _own_draft_or_404(request.user, pk)
    form = CoauthorForm(request.POST)
    if form.is_valid():
        try:
            user = answer_add_coauthor(
                actor=request.user, answer=answer, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s co-écrit désormais cette réponse.") % {"name": user}
            )
            return redirect(reverse("calls:answer_edit", kwargs={"pk": answer.pk}))
    edit_form = AnswerForm(call=answer.call, initial=AnswerForm.initial_for(answer))
    context = _answer_form_context(
        request, answer.call, edit_form, answer=answer, coauthor_form=form
    )
    return render(request, "www/calls/answer_form.html", context, status=400)


@login_required
@require_POST
def answer_attach_view(request, pk):
    answer = _own_draft_or_404(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            answer_attach(actor=request.user, answer=answer, file=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pièce jointe ajoutée."))
            return redirect(reverse("calls:answer_edit", kwargs={"pk": answer.pk}))
    edit_form = AnswerForm(call=answer.call, initial=AnswerForm.initial_for(answer))
    context = _answer_form_context(request, answer.call, edit_form, answer=answer, file_form=form)
    return render(request, "www/calls/answer_form.html", context, status=400)


@login_required
@require_POST
def answer_attachment_delete_view(request, pk, attachment_id):
    answer = _own_draft_or_404(request.user, pk)
    attachment = next((a for a in answer.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    answer_attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("Pièce jointe retirée."))
    return redirect(reverse("calls:answer_edit", kwargs={"pk": answer.pk}))


@login_required
def answer_attachment_download(request, pk, attachment_id):
    try:
        attachment = answer_attachment_get(user=request.user, answer_pk=pk, pk=attachment_id)
    except (Answer.DoesNotExist, AnswerAttachment.DoesNotExist) as exc:
        raise Http404 from exc
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def answer_withdraw_view(request, pk):
    answer = _answer_or_404(request.user, pk)
    try:
        answer_withdraw(actor=request.user, answer=answer)
    except PermissionDenied as error:
        return _forbidden(request, str(error))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Réponse retirée."))
    return redirect(reverse("calls:my_answers"))


@login_required
def my_answers(request):
    return render(
        request,
        "www/calls/my_answers.html",
        {
            "page_title": _("Mes réponses aux appels"),
            "breadcrumb_data": breadcrumb(_("Mes réponses"), _calls_link()),
            "nav": "calls",
            "answers": list(answer_list_for_author(user=request.user)),
        },
    )


@login_required
def answer_detail(request, pk):
    answer = _answer_or_404(request.user, pk)
    user = request.user
    call = answer.call
    is_author = is_answer_author(user, answer)
    committee = can_see_answers(user, call) and not is_author
    links = [(reverse("calls:my_answers"), _("Mes réponses"))]
    if committee:
        links = [
            (call.get_absolute_url(), call.title),
            (reverse("calls:answer_list", kwargs={"key": call.key}), _("Réponses")),
        ]
    reviews = answer_reviews(user=user, answer=answer) if committee else []
    return render(
        request,
        "www/calls/answer_detail.html",
        {
            "page_title": str(answer),
            "breadcrumb_data": breadcrumb(str(answer), *links),
            "nav": "calls",
            "answer": answer,
            "call": call,
            "items": [(q, answer.response_to(q)) for q in call.questions.all()],
            "co_authors": list(answer.co_authors.all()),
            "attachments": list(answer.attachments.all()),
            "is_author": is_author,
            "committee": committee,
            "reviews": reviews,
            "can_review": can_review(user, answer),
            "can_decide": can_decide(user, answer),
            "can_edit": can_edit_answer(user, answer),
            "missing": answer_missing_fields(answer) if can_edit_answer(user, answer) else {},
        },
    )


# --- reviews and decisions ----------------------------------------------------------------------


@login_required
def answer_review(request, pk):
    answer = _answer_or_404(request.user, pk)
    if not can_review(request.user, answer):
        return _forbidden(
            request,
            _("Seuls les évaluateurs de l'appel notent ses réponses envoyées, jamais les leurs."),
        )
    existing = next(iter(answer_reviews(user=request.user, answer=answer)), None)
    mine = existing if existing is not None and existing.reviewer_id == request.user.pk else None
    form = ReviewForm(request.POST or None, call=answer.call, initial=ReviewForm.initial_for(mine))
    if request.method == "POST" and form.is_valid():
        try:
            review_save(
                actor=request.user,
                answer=answer,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Évaluation enregistrée."))
            return redirect(reverse("calls:answer_list", kwargs={"key": answer.call.key}))
    return render(
        request,
        "www/calls/review_form.html",
        {
            "page_title": _("Évaluer « %(answer)s »") % {"answer": answer},
            "breadcrumb_data": breadcrumb(
                _("Évaluation"),
                (reverse("calls:answer_list", kwargs={"key": answer.call.key}), _("Réponses")),
                (answer.get_absolute_url(), str(answer)),
            ),
            "nav": "calls",
            "answer": answer,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def answer_decision(request, pk):
    answer = _answer_or_404(request.user, pk)
    call = answer.call
    if not is_call_owner(request.user, call):
        return _forbidden(request, _("Seuls les porteurs de l'appel décident des réponses."))
    if is_answer_author(request.user, answer):
        return _forbidden(request, str(OWN_ANSWER_DECISION))
    if not can_decide(request.user, answer):
        messages.error(
            request,
            _("Cette réponse est %(status)s : elle n'attend plus de décision.")
            % {"status": answer.get_status_display()},
        )
        return redirect(answer.get_absolute_url())
    form = DecisionForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            answer_decide(
                actor=request.user,
                answer=answer,
                decision=form.cleaned_data["decision"],
                message=form.cleaned_data["message"],
                lab=form.cleaned_data.get("lab"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Décision enregistrée et envoyée aux auteurs."))
            return redirect(reverse("calls:answer_list", kwargs={"key": call.key}))
    return render(
        request,
        "www/calls/decision_form.html",
        {
            "page_title": _("Décider de « %(answer)s »") % {"answer": answer},
            "breadcrumb_data": breadcrumb(
                _("Décision"),
                (reverse("calls:answer_list", kwargs={"key": call.key}), _("Réponses")),
                (answer.get_absolute_url(), str(answer)),
            ),
            "nav": "calls",
            "answer": answer,
            "call": call,
            "form": form,
            "reviews": answer_reviews(user=request.user, answer=answer),
        },
        status=400 if form.errors else 200,
    )
