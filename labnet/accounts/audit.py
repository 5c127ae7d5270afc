"""Audit actions of accounts (sign-up, memberships).

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="accounts.user_register")`). See docs/adr/0014.
"""

from enum import StrEnum


class AccountsAction(StrEnum):
    API_TOKEN_CREATE = "accounts.api_token_create"  # noqa: S105 (an action name)
    API_TOKEN_REVOKE = "accounts.api_token_revoke"  # noqa: S105 (an action name)
    API_TOKENS_REVOKE_ALL = "accounts.api_tokens_revoke_all"
    MEMBERSHIP_GRANT = "accounts.membership_grant"
    MEMBERSHIP_REVOKE = "accounts.membership_revoke"
    USER_REGISTER = "accounts.user_register"
