"""What the funding pages share."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.funding.models import Allocation, Envelope
from labnet.funding.selectors.allocations import allocation_get_visible
from labnet.funding.selectors.envelopes import envelope_get
from labnet.www.breadcrumbs import breadcrumb

NAV = "funding"
PAGE_SIZE = 50


def crumbs(current, *links):
    return breadcrumb(current, (reverse("funding:overview"), _("Financements")), *links)


def manage_crumbs(current):
    return crumbs(current, (reverse("funding:manage"), _("Gestion des financements")))


def envelope_or_404(key) -> Envelope:
    try:
        return envelope_get(key=key)
    except Envelope.DoesNotExist as exc:
        raise Http404(_("Cette enveloppe n'existe pas.")) from exc


def allocation_or_404(request, key) -> Allocation:
    try:
        return allocation_get_visible(user=request.user, key=key)
    except Allocation.DoesNotExist as exc:
        raise Http404(_("Cette attribution n'existe pas ou n'est pas publique.")) from exc


def form_page(request, form, *, title, submit, cancel_url, status=200, intro=""):
    return render(
        request,
        "www/funding/form.html",
        {
            "nav": NAV,
            "page_title": title,
            "title": title,
            "intro": intro,
            "breadcrumb_data": manage_crumbs(title),
            "form": form,
            "submit": submit,
            "cancel_url": cancel_url,
        },
        status=status,
    )
