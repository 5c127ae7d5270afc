"""Audit actions of roadmaps.

One member per service (two for a service that creates or changes), valued
`<app>.<service>`. A `StrEnum`: a member is the string it stands for. See docs/adr/0018.
"""

from enum import StrEnum


class RoadmapsAction(StrEnum):
    AXIS_CREATE = "roadmaps.axis_create"
    AXIS_DELETE = "roadmaps.axis_delete"
    AXIS_UPDATE = "roadmaps.axis_update"
    GROUP_CREATE = "roadmaps.group_create"
    GROUP_DELETE = "roadmaps.group_delete"
    ITEM_CREATE = "roadmaps.item_create"
    ITEM_DELETE = "roadmaps.item_delete"
    ITEM_UPDATE = "roadmaps.item_update"
    ROADMAP_CREATE = "roadmaps.roadmap_create"
    ROADMAP_DELETE = "roadmaps.roadmap_delete"
    ROADMAP_UPDATE = "roadmaps.roadmap_update"
