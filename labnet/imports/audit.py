"""Audit actions of the operators' import.

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="imports.network_import")`). See docs/adr/0018.
"""

from enum import StrEnum


class ImportsAction(StrEnum):
    NETWORK_IMPORT = "imports.network_import"
