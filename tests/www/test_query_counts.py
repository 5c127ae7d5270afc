"""Pages run the same number of queries for 1 item as for 3 (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events.factories import EventFactory
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _labs(n):
    theme = ThemeFactory()
    for _ in range(n):
        lab = LabFactory(themes=[theme])
        ProjectFactory(lead_lab=lab)


@pytest.mark.parametrize("url", ["/", "/laboratoires/", "/laboratoires/?theme=x&q=lab"])
def test_public_lists_do_not_grow_with_labs(client, url):
    _labs(1)
    one = _count(client, url)
    _labs(2)
    assert _count(client, url) == one


def test_atlas_query_count_is_fixed(client, django_assert_num_queries):
    _labs(3)
    # count, one page of labs, their themes, their published projects, labs per region
    # (map), and the filter options (regions, hosts, themes).
    with django_assert_num_queries(8):
        client.get("/laboratoires/")


def test_lab_page_does_not_grow_with_projects_team_or_events(client):
    lab = LabFactory()
    member = MembershipFactory(lab=lab).user
    client.force_login(member)
    ProjectFactory(lead_lab=lab)
    # The lab's next events cost one query (with their places taken), however many.
    EventFactory(organiser_lab=lab)
    one = _count(client, lab.get_absolute_url())
    ProjectFactory.create_batch(2, lead_lab=lab)
    MembershipFactory.create_batch(2, lab=lab)
    EventFactory.create_batch(6, organiser_lab=lab)
    assert _count(client, lab.get_absolute_url()) == one


def test_project_page_does_not_grow_with_partners_or_reuses(client):
    project = ProjectFactory()
    project.partner_labs.add(LabFactory())
    ProjectFactory(scaled_from=project)
    one = _count(client, project.get_absolute_url())
    project.partner_labs.add(*LabFactory.create_batch(2))
    ProjectFactory.create_batch(2, scaled_from=project)
    assert _count(client, project.get_absolute_url()) == one
