"""Audit actions of the API (tokens).

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="api.api_token_issue")`). See docs/adr/0018.
"""

from enum import StrEnum


class ApiAction(StrEnum):
    API_TOKEN_ISSUE = "api.api_token_issue"  # noqa: S105 (an action name, not a secret)
