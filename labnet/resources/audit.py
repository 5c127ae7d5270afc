"""Audit actions of resources.

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="resources.resource_propose")`). See docs/adr/0018.
"""

from enum import StrEnum


class ResourcesAction(StrEnum):
    RESOURCE_LINK_PROJECT = "resources.resource_link_project"
    RESOURCE_PROPOSE = "resources.resource_propose"
    RESOURCE_PUBLISH = "resources.resource_publish"
    RESOURCE_REFUSE = "resources.resource_refuse"
    RESOURCE_UNLINK_PROJECT = "resources.resource_unlink_project"
    RESOURCE_UPDATE = "resources.resource_update"
