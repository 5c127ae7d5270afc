from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from . import views
from .auth import MeView, TokenView
from .docs import SwaggerView

app_name = "api"


class Router(DefaultRouter):
    # No `labs.json` routes: `?format=json` already does it, with fewer URLs to document.
    include_format_suffixes = False


router = Router(trailing_slash=True)
router.register("regions", views.RegionViewSet, basename="region")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("labs", views.LabViewSet, basename="lab")
router.register("projects", views.ProjectViewSet, basename="project")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("auth/me/", MeView.as_view(), name="me"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
