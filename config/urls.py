from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Administration de LabNet")
admin.site.site_title = "LabNet"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("labnet.api.urls")),
]
# Pages carry their language in the URL only for English (/en/...); French stays at the root.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("compte/", include("labnet.www.accounts.urls", namespace="accounts")),
    path("guichet/", include("labnet.www.intake.urls", namespace="intake")),
    path("accompagnement/", include("labnet.www.accompaniment.urls", namespace="accompaniment")),
    path("", include("labnet.www.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
