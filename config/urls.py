from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from labnet.intake.webhooks import demarches_webhook

admin.site.site_header = _("Administration de LabNet")
admin.site.site_title = "LabNet"

urlpatterns = [
    path("api/v1/", include("labnet.api.urls")),
    # ProConnect (OpenID Connect); 404 unless configured (docs/proconnect.md).
    path("oidc/", include("labnet.www.accounts.proconnect_urls")),
    path(
        "webhooks/demarches-simplifiees/<str:token>/", demarches_webhook, name="demarches_webhook"
    ),
]
# Pages carry their language in the URL only for English (/en/...); French stays at the root.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("compte/parcours/", include("labnet.www.records.urls", namespace="records")),
    path("compte/webhooks/", include("labnet.www.webhooks.urls", namespace="webhooks")),
    path("compte/", include("labnet.www.accounts.urls", namespace="accounts")),
    path("guichet/", include("labnet.www.intake.urls", namespace="intake")),
    path("accompagnement/", include("labnet.www.accompaniment.urls", namespace="accompaniment")),
    path("evenements/", include("labnet.www.events.urls", namespace="events")),
    path("formations/", include("labnet.www.trainings.urls", namespace="trainings")),
    path("personnes/", include("labnet.www.people.urls", namespace="people")),
    path("appels/", include("labnet.www.calls.urls", namespace="calls")),
    path("ressources/", include("labnet.www.resources.urls", namespace="resources")),
    path("financements/", include("labnet.www.funding.urls", namespace="funding")),
    path("impact/", include("labnet.www.impact.urls", namespace="impact")),
    path("feuilles-de-route/", include("labnet.www.roadmaps.urls", namespace="roadmaps")),
    path("audit/", include("labnet.www.audit.urls", namespace="audit")),
    path("donnees/", include("labnet.www.opendata.urls", namespace="opendata")),
    path("publications/", include("labnet.www.publications.urls", namespace="publications")),
    path("", include("labnet.www.stats.urls", namespace="stats")),
    path("", include("labnet.www.urls")),
    prefix_default_language=False,
)
# Uploaded files are never served from MEDIA_URL, not even in development: project
# documents are private and go through a view that checks who asks.

# Error pages are pages of the site, in the URL's language (labnet/www/errors.py).
handler400 = "config.errors.bad_request"
handler403 = "labnet.www.errors.permission_denied"
# JSON errors under /api/ even for routes that do not exist, pages of the site elsewhere.
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
