"""The lineage of a project: from the first local success down through every reuse
("passage à l'échelle"), as a tree the viewer may read.

The family is found with one recursive query (a WITH RECURSIVE common table expression,
which SQLite and PostgreSQL both run): up from the project to its root ancestor, then down
from the root through every descendant. UNION (not UNION ALL) keeps a corrupt loop in
`scaled_from` from recursing forever. Then the family's rows and the ids the viewer may
read: a fixed number of queries whatever the size of the family.

Projects the viewer may not read are never named: a hidden reuse with visible reuses below
it shows as an anonymous node (so the tree keeps its shape); the others are only counted
("n reprises non publiées").
"""

from dataclasses import dataclass, field

from django.db import connection

from .models import Project
from .rules import visible_projects_filter


@dataclass
class LineageNode:
    id: int
    project: Project | None  # None: the viewer may not read it (never named)
    is_current: bool = False
    children: list["LineageNode"] = field(default_factory=list)
    hidden_count: int = 0  # hidden reuses just below, with nothing visible under them

    @property
    def is_visible(self) -> bool:
        return self.project is not None


@dataclass
class LineageTree:
    root: LineageNode
    current_id: int
    family_size: int  # every project of the lineage, visible or not

    @property
    def reuse_count(self) -> int:
        """Every reuse in the lineage: all the family but its root."""
        return self.family_size - 1

    @property
    def is_alone(self) -> bool:
        return self.family_size <= 1


_FAMILY_SQL = """
WITH RECURSIVE up(id, scaled_from_id) AS (
    SELECT id, scaled_from_id FROM {table} WHERE id = %s
    UNION
    SELECT p.id, p.scaled_from_id FROM {table} p JOIN up ON p.id = up.scaled_from_id
),
down(id) AS (
    SELECT id FROM up WHERE scaled_from_id IS NULL
    UNION
    SELECT p.id FROM {table} p JOIN down ON p.scaled_from_id = down.id
)
SELECT id FROM down
"""


def lineage_family_ids(*, project: Project) -> list[int]:
    """Ids of every project in `project`'s lineage (itself included), in one query."""
    table = connection.ops.quote_name(Project._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_FAMILY_SQL.format(table=table), [project.pk])
        ids = [row[0] for row in cursor.fetchall()]
    # A loop in scaled_from has no root: show the project alone rather than guess one.
    return ids or [project.pk]


def lineage_tree(*, project: Project, user) -> LineageTree:
    """The tree of `project`'s lineage as `user` may see it. Four queries at most."""
    ids = lineage_family_ids(project=project)
    rows = {
        p.pk: p
        for p in Project.objects.filter(pk__in=ids)
        .select_related("lead_lab", "region")
        .only(
            "id",
            "key",
            "title",
            "scaled_from_id",
            "is_public",
            "stage",
            "status",
            "lead_lab__key",
            "lead_lab__name",
            "region__code",
            "region__name",
        )
        .order_by("created_at", "id")
    }
    visible = set(
        Project.objects.filter(visible_projects_filter(user), pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    nodes = {
        pk: LineageNode(id=pk, project=p if pk in visible else None, is_current=pk == project.pk)
        for pk, p in rows.items()
    }
    root = None
    for pk, p in rows.items():  # in creation order: children come out oldest first
        parent = nodes.get(p.scaled_from_id)
        if parent is None or p.scaled_from_id == pk:
            root = root or nodes[pk]
        else:
            parent.children.append(nodes[pk])
    root = root or nodes[project.pk]
    _fold_hidden(root)
    return LineageTree(root=root, current_id=project.pk, family_size=len(rows))


def _fold_hidden(node: LineageNode) -> bool:
    """Count hidden leaves (and hidden subtrees without anything visible) into their parent.

    Returns whether `node` must stay in the tree: it is visible or has something visible
    below it.
    """
    kept = []
    for child in node.children:
        if _fold_hidden(child):
            kept.append(child)
        else:
            # Folded already: everything below the dropped child is in its own count.
            node.hidden_count += 1 + child.hidden_count
    node.children = kept
    return node.is_visible or bool(kept)


def lineage_as_dict(node: LineageNode) -> dict:
    """The tree as nested data (the API's lineage), hidden projects anonymous."""
    project = node.project
    return {
        "key": project.key if project else None,
        "title": project.title if project else None,
        "lead_lab": (
            {"key": project.lead_lab.key, "name": project.lead_lab.name}
            if project and project.lead_lab
            else None
        ),
        "is_current": node.is_current,
        "hidden_reuses": node.hidden_count,
        "reuses": [lineage_as_dict(child) for child in node.children],
    }
