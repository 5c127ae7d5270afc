from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "civil_service_side", "region"]
    list_filter = ["kind", "civil_service_side", "region"]
    search_fields = ["key", "name", "acronym", "siret"]
    list_select_related = ["region"]
    autocomplete_fields = ["parent"]
