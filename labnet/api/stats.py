"""The dashboards' figures in API v1: GET /api/v1/stats/ (the network) and
/api/v1/stats/?lab=<key> (a lab), filtered by year and region: the same selectors as
/tableau-de-bord/ (labnet.stats), so the same numbers and the same rule on who sees the
internal side (the coordination; a lab's team on its lab)."""

from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from labnet.labs.models import Lab
from labnet.labs.selectors import lab_get
from labnet.stats.filters import FIRST_YEAR, LAST_YEAR, StatsFilters
from labnet.stats.selectors import dashboard
from labnet.territories.models import Region

from .openapi import NOT_FOUND, bilingual, error
from .serializers.stats import StatsSerializer

TAG = "stats"


def _filters(query) -> StatsFilters:
    """The page ignores a filter that means nothing; the API says so, field by field."""
    errors = {}
    year = str(query.get("year") or query.get("annee") or "").strip()
    if year and not (year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
        errors["year"] = [
            _("Année invalide : un nombre entre %(first)s et %(last)s.")
            % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
        ]
    region = str(query.get("region") or "").strip()
    if region and not Region.objects.filter(pk=region).exists():
        errors["region"] = [_("Région inconnue : donnez son code INSEE (28 pour la Normandie).")]
    if errors:
        raise exceptions.ValidationError(errors)
    return StatsFilters(year=int(year) if year else None, region=region)


class OneObjectSchema(AutoSchema):
    """The figures are one object, not a list: a ViewSet's `list` (so that the router's API
    root lists /stats/) would otherwise be documented as an array of them."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class StatsViewSet(viewsets.ViewSet):
    permission_classes = [AllowAny]
    schema = OneObjectSchema()

    @extend_schema(
        operation_id="stats",
        tags=[TAG],
        summary="Le réseau en chiffres / The network in figures",
        description=bilingual(
            "Les chiffres des tableaux de bord (/tableau-de-bord/), par section : projets, "
            "demandes, événements, formations, financements, impact, reprises. Chaque tableau "
            "a la même clé que son fichier CSV. Public ; la coordination voit aussi les "
            "chiffres internes du réseau, l'équipe d'un laboratoire ceux de son laboratoire "
            "(`lab`).",
            "The dashboards' figures (/tableau-de-bord/), by section: projects, requests, "
            "events, trainings, funding, impact, reuses. Each table has the key of its CSV "
            "file. Public; the coordination also sees the network's internal figures, a "
            "lab's team those of its lab (`lab`).",
        ),
        parameters=[
            OpenApiParameter("year", int, description="Année / year (alias: annee)."),
            OpenApiParameter("region", str, description="Code INSEE de la région / region code."),
            OpenApiParameter("lab", str, description="Clé d'un laboratoire / a lab's key."),
        ],
        responses={
            200: StatsSerializer,
            400: error("Filtre invalide (par champ).", "Invalid filter (per field)."),
            404: NOT_FOUND,
        },
    )
    def list(self, request):
        filters = _filters(request.query_params)
        lab = None
        lab_key = request.query_params.get("lab", "")
        if lab_key:
            try:
                lab = lab_get(key=lab_key)
            except Lab.DoesNotExist as exc:
                raise exceptions.NotFound(_("Ce laboratoire n'existe pas.")) from exc
        board = dashboard(user=request.user, filters=filters, lab=lab)
        return Response(StatsSerializer(board).data)
