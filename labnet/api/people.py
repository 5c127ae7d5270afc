"""API v1 of the people domain: views and their routes (included by labnet/api/urls.py).

`people/` lists only the people who chose to be findable, with only the fields they chose
to show (`people.selectors`), best fit first when filtered. `skills/` is the network's
taxonomy. `me/personal-data/` is the caller's own download, as on the site.
"""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from labnet.core.models import AuditEntry
from labnet.labs.models import Lab
from labnet.people.models import Profile, Skill
from labnet.people.personal_data.rights import personal_data_export
from labnet.people.selectors.findable import Criteria, person_get_findable, skills_list
from labnet.people.selectors.ranking import expert_search
from labnet.territories.models import Department, Region

from .openapi import INVALID_FILTER, NOT_AUTHENTICATED, NOT_FOUND, bilingual
from .serializers.people import (
    MatchSerializer,
    PersonFilterSerializer,
    PersonSerializer,
    SkillSerializer,
)

TAG = "people"


def _criteria(params) -> Criteria:
    """Query parameters to search criteria; an unknown key is a 400 naming the parameter."""
    raw = PersonFilterSerializer(
        data={
            **{k: params.get(k) for k in ("region", "department", "lab", "side") if params.get(k)},
            "skill": [k for value in params.getlist("skill") for k in value.split(",") if k],
        }
    )
    raw.is_valid(raise_exception=True)
    data = raw.validated_data
    errors = {}
    skills = list(Skill.objects.filter(key__in=data.get("skill", [])))
    unknown = sorted(set(data.get("skill", [])) - {s.key for s in skills})
    if unknown:
        errors["skill"] = _("Compétence inconnue : %(keys)s.") % {"keys": ", ".join(unknown)}
    region = department = lab = None
    if data.get("region"):
        region = Region.objects.filter(code=data["region"]).first()
        if region is None:
            errors["region"] = _("« %(code)s » n'est pas un code de région connu.") % {
                "code": data["region"]
            }
    if data.get("department"):
        department = Department.objects.filter(code=data["department"]).first()
        if department is None:
            errors["department"] = _("« %(code)s » n'est pas un code de département connu.") % {
                "code": data["department"]
            }
    if data.get("lab"):
        lab = Lab.objects.filter(key=data["lab"]).first()
        if lab is None:
            errors["lab"] = _("« %(key)s » n'est pas une clé de laboratoire connue.") % {
                "key": data["lab"]
            }
    if errors:
        raise exceptions.ValidationError(
            {
                field: [exceptions.ErrorDetail(message, code="unknown")]
                for field, message in errors.items()
            }
        )
    return Criteria(
        skills=tuple(skills),
        region=region,
        departments=(department,) if department else (),
        lab=lab,
        side=data.get("side", ""),
    )


FILTERS = [
    OpenApiParameter(
        "skill",
        str,
        many=True,
        description="Clé de compétence (répétable, ou séparées par des virgules) / skill key",
    ),
    OpenApiParameter("region", str, description="Code INSEE de la région / region code"),
    OpenApiParameter("department", str, description="Code du département / department code"),
    OpenApiParameter("lab", str, description="Clé du laboratoire / lab key"),
    OpenApiParameter(
        "side",
        str,
        enum=["state", "local", "hospital"],
        description="Versant de la fonction publique / civil service side",
    ),
]


class PersonListView(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = MatchSerializer
    # Only for the schema generator: people are read through the consent selectors.
    queryset = Profile.objects.none()

    @extend_schema(
        operation_id="people_list",
        tags=[TAG],
        summary="Annuaire des personnes / People directory",
        description=bilingual(
            "Les seules personnes qui ont choisi de figurer dans l'annuaire, avec les seuls "
            "champs qu'elles ont choisi de montrer (les autres sont vides). Les filtres ne "
            "portent que sur ce que chacun montre. Classées par adéquation (`score`, "
            "`reasons`), paginées.",
            "Only the people who chose to be findable, with only the fields they chose to "
            "show (others are empty). Filters only apply to what each person shows. Ranked "
            "by fit (`score`, `reasons`), paginated.",
        ),
        parameters=FILTERS,
        responses={200: MatchSerializer(many=True), 400: INVALID_FILTER},
    )
    def get(self, request):
        matches = expert_search(_criteria(request.query_params))
        page = self.paginate_queryset(matches)
        return self.get_paginated_response(
            MatchSerializer(page, many=True, context={"request": request}).data
        )


class PersonDetailView(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = PersonSerializer
    queryset = Profile.objects.none()  # see PersonListView

    @extend_schema(
        operation_id="people_retrieve",
        tags=[TAG],
        summary="Une personne / One person",
        description=bilingual(
            "404 si la personne n'a pas choisi de figurer dans l'annuaire.",
            "404 when the person did not choose to be findable.",
        ),
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Identifiant / id"
            )
        ],
        responses={200: PersonSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        person = person_get_findable(pk)
        if person is None:
            raise Http404
        return Response(PersonSerializer(person, context={"request": request}).data)


class MyPersonalDataView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_personal_data",
        tags=[TAG],
        summary="Mes données personnelles / My personal data",
        description=bilingual(
            "Tout ce que LabNet conserve sur l'appelant, une rubrique par domaine "
            "(`sections`). Chaque téléchargement est inscrit au journal d'audit.",
            "Everything LabNet holds about the caller, one section per domain "
            "(`sections`). Each download is recorded in the audit trail.",
        ),
        responses={200: OpenApiTypes.OBJECT, 401: NOT_AUTHENTICATED},
    )
    def get(self, request):
        data = personal_data_export(
            actor=request.user, user=request.user, channel=AuditEntry.Channel.API
        )
        return Response(data)


@extend_schema(tags=[TAG])
class SkillViewSet(ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = SkillSerializer
    lookup_field = "key"

    def get_queryset(self):
        return skills_list().prefetch_related("themes")

    @extend_schema(
        summary="Compétences du réseau / Network skills",
        responses={200: SkillSerializer(many=True), 400: INVALID_FILTER},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Une compétence / One skill",
        parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH, description="clé / key")],
        responses={200: SkillSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


router = SimpleRouter(trailing_slash=True)
router.register("skills", SkillViewSet, basename="skill")

extra_paths = [
    path("people/", PersonListView.as_view(), name="person-list"),
    path("people/<int:pk>/", PersonDetailView.as_view(), name="person-detail"),
    path("me/personal-data/", MyPersonalDataView.as_view(), name="me-personal-data"),
]
urlpatterns = [*extra_paths, *router.urls]
