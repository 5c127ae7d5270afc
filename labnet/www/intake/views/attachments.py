"""Files joined to a request: adding and removing them (its authors), downloading them
(whoever may read the request), through `intake.attachments`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.intake.attachments import (
    attachment_add,
    attachment_get_visible,
    attachment_remove,
)
from labnet.intake.enums import RequestStatus
from labnet.intake.forms import AttachmentForm
from labnet.intake.models import RequestAttachment
from labnet.www.forms import write_from_form

from .guided import review_context as _review_context
from .tracking import detail_context as _detail_context
from .tracking import get_visible_or_404 as _get_visible_or_404


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
    attachment = write_from_form(
        form,
        lambda data: attachment_add(
            actor=request.user, request=req, file=data["file"], title=data["title"]
        ),
    )
    if attachment is not None:
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
    attachment_remove(actor=request.user, attachment=attachment)
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
