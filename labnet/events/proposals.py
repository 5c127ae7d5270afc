"""Events proposed to a campaign, and the coordination's review of them.

An organiser from any administration proposes an event (status PROPOSED); the
coordination validates it (PUBLISHED: only then is it public), asks for changes
(CHANGES_REQUESTED, with a message) or refuses it (REFUSED, with a message). The organiser
may edit a proposal while it is PROPOSED or CHANGES_REQUESTED; editing one that was sent
back resubmits it. The organiser gets an e-mail at each step, and every write is audited.
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from labnet.core.services import audit_record, model_changes
from labnet.events.audit import EventsAction
from labnet.territories.time_zones import TIME_ZONE_CHOICES
from labnet.webhooks import payloads
from labnet.webhooks.enums import WebhookEvent
from labnet.webhooks.services import webhook_emit

from . import campaign_emails
from .campaign_rules import (
    REVIEWABLE_STATUSES,
    can_organise_for_lab,
    require_can_edit_proposal,
    require_can_propose_to,
    require_can_review_proposals,
)
from .enums import Audience, EventFormat, EventStatus
from .models import Event


class ReviewDecision:
    VALIDATE = "validate"
    REQUEST_CHANGES = "request_changes"
    REFUSE = "refuse"
    ALL = (VALIDATE, REQUEST_CHANGES, REFUSE)


# The fields a proposal sets; anything else in `data` is ignored.
PROPOSAL_FIELDS = (
    "title",
    "format",
    "audience",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "is_online",
    "online_url",
    "venue",
    "address",
    "commune",
    "department",
    "organiser_lab",
    "organiser_organisation",
    "capacity",
)
TEXT_FIELDS = ("title", "description", "online_url", "venue", "address", "commune")
KEY_MAX_LENGTH = Event._meta.get_field("key").max_length


def required_messages() -> dict[str, str]:
    """The French "required" messages, shared with the form so both say the same."""
    return {
        "title": _("Donnez un titre à l'événement."),
        "format": _("Choisissez le format de l'événement."),
        "description": _("Décrivez l'événement en quelques lignes."),
        "starts_at": _("Indiquez la date et l'heure de début."),
        "ends_at": _("Indiquez la date et l'heure de fin."),
    }


def _clean(*, actor, campaign, data: dict) -> dict:
    """Check a proposal's values; raise one ValidationError naming every wrong field."""
    values = {name: data.get(name) for name in PROPOSAL_FIELDS}
    for name in TEXT_FIELDS:
        values[name] = (values[name] or "").strip()
    values["is_online"] = bool(values["is_online"])
    values["audience"] = values["audience"] or Audience.ALL_AGENTS
    values["time_zone"] = values["time_zone"] or "Europe/Paris"
    errors: dict[str, list[str]] = {}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    for field, message in required_messages().items():
        if not values[field]:
            fail(field, message)
    if values["format"] and values["format"] not in EventFormat.values:
        fail("format", _("Format inconnu : « %(value)s ».") % {"value": values["format"]})
    if values["audience"] not in Audience.values:
        fail("audience", _("Public inconnu : « %(value)s ».") % {"value": values["audience"]})
    if values["time_zone"] not in dict(TIME_ZONE_CHOICES):
        fail(
            "time_zone",
            _("Fuseau horaire inconnu : « %(value)s ».") % {"value": values["time_zone"]},
        )
    starts_at, ends_at = values["starts_at"], values["ends_at"]
    if starts_at and ends_at and ends_at <= starts_at:
        fail("ends_at", _("La fin doit être après le début de l'événement."))
    if starts_at and starts_at < timezone.now():
        fail("starts_at", _("La date de début est passée : proposez un événement à venir."))
    if starts_at and ends_at and campaign and campaign.starts_on and campaign.ends_on:
        zone = zoneinfo.ZoneInfo(values["time_zone"])
        first, last = starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date()
        if first < campaign.starts_on or last > campaign.ends_on:
            fail(
                "starts_at",
                _("L'événement doit se tenir pendant la campagne, du %(start)s au %(end)s.")
                % {
                    "start": formats.date_format(campaign.starts_on, "j F Y"),
                    "end": formats.date_format(campaign.ends_on, "j F Y"),
                },
            )
    if values["is_online"]:
        if not values["online_url"]:
            fail(
                "online_url",
                _("Un événement en ligne a besoin de son lien de connexion."),
            )
    elif not values["commune"]:
        fail(
            "commune",
            _("Indiquez la commune où se tient l'événement, ou cochez « en ligne »."),
        )
    if values["capacity"] is not None and values["capacity"] < 1:
        fail("capacity", _("Le nombre de places est d'au moins 1, ou laissez vide."))
    lab = values["organiser_lab"]
    if lab is not None and not can_organise_for_lab(actor, lab):
        fail(
            "organiser_lab",
            _("Vous ne faites pas partie de l'équipe de ce laboratoire."),
        )
    if lab is None and values["organiser_organisation"] is None:
        fail(
            "organiser_organisation",
            _("Indiquez qui organise : l'un de vos laboratoires ou une administration."),
        )
    if errors:
        raise ValidationError(errors)
    # The region follows the place; an online event has none.
    department = values["department"]
    values["region"] = department.region if department is not None else None
    if values["is_online"]:
        values.update(venue="", address="", commune="", department=None, region=None)
    return values


# Fixed words of the events' addresses (`/evenements/<word>/`): no event may take them.
RESERVED_KEYS = {
    "campagnes",
    "mes-propositions",
    "propositions",
    "mes-inscriptions",
    "inscription",
    "flux",
    "nouvel-evenement",
}


def _new_key(title: str) -> str:
    base = slugify(title)[: KEY_MAX_LENGTH - 8].strip("-") or "evenement"
    key, n = base, 1
    while key in RESERVED_KEYS or Event.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def _lock(event: Event) -> Event:
    # Lock the event row only: its campaign and proposer are nullable (outer) joins, which
    # PostgreSQL refuses to lock.
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("created_by", "campaign")
        .get(pk=event.pk)
    )


def event_propose(*, actor, campaign, data: dict, channel=None) -> Event:
    """An organiser proposes an event to `campaign`; it waits for the coordination."""
    require_can_propose_to(actor, campaign)
    values = _clean(actor=actor, campaign=campaign, data=data)
    with transaction.atomic():
        event = Event.objects.create(
            key=_new_key(values["title"]),
            campaign=campaign,
            status=EventStatus.PROPOSED,
            created_by=actor,
            **values,
        )
        audit_record(
            actor=actor,
            action=EventsAction.EVENT_PROPOSE,
            target=event,
            changes={"campaign": campaign.key, "status": [None, event.status]},
            **_channel(channel),
        )
        campaign_emails.send_proposal_received(event=event)
        campaign_emails.send_proposal_to_coordination(event=event, resubmitted=False)
    return event


def event_update_proposal(*, actor, event: Event, data: dict, channel=None) -> Event:
    """The organiser edits their proposal; one sent back for changes goes back to review."""
    with transaction.atomic():
        locked = _lock(event)
        require_can_edit_proposal(actor, locked)
        values = _clean(actor=actor, campaign=locked.campaign, data=data)
        changes = model_changes(locked, values)
        resubmitted = locked.status == EventStatus.CHANGES_REQUESTED
        if resubmitted:
            changes["status"] = [locked.status, EventStatus.PROPOSED]
            values["status"] = EventStatus.PROPOSED
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action=EventsAction.EVENT_UPDATE_PROPOSAL,
            target=locked,
            changes=changes,
            **_channel(channel),
        )
        if resubmitted:
            campaign_emails.send_proposal_to_coordination(event=locked, resubmitted=True)
    return locked


def _decide(*, actor, event, status, message, action, decision, channel) -> Event:
    with transaction.atomic():
        locked = _lock(event)
        require_can_review_proposals(actor)
        if locked.status not in REVIEWABLE_STATUSES:
            raise ValidationError(
                {
                    "decision": ValidationError(
                        _("Cet événement n'attend pas de décision (statut : %(status)s).")
                        % {"status": locked.get_status_display()},
                        code="invalid_transition",
                    )
                }
            )
        before = locked.status
        locked.status = status
        locked.review_message = message
        locked.save(update_fields=["status", "review_message", "updated_at"])
        audit_record(
            actor=actor,
            action=action,
            target=locked,
            changes={"status": [before, status], "message": message},
            **_channel(channel),
        )
        campaign_emails.send_review_decision(event=locked, decision=decision, message=message)
        if status == EventStatus.PUBLISHED:
            webhook_emit(
                event=WebhookEvent.EVENT_PUBLISHED,
                data=payloads.event_published(locked),
                lab=locked.organiser_lab,
            )
    return locked


def _required_message(message: str, text: str) -> str:
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": ValidationError(text, code="required")})
    return message


def event_validate(*, actor, event: Event, message: str = "", channel=None) -> Event:
    """The proposal becomes a published event, in the campaign's public programme."""
    return _decide(
        actor=actor,
        event=event,
        status=EventStatus.PUBLISHED,
        message=(message or "").strip(),
        action=EventsAction.EVENT_VALIDATE,
        decision=ReviewDecision.VALIDATE,
        channel=channel,
    )


def event_request_changes(*, actor, event: Event, message: str, channel=None) -> Event:
    message = _required_message(
        message, _("Dites à l'organisateur ce qu'il faut modifier : le message lui est envoyé.")
    )
    return _decide(
        actor=actor,
        event=event,
        status=EventStatus.CHANGES_REQUESTED,
        message=message,
        action=EventsAction.EVENT_REQUEST_CHANGES,
        decision=ReviewDecision.REQUEST_CHANGES,
        channel=channel,
    )


def event_refuse(*, actor, event: Event, message: str, channel=None) -> Event:
    message = _required_message(
        message, _("Indiquez le motif du refus : il est envoyé à l'organisateur.")
    )
    return _decide(
        actor=actor,
        event=event,
        status=EventStatus.REFUSED,
        message=message,
        action=EventsAction.EVENT_REFUSE,
        decision=ReviewDecision.REFUSE,
        channel=channel,
    )


REVIEW_SERVICES = {
    ReviewDecision.VALIDATE: event_validate,
    ReviewDecision.REQUEST_CHANGES: event_request_changes,
    ReviewDecision.REFUSE: event_refuse,
}


def event_review(*, actor, event: Event, decision: str, message: str = "", channel=None):
    """One of the three decisions, by name (the review page and the API)."""
    if decision not in REVIEW_SERVICES:
        raise ValidationError(
            {
                "decision": ValidationError(
                    _("Décision inconnue : « %(value)s ».") % {"value": decision},
                    code="invalid_choice",
                )
            }
        )
    return REVIEW_SERVICES[decision](actor=actor, event=event, message=message, channel=channel)


def _channel(channel) -> dict:
    return {} if channel is None else {"channel": channel}


# Shared with coordination.py: the coordination's own events get the same checks and keys.
clean_event_values = _clean
new_event_key = _new_key
channel_kwargs = _channel
