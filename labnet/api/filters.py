"""Query-string filters of the list endpoints (django-filter). The labs' filters are the
atlas page's own (`labnet.labs.filters.LabFilterSet`).

References to other records are by their public key or INSEE code, never by database id.
"""

from datetime import UTC

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from labnet.core.folding import folded_contains
from labnet.organisations.enums import CivilServiceSide, OrganisationKind
from labnet.organisations.models import Organisation
from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.models import Project
from labnet.search.selectors import project_search_ids
from labnet.territories.models import Department

from .querysets import projects_of_lab

REGION_HELP = "Code INSEE de la région (ex. 28) / INSEE region code (e.g. 28)."
THEME_HELP = "Clé du thème / theme key."
Q_HELP = "Recherche dans {fr} / search in {en} (insensible à la casse / case-insensitive)."


def _region_filter():
    # `region__code` is the foreign key's own column: Django filters it without a join.
    return filters.CharFilter(field_name="region__code", help_text=REGION_HELP)


# The API's text filter returns at most this many matches, best first by the index.
SEARCH_LIMIT = 200


class DepartmentFilter(filters.FilterSet):
    region = _region_filter()

    class Meta:
        model = Department
        fields = ["region"]


class OrganisationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=OrganisationKind.choices)
    civil_service_side = filters.ChoiceFilter(choices=CivilServiceSide.choices)
    region = _region_filter()
    q = filters.CharFilter(
        method="search", help_text=Q_HELP.format(fr="le nom et le sigle", en="name and acronym")
    )

    class Meta:
        model = Organisation
        fields = ["kind", "civil_service_side", "region", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(folded_contains(["name", "acronym"], value))


class ProjectFilter(filters.FilterSet):
    lab = filters.CharFilter(
        method="filter_lab",
        help_text="Clé d'un laboratoire pilote ou partenaire / key of a lead or partner lab.",
    )
    region = _region_filter()
    stage = filters.ChoiceFilter(choices=Stage.choices)
    status = filters.ChoiceFilter(choices=ProjectStatus.choices)
    theme = filters.CharFilter(field_name="themes__key", help_text=THEME_HELP)
    q = filters.CharFilter(
        method="search",
        help_text=Q_HELP.format(
            fr="le titre, l'objectif, la démarche et les résultats",
            en="title, objective, approach and results",
        ),
    )

    class Meta:
        model = Project
        fields = ["lab", "region", "stage", "status", "theme", "q"]

    def filter_lab(self, queryset, name, value):
        return projects_of_lab(queryset, value)

    def search(self, queryset, name, value):
        # The French-aware index (stems, accents) rather than a LIKE scan of 100,000 rows;
        # visibility is still applied by `queryset`, whatever the index returns.
        found = project_search_ids(text=value, user=self.request.user, limit=SEARCH_LIMIT)
        return queryset.filter(pk__in=found)


class _BoundedIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and timezone.is_aware(value):
            try:
                # In UTC: PostgreSQL refuses offsets beyond ±15:59 (+23:22 is valid ISO 8601),
                # and 0001-01-01T00:00+23:22 is before year 1 once in UTC.
                value = value.astimezone(UTC)
            except OverflowError as exc:
                raise ValidationError(
                    _("Date hors des limites : %(value)s.") % {"value": value.isoformat()},
                    code="invalid",
                ) from exc
        return value


class BoundedIsoDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 date and time whose offset may push it out of the representable range:
    refused as an invalid filter (400), not a server error."""

    field_class = _BoundedIsoDateTimeField
