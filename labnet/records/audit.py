"""Audit actions of the agent's record, valued `<app>.<service>` (docs/adr/0018)."""

from enum import StrEnum


class RecordsAction(StrEnum):
    ATTESTATION_ISSUE = "records.attestation_issue"
    ATTESTATION_REVOKE = "records.attestation_revoke"
    CONTRIBUTION_CONFIRM = "records.contribution_confirm"
    RECORD_LINES_SHOW = "records.record_lines_show"
