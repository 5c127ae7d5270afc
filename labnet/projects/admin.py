from django.contrib import admin

from .models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "lead_lab", "stage", "status", "is_public", "region"]
    list_filter = ["stage", "status", "is_public", "region"]
    search_fields = ["key", "title", "objective"]
    list_select_related = ["lead_lab", "region"]
    autocomplete_fields = ["lead_lab", "scaled_from"]
    filter_horizontal = ["partner_labs", "organisations", "themes", "departments"]
