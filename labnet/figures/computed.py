"""The registry of figures LabNet computes from its own data, by stable name
("labs.count", "funding.deployed_eur"...), so that a stated figure can be linked to the
computed one for the same thing and the national picture can show both side by side.

Each entry is computed through the domain's own selectors, as the public sees it (no
unpublished project, no planned allocation is counted). Names are part of the data format:
`figures.csv`'s `computed_figure` column is checked against them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


@dataclass(frozen=True)
class ComputedFigure:
    key: str
    label: str
    unit: str
    compute: Callable[[], Decimal | int | None]
    # A count's wording by number ("1 laboratoire", "2 laboratoires"): the label is a
    # plural, so a heading "<value> <label>" needs the form that agrees with the value.
    # `ngettext_lazy(singular, plural)`, its number given when formatted.
    counted: object = None

    def label_for(self, value) -> str:
        """The label in the form that agrees with `value`."""
        if self.counted is None or not isinstance(value, int):
            return str(self.label)
        return str(self.counted % value)


def _labs_count():
    from labnet.projects.network import network_figures

    return network_figures().labs


def _territorial_labs_count():
    from labnet.projects.network import network_figures

    return network_figures().territorial_labs


def _projects_accompanied_count():
    from labnet.projects.network import network_figures

    return network_figures().public_projects


def _public_funding_total():
    from labnet.funding.selectors.totals import overall_total

    return overall_total(user=None)


def _funding_deployed_eur():
    return _public_funding_total().amount_eur


def _funding_fte():
    return _public_funding_total().fte


def _trainings_trained_count():
    from labnet.trainings.selectors import programme_list

    return sum(p.trained_count or 0 for p in programme_list())


def _events_campaign_count():
    from labnet.events.models import Event
    from labnet.events.rules import public_events_filter

    return Event.objects.filter(public_events_filter(), campaign__isnull=False).count()


def _last_month_events_count():
    from labnet.events.campaign_selectors import last_national_month

    campaign = last_national_month()
    return campaign.figures.event_count if campaign is not None else None


def _last_month_lab_share():
    from labnet.events.campaign_selectors import last_national_month

    campaign = last_national_month()
    return campaign.figures.lab_event_share if campaign is not None else None


REGISTRY: dict[str, ComputedFigure] = {
    figure.key: figure
    for figure in (
        ComputedFigure(
            "labs.count",
            _("laboratoires sur LabNet"),
            "labs",
            _labs_count,
            ngettext_lazy("laboratoire sur LabNet", "laboratoires sur LabNet"),
        ),
        ComputedFigure(
            "labs.territorial.count",
            _("laboratoires d'innovation territoriale sur LabNet"),
            "labs",
            _territorial_labs_count,
            ngettext_lazy(
                "laboratoire d'innovation territoriale sur LabNet",
                "laboratoires d'innovation territoriale sur LabNet",
            ),
        ),
        ComputedFigure(
            "projects.accompanied.count",
            _("projets publiés sur LabNet"),
            "projects",
            _projects_accompanied_count,
            ngettext_lazy("projet publié sur LabNet", "projets publiés sur LabNet"),
        ),
        ComputedFigure(
            "funding.deployed_eur",
            _("montants des attributions décidées (montants connus)"),
            "EUR",
            _funding_deployed_eur,
        ),
        ComputedFigure(
            "funding.fte",
            _("soutien en ETP des attributions décidées"),
            "FTE",
            _funding_fte,
        ),
        ComputedFigure(
            "trainings.trained.count",
            _("agents formés enregistrés sur LabNet"),
            "agents",
            _trainings_trained_count,
            ngettext_lazy(
                "agent formé enregistré sur LabNet", "agents formés enregistrés sur LabNet"
            ),
        ),
        ComputedFigure(
            "events.campaign.count",
            _("événements de campagnes publiés sur LabNet"),
            "events",
            _events_campaign_count,
            ngettext_lazy(
                "événement de campagne publié sur LabNet",
                "événements de campagnes publiés sur LabNet",
            ),
        ),
        ComputedFigure(
            "events.national_month.count",
            _("événements publiés du dernier Mois de l'innovation publique"),
            "events",
            _last_month_events_count,
            ngettext_lazy(
                "événement publié du dernier Mois de l'innovation publique",
                "événements publiés du dernier Mois de l'innovation publique",
            ),
        ),
        ComputedFigure(
            "events.national_month.lab_share",
            _("part des événements du dernier Mois organisés par un laboratoire"),
            "percent",
            _last_month_lab_share,
        ),
    )
}


def computed_value(key: str) -> Decimal | int | None:
    """The current value of a registered computed figure (KeyError for an unknown key);
    None when there is nothing to compute it from (no Mois with dates yet)."""
    return REGISTRY[key].compute()


# Figures that are two fields of one computation (one pass over the allocations): asked
# together, it runs once (`computed_values`).
_FIELDS_OF = {
    "funding.deployed_eur": (_public_funding_total, "amount_eur"),
    "funding.fte": (_public_funding_total, "fte"),
}


def computed_values(keys) -> dict[str, Decimal | int | None]:
    """{key: current value} of registered computed figures, each shared computation run
    once for all the figures it gives."""
    results: dict = {}
    values = {}
    for key in keys:
        if key in _FIELDS_OF:
            compute, field = _FIELDS_OF[key]
            if compute not in results:
                results[compute] = compute()
            values[key] = getattr(results[compute], field)
        else:
            values[key] = REGISTRY[key].compute()
    return values
