"""Subscriptions and deliveries. `webhook_emit` is called by the services whose writes
other tools subscribe to, inside their transaction; each delivery is sent by the task
queue after commit, retried with backoff, and a subscription that keeps failing is paused
and its owner told (docs/adr/0016)."""

import datetime
import json
import time
import uuid
from functools import partial
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from labnet.core.links import site_url
from labnet.core.mail import email_enqueue
from labnet.core.services import audit_record

from . import signing
from .addresses import ForbiddenAddress, check_public_host
from .audit import WebhooksAction
from .enums import DeliveryStatus, WebhookEvent
from .models import Delivery, Subscription
from .rules import can_handle_subscription, can_manage_subscription

# Waits before each retry: 1 min, 5 min, 30 min, 2 h, 8 h (then the delivery is abandoned).
BACKOFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=8),
]
# Deliveries abandoned in a row after which a subscription is paused.
PAUSE_AFTER = 3
TIMEOUT_SECONDS = 10


def _check_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    local = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if parts.scheme != "https" and not (parts.scheme == "http" and (local or settings.DEBUG)):
        raise ValidationError(
            {"url": _("L'adresse doit commencer par https:// (le contenu est signé, pas chiffré).")}
        )
    if not parts.hostname:
        raise ValidationError(
            {
                "url": _(
                    "Saisissez une adresse complète, par exemple https://outil.exemple.fr/webhooks."
                )
            }
        )
    try:
        check_public_host(parts.hostname, parts.port)
    except ForbiddenAddress:
        raise ValidationError(
            {
                "url": _(
                    "Cette adresse ne mène pas à un serveur public sur internet (adresse "
                    "privée, locale ou inconnue) : LabNet n'y envoie rien."
                )
            }
        ) from None
    return url


def subscription_create(
    *, actor, url: str, events: list[str], lab=None, description=""
) -> Subscription:
    if not can_manage_subscription(actor, lab=lab):
        raise PermissionDenied(
            _(
                "Les abonnements sont gérés par la coordination, ou par le responsable d'un "
                "laboratoire pour les événements de son laboratoire."
            )
        )
    url = _check_url(url)
    unknown = [event for event in events if event not in WebhookEvent.values]
    if not events or unknown:
        raise ValidationError(
            {"events": _("Choisissez au moins un événement parmi ceux proposés.")}
        )
    with transaction.atomic():
        subscription = Subscription.objects.create(
            url=url,
            events=sorted(set(events)),
            lab=lab,
            secret=signing.new_secret(),
            owner=actor,
            description=(description or "").strip()[:200],
        )
        audit_record(
            actor=actor,
            action=WebhooksAction.SUBSCRIPTION_CREATE,
            target=subscription,
            changes={"url": url, "events": subscription.events, "lab": lab.key if lab else None},
        )
    return subscription


def subscription_delete(*, actor, subscription: Subscription) -> None:
    if not can_handle_subscription(actor, subscription):
        raise PermissionDenied(_("Vous ne pouvez pas supprimer cet abonnement."))
    with transaction.atomic():
        audit_record(actor=actor, action=WebhooksAction.SUBSCRIPTION_DELETE, target=subscription)
        subscription.delete()


def subscription_resume(*, actor, subscription: Subscription) -> Subscription:
    if not can_handle_subscription(actor, subscription):
        raise PermissionDenied(_("Vous ne pouvez pas reprendre cet abonnement."))
    with transaction.atomic():
        subscription.is_active, subscription.paused_at = True, None
        subscription.consecutive_failures = 0
        subscription.save(update_fields=["is_active", "paused_at", "consecutive_failures"])
        audit_record(actor=actor, action=WebhooksAction.SUBSCRIPTION_RESUME, target=subscription)
    return subscription


def webhook_emit(*, event: str, data: dict, lab=None) -> list[Delivery]:
    """Queue `event` for every active subscription to it (a lab's subscriptions only for
    that lab's events). Call it inside the write's transaction: nothing leaves if it rolls
    back, and each delivery is sent once it commits."""
    # Subscriptions are few (tools of the network, not people): filtered here, which works
    # the same on SQLite and PostgreSQL.
    subscriptions = Subscription.objects.filter(is_active=True).select_related("lab")
    now = timezone.now()
    payload = {"type": event, "timestamp": now.isoformat(), "data": data}
    deliveries = [
        Delivery(
            subscription=subscription,
            message_id=f"msg_{uuid.uuid4().hex}",
            event=event,
            payload=payload,
            next_attempt_at=now,
        )
        for subscription in subscriptions
        if event in subscription.events
        and (subscription.lab_id is None or (lab is not None and subscription.lab_id == lab.pk))
    ]
    Delivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        transaction.on_commit(partial(deliver_webhook.enqueue, delivery_id=delivery.pk))
    return deliveries


def delivery_attempt(*, delivery_id: int) -> Delivery:
    """Send one delivery now; on failure, schedule the next try or abandon it."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update().select_related("subscription").get(pk=delivery_id)
        )
        if delivery.status != DeliveryStatus.PENDING:
            return delivery
        subscription = delivery.subscription
        body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
        headers = signing.headers(
            secret=subscription.secret,
            message_id=delivery.message_id,
            timestamp=int(time.time()),
            body=body,
        )
        started = time.perf_counter()
        error, code = "", None
        try:
            # Checked again at each try: the name may point elsewhere since it was given.
            target = urlsplit(subscription.url)
            check_public_host(target.hostname, target.port)
            response = httpx.post(
                subscription.url, content=body, headers=headers, timeout=TIMEOUT_SECONDS
            )
            code = response.status_code
            if not 200 <= code < 300:
                error = f"HTTP {code}"
        except ForbiddenAddress as refused:
            error = f"Adresse refusée (non publique) : {refused}"[:300]
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"[:300]
        delivery.attempts += 1
        delivery.last_status_code = code
        delivery.last_error = error
        delivery.last_duration_ms = round((time.perf_counter() - started) * 1000)
        now = timezone.now()
        if not error:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                DeliveryStatus.SUCCEEDED,
                now,
                None,
            )
            subscription.consecutive_failures = 0
            subscription.save(update_fields=["consecutive_failures"])
        elif delivery.attempts > len(BACKOFF):
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            _count_failure(subscription, now)
        else:
            delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
            _schedule_retry(delivery)
        delivery.save()
    return delivery


def _schedule_retry(delivery: Delivery) -> None:
    if deliver_webhook.get_backend().supports_defer:
        later = deliver_webhook.using(run_after=delivery.next_attempt_at)
        transaction.on_commit(partial(later.enqueue, delivery_id=delivery.pk))
    # Otherwise `manage.py send_webhooks` (every minute from cron) sends what is due.


def _count_failure(subscription: Subscription, now) -> None:
    subscription.consecutive_failures += 1
    fields = ["consecutive_failures"]
    if subscription.consecutive_failures >= PAUSE_AFTER and subscription.is_active:
        subscription.is_active, subscription.paused_at = False, now
        fields += ["is_active", "paused_at"]
        email_enqueue(
            subject=_("LabNet : votre abonnement webhook est en pause"),
            body=render_to_string(
                "webhooks/emails/paused.txt",
                {
                    "subscription": subscription,
                    "failures": subscription.consecutive_failures,
                    "page": site_url(reverse("webhooks:list")),
                },
            ),
            to=[subscription.owner.email],
        )
    subscription.save(update_fields=fields)


def deliveries_due(*, now=None) -> int:
    """Send every pending delivery whose time has come; returns how many were tried."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in due:
        delivery_attempt(delivery_id=pk)
    return len(due)


@task()
def deliver_webhook(*, delivery_id: int) -> str:
    """The background send of one delivery (queued after the emitting write commits)."""
    return delivery_attempt(delivery_id=delivery_id).status
