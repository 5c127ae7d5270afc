from django.contrib import admin

from labnet.accounts.models import Membership

from .models import Lab, Network, Theme


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "region", "host", "founded_year"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["key", "name", "host__name"]
    list_select_related = ["region", "host"]
    autocomplete_fields = ["host"]
    filter_horizontal = ["departments", "themes", "networks"]
    inlines = [MembershipInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["key", "name_fr", "name_en"]
    search_fields = ["key", "name_fr", "name_en"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["key", "name"]
