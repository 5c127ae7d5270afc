from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labnet.core.models import AuditEntry

from .demarches import validate_field_map
from .models import BoostSlot, DemarchesConnection, Request, RequestEvent
from .services_demarches import (
    can_manage_demarches_connection,
    demarches_connection_create,
    demarches_connection_update,
)

# --- Démarches simplifiées connections (docs/demarches-simplifiees.md) ----------------------


class DemarchesConnectionForm(forms.ModelForm):
    class Meta:
        model = DemarchesConnection
        fields = ["lab", "procedure_number", "field_map", "is_active"]
        help_texts = {
            "field_map": _(
                "Pour chaque champ de la demande, le libellé exact du champ de la démarche, par "
                'exemple {"title": "Intitulé de votre idée", "problem": "Quel problème '
                'rencontrez-vous ?"}. Champs possibles : title, problem, affected_people, tried, '
                "stakeholders, department, region."
            )
        }

    def clean_field_map(self):
        try:
            return validate_field_map(self.cleaned_data.get("field_map"))
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean(self):
        cleaned = super().clean()
        lab = cleaned.get("lab") or getattr(self.instance, "lab", None)
        if lab is not None and not can_manage_demarches_connection(self.request_user, lab):
            raise forms.ValidationError(
                _(
                    "Seul le responsable du laboratoire ou la coordination peut connecter "
                    "une démarche."
                )
            )
        return cleaned


@admin.register(DemarchesConnection)
class DemarchesConnectionAdmin(admin.ModelAdmin):
    """Writes go through the services so the token is generated and every change audited."""

    form = DemarchesConnectionForm
    list_display = ["lab", "procedure_number", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["lab__name", "procedure_number"]
    list_select_related = ["lab"]
    autocomplete_fields = ["lab"]

    @admin.display(description=_("adresse du webhook (à préfixer par l'adresse du site)"))
    def webhook_path(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return reverse("demarches_webhook", kwargs={"token": obj.webhook_token})

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["lab", "procedure_number", "field_map"]
        return ["lab", "procedure_number", "webhook_path", "field_map", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        # The lab and procedure are what the webhook URL stands for: a new one means a new URL.
        return ["lab", "procedure_number", "webhook_path"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def has_delete_permission(self, request, obj=None):
        # Requests keep their link to the connection (it makes imports idempotent): pause it.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            demarches_connection_update(
                actor=request.user,
                connection=obj,
                field_map=form.cleaned_data["field_map"],
                is_active=form.cleaned_data["is_active"],
                channel=AuditEntry.Channel.ADMIN,
            )
            obj.refresh_from_db()
            return
        created = demarches_connection_create(
            actor=request.user,
            lab=form.cleaned_data["lab"],
            procedure_number=form.cleaned_data["procedure_number"],
            field_map=form.cleaned_data["field_map"],
            channel=AuditEntry.Channel.ADMIN,
        )
        # The admin goes on with `obj` (messages, redirect): make it the created row.
        obj.pk = created.pk
        obj.webhook_token = created.webhook_token
        obj.created_at = created.created_at
        obj._state.adding = False
        obj._state.db = created._state.db


# --- requests and boost slots: read-only, every change goes through the services ----------


class _ReadOnlyAdmin(admin.ModelAdmin):
    """The single window's records change only through its services (history, clock, audit,
    e-mails); the admin shows them to the platform's operators."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    fields = ["created_at", "kind", "actor", "lab", "to_lab", "message"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Request)
class RequestAdmin(_ReadOnlyAdmin):
    list_display = ["title", "status", "lab", "channel", "submitted_at", "answer_due_at"]
    list_filter = ["status", "channel", "routed_automatically"]
    search_fields = ["title", "author__email", "author_email", "lab__name", "external_ref"]
    list_select_related = ["lab"]
    date_hierarchy = "submitted_at"
    inlines = [RequestEventInline]


@admin.register(BoostSlot)
class BoostSlotAdmin(_ReadOnlyAdmin):
    list_display = ["lab", "starts_at", "ends_at", "location", "request"]
    search_fields = ["lab__name", "location"]
    list_select_related = ["lab", "request"]
