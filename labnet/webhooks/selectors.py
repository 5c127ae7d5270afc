"""Reads of webhook subscriptions: who may see which, and the labs a subscription may name."""

from django.db.models import QuerySet
from django.http import Http404

from labnet.accounts.rules import is_coordinator, led_lab_ids
from labnet.labs.models import Lab

from .models import Subscription
from .rules import can_handle_subscription, require_can_subscribe


def subscriptions_visible(*, user) -> QuerySet[Subscription]:
    """Every subscription for the coordination, one's own for a lab lead; refused to
    anyone else."""
    require_can_subscribe(user)
    subscriptions = Subscription.objects.select_related("lab", "owner")
    if is_coordinator(user):
        return subscriptions
    return subscriptions.filter(owner=user)


def subscription_get(*, user, pk) -> Subscription:
    """A subscription its owner or a manager of its lab reads; to others it does not exist."""
    subscription = Subscription.objects.select_related("lab").filter(pk=pk).first()
    if subscription is None or not can_handle_subscription(user, subscription):
        raise Http404
    return subscription


def subscription_labs(*, user) -> QuerySet[Lab]:
    """The labs whose events `user` may subscribe to: every lab for the coordination (none
    named: the whole network), the labs they lead otherwise."""
    if is_coordinator(user):
        return Lab.objects.order_by("name")
    return Lab.objects.filter(pk__in=led_lab_ids(user)).order_by("name")
