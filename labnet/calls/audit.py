"""Audit actions of calls, answers, reviews and decisions.

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="calls.answer_create")`). See docs/adr/0018.
"""

from enum import StrEnum


class CallsAction(StrEnum):
    ANSWER_ADD_COAUTHOR = "calls.answer_add_coauthor"
    ANSWER_ATTACH = "calls.answer_attach"
    ANSWER_ATTACHMENT_DELETE = "calls.answer_attachment_delete"
    ANSWER_CREATE = "calls.answer_create"
    ANSWER_DECIDE = "calls.answer_decide"
    ANSWER_SAVE_DRAFT = "calls.answer_save_draft"
    ANSWER_SUBMIT = "calls.answer_submit"
    ANSWER_WITHDRAW = "calls.answer_withdraw"
    CALL_CLOSE = "calls.call_close"
    CALL_CLOSE_DECIDED = "calls.call_close_decided"
    CALL_CREATE = "calls.call_create"
    CALL_OPEN = "calls.call_open"
    CALL_UPDATE = "calls.call_update"
    REVIEW_SAVE = "calls.review_save"
