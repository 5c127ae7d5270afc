"""Who gets what on every page of the single window (200, 302 to sign in, 403, 404)."""

import pytest
from django.urls import reverse

from labnet.intake.enums import RequestStatus
from tests.factories import BoostSlotFactory, UserFactory
from tests.intake.helpers import draft_for, sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_author(db):
    return UserFactory(full_name="Camille Co-autrice")


@pytest.fixture
def sent(lab, agent, co_author):
    request = sent_to(lab, author=agent)
    request.co_authors.add(co_author)
    return request


@pytest.fixture
def draft(agent, co_author):
    request = draft_for(agent)
    request.co_authors.add(co_author)
    return request


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.fixture
def people(request):
    def get(name):
        if name == "stranger":
            return UserFactory(full_name="Inconnu")
        return request.getfixturevalue(name)

    return get


@pytest.mark.parametrize(
    "who, status",
    [
        ("agent", 200),
        ("co_author", 200),
        ("lab_member", 200),
        ("lab_lead", 200),
        ("other_member", 404),
        ("coordinator", 200),
        ("stranger", 404),
    ],
)
def test_tracking_page(client, people, sent, who, status):
    assert _get(client, people(who), sent.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    "who, status",
    [
        ("agent", 200),
        ("co_author", 200),
        ("lab_member", 404),
        ("other_member", 404),
        ("coordinator", 404),
        ("stranger", 404),
    ],
)
def test_a_draft_is_seen_by_its_authors_only(client, people, draft, who, status):
    user = people(who)
    for url in (
        draft.get_absolute_url(),
        reverse("intake:request_step", kwargs={"public_id": draft.public_id, "step": 3}),
        reverse("intake:request_review", kwargs={"public_id": draft.public_id}),
    ):
        assert _get(client, user, url).status_code == status, url


def test_a_sent_request_has_no_steps_any_more(client, agent, sent):
    client.force_login(agent)
    url = reverse("intake:request_step", kwargs={"public_id": sent.public_id, "step": 1})
    assert client.get(url).status_code == 404
    review = reverse("intake:request_review", kwargs={"public_id": sent.public_id})
    assert client.get(review).status_code == 404


@pytest.mark.parametrize(
    "who, status",
    [
        ("agent", 403),
        ("co_author", 403),
        ("lab_member", 200),
        ("lab_lead", 200),
        ("other_member", 403),
        ("coordinator", 200),
    ],
)
def test_inbox_and_slots_pages(client, people, lab, who, status):
    user = people(who)
    for url in (
        reverse("intake:lab_inbox", kwargs={"lab_key": lab.key}),
        reverse("intake:lab_slots", kwargs={"lab_key": lab.key}),
    ):
        response = _get(client, user, url)
        assert response.status_code == status, url
        if status == 403:
            assert (
                "La boîte de réception d&#x27;Innov&#x27;mandie est réservée à son équipe et à la "
                "coordination nationale." in response.content.decode()
            )


def test_unknown_lab_is_404(client, lab_member):
    client.force_login(lab_member)
    assert client.get("/guichet/laboratoires/nulle-part/").status_code == 404
    assert client.get("/guichet/laboratoires/nulle-part/coups-de-pouce/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/guichet/proposer/",
        "/guichet/demandes/",
        "/guichet/laboratoires/innovmandie/",
        "/guichet/laboratoires/innovmandie/coups-de-pouce/",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, lab, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/compte/connexion/")


def test_anonymous_visitors_are_sent_to_sign_in_from_a_request(client, sent):
    response = client.get(sent.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith("/compte/connexion/")
    response = client.post(reverse("intake:request_decision", kwargs={"public_id": sent.public_id}))
    assert response.status_code == 302


def test_public_response_times_page(client):
    assert client.get("/guichet/delais/").status_code == 200


def test_any_signed_in_agent_proposes_and_lists_their_requests(client, agent):
    client.force_login(agent)
    assert client.get("/guichet/proposer/").status_code == 200
    assert client.get("/guichet/demandes/").status_code == 200
    assert client.get("/guichet/").status_code == 302


@pytest.mark.parametrize(
    "who, status", [("agent", 403), ("co_author", 403), ("other_member", 404), ("stranger", 404)]
)
def test_decisions_by_anyone_but_the_lab_team_are_refused(client, people, sent, who, status):
    client.force_login(people(who))
    response = client.post(
        reverse("intake:request_decision", kwargs={"public_id": sent.public_id}),
        {"decision": "accept", "accept-version": sent.version},
    )
    assert response.status_code == status
    if status == 403:
        assert "Seule l&#x27;équipe du laboratoire de la demande peut y répondre." in (
            response.content.decode()
        )
    sent.refresh_from_db()
    assert sent.status == RequestStatus.SUBMITTED


def test_coordinator_follows_but_does_not_decide(client, coordinator, sent):
    client.force_login(coordinator)
    response = client.post(
        reverse("intake:request_decision", kwargs={"public_id": sent.public_id}),
        {"decision": "accept", "accept-version": sent.version},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("who, status", [("lab_member", 403), ("other_member", 404)])
@pytest.mark.parametrize(
    "action", ["request_provide_info", "request_withdraw", "request_book_slot"]
)
def test_author_actions_by_others_are_refused(client, people, sent, who, status, action):
    client.force_login(people(who))
    response = client.post(reverse(f"intake:{action}", kwargs={"public_id": sent.public_id}))
    assert response.status_code == status
    if status == 403:
        assert "Seuls l&#x27;auteur et les co-auteurs de la demande peuvent faire cela." in (
            response.content.decode()
        )


@pytest.mark.parametrize("who, status", [("lab_member", 404), ("stranger", 404)])
def test_only_authors_share_a_draft(client, people, draft, who, status):
    client.force_login(people(who))
    response = client.post(
        reverse("intake:request_coauthor_add", kwargs={"public_id": draft.public_id}),
        {"email": "x@example.fr"},
    )
    assert response.status_code == status


@pytest.mark.parametrize("who, status", [("coordinator", 403), ("other_member", 403)])
def test_only_the_team_publishes_or_removes_slots(client, people, lab, who, status):
    slot = BoostSlotFactory(lab=lab)
    client.force_login(people(who))
    url = reverse("intake:lab_slots", kwargs={"lab_key": lab.key})
    response = client.post(url, {"day": "2031-01-02", "start_time": "10:00", "end_time": "11:00"})
    assert response.status_code == status
    delete = reverse("intake:lab_slot_delete", kwargs={"lab_key": lab.key, "slot_id": slot.pk})
    assert client.post(delete).status_code == status
    slot.refresh_from_db()


def test_the_pages_render_in_english_too(client, agent, lab, lab_member, sent, draft):
    client.force_login(lab_member)
    for url in [
        "/en/guichet/delais/",
        f"/en/guichet/laboratoires/{lab.key}/",
        f"/en/guichet/laboratoires/{lab.key}/coups-de-pouce/",
        f"/en/guichet/demandes/{sent.public_id}/",
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(agent)
    for url in [
        "/en/guichet/proposer/",
        "/en/guichet/demandes/",
        f"/en/guichet/demandes/{draft.public_id}/etape/5/",
        f"/en/guichet/demandes/{draft.public_id}/relecture/",
    ]:
        assert client.get(url).status_code == 200, url
