"""What the funding pages share."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.funding.models import Allocation, Envelope
from labnet.funding.selectors.allocations import allocation_get_visible
from labnet.funding.selectors.envelopes import envelope_get
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import add_service_errors

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


def save_form(request, form, write, *, field_names=None):
    """Run the service on a valid form; its refusal goes to the form. Returns the object
    written, or None (the form then carries the errors)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc, field_names)
        return None
