from django.contrib import admin

from .models import ImpactSurvey, Indicator, Measurement


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    raw_id_fields = ["source_document", "recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "direction", "baseline_value", "target_value", "is_public"]
    list_filter = ["direction", "is_public"]
    search_fields = ["name", "key", "project__title"]
    raw_id_fields = ["project", "source"]
    inlines = [MeasurementInline]


@admin.register(ImpactSurvey)
class ImpactSurveyAdmin(admin.ModelAdmin):
    # Answers come only through the survey's link: read-only here.
    list_display = ["kind", "lab", "sent_at", "answered_at", "would_have_advanced", "satisfaction"]
    list_filter = ["kind", "would_have_advanced", "satisfaction"]
    readonly_fields = [
        "kind",
        "request",
        "project",
        "lab",
        "recipient",
        "email",
        "token",
        "answered_at",
        "would_have_advanced",
        "what_changed",
        "satisfaction",
    ]
