"""ProConnect's three addresses (/oidc/...): start, callback, and back from logout.

They answer 404 while ProConnect is not configured. The protocol is mozilla-django-oidc's;
these views only take the endpoints from discovery and turn failures into a French
message on the sign-in page rather than an error page.
"""

import logging

import requests
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from labnet.accounts import proconnect

LOGGER = logging.getLogger(__name__)
LOGOUT_STATE_COOKIE = "labnet_proconnect_logout"
LOGOUT_STATE_SALT = "labnet.proconnect.logout"


def _unavailable(request):
    messages.error(
        request,
        _(
            "La connexion avec ProConnect n'a pas abouti. Réessayez, ou connectez-vous "
            "avec votre mot de passe."
        ),
    )
    return redirect("accounts:login")


class ProConnectStartView(OIDCAuthenticationRequestView):
    def __init__(self, *args, **kwargs):
        # The endpoints are read in get(), from discovery (see accounts.proconnect).
        View.__init__(self, *args, **kwargs)

    def get(self, request):
        if not proconnect.is_configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = proconnect.discovery()["authorization_endpoint"]
        except (requests.RequestException, ValueError, ImproperlyConfigured):
            LOGGER.exception("ProConnect discovery failed")
            return _unavailable(request)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class ProConnectCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not proconnect.is_configured():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, ValueError) as error:
            LOGGER.warning("ProConnect callback refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        return _unavailable(self.request)


def proconnect_logout_redirect(request):
    """Where the site's logout sends a person signed in with ProConnect: the provider's
    end-session endpoint (None when they did not use ProConnect). Call before logout."""
    id_token = request.session.get("oidc_id_token")
    if not id_token or not proconnect.is_configured():
        return None
    try:
        url, state = proconnect.end_session_url(
            id_token=id_token,
            post_logout_redirect_uri=request.build_absolute_uri(reverse("oidc_logout_callback")),
        )
    except (requests.RequestException, KeyError, ImproperlyConfigured):
        LOGGER.exception("ProConnect end-session endpoint unavailable")
        return None
    return url, signing.dumps(state, salt=LOGOUT_STATE_SALT)


class ProConnectLogoutCallbackView(View):
    """Back from the provider's end-session page: the `state` must be the one we sent."""

    def get(self, request):
        if not proconnect.is_configured():
            raise Http404
        try:
            expected = signing.loads(
                request.COOKIES.get(LOGOUT_STATE_COOKIE, ""),
                salt=LOGOUT_STATE_SALT,
                max_age=15 * 60,
            )
        except signing.BadSignature:
            expected = None
        if expected and request.GET.get("state") == expected:
            messages.success(request, _("Vous êtes déconnecté de LabNet et de ProConnect."))
        else:
            messages.info(request, _("Vous êtes déconnecté de LabNet."))
        response = redirect("www:home")
        response.delete_cookie(LOGOUT_STATE_COOKIE)
        return response
