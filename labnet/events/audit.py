"""Audit actions of events, proposals and registrations.

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="events.event_capacity_update")`). See docs/adr/0018.
"""

from enum import StrEnum


class EventsAction(StrEnum):
    ATTENDANCE_MARK = "events.attendance_mark"
    CAMPAIGN_CLOSE_PROPOSALS = "events.campaign_close_proposals"
    CAMPAIGN_CREATE = "events.campaign_create"
    CAMPAIGN_OPEN_PROPOSALS = "events.campaign_open_proposals"
    CAMPAIGN_UPDATE = "events.campaign_update"
    EVENT_ATTENDEES_EXPORT = "events.event_attendees_export"
    EVENT_CANCEL = "events.event_cancel"
    EVENT_CAPACITY_UPDATE = "events.event_capacity_update"
    EVENT_CREATE = "events.event_create"
    EVENT_PROPOSE = "events.event_propose"
    EVENT_REFUSE = "events.event_refuse"
    EVENT_REQUEST_CHANGES = "events.event_request_changes"
    EVENT_UPDATE_PROPOSAL = "events.event_update_proposal"
    EVENT_VALIDATE = "events.event_validate"
    PROMOTE_WAITING = "events.promote_waiting"
    REGISTRATION_CANCEL = "events.registration_cancel"
    REGISTRATION_CONFIRM = "events.registration_confirm"
    REGISTRATION_CREATE = "events.registration_create"
