"""Indicators and measured values: who records them, what is refused, what is audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from labnet.core.models import AuditEntry
from labnet.impact.models import Indicator, Measurement
from labnet.impact.selectors import project_indicators
from labnet.impact.services import (
    indicator_create,
    indicator_update,
    measurement_record,
    measurement_update,
)
from labnet.projects.models import ProjectDocument

pytestmark = pytest.mark.django_db

TEAM = ["member", "lead", "partner", "coordinator"]
OUTSIDE = ["agent", "other_lead"]


def _actor(roles, role):
    return AnonymousUser() if role == "anonymous" else roles[role]


@pytest.mark.parametrize("role", TEAM)
def test_the_team_records_an_indicator_and_a_value(roles, role):
    actor = roles[role]
    indicator = indicator_create(
        actor=actor,
        project=roles["project"],
        name="Dossiers traités",
        unit="dossiers",
        direction="increase",
        baseline_value=Decimal("100"),
        target_value=Decimal("200"),
        is_public=True,
    )
    assert indicator.key == "delais-dossiers-traites"
    measurement_record(
        actor=actor,
        indicator=indicator,
        value=Decimal("150"),
        measured_on=dt.date(2025, 3, 1),
        source_text="Tableau de bord",
    )
    (view,) = project_indicators(project=roles["project"], user=actor)
    assert view.current == Decimal("150") and view.progress.percent == Decimal("50.0")
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "actor_id"))
    assert actions == [
        ("impact.indicator_create", actor.pk),
        ("impact.measurement_record", actor.pk),
    ]


@pytest.mark.parametrize("role", [*OUTSIDE, "anonymous"])
def test_outsiders_record_nothing(roles, indicator, role):
    actor = _actor(roles, role)
    with pytest.raises(PermissionDenied):
        indicator_create(actor=actor, project=roles["project"], name="x", unit="x")
    with pytest.raises(PermissionDenied):
        measurement_record(
            actor=actor, indicator=indicator, value=1, measured_on=dt.date.today(), source_text="x"
        )
    assert Indicator.objects.count() == 1 and Measurement.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_an_indicator_needs_name_unit_and_direction_in_french(roles):
    with pytest.raises(ValidationError) as caught:
        indicator_create(actor=roles["lead"], project=roles["project"], target_value="beaucoup")
    errors = caught.value.message_dict
    assert errors["name"] == ["Donnez un nom à l'indicateur, ex. « délai moyen de traitement »."]
    assert errors["unit"] == ["Indiquez l'unité, ex. « jours », « % » ou « dossiers »."]
    assert errors["direction"] == ["Choisissez si une valeur plus haute ou plus basse est mieux."]
    assert errors["target_value"] == ["« beaucoup » n'est pas un nombre (ex. 12,5)."]
    assert not Indicator.objects.exists()


def test_a_value_needs_a_date_and_a_source(roles, indicator):
    with pytest.raises(ValidationError) as caught:
        measurement_record(actor=roles["member"], indicator=indicator, value="12")
    errors = caught.value.message_dict
    assert errors["measured_on"] == ["Indiquez la date de la mesure."]
    assert errors["source_text"][0].startswith("Indiquez d'où vient la valeur")
    assert not Measurement.objects.exists()


def test_a_document_of_another_project_is_refused(roles, indicator):
    from tests.factories import ProjectFactory

    other = ProjectFactory()
    document = ProjectDocument.objects.create(
        project=other,
        kind="report",
        title="CR",
        file="x.pdf",
        content_type="application/pdf",
        size=3,
    )
    with pytest.raises(ValidationError) as caught:
        measurement_record(
            actor=roles["member"],
            indicator=indicator,
            value="12",
            measured_on=dt.date(2025, 1, 1),
            source_document=document,
        )
    assert caught.value.message_dict["source_document"] == [
        "Ce document n'est pas un document de ce projet."
    ]


def test_update_keeps_unsent_fields_and_audits_the_change(roles, indicator):
    indicator.project = roles["project"]
    updated = indicator_update(actor=roles["partner"], indicator=indicator, target_value="10")
    assert updated.target_value == Decimal("10") and updated.name == "Délai moyen"
    entry = AuditEntry.objects.get(action="impact.indicator_update")
    assert entry.changes == {"target_value": ["20.0000", "10"]}
    measurement = measurement_record(
        actor=roles["lead"],
        indicator=indicator,
        value="30",
        measured_on=dt.date(2025, 1, 1),
        source_url="https://example.gouv.fr/tableau",
    )
    fixed = measurement_update(actor=roles["lead"], measurement=measurement, value="25")
    assert fixed.value == Decimal("25") and fixed.source_url == "https://example.gouv.fr/tableau"
    with pytest.raises(PermissionDenied):
        measurement_update(actor=roles["other_lead"], measurement=measurement, value="1")


def test_outsiders_read_public_indicators_only(roles, indicator):
    Indicator.objects.create(
        key="interne", project=roles["project"], name="Interne", unit="x", direction="increase"
    )
    outside = project_indicators(project=roles["project"], user=roles["other_lead"])
    team = project_indicators(project=roles["project"], user=roles["partner"])
    assert [v.indicator.key for v in outside] == ["delais-moyen"]
    assert sorted(v.indicator.key for v in team) == ["delais-moyen", "interne"]
