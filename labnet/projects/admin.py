from django.contrib import admin

from .models import (
    Activity,
    NextStep,
    Project,
    ProjectDocument,
    ProjectPerson,
    StageTransition,
)


class _ReadOnlyInline(admin.TabularInline):
    """Shown for support, written only through the services (they audit every change)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StageTransitionInline(_ReadOnlyInline):
    model = StageTransition
    fields = ["created_at", "from_stage", "to_stage", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


class ProjectPersonInline(_ReadOnlyInline):
    model = ProjectPerson
    fields = ["user", "name", "organisation", "role"]
    readonly_fields = fields


class ActivityInline(_ReadOnlyInline):
    model = Activity
    fields = ["happened_on", "kind", "title", "agents_count", "users_count", "partners_count"]
    readonly_fields = fields


class NextStepInline(_ReadOnlyInline):
    model = NextStep
    fields = ["title", "owner", "due_on", "done_at", "reminded_at"]
    readonly_fields = fields


class ProjectDocumentInline(_ReadOnlyInline):
    model = ProjectDocument
    fields = ["title", "kind", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = fields


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "lead_lab", "stage", "status", "is_public", "region"]
    list_filter = ["stage", "status", "is_public", "region"]
    search_fields = ["key", "title", "objective"]
    list_select_related = ["lead_lab", "region"]
    autocomplete_fields = ["lead_lab", "scaled_from"]
    filter_horizontal = ["partner_labs", "organisations", "themes", "departments"]
    # Internal notes are left out on purpose: they stay inside the project's lab teams.
    inlines = [
        ProjectPersonInline,
        StageTransitionInline,
        ActivityInline,
        NextStepInline,
        ProjectDocumentInline,
    ]


@admin.register(StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    list_display = ["project", "from_stage", "to_stage", "from_status", "to_status", "created_at"]
    list_filter = ["to_stage", "to_status"]
    list_select_related = ["project"]
    search_fields = ["project__title", "reason"]
    readonly_fields = [
        "project",
        "from_stage",
        "to_stage",
        "from_status",
        "to_status",
        "actor",
        "reason",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
