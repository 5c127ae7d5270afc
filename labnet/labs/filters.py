"""The atlas filters, defined once: the atlas page (`selectors.lab_list`) and the API's
`/api/v1/labs/` both filter with `LabFilterSet`, so they cannot drift apart."""

import django_filters

from labnet.core.text_index import TextIndex

from .enums import LabKind, LabStatus
from .models import Lab

# The folded name and summary, kept by the database (migration 0007, docs/adr/0060).
LAB_TEXT = TextIndex("labs_lab", ("name", "summary"))
REGION_HELP = "Code INSEE de la région (ex. 28) / INSEE region code (e.g. 28)."
THEME_HELP = "Clé du thème / theme key."


class LabFilterSet(django_filters.FilterSet):
    # `region__code` is the foreign key's own column: Django filters it without a join.
    region = django_filters.CharFilter(field_name="region__code", help_text=REGION_HELP)
    kind = django_filters.ChoiceFilter(choices=LabKind.choices)
    status = django_filters.ChoiceFilter(choices=LabStatus.choices)
    host = django_filters.CharFilter(
        field_name="host__key", help_text="Clé de la structure de rattachement / host key."
    )
    # A lab holds a theme once, so filtering on one theme key cannot duplicate rows.
    theme = django_filters.CharFilter(field_name="themes__key", help_text=THEME_HELP)
    q = django_filters.CharFilter(
        method="search",
        help_text=(
            "Recherche dans le nom, la présentation, la structure et la région / search in "
            "name, summary, host and region (insensible à la casse / case-insensitive)."
        ),
    )

    class Meta:
        model = Lab
        fields = ["region", "kind", "host", "theme", "status", "q"]

    def search(self, queryset, name, value):
        # The rows `folded_contains(["name", "summary", "host__name", "region__name"])`
        # finds; the host's and region's names (short, in small tables) are folded row by
        # row, the long summaries are read from the index.
        return LAB_TEXT.queryset(queryset).filter(
            LAB_TEXT.filter(value, related=("host__name", "region__name"))
        )
