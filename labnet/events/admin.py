from django.contrib import admin
from django.db import models

from .models import Campaign, Event, Registration


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "region", "accepts_proposals"]
    list_filter = ["kind", "accepts_proposals", "region"]
    search_fields = ["name", "key"]
    prepopulated_fields = {"key": ["name"]}
    autocomplete_fields = ["organiser"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["full_name", "email", "status", "position", "attendance", "created_at"]
    readonly_fields = ["created_at"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "format", "status", "starts_at", "organiser_lab", "capacity"]
    list_filter = ["status", "format", "is_online", "region", "campaign"]
    search_fields = ["title", "key", "commune"]
    date_hierarchy = "starts_at"
    list_select_related = ["organiser_lab"]
    raw_id_fields = ["created_by"]
    # Online links are typed without a scheme as often as not; assume https like the forms.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["organiser_lab", "organiser_organisation", "campaign"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    # Capacity and the waiting list are kept by the services; the admin is for reading
    # and for fixing a typo in a name.
    list_display = ["full_name", "email", "event", "status", "position", "attendance"]
    list_filter = ["status", "attendance"]
    search_fields = ["full_name", "email", "event__title"]
    list_select_related = ["event"]
    raw_id_fields = ["event", "user"]
    readonly_fields = [
        "status",
        "position",
        "token",
        "ics_token",
        "token_expires_at",
        "reminded_at",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]
