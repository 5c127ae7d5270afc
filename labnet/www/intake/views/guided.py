"""The guided form: a new idea, its steps, the review before sending, co-authors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.intake import routing
from labnet.intake.attachments import can_attach
from labnet.intake.forms import (
    STEP_FORMS,
    AttachmentForm,
    CoauthorForm,
    SubmitForm,
)
from labnet.intake.models import Request
from labnet.intake.selectors import (
    request_get_draft,
    request_similar_projects,
)
from labnet.intake.services.base import REVIEW_STEP, STEP_COUNT
from labnet.intake.services.drafts import (
    request_add_coauthor,
    request_missing_fields,
    request_save_step,
)
from labnet.intake.services.submission import request_submit
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form
from labnet.www.links import section_link

from .common import FIELD_STEPS, step_title, step_url


def _stepper(step: int) -> dict:
    return {
        "current": step,
        "total": REVIEW_STEP,
        "title": step_title(step),
        "next_title": step_title(step + 1) if step < REVIEW_STEP else "",
    }


def _render_step(request, *, form, step, draft=None, status=200):
    return render(
        request,
        "www/intake/wizard_step.html",
        {
            "page_title": _("Proposer une idée — étape %(step)d sur %(total)d")
            % {"step": step, "total": REVIEW_STEP},
            "breadcrumb_data": breadcrumb(_("Proposer une idée"), section_link("my_requests")),
            "nav": "intake",
            "form": form,
            "step": step,
            "stepper": _stepper(step),
            "draft": draft,
        },
        status=status,
    )


@login_required
def request_new(request):
    """Step 1 of a new idea: the draft exists once this step is saved."""
    form = STEP_FORMS[1](request.POST or None)
    draft = write_from_form(
        form, lambda data: request_save_step(actor=request.user, step=1, data=data)
    )
    if draft is not None:
        messages.success(
            request, _("Brouillon enregistré. Vous pouvez le reprendre à tout moment.")
        )
        return redirect(step_url(draft, 2))
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
        return redirect(step_url(draft, draft.current_step))
    going_back = request.method == "POST" and "previous" in request.POST
    form_class = STEP_FORMS[step]
    if request.method != "POST":
        return _render_step(
            request, form=form_class(initial=_step_initial(draft, step)), step=step, draft=draft
        )
    form = form_class(request.POST, lenient=going_back)
    saved = write_from_form(
        form,
        lambda data: request_save_step(
            actor=request.user, request=draft, step=step, data=data, complete=not going_back
        ),
    )
    if saved is not None:
        return redirect(step_url(draft, step - 1 if going_back else step + 1))
    return _render_step(request, form=form, step=step, draft=draft)


def _review_context(request, draft, *, submit_form=None, coauthor_form=None, attachment_form=None):
    matches = routing.rank_labs_for_request(draft, limit=5)
    missing = request_missing_fields(draft)
    missing_steps = sorted({FIELD_STEPS.get(field, 5) for field in missing})
    return {
        "page_title": _("Proposer une idée — relecture et envoi"),
        "breadcrumb_data": breadcrumb(_("Relecture et envoi"), section_link("my_requests")),
        "nav": "intake",
        "draft": draft,
        "stepper": _stepper(REVIEW_STEP),
        "steps": [
            {"number": n, "title": step_title(n), "url": step_url(draft, n)}
            for n in range(1, STEP_COUNT + 1)
        ],
        "missing_steps": [
            {"number": n, "title": step_title(n), "url": step_url(draft, n)} for n in missing_steps
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
        return redirect(step_url(draft, draft.current_step))
    submit_form = None
    if request.method == "POST":
        matches = routing.rank_labs_for_request(draft, limit=5)
        submit_form = SubmitForm(request.POST, matches=matches)
        sent = write_from_form(
            submit_form,
            lambda data: request_submit(
                actor=request.user,
                request=draft,
                lab=submit_form.chosen_lab(),
                version=data["version"],
            ),
            field_names={"lab": "other_lab"},
        )
        if sent is not None:
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
    co_author = write_from_form(
        form,
        lambda data: request_add_coauthor(actor=request.user, request=draft, email=data["email"]),
    )
    if co_author is not None:
        messages.success(
            request,
            _("%(name)s peut maintenant compléter ce brouillon avec vous.")
            % {"name": co_author.full_name or co_author.email},
        )
        return redirect(step_url(draft, draft.current_step))
    return render(
        request, "www/intake/review.html", _review_context(request, draft, coauthor_form=form)
    )


# Shared with attachments.py (a refused file re-renders the review).
review_context = _review_context
