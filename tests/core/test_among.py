"""`field__among=ids`: long id lists sent as one parameter, the same rows as `__in`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labnet.projects.models import Project
from tests.factories import LabFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_among_finds_the_same_rows_as_in_on_the_key_and_on_a_foreign_key():
    lab, other = LabFactory(), LabFactory()
    mine = [ProjectFactory(lead_lab=lab) for _ in range(3)]
    ProjectFactory(lead_lab=other)
    ids = [p.pk for p in mine]
    assert sorted(Project.objects.filter(pk__among=ids).values_list("pk", flat=True)) == ids
    assert (
        list(
            Project.objects.filter(lead_lab__among=[lab.pk])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        == ids
    )
    assert not Project.objects.filter(pk__among=[]).exists()


def test_thousands_of_ids_are_one_parameter():
    project = ProjectFactory()
    ids = [project.pk, *range(10**6, 10**6 + 3000)]
    with CaptureQueriesContext(connection) as ctx:
        assert list(Project.objects.filter(pk__among=ids).values_list("pk", flat=True)) == [
            project.pk
        ]
    sql = ctx.captured_queries[0]["sql"]
    # One value (a JSON text, an array), not 3,001 placeholders (`IN (1000000, 1000001`).
    assert "IN (1000000" not in sql and f"IN ({project.pk}, 1000000" not in sql
    if connection.vendor == "sqlite":
        assert "IN (SELECT value FROM json_each('[" in sql
    else:
        assert "= ANY(" in sql


def test_only_whole_numbers_are_accepted():
    with pytest.raises(ValueError):
        list(Project.objects.filter(pk__among=["1; DROP TABLE projects_project"]))
