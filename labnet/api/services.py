"""The API's only write: giving a signed-in user their API token."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from labnet.api.audit import ApiAction
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record


def api_token_issue(*, user) -> Token:
    """The user's token, created on first request; its creation goes to the audit trail.

    The audit entry names the user, never the key: the trail is readable by staff.
    """
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        if created:
            audit_record(
                actor=user,
                action=ApiAction.API_TOKEN_ISSUE,
                target=user,
                channel=AuditEntry.Channel.API,
            )
    return token
