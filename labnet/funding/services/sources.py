"""Funding sources: the State programmes, European funds, regions... that money comes from."""

from django.db import transaction
from django.utils.translation import gettext as _

from labnet.core.services import audit_record, model_changes

from ..audit import FundingAction
from ..models import FundingSource
from ..rules import require_can_manage_funding
from .base import check_key, field_error, new_key, only

SOURCE_FIELDS = ("key", "name", "kind", "description", "source")


def _clean_source(data: dict) -> dict:
    data = only(data, SOURCE_FIELDS)
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        raise field_error("name", _("Indiquez le nom de la source de financement."), "required")
    return data


def funding_source_create(*, actor, data: dict) -> FundingSource:
    require_can_manage_funding(actor)
    data = _clean_source(data)
    with transaction.atomic():
        if data.get("key"):
            check_key(FundingSource, data["key"])
        else:
            data["key"] = new_key(FundingSource, data["name"], max_length=100)
        source = FundingSource.objects.create(**data)
        audit_record(
            actor=actor,
            action=FundingAction.FUNDING_SOURCE_CREATE,
            target=source,
            changes={"key": source.key, "name": source.name, "kind": source.kind},
        )
    return source


def funding_source_update(*, actor, funding_source: FundingSource, data: dict) -> FundingSource:
    require_can_manage_funding(actor)
    data = _clean_source(data)
    data.pop("key", None)  # a published key never changes
    with transaction.atomic():
        locked = FundingSource.objects.select_for_update().get(pk=funding_source.pk)
        changes = model_changes(locked, data)
        for name, value in data.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor, action=FundingAction.FUNDING_SOURCE_UPDATE, target=locked, changes=changes
        )
    return locked
