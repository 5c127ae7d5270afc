"""Audit actions of the single window.

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="intake.request_provide_info")`). See docs/adr/0018.
"""

from enum import StrEnum


class IntakeAction(StrEnum):
    ATTACHMENT_ADD = "intake.attachment_add"
    ATTACHMENT_REMOVE = "intake.attachment_remove"
    BOOST_SLOT_BOOK = "intake.boost_slot_book"
    BOOST_SLOT_CREATE = "intake.boost_slot_create"
    BOOST_SLOT_DELETE = "intake.boost_slot_delete"
    DEMARCHES_CONNECTION_CREATE = "intake.demarches_connection_create"
    DEMARCHES_CONNECTION_UPDATE = "intake.demarches_connection_update"
    DEMARCHES_DOSSIER_IMPORT_FAILED = "intake.demarches_dossier_import_failed"
    REQUEST_ACCEPT = "intake.request_accept"
    REQUEST_ADD_COAUTHOR = "intake.request_add_coauthor"
    REQUEST_ASK_INFO = "intake.request_ask_info"
    REQUEST_CREATE = "intake.request_create"
    REQUEST_DECLINE = "intake.request_decline"
    REQUEST_OFFER_BOOST = "intake.request_offer_boost"
    REQUEST_PROVIDE_INFO = "intake.request_provide_info"
    REQUEST_RECEIVE_EXTERNAL = "intake.request_receive_external"
    REQUEST_RECEIVE_FROM_CALL = "intake.request_receive_from_call"
    REQUEST_REDIRECT_OUT = "intake.request_redirect_out"
    REQUEST_REDIRECT_TO_LAB = "intake.request_redirect_to_lab"
    REQUEST_SAVE_STEP = "intake.request_save_step"
    REQUEST_SUBMIT = "intake.request_submit"
    REQUEST_WITHDRAW = "intake.request_withdraw"
