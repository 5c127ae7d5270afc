"""Audit actions of people (profiles, contact, personal data).

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="people.personal_data_export")`). See docs/adr/0018.
"""

from enum import StrEnum


class PeopleAction(StrEnum):
    ACCOUNT_ERASE = "people.account_erase"
    CONTACT_REPLY = "people.contact_reply"
    CONTACT_SEND = "people.contact_send"
    PERSONAL_DATA_EXPORT = "people.personal_data_export"
    PERSONAL_DATA_PURGE = "people.personal_data_purge"
    PROFILE_UPDATE = "people.profile_update"
    SKILL_CREATE = "people.skill_create"
