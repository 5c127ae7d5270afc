"""Sign-in lockout (django-axes): after LABNET_LOCKOUT_FAILURES failed sign-ins an account
and, separately, a network address are refused for LABNET_LOCKOUT_COOLOFF_MINUTES, on the
site, the API's token endpoint and the Django admin alike
(docs/adr/0024-trust-lockout-and-second-factor.md).

The address is read as the API's throttles and the visitors' registration limit read it
(REST_FRAMEWORK["NUM_PROXIES"] trusted entries of X-Forwarded-For behind the proxies),
so one client cannot pose as many by writing the header itself.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check, first of the backends. A call without a request (the test client's
    `login()`, a shell) has no address to count and is left to the next backends: every
    sign-in form of the platform passes its request."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str:
    # A DRF Request wraps the HttpRequest; the throttle's logic reads META either way.
    return BaseThrottle().get_ident(getattr(request, "_request", request))


def attempted_username(request, credentials) -> str | None:
    """The address tried, in lower case like the stored ones: `username` (site and admin
    forms) or `email` (API)."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if not value and request is not None:
        data = getattr(request, "POST", {}) or {}
        value = data.get("username") or data.get("email")
    return str(value).strip().lower() if value else None


def cool_off_minutes() -> int:
    delta = get_cool_off()
    return max(1, int(delta.total_seconds() // 60)) if delta else 0


def lockout_message() -> str:
    minutes = cool_off_minutes()
    return ngettext(
        "Trop de tentatives de connexion ont échoué : la connexion à ce compte ou depuis "
        "votre adresse réseau est bloquée pendant %(minutes)d minute. Réessayez ensuite, "
        "ou réinitialisez votre mot de passe.",
        "Trop de tentatives de connexion ont échoué : la connexion à ce compte ou depuis "
        "votre adresse réseau est bloquée pendant %(minutes)d minutes. Réessayez ensuite, "
        "ou réinitialisez votre mot de passe.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in gets: a structured error from the API, a page elsewhere
    (in the page's language), status 429 either way."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"errors": [{"field": None, "message": message, "code": "locked_out"}]}, status=429
        )
    else:
        response = render(
            request,
            "www/accounts/locked_out.html",
            {"page_title": _("Connexion bloquée"), "message": message},
            status=429,
        )
    response["Retry-After"] = str(cool_off_minutes() * 60)
    return response
