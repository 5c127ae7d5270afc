"""Asks for the second factor (labnet.accounts.mfa) before any page.

A signed-in person who enrolled a second factor, or who must have one (administrators,
coordination, lab leads if so configured), and has not entered a code in this session
is sent to the verification page, or to enrolment; the API answers 403 to such a
session. Only the second factor's own pages, sign-out, ProConnect's callbacks and the
static files stay reachable meanwhile.
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.accounts.mfa import mfa_required

EXEMPT_PREFIXES = (
    # Enrolment (refused by the view to whoever already has a factor), the code, and the
    # recovery codes just generated. Managing the factor (new codes, turning it off) is
    # not exempt: it needs a verified session like any page.
    "/compte/double-authentification/activer/",
    "/compte/double-authentification/verifier/",
    "/compte/double-authentification/codes/",
    "/compte/deconnexion/",
    "/static/",
    "/i18n/",
    "/oidc/",
)


def _exempt(path: str) -> bool:
    if path.startswith("/en/"):
        path = path[3:]
    return path.startswith(EXEMPT_PREFIXES)


class MfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not _exempt(request.path_info):
            verified = getattr(user, "is_verified", lambda: False)()
            if not verified:
                if user.mfa_enabled:
                    return self._refuse(request, "accounts:mfa_verify")
                if mfa_required(user):
                    return self._refuse(request, "accounts:mfa_enrol")
        return self.get_response(request)

    def _refuse(self, request, url_name):
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "errors": [
                        {
                            "field": None,
                            "message": _(
                                "Cette session doit d'abord valider la double authentification "
                                "sur le site."
                            ),
                            "code": "mfa_required",
                        }
                    ]
                },
                status=403,
            )
        target = reverse(url_name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
