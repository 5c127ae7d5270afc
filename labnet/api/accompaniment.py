"""Accompaniment endpoints of API v1, under /api/v1/projects/{key}/.

Same rules as the pages: a project one may not read is a 404 (as if it did not exist); its
stage decisions and journal are for its lab teams and the coordinator (401 without a token,
403 for others); lineage and similar projects are public for a readable project, and only
name projects the caller may read. Writes go through the same services as the site, so
an illegal move or a missing reason is a structured error with the same French message.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from labnet.core.models import AuditEntry
from labnet.projects import selectors
from labnet.projects.journal import activity_log
from labnet.projects.lineage import lineage_as_dict, lineage_tree
from labnet.projects.models import Activity, Project, StageTransition
from labnet.projects.pipeline import project_move
from labnet.projects.publication import project_publish, project_unpublish
from labnet.search.selectors import similar_to_project

from .openapi import NOT_AUTHENTICATED, NOT_FOUND, bilingual, error
from .serializers.projects import (
    ActivitySerializer,
    LineageSerializer,
    PublicationSerializer,
    SimilarProjectSerializer,
    TransitionCreateSerializer,
    TransitionSerializer,
)

TAG = "accompaniment"
KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, description="Clé du projet / project key."
)
FORBIDDEN = error(
    "Réservé aux équipes des laboratoires du projet.", "Reserved to the project's lab teams."
)
INVALID = error(
    "Données invalides ou passage impossible (message en français).",
    "Invalid data or move not allowed (message in French).",
)
SIMILAR_LIMIT = 5


class _ProjectView(GenericAPIView):
    """Resolves {key} to a project the caller may read (404 otherwise)."""

    lookup_field = "key"
    # Only for the schema generator: each view reads through the selectors.
    queryset = Project.objects.none()

    def visible_project(self) -> Project:
        try:
            return selectors.project_get_visible(user=self.request.user, key=self.kwargs["key"])
        except Project.DoesNotExist as exc:
            raise Http404 from exc

    def internal_project(self) -> Project:
        try:
            return selectors.project_get_internal(user=self.request.user, key=self.kwargs["key"])
        except Project.DoesNotExist as exc:
            raise Http404 from exc


class ProjectTransitionsView(_ProjectView):
    permission_classes = [IsAuthenticated]
    serializer_class = TransitionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no caller
            return StageTransition.objects.none()
        project = self.internal_project()
        return project.transitions.select_related("actor").order_by("created_at", "id")

    @extend_schema(
        operation_id="project_transitions_list",
        tags=[TAG],
        summary="Décisions d'étape / Stage decisions",
        description=bilingual(
            "Les passages d'étape et de statut du projet, du plus ancien au plus récent, avec "
            "leur motif. Réservé aux équipes des laboratoires du projet.",
            "The project's stage and status moves, oldest first, with their reason. Reserved "
            "to the project's lab teams.",
        ),
        parameters=[KEY],
        responses={
            200: TransitionSerializer(many=True),
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, key):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TransitionSerializer(page, many=True).data)

    @extend_schema(
        operation_id="project_transitions_create",
        tags=[TAG],
        summary="Faire passer le projet / Move the project",
        description=bilingual(
            "Fait passer le projet à l'étape suivante ou précédente (`to_stage`), ou change son "
            "statut (`to_status` : pause, reprise, abandon, clôture), avec le motif de la "
            "décision (`reason`, obligatoire). Équipe du laboratoire pilote ou coordination.",
            "Moves the project to the next or previous stage (`to_stage`), or changes its "
            "status (`to_status`), with the decision's reason (`reason`, required). Lead lab's "
            "team or coordinator.",
        ),
        parameters=[KEY],
        request=TransitionCreateSerializer,
        responses={
            201: TransitionSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, key):
        project = self.internal_project()
        serializer = TransitionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transition = project_move(
            actor=request.user,
            project=project,
            to_stage=serializer.validated_data.get("to_stage"),
            to_status=serializer.validated_data.get("to_status"),
            reason=serializer.validated_data.get("reason", ""),
            channel=AuditEntry.Channel.API,
        )
        return Response(TransitionSerializer(transition).data, status=status.HTTP_201_CREATED)


class ProjectJournalView(_ProjectView):
    permission_classes = [IsAuthenticated]
    serializer_class = ActivitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        project = self.internal_project()
        return project.activities.order_by("-happened_on", "-id")

    @extend_schema(
        operation_id="project_journal_list",
        tags=[TAG],
        summary="Journal du projet / Project journal",
        description=bilingual(
            "Ateliers, entretiens, observations, tests utilisateurs… du plus récent au plus "
            "ancien. Réservé aux équipes des laboratoires du projet.",
            "Workshops, interviews, observations, user tests… newest first. Reserved to the "
            "project's lab teams.",
        ),
        parameters=[KEY],
        responses={
            200: ActivitySerializer(many=True),
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, key):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ActivitySerializer(page, many=True).data)

    @extend_schema(
        operation_id="project_journal_create",
        tags=[TAG],
        summary="Ajouter au journal / Log an activity",
        description=bilingual(
            "Ajoute une activité au journal (date passée ou du jour).",
            "Adds an activity to the journal (a date today or in the past).",
        ),
        parameters=[KEY],
        request=ActivitySerializer,
        responses={
            201: ActivitySerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, key):
        project = self.internal_project()
        serializer = ActivitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = activity_log(
            actor=request.user,
            project=project,
            channel=AuditEntry.Channel.API,
            **serializer.validated_data,
        )
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ProjectSimilarView(_ProjectView):
    permission_classes = [AllowAny]
    serializer_class = SimilarProjectSerializer
    pagination_class = None

    @extend_schema(
        operation_id="project_similar_list",
        tags=[TAG],
        summary="Projets similaires / Similar projects",
        description=bilingual(
            f"Les {SIMILAR_LIMIT} projets du réseau les plus proches de celui-ci, parmi ceux "
            "que l'appelant peut lire, du plus proche au moins proche.",
            f"The {SIMILAR_LIMIT} projects of the network closest to this one, among those the "
            "caller may read, closest first.",
        ),
        parameters=[KEY],
        responses={200: SimilarProjectSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, key):
        project = self.visible_project()
        items = list(similar_to_project(project=project, user=request.user, limit=SIMILAR_LIMIT))
        return Response(
            SimilarProjectSerializer(items, many=True, context={"request": request}).data
        )


class ProjectLineageView(_ProjectView):
    permission_classes = [AllowAny]
    serializer_class = LineageSerializer
    pagination_class = None

    @extend_schema(
        operation_id="project_lineage_retrieve",
        tags=[TAG],
        summary="Lignée du projet / Project lineage",
        description=bilingual(
            "L'arbre des reprises, du projet d'origine à chaque reprise. Les projets que "
            "l'appelant ne peut pas lire n'y sont pas nommés (`key` et `title` nuls) ou sont "
            "seulement comptés (`hidden_reuses`).",
            "The tree of reuses, from the first project down to every reuse. Projects the "
            "caller may not read are not named (null `key` and `title`) or only counted "
            "(`hidden_reuses`).",
        ),
        parameters=[KEY],
        responses={200: LineageSerializer, 404: NOT_FOUND},
    )
    def get(self, request, key):
        tree = lineage_tree(project=self.visible_project(), user=request.user)
        return Response(
            LineageSerializer(
                {"reuse_count": tree.reuse_count, "root": lineage_as_dict(tree.root)}
            ).data
        )


class _PublicationView(_ProjectView):
    permission_classes = [IsAuthenticated]
    serializer_class = PublicationSerializer
    service = staticmethod(project_publish)

    def post(self, request, key):
        project = self.internal_project()
        self.service(actor=request.user, project=project, channel=AuditEntry.Channel.API)
        return Response(PublicationSerializer(project).data)


class ProjectPublishView(_PublicationView):
    service = staticmethod(project_publish)

    @extend_schema(
        operation_id="project_publish",
        tags=[TAG],
        summary="Publier la fiche / Publish the sheet",
        description=bilingual(
            "Publie la fiche du projet (objectif renseigné requis). Équipe du laboratoire "
            "pilote ou coordination.",
            "Publishes the project's sheet (an objective is required). Lead lab's team or "
            "coordinator.",
        ),
        parameters=[KEY],
        request=None,
        responses={
            200: PublicationSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, key):
        return super().post(request, key)


class ProjectUnpublishView(_PublicationView):
    service = staticmethod(project_unpublish)

    @extend_schema(
        operation_id="project_unpublish",
        tags=[TAG],
        summary="Retirer la fiche / Unpublish the sheet",
        description=bilingual(
            "Retire la fiche du site public ; le projet continue pour ses équipes.",
            "Takes the sheet off the public site; the project goes on for its teams.",
        ),
        parameters=[KEY],
        request=None,
        responses={
            200: PublicationSerializer,
            400: INVALID,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, key):
        return super().post(request, key)
