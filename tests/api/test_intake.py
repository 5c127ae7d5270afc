"""The single window in API v1: same permissions and messages as the pages."""

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from labnet.intake.enums import RequestStatus
from labnet.intake.models import Request
from labnet.search.services import project_index_update
from tests.factories import (
    BoostSlotFactory,
    LabFactory,
    MembershipFactory,
    ProjectFactory,
    RegionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.intake.helpers import answered, draft_for, sent_to

from .conftest import client_with_token

pytestmark = pytest.mark.django_db

COMPLETE = {
    "title": "Accueil en sous-préfecture",
    "problem": "Trop d'attente.",
    "affected_people": "Les usagers",
    "tried": "Des rendez-vous",
    "stakeholders": "La sous-préfecture",
    "organisation_name": "Sous-préfecture des Andelys",
    "region": "28",
}


@pytest.fixture
def other_lab(db):
    return LabFactory(key="lab-o", name="Le Lab'O")


@pytest.fixture
def other_member(other_lab):
    return MembershipFactory(lab=other_lab).user


def _decide(client, request, **body):
    return client.post(
        f"/api/v1/requests/{request.public_id}/decisions/",
        {"version": request.version, **body},
        format="json",
    )


# --- create -----------------------------------------------------------------------------------


def test_create_a_draft_with_all_fields(agent):
    RegionFactory()
    theme = ThemeFactory(key="accueil", name_fr="Accueil")
    client = client_with_token(agent)

    response = client.post(
        "/api/v1/requests/", {"title": "Idée", "region": "28", "themes": ["accueil"]}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    request = Request.objects.get()
    assert body["public_id"] == str(request.public_id)
    assert (body["status"], body["channel"], body["title"]) == ("draft", "api", "Idée")
    assert body["themes"] == [{"key": "accueil", "name": "Accueil"}]
    assert body["lab"] is None and body["version"] == 1
    assert [e["kind"] for e in body["events"]] == ["created"]
    assert body["url"] == f"http://testserver/guichet/demandes/{request.public_id}/"
    assert list(request.themes.all()) == [theme]
    assert request.current_step == 1


def test_create_and_submit_in_one_go(agent, lab, lab_member, django_capture_on_commit_callbacks):
    RegionFactory()
    client = client_with_token(agent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/requests/", {**COMPLETE, "lab": lab.key, "submit": True}, format="json"
        )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["lab"]) == (
        "submitted",
        {"key": "innovmandie", "name": "Innov'mandie"},
    )
    assert body["routed_automatically"] is False
    assert [e["kind"] for e in body["events"]] == ["created", "submitted"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agent.email, lab_member.email])


def test_submitting_an_incomplete_request_creates_nothing(agent, lab):
    client = client_with_token(agent)
    response = client.post(
        "/api/v1/requests/", {"title": "Idée", "lab": lab.key, "submit": True}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {
        "field": "problem",
        "message": "Décrivez le problème rencontré ou votre idée.",
        "code": "invalid",
    } in errors
    assert {e["field"] for e in errors} == {
        "problem",
        "affected_people",
        "tried",
        "stakeholders",
        "organisation",
        "region",
    }
    assert Request.objects.count() == 0


def test_unknown_references_are_named(agent):
    client = client_with_token(agent)
    response = client.post("/api/v1/requests/", {"lab": "nulle-part"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "lab",
                "message": "Laboratoire inconnu : « nulle-part ».",
                "code": "does_not_exist",
            }
        ]
    }
    assert Request.objects.count() == 0


def test_anonymous_callers_get_401(api, agent, lab):
    request = sent_to(lab, author=agent)
    assert api.get("/api/v1/requests/").status_code == 401
    assert api.post("/api/v1/requests/", {}, format="json").status_code == 401
    assert api.get(f"/api/v1/requests/{request.public_id}/").status_code == 401
    assert api.post(f"/api/v1/requests/{request.public_id}/decisions/").status_code == 401
    similar = api.get(f"/api/v1/requests/{request.public_id}/similar-projects/")
    assert similar.status_code == 401


# --- read ---------------------------------------------------------------------------------------


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["public_id"] for row in response.json()["results"]}


def test_who_lists_what(agent, lab, lab_member, other_lab, other_member, coordinator):
    draft = draft_for(agent)
    mine = sent_to(lab, author=agent)
    co_authored = sent_to(other_lab)
    co_authored.co_authors.add(agent)
    closed = sent_to(lab, status=RequestStatus.DECLINED)

    assert _ids(client_with_token(agent).get("/api/v1/requests/")) == {
        str(draft.public_id),
        str(mine.public_id),
        str(co_authored.public_id),
    }
    member = client_with_token(lab_member)
    assert _ids(member.get("/api/v1/requests/")) == set()
    # The inbox: open requests only.
    assert _ids(member.get("/api/v1/requests/?lab=innovmandie")) == {str(mine.public_id)}
    coordination = client_with_token(coordinator)
    assert _ids(coordination.get("/api/v1/requests/")) == {
        str(mine.public_id),
        str(co_authored.public_id),
        str(closed.public_id),
    }
    assert _ids(coordination.get("/api/v1/requests/?lab=lab-o")) == {str(co_authored.public_id)}


def test_another_labs_inbox_is_forbidden_and_an_unknown_lab_named(other_member, agent, lab):
    client = client_with_token(other_member)
    assert client.get("/api/v1/requests/?lab=innovmandie").status_code == 403
    assert client_with_token(agent).get("/api/v1/requests/?lab=innovmandie").status_code == 403
    response = client.get("/api/v1/requests/?lab=nulle-part")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "lab",
            "message": "Laboratoire inconnu : « nulle-part ».",
            "code": "does_not_exist",
        }
    ]


ALL_DECISIONS = ["accept", "boost", "redirect_lab", "redirect_out", "ask_info", "decline"]


@pytest.mark.parametrize(
    "who, status, actions",
    [
        ("agent", 200, ["withdraw"]),
        ("lab_member", 200, ALL_DECISIONS),
        ("coordinator", 200, []),
        ("other_member", 404, None),
    ],
)
def test_detail_with_history(request, agent, lab, who, status, actions):
    sent = sent_to(lab, author=agent, title="Accueil")
    response = client_with_token(request.getfixturevalue(who)).get(
        f"/api/v1/requests/{sent.public_id}/"
    )
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["title"] == "Accueil"
        assert body["author"] == "Agnès Agent"
        assert body["events"][0]["kind"] == "submitted"
        assert body["events"][0]["to_lab"] == {"key": "innovmandie", "name": "Innov'mandie"}
        assert body["is_overdue"] is False
        assert body["actions"] == actions


def test_a_draft_is_only_its_authors(agent, coordinator, lab_member, lab):
    draft = draft_for(agent, lab=lab)
    for user in (coordinator, lab_member):
        response = client_with_token(user).get(f"/api/v1/requests/{draft.public_id}/")
        assert response.status_code == 404


def test_an_unknown_id_is_404(agent):
    client = client_with_token(agent)
    assert client.get("/api/v1/requests/00000000-0000-0000-0000-000000000000/").status_code == 404


# --- decisions ----------------------------------------------------------------------------------


def test_accept_through_the_api(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    response = _decide(client_with_token(lab_member), request, decision="accept")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["project"] is not None
    assert body["version"] == 2
    assert body["events"][-1]["kind"] == "accepted"
    assert body["events"][-1]["actor"] == "Martin Membre"


def test_a_stale_version_is_a_409_and_changes_nothing(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    client = client_with_token(lab_member)
    _decide(client, request, decision="ask_info", message="Où ?")

    response = _decide(client, request, decision="decline", reason="Non")

    assert response.status_code == 409
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "message": "Cette demande a changé entre-temps (en attente de précisions de "
                "l'auteur) : rechargez la page.",
                "code": "stale",
            }
        ]
    }
    request.refresh_from_db()
    assert request.status == RequestStatus.WAITING_AUTHOR


@pytest.mark.parametrize(
    "who, status", [("agent", 403), ("coordinator", 403), ("other_member", 404)]
)
def test_decisions_by_others_are_refused(request, agent, lab, who, status):
    sent = sent_to(lab, author=agent)
    response = _decide(client_with_token(request.getfixturevalue(who)), sent, decision="accept")
    assert response.status_code == status
    assert response.json()["errors"][0]["field"] is None
    sent.refresh_from_db()
    assert sent.status == RequestStatus.SUBMITTED


def test_illegal_or_incomplete_decisions_are_structured_errors(agent, lab, lab_member):
    request = sent_to(lab, author=agent)
    client = client_with_token(lab_member)

    assert _decide(client, request, decision="decline").json()["errors"] == [
        {
            "field": "reason",
            "message": "Indiquez le motif du refus : il sera transmis à l'auteur.",
            "code": "invalid",
        }
    ]
    assert _decide(client, request, decision="teleport").json()["errors"] == [
        {
            "field": "decision",
            "message": "Décision inconnue : « teleport ».",
            "code": "invalid_choice",
        }
    ]
    response = _decide(client, request, decision="redirect_lab", lab="nulle-part")
    assert response.json()["errors"][0]["message"] == "Laboratoire inconnu : « nulle-part »."
    assert _decide(client, request, decision="boost").json()["errors"][0]["code"] == (
        "no_free_slot"
    )
    assert _decide(client, request, decision="decline", reason="Hors champ").status_code == 200
    request.refresh_from_db()
    response = _decide(client, request, decision="accept")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": None,
            "message": "« accepter en accompagnement » n'est pas possible pour une demande "
            "déclinée.",
            "code": "invalid_transition",
        }
    ]


def test_redirect_to_another_lab_through_the_api(agent, lab, lab_member, other_lab):
    request = sent_to(lab, author=agent)
    BoostSlotFactory(lab=lab)
    response = _decide(
        client_with_token(lab_member), request, decision="redirect_lab", lab=other_lab.key
    )
    body = response.json()
    assert body["lab"] == {"key": "lab-o", "name": "Le Lab'O"}
    assert body["events"][-1]["lab"]["key"] == "innovmandie"
    assert body["events"][-1]["to_lab"]["key"] == "lab-o"


# --- similar projects and response times -------------------------------------------------------


def test_similar_projects_of_a_request(agent, lab, other_member):
    project = ProjectFactory(
        title="Réduire l'attente à l'accueil", objective="Moins d'attente au guichet."
    )
    project_index_update(project=project)
    request = sent_to(lab, author=agent, title="L'attente à l'accueil", problem="Attente.")

    response = client_with_token(agent).get(
        f"/api/v1/requests/{request.public_id}/similar-projects/"
    )

    assert response.status_code == 200
    (item,) = response.json()
    assert item["key"] == project.key
    assert item["score"] > 0
    other = client_with_token(other_member)
    assert other.get(f"/api/v1/requests/{request.public_id}/similar-projects/").status_code == 404


def test_response_times_are_public(api):
    fast = LabFactory(key="rapide", name="Rapide")
    answered(fast, 2)
    answered(fast, 30)

    response = api.get("/api/v1/intake/response-times/")

    assert response.status_code == 200
    assert response.json() == {
        "network": {
            "count": 2,
            "median_hours": 16.0,
            "p90_hours": pytest.approx(27.2),
            "within_commitment_share": 0.5,
        },
        "labs": [
            {
                "lab": {"key": "rapide", "name": "Rapide"},
                "times": {
                    "count": 2,
                    "median_hours": 16.0,
                    "p90_hours": pytest.approx(27.2),
                    "within_commitment_share": 0.5,
                },
            }
        ],
    }


# --- query counts ------------------------------------------------------------------------------


# token, (for an inbox: the lab, the member's labs), count (the coordinator's: sent, own
# drafts), the page (lab, author, organisation, region, department, project joined),
# themes, co-authors, history.
LIST_QUERIES = {"agent": 6, "inbox": 8, "coordinator": 7}


@pytest.mark.parametrize("caller", list(LIST_QUERIES))
@pytest.mark.parametrize("size", [1, 3])
def test_list_query_count(
    agent, lab, lab_member, coordinator, django_assert_num_queries, caller, size
):
    for _ in range(size):
        request = sent_to(lab, author=agent)
        request.co_authors.add(UserFactory(), UserFactory())
        request.themes.add(ThemeFactory(), ThemeFactory())
        request.events.create(kind="info_provided", actor=agent, lab=lab)
    client, url = {
        "agent": (client_with_token(agent), "/api/v1/requests/"),
        "inbox": (client_with_token(lab_member), "/api/v1/requests/?lab=innovmandie"),
        "coordinator": (client_with_token(coordinator), "/api/v1/requests/"),
    }[caller]

    with django_assert_num_queries(LIST_QUERIES[caller]):
        response = client.get(url)

    assert len(response.json()["results"]) == size
    assert all(len(row["events"]) == 2 for row in response.json()["results"])


def test_due_dates_are_given_in_iso_format(agent, lab):
    request = sent_to(lab, author=agent, hours_ago=30)
    body = client_with_token(agent).get(f"/api/v1/requests/{request.public_id}/").json()
    due = datetime.datetime.fromisoformat(body["answer_due_at"])
    assert due < timezone.now()
    assert body["is_overdue"] is True


def test_response_times_are_written_as_their_serializer_documents(api):
    """The view builds its body directly (a thousand labs); it is what the documented
    serializer writes, to the byte."""
    from labnet.api.serializers.intake import NetworkResponseTimesSerializer
    from labnet.intake import stats

    answered(LabFactory(key="rapide", name="Rapide"), 2)
    answered(LabFactory(key="lent", name="Lent"), 50, commitment=48)
    answered(LabFactory(key="vide", name="Vide"), 0.5)

    body = api.get("/api/v1/intake/response-times/").json()

    network, by_lab = stats.response_times()
    documented = NetworkResponseTimesSerializer({"network": network, "labs": by_lab}).data
    assert body == json.loads(json.dumps(documented))
    assert [row["lab"]["key"] for row in body["labs"]] == ["lent", "rapide", "vide"]


def test_the_coordinators_list_is_counted_as_it_lists(agent, lab, coordinator):
    """Counted as two index-only counts (sent, own drafts): the same number as the list."""
    from labnet.intake.selectors import request_list_count, request_list_visible

    sent_to(lab, author=agent)
    sent_to(lab, author=coordinator)
    draft_for(coordinator)
    draft_for(agent).co_authors.add(coordinator)
    draft_for(agent)  # someone else's draft: not listed

    listed = request_list_visible(user=coordinator)
    assert request_list_count(user=coordinator) == listed.count() == 4
    assert request_list_count(user=agent) is None
    body = client_with_token(coordinator).get("/api/v1/requests/").json()
    assert (body["count"], len(body["results"])) == (4, 4)
