"""Audit actions of funding (sources, envelopes, allocations, payments).

One member per service, valued `<app>.<service>` (docs/adr/0018-structure-audit-actions.md).
"""

from enum import StrEnum


class FundingAction(StrEnum):
    ALLOCATION_CREATE = "funding.allocation_create"
    ALLOCATION_TRANSITION = "funding.allocation_transition"
    ALLOCATION_UPDATE = "funding.allocation_update"
    ALLOCATION_UPDATE_REPORTING_NOTES = "funding.allocation_update_reporting_notes"
    ENVELOPE_CREATE = "funding.envelope_create"
    ENVELOPE_UPDATE = "funding.envelope_update"
    FUNDING_SOURCE_CREATE = "funding.funding_source_create"
    FUNDING_SOURCE_UPDATE = "funding.funding_source_update"
    PAYMENT_RECORD = "funding.payment_record"
