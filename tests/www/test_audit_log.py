"""Writes through the Django admin are on the record with before and after values; the
audit page shows the coordination everything and a lab's lead their lab's entries, with
filters, pages and a CSV export safe for spreadsheets."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labnet.accounts.api_tokens import api_token_create
from labnet.core.admin import AuditedAdminMixin
from labnet.core.audit_chain import audit_chain_verify
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.labs.models import Lab
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG = "/audit/"
EXPORT = "/audit/export.csv"


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, full_name="Ada Admin")


def _admin_change(client, superuser, lab, **overrides):
    client.force_login(superuser)
    url = reverse("admin:labs_lab_change", args=[lab.pk])
    page = client.get(url).context
    form = page["adminform"].form
    data = {}
    for inline in page["inline_admin_formsets"]:  # no rows in these tests
        prefix = inline.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple | set):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data.update(overrides)
    return client.post(url, data)


def test_every_registered_admin_is_audited():
    assert admin.site._registry
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdminMixin), model


def test_renaming_a_lab_in_the_admin_is_recorded_with_before_and_after(client, superuser):
    lab = LabFactory(key="innovmandie", name="Innov'mandie")

    response = _admin_change(client, superuser, lab, name="Innov'Normandie")

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="core.admin_change")
    assert (entry.actor, entry.channel, entry.target_type, entry.target_id) == (
        superuser,
        "admin",
        "labs.lab",
        str(lab.pk),
    )
    assert entry.changes == {"name": ["Innov'mandie", "Innov'Normandie"]}
    assert audit_chain_verify().ok


def test_granting_the_coordinator_flag_in_the_admin_is_recorded_and_no_hash_leaks(
    client, superuser
):
    person = UserFactory(email="cora@modernisation.gouv.fr", full_name="Cora")
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[person.pk])

    response = client.post(
        url,
        {
            "email": person.email,
            "full_name": "Cora",
            "is_active": "on",
            "is_coordinator": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="core.admin_change", target_type="accounts.user")
    assert entry.changes["is_coordinator"] == [False, True]
    assert person.password not in str(entry.changes)


def test_an_inline_row_added_in_the_admin_is_recorded(client, superuser):
    person = UserFactory(email="m@x.gouv.fr", full_name="M")
    lab = LabFactory()
    client.force_login(superuser)

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {
            "email": person.email,
            "full_name": "M",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-lab": lab.pk,
            "memberships-0-role": "lead",
            "memberships-0-user": person.pk,
        },
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="core.admin_add", target_type="accounts.membership")
    assert entry.changes["role"] == [None, "lead"]
    assert entry.changes["lab"] == [None, lab.pk]


def test_deleting_in_the_admin_one_or_in_bulk_is_recorded_with_what_was_deleted(client, superuser):
    first, second, third = (LabFactory(name=n) for n in ("Un", "Deux", "Trois"))
    client.force_login(superuser)

    client.post(reverse("admin:labs_lab_delete", args=[first.pk]), {"post": "yes"})
    client.post(
        reverse("admin:labs_lab_changelist"),
        {"action": "delete_selected", "_selected_action": [second.pk, third.pk], "post": "yes"},
    )

    assert not Lab.objects.exists()
    deleted = AuditEntry.objects.filter(action="core.admin_delete").order_by("seq")
    assert [e.changes["deleted"]["name"] for e in deleted] == ["Un", "Deux", "Trois"]
    assert all(e.channel == "admin" and e.actor == superuser for e in deleted)


def test_an_admin_action_is_recorded(client, superuser, agent):
    token = api_token_create(actor=agent, name="script").token
    client.force_login(superuser)

    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    entry = AuditEntry.objects.get(action="core.admin_action")
    assert entry.changes == {
        "action": "revoke",
        "model": "accounts.apitoken",
        "ids": [str(token.pk)],
    }
    assert entry.actor == superuser and entry.channel == "admin"
    # ...and what the action did is an entry of its own.
    assert AuditEntry.objects.get(action="accounts.api_token_revoke").channel == "admin"


# --- the page ------------------------------------------------------------------------------------


def test_an_admin_edit_appears_on_the_audit_page_with_before_and_after(
    client, superuser, coordinator
):
    lab = LabFactory(name="Innov'mandie")
    _admin_change(client, superuser, lab, name="Innov'Normandie")
    client.force_login(coordinator)

    response = client.get(LOG)

    assert response.status_code == 200
    html = response.content.decode()
    assert "core.admin_change" in html
    assert "Innov&#x27;mandie → Innov&#x27;Normandie" in html
    assert "Ada Admin" in html and "administration" in html


@pytest.fixture
def two_labs(db):
    mine = LabFactory(key="mine", name="Mon lab")
    theirs = LabFactory(key="theirs", name="Leur lab")
    lead = MembershipFactory(lab=mine, lead=True, user__full_name="Léa Lead").user
    other_lead = MembershipFactory(lab=theirs, lead=True, user__full_name="Otto").user
    member = MembershipFactory(lab=mine, user__full_name="Martin").user
    project = ProjectFactory(lead_lab=mine, title="Projet du lab")
    other_project = ProjectFactory(lead_lab=theirs, title="Projet de l'autre")
    audit_record(actor=lead, action="lab.update_profile", target=mine, changes={"x": [1, 2]})
    audit_record(actor=lead, action="project.update", target=project)
    audit_record(actor=other_lead, action="lab.update_profile", target=theirs)
    audit_record(actor=other_lead, action="project.update", target=other_project)
    audit_record(actor=lead, action="user.register", target=lead)  # no lab
    return {
        "lead": lead,
        "other_lead": other_lead,
        "member": member,
        "mine": mine,
        "project": project,
    }


def _shown(response) -> list[str]:
    return [e.target_repr for e in response.context["entries"]]


def test_a_lab_lead_sees_only_their_labs_entries(client, two_labs):
    client.force_login(two_labs["lead"])

    response = client.get(LOG)

    assert response.status_code == 200
    assert _shown(response) == ["Projet du lab", "Mon lab"]


def test_another_labs_lead_sees_theirs(client, two_labs):
    client.force_login(two_labs["other_lead"])

    assert _shown(client.get(LOG)) == ["Projet de l'autre", "Leur lab"]


def test_the_coordination_sees_everything(client, two_labs, coordinator):
    client.force_login(coordinator)

    assert len(_shown(client.get(LOG))) == 5


@pytest.mark.parametrize("who", ["agent", "member"])
def test_others_are_refused_with_a_reason(client, two_labs, agent, who):
    client.force_login(agent if who == "agent" else two_labs["member"])

    for url in (LOG, EXPORT):
        response = client.get(url)
        assert response.status_code == 403
        assert "réservé à la coordination nationale" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for url in (LOG, EXPORT):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_filters_by_actor_action_target_type_and_dates(client, two_labs, coordinator):
    client.force_login(coordinator)

    assert _shown(client.get(LOG, {"actor": "otto"})) == ["Projet de l'autre", "Leur lab"]
    assert _shown(client.get(LOG, {"action": "project."})) == [
        "Projet de l'autre",
        "Projet du lab",
    ]
    assert _shown(client.get(LOG, {"target_type": "labs.lab"})) == ["Leur lab", "Mon lab"]
    today = timezone.localdate()
    assert len(_shown(client.get(LOG, {"since": today, "until": today}))) == 5
    assert _shown(client.get(LOG, {"until": today - timedelta(days=1)})) == []


def test_a_bad_filter_is_refused_in_french_and_kept(client, two_labs, coordinator):
    client.force_login(coordinator)

    response = client.get(LOG, {"actor": "otto", "since": "2026-12-05", "until": "2026-12-01"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "La date de fin précède la date de début." in html
    assert 'value="otto"' in html


def test_the_page_is_paginated_in_a_bounded_number_of_queries(client, coordinator):
    lab = LabFactory()
    actor = UserFactory()
    client.force_login(coordinator)

    def count(n):
        for i in range(n):
            audit_record(actor=actor, action="lab.update", target=lab, changes={"i": i})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LOG).status_code == 200
        return len(queries)

    assert count(1) == count(2)
    for i in range(60):
        audit_record(actor=actor, action="lab.update", target=lab, changes={"i": i})
    response = client.get(LOG, {"page": 2})
    assert response.context["page_obj"].number == 2
    assert len(response.context["entries"]) == 13  # 63 in all, 50 on page 1


def test_csv_export_is_streamed_scoped_and_spreadsheet_safe(client, two_labs):
    lab = two_labs["mine"]
    audit_record(
        actor=two_labs["lead"],
        action="lab.update_profile",
        target=lab,
        changes={"summary": ["", '=HYPERLINK("http://x")']},
    )
    lab_entry = AuditEntry.objects.filter(target_type="labs.lab", target_id=str(lab.pk)).first()
    assert lab_entry is not None
    client.force_login(two_labs["lead"])

    response = client.get(EXPORT, {"target_type": "labs.lab"})

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Numéro", "Date", "Auteur"]
    assert [row[7] for row in rows[1:]] == ["Mon lab", "Mon lab"]
    assert rows[1][8].startswith('{"summary"')
    # A text that starts like a formula is written as text.
    audit_record(actor=None, action="=cmd", target=lab)
    text = b"".join(client.get(EXPORT).streaming_content).decode("utf-8")
    assert ";'=cmd;" in text
    # The export itself is on the record.
    assert AuditEntry.objects.filter(action="core.audit_log_export").count() == 2


def test_the_profile_links_the_page_only_for_those_who_read_it(client, two_labs, agent):
    client.force_login(two_labs["lead"])
    assert LOG in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(agent)
    assert LOG not in client.get(reverse("accounts:profile")).content.decode()
