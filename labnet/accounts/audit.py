"""Audit actions of accounts (sign-up, memberships).

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="accounts.user_register")`). See docs/adr/0014.
"""

from enum import StrEnum


class AccountsAction(StrEnum):
    MEMBERSHIP_GRANT = "accounts.membership_grant"
    MEMBERSHIP_REVOKE = "accounts.membership_revoke"
    USER_REGISTER = "accounts.user_register"
