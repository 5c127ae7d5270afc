"""Audit actions of core: the Django admin's writes and the trail's own redactions.

One member per service, valued `<app>.<service>`; the admin's entries are named after the
kind of admin write (docs/adr/0018, docs/adr/0022-hardening-audit-chain.md).
"""

from enum import StrEnum


class CoreAction(StrEnum):
    ADMIN_ACTION = "core.admin_action"
    ADMIN_ADD = "core.admin_add"
    ADMIN_CHANGE = "core.admin_change"
    ADMIN_DELETE = "core.admin_delete"
    AUDIT_LOG_EXPORT = "core.audit_log_export"
    AUDIT_REDACT = "core.audit_redact"
