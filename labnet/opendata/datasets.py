"""The open datasets LabNet publishes, each read from the domains' selectors.

A dataset is its columns (its Table Schema), a generator of rows (dicts keyed by column
name, one database chunk at a time so an export runs in constant memory) and the date its
data last changed. Nothing personal is in any of them: labs' institutional contacts,
published project sheets, published events without their online link, trainings as counts,
and response times as per-lab monthly figures.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Prefetch
from django.utils.translation import gettext_lazy as _

from labnet.events.models import Event
from labnet.events.selectors import public_events
from labnet.intake.stats import monthly_response_times
from labnet.labs.models import Lab, Theme
from labnet.projects.models import Project
from labnet.territories.models import Department
from labnet.trainings.selectors import cohort_list

from .fields import CHUNK, Column
from .money_and_impact import (
    ALLOCATION_COLUMNS,
    INDICATOR_COLUMNS,
    allocation_rows,
    allocations_modified,
    indicator_rows,
    indicators_modified,
    indicators_version,
)


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    keywords: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[dict]]
    modified: Callable[[], datetime | None]
    # DCAT accrualPeriodicity, from the EU frequency vocabulary.
    periodicity: str = "CONT"
    # What the cached byte sizes are keyed by, when the last-change date alone does not
    # move with every change (a corrected measured value has no date of its own).
    version: Callable[[], str] | None = None

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _joined(values) -> str:
    return ";".join(sorted(values))


def _site_path(obj) -> str:
    return obj.get_absolute_url()


def _lab_rows() -> Iterator[dict]:
    labs = (
        Lab.objects.select_related("host", "region")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("key")),
            Prefetch("departments", queryset=Department.objects.only("code")),
        )
        .order_by("key")
    )
    for lab in labs.iterator(chunk_size=CHUNK):
        yield {
            "key": lab.key,
            "name": lab.name,
            "kind": lab.kind,
            "status": lab.status,
            "host_key": lab.host.key if lab.host else "",
            "host_name": lab.host.name if lab.host else "",
            "region_code": lab.region_id or "",
            "region_name": lab.region.name if lab.region else "",
            "departments": _joined(d.code for d in lab.departments.all()),
            "founded_year": lab.founded_year,
            "closed_on": lab.closed_on,
            "themes": _joined(t.key for t in lab.themes.all()),
            "email": lab.email,
            "website": lab.website,
            "summary": lab.summary,
            "page": _site_path(lab),
        }


def _project_rows() -> Iterator[dict]:
    projects = (
        Project.objects.filter(is_public=True)
        .select_related("lead_lab", "scaled_from")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("key")))
        .order_by("key")
    )
    for project in projects.iterator(chunk_size=CHUNK):
        # Some projects are led by no lab of the network (the DITP's own, a mission).
        lead_lab = project.lead_lab
        yield {
            "key": project.key,
            "title": project.title,
            "lead_lab_key": lead_lab.key if lead_lab else "",
            "lead_lab_name": lead_lab.name if lead_lab else "",
            "region_code": project.region_id or "",
            "stage": project.stage,
            "status": project.status,
            "started_year": project.started_year,
            "themes": _joined(t.key for t in project.themes.all()),
            "objective": project.objective,
            "approach": project.approach,
            "results": project.results,
            "scaled_from": project.scaled_from.key if project.scaled_from else "",
            "published_at": project.published_at,
            "page": _site_path(project),
        }


def _event_rows() -> Iterator[dict]:
    events = public_events().select_related("campaign", "organiser_lab")
    for event in events.iterator(chunk_size=CHUNK):
        yield {
            "key": event.key,
            "title": event.title,
            "format": event.format,
            "status": event.status,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "time_zone": event.time_zone,
            "is_online": event.is_online,
            "commune": event.commune,
            "region_code": event.region_id or "",
            "organiser_lab_key": event.organiser_lab.key if event.organiser_lab else "",
            "campaign_key": event.campaign.key if event.campaign else "",
            "capacity": event.capacity,
            "page": _site_path(event),
        }


def _training_rows() -> Iterator[dict]:
    for cohort in cohort_list().iterator(chunk_size=CHUNK):
        yield {
            "programme_key": cohort.programme.key,
            "programme_name": cohort.programme.name,
            "cohort_key": cohort.key,
            "cohort_name": cohort.name,
            "starts_on": cohort.starts_on,
            "enrolled": cohort.confirmed_count,
            "attending": cohort.attending_count,
            "trained": cohort.trained_count,
        }


def _response_time_rows() -> Iterator[dict]:
    for row in monthly_response_times():
        times = row.times
        yield {
            "lab_key": row.lab_key,
            "lab_name": row.lab_name,
            "month": row.month,
            "answered": times.count,
            "median_hours": _rounded(times.median_hours),
            "p90_hours": _rounded(times.p90_hours),
            "within_commitment_percent": times.within_commitment_percent,
        }


def _rounded(value):
    return None if value is None else round(value, 1)


def _latest(queryset, field="updated_at"):
    return lambda: queryset().aggregate(latest=Max(field))["latest"]


S = "string"
LAB_COLUMNS = (
    Column("key", S, "Clé", "Identifiant stable du laboratoire dans LabNet", required=True),
    Column("name", S, "Nom", required=True),
    Column("kind", S, "Nature", "Code de la nature du laboratoire"),
    Column("status", S, "Statut", "Code du statut du laboratoire"),
    Column("host_key", S, "Clé de la structure d'accueil"),
    Column("host_name", S, "Structure d'accueil"),
    Column("region_code", S, "Code INSEE de la région"),
    Column("region_name", S, "Région"),
    Column("departments", S, "Départements", "Codes INSEE séparés par ;", many=True),
    Column("founded_year", "integer", "Année de création"),
    Column("closed_on", "date", "Fermé le", "Pour un laboratoire fermé"),
    Column("themes", S, "Thématiques", "Clés séparées par ;", many=True),
    Column("email", S, "Courriel de contact du laboratoire"),
    Column("website", S, "Site web"),
    Column("summary", S, "Présentation"),
    Column("page", S, "Page dans LabNet", "Chemin de la page du laboratoire"),
)
PROJECT_COLUMNS = (
    Column("key", S, "Clé", required=True),
    Column("title", S, "Titre", required=True),
    Column(
        "lead_lab_key", S, "Clé du laboratoire porteur", "Vide si aucun laboratoire ne le porte"
    ),
    Column("lead_lab_name", S, "Laboratoire porteur"),
    Column("region_code", S, "Code INSEE de la région"),
    Column("stage", S, "Étape", "Code de l'étape de conception"),
    Column("status", S, "Statut", "Code du statut du projet"),
    Column("started_year", "integer", "Année de démarrage"),
    Column("themes", S, "Thématiques", "Clés séparées par ;", many=True),
    Column("objective", S, "Objectif"),
    Column("approach", S, "Démarche"),
    Column("results", S, "Résultats"),
    Column("scaled_from", S, "Projet d'origine", "Clé du projet repris"),
    Column("published_at", "datetime", "Publiée le"),
    Column("page", S, "Page dans LabNet"),
)
EVENT_COLUMNS = (
    Column("key", S, "Clé", required=True),
    Column("title", S, "Titre", required=True),
    Column("format", S, "Format", "Code du format"),
    Column("status", S, "Statut", "published ou cancelled"),
    Column("starts_at", "datetime", "Début", required=True),
    Column("ends_at", "datetime", "Fin"),
    Column("time_zone", S, "Fuseau horaire (IANA)"),
    Column("is_online", "boolean", "En ligne"),
    Column("commune", S, "Commune"),
    Column("region_code", S, "Code INSEE de la région"),
    Column("organiser_lab_key", S, "Clé du laboratoire organisateur"),
    Column("campaign_key", S, "Clé de la campagne"),
    Column("capacity", "integer", "Nombre de places"),
    Column("page", S, "Page dans LabNet"),
)
TRAINING_COLUMNS = (
    Column("programme_key", S, "Clé de la formation", required=True),
    Column("programme_name", S, "Formation"),
    Column("cohort_key", S, "Clé de la promotion", required=True),
    Column("cohort_name", S, "Promotion"),
    Column("starts_on", "date", "Début"),
    Column("enrolled", "integer", "Agents inscrits"),
    Column("attending", "integer", "Agents présents à au moins une séance"),
    Column("trained", "integer", "Agents formés"),
)
RESPONSE_TIME_COLUMNS = (
    Column("lab_key", S, "Clé du laboratoire", required=True),
    Column("lab_name", S, "Laboratoire"),
    Column("month", S, "Mois de la demande (AAAA-MM)", required=True, extra={"format": "default"}),
    Column("answered", "integer", "Demandes ayant reçu une première réponse"),
    Column("median_hours", "number", "Délai médian de première réponse (heures)"),
    Column("p90_hours", "number", "90e centile du délai (heures)"),
    Column("within_commitment_percent", "integer", "Part des réponses dans l'engagement (%)"),
)

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        key="laboratoires",
        title=_("Laboratoires d'innovation publique"),
        description=_(
            "Les laboratoires du réseau : nature, structure d'accueil, territoire, "
            "thématiques et contact institutionnel."
        ),
        keywords=("innovation publique", "laboratoires", "administration"),
        columns=LAB_COLUMNS,
        rows=_lab_rows,
        modified=_latest(lambda: Lab.objects.all()),
    ),
    Dataset(
        key="projets",
        title=_("Fiches projets publiées"),
        description=_(
            "Les projets accompagnés par les laboratoires dont la fiche est publiée : "
            "objectif, démarche, résultats, étape et reprise par un autre laboratoire."
        ),
        keywords=("innovation publique", "projets", "design des politiques publiques"),
        columns=PROJECT_COLUMNS,
        rows=_project_rows,
        modified=_latest(lambda: Project.objects.filter(is_public=True)),
    ),
    Dataset(
        key="evenements",
        title=_("Événements du réseau"),
        description=_(
            "Les événements publiés (ateliers, webinaires, sprints, portes ouvertes...) "
            "et les campagnes auxquelles ils appartiennent."
        ),
        keywords=("innovation publique", "événements", "agenda"),
        columns=EVENT_COLUMNS,
        rows=_event_rows,
        modified=_latest(lambda: Event.objects.all()),
    ),
    Dataset(
        key="formations",
        title=_("Formations : agents inscrits, présents et formés"),
        description=_(
            "Par promotion de chaque formation, le nombre d'agents inscrits, présents à au "
            "moins une séance et formés. Des comptes, aucune personne."
        ),
        keywords=("formation", "agents publics", "innovation publique"),
        columns=TRAINING_COLUMNS,
        rows=_training_rows,
        modified=lambda: None,
    ),
    Dataset(
        key="delais-de-reponse",
        title=_("Délais de première réponse du guichet, par laboratoire et par mois"),
        description=_(
            "Pour chaque laboratoire et chaque mois d'envoi, le nombre de demandes ayant reçu "
            "une première réponse, le délai médian, le 90e centile et la part des réponses "
            "données dans l'engagement du laboratoire."
        ),
        keywords=("délais de traitement", "guichet", "transparence"),
        columns=RESPONSE_TIME_COLUMNS,
        rows=_response_time_rows,
        modified=lambda: None,
        periodicity="DAILY",
    ),
    Dataset(
        key="financements",
        title=_("Financements décidés"),
        description=_(
            "Les attributions engagées ou versées de chaque enveloppe (plan de relance, FTAP, "
            "crédits de la DITP...) à un laboratoire, un projet ou une collectivité : "
            "montant (vide quand la source ne l'indique pas), soutien en ETP, année, statut "
            "et total versé. Les attributions seulement prévues n'y sont pas."
        ),
        keywords=("financements", "subventions", "innovation publique", "plan de relance"),
        columns=ALLOCATION_COLUMNS,
        rows=allocation_rows,
        modified=allocations_modified,
    ),
    Dataset(
        key="indicateurs",
        title=_("Indicateurs d'impact des projets"),
        description=_(
            "Les indicateurs publics des fiches projets publiées : référence, cible et "
            "chaque valeur mesurée, avec la progression vers la cible qu'elle représente."
        ),
        keywords=("impact", "indicateurs", "évaluation", "innovation publique"),
        columns=INDICATOR_COLUMNS,
        rows=indicator_rows,
        modified=indicators_modified,
        version=indicators_version,
    ),
)


def dataset_get(key: str) -> Dataset | None:
    return next((dataset for dataset in DATASETS if dataset.key == key), None)
