"""API v1 of roadmaps: read-only, public (roadmaps are public plans).

- `roadmaps/` lists them, with what each lists (axes, items, items linked to a project)
  beside what its source states.
- `roadmaps/{key}/` reads one: axes, groups and items nested, each item's project (when
  the caller may read it), stage and indicators' progress, roll-ups per axis.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.viewsets import GenericViewSet

from labnet.roadmaps.models import Roadmap
from labnet.roadmaps.selectors import roadmap_detail, roadmap_list

from .openapi import INVALID_FILTER, NOT_FOUND, bilingual
from .serializers.roadmaps import RoadmapDetailSerializer, RoadmapSerializer, roadmap_detail_data

TAG = "roadmaps"


class RoadmapViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    serializer_class = RoadmapSerializer
    permission_classes = [AllowAny]
    lookup_field = "key"
    lookup_value_regex = "[-a-z0-9]+"
    filter_backends = []
    queryset = Roadmap.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Roadmap.objects.none()
        return roadmap_list()

    @extend_schema(
        operation_id="roadmaps_list",
        tags=[TAG],
        summary="Feuilles de route / Roadmaps",
        description=bilingual(
            "Les feuilles de route des laboratoires et des régions, avec les nombres "
            "d'axes et de projets annoncés par la source à côté de ceux listés.",
            "The labs' and regions' roadmaps, with the numbers of axes and projects their "
            "source states beside those listed.",
        ),
        responses={200: RoadmapSerializer, 400: INVALID_FILTER},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="roadmaps_retrieve",
        tags=[TAG],
        summary="Feuille de route / Roadmap",
        description=bilingual(
            "Une feuille de route : axes, groupes et éléments imbriqués, le projet lié à "
            "chaque élément (s'il vous est visible), son étape et ses indicateurs, et la "
            "synthèse par axe.",
            "One roadmap: axes, groups and items nested, each item's linked project (when "
            "visible to you), its stage and indicators, and the roll-up per axis.",
        ),
        parameters=[
            OpenApiParameter("key", str, OpenApiParameter.PATH, description="Clé / roadmap key.")
        ],
        responses={200: RoadmapDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        try:
            view = roadmap_detail(key=kwargs["key"], user=request.user)
        except Roadmap.DoesNotExist as exc:
            raise Http404 from exc
        return Response(RoadmapDetailSerializer(roadmap_detail_data(view)).data)


router = SimpleRouter(trailing_slash=True)
router.register("roadmaps", RoadmapViewSet, basename="roadmap")
urlpatterns = router.urls
