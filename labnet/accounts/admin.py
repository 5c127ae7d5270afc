from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from labnet.core.models import AuditEntry

from .api_tokens import api_token_revoke
from .models import ApiToken, Membership, User


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are named by prefix and name: the key is not stored, its hash is not shown."""

    list_display = ["prefix", "name", "user", "created_at", "expires_at", "last_used_at"]
    list_filter = ["revoked_because"]
    search_fields = ["prefix", "name", "user__email"]
    list_select_related = ["user"]
    fields = [
        "prefix",
        "name",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_because",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # created by their owner only, so only they ever see the key

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the list keeps what existed

    def has_revoke_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Révoquer les jetons sélectionnés"), permissions=["revoke"])
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(actor=request.user, token=token, channel=AuditEntry.Channel.ADMIN)
        self.message_user(request, _("Jetons révoqués."))
