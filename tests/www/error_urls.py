"""The site's URLs plus views that fail on purpose, to render each error page for real."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _

from config import urls as site_urls


def refuse(request):
    raise PermissionDenied(_("Seule la coordination nationale gère les financements."))


def refuse_bare(request):
    raise PermissionDenied


def bad(request):
    raise BadRequest("malformed")


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    *site_urls.urlpatterns,
    *i18n_patterns(
        path("essai/refus/", refuse),
        path("essai/refus-nu/", refuse_bare),
        path("essai/requete/", bad),
        path("essai/panne/", boom),
        prefix_default_language=False,
    ),
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
