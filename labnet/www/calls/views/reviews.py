"""The review page and the owner's decision on an answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.calls.rules import (
    can_decide,
    require_can_review,
    require_decider,
)
from labnet.calls.selectors import (
    answer_reviews,
)
from labnet.calls.services.decisions import answer_decide
from labnet.calls.services.reviews import review_save
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form

from ..forms import (
    DecisionForm,
    ReviewForm,
)
from .common import answer_or_404


@login_required
def answer_review(request, pk):
    answer = answer_or_404(request.user, pk)
    require_can_review(request.user, answer)
    existing = next(iter(answer_reviews(user=request.user, answer=answer)), None)
    mine = existing if existing is not None and existing.reviewer_id == request.user.pk else None
    form = ReviewForm(request.POST or None, call=answer.call, initial=ReviewForm.initial_for(mine))
    review = write_from_form(
        form,
        lambda data: review_save(
            actor=request.user, answer=answer, scores=form.scores(), comment=data["comment"]
        ),
    )
    if review is not None:
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
    answer = answer_or_404(request.user, pk)
    call = answer.call
    require_decider(request.user, answer)
    if not can_decide(request.user, answer):
        messages.error(
            request,
            _("Cette réponse est %(status)s : elle n'attend plus de décision.")
            % {"status": answer.get_status_display()},
        )
        return redirect(answer.get_absolute_url())
    form = DecisionForm(request.POST or None, call=call)
    decided = write_from_form(
        form,
        lambda data: answer_decide(
            actor=request.user,
            answer=answer,
            decision=data["decision"],
            message=data["message"],
            lab=data.get("lab"),
        ),
    )
    if decided is not None:
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
