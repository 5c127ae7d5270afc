"""Keeping the precomputed cooperation links (`CooperationLink`) exact.

A lab's cooperations used to be computed on every view of its page from all of its
projects: 2,100 projects loaded for the busiest lab to find the few run with other labs.
The links store, for every pair of labs, the projects they share and the take-ups between
them (docs/adr/0057-precomputed-cooperations.md). They depend on three things only: a
project's lead lab, its partner labs and the project it takes up (with that project's lead
lab). Every change of those refreshes the links of the projects concerned:

- the services write projects through the ORM, and so do the admin, the imports and the
  test factories: the model signals connected in `connect()` are the one place that sees
  them all (as `core.topic_signals` does for the page caches), and a save that changes none
  of the three fields costs no query (`Project.from_db` remembers them);
- bulk writes that bypass signals (`bulk_create` of the benchmark generator, raw SQL) are
  followed by `manage.py cooperations_rebuild`, which recomputes every link.
"""

from itertools import permutations

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_save

from .models import CooperationLink, Project, cooperation_state

BATCH = 2_000


def _links(project_ids) -> list[CooperationLink]:
    """The links of `project_ids`: the pairs of their labs, and their take-ups."""
    ids = list(project_ids)
    rows = Project.objects.filter(pk__in=ids).values_list(
        "pk", "lead_lab_id", "scaled_from_id", "scaled_from__lead_lab_id"
    )
    partners: dict[int, set[int]] = {}
    through = Project.partner_labs.through.objects.filter(project_id__in=ids)
    for project_id, lab_id in through.values_list("project_id", "lab_id"):
        partners.setdefault(project_id, set()).add(lab_id)
    links = []
    for pk, lead, origin, origin_lead in rows:
        team = partners.get(pk, set()) | ({lead} if lead else set())
        links += [
            CooperationLink(lab_id=a, other_lab_id=b, project_id=pk)
            for a, b in permutations(sorted(team), 2)
        ]
        if lead and origin_lead and lead != origin_lead:
            links += [
                CooperationLink(lab_id=a, other_lab_id=b, project_id=pk, origin_id=origin)
                for a, b in ((lead, origin_lead), (origin_lead, lead))
            ]
    return links


def cooperation_links_refresh(*, project_ids) -> None:
    """Recompute the links of `project_ids` and of the projects that take them up (their
    take-ups name the lead lab of the project taken up)."""
    ids = set(project_ids)
    if not ids:
        return
    with transaction.atomic():
        ids |= set(Project.objects.filter(scaled_from_id__in=ids).values_list("pk", flat=True))
        # A raw delete: the links have no dependants, and the page-cache signals of a
        # collected delete would fire once per row.
        CooperationLink.objects.filter(project_id__in=ids)._raw_delete(CooperationLink.objects.db)
        CooperationLink.objects.bulk_create(_links(ids), batch_size=BATCH)


def cooperation_links_rebuild() -> int:
    """Recompute every link (after bulk writes that bypass the signals), in the database:
    a fixed number of statements whatever the number of projects (the import of 2,000
    projects runs it inside its own fixed budget of queries). Returns the count."""
    link = CooperationLink._meta.db_table
    project = Project._meta.db_table
    partners = Project.partner_labs.through._meta.db_table
    # The labs of a project: its lead lab and its partner labs (UNION: once each).
    team = (
        f"SELECT id AS project_id, lead_lab_id AS lab_id FROM {project} "  # noqa: S608
        f"WHERE lead_lab_id IS NOT NULL "
        f"UNION SELECT project_id, lab_id FROM {partners}"
    )
    columns = f"INSERT INTO {link} (lab_id, other_lab_id, project_id, origin_id)"
    take_ups = (
        f"FROM {project} p JOIN {project} s ON s.id = p.scaled_from_id "
        f"WHERE p.lead_lab_id IS NOT NULL AND s.lead_lab_id IS NOT NULL "
        f"AND p.lead_lab_id <> s.lead_lab_id"
    )
    # Identifiers come from the models' metadata; there is no value to bind.
    statements = [
        f"DELETE FROM {link}",  # noqa: S608
        f"{columns} SELECT a.lab_id, b.lab_id, a.project_id, NULL "  # noqa: S608
        f"FROM ({team}) a JOIN ({team}) b ON b.project_id = a.project_id "
        f"AND b.lab_id <> a.lab_id",
        f"{columns} SELECT p.lead_lab_id, s.lead_lab_id, p.id, s.id {take_ups}",
        f"{columns} SELECT s.lead_lab_id, p.lead_lab_id, p.id, s.id {take_ups}",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return CooperationLink.objects.count()


def _project_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not {"lead_lab", "scaled_from"} & set(update_fields):
        return
    before = getattr(instance, "_cooperation_state", None)
    now = cooperation_state(instance)
    instance._cooperation_state = now
    if created:
        # A new project has no partner labs yet: only a take-up between two labs links.
        if instance.lead_lab_id and instance.scaled_from_id:
            cooperation_links_refresh(project_ids=[instance.pk])
    elif before != now:
        cooperation_links_refresh(project_ids=[instance.pk])


def _partners_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    if action == "pre_clear" and reverse:
        # Clearing a lab's partnerships: which projects lose it is only known before.
        instance._cooperation_cleared = list(instance.partner_projects.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        cooperation_links_refresh(project_ids=[instance.pk])
    elif action == "post_clear":
        cooperation_links_refresh(project_ids=getattr(instance, "_cooperation_cleared", []))
    else:
        cooperation_links_refresh(project_ids=pk_set or [])


def connect() -> None:
    post_save.connect(_project_saved, sender=Project, dispatch_uid="labnet.projects.coop.saved")
    m2m_changed.connect(
        _partners_changed,
        sender=Project.partner_labs.through,
        dispatch_uid="labnet.projects.coop.partners",
    )
