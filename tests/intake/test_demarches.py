"""Intake from Démarches simplifiées: connection service, webhook, GraphQL fetch and mapping.

Only the outside network is replaced: the API client's httpx.Client runs on a MockTransport
that answers with the recorded DS answers in fixtures/demarches/ (see
docs/demarches-simplifiees.md). Everything else (tasks, services, e-mails) runs for real.
"""

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from labnet.core.models import AuditEntry
from labnet.intake import demarches, services_demarches
from labnet.intake.enums import RequestChannel, RequestStatus
from labnet.intake.models import DemarchesConnection, Request
from labnet.intake.selectors import lab_inbox
from labnet.intake.services_demarches import (
    demarches_connection_create,
    demarches_connection_update,
    demarches_dossier_import,
)
from tests.factories import DepartmentFactory, LabFactory, MembershipFactory, UserFactory

FIXTURES = Path(__file__).parent / "fixtures" / "demarches"
PROCEDURE = 98765
DOSSIER = 18734562
API_TOKEN = "jeton-api-de-test"
FIELD_MAP = {
    "title": "Intitulé de votre idée",
    "problem": "Quel problème rencontrez-vous ?",
    "affected_people": "Qui en souffre ?",
    # DS's form says « Qu’avez-vous » (typographic apostrophe): labels match loosely.
    "tried": "Qu'avez-vous déjà essayé ?",
    "stakeholders": "Qui est impliqué ?",
    "department": "Département",
}


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


class RecordedDemarches:
    """Stands in for DS's GraphQL endpoint: answers per dossier number, keeps every request."""

    def __init__(self):
        self.requests: list[httpx.Request] = []
        self.answers: dict[int, object] = {}

    def answer(self, number: int, body=None, *, status: int = 200, raises=None):
        self.answers[number] = (status, body, raises)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        number = json.loads(request.content)["variables"]["number"]
        status, body, raises = self.answers.get(number, (200, recorded("dossier_not_found"), None))
        if raises is not None:
            raise raises
        if isinstance(body, str):
            return httpx.Response(status, text=body, headers={"Content-Type": "text/html"})
        return httpx.Response(status, json=body)


@pytest.fixture
def ds(monkeypatch):
    recorder = RecordedDemarches()
    monkeypatch.setattr(
        demarches,
        "http_client_factory",
        lambda: httpx.Client(transport=httpx.MockTransport(recorder.handler)),
    )
    monkeypatch.setenv("LABNET_DS_API_TOKEN", API_TOKEN)
    monkeypatch.delenv("LABNET_DS_API_URL", raising=False)
    return recorder


@pytest.fixture(autouse=True)
def _tasks_must_not_crash():
    """The immediate backend swallows a task's exception: turn it into a test failure."""
    failures = []

    def record(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failures.append(task_result.errors[0].traceback)

    task_finished.connect(record)
    yield failures
    task_finished.disconnect(record)
    assert failures == []


@pytest.fixture
def eure(db):
    return DepartmentFactory(code="27", name="Eure")


@pytest.fixture
def connection(lab, lab_lead, eure):
    return demarches_connection_create(
        actor=lab_lead, lab=lab, procedure_number=PROCEDURE, field_map=FIELD_MAP
    )


def webhook_url(connection) -> str:
    return reverse("demarches_webhook", kwargs={"token": connection.webhook_token})


def post_webhook(client, url, capture, *, procedure_id=PROCEDURE, dossier_id=DOSSIER, state):
    # What DS's WebHookJob sends: a form-encoded POST of these four parameters.
    body = urlencode(
        {
            "procedure_id": procedure_id,
            "dossier_id": dossier_id,
            "state": state,
            "updated_at": "2025-03-14 09:32:42 UTC",
        }
    )
    with capture(execute=True):
        return client.post(url, body, content_type="application/x-www-form-urlencoded")


def fetch_failures():
    return list(
        AuditEntry.objects.filter(action="intake.demarches_dossier_import_failed").values_list(
            "changes", flat=True
        )
    )


# --- the connection service -----------------------------------------------------------------


def test_the_lab_lead_connects_a_procedure_with_a_secret_token_and_an_audit_entry(lab, lab_lead):
    connection = demarches_connection_create(
        actor=lab_lead, lab=lab, procedure_number="98765", field_map=FIELD_MAP
    )

    assert connection.lab == lab
    assert connection.procedure_number == PROCEDURE
    assert connection.field_map == FIELD_MAP
    assert connection.is_active is True
    assert len(connection.webhook_token) >= 43
    entry = AuditEntry.objects.get(action="intake.demarches_connection_create")
    assert entry.actor == lab_lead
    assert entry.target_id == str(connection.pk)
    assert entry.changes == {
        "lab": str(lab.pk),
        "procedure_number": PROCEDURE,
        "field_map": FIELD_MAP,
    }
    # The token is the webhook's only credential: it never goes into the audit trail.
    assert connection.webhook_token not in json.dumps(entry.changes)


def test_each_connection_gets_its_own_token(lab, lab_lead):
    first = demarches_connection_create(
        actor=lab_lead, lab=lab, procedure_number=1, field_map=FIELD_MAP
    )
    second = demarches_connection_create(
        actor=lab_lead, lab=lab, procedure_number=2, field_map=FIELD_MAP
    )
    assert first.webhook_token != second.webhook_token


def test_the_coordinator_connects_any_lab(coordinator):
    other_lab = LabFactory()
    connection = demarches_connection_create(
        actor=coordinator, lab=other_lab, procedure_number=PROCEDURE, field_map=FIELD_MAP
    )
    assert connection.lab == other_lab
    assert AuditEntry.objects.get(action="intake.demarches_connection_create").actor == coordinator


@pytest.mark.parametrize("who", ["lab_member", "agent", "lead_of_another_lab", "anonymous"])
def test_only_the_lead_or_the_coordinator_connects_a_procedure(who, lab, lab_member, agent):
    from django.contrib.auth.models import AnonymousUser

    actor = {
        "lab_member": lab_member,
        "agent": agent,
        "lead_of_another_lab": MembershipFactory(lead=True).user,
        "anonymous": AnonymousUser(),
    }[who]
    with pytest.raises(PermissionDenied):
        demarches_connection_create(
            actor=actor, lab=lab, procedure_number=PROCEDURE, field_map=FIELD_MAP
        )
    assert DemarchesConnection.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("procedure_number", "field_map", "field", "message"),
    [
        (0, FIELD_MAP, "procedure_number", "Indiquez le numéro de la démarche"),
        ("abc", FIELD_MAP, "procedure_number", "Indiquez le numéro de la démarche"),
        (PROCEDURE, {**FIELD_MAP, "budget": "Budget"}, "field_map", "inconnus : budget"),
        (PROCEDURE, {"title": "Intitulé"}, "field_map", "au moins : problem"),
        (PROCEDURE, {**FIELD_MAP, "tried": "  "}, "field_map", "pour « tried »"),
        (PROCEDURE, ["title"], "field_map", "doit associer"),
    ],
)
def test_a_bad_connection_is_refused_with_a_clear_message_and_nothing_written(
    lab, lab_lead, procedure_number, field_map, field, message
):
    with pytest.raises(ValidationError) as error:
        demarches_connection_create(
            actor=lab_lead, lab=lab, procedure_number=procedure_number, field_map=field_map
        )
    assert message in " ".join(error.value.message_dict[field])
    assert DemarchesConnection.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_procedure_is_connected_once_per_lab(connection, lab, lab_lead):
    with pytest.raises(ValidationError) as error:
        demarches_connection_create(
            actor=lab_lead, lab=lab, procedure_number=PROCEDURE, field_map=FIELD_MAP
        )
    assert error.value.message_dict["procedure_number"] == [
        "Ce laboratoire est déjà connecté à cette démarche."
    ]
    assert DemarchesConnection.objects.count() == 1


def test_the_lead_pauses_a_connection_and_the_change_is_audited(connection, lab_lead):
    demarches_connection_update(actor=lab_lead, connection=connection, is_active=False)

    connection.refresh_from_db()
    assert connection.is_active is False
    entry = AuditEntry.objects.get(action="intake.demarches_connection_update")
    assert entry.actor == lab_lead
    assert entry.changes == {"is_active": [True, False]}


def test_a_member_cannot_change_a_connection(connection, lab_member):
    with pytest.raises(PermissionDenied):
        demarches_connection_update(actor=lab_member, connection=connection, is_active=False)
    connection.refresh_from_db()
    assert connection.is_active is True


# --- the webhook: who may call it -----------------------------------------------------------


def test_an_unknown_token_is_not_found(client, connection, ds, django_capture_on_commit_callbacks):
    url = reverse("demarches_webhook", kwargs={"token": "pas-le-bon-jeton"})
    response = post_webhook(
        client, url, django_capture_on_commit_callbacks, state="en_construction"
    )
    assert response.status_code == 404
    assert ds.requests == []
    assert Request.objects.count() == 0


def test_a_paused_connection_is_not_found(
    client, connection, lab_lead, ds, django_capture_on_commit_callbacks
):
    demarches_connection_update(actor=lab_lead, connection=connection, is_active=False)
    response = post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )
    assert response.status_code == 404
    assert ds.requests == []


def test_a_call_for_another_procedure_is_refused(
    client, connection, ds, django_capture_on_commit_callbacks
):
    response = post_webhook(
        client,
        webhook_url(connection),
        django_capture_on_commit_callbacks,
        procedure_id=PROCEDURE + 1,
        state="en_construction",
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "procedure_id",
                "message": "Cette adresse ne correspond pas à cette démarche.",
                "code": "invalid",
            }
        ]
    }
    assert ds.requests == []
    assert Request.objects.count() == 0


def test_a_call_without_a_dossier_number_is_refused(
    client, connection, ds, django_capture_on_commit_callbacks
):
    response = post_webhook(
        client,
        webhook_url(connection),
        django_capture_on_commit_callbacks,
        dossier_id="",
        state="en_construction",
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["dossier_id"]
    assert ds.requests == []


def test_the_webhook_only_accepts_post(client, connection):
    assert client.get(webhook_url(connection)).status_code == 405


@pytest.mark.parametrize("state", ["accepte", "refuse", "sans_suite"])
def test_a_decision_taken_in_ds_creates_nothing(
    client, connection, ds, state, django_capture_on_commit_callbacks
):
    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    response = post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state=state
    )
    assert response.status_code == 200
    assert response.json() == {"status": "ignored"}
    assert ds.requests == []
    assert Request.objects.count() == 0


# --- the full flow --------------------------------------------------------------------------


def test_a_submitted_dossier_becomes_one_request_in_the_labs_inbox(
    client, lab, lab_lead, connection, eure, ds, django_capture_on_commit_callbacks
):
    ds.answer(DOSSIER, recorded("dossier_en_construction"))

    response = post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )

    assert response.status_code == 202
    assert response.json() == {"status": "queued"}
    request = Request.objects.get()
    assert request.lab == lab
    assert request.channel == RequestChannel.DEMARCHES_SIMPLIFIEES
    assert request.ds_connection == connection
    assert request.external_ref == str(DOSSIER)
    assert request.status == RequestStatus.SUBMITTED
    assert request.submitted_at is not None
    assert request.author is None
    assert request.author_email == "claire.lefevre@eure.gouv.fr"
    assert request.author_name == "Claire Lefèvre"
    assert request.title == "Simplifier la prise de rendez-vous pour les titres de séjour"
    assert request.problem == (
        "Les usagers attendent plus de trois mois un rendez-vous en sous-préfecture.\n"
        "Les créneaux en ligne sont pris en quelques minutes et l'accueil reçoit chaque jour "
        "des personnes sans rendez-vous."
    )
    assert request.affected_people == (
        "Les ressortissants étrangers et les agents d'accueil de la sous-préfecture des Andelys."
    )
    assert request.tried == (
        "Une ouverture de créneaux supplémentaires le samedi matin, sans effet durable."
    )
    assert request.stakeholders == (
        "Le bureau de l'immigration, la direction du numérique de la préfecture et deux "
        "associations d'aide aux migrants."
    )
    assert request.department == eure
    assert request.region == eure.region
    assert request.answer_due_at == request.submitted_at + timedelta(hours=lab.first_answer_hours)
    assert [waiting.pk for waiting in lab_inbox(user=lab_lead, lab=lab).waiting] == [request.pk]
    # The author has no account: the acknowledgement goes to the address DS knows.
    acknowledgements = [m for m in mail.outbox if m.to == ["claire.lefevre@eure.gouv.fr"]]
    assert [m.subject for m in acknowledgements] == [
        "LabNet : votre demande « Simplifier la prise de rendez-vous pour les titres de séjour »"
        " a été envoyée à Innov'mandie"
    ]
    assert any(lab_lead.email in message.to for message in mail.outbox)
    assert fetch_failures() == []


def test_the_graphql_request_carries_the_bearer_token_and_the_dossier_number(
    client, connection, ds, django_capture_on_commit_callbacks
):
    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )

    [sent] = ds.requests
    assert sent.method == "POST"
    assert str(sent.url) == "https://www.demarches-simplifiees.fr/api/v2/graphql"
    assert sent.headers["Authorization"] == f"Bearer {API_TOKEN}"
    assert sent.headers["Content-Type"] == "application/json"
    body = json.loads(sent.content)
    assert body["variables"] == {"number": DOSSIER}
    assert body["operationName"] == "getDossier"
    assert "dossier(number: $number)" in body["query"]
    assert "champs {" in body["query"]


def test_the_api_url_comes_from_the_environment(
    client, connection, ds, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("LABNET_DS_API_URL", "https://demarches.example.gouv.fr/api/v2/graphql")
    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )
    assert [str(sent.url) for sent in ds.requests] == [
        "https://demarches.example.gouv.fr/api/v2/graphql"
    ]
    assert Request.objects.count() == 1


def test_a_webhook_sent_twice_creates_one_request(
    client, connection, ds, django_capture_on_commit_callbacks
):
    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    url = webhook_url(connection)
    post_webhook(client, url, django_capture_on_commit_callbacks, state="en_construction")
    sent = len(mail.outbox)
    post_webhook(client, url, django_capture_on_commit_callbacks, state="en_construction")

    assert Request.objects.count() == 1
    assert sent > 0
    assert len(mail.outbox) == sent


def test_a_dossier_moving_to_instruction_stays_one_request(
    client, connection, ds, django_capture_on_commit_callbacks
):
    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    url = webhook_url(connection)
    post_webhook(client, url, django_capture_on_commit_callbacks, state="en_construction")
    en_instruction = recorded("dossier_en_construction")
    en_instruction["data"]["dossier"]["state"] = "en_instruction"
    ds.answer(DOSSIER, en_instruction)
    response = post_webhook(client, url, django_capture_on_commit_callbacks, state="en_instruction")

    assert response.status_code == 202
    assert Request.objects.count() == 1
    # Already imported: DS is not asked again.
    assert len(ds.requests) == 1


def test_a_dossier_first_seen_in_instruction_is_imported(
    client, connection, ds, django_capture_on_commit_callbacks
):
    en_instruction = recorded("dossier_en_construction")
    en_instruction["data"]["dossier"]["state"] = "en_instruction"
    ds.answer(DOSSIER, en_instruction)
    post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_instruction"
    )
    assert Request.objects.get().external_ref == str(DOSSIER)


def test_the_same_dossier_number_in_two_labs_procedures_makes_two_requests(
    client, connection, coordinator, ds, django_capture_on_commit_callbacks
):
    other = demarches_connection_create(
        actor=coordinator, lab=LabFactory(), procedure_number=PROCEDURE, field_map=FIELD_MAP
    )
    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    for each in (connection, other):
        post_webhook(
            client, webhook_url(each), django_capture_on_commit_callbacks, state="en_construction"
        )
    assert sorted(Request.objects.values_list("lab_id", flat=True)) == sorted(
        [connection.lab_id, other.lab_id]
    )


# --- failures: logged, audited, nothing half-written, retried by re-sending -------------------


@pytest.mark.parametrize(
    ("answer", "code", "message"),
    [
        ({"body": recorded("dossier_not_found")}, "not_found", "Dossier not found"),
        (
            {"body": recorded("unauthorized")},
            "unauthorized",
            "An object of type Dossier was hidden due to permissions",
        ),
        ({"body": "<html>Bad Gateway</html>", "status": 502}, "http_error", "HTTP 502"),
        ({"body": {"data": None}}, "invalid_response", "The answer has no data"),
        (
            {"raises": httpx.ConnectError("Name or service not known")},
            "unreachable",
            "ConnectError: Name or service not known",
        ),
    ],
)
def test_a_failed_fetch_is_audited_and_writes_nothing(
    client, connection, ds, answer, code, message, django_capture_on_commit_callbacks
):
    ds.answer(DOSSIER, **answer)
    response = post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )

    # DS has had its answer already; the failure is the lab's to see in the audit trail.
    assert response.status_code == 202
    assert Request.objects.count() == 0
    assert mail.outbox == []
    assert fetch_failures() == [{"dossier": DOSSIER, "code": code, "message": message}]
    entry = AuditEntry.objects.get(action="intake.demarches_dossier_import_failed")
    assert entry.target_type == "intake.demarchesconnection"
    assert entry.target_id == str(connection.pk)
    assert entry.channel == AuditEntry.Channel.IMPORT


def test_re_sending_the_webhook_after_a_failure_imports_the_dossier(
    client, connection, ds, django_capture_on_commit_callbacks
):
    url = webhook_url(connection)
    ds.answer(DOSSIER, raises=httpx.ConnectTimeout("timed out"))
    post_webhook(client, url, django_capture_on_commit_callbacks, state="en_construction")
    assert Request.objects.count() == 0

    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    post_webhook(client, url, django_capture_on_commit_callbacks, state="en_construction")

    assert Request.objects.count() == 1
    assert [failure["code"] for failure in fetch_failures()] == ["unreachable"]


def test_without_an_api_token_nothing_is_fetched_and_the_failure_is_audited(
    client, connection, ds, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.delenv("LABNET_DS_API_TOKEN")
    post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )
    assert ds.requests == []
    assert Request.objects.count() == 0
    assert [failure["code"] for failure in fetch_failures()] == ["not_configured"]


def test_a_dossier_of_another_procedure_is_not_imported(
    client, connection, ds, django_capture_on_commit_callbacks
):
    # The webhook names the connection's procedure, but the API token reads others too.
    foreign = recorded("dossier_en_construction")
    foreign["data"]["dossier"]["demarche"]["number"] = 11111
    ds.answer(DOSSIER, foreign)
    post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )
    assert Request.objects.count() == 0
    assert [failure["code"] for failure in fetch_failures()] == ["procedure_mismatch"]


def test_a_dossier_without_the_problem_is_not_imported(
    client, connection, ds, django_capture_on_commit_callbacks
):
    incomplete = recorded("dossier_en_construction")
    for champ in incomplete["data"]["dossier"]["champs"]:
        if champ["label"] == "Quel problème rencontrez-vous ?":
            champ["stringValue"] = ""
    ds.answer(DOSSIER, incomplete)
    post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )
    assert Request.objects.count() == 0
    assert fetch_failures() == [
        {
            "dossier": DOSSIER,
            "code": "missing_field",
            "message": "Empty or absent champ(s): « Quel problème rencontrez-vous ? »",
        }
    ]


def test_an_unexpected_error_is_audited_and_fails_the_task(
    client, connection, ds, monkeypatch, _tasks_must_not_crash, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services_demarches, "request_receive_external", broken)
    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    post_webhook(
        client, webhook_url(connection), django_capture_on_commit_callbacks, state="en_construction"
    )
    assert Request.objects.count() == 0
    assert [failure["code"] for failure in fetch_failures()] == ["internal_error"]
    # The task is marked failed with its traceback, for the operator.
    assert len(_tasks_must_not_crash) == 1
    assert "RuntimeError: boom" in _tasks_must_not_crash[0]
    _tasks_must_not_crash.clear()


def test_a_paused_connection_does_not_import_a_queued_dossier(connection, lab_lead, ds):
    from labnet.intake.services_demarches import demarches_dossier_fetch

    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    demarches_connection_update(actor=lab_lead, connection=connection, is_active=False)
    demarches_dossier_fetch.enqueue(connection_id=connection.pk, dossier_number=DOSSIER)
    assert ds.requests == []
    assert Request.objects.count() == 0


def test_the_import_service_is_idempotent(connection, ds, django_capture_on_commit_callbacks):
    ds.answer(DOSSIER, recorded("dossier_en_construction"))
    with django_capture_on_commit_callbacks(execute=True):
        first, created = demarches_dossier_import(connection=connection, dossier_number=DOSSIER)
    again, created_again = demarches_dossier_import(connection=connection, dossier_number=DOSSIER)
    assert created is True
    assert (again, created_again) == (first, False)
    assert Request.objects.count() == 1


# --- mapping --------------------------------------------------------------------------------


def _dossier(**champs) -> demarches.Dossier:
    return demarches.Dossier(
        number=DOSSIER,
        state="en_construction",
        procedure_number=PROCEDURE,
        deposited_at="2025-03-14T10:32:42+01:00",
        usager_email="a@example.gouv.fr",
        first_name="",
        last_name="",
        champs=list(champs.items()),
    )


@pytest.mark.django_db
def test_labels_match_whatever_the_apostrophe_case_or_spacing():
    dossier = _dossier(
        **{"INTITULÉ  de votre idée": "Une idée", "Quel problème rencontrez‑vous ?": "x"}
    )
    assert demarches.normalize_label("Qu’avez-vous\u00a0déjà  essayé ?") == (
        "qu'avez-vous déjà essayé ?"
    )
    mapped = demarches.map_dossier(
        dossier, {"title": "Intitulé de votre idée", "problem": "Quel problème rencontrez‑vous ?"}
    )
    assert mapped["title"] == "Une idée"
    assert mapped["author_name"] == ""
    assert mapped["department"] is None
    assert mapped["region"] is None


@pytest.mark.django_db
def test_an_overseas_or_corsican_department_is_found_by_its_code():
    corse = DepartmentFactory(
        code="2A", name="Corse-du-Sud", region__code="94", region__name="Corse"
    )
    mapped = demarches.map_dossier(
        _dossier(Titre="T", Problème="P", Département="2A - Corse-du-Sud"),
        {"title": "Titre", "problem": "Problème", "department": "Département"},
    )
    assert mapped["department"] == corse
    assert mapped["region"] == corse.region


@pytest.mark.django_db
def test_an_unknown_department_leaves_the_place_empty():
    mapped = demarches.map_dossier(
        _dossier(Titre="T", Problème="P", Département="99 - Nulle part"),
        {"title": "Titre", "problem": "Problème", "department": "Département"},
    )
    assert mapped["department"] is None


@pytest.mark.django_db
def test_a_long_title_is_cut_to_the_field_length():
    mapped = demarches.map_dossier(
        _dossier(Titre="mot " * 100, Problème="P"), {"title": "Titre", "problem": "Problème"}
    )
    assert len(mapped["title"]) == 200
    assert mapped["title"].endswith("…")


# --- the admin ------------------------------------------------------------------------------


def test_an_administrator_connects_a_procedure_in_the_admin(client, lab):
    admin_user = UserFactory(admin=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:intake_demarchesconnection_add"),
        {"lab": lab.pk, "procedure_number": PROCEDURE, "field_map": json.dumps(FIELD_MAP)},
    )
    assert response.status_code == 302
    connection = DemarchesConnection.objects.get()
    assert len(connection.webhook_token) >= 43
    entry = AuditEntry.objects.get(action="intake.demarches_connection_create")
    assert entry.channel == AuditEntry.Channel.ADMIN
    assert entry.actor == admin_user

    page = client.get(reverse("admin:intake_demarchesconnection_change", args=[connection.pk]))
    assert page.status_code == 200
    assert webhook_url(connection) in page.content.decode()


def test_the_admin_refuses_a_bad_field_map_and_keeps_what_was_typed(client, lab):
    client.force_login(UserFactory(admin=True))
    typed = json.dumps({"title": "Intitulé"})
    response = client.post(
        reverse("admin:intake_demarchesconnection_add"),
        {"lab": lab.pk, "procedure_number": PROCEDURE, "field_map": typed},
    )
    assert response.status_code == 200
    assert "au moins : problem" in response.content.decode()
    assert "Intitulé" in response.content.decode()
    assert DemarchesConnection.objects.count() == 0


def test_a_staff_member_who_does_not_lead_the_lab_cannot_connect_it_in_the_admin(client, lab):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="demarchesconnection"))
    client.force_login(staff)
    response = client.post(
        reverse("admin:intake_demarchesconnection_add"),
        {"lab": lab.pk, "procedure_number": PROCEDURE, "field_map": json.dumps(FIELD_MAP)},
    )
    assert response.status_code == 200
    assert "Seul le responsable du laboratoire" in response.content.decode()
    assert DemarchesConnection.objects.count() == 0


def test_the_admin_pauses_a_connection_through_the_service(client, connection):
    client.force_login(UserFactory(admin=True))
    response = client.post(
        reverse("admin:intake_demarchesconnection_change", args=[connection.pk]),
        {"field_map": json.dumps(FIELD_MAP), "is_active": ""},
    )
    assert response.status_code == 302
    connection.refresh_from_db()
    assert connection.is_active is False
    entry = AuditEntry.objects.get(action="intake.demarches_connection_update")
    assert entry.channel == AuditEntry.Channel.ADMIN
    assert entry.changes == {"is_active": [True, False]}


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("agent", 302), ("admin", 200)])
def test_who_sees_the_connections_in_the_admin(client, agent, connection, who, status):
    if who == "agent":
        client.force_login(agent)
    elif who == "admin":
        client.force_login(UserFactory(admin=True))
    response = client.get(reverse("admin:intake_demarchesconnection_changelist"))
    assert response.status_code == status
