"""projects.network.lab_cooperations: who a lab works with, on projects the reader may see."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.projects.network import as_take_ups, cooperations_of, lab_cooperations
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, UserFactory

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


def _ranked(cooperations):
    return [
        (c.lab.key, c.shared_projects, c.take_ups, c.total)
        for c in cooperations_of(cooperations.partners())
    ]


def test_labs_are_ranked_by_shared_projects_plus_take_ups(network):
    result = lab_cooperations(lab=network["a"], user=AnonymousUser())

    assert _ranked(result) == [("b", 3, 0, 3), ("c", 2, 0, 2), ("d", 0, 1, 1)]
    projects = result.with_other_labs(result.shared_projects())
    assert _keys(projects) == ["p1", "p2", "p3", "p4"]
    # The lead lab first (C leads P3), then by name.
    assert [_keys(p.other_labs) for p in projects] == [["b"], ["b", "c"], ["c"], ["b"]]
    take_ups = as_take_ups(result.take_ups())
    assert [(p.key, p.scaled_from.key, p.scaled_from.lead_lab.key) for p in take_ups] == [
        ("p5", "p1", "a")
    ]


def test_the_lab_that_was_taken_up_sees_the_take_up_too(network):
    result = lab_cooperations(lab=network["d"], user=AnonymousUser())
    assert _ranked(result) == [("a", 0, 1, 1)]
    assert list(result.shared_projects()) == []
    assert _keys(as_take_ups(result.take_ups())) == ["p5"]


def test_private_projects_count_only_for_those_who_may_read_them(network):
    member_of_a = MembershipFactory(lab=network["a"]).user
    seen = lab_cooperations(lab=network["a"], user=member_of_a)
    # Equal totals: a project run together ranks above a take-up.
    assert _ranked(seen) == [("b", 3, 0, 3), ("c", 2, 0, 2), ("e", 1, 0, 1), ("d", 0, 1, 1)]
    assert _keys(seen.shared_projects()) == ["p1", "p2", "p3", "p4", "p6"]
    stranger = MembershipFactory(lab=network["d"]).user
    unseen = lab_cooperations(lab=network["a"], user=stranger)
    assert _ranked(unseen) == [("b", 3, 0, 3), ("c", 2, 0, 2), ("d", 0, 1, 1)]
    assert _keys(unseen.shared_projects()) == ["p1", "p2", "p3", "p4"]


def test_a_take_up_of_a_hidden_project_is_not_counted():
    a, d = LabFactory(key="a"), LabFactory(key="d")
    origin = ProjectFactory(lead_lab=a, private=True)
    ProjectFactory(lead_lab=d, scaled_from=origin)
    result = lab_cooperations(lab=d, user=AnonymousUser())
    assert _ranked(result) == []
    assert list(result.take_ups()) == []
    # The coordination reads every project: the take-up counts for it.
    coordinator = UserFactory(is_coordinator=True)
    assert _ranked(lab_cooperations(lab=d, user=coordinator)) == [("a", 0, 1, 1)]


def test_a_member_sees_every_project_of_the_lab_but_only_readable_take_ups():
    a, d, x = LabFactory(key="a"), LabFactory(key="d"), LabFactory(key="x")
    # Private projects D runs with A, led by either: D's team reads both.
    led = ProjectFactory(key="led", lead_lab=d, private=True)
    led.partner_labs.add(a)
    partnered = ProjectFactory(key="partnered", lead_lab=a, private=True)
    partnered.partner_labs.add(d)
    # Take-ups between D and X: of a private project of X (unreadable for D's team), and
    # by a public one of X of D's private project (readable: both are).
    hidden = ProjectFactory(key="hidden", lead_lab=x, private=True)
    ProjectFactory(key="takes-hidden", lead_lab=d, scaled_from=hidden)
    ProjectFactory(key="takes-led", lead_lab=x, scaled_from=led)
    member = MembershipFactory(lab=d).user
    seen = lab_cooperations(lab=d, user=member)
    assert seen.reads_own_projects
    assert _keys(seen.shared_projects()) == ["led", "partnered"]
    assert [(p.key, p.scaled_from.key) for p in as_take_ups(seen.take_ups())] == [
        ("takes-led", "led")
    ]
    assert _ranked(seen) == [("a", 2, 0, 2), ("x", 0, 1, 1)]
    # X's team reads neither of D's private projects: only the take-up of its own one.
    other = lab_cooperations(lab=d, user=MembershipFactory(lab=x).user)
    assert not other.reads_own_projects
    assert list(other.shared_projects()) == []
    assert [(p.key, p.scaled_from.key) for p in as_take_ups(other.take_ups())] == [
        ("takes-hidden", "hidden")
    ]
    assert _ranked(other) == [("x", 0, 1, 1)]


def test_equal_partners_are_ranked_by_name_then_key():
    lab = LabFactory(key="lab", name="Lab")
    project = ProjectFactory(lead_lab=lab)
    project.partner_labs.add(
        LabFactory(key="z2", name="zeta"),
        LabFactory(key="z1", name="Zeta"),
        LabFactory(key="al", name="Alpha"),
    )
    result = lab_cooperations(lab=lab, user=AnonymousUser())
    assert [c.lab.key for c in cooperations_of(result.partners())] == ["al", "z1", "z2"]


def test_the_ranking_is_read_in_pages_by_the_database():
    lab = LabFactory(key="lab")
    partners = [LabFactory(key=f"p{i:02d}", name=f"Partner {i:02d}") for i in range(25)]
    # Partner i shares i % 3 + 1 projects with the lab.
    for i, partner in enumerate(partners):
        for _ in range(i % 3 + 1):
            ProjectFactory(lead_lab=lab).partner_labs.add(partner)
    result = lab_cooperations(lab=lab, user=AnonymousUser())
    rows = result.partners()
    assert rows.count() == 25
    expected = sorted(partners, key=lambda p: (-(int(p.key[1:]) % 3 + 1), p.name))
    assert [c.lab.key for c in cooperations_of(rows[:20])] == [p.key for p in expected[:20]]
    assert [c.lab.key for c in cooperations_of(rows[20:])] == [p.key for p in expected[20:]]
    assert [c.total for c in cooperations_of(rows[:1])] == [3]
    top, total = result.top_partners(20)
    assert ([c.lab.key for c in top], total) == ([p.key for p in expected[:20]], 25)
    assert result.top_partners(30)[1] == 25
    assert lab_cooperations(lab=LabFactory(), user=AnonymousUser()).top_partners(20) == ([], 0)


def test_queries_do_not_grow_with_cooperations():
    lab = LabFactory()
    member = MembershipFactory(lab=lab).user

    def count():
        reader = type(member).objects.get(pk=member.pk)  # as a request loads it, no cache
        with CaptureQueriesContext(connection) as ctx:
            result = lab_cooperations(lab=lab, user=reader)
            result.top_partners(20)
            result.with_other_labs(result.shared_projects()[:20])
            as_take_ups(result.take_ups()[:20])
        return len(ctx.captured_queries)

    project = ProjectFactory(lead_lab=lab)
    project.partner_labs.add(LabFactory())
    ProjectFactory(lead_lab=LabFactory(), scaled_from=project)
    # memberships (visibility), the top partners (with their number), the shared projects,
    # their other labs, the take-ups.
    assert count() == 5
    for _ in range(30):
        other = ProjectFactory(lead_lab=lab)
        other.partner_labs.add(*LabFactory.create_batch(2))
        ProjectFactory(lead_lab=LabFactory(), scaled_from=other)
    assert count() == 5
