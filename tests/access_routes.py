"""Every URL pattern of the site, filled with an object of one side of tests/access_world.py.

`route_table()` walks the resolver (API, pages in both languages, admin); `fill()` gives
each keyword argument of a pattern its object: by the route's name in ROUTE_KWARGS, else
by the argument's name in SITE_KWARGS (names that mean one thing everywhere), else the
Django admin's generic ids. A pattern left with an argument nobody filled is reported by
the test, naming the pattern and the argument: a new route needs its object here.
"""

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern

from labnet.opendata.datasets import DATASETS
from labnet.publications.enums import PublicationKind


@dataclass(frozen=True)
class Const:
    """A value that is the same for both sides (a dataset's key, a step number)."""

    value: object


# Arguments that mean the same object wherever they appear.
SITE_KWARGS = {
    "lab_key": "lab_key",
    "public_id": "request.public_id",
    "project_key": "project.key",
    "indicator_key": "indicator.key",
    "axis_key": "axis.key",
    "group_id": "group.pk",
    "item_key": "item.key",
    "enrolment_id": "enrolment.pk",
    "session_id": "session.pk",
    "slot_id": "slot.pk",
    "token_id": "token.pk",
    "attachment_id": "answer_attachment.pk",
    "number": "attestation.number",
    "uidb64": "uidb64",
    "step": Const(2),
}

_PROJECT = {"key": "project.key"}
_STATS_TABLES = tuple(
    Const(table)
    for table in (
        "projects-stage",
        "requests-outcome",
        "events-campaign",
        "trainings-programme",
        "funding-status",
        "impact-indicators",
        "reuses-lab",
    )
)
_EVENT = {"key": "event.key"}
_CAMPAIGN = {"key": "campaign.key"}
_ANSWER = {"pk": "answer.pk"}
_COHORT = {"key": "cohort.key"}
# A tuple gives several objects for one argument: each is requested.
ROUTE_KWARGS = {
    # API
    "api:token-detail": {"id": "token.pk"},
    **{
        f"api:project-{name}": _PROJECT
        for name in ("transitions", "journal", "similar", "lineage", "publish", "unpublish")
    },
    "api:project-confirmations": _PROJECT,
    "api:project-detail": {"key": ("project.key", "private_project.key")},
    "api:event-review": {"key": "proposal.key"},
    "api:campaign-detail": _CAMPAIGN,
    "api:campaign-events": _CAMPAIGN,
    "api:campaign-proposals": _CAMPAIGN,
    "api:event-detail": {"key": ("event.key", "proposal.key")},
    "api:event-attendees": _EVENT,
    "api:event-register": _EVENT,
    "api:registration-detail": {"pk": "registration.pk"},
    "api:registration-cancel": {"pk": "registration.pk"},
    "api:programme-detail": {"key": "programme.key"},
    "api:cohort-detail": {"pk": "cohort.pk"},
    "api:cohort-enrol": {"pk": "cohort.pk"},
    "api:session-detail": {"pk": "session.pk"},
    "api:enrolment-cancel": {"pk": "enrolment.pk"},
    "api:person-detail": {"pk": "profile.pk"},
    "api:skill-detail": {"key": "skill.key"},
    "api:call-detail": {"key": "call.key"},
    "api:call-answers": {"key": "call.key"},
    "api:call-answer-detail": {"pk": ("answer.pk", "answer_draft.pk")},
    "api:call-answer-reviews": _ANSWER,
    "api:call-answer-submit": {"pk": "answer_draft.pk"},
    "api:lab-cooperations": {"key": "lab_key"},
    "api:lab-cooperation-projects": {"key": "lab_key"},
    "api:lab-cooperation-take-ups": {"key": "lab_key"},
    "api:lab-detail": {"key": "lab_key"},
    "api:resource-detail": {"key": "resource.key"},
    "api:resource-review": {"key": "resource.key"},
    "api:envelope-detail": {"key": "envelope.key"},
    "api:allocation-detail": {"key": ("allocation.key", "planned_allocation.key")},
    "api:allocation-payments": {"key": "allocation.key"},
    "api:indicator-measurements": {"key": "indicator.key"},
    "api:indicator-measurement": {"key": "indicator.key", "id": "measurement.pk"},
    "api:indicator-detail": {"key": "indicator.key"},
    "api:roadmap-detail": {"key": "roadmap.key"},
    "api:region-detail": {"code": "lab.region_id"},
    "api:department-detail": {"code": "department_code"},
    "api:organisation-detail": {"key": "lab.host.key"},
    "api:theme-detail": {"key": "theme_key"},
    "demarches_webhook": {"token": "demarches.webhook_token"},
    # accounts, records, webhooks
    "accounts:activate": {"token": "user_token"},
    "accounts:password_reset_confirm": {"token": "user_token"},
    "webhooks:detail": {"pk": "subscription.pk"},
    "webhooks:delete": {"pk": "subscription.pk"},
    "webhooks:resume": {"pk": "subscription.pk"},
    # single window: the draft's steps, the sent request's decisions
    "intake:request_detail": {"public_id": ("request.public_id", "draft.public_id")},
    "intake:request_step": {"public_id": "draft.public_id"},
    "intake:request_review": {"public_id": "draft.public_id"},
    "intake:request_coauthor_add": {"public_id": "draft.public_id"},
    "intake:request_attachment": {"pk": "attachment.pk"},
    "intake:request_attachment_remove": {"pk": "attachment.pk"},
    # accompaniment
    **{
        f"accompaniment:{name}": _PROJECT
        for name in [
            "workspace",
            "move",
            "activity_add",
            "document_add",
            "next_step_add",
            "note_add",
            "person_add",
            "partners_edit",
            "sheet",
            "sheet_edit",
            "scaling",
            "publication",
            "take_up",
        ]
    },
    "accompaniment:activity_edit": {**_PROJECT, "pk": "activity.pk"},
    "accompaniment:activity_remove": {**_PROJECT, "pk": "activity.pk"},
    "accompaniment:document_download": {**_PROJECT, "pk": "document.pk"},
    "accompaniment:document_remove": {**_PROJECT, "pk": "document.pk"},
    "accompaniment:next_step_done": {**_PROJECT, "pk": "next_step.pk"},
    "accompaniment:note_remove": {**_PROJECT, "pk": "note.pk"},
    "accompaniment:person_remove": {**_PROJECT, "pk": "person.pk"},
    # events
    **{
        f"events:{name}": _CAMPAIGN
        for name in ("campaign_detail", "campaign_edit", "campaign_proposals", "proposal_create")
    },
    "events:feed_campaign": _CAMPAIGN,
    "events:proposal_edit": {"key": "proposal.key"},
    "events:review_detail": {"key": "proposal.key"},
    "events:registration_confirm": {"token": "registration.token"},
    "events:registration_cancel": {"token": "registration.token"},
    "events:registration_ics": {"token": "registration.ics_token"},
    "events:feed_lab": {"key": "lab_key"},
    "events:feed_region": {"code": "lab.region_id"},
    **{
        f"events:{name}": _EVENT
        for name in [
            "event_ics",
            "event_register",
            "event_attendance",
            "event_capacity",
            "event_cancel",
            "event_attendees_export",
        ]
    },
    "events:event_detail": {"key": ("event.key", "proposal.key")},
    # trainings
    **{
        f"trainings:{name}": _COHORT
        for name in [
            "cohort_detail",
            "cohort_enrol",
            "cohort_cancel",
            "cohort_enrolments",
            "cohort_sessions",
            "cohort_session_add",
            "cohort_recurrence_add",
            "cohort_recurrence_exception",
        ]
    },
    "trainings:programme_detail": {"key": "programme.key"},
    # people
    "people:person_detail": {"pk": "profile.pk"},
    "people:contact": {"pk": "profile.pk"},
    "people:conversation": {"token": "message.token"},
    # calls
    **{
        f"calls:{name}": _ANSWER
        for name in [
            "answer_detail",
            "answer_coauthor_add",
            "answer_attach",
            "answer_attachment",
            "answer_attachment_delete",
            "answer_withdraw",
            "answer_review",
            "answer_decision",
        ]
    },
    "calls:answer_edit": {"pk": "answer_draft.pk"},
    **{
        f"calls:{name}": {"key": "call.key"}
        for name in [
            "call_detail",
            "call_edit",
            "call_publish",
            "call_close",
            "answer_new",
            "answer_list",
        ]
    },
    # resources
    **{
        f"resources:{name}": {"key": "resource.key"}
        for name in ["detail", "download", "edit", "review", "link_project", "unlink_project"]
    },
    # funding
    "funding:source_edit": {"key": "funding_source.key"},
    "funding:envelope_detail": {"key": "envelope.key"},
    "funding:envelope_edit": {"key": "envelope.key"},
    "funding:allocation_detail": {"key": ("allocation.key", "planned_allocation.key")},
    "funding:allocation_edit": {"key": "planned_allocation.key"},
    "funding:allocation_transition": {"key": "planned_allocation.key"},
    "funding:payment_create": {"key": "allocation.key"},
    "funding:reporting_notes": {"key": "allocation.key"},
    # impact, roadmaps
    "impact:project_indicators": _PROJECT,
    "impact:indicator_edit": _PROJECT,
    "impact:measurement_add": _PROJECT,
    "impact:survey": {"token": "survey.token"},
    **{
        f"roadmaps:{name}": {"key": "roadmap.key"}
        for name in [
            "detail",
            "edit",
            "axis_add",
            "axis_edit",
            "group_add",
            "item_add",
            "item_edit",
            "delete",
            "axis_delete",
            "group_delete",
            "item_delete",
        ]
    },
    # open data, publications, pages
    **{
        f"opendata:{name}": {"key": tuple(Const(dataset.key) for dataset in DATASETS)}
        for name in ("download_csv", "download_json", "schema")
    },
    "publications:download": {"kind": tuple(Const(kind) for kind in PublicationKind.values)},
    # the picture: one table of each section (internal ones among them: requests, funding)
    "stats:lab": {"key": "lab_key"},
    **{
        name: {"key": "lab_key", "table": _STATS_TABLES}
        if name == "stats:lab_csv"
        else {"table": _STATS_TABLES}
        for name in ("stats:lab_csv", "stats:national_csv")
    },
    "www:lab_detail": {"key": "lab_key"},
    "www:lab_cooperations": {"key": "lab_key"},
    "www:lab_edit": {"key": "lab_key"},
    "www:project_detail": {"key": ("project.key", "private_project.key")},
}

# Arguments deliberately left unfilled, each with why. Empty today: keep it that way.
UNFILLED_ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the pattern's text for an unnamed one
    parts: tuple  # the patterns from the root to this one
    callback: object
    localized: bool

    @property
    def kwargs(self) -> list[str]:
        names = []
        for pattern in self.parts:
            names += list(pattern.regex.groupindex)
        return names

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or "admin/" in self.text

    @property
    def is_api(self) -> bool:
        return self.text.startswith("api/")

    @property
    def text(self) -> str:
        return "".join(str(p) for p in self.parts)

    def path(self, values: dict, language: str = "fr") -> str:
        out = "/"
        for pattern in self.parts:
            if isinstance(pattern, LocalePrefixPattern):
                out += "" if language == "fr" else f"{language}/"
            elif isinstance(pattern, RegexPattern):
                text = re.sub(
                    r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m[1]]), pattern.regex.pattern
                )
                out += text.lstrip("^").removesuffix("$").removesuffix(r"\Z").replace("\\", "")
            else:
                out += re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), str(pattern))
        return out


def route_table() -> list[Route]:
    routes = []

    def walk(entries, parts, namespace, localized):
        for entry in entries:
            here = (*parts, entry.pattern)
            if isinstance(entry, URLResolver):
                local = localized or isinstance(entry.pattern, LocalePrefixPattern)
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                walk(entry.url_patterns, here, inner, local)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if entry.name and namespace else entry.name
                route = Route(name or "".join(map(str, here)), here, entry.callback, localized)
                routes.append(route)

    walk(get_resolver().url_patterns, (), "", False)
    return routes


def _attribute(side, path: str):
    value = side
    for name in path.split("."):
        value = getattr(value, name)
    return value


def _admin_kwarg(route: Route, kwarg: str):
    """The Django admin's own patterns, filled generically so that every registered model
    is covered as soon as it is registered: its first row (or an id that does not exist)."""
    model_admin = getattr(route.callback, "model_admin", None)
    # The views a ModelAdmin adds itself (a user's password) wrap its bound method.
    bound_to = getattr(getattr(route.callback, "__wrapped__", None), "__self__", None)
    model_admin = model_admin or (bound_to if hasattr(bound_to, "model") else None)
    if kwarg in {"object_id", "id", "pk"} and model_admin is not None:
        first = model_admin.model._default_manager.order_by("pk").first()
        return first.pk if first else 0
    if kwarg == "app_label":
        return "labs"
    if kwarg == "content_type_id":
        return ContentType.objects.get(app_label="labs", model="lab").pk
    if kwarg == "object_id":  # view on site
        return 1
    if kwarg == "url":  # the admin's catch-all
        return "inexistant/"
    return None


def fill(route: Route, side) -> tuple[list[dict], list[str]]:
    """Every set of values for the route's arguments, and the arguments nobody fills."""
    choices, missing = {}, []
    for kwarg in route.kwargs:
        spec = ROUTE_KWARGS.get(route.name, {}).get(kwarg, SITE_KWARGS.get(kwarg))
        if spec is None and route.is_admin:
            value = _admin_kwarg(route, kwarg)
            spec = None if value is None else Const(value)
        if spec is None:
            if (route.name, kwarg) not in UNFILLED_ALLOWED:
                missing.append(kwarg)
            continue
        specs = spec if isinstance(spec, tuple) else (spec,)
        choices[kwarg] = [s.value if isinstance(s, Const) else _attribute(side, s) for s in specs]
    combos = [{}]
    for kwarg, values in choices.items():
        combos = [{**combo, kwarg: value} for combo in combos for value in values]
    return combos, missing
