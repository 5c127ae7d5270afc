import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labnet.core.models import AuditEntry
from labnet.projects.enums import ActivityKind
from labnet.projects.journal import activity_delete, activity_log, activity_update
from labnet.projects.models import Activity

pytestmark = pytest.mark.django_db


def _log(actor, project, **overrides):
    data = {
        "kind": ActivityKind.WORKSHOP,
        "happened_on": timezone.localdate(),
        "title": "Atelier d'idéation",
        "agents_count": 8,
        "users_count": 4,
        "partners_count": 2,
        "notes": "Douze idées, trois retenues.",
    }
    return activity_log(actor=actor, project=project, **(data | overrides))


def test_lead_and_partner_labs_log_activities(project, lab_member, partner_member):
    first = _log(lab_member, project)
    second = _log(partner_member, project, kind=ActivityKind.INTERVIEW, title="Entretiens")

    assert list(project.activities.values_list("title", "created_by__full_name")) == [
        ("Entretiens", "Paul Partenaire"),
        ("Atelier d'idéation", "Martin Membre"),
    ]
    assert (first.agents_count, first.users_count, first.partners_count) == (8, 4, 2)
    assert AuditEntry.objects.filter(action="projects.activity_log").count() == 2
    assert second.kind == "interview"


def test_others_may_not_log(project, outsider, agent):
    for user in (outsider, agent):
        with pytest.raises(PermissionDenied):
            _log(user, project)
    assert not Activity.objects.exists()


def test_invalid_entries_are_refused_field_by_field(project, lab_member):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _log(lab_member, project, kind="party", title=" ", happened_on=tomorrow, users_count=-1)

    assert exc.value.message_dict == {
        "kind": ["Choisissez la nature de l'activité."],
        "title": ["Donnez un intitulé à l'activité, ex. « Atelier d'idéation »."],
        "happened_on": [
            "La date ne peut pas être dans le futur : le journal consigne ce qui a eu lieu."
        ],
        "users_count": ["Indiquez un nombre de participants positif ou nul."],
    }
    assert not Activity.objects.exists()


def test_update_keeps_what_is_not_changed_and_audits_the_changes(project, partner_member):
    activity = _log(partner_member, project)

    activity_update(actor=partner_member, activity=activity, data={"users_count": 9})

    activity.refresh_from_db()
    assert (activity.title, activity.users_count) == ("Atelier d'idéation", 9)
    assert AuditEntry.objects.get(action="projects.activity_update").changes == {
        "users_count": [4, 9]
    }


def test_update_refuses_bad_data_and_keeps_the_entry(project, lab_member):
    activity = _log(lab_member, project)
    with pytest.raises(ValidationError):
        activity_update(actor=lab_member, activity=activity, data={"title": ""})
    activity.refresh_from_db()
    assert activity.title == "Atelier d'idéation"


def test_delete_is_audited_and_reserved_to_the_teams(project, lab_member, outsider):
    activity = _log(lab_member, project)
    with pytest.raises(PermissionDenied):
        activity_delete(actor=outsider, activity=activity)

    activity_delete(actor=lab_member, activity=activity)

    assert not Activity.objects.exists()
    assert AuditEntry.objects.get(action="projects.activity_delete").changes == {
        "project": "accueil-usagers",
        "title": "Atelier d'idéation",
    }
