"""What the calls' pages share: lookups that answer 404, the refusal page, links."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.calls.models import Answer, Call
from labnet.calls.selectors import (
    answer_get_visible,
    call_get_visible,
)
from labnet.www.refusals import forbidden_page


def forbidden(request, message: str):
    return forbidden_page(
        request,
        message,
        back_url=reverse("calls:call_list"),
        back_label=_("Revenir aux appels"),
        nav="calls",
    )


def call_or_404(user, key) -> Call:
    try:
        return call_get_visible(user=user, key=key)
    except Call.DoesNotExist as exc:
        raise Http404(_("Cet appel n'existe pas ou n'est pas publié.")) from exc


def answer_or_404(user, pk) -> Answer:
    try:
        return answer_get_visible(user=user, pk=pk)
    except Answer.DoesNotExist as exc:
        raise Http404(_("Cette réponse n'existe pas ou ne vous est pas accessible.")) from exc
