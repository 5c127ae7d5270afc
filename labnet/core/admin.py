from django.contrib import admin

from .models import AuditEntry, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "published_on", "publisher", "kind"]
    search_fields = ["key", "title"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by services, never edited by hand."""

    list_display = ["created_at", "actor", "channel", "action", "target_repr"]
    list_filter = ["channel", "action"]
    search_fields = ["target_repr", "action", "actor__email"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
