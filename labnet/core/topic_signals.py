"""The net under `audit_record`: a LabNet row saved or deleted outside a service (the
admin's inlines, an import saving rows one by one, a command) still bumps its app's topic
(`core.topics`, docs/adr/0048-cache-public-pages.md)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .topics import topics_changed

# Saves that change nothing a public page shows: a sign-in stamps `last_login`.
QUIET_FIELDS = frozenset({"last_login"})


def _is_labnet(sender) -> bool:
    return sender.__module__.startswith("labnet.")


def _saved(sender, instance, update_fields=None, raw=False, using=None, **kwargs):
    if raw or not _is_labnet(sender):
        return
    if update_fields and set(update_fields) <= QUIET_FIELDS:
        return
    topics_changed(sender._meta.app_label, using=using)


def _deleted(sender, instance, using=None, **kwargs):
    if _is_labnet(sender):
        topics_changed(sender._meta.app_label, using=using)


def _m2m(sender, instance, action, using=None, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and _is_labnet(type(instance)):
        topics_changed(instance._meta.app_label, using=using)


def connect() -> None:
    post_save.connect(_saved, dispatch_uid="labnet.core.topics.saved")
    post_delete.connect(_deleted, dispatch_uid="labnet.core.topics.deleted")
    m2m_changed.connect(_m2m, dispatch_uid="labnet.core.topics.m2m")
