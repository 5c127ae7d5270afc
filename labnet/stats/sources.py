"""The rows figures are counted from, shared by the live selectors (`selectors`) and the
precomputed facts (`facts`), so both count the same things (docs/adr/0058)."""

from labnet.impact.models import Measurement
from labnet.intake.enums import RequestStatus
from labnet.intake.models import Request


def received_requests():
    """Requests sent to a lab (the requests section's `_received` before its filters)."""
    return Request.objects.filter(submitted_at__isnull=False).exclude(status=RequestStatus.DRAFT)


def current_values(indicator_ids) -> dict[int, object]:
    """{indicator id: its current value}: the last of its measured values in their own
    order (Measurement.Meta.ordering), as `IndicatorView.current` reads it; plain values,
    not thousands of model instances."""
    current = {}
    # The model's default ordering: by indicator, oldest first (undated ones first).
    rows = Measurement.objects.filter(indicator_id__in=indicator_ids).values_list(
        "indicator_id", "value"
    )
    for indicator_id, value in rows:
        current[indicator_id] = value
    return current
