"""Audit actions of labs (profile, contributors, demo accounts).

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="labs.demo_accounts_ensure")`). See docs/adr/0018.
"""

from enum import StrEnum


class LabsAction(StrEnum):
    DEMO_ACCOUNTS_ENSURE = "labs.demo_accounts_ensure"
    LAB_CONTRIBUTOR_ADD = "labs.lab_contributor_add"
    LAB_CONTRIBUTOR_REMOVE = "labs.lab_contributor_remove"
    LAB_UPDATE_PROFILE = "labs.lab_update_profile"
