"""The reference resources of API v1: regions, departments, organisations, themes, labs
and projects. They are read-only; the API's writes (requests and decisions, answers and
reviews, registrations, enrolments, resources, the accompaniment...) live in one module per
domain (`intake.py`, `calls.py`, `events.py`, ...) and go through the domain's services.
Querysets come from `querysets`, filters from `filters`."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.viewsets import ReadOnlyModelViewSet

from labnet.labs.filters import LabFilterSet
from labnet.projects.models import Project

from . import querysets
from .filters import DepartmentFilter, OrganisationFilter, ProjectFilter
from .openapi import INVALID_FILTER, NOT_FOUND, bilingual
from .serializers.labs import LabSerializer, ThemeSerializer
from .serializers.organisations import OrganisationSerializer
from .serializers.projects import ProjectSerializer
from .serializers.territories import DepartmentSerializer, RegionSerializer


def _documented(serializer, *, fr, en, lookup, lookup_fr, lookup_en, note_fr="", note_en=""):
    """Bilingual list and detail operations, with their error responses."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"{fr} / {en}",
            description=bilingual(
                f"{fr}, paginés (`page`, `page_size` jusqu'à 200), dans un ordre stable. "
                f"{note_fr}".strip(),
                f"{en}, paginated (`page`, `page_size` up to 200), in a stable order. "
                f"{note_en}".strip(),
            ),
            responses={200: serializer, 400: INVALID_FILTER},
        ),
        retrieve=extend_schema(
            summary=f"{fr} : détail / {en}: detail",
            description=bilingual(note_fr, note_en) if note_fr else None,
            parameters=[
                OpenApiParameter(
                    lookup, str, OpenApiParameter.PATH, description=f"{lookup_fr} / {lookup_en}"
                )
            ],
            responses={200: serializer, 404: NOT_FOUND},
        ),
    )


# The viewsets of this module are read-only; the writing ones are in the domain modules.


@_documented(
    RegionSerializer,
    fr="Régions",
    en="Regions",
    lookup="code",
    lookup_fr="code INSEE",
    lookup_en="INSEE code",
)
class RegionViewSet(ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    lookup_field = "code"

    def get_queryset(self):
        return querysets.region_queryset()


@_documented(
    DepartmentSerializer,
    fr="Départements",
    en="Departments",
    lookup="code",
    lookup_fr="code INSEE",
    lookup_en="INSEE code",
)
class DepartmentViewSet(ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    lookup_field = "code"

    def get_queryset(self):
        return querysets.department_queryset()


@_documented(
    OrganisationSerializer,
    fr="Organisations",
    en="Organisations",
    lookup="key",
    lookup_fr="clé",
    lookup_en="key",
)
class OrganisationViewSet(ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "key"

    def get_queryset(self):
        return querysets.organisation_queryset()


@_documented(
    ThemeSerializer, fr="Thèmes", en="Themes", lookup="key", lookup_fr="clé", lookup_en="key"
)
class ThemeViewSet(ReadOnlyModelViewSet):
    serializer_class = ThemeSerializer
    lookup_field = "key"

    def get_queryset(self):
        return querysets.theme_queryset()


@_documented(
    LabSerializer, fr="Laboratoires", en="Labs", lookup="key", lookup_fr="clé", lookup_en="key"
)
class LabViewSet(ReadOnlyModelViewSet):
    serializer_class = LabSerializer
    filterset_class = LabFilterSet
    lookup_field = "key"

    def get_queryset(self):
        return querysets.lab_queryset()


@_documented(
    ProjectSerializer,
    fr="Projets",
    en="Projects",
    lookup="key",
    lookup_fr="clé",
    lookup_en="key",
    note_fr="Sans jeton : les projets publiés seulement. Avec un jeton : en plus, ceux des "
    "laboratoires de la personne (tous pour la coordination nationale).",
    note_en="Without a token: published projects only. With a token: also those of the "
    "caller's labs (all of them for the national coordination).",
)
class ProjectViewSet(ReadOnlyModelViewSet):
    """Anonymous callers read published projects; a token adds its holder's labs' others.

    The restriction lives in the queryset, so a project one may not read is a 404 on detail,
    exactly like one that does not exist.
    """

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    lookup_field = "key"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no caller
            return Project.objects.none()
        return querysets.project_queryset(user=self.request.user)
