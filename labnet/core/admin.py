from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from .audit import CoreAction
from .models import AuditEntry, Source
from .services import audit_record


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "published_on", "publisher", "kind"]
    search_fields = ["key", "title"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by services, never edited by hand."""

    list_display = ["seq", "created_at", "actor", "channel", "action", "target_repr"]
    list_filter = ["channel", "action"]
    search_fields = ["target_repr", "action", "actor__email"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- every write through the admin goes to the audit trail ------------------------------------

# Values never copied into the trail: a password hash is a secret, even hashed.
SECRET_FIELDS = {"password", "key_hash"}
SECRET_VALUE = "(masqué)"  # noqa: S105 - the mask, not a password


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)  # dates, decimals, UUIDs...


def _snapshot(obj) -> dict:
    """Concrete field values of `obj`, JSON-ready (related rows by primary key)."""
    values = {}
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            continue  # "updated at" says what the entry's own date says
        value = getattr(obj, field.attname)
        values[field.name] = SECRET_VALUE if field.name in SECRET_FIELDS else _jsonable(value)
    return values


def _diff(before: dict, after: dict) -> dict:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _m2m_values(value):
    if value is None:
        return []
    return sorted(str(getattr(item, "pk", item)) for item in value)


class AuditedAdminMixin:
    """Added to every registered ModelAdmin by CoreConfig.ready(): additions, changes
    (before and after values, many-to-many included), inline rows, deletions (one by one
    and in bulk) and every admin action are audit entries on the `admin` channel, written
    in the same transaction as the change (docs/adr/0022-hardening-audit-chain.md)."""

    def _audit(self, request, action, obj, changes):
        audit_record(
            actor=request.user,
            action=action,
            target=obj,
            changes=changes,
            channel=AuditEntry.Channel.ADMIN,
        )
        audited = getattr(request, "_admin_audited", set())
        audited.add((obj._meta.label_lower, str(obj.pk)))
        request._admin_audited = audited

    def save_model(self, request, obj, form, change):
        before = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = _snapshot(stored) if stored is not None else {}
        super().save_model(request, obj, form, change)
        request._admin_before = getattr(request, "_admin_before", {})
        request._admin_before[(obj._meta.label_lower, str(obj.pk))] = (before, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before, changed = getattr(request, "_admin_before", {}).get(
            (obj._meta.label_lower, str(obj.pk)), ({}, change)
        )
        changes = _diff(before, _snapshot(obj))
        for name in form.changed_data:
            field = form.fields.get(name)
            if getattr(field, "queryset", None) is not None and hasattr(
                form.cleaned_data.get(name), "__iter__"
            ):
                changes[name] = [
                    _m2m_values(form.initial.get(name)),
                    _m2m_values(form.cleaned_data.get(name)),
                ]
        self._audit(
            request, CoreAction.ADMIN_CHANGE if changed else CoreAction.ADMIN_ADD, obj, changes
        )

    def save_formset(self, request, form, formset, change):
        stored = {
            str(row.pk): _snapshot(row)
            for row in (f.instance for f in formset.initial_forms)
            if row.pk is not None
        }
        super().save_formset(request, form, formset, change)
        for row in formset.new_objects:
            self._audit(request, CoreAction.ADMIN_ADD, row, _diff({}, _snapshot(row)))
        for row, _fields in formset.changed_objects:
            self._audit(
                request,
                CoreAction.ADMIN_CHANGE,
                row,
                _diff(stored.get(str(row.pk), {}), _snapshot(row)),
            )
        for row in formset.deleted_objects:
            self._audit(
                request, CoreAction.ADMIN_DELETE, row, {"deleted": stored.get(str(row.pk), {})}
            )

    def delete_model(self, request, obj):
        snapshot = _snapshot(obj)
        self._audit(request, CoreAction.ADMIN_DELETE, obj, {"deleted": snapshot})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, CoreAction.ADMIN_DELETE, obj, {"deleted": _snapshot(obj)})
        super().delete_queryset(request, queryset)

    def response_action(self, request, queryset):
        # Which action ran on which rows (the rows' own changes, if the action calls a
        # service or deletes, are entries of their own).
        name = request.POST.get("action", "")
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if name and selected and name != "delete_selected":
            audit_record(
                actor=request.user,
                action=CoreAction.ADMIN_ACTION,
                changes={
                    "action": name,
                    "model": self.model._meta.label_lower,
                    "ids": sorted(selected)[:1000],
                },
                channel=AuditEntry.Channel.ADMIN,
            )
        return super().response_action(request, queryset)

    def log_change(self, request, obj, message):
        # Changes that skip save_model (the password form of the user admin): at least the
        # admin's own message, never a value.
        entry = super().log_change(request, obj, message)
        if (obj._meta.label_lower, str(obj.pk)) not in getattr(request, "_admin_audited", set()):
            self._audit(
                request, CoreAction.ADMIN_CHANGE, obj, {"message": str(entry.get_change_message())}
            )
        return entry


def audit_every_model_admin(site=None) -> None:
    """Give every ModelAdmin registered on `site` the AuditedAdminMixin (once)."""
    site = site or admin.site
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if issubclass(cls, AuditedAdminMixin):
            continue
        model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {})
