from django.contrib import admin

from .models import Resource, ResourceTag


@admin.register(ResourceTag)
class ResourceTagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    # Publishing goes through the review page (audited, proposer e-mailed): read-only here.
    list_display = ["title", "kind", "licence", "status", "lab", "published_at"]
    list_filter = ["status", "kind", "licence"]
    search_fields = ["title", "key", "summary"]
    readonly_fields = [
        "status",
        "review_message",
        "proposed_by",
        "published_by",
        "published_at",
        "reviewed_at",
        "content_type",
        "size",
    ]
    autocomplete_fields = ["tags", "lab", "projects"]
    filter_horizontal = ["themes"]
