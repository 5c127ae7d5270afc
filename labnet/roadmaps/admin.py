from django.contrib import admin

from .models import Axis, Group, Item, Roadmap


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "region", "stated_project_count", "stated_axis_count"]
    search_fields = ["title", "key"]
    raw_id_fields = ["lab", "region", "source"]
    inlines = [AxisInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    # Edits that the search index must follow go through the roadmap's edit pages.
    list_display = ["title", "group", "project", "position"]
    search_fields = ["title", "key"]
    raw_id_fields = ["group", "project"]
    readonly_fields = ["project"]


admin.site.register(Group)
