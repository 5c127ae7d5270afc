"""Board, list, workspace and project page run the same number of queries for 1 item as
for 3 (exact counts: a new per-row query or a lost prefetch fails here)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labnet.projects.enums import DocumentKind, ProjectRole, Stage
from labnet.projects.models import InternalNote, ProjectDocument, ProjectPerson, StageTransition
from labnet.search.services import projects_reindex
from tests.factories import (
    ActivityFactory,
    LabFactory,
    MembershipFactory,
    NextStepFactory,
    OrganisationFactory,
    ProjectFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _portfolio_projects(lab, partner_lab, n):
    for i in range(n):
        led = ProjectFactory(lead_lab=lab, stage=Stage.values[i % 8], private=bool(i % 2))
        led.themes.add(ThemeFactory(), ThemeFactory())
        led.partner_labs.add(partner_lab)
        StageTransition.objects.create(
            project=led, from_stage="framing", to_stage="immersion", reason="r"
        )
        partnered = ProjectFactory(lead_lab=partner_lab)
        partnered.partner_labs.add(lab)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # session, user, lab + its themes, departments, networks (lab_get), the user's labs
        # (rule), the count per stage, the cards, cycle times (lab, network), + header labs
        ("board", 12),
        # the same six, then count, themes (filter options), page of projects, their themes
        ("portfolio_list", 12),
    ],
)
def test_portfolio_pages_do_not_grow(client, lab, lab_member, page, expected):
    partner_lab = LabFactory()
    client.force_login(lab_member)
    url = reverse(f"accompaniment:{page}", kwargs={"lab_key": lab.key})
    _portfolio_projects(lab, partner_lab, 1)
    assert _count(client, url) == expected
    _portfolio_projects(lab, partner_lab, 2)
    assert _count(client, url) == expected


def _fill_workspace(project, member, n):
    for _ in range(n):
        project.partner_labs.add(LabFactory())
        project.organisations.add(OrganisationFactory())
        project.themes.add(ThemeFactory())
        MembershipFactory(lab=project.lead_lab)
        ActivityFactory(project=project, created_by=member)
        NextStepFactory(project=project, owner=member)
        InternalNote.objects.create(project=project, author=member, body="n")
        ProjectPerson.objects.create(
            project=project, name="P", role=ProjectRole.OWNER, organisation=OrganisationFactory()
        )
        ProjectDocument.objects.create(
            project=project,
            kind=DocumentKind.REPORT,
            title="d",
            file=SimpleUploadedFile("d.pdf", b"%PDF-"),
            content_type="application/pdf",
            size=5,
            uploaded_by=member,
        )
        StageTransition.objects.create(
            project=project, actor=member, from_stage="framing", to_stage="framing", reason="r"
        )
        ProjectFactory(scaled_from=project, title=f"{project.title} {project.pk}")
        ProjectFactory(scaled_from=project, private=True)
    projects_reindex()  # so that "similar projects" finds some: their rows cost queries too


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # session, user; the user's labs (read once for the visibility and the rules); the
        # project and its 4 relations + 5 internals (not the journal: it can hold thousands
        # of entries); the header's labs. The summary lists no task in full: the lineage,
        # similar projects, team, organisations and suggestions are on their own pages (it
        # was 27 when the workspace was one page holding every task). + the journal's count
        ("workspace", 15),
        # + the moves' rule needs nothing more than the prefetched project
        ("move", 14),
        ("sheet", 14),
        # + the journal's totals and its page (50 entries; every entry was read before)
        ("activity_add", 16),
        ("document_add", 14),
        # + team memberships (next-step owners)
        ("next_step_add", 15),
        ("note_add", 14),
        # + partner organisations (the person form's choices); the people suggestions cost
        # nothing more here (no skill on the project's themes)
        ("person_add", 15),
        # + lineage (family, rows, visible ids); similar (word frequencies, ranking,
        # projects, themes); roadmap items in the memory index (the user's labs are known)
        ("scaling", 22),
    ],
)
def test_workspace_pages_do_not_grow(client, project, lab_member, page, expected):
    client.force_login(lab_member)
    url = reverse(f"accompaniment:{page}", kwargs={"key": project.key})
    _fill_workspace(project, lab_member, 1)
    one = _count(client, url)
    _fill_workspace(project, lab_member, 2)
    assert _count(client, url) == one == expected


@pytest.mark.parametrize("signed_in", [False, True])
def test_project_page_does_not_grow(client, project, lab_member, signed_in):
    project.is_public = True
    project.save()
    if signed_in:
        client.force_login(lab_member)
    _fill_workspace(project, lab_member, 1)
    one = _count(client, project.get_absolute_url())
    _fill_workspace(project, lab_member, 2)
    # visitor: the project and its 4 relations, lineage (3), similar (word frequencies,
    # ranking, projects, themes), the resources it used; signed in: + session, user, the
    # user's labs (visibility, rules, lineage, similar), the take-up form's labs... fewer
    # for a lead lab with no other lab; + header labs; + its public indicators and the
    # roadmap items in the memory index (how many: none here)
    assert _count(client, project.get_absolute_url()) == one == (19 if signed_in else 15)
