"""Audit actions of trainings.

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="trainings.attendance_mark")`). See docs/adr/0018.
"""

from enum import StrEnum


class TrainingsAction(StrEnum):
    ATTENDANCE_MARK = "trainings.attendance_mark"
    COHORT_UPDATE = "trainings.cohort_update"
    ENROLMENT_CANCEL = "trainings.enrolment_cancel"
    ENROLMENT_COMPLETE = "trainings.enrolment_complete"
    ENROLMENT_CREATE = "trainings.enrolment_create"
    ENROLMENT_UNCOMPLETE = "trainings.enrolment_uncomplete"
    PROMOTE_WAITING = "trainings.promote_waiting"
    RECURRENCE_CREATE = "trainings.recurrence_create"
    RECURRENCE_EXCEPTION_SET = "trainings.recurrence_exception_set"
    SESSIONS_GENERATE_FROM_RECURRENCE = "trainings.sessions_generate_from_recurrence"
    SESSION_CANCEL = "trainings.session_cancel"
    SESSION_CREATE = "trainings.session_create"
