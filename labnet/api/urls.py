from django.urls import path
from rest_framework.routers import DefaultRouter

from . import (
    accompaniment,
    calls,
    events,
    funding,
    impact,
    intake,
    people,
    records,
    resources,
    roadmaps,
    stats,
    trainings,
    views,
)
from .auth import MeView, TokenDetailView, TokenListView, TokenView
from .docs import SchemaView, SwaggerView, api_docs
from .root import ApiRootView

app_name = "api"


class Router(DefaultRouter):
    # No `labs.json` routes: `?format=json` already does it, with fewer URLs to document.
    include_format_suffixes = False
    # The root also lists the open datasets (labnet.api.root).
    APIRootView = ApiRootView


router = Router(trailing_slash=True)
router.register("regions", views.RegionViewSet, basename="region")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("labs", views.LabViewSet, basename="lab")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("requests", intake.RequestViewSet, basename="request")
# The dashboards' figures (labnet.api.stats): in the router so the API root lists them.
router.register("stats", stats.StatsViewSet, basename="stats")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("auth/me/", MeView.as_view(), name="me"),
    path("auth/tokens/", TokenListView.as_view(), name="tokens"),
    path("auth/tokens/<int:id>/", TokenDetailView.as_view(), name="token-detail"),
    path("openapi.json", SchemaView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("docs/console/", SwaggerView.as_view(url_name="api:schema"), name="docs_console"),
    # Accompaniment of one project (labnet.api.accompaniment).
    path(
        "projects/<slug:key>/transitions/",
        accompaniment.ProjectTransitionsView.as_view(),
        name="project-transitions",
    ),
    path(
        "projects/<slug:key>/journal/",
        accompaniment.ProjectJournalView.as_view(),
        name="project-journal",
    ),
    path(
        "projects/<slug:key>/similar/",
        accompaniment.ProjectSimilarView.as_view(),
        name="project-similar",
    ),
    path(
        "projects/<slug:key>/lineage/",
        accompaniment.ProjectLineageView.as_view(),
        name="project-lineage",
    ),
    path(
        "projects/<slug:key>/publish/",
        accompaniment.ProjectPublishView.as_view(),
        name="project-publish",
    ),
    path(
        "projects/<slug:key>/unpublish/",
        accompaniment.ProjectUnpublishView.as_view(),
        name="project-unpublish",
    ),
    path(
        "intake/response-times/", intake.ResponseTimesView.as_view(), name="intake-response-times"
    ),
    # Each later domain keeps its routes beside its views (labnet/api/<domain>.py).
    *events.urlpatterns,
    *trainings.urlpatterns,
    *people.urlpatterns,
    *calls.urlpatterns,
    *resources.urlpatterns,
    *funding.urlpatterns,
    *impact.urlpatterns,
    *roadmaps.urlpatterns,
    *records.urlpatterns,
    *router.urls,
]
