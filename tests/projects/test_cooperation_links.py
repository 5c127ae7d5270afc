"""projects.cooperation: the precomputed cooperation links follow every change of a
project's labs and take-up, and the rebuild command computes the same links."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.projects.cooperation import cooperation_links_rebuild
from labnet.projects.models import CooperationLink, Project
from tests.factories import LabFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _links():
    return sorted(
        (
            link.lab.key,
            link.other_lab.key,
            link.project.key,
            link.origin.key if link.origin else None,
        )
        for link in CooperationLink.objects.select_related("lab", "other_lab", "project", "origin")
    )


@pytest.fixture
def labs():
    return {k: LabFactory(key=k) for k in "abcd"}


def test_partner_labs_link_every_pair_both_ways(labs):
    project = ProjectFactory(key="p", lead_lab=labs["a"])
    assert _links() == []
    project.partner_labs.add(labs["b"], labs["c"])
    assert _links() == [
        ("a", "b", "p", None),
        ("a", "c", "p", None),
        ("b", "a", "p", None),
        ("b", "c", "p", None),
        ("c", "a", "p", None),
        ("c", "b", "p", None),
    ]
    project.partner_labs.remove(labs["c"])
    assert _links() == [("a", "b", "p", None), ("b", "a", "p", None)]
    # From the lab's side (reverse relation), clear included.
    labs["b"].partner_projects.clear()
    assert _links() == []
    labs["d"].partner_projects.add(project)
    assert _links() == [("a", "d", "p", None), ("d", "a", "p", None)]


def test_a_new_lead_lab_moves_the_links(labs):
    project = ProjectFactory(key="p", lead_lab=labs["a"])
    project.partner_labs.add(labs["b"])
    project.lead_lab = labs["c"]
    project.save()
    assert _links() == [
        ("b", "c", "p", None),
        ("c", "b", "p", None),
    ]
    # The same lab as partner and lead is one lab, not a cooperation.
    project.lead_lab = labs["b"]
    project.save()
    assert _links() == []


def test_take_ups_link_the_two_lead_labs_and_follow_the_origin(labs):
    origin = ProjectFactory(key="o", lead_lab=labs["a"])
    ProjectFactory(key="t", lead_lab=labs["b"], scaled_from=origin)
    assert _links() == [("a", "b", "t", "o"), ("b", "a", "t", "o")]
    origin.lead_lab = labs["c"]
    origin.save()
    assert _links() == [("b", "c", "t", "o"), ("c", "b", "t", "o")]
    # A take-up inside one lab is no cooperation.
    origin.lead_lab = labs["b"]
    origin.save()
    assert _links() == []
    origin.lead_lab = labs["a"]
    origin.save()
    origin.delete()
    assert _links() == []


def test_a_save_that_changes_no_lab_costs_no_query(labs):
    project = Project.objects.get(pk=ProjectFactory(lead_lab=labs["a"]).pk)
    project.title = "Autre titre"
    with CaptureQueriesContext(connection) as ctx:
        project.save(update_fields=["title"])
    assert len(ctx.captured_queries) == 1
    with CaptureQueriesContext(connection) as ctx:
        project.save()
    assert len(ctx.captured_queries) == 1


def test_the_rebuild_recomputes_the_same_links(labs):
    origin = ProjectFactory(key="o", lead_lab=labs["a"])
    origin.partner_labs.add(labs["b"])
    ProjectFactory(key="t", lead_lab=labs["c"], scaled_from=origin)
    ProjectFactory(key="n", lead_lab=None).partner_labs.add(labs["a"], labs["d"])
    expected = _links()
    assert len(expected) == 6
    CooperationLink.objects.all().delete()
    assert cooperation_links_rebuild() == 6
    assert _links() == expected
    CooperationLink.objects.all().delete()
    call_command("cooperations_rebuild", stdout=io.StringIO())
    assert _links() == expected
