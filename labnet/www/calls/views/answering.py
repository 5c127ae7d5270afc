"""Answering a call: the answer form, co-authors, attachments, withdrawing, "my answers"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.calls.models import Answer, AnswerAttachment
from labnet.calls.rules import (
    can_decide,
    can_edit_answer,
    can_review,
    can_see_answers,
    is_answer_author,
)
from labnet.calls.selectors import (
    answer_attachment_get,
    answer_list_for_author,
    answer_reviews,
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
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.confirm import confirmation_page
from labnet.www.forms import add_service_errors, write_from_form
from labnet.www.links import section_link

from ..forms import (
    AnswerForm,
    AttachmentForm,
    CoauthorForm,
)
from .common import answer_or_404, call_or_404


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
    call = call_or_404(request.user, key)
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
    answer = answer_or_404(user, pk)
    if not can_edit_answer(user, answer):
        raise Http404(_("Ce brouillon n'existe pas ou ne vous est pas partagé."))
    return answer


@login_required
def answer_edit(request, pk):
    answer = answer_or_404(request.user, pk)
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
    user = write_from_form(
        form,
        lambda data: answer_add_coauthor(actor=request.user, answer=answer, email=data["email"]),
    )
    if user is not None:
        messages.success(request, _("%(name)s co-écrit désormais cette réponse.") % {"name": user})
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
    attachment = write_from_form(
        form, lambda data: answer_attach(actor=request.user, answer=answer, file=data["file"])
    )
    if attachment is not None:
        messages.success(request, _("Pièce jointe ajoutée."))
        return redirect(reverse("calls:answer_edit", kwargs={"pk": answer.pk}))
    edit_form = AnswerForm(call=answer.call, initial=AnswerForm.initial_for(answer))
    context = _answer_form_context(request, answer.call, edit_form, answer=answer, file_form=form)
    return render(request, "www/calls/answer_form.html", context, status=400)


@login_required
def answer_attachment_delete_view(request, pk, attachment_id):
    answer = _own_draft_or_404(request.user, pk)
    attachment = next((a for a in answer.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    if request.method != "POST":
        return confirmation_page(
            request,
            title=_("Retirer la pièce jointe « %(name)s » ?") % {"name": attachment.name},
            explanation=_("Le fichier est effacé de votre réponse : c'est définitif."),
            confirm_label=_("Retirer la pièce jointe"),
            cancel_url=reverse("calls:answer_edit", kwargs={"pk": answer.pk}),
        )
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
def answer_withdraw_view(request, pk):
    answer = answer_or_404(request.user, pk)
    if request.method != "POST":
        return confirmation_page(
            request,
            title=_("Retirer votre réponse à « %(call)s » ?") % {"call": answer.call.title},
            explanation=_(
                "Les porteurs de l'appel ne l'étudieront pas. Une réponse retirée ne peut "
                "pas être renvoyée telle quelle."
            ),
            confirm_label=_("Retirer ma réponse"),
            cancel_url=answer.get_absolute_url(),
        )
    try:
        answer_withdraw(actor=request.user, answer=answer)
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
            "breadcrumb_data": breadcrumb(_("Mes réponses"), section_link("calls")),
            "nav": "calls",
            "answers": list(answer_list_for_author(user=request.user)),
        },
    )


@login_required
def answer_detail(request, pk):
    answer = answer_or_404(request.user, pk)
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
