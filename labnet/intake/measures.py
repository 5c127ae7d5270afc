"""The time to first answer each request carries, and the figures kept from it
(docs/adr/0054-intake-precomputed-response-times.md).

`MeasuredRequest` is the part of `Request` that measures its first answer whenever it is
saved and keeps the figures (`stats_store`) in step; `ResponseTimeFigure` holds those
figures. Here rather than in models.py, which would outgrow its size.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.dispatch import Signal

# Sent, inside the save's transaction, when a request's measure changed: `stats_store`
# refreshes the kept figures it counts in (a signal, so that the model does not import
# what computes from it).
measure_changed = Signal()

# The figures are published by month of submission as the administrations count them.
PARIS = ZoneInfo("Europe/Paris")


def first_answer_measures(submitted_at, answered_at, commitment_hours):
    """(delay, answered within the commitment, "YYYY-MM" of submission in Paris time), or
    (None, None, "") when the request is not both sent and answered. The one definition of
    the measure: `Request.save`, the migration that filled existing rows and the benchmark
    generator all call it."""
    if submitted_at is None or answered_at is None:
        return None, None, ""
    delay = answered_at - submitted_at
    in_time = commitment_hours is not None and delay <= timedelta(hours=commitment_hours)
    month = submitted_at.astimezone(PARIS).strftime("%Y-%m")
    return delay, in_time, month


class MeasuredRequest(models.Model):
    """The time to first answer, measured from the submission, the first answer and the
    commitment whenever the request is saved, so the figures are counted and ordered by
    the database over an index instead of read row by row (labnet.intake.stats)."""

    first_answer_delay = models.DurationField(null=True, blank=True, editable=False)
    first_answer_in_time = models.BooleanField(null=True, blank=True, editable=False)
    # "YYYY-MM" of submission in Paris time: the month the open-data figures count it in.
    first_answer_month = models.CharField(max_length=7, blank=True, editable=False)

    class Meta:
        abstract = True

    MEASURE_SOURCES = frozenset(
        {"submitted_at", "first_answered_at", "first_answer_commitment_hours"}
    )
    MEASURES = ("first_answer_delay", "first_answer_in_time", "first_answer_month")

    def save(self, *args, update_fields=None, **kwargs):
        # Every writer (services, imports, admin, tests' factories) saves through here, so
        # the measure can never disagree with what it is measured from, nor the kept
        # figures with the measures (`stats_store.refresh`, in the same transaction).
        self.measure_first_answer()
        if update_fields is not None and self.MEASURE_SOURCES.intersection(update_fields):
            update_fields = {*update_fields, *self.MEASURES}
        before = getattr(self, "_saved_measure", (None, "", None, None))
        if before is None:  # loaded without those fields: read what is stored
            before = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values_list(
                    "first_answer_lab_id",
                    "first_answer_month",
                    "first_answer_delay",
                    "first_answer_in_time",
                )
                .first()
            ) or (None, "", None, None)
        with transaction.atomic():
            super().save(*args, update_fields=update_fields, **kwargs)
            after = self._measured_as()
            if after != before:
                measure_changed.send(
                    sender=type(self),
                    network=after[2:] != before[2:],
                    labs={before[0], after[0]},
                    lab_months={before[:2], after[:2]},
                )
        self._saved_measure = after

    def measure_first_answer(self) -> None:
        """Set the time to first answer from the fields it is measured from (nothing until
        the request is both sent and answered)."""
        self.first_answer_delay, self.first_answer_in_time, self.first_answer_month = (
            first_answer_measures(
                self.submitted_at, self.first_answered_at, self.first_answer_commitment_hours
            )
        )

    def _measured_as(self) -> tuple:
        # What the kept figures (`stats_store`) count this request as.
        return (
            self.first_answer_lab_id,
            self.first_answer_month,
            self.first_answer_delay,
            self.first_answer_in_time,
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = (
            instance.get_deferred_fields().isdisjoint(
                {"first_answer_lab", "first_answer_month", "first_answer_delay"}
            )
            and "first_answer_in_time" not in instance.get_deferred_fields()
        )
        instance._saved_measure = instance._measured_as() if loaded else None
        return instance


class ResponseTimeFigure(models.Model):
    """The time-to-first-answer figures of one fixed group of requests: the network
    (no lab, no month), a lab (no month) or a lab in a month of submission. Kept exact by
    `labnet.intake.stats_store` whenever a request's measure changes, and computed there by
    `stats.figures_of`, as any other figure of response times."""

    lab = models.ForeignKey(
        "labs.Lab", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.CharField(max_length=7, blank=True)  # "YYYY-MM"; "" for all months
    count = models.PositiveIntegerField(default=0)
    in_time = models.PositiveIntegerField(default=0)
    median_hours = models.FloatField(null=True, blank=True)
    p90_hours = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lab", "month"], name="intake_figure_unique"),
            # NULL labs are distinct for the constraint above: one network row at most.
            models.UniqueConstraint(
                fields=["month"],
                condition=models.Q(lab__isnull=True),
                name="intake_figure_network_unique",
            ),
        ]

    def __str__(self):
        return f"{self.lab_id or 'network'} {self.month or '*'}: {self.count}"
