from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["lab"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_coordinator", "is_staff", "is_active", "is_demo"]
    list_filter = ["is_coordinator", "is_staff", "is_active", "is_demo"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "is_demo", "mfa_enabled"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["full_name", "siret", "organisation"]}),
        (
            _("Rôles"),
            {
                "fields": [
                    "is_active",
                    "is_coordinator",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "is_demo",
                    "mfa_enabled",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "lab", "role", "created_at"]
    list_filter = ["role", "lab"]
    search_fields = ["user__email", "user__full_name", "lab__name"]
    list_select_related = ["user", "lab"]
    autocomplete_fields = ["user", "lab"]
