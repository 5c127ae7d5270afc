"""Audit actions of webhook subscriptions, valued `<app>.<service>` (docs/adr/0018)."""

from enum import StrEnum


class WebhooksAction(StrEnum):
    SUBSCRIPTION_CREATE = "webhooks.subscription_create"
    SUBSCRIPTION_DELETE = "webhooks.subscription_delete"
    SUBSCRIPTION_RESUME = "webhooks.subscription_resume"
