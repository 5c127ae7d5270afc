"""The coordination's own writes on campaigns and events: create and edit a campaign, open
it to proposals (or close it), and publish an event directly, inside a campaign or outside
any (no review: the coordination is the reviewer).

Organisers' proposals and their review are in proposals.py; both share its checks of an
event's values (`proposals._clean`).
"""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from labnet.core.services import audit_record, model_changes
from labnet.webhooks import payloads
from labnet.webhooks.enums import WebhookEvent
from labnet.webhooks.services import webhook_emit

from .audit import EventsAction
from .campaign_rules import require_can_manage_campaigns, require_can_publish_without_review
from .enums import CampaignKind, EventStatus
from .models import Campaign, Event
from .proposals import channel_kwargs as _channel
from .proposals import clean_event_values as _clean
from .proposals import new_event_key as _new_key

CAMPAIGN_FIELDS = (
    "name",
    "kind",
    "edition",
    "starts_on",
    "ends_on",
    "region",
    "organiser",
    "description",
    "accepts_proposals",
)
CAMPAIGN_KEY_MAX_LENGTH = Campaign._meta.get_field("key").max_length


def campaign_required_messages() -> dict[str, str]:
    """The French "required" messages, shared with the form so both say the same."""
    return {
        "name": _("Donnez un nom à la campagne."),
        "kind": _("Choisissez la nature de la campagne."),
    }


def _clean_campaign(data: dict) -> dict:
    values = {name: data.get(name) for name in CAMPAIGN_FIELDS}
    values["name"] = (values["name"] or "").strip()
    values["description"] = (values["description"] or "").strip()
    values["accepts_proposals"] = bool(values["accepts_proposals"])
    errors: dict[str, list[str]] = {}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    for field, message in campaign_required_messages().items():
        if not values[field]:
            fail(field, message)
    if values["kind"] and values["kind"] not in CampaignKind.values:
        fail("kind", _("Nature inconnue : « %(value)s ».") % {"value": values["kind"]})
    edition = values["edition"]
    if edition is not None and not (1 <= edition <= 1000):
        fail("edition", _("Le numéro d'édition est un entier entre 1 et 1000, ou laissez vide."))
    starts_on, ends_on = values["starts_on"], values["ends_on"]
    if bool(starts_on) != bool(ends_on):
        fail(
            "ends_on" if starts_on else "starts_on",
            _("Donnez les deux dates de la campagne, ou aucune."),
        )
    if starts_on and ends_on and ends_on < starts_on:
        fail("ends_on", _("La fin de la campagne est avant son début."))
    if errors:
        raise ValidationError(errors)
    return values


def _new_campaign_key(name: str, edition) -> str:
    base = slugify(f"{name} {edition or ''}")[: CAMPAIGN_KEY_MAX_LENGTH - 8].strip("-")
    base = base or "campagne"
    key, n = base, 1
    while key == "nouvelle" or Campaign.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def campaign_create(*, actor, data: dict, channel=None) -> Campaign:
    """A new campaign; open to proposals at once if `data["accepts_proposals"]`."""
    require_can_manage_campaigns(actor)
    values = _clean_campaign(data)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            key=_new_campaign_key(values["name"], values["edition"]), **values
        )
        audit_record(
            actor=actor,
            action=EventsAction.CAMPAIGN_CREATE,
            target=campaign,
            changes={name: [None, _plain(value)] for name, value in values.items()},
            **_channel(channel),
        )
    return campaign


def campaign_update(*, actor, campaign: Campaign, data: dict, channel=None) -> Campaign:
    require_can_manage_campaigns(actor)
    values = _clean_campaign(data)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _check_events_fit(locked, values["starts_on"], values["ends_on"])
        changes = model_changes(locked, values)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action=EventsAction.CAMPAIGN_UPDATE,
            target=locked,
            changes=changes,
            **_channel(channel),
        )
    return locked


def _check_events_fit(campaign: Campaign, starts_on, ends_on):
    """New dates may not leave the campaign's live events outside it."""
    if not (starts_on and ends_on):
        return
    live = campaign.events.exclude(status=EventStatus.REFUSED)
    first = live.order_by("starts_at").values_list("starts_at", "time_zone").first()
    last = live.order_by("-ends_at").values_list("ends_at", "time_zone").first()
    outside = (first and first[0].astimezone(zoneinfo.ZoneInfo(first[1])).date() < starts_on) or (
        last and last[0].astimezone(zoneinfo.ZoneInfo(last[1])).date() > ends_on
    )
    if outside:
        raise ValidationError(
            {
                "starts_on": ValidationError(
                    _(
                        "Des événements de la campagne se tiennent en dehors de ces dates : "
                        "élargissez-les, ou déplacez d'abord les événements."
                    ),
                    code="events_outside",
                )
            }
        )


def campaign_open_proposals(*, actor, campaign: Campaign, open: bool = True, channel=None):
    """Open the campaign to organisers' proposals (or close it, `open=False`)."""
    require_can_manage_campaigns(actor)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.accepts_proposals == open:
            raise ValidationError(
                _("La campagne reçoit déjà des propositions.")
                if open
                else _("La campagne ne reçoit déjà plus de propositions."),
                code="unchanged",
            )
        if open and locked.ends_on and locked.ends_on < timezone.localdate():
            raise ValidationError(
                _("La campagne est terminée : changez d'abord ses dates pour l'ouvrir."),
                code="past",
            )
        locked.accepts_proposals = open
        locked.save(update_fields=["accepts_proposals", "updated_at"])
        audit_record(
            actor=actor,
            action=(
                EventsAction.CAMPAIGN_OPEN_PROPOSALS
                if open
                else EventsAction.CAMPAIGN_CLOSE_PROPOSALS
            ),
            target=locked,
            changes={"accepts_proposals": [not open, open]},
            **_channel(channel),
        )
    return locked


def event_create(*, actor, data: dict, campaign: Campaign | None = None, channel=None) -> Event:
    """The coordination publishes an event of its own, in `campaign` or outside any: the
    same checks as a proposal, published at once."""
    require_can_publish_without_review(actor)
    values = _clean(actor=actor, campaign=campaign, data=data)
    with transaction.atomic():
        event = Event.objects.create(
            key=_new_key(values["title"]),
            campaign=campaign,
            status=EventStatus.PUBLISHED,
            created_by=actor,
            **values,
        )
        audit_record(
            actor=actor,
            action=EventsAction.EVENT_CREATE,
            target=event,
            changes={
                "campaign": campaign.key if campaign else None,
                "status": [None, event.status],
            },
            **_channel(channel),
        )
        # Published at once, like a validated proposal: subscribers hear of it the same way.
        webhook_emit(
            event=WebhookEvent.EVENT_PUBLISHED,
            data=payloads.event_published(event),
            lab=event.organiser_lab,
        )
    return event


def _plain(value):
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
