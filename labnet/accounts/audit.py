"""Audit actions of accounts (sign-up, memberships).

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="accounts.user_register")`). See docs/adr/0018.
"""

from enum import StrEnum

# ruff: noqa: S105 - "password" names an action here, not a secret


class AccountsAction(StrEnum):
    API_TOKEN_CREATE = "accounts.api_token_create"
    API_TOKEN_REVOKE = "accounts.api_token_revoke"
    API_TOKENS_REVOKE_ALL = "accounts.api_tokens_revoke_all"
    MEMBERSHIP_GRANT = "accounts.membership_grant"
    MEMBERSHIP_REVOKE = "accounts.membership_revoke"
    USER_REGISTER = "accounts.user_register"
    USER_REGISTER_EXISTING = "accounts.user_register_existing"
    USER_ACTIVATE = "accounts.user_activate"
    USER_PROCONNECT_CREATE = "accounts.user_proconnect_create"
    USER_PROCONNECT_LINK = "accounts.user_proconnect_link"
    USER_PROCONNECT_REFUSE = "accounts.user_proconnect_refuse"
    PASSWORD_RESET_REQUEST = "accounts.password_reset_request"
    PASSWORD_CHANGE = "accounts.password_change"
    PASSWORD_RESET = "accounts.password_reset"
    # Authentication events (signals.py, mfa.py): recorded by the sign-in machinery, not by
    # a service function of their own.
    SIGN_IN = "accounts.sign_in"
    SIGN_IN_FAIL = "accounts.sign_in_fail"
    SIGN_OUT = "accounts.sign_out"
    LOCKOUT = "accounts.lockout"
    MFA_ENROL = "accounts.mfa_enrol"
    MFA_ENROL_FAIL = "accounts.mfa_enrol_fail"
    MFA_VERIFY = "accounts.mfa_verify"
    MFA_FAIL = "accounts.mfa_fail"
    MFA_DISABLE = "accounts.mfa_disable"
    RECOVERY_CODES_REGENERATE = "accounts.recovery_codes_regenerate"
