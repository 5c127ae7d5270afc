"""Vendor details that the selectors' tests cannot see from outside."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from labnet.search.backends import postgresql
from labnet.search.selectors import similar_projects
from labnet.search.services import project_index_update
from tests.factories import ProjectFactory


def test_postgresql_ranks_the_projects_holding_the_rarest_terms_within_a_budget(monkeypatch):
    monkeypatch.setattr(postgresql, "CANDIDATES", 100)
    terms = [("common", 1.0), ("rare", 5.0), ("mid", 2.0), ("rarer", 6.0)]
    documents = {"common": 900, "rare": 30, "mid": 80, "rarer": 10}

    assert postgresql._filtering(terms, documents) == ["rarer", "rare"]
    # The rarest term is kept even when it alone is over the budget.
    assert postgresql._filtering([("common", 1.0)], {"common": 900}) == ["common"]


def test_postgresql_tsquery_operands_are_quoted():
    assert postgresql._operand("delai") == "'delai'"
    assert postgresql._operand("l'x\\") == "'l''x\\\\'"


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL candidates")
def test_postgresql_leaves_out_projects_holding_only_frequent_words(db, monkeypatch):
    monkeypatch.setattr(postgresql, "CANDIDATES", 2)
    both = ProjectFactory(key="both", title="Zythologie brasserie")
    frequent = [ProjectFactory(key=f"f{n}", title="Brasserie") for n in range(3)]
    for project in (both, *frequent):
        project_index_update(project=project)

    results = similar_projects(text="zythologie brasserie", user=AnonymousUser())

    assert [result.project.key for result in results] == ["both"]
