"""The national picture's aggregates, precomputed (docs/adr/0058-picture-precomputed-facts.md).

Counting 100,000 projects, 50,000 events and their million registrations, 50,000 requests
and every indicator's progress on each visit takes seconds; the national dashboard, the
API and the bilan must answer within 100 ms with any filter. These tables hold the same
counts grouped by the dimensions the filters use (year, region, and whether the public may
see the row), built by `stats.facts.rebuild_facts` with the sections' own querysets and the
domains' own computations; a section then sums a few hundred rows instead of scanning
the data. Lab dashboards stay live: a lab's rows are few and indexed.

`year` is the figure's natural year (a project's start, an event's or a request's date);
`region` the INSEE code of its natural place ("" when it has none). Rows are replaced as a
whole by each build, never edited one by one.
"""

from django.db import models


class FactsBuild(models.Model):
    """When the facts were last built (one row): what the pages say and what decides a
    rebuild (a day old, or data changed since)."""

    built_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    # The years some figure covers (`stats.filters.year_bounds`): the filter's options.
    first_year = models.PositiveSmallIntegerField(null=True)
    last_year = models.PositiveSmallIntegerField(null=True)

    def __str__(self):
        return f"{self.built_at:%Y-%m-%d %H:%M:%S} ({self.seconds} s)"


class Fact(models.Model):
    """A row of counts for one year and region (the filters' dimensions)."""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{type(self).__name__} {self.year or '-'} {self.region or '-'}"


class ProjectFact(Fact):
    """Projects by stage, place and kind of lead lab."""

    public = models.BooleanField()
    year = models.PositiveSmallIntegerField(null=True)
    region = models.CharField(max_length=3, blank=True)
    lab_kind = models.CharField(max_length=32, blank=True)
    stage = models.CharField(max_length=32, blank=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "region"], name="stats_project_year_region")]


class ProjectThemeFact(Fact):
    """Projects per theme (a project is in each of its themes)."""

    public = models.BooleanField()
    year = models.PositiveSmallIntegerField(null=True)
    region = models.CharField(max_length=3, blank=True)
    theme = models.ForeignKey("labs.Theme", on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "region"], name="stats_projecttheme_year_region")]


class ReuseFact(Fact):
    """Projects taking up another one, by the lab that led the project taken up."""

    public = models.BooleanField()
    year = models.PositiveSmallIntegerField(null=True)
    region = models.CharField(max_length=3, blank=True)
    origin_lab = models.ForeignKey(
        "labs.Lab", null=True, on_delete=models.CASCADE, related_name="+"
    )
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "region"], name="stats_reuse_year_region")]


class EventFact(Fact):
    """Public events per campaign: how many, how many by labs, confirmed registrations."""

    year = models.PositiveSmallIntegerField(null=True)
    region = models.CharField(max_length=3, blank=True)
    campaign = models.ForeignKey(
        "events.Campaign", null=True, on_delete=models.CASCADE, related_name="+"
    )
    events = models.PositiveIntegerField(default=0)
    by_labs = models.PositiveIntegerField(default=0)
    registrations = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "region"], name="stats_event_year_region")]


class RequestFact(Fact):
    """Requests received, by year sent, region of the receiving lab and status."""

    year = models.PositiveSmallIntegerField(null=True)
    region = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=32)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "region"], name="stats_request_year_region")]


class AnswerTimesFact(Fact):
    """`intake.stats.response_times_of` for one filter (a median is not a sum): every
    year and region that has answered requests, and "all" as NULL year / "*" region."""

    ALL_REGIONS = "*"

    year = models.PositiveSmallIntegerField(null=True)
    region = models.CharField(max_length=3)
    count = models.PositiveIntegerField()
    median_hours = models.FloatField(null=True)
    p90_hours = models.FloatField(null=True)
    within_commitment_share = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="stats_answer_times_once")
        ]


class IndicatorFact(Fact):
    """Indicators by progress state (`impact.progress`, on the day of the build), by their
    project's start year and place; `public`: the public may read the indicator."""

    ON_TRACK, BEHIND, UNKNOWN = "on_track", "behind", "unknown"

    public = models.BooleanField()
    year = models.PositiveSmallIntegerField(null=True)
    region = models.CharField(max_length=3, blank=True)
    state = models.CharField(max_length=16)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "region"], name="stats_indicator_year_region")]


class FigureFact(models.Model):
    """A computed figure of the registry (`figures.computed.REGISTRY`) as of the build:
    what the bilan shows. `value` as text ("" when there is nothing to compute it from),
    `integer` says how to read it back; `detail` what it was computed on (the Mois)."""

    key = models.CharField(max_length=80, unique=True)
    value = models.CharField(max_length=40, blank=True)
    integer = models.BooleanField(default=False)
    detail = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"{self.key} = {self.value}"
