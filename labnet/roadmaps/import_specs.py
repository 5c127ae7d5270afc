"""The network dataset's roadmaps.json: its spec and loader.

Declared in `IMPORT_FILES`, which the importer discovers, so `import_network` validates
and loads it in the same all-or-nothing transaction as the other files.

The file is nested (roadmap -> axes -> groups -> items, docs/data-format.md §7): the
reader hands the `axes` array over as JSON text (`core.importing.tables.Nested`) and `Axes`
below checks every level, reporting each problem with its path (`axes[1].groups[2]...`).
Roadmaps are upserted by key like any file; axes and items by their own keys, groups by
their rank in their axis (the format gives them no key). What LabNet adds to an item
(its description, its project) is kept on re-import; nothing absent from the file is
deleted.
"""

import json
import re
from dataclasses import dataclass, replace

from django.utils import timezone

from labnet.core.importing import (
    Column,
    Count,
    Counts,
    CrossFileView,
    FileSpec,
    ImportFile,
    Invalid,
    Issue,
    Key,
    LoadContext,
    Text,
    ValidatedFile,
    free_text,
    max_len,
    source_column,
    upsert,
)
from labnet.core.importing.cells import KEY_RE
from labnet.labs.models import Lab
from labnet.territories.import_specs import region_column

from .models import Axis, Group, Item, Roadmap

PERIOD_RE = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?\Z")
AXIS_FIELDS = {"key", "title", "position", "groups"}
GROUP_FIELDS = {"title", "items"}
ITEM_FIELDS = {"key", "title"}


@dataclass(frozen=True)
class Period:
    """ "2021-2027" or "2021" -> (start year, end year)."""

    empty = (None, None)

    def __call__(self, raw: str) -> tuple[int, int]:
        match = PERIOD_RE.match(raw)
        if not match:
            raise Invalid(f"« {raw} » n'est pas une période (ex. « 2021-2027 » ou « 2024 »).")
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if end < start:
            raise Invalid(f"la période « {raw} » finit avant de commencer.")
        return start, end


def _check_key(value, path, problems, max_length=120):
    if not isinstance(value, str) or not KEY_RE.match(value) or "_" in value:
        problems.append(
            f"{path} : « {value} » n'est pas une clé valide (minuscules, chiffres, « - »)"
        )
    elif len(value) > max_length:
        problems.append(f"{path} : clé trop longue ({len(value)} caractères pour {max_length})")


def _check_text(value, path, problems, max_length, *, required=True):
    if not isinstance(value, str):
        problems.append(f"{path} : un texte est attendu")
    elif required and not value.strip():
        problems.append(f"{path} : valeur obligatoire manquante")
    elif len(value) > max_length:
        problems.append(f"{path} : texte trop long ({len(value)} caractères pour {max_length})")


def _check_fields(obj, path, allowed, problems) -> bool:
    if not isinstance(obj, dict):
        problems.append(f"{path} : un objet JSON est attendu")
        return False
    for name in sorted(set(obj) - allowed):
        problems.append(f"{path}.{name} : champ inconnu du format")
    for name in sorted(allowed - set(obj)):
        problems.append(f"{path}.{name} : champ obligatoire absent")
    return not (allowed - set(obj))


@dataclass(frozen=True)
class Axes:
    """The nested axes of a roadmap: every level checked, every problem listed."""

    nested = True
    empty = ()

    def __call__(self, raw) -> tuple[dict, ...]:
        try:
            axes = json.loads(raw)
        except (TypeError, ValueError):
            raise Invalid("un tableau d'axes est attendu.") from None
        if not isinstance(axes, list):
            raise Invalid("un tableau d'axes est attendu.")
        problems: list[str] = []
        cleaned = []
        for a, axis in enumerate(axes):
            path = f"axes[{a}]"
            if not _check_fields(axis, path, AXIS_FIELDS, problems):
                continue
            _check_key(axis["key"], f"{path}.key", problems)
            _check_text(axis["title"], f"{path}.title", problems, max_len(Axis, "title"))
            position = axis["position"]
            if isinstance(position, bool) or not isinstance(position, int) or position < 1:
                problems.append(f"{path}.position : un entier à partir de 1 est attendu")
            groups = []
            if not isinstance(axis["groups"], list):
                problems.append(f"{path}.groups : un tableau est attendu")
                continue
            for g, group in enumerate(axis["groups"]):
                gpath = f"{path}.groups[{g}]"
                if not _check_fields(group, gpath, GROUP_FIELDS, problems):
                    continue
                _check_text(
                    group["title"],
                    f"{gpath}.title",
                    problems,
                    max_len(Group, "title"),
                    required=False,
                )
                if not isinstance(group["items"], list):
                    problems.append(f"{gpath}.items : un tableau est attendu")
                    continue
                items = []
                for i, item in enumerate(group["items"]):
                    ipath = f"{gpath}.items[{i}]"
                    if not _check_fields(item, ipath, ITEM_FIELDS, problems):
                        continue
                    _check_key(item["key"], f"{ipath}.key", problems)
                    _check_text(item["title"], f"{ipath}.title", problems, max_len(Item, "title"))
                    items.append({"key": item["key"], "title": str(item["title"]).strip()})
                groups.append({"title": str(group["title"]).strip(), "items": items})
            cleaned.append(
                {
                    "key": axis["key"],
                    "title": str(axis["title"]).strip(),
                    "position": position,
                    "groups": groups,
                }
            )
        if problems:
            shown = problems[:10] + (
                [f"… et {len(problems) - 10} autres"] if len(problems) > 10 else []
            )
            raise Invalid(" ; ".join(shown) + ".")
        return tuple(cleaned)


def keys_unique_in_file(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    """Every axis and item key appears once in roadmaps.json (data-format.md §5)."""
    seen: dict[str, str] = {}
    issues = []
    for row in validated.rows:
        for axis in row.values.get("axes") or ():
            keys = [axis["key"]] + [
                item["key"] for group in axis["groups"] for item in group["items"]
            ]
            for key in keys:
                if key in seen:
                    issues.append(
                        Issue(
                            validated.label,
                            row.number,
                            "axes",
                            key,
                            f"la clé « {key} » est déjà utilisée ({seen[key]}).",
                            validated.row_word,
                        )
                    )
                else:
                    seen[key] = f"feuille de route « {row.key} »"
    return issues


ROADMAPS = FileSpec(
    name="roadmaps",
    model=Roadmap,
    key="key",
    unknown_reference="« {value} » n'est pas une clé de feuille de route connue.",
    rules=(keys_unique_in_file,),
    columns=(
        Column("key", Key(max_len(Roadmap, "key")), required=True),
        Column("title", Text(max_len(Roadmap, "title")), required=True),
        Column("lab_key", Key(max_len(Lab, "key")), attr="lab", ref="labs"),
        region_column(),
        Column("period", Period()),
        Column("description", free_text(Roadmap, "description")),
        Column("stated_project_count", Count()),
        Column("stated_axis_count", Count()),
        source_column(),
        Column("axes", Axes()),
    ),
)

_PERIOD = (Column("period_start", Count()), Column("period_end", Count()))


def load_roadmaps(validated: ValidatedFile, context: LoadContext) -> Counts:
    """Roadmaps by key, then their axes, groups and items (a few queries per level)."""
    rows = []
    for row in validated.rows:
        values = {k: v for k, v in row.values.items() if k not in ("axes", "period")}
        if "period" in row.values:
            values["period_start"], values["period_end"] = row.values["period"]
        rows.append(replace(row, values=values))
    present = tuple(c for c in validated.present if c.name not in ("axes", "period"))
    if any(c.name == "period" for c in validated.present):
        present = (*present, *_PERIOD)
    counts = upsert(replace(validated, rows=rows, present=present), context)
    if any(c.name == "axes" for c in validated.present):
        _load_axes(validated)
    return counts


def _load_axes(validated: ValidatedFile) -> None:
    roadmap_ids = dict(
        Roadmap.objects.filter(key__in=[r.key for r in validated.rows]).values_list("key", "pk")
    )
    wanted_axes = {
        axis["key"]: (roadmap_ids[row.key], axis)
        for row in validated.rows
        for axis in row.values.get("axes") or ()
    }
    axes = {a.key: a for a in Axis.objects.filter(key__in=list(wanted_axes))}
    new_axes, changed_axes = [], []
    for key, (roadmap_id, data) in wanted_axes.items():
        values = {"roadmap_id": roadmap_id, "title": data["title"], "position": data["position"]}
        axis = axes.get(key)
        if axis is None:
            new_axes.append(Axis(key=key, **values))
        elif any(getattr(axis, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(axis, k, v)
            changed_axes.append(axis)
    Axis.objects.bulk_create(new_axes)
    Axis.objects.bulk_update(changed_axes, ["roadmap_id", "title", "position"])
    axis_ids = dict(Axis.objects.filter(key__in=list(wanted_axes)).values_list("key", "pk"))

    groups = {
        (g.axis_id, g.position): g for g in Group.objects.filter(axis_id__in=axis_ids.values())
    }
    new_groups, changed_groups = [], []
    for key, (_roadmap_id, data) in wanted_axes.items():
        for position, group_data in enumerate(data["groups"], start=1):
            group = groups.get((axis_ids[key], position))
            if group is None:
                new_groups.append(
                    Group(axis_id=axis_ids[key], position=position, title=group_data["title"])
                )
            elif group.title != group_data["title"]:
                group.title = group_data["title"]
                changed_groups.append(group)
    Group.objects.bulk_create(new_groups)
    Group.objects.bulk_update(changed_groups, ["title"])
    group_ids = {
        (axis_id, position): pk
        for pk, axis_id, position in Group.objects.filter(
            axis_id__in=axis_ids.values()
        ).values_list("pk", "axis_id", "position")
    }

    wanted_items = {}
    for key, (_roadmap_id, data) in wanted_axes.items():
        for g, group_data in enumerate(data["groups"], start=1):
            for position, item_data in enumerate(group_data["items"], start=1):
                wanted_items[item_data["key"]] = (
                    group_ids[(axis_ids[key], g)],
                    position,
                    item_data["title"],
                )
    items = {i.key: i for i in Item.objects.filter(key__in=list(wanted_items))}
    new_items, changed_items = [], []
    now = timezone.now()
    for key, (group_id, position, title) in wanted_items.items():
        item = items.get(key)
        if item is None:
            new_items.append(Item(key=key, group_id=group_id, position=position, title=title))
        elif (item.group_id, item.position, item.title) != (group_id, position, title):
            item.group_id, item.position, item.title = group_id, position, title
            item.updated_at = now
            changed_items.append(item)
    Item.objects.bulk_create(new_items)
    Item.objects.bulk_update(changed_items, ["group_id", "position", "title", "updated_at"])
    # The network's memory: items are found by the similar-projects search.
    from .search import items_index

    items_index(
        item_ids=list(Item.objects.filter(key__in=list(wanted_items)).values_list("pk", flat=True))
    )


IMPORT_FILES = (ImportFile(ROADMAPS, loader=load_roadmaps),)
