"""People pages run the same number of queries for 2 people as for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labnet.labs.models import LabContributor
from tests.factories import MembershipFactory, UserFactory
from tests.people.factories import ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _people(lab, skill, n):
    for _ in range(n):
        profile = ProfileFactory(skills=[skill], user=UserFactory(), region=lab.region)
        LabContributor.objects.create(lab=lab, user=profile.user)
        MembershipFactory(user=profile.user)


def test_finder_does_not_grow(client, lab):
    skill = SkillFactory(key="service-design")
    url = reverse("people:finder") + f"?skills=service-design&region={lab.region.pk}"
    _people(lab, skill, 2)
    two = _count(client, url)
    _people(lab, skill, 8)
    # form choices (skills, regions, departments, labs) and the filter's skill and region;
    # the count of the matches and the page's ids, ranked by the database; the page's
    # profiles, their skills, memberships, contributions (the count is one query more than
    # when every match was ranked in Python: the ranking now reads only the page)
    assert _count(client, url) == two == 12


def test_lab_pool_does_not_grow(client, lab, lab_member):
    skill = SkillFactory()
    client.force_login(lab_member)
    url = reverse("people:lab_pool", args=[lab.key])
    _people(lab, skill, 2)
    two = _count(client, url)
    _people(lab, skill, 8)
    # session, user, lab, the user's labs; contributors, their findable profiles;
    # + header labs
    assert _count(client, url) == two == 7


def test_suggestions_on_the_workspace_do_not_grow(client, lab, lab_member):
    from tests.factories import ProjectFactory

    skill = SkillFactory(key="service-design", name="Design de service")
    project = ProjectFactory(lead_lab=lab, objective="Un parcours en design de service.")
    client.force_login(lab_member)
    # The suggestions are on the workspace's people page.
    url = reverse("accompaniment:person_add", args=[project.key])
    _people(lab, skill, 2)
    two = _count(client, url)
    _people(lab, skill, 8)
    ten = _count(client, url)
    assert ten == two
    response = client.get(url)
    assert len(response.context["suggested_people"]) == 5  # people.selectors.SUGGESTION_LIMIT
