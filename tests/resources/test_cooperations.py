"""projects.network.lab_cooperations: who a lab works with, on projects the reader may see."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.projects.network import lab_cooperations
from tests.factories import LabFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _keys(items):
    return [item.key for item in items]


@pytest.fixture
def network():
    """Lab A leads two projects with B, one with B and C; C leads one with A as partner;
    D takes up a project of A; A's private project with E; a project without A."""
    a, b, c, d, e = (LabFactory(key=k, name=k.upper()) for k in "abcde")
    p1 = ProjectFactory(key="p1", title="P1", lead_lab=a)
    p1.partner_labs.add(b)
    p2 = ProjectFactory(key="p2", title="P2", lead_lab=a)
    p2.partner_labs.add(b, c)
    p3 = ProjectFactory(key="p3", title="P3", lead_lab=c)
    p3.partner_labs.add(a)
    # No lead lab: B and A are partners together.
    p4 = ProjectFactory(key="p4", title="P4", lead_lab=None)
    p4.partner_labs.add(a, b)
    ProjectFactory(key="p5", title="P5", lead_lab=d, scaled_from=p1)
    hidden = ProjectFactory(key="p6", title="P6", lead_lab=a, private=True)
    hidden.partner_labs.add(e)
    unrelated = ProjectFactory(key="p7", title="P7", lead_lab=b)
    unrelated.partner_labs.add(c)
    # A project of A with no other lab is not a cooperation.
    ProjectFactory(key="p8", title="P8", lead_lab=a)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_labs_are_ranked_by_shared_projects_plus_take_ups(network):
    result = lab_cooperations(lab=network["a"], user=AnonymousUser())

    assert [
        (c.lab.key, _keys(c.projects), _keys(c.take_ups), c.total) for c in result.partners
    ] == [
        ("b", ["p1", "p2", "p4"], [], 3),
        ("c", ["p2", "p3"], [], 2),
        ("d", [], ["p5"], 1),
    ]
    assert _keys(result.projects) == ["p1", "p2", "p3", "p4"]
    assert [_keys(p.other_labs) for p in result.projects] == [["b"], ["b", "c"], ["c"], ["b"]]
    assert _keys(result.take_ups) == ["p5"]


def test_the_lab_that_was_taken_up_sees_the_take_up_too(network):
    result = lab_cooperations(lab=network["d"], user=AnonymousUser())
    assert [(c.lab.key, c.total) for c in result.partners] == [("a", 1)]
    assert result.projects == []


def test_private_projects_count_only_for_those_who_may_read_them(network):
    member_of_a = MembershipFactory(lab=network["a"]).user
    seen = lab_cooperations(lab=network["a"], user=member_of_a)
    # Equal totals: a project run together ranks above a take-up.
    assert [(c.lab.key, c.total) for c in seen.partners] == [
        ("b", 3),
        ("c", 2),
        ("e", 1),
        ("d", 1),
    ]
    stranger = MembershipFactory(lab=network["d"]).user
    unseen = lab_cooperations(lab=network["a"], user=stranger)
    assert "e" not in [c.lab.key for c in unseen.partners]


def test_a_take_up_of_a_hidden_project_is_not_counted():
    a, d = LabFactory(key="a"), LabFactory(key="d")
    origin = ProjectFactory(lead_lab=a, private=True)
    ProjectFactory(lead_lab=d, scaled_from=origin)
    assert lab_cooperations(lab=d, user=AnonymousUser()).partners == []


def test_queries_do_not_grow_with_cooperations():
    lab = LabFactory()
    member = MembershipFactory(lab=lab).user

    def count():
        with CaptureQueriesContext(connection) as ctx:
            lab_cooperations(lab=lab, user=member)
        return len(ctx.captured_queries)

    project = ProjectFactory(lead_lab=lab)
    project.partner_labs.add(LabFactory())
    ProjectFactory(lead_lab=LabFactory(), scaled_from=project)
    # memberships (visibility), the precomputed links.
    assert count() == 2
    for _ in range(4):
        other = ProjectFactory(lead_lab=lab)
        other.partner_labs.add(*LabFactory.create_batch(2))
        ProjectFactory(lead_lab=LabFactory(), scaled_from=other)
    assert count() == 2
