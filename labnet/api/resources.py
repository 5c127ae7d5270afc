"""API v1 of the resources domain: the shared library and a lab's cooperations.

- `resources/` lists published resources (filters `kind`, `tag`, `theme`, `licence`, `q`);
  POST proposes one (a signed-in member of a lab's team, or the coordination).
- `resources/{key}/` reads one: published, or the caller's own proposal.
- `resources/{key}/review/` POST: the coordination publishes or refuses, with a message.
- `labs/{key}/cooperations/` ranks the labs a lab works with, on projects the caller may read
  (paged); `.../cooperations/projects/` and `.../cooperations/take-ups/` page the projects.

Writes go through the site's services: refusals carry the same French messages, as
structured errors ({"errors": [{"field", "message", "code"}]}).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.viewsets import GenericViewSet

from labnet.core.models import AuditEntry
from labnet.labs.models import Lab
from labnet.projects.network import as_take_ups, cooperations_of, lab_cooperations
from labnet.resources.enums import Licence, ResourceKind
from labnet.resources.models import Resource
from labnet.resources.selectors import (
    ResourceFilters,
    resource_get_visible,
    resource_library,
)
from labnet.resources.services import resource_propose, resource_review

from .errors import raise_api_error
from .openapi import INVALID_FILTER, NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .pagination import StandardPagination
from .parsers import FormParser, JSONParser
from .serializers.resources import (
    CooperationSerializer,
    ResourceDetailSerializer,
    ResourceProposeSerializer,
    ResourceReviewSerializer,
    ResourceSerializer,
    SharedProjectSerializer,
    TakeUpSerializer,
)

TAG = "resources"
KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="Clé de la ressource / resource key."
)
INVALID = error(
    "Données invalides ou décision impossible (message en français).",
    "Invalid data or decision not allowed (message in French).",
)
FORBIDDEN_PROPOSE = error(
    "Réservé aux membres des équipes des laboratoires et à la coordination nationale.",
    "Reserved to lab team members and the national coordination.",
)
FORBIDDEN_REVIEW = error(
    "Réservé à la coordination nationale.", "Reserved to the national coordination."
)
FILTERS = [
    OpenApiParameter("kind", str, enum=ResourceKind.values, description="Nature / kind."),
    OpenApiParameter("tag", str, description="Mot-clé / tag."),
    OpenApiParameter("theme", str, description="Clé du thème / theme key."),
    OpenApiParameter("licence", str, enum=Licence.values, description="Licence."),
    OpenApiParameter("q", str, description="Texte du titre ou de la présentation / text."),
]


class ResourceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, GenericViewSet
):
    serializer_class = ResourceSerializer
    lookup_field = "key"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    # Filters are read by `list` itself (French errors), not by django-filter.
    filter_backends = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    # Only for the schema generator: each action reads through the selectors.
    queryset = Resource.objects.none()

    def get_permissions(self):
        if self.action in {"create", "review"}:
            return [IsAuthenticated()]
        return [AllowAny()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no caller
            return Resource.objects.none()
        filters = ResourceFilters.from_query(self.request.query_params)
        errors = {}
        if filters.kind and filters.kind not in ResourceKind.values:
            errors["kind"] = [ErrorDetail(f"Nature inconnue : « {filters.kind} ».", "invalid")]
        if filters.licence and filters.licence not in Licence.values:
            errors["licence"] = [
                ErrorDetail(f"Licence inconnue : « {filters.licence} ».", "invalid")
            ]
        if errors:
            raise exceptions.ValidationError(errors)
        return resource_library(filters=filters)

    def visible(self) -> Resource:
        try:
            return resource_get_visible(user=self.request.user, key=self.kwargs["key"])
        except Resource.DoesNotExist as exc:
            raise Http404 from exc

    @extend_schema(
        operation_id="resources_list",
        tags=[TAG],
        summary="Bibliothèque des ressources / Resource library",
        description=bilingual(
            "Les ressources publiées (méthodes, boîtes à outils, modèles, rapports, bonnes "
            "pratiques), filtrables.",
            "Published resources (methods, toolkits, templates, reports, good practices), "
            "with filters.",
        ),
        parameters=FILTERS,
        responses={200: ResourceSerializer, 400: INVALID_FILTER},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="resources_retrieve",
        tags=[TAG],
        summary="Ressource / Resource",
        description=bilingual(
            "Une ressource publiée, ou l'une de vos propositions ; les projets qui l'ont "
            "utilisée parmi ceux que vous pouvez lire.",
            "A published resource, or one of your proposals; the projects that used it among "
            "those you may read.",
        ),
        parameters=[KEY],
        responses={200: ResourceDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(ResourceDetailSerializer(self.visible(), context={"request": request}).data)

    @extend_schema(
        operation_id="resources_create",
        tags=[TAG],
        summary="Proposer une ressource / Propose a resource",
        description=bilingual(
            "Une adresse web (`url`) ou un fichier (`file`, en multipart) est requis. La "
            "ressource attend la relecture de la coordination nationale.",
            "A web address (`url`) or a file (`file`, multipart) is required. The resource "
            "waits for the national coordination's review.",
        ),
        request={
            "application/json": ResourceProposeSerializer,
            "multipart/form-data": ResourceProposeSerializer,
        },
        responses={
            201: ResourceDetailSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN_PROPOSE,
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = ResourceProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {"kind": "", "licence": "", **serializer.validated_data}
        tags, themes, file = data.pop("tags"), data.pop("themes"), data.pop("file")
        try:
            created = resource_propose(
                actor=request.user,
                data=data,
                tags=tags,
                themes=themes,
                file=file,
                channel=AuditEntry.Channel.API,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        created = resource_get_visible(user=request.user, key=created.key)
        return Response(
            ResourceDetailSerializer(created, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        operation_id="resources_review",
        tags=[TAG],
        summary="Publier ou refuser / Publish or refuse",
        description=bilingual(
            "Décision de la coordination nationale : `publish`, ou `refuse` avec un `message` "
            "au proposant (qui reçoit un courriel dans les deux cas).",
            "The national coordination's decision: `publish`, or `refuse` with a `message` to "
            "the proposer (who gets an e-mail either way).",
        ),
        parameters=[KEY],
        request=ResourceReviewSerializer,
        responses={
            200: ResourceDetailSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN_REVIEW,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], serializer_class=ResourceReviewSerializer)
    def review(self, request, key=None):
        resource = self.visible()
        serializer = ResourceReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            resource_review(
                actor=request.user,
                resource=resource,
                channel=AuditEntry.Channel.API,
                **serializer.validated_data,
            )
        except DjangoValidationError as exc:
            raise_api_error(exc)
        resource = resource_get_visible(user=request.user, key=resource.key)
        return Response(ResourceDetailSerializer(resource, context={"request": request}).data)


LAB_KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="Clé du laboratoire / lab key."
)


class _LabCooperationListView(GenericAPIView):
    """A paged list of a lab's cooperations (the busiest lab works with ~600 labs on ~600
    projects): one page read, whatever the size of its network."""

    permission_classes = [AllowAny]
    pagination_class = StandardPagination
    queryset = Lab.objects.none()

    def cooperations(self, key):
        lab = Lab.objects.filter(key=key).first()
        if lab is None:
            raise Http404
        return lab_cooperations(lab=lab, user=self.request.user)

    def page(self, rows, convert):
        return self.get_paginated_response(
            self.get_serializer(convert(self.paginate_queryset(rows)), many=True).data
        )


class LabCooperationsView(_LabCooperationListView):
    serializer_class = CooperationSerializer

    @extend_schema(
        operation_id="lab_cooperations_list",
        tags=[TAG],
        summary="Coopérations d'un laboratoire / A lab's cooperations",
        description=bilingual(
            "Les laboratoires avec lesquels ce laboratoire coopère, du plus proche au moins "
            "proche (à total égal : plus de projets communs, puis par nom) : projets menés "
            "ensemble plus reprises entre eux, comptés parmi les projets que l'appelant peut "
            "lire. Liste paginée (`page`, `page_size`) ; chaque laboratoire porte ses "
            "nombres, les projets sont listés par `cooperations/projects/` et "
            "`cooperations/take-ups/` (décembre 2026 : la réponse n'est plus un objet "
            "`{lab, partners, projects}` avec les projets de chaque laboratoire).",
            "The labs this lab works with, closest first (at equal totals: more projects run "
            "together first, then by name): projects run together plus take-ups between them, "
            "counted among the projects the caller may read. A paged list (`page`, "
            "`page_size`); each lab carries its counts, the projects are listed by "
            "`cooperations/projects/` and `cooperations/take-ups/` (December 2026: the answer "
            "is no longer a `{lab, partners, projects}` object with each lab's projects).",
        ),
        parameters=[LAB_KEY],
        responses={200: CooperationSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, key):
        return self.page(self.cooperations(key).partners(), cooperations_of)


class LabSharedProjectsView(_LabCooperationListView):
    serializer_class = SharedProjectSerializer

    @extend_schema(
        operation_id="lab_cooperations_projects_list",
        tags=[TAG],
        summary="Projets menés avec d'autres laboratoires / Projects run with other labs",
        description=bilingual(
            "Les projets que ce laboratoire mène avec au moins un autre laboratoire (pilote "
            "ou partenaire), par titre, parmi ceux que l'appelant peut lire ; chacun avec les "
            "autres laboratoires (le pilote d'abord). Liste paginée.",
            "The projects this lab runs with at least one other lab (lead or partner), by "
            "title, among those the caller may read; each with the other labs (the lead lab "
            "first). A paged list.",
        ),
        parameters=[LAB_KEY],
        responses={200: SharedProjectSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, key):
        cooperations = self.cooperations(key)
        return self.page(cooperations.shared_projects(), cooperations.with_other_labs)


class LabTakeUpsView(_LabCooperationListView):
    serializer_class = TakeUpSerializer

    @extend_schema(
        operation_id="lab_cooperations_take_ups_list",
        tags=[TAG],
        summary="Reprises entre laboratoires / Take-ups between labs",
        description=bilingual(
            "Les projets qui reprennent un projet d'un autre laboratoire, quand ce "
            "laboratoire pilote l'un des deux, par titre, les deux projets lisibles par "
            "l'appelant ; chacun avec le projet repris (`scaled_from`). Liste paginée.",
            "The projects taking up a project of another lab, when this lab leads one of "
            "the two, by title, both projects readable by the caller; each with the project "
            "taken up (`scaled_from`). A paged list.",
        ),
        parameters=[LAB_KEY],
        responses={200: TakeUpSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, key):
        return self.page(self.cooperations(key).take_ups(), as_take_ups)


router = SimpleRouter(trailing_slash=True)
router.register("resources", ResourceViewSet, basename="resource")

extra_paths = [
    path(
        "labs/<slug:key>/cooperations/",
        LabCooperationsView.as_view(),
        name="lab-cooperations",
    ),
    path(
        "labs/<slug:key>/cooperations/projects/",
        LabSharedProjectsView.as_view(),
        name="lab-cooperation-projects",
    ),
    path(
        "labs/<slug:key>/cooperations/take-ups/",
        LabTakeUpsView.as_view(),
        name="lab-cooperation-take-ups",
    ),
]
urlpatterns = [*extra_paths, *router.urls]
