from django.contrib import admin

from .models import ContactMessage, Profile, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "created_by"]
    search_fields = ["name", "key"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_by"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "is_findable", "contact_allowed", "availability", "updated_at"]
    list_filter = ["is_findable", "contact_allowed", "availability"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["skills"]


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    # Messages are private: the admin lists who wrote to whom and when, not what.
    list_display = ["created_at", "sender", "recipient"]
    fields = ["created_at", "sender", "recipient", "reveal_sender_email"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
