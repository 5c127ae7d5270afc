"""Every list runs the same number of queries for 1 item as for 3 (docs/scale.md).

The numbers are exact so that a new per-row query, or a lost prefetch, fails here.
An anonymous page costs a COUNT, the page itself, and one query per prefetched relation.
"""

import pytest

from tests.factories import (
    DepartmentFactory,
    LabFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    ThemeFactory,
    UserFactory,
)

from .conftest import client_with_token

pytestmark = pytest.mark.django_db

REGION_CODES = ["11", "24", "32"]


def _region(i):
    return RegionFactory(code=REGION_CODES[i], name=f"Région {i}")


def _departments(i, count=2):
    region = _region(i)
    return [
        DepartmentFactory(code=f"{i}{j}", name=f"Département {i}{j}", region=region)
        for j in range(count)
    ]


def _lab(i):
    lab = LabFactory(
        region=_region(i),
        host=OrganisationFactory(),
        themes=[ThemeFactory(), ThemeFactory()],
        missions=["advice"],
    )
    lab.departments.set(_departments(i))
    lab.networks.set([NetworkFactory(key=f"reseau-{i}", name=f"Réseau {i}")])
    return lab


def _project(i, lead_lab):
    project = ProjectFactory(lead_lab=lead_lab, region=_region(i))
    project.partner_labs.set([LabFactory(), LabFactory()])
    project.organisations.set([OrganisationFactory(), OrganisationFactory()])
    project.departments.set(_departments(i))
    project.themes.set([ThemeFactory(), ThemeFactory()])
    # An unpublished reuse, led elsewhere: fetched for the coordinator, filtered for others.
    ProjectFactory(private=True, scaled_from=project, lead_lab=LabFactory())
    return project


BUILDERS = {
    "/api/v1/regions/": lambda i: _departments(i),
    "/api/v1/departments/": lambda i: DepartmentFactory(
        code=f"9{i}", name=f"Département {i}", region=_region(i)
    ),
    "/api/v1/organisations/": lambda i: OrganisationFactory(
        region=_region(i), parent=OrganisationFactory(region=None)
    ),
    "/api/v1/themes/": lambda i: ThemeFactory(),
    "/api/v1/labs/": _lab,
}
# count, page, then: departments | region joined | region, parent joined | - |
# themes, departments, networks.
EXPECTED = {
    "/api/v1/regions/": 3,
    "/api/v1/departments/": 2,
    "/api/v1/organisations/": 2,
    "/api/v1/themes/": 2,
    "/api/v1/labs/": 5,
}


@pytest.mark.parametrize("url", list(BUILDERS))
@pytest.mark.parametrize("size", [1, 3])
def test_reference_lists(api, django_assert_num_queries, url, size):
    for i in range(size):
        BUILDERS[url](i)
    # Organisations' parents are organisations too: they are rows of that list.
    expected_rows = size * 2 if url == "/api/v1/organisations/" else size

    with django_assert_num_queries(EXPECTED[url]):
        response = api.get(url)

    assert response.status_code == 200
    assert len(response.json()["results"]) == expected_rows


# count, page (lead lab and region joined, scaled_from a subquery), then partner labs,
# organisations, themes, departments, reuses; a token costs one query, and a member's
# visibility one more (their labs).
PROJECT_QUERIES = {"anonymous": 7, "member": 9, "coordinator": 8}


@pytest.mark.parametrize("caller", list(PROJECT_QUERIES))
@pytest.mark.parametrize("size", [1, 3])
def test_project_list(api, django_assert_num_queries, caller, size):
    lab = LabFactory()
    for i in range(size):
        _project(i, lead_lab=lab)
    client, rows = {
        "anonymous": (api, size),
        "member": (client_with_token(MembershipFactory(lab=lab).user), size),
        "coordinator": (client_with_token(UserFactory(coordinator=True)), size * 2),
    }[caller]

    with django_assert_num_queries(PROJECT_QUERIES[caller]):
        response = client.get("/api/v1/projects/")

    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("size", [1, 3])
def test_me(django_assert_num_queries, size):
    user = UserFactory()
    for _ in range(size):
        MembershipFactory(user=user)
    client = client_with_token(user)

    # the token with its user, then the memberships with their labs
    with django_assert_num_queries(2):
        response = client.get("/api/v1/auth/me/")

    assert len(response.json()["memberships"]) == size


# The lab's key; then a count and a page (a member's visibility one more query first, their
# labs); the shared projects' other labs one more.
COOPERATION_QUERIES = {"": 3, "projects/": 4, "take-ups/": 3}


@pytest.mark.parametrize("suffix", list(COOPERATION_QUERIES))
@pytest.mark.parametrize("size", [1, 3])
def test_lab_cooperation_lists(api, django_assert_num_queries, suffix, size):
    lab = LabFactory(key="lab")
    for _ in range(size):
        project = ProjectFactory(lead_lab=lab)
        project.partner_labs.set([LabFactory(), LabFactory()])
        ProjectFactory(lead_lab=LabFactory(), scaled_from=project)
    member = client_with_token(MembershipFactory(lab=lab).user)

    with django_assert_num_queries(COOPERATION_QUERIES[suffix]):
        response = api.get(f"/api/v1/labs/lab/cooperations/{suffix}")
    assert response.status_code == 200
    assert response.json()["count"] == {"": size * 3, "projects/": size, "take-ups/": size}[suffix]
    # The token (one query), then the member's labs.
    with django_assert_num_queries(COOPERATION_QUERIES[suffix] + 2):
        assert member.get(f"/api/v1/labs/lab/cooperations/{suffix}").status_code == 200
