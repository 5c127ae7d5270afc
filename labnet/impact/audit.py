"""Audit actions of impact.

One member per service, valued `<app>.<service>`.

A `StrEnum`: a member is the string it stands for, so entries compare equal to plain
strings (`AuditEntry.objects.filter(action="impact.measurement_record")`). See docs/adr/0018.
"""

from enum import StrEnum


class ImpactAction(StrEnum):
    INDICATOR_CREATE = "impact.indicator_create"
    INDICATOR_UPDATE = "impact.indicator_update"
    MEASUREMENT_RECORD = "impact.measurement_record"
    MEASUREMENT_UPDATE = "impact.measurement_update"
    SURVEY_ANSWER = "impact.survey_answer"
