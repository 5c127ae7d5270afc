"""The error pages: 400, 403, 404, 500 and the CSRF failure are pages of the site.

Each is rendered in the language of the URL (the locale middleware has already activated
it, `/en/...` included for a URL that matches nothing) and extends `www/base.html` with the
DSFR error page layout. A refusal shows the reason the service or selector gave: services
raise `PermissionDenied` with a French message (docs/adr/0030-polish-one-way-to-refuse.md)
and this is the one place that turns it into a page.

The 500 page is rendered without the request's context processors: the database may be the
reason for the error, so nothing on that page may need it (no `user`, no session; the
request is there for its address only).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from labnet.core.context_processors import site
from labnet.core.request_limits import TOO_LARGE, too_large_message

TEMPLATE = "www/errors/error.html"


def refusal_message(exception) -> str:
    """The reason a refusal gives, or an empty string for a bare `PermissionDenied`."""
    if isinstance(exception, PermissionDenied) and exception.args:
        message = exception.args[0]
        return str(message) if message else ""
    return ""


def _render(request, *, status: int, title: str, lead: str, reason: str = "") -> HttpResponse:
    context = {
        "page_title": title,
        "status_code": status,
        "error_title": title,
        "error_lead": lead,
        "error_reason": reason,
    }
    return HttpResponse(loader.get_template(TEMPLATE).render(context, request), status=status)


def too_large(request, exception):
    """A post beyond DATA_UPLOAD_MAX_MEMORY_SIZE (or with too many fields or files): the
    limit said plainly, and how not to lose the text (it never reached the form)."""
    return _render(
        request,
        status=413,
        title=_("Envoi trop volumineux"),
        lead=_(
            "Rien n'a été enregistré. Revenez à la page précédente avec le bouton « Retour » "
            "de votre navigateur, qui garde en général ce que vous aviez saisi, raccourcissez "
            "les textes les plus longs et envoyez à nouveau."
        ),
        reason=too_large_message(exception),
    )


@requires_csrf_token
def bad_request(request, exception=None, template_name=None):
    if isinstance(exception, TOO_LARGE):
        return too_large(request, exception)
    return _render(
        request,
        status=400,
        title=_("Requête incorrecte"),
        lead=_(
            "La demande envoyée au site n'a pas pu être comprise. Revenez à la page "
            "précédente et réessayez."
        ),
    )


@requires_csrf_token
def permission_denied(request, exception=None, template_name=None):
    return _render(
        request,
        status=403,
        title=_("Accès refusé"),
        lead=_("Vous n'avez pas le droit de faire ce que vous avez demandé."),
        reason=refusal_message(exception),
    )


@requires_csrf_token
def page_not_found(request, exception=None, template_name=None):
    return _render(
        request,
        status=404,
        title=_("Page non trouvée"),
        lead=_(
            "La page que vous cherchez est introuvable. Excusez-nous pour la gêne "
            "occasionnée. Si vous avez tapé l'adresse web dans le navigateur, vérifiez "
            "qu'elle est correcte. La page n'est peut-être plus disponible."
        ),
    )


def csrf_failure(request, reason="", template_name=None):
    return _render(
        request,
        status=403,
        title=_("Le formulaire a expiré"),
        lead=_(
            "Pour votre sécurité, le formulaire n'a pas été envoyé : la page était ouverte "
            "depuis trop longtemps, ou les cookies sont bloqués. Revenez à la page "
            "précédente, rechargez-la et envoyez le formulaire à nouveau."
        ),
    )


def server_error(request=None, template_name=None):
    """No context processor runs here (no user, no session, no query): only the site's
    identity from settings and the active language."""
    title = _("Erreur inattendue")
    context = {
        **site(None),
        # Only for the header's language switch (the page's address): `request.user` and the
        # session are never read here.
        "request": request,
        "LANGUAGE_CODE": get_language(),
        "page_title": title,
        "status_code": 500,
        "error_title": title,
        "error_lead": _(
            "Désolé, le service rencontre un problème, nous travaillons pour le résoudre "
            "le plus rapidement possible. Essayez de rafraîchir la page ou réessayez plus "
            "tard."
        ),
        "error_reason": "",
        "is_server_error": True,
    }
    return HttpResponse(loader.get_template(TEMPLATE).render(context), status=500)
