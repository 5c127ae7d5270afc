"""Audit actions of projects and their accompaniment.

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="projects.document_upload")`). See docs/adr/0018.
"""

from enum import StrEnum


class ProjectsAction(StrEnum):
    ACTIVITY_DELETE = "projects.activity_delete"
    ACTIVITY_LOG = "projects.activity_log"
    ACTIVITY_UPDATE = "projects.activity_update"
    DOCUMENT_DELETE = "projects.document_delete"
    DOCUMENT_UPLOAD = "projects.document_upload"
    NEXT_STEPS_REMIND_OVERDUE = "projects.next_steps_remind_overdue"
    NEXT_STEP_COMPLETE = "projects.next_step_complete"
    NEXT_STEP_CREATE = "projects.next_step_create"
    NEXT_STEP_DELETE = "projects.next_step_delete"
    NOTE_ADD = "projects.note_add"
    NOTE_DELETE = "projects.note_delete"
    PROJECT_CREATE = "projects.project_create"
    PROJECT_MOVE = "projects.project_move"
    PROJECT_PARTNERS_SET = "projects.project_partners_set"
    PROJECT_PERSON_ADD = "projects.project_person_add"
    PROJECT_PERSON_REMOVE = "projects.project_person_remove"
    PROJECT_PUBLISH = "projects.project_publish"
    PROJECT_SHEET_UPDATE = "projects.project_sheet_update"
    PROJECT_TAKE_UP = "projects.project_take_up"
    PROJECT_UNPUBLISH = "projects.project_unpublish"
