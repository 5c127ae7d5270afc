"""Writes of roadmaps: the roadmap, its axes, groups and items, an item's project.

Every function checks `rules.can_edit_roadmap`, validates with French messages keyed by
field, runs in one transaction and records an audit entry. Items' search entries follow
their writes (labnet.roadmaps.search).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from labnet.core.keys import unique_key
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record, model_changes
from labnet.projects.models import Project
from labnet.projects.rules import visible_projects_filter

from .audit import RoadmapsAction
from .models import Axis, Group, Item, Roadmap
from .rules import can_create_roadmap, can_edit_roadmap
from .search import items_index, items_unindex

W = AuditEntry.Channel.WEB


def _refuse():
    raise PermissionDenied(
        _(
            "Seuls les responsables du laboratoire porteur et la coordination nationale "
            "modifient cette feuille de route."
        )
    )


def _text(data, name, errors, max_length, *, required=True, message=""):
    value = (data.get(name) or "").strip()
    if required and not value:
        errors[name] = [message or _("Ce champ est obligatoire.")]
    elif len(value) > max_length:
        errors[name] = [
            _("%(max)d caractères au plus (%(n)d saisis).") % {"max": max_length, "n": len(value)}
        ]
    return value


# Path segments of the roadmap pages: no roadmap may take them as its key.
RESERVED_KEYS = frozenset({"nouvelle"})


def _new_key(model, title: str) -> str:
    return unique_key(model, title, default="element", reserved=RESERVED_KEYS, max_length=110)


def _roadmap_fields(actor, data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = {
        "title": _text(
            data, "title", errors, 200, message=_("Donnez un intitulé à la feuille de route.")
        ),
        "description": _text(data, "description", errors, 10_000, required=False),
        "lab": data.get("lab"),
        "region": data.get("region"),
        "period_start": data.get("period_start"),
        "period_end": data.get("period_end"),
        "stated_project_count": data.get("stated_project_count"),
        "stated_axis_count": data.get("stated_axis_count"),
    }
    start, end = cleaned["period_start"], cleaned["period_end"]
    if start and end and end < start:
        errors["period_end"] = [_("La fin de la période est avant son début.")]
    if cleaned["lab"] is None and cleaned["region"] is None:
        errors["lab"] = [_("Indiquez le laboratoire porteur ou la région (ou les deux).")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def roadmap_create(*, actor, channel=W, **data) -> Roadmap:
    if not can_create_roadmap(actor, data.get("lab")):
        raise PermissionDenied(
            _(
                "Seuls les responsables d'un laboratoire (pour leur laboratoire) et la "
                "coordination nationale créent une feuille de route."
            )
        )
    cleaned = _roadmap_fields(actor, data)
    with transaction.atomic():
        roadmap = Roadmap.objects.create(key=_new_key(Roadmap, cleaned["title"]), **cleaned)
        audit_record(
            actor=actor, action=RoadmapsAction.ROADMAP_CREATE, target=roadmap, channel=channel
        )
    return roadmap


def roadmap_update(*, actor, roadmap: Roadmap, channel=W, **data) -> Roadmap:
    if not can_edit_roadmap(actor, roadmap):
        _refuse()
    cleaned = _roadmap_fields(actor, data)
    # A lab lead may not hand the roadmap to a lab they do not lead.
    if cleaned["lab"] != roadmap.lab and not can_create_roadmap(actor, cleaned["lab"]):
        raise ValidationError(
            {"lab": [_("Confiez la feuille de route à un laboratoire que vous dirigez.")]}
        )
    with transaction.atomic():
        locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
        changes = model_changes(locked, cleaned)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action=RoadmapsAction.ROADMAP_UPDATE,
            target=locked,
            changes=changes,
            channel=channel,
        )
        items_index(
            item_ids=Item.objects.filter(group__axis__roadmap=locked).values_list("pk", flat=True)
        )
    return locked


def axis_save(*, actor, roadmap: Roadmap, axis: Axis | None = None, channel=W, **data) -> Axis:
    """Create an axis of `roadmap` (axis=None) or change one."""
    if not can_edit_roadmap(actor, roadmap):
        _refuse()
    errors: dict[str, list[str]] = {}
    title = _text(data, "title", errors, 200, message=_("Donnez un intitulé à l'axe."))
    position = data.get("position")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if axis is None:
            if not position:
                position = (roadmap.axes.aggregate(m=Max("position"))["m"] or 0) + 1
            axis = Axis.objects.create(
                roadmap=roadmap,
                key=_new_key(Axis, f"{roadmap.key}-{title}"),
                title=title,
                position=position,
            )
            action, changes = RoadmapsAction.AXIS_CREATE, {"title": title}
        else:
            if axis.roadmap_id != roadmap.pk:
                raise PermissionDenied(_("Cet axe appartient à une autre feuille de route."))
            wanted = {"title": title, "position": position or axis.position}
            changes = model_changes(axis, wanted)
            axis.title, axis.position = wanted["title"], wanted["position"]
            axis.save()
            action = RoadmapsAction.AXIS_UPDATE
        audit_record(actor=actor, action=action, target=axis, changes=changes, channel=channel)
        items_index(item_ids=Item.objects.filter(group__axis=axis).values_list("pk", flat=True))
    return axis


def group_create(*, actor, axis: Axis, title: str, channel=W) -> Group:
    if not can_edit_roadmap(actor, axis.roadmap):
        _refuse()
    errors: dict[str, list[str]] = {}
    title = _text(
        {"title": title}, "title", errors, 300, message=_("Donnez un intitulé au groupe.")
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        position = (axis.groups.aggregate(m=Max("position"))["m"] or 0) + 1
        group = Group.objects.create(axis=axis, title=title, position=position)
        audit_record(
            actor=actor,
            action=RoadmapsAction.GROUP_CREATE,
            target=group,
            changes={"axis": axis.key, "title": title},
            channel=channel,
        )
    return group


def _project(actor, project_key: str, errors: dict):
    project_key = (project_key or "").strip()
    if not project_key:
        return None
    project = Project.objects.filter(visible_projects_filter(actor), key=project_key).first()
    if project is None:
        errors["project_key"] = [
            _("Aucun projet que vous pouvez voir n'a la clé « %(key)s ».") % {"key": project_key}
        ]
    return project


def item_save(*, actor, group: Group, item: Item | None = None, channel=W, **data) -> Item:
    """Create an item in `group` (item=None) or change one, its project link included
    (`project_key`, empty to unlink: the item is planned again; `move_to`: another group
    of the same roadmap)."""
    roadmap = group.axis.roadmap
    if not can_edit_roadmap(actor, roadmap):
        _refuse()
    errors: dict[str, list[str]] = {}
    cleaned = {
        "title": _text(data, "title", errors, 300, message=_("Donnez un intitulé à l'élément.")),
        "description": _text(data, "description", errors, 10_000, required=False),
    }
    cleaned["project"] = _project(actor, data.get("project_key"), errors)
    if data.get("move_to") is not None:
        target = data["move_to"]
        if target.axis.roadmap_id != roadmap.pk:
            errors["group"] = [_("Ce groupe n'appartient pas à cette feuille de route.")]
        else:
            group = target
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if item is None:
            position = (group.items.aggregate(m=Max("position"))["m"] or 0) + 1
            item = Item.objects.create(
                group=group,
                key=_new_key(Item, f"{roadmap.key}-{cleaned['title']}"),
                position=position,
                **cleaned,
            )
            action, changes = RoadmapsAction.ITEM_CREATE, {"title": item.title}
        else:
            if item.group.axis.roadmap_id != roadmap.pk:
                raise PermissionDenied(_("Cet élément appartient à une autre feuille de route."))
            wanted = {**cleaned, "group": group}
            changes = model_changes(item, wanted)
            for name, value in wanted.items():
                setattr(item, name, value)
            item.save()
            action = RoadmapsAction.ITEM_UPDATE
        audit_record(actor=actor, action=action, target=item, changes=changes, channel=channel)
        items_index(item_ids=[item.pk])
    return item


# --- deletions --------------------------------------------------------------------------
# Each asks on a confirmation page first (www/confirm.py). A deletion takes what is inside
# with it (an axis its groups and items...) and its items out of the search's memory; the
# projects items were linked to are not touched. The audit entry keeps what was deleted.


def _delete(*, actor, roadmap: Roadmap, target, action, items, changes: dict, channel) -> None:
    if not can_edit_roadmap(actor, roadmap):
        _refuse()
    with transaction.atomic():
        item_ids = list(items.values_list("pk", flat=True))
        audit_record(
            actor=actor,
            action=action,
            target=target,
            changes=changes | {"roadmap": roadmap.key, "items": len(item_ids)},
            channel=channel,
        )
        items_unindex(item_ids=item_ids)
        target.delete()


def roadmap_delete(*, actor, roadmap: Roadmap, channel=W) -> None:
    _delete(
        actor=actor,
        roadmap=roadmap,
        target=roadmap,
        action=RoadmapsAction.ROADMAP_DELETE,
        items=Item.objects.filter(group__axis__roadmap=roadmap),
        changes={"title": roadmap.title},
        channel=channel,
    )


def axis_delete(*, actor, axis: Axis, channel=W) -> None:
    _delete(
        actor=actor,
        roadmap=axis.roadmap,
        target=axis,
        action=RoadmapsAction.AXIS_DELETE,
        items=Item.objects.filter(group__axis=axis),
        changes={"title": axis.title},
        channel=channel,
    )


def group_delete(*, actor, group: Group, channel=W) -> None:
    _delete(
        actor=actor,
        roadmap=group.axis.roadmap,
        target=group,
        action=RoadmapsAction.GROUP_DELETE,
        items=Item.objects.filter(group=group),
        changes={"title": group.title, "axis": group.axis.key},
        channel=channel,
    )


def item_delete(*, actor, item: Item, channel=W) -> None:
    _delete(
        actor=actor,
        roadmap=item.group.axis.roadmap,
        target=item,
        action=RoadmapsAction.ITEM_DELETE,
        items=Item.objects.filter(pk=item.pk),
        changes={"title": item.title, "project": item.project.key if item.project else None},
        channel=channel,
    )
