from django.contrib import admin

from .models import (
    Cohort,
    Enrolment,
    Programme,
    Recurrence,
    RecurrenceException,
    Session,
    SessionAttendance,
)


class CohortInline(admin.TabularInline):
    model = Cohort
    fields = ["key", "number", "name", "status", "capacity", "enrolment_open"]
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind", "completion_rule_percent", "stated_trained_count"]
    list_filter = ["kind"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["organiser_organisation", "organiser_lab"]
    inlines = [CohortInline]


class SessionInline(admin.TabularInline):
    model = Session
    fields = ["title", "starts_at", "ends_at", "time_zone", "is_online", "place", "is_cancelled"]
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "number", "status", "capacity", "enrolment_open"]
    list_filter = ["status", "enrolment_open", "programme"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["member_labs"]
    inlines = [SessionInline]


class RecurrenceExceptionInline(admin.TabularInline):
    model = RecurrenceException
    extra = 0


@admin.register(Recurrence)
class RecurrenceAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "rule", "start_date", "until", "count"]
    inlines = [RecurrenceExceptionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    # Writes go through the services (waiting list, audit): the admin only reads.
    list_display = ["user", "cohort", "status", "position", "completed_at", "certificate_number"]
    list_filter = ["status", "cohort__programme"]
    search_fields = ["user__email", "user__full_name", "certificate_number"]
    list_select_related = ["user", "cohort"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "session", "present", "marked_by", "marked_at"]
    list_select_related = ["enrolment__user", "enrolment__cohort", "session", "marked_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
