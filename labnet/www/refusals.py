"""The page a person sees when they may not do what they asked: a 403 that says why."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def forbidden_page(request, message: str, *, back_url: str, back_label: str, nav: str = ""):
    """A refusal that says why, in French, rather than a bare 403, with a way back."""
    return render(
        request,
        "www/forbidden.html",
        {
            "page_title": _("Accès réservé"),
            "message": message,
            "back_url": back_url,
            "back_label": back_label,
            "nav": nav,
        },
        status=403,
    )
