"""The lab's side in pages: inbox, decisions, boost slots; and the author's answers."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from labnet.intake.enums import RequestEventKind, RequestStatus
from labnet.intake.models import BoostSlot
from labnet.projects.models import Project
from tests.factories import BoostSlotFactory, MembershipFactory
from tests.intake.helpers import sent_to

pytestmark = pytest.mark.django_db


def _decide(client, request, decision, **fields):
    data = {"decision": decision, f"{decision}-version": request.version}
    data |= {f"{decision}-{name}": value for name, value in fields.items()}
    return client.post(
        reverse("intake:request_decision", kwargs={"public_id": request.public_id}), data
    )


def test_the_inbox_shows_the_clock_with_overdue_requests_first(client, lab, lab_member):
    on_time = sent_to(lab, hours_ago=2, title="À l'heure")
    late = sent_to(lab, hours_ago=30, title="En retard")
    sent_to(lab, hours_ago=90, title="Attend l'auteur", status=RequestStatus.WAITING_AUTHOR)
    client.force_login(lab_member)

    response = client.get(reverse("intake:lab_inbox", kwargs={"lab_key": lab.key}))

    html = response.content.decode()
    waiting = html.split('id="inbox-waiting"')[1].split("</table>")[0]
    assert waiting.index("En retard") < waiting.index("l&#x27;heure")
    assert waiting.count('class="labnet-overdue"') == 1
    assert "fr-badge--error" in waiting and "En retard de 6 h" in waiting
    assert "Reste 21 h" in waiting or "Reste 22 h" in waiting
    assert "1 en retard" in html
    in_progress = html.split('id="inbox-in-progress"')[1].split("</table>")[0]
    assert "Attend l&#x27;auteur" in in_progress
    assert [r.pk for r in response.context["inbox"].waiting] == [late.pk, on_time.pk]
    assert 'data-figure="count">0<' in html


def test_accepting_from_the_tracking_page(
    client, lab, lab_member, agent, django_capture_on_commit_callbacks
):
    request = sent_to(lab, author=agent, title="Accueil")
    client.force_login(lab_member)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Répondre à la demande" in page
    assert 'name="accept-version" value="1"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, request, "accept", message="Bienvenue !")

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.project == Project.objects.get()
    assert mail.outbox[0].to == [agent.email]
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Demande acceptée : le projet est créé en phase de cadrage." in page
    assert "Répondre à la demande" not in page

    client.force_login(agent)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Acceptée en accompagnement" in page
    assert "Bienvenue !" in page


def test_a_stale_page_is_refused_with_the_typed_text_kept(client, lab, lab_member, agent):
    colleague = MembershipFactory(lab=lab).user
    request = sent_to(lab, author=agent)
    stale_version = request.version
    client.force_login(colleague)
    _decide(client, request, "ask_info", message="Quel service ?")

    client.force_login(lab_member)
    response = client.post(
        reverse("intake:request_decision", kwargs={"public_id": request.public_id}),
        {"decision": "decline", "decline-version": stale_version, "decline-reason": "Mon motif"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Cette demande a changé entre-temps (en attente de précisions de l&#x27;auteur) : "
        "rechargez la page." in html
    )
    assert "Mon motif</textarea>" in html
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (RequestStatus.WAITING_AUTHOR, "")


def test_declining_without_a_reason_says_so(client, lab, lab_member, agent):
    request = sent_to(lab, author=agent)
    client.force_login(lab_member)
    response = _decide(client, request, "decline", reason="")
    assert response.status_code == 200
    assert "Indiquez le motif du refus : il sera transmis à l&#x27;auteur." in (
        response.content.decode()
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_an_unknown_decision_or_lab_is_a_message(client, lab, lab_member, agent):
    request = sent_to(lab, author=agent)
    client.force_login(lab_member)
    response = client.post(
        reverse("intake:request_decision", kwargs={"public_id": request.public_id}),
        {"decision": "teleport"},
        follow=True,
    )
    assert "Décision inconnue" in response.content.decode()
    response = _decide(client, request, "redirect_lab", lab="nulle-part")
    assert response.status_code == 200
    assert "Ce laboratoire ne reçoit pas de demandes." in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_redirecting_to_another_lab_shows_in_both_labs_history(
    client, lab, lab_member, other_lab, other_member, agent
):
    request = sent_to(lab, author=agent, title="Accueil")
    client.force_login(lab_member)
    response = _decide(client, request, "redirect_lab", lab=other_lab.key, message="À vous !")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.lab == other_lab

    for user in (lab_member, other_member):
        client.force_login(user)
        page = client.get(request.get_absolute_url()).content.decode()
        assert "De Innov&#x27;mandie à Le Lab&#x27;O" in page
        assert "À vous !" in page
    # Only the new lab may answer it now, and its inbox has it.
    assert "Répondre à la demande" in page
    client.force_login(lab_member)
    assert "Répondre à la demande" not in client.get(request.get_absolute_url()).content.decode()
    client.force_login(other_member)
    inbox = client.get(reverse("intake:lab_inbox", kwargs={"lab_key": other_lab.key}))
    assert "Accueil" in inbox.content.decode()


def test_publishing_a_slot_refuses_an_end_before_the_start(client, lab, lab_member):
    client.force_login(lab_member)
    url = reverse("intake:lab_slots", kwargs={"lab_key": lab.key})
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()

    response = client.post(
        url, {"day": day, "start_time": "15:00", "end_time": "14:00", "location": "Salle 2"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "L&#x27;heure de fin doit être après l&#x27;heure de début." in html
    assert 'value="Salle 2"' in html and 'value="15:00"' in html
    assert BoostSlot.objects.count() == 0

    response = client.post(
        url, {"day": day, "start_time": "14:00", "end_time": "15:00", "location": "Salle 2"}
    )
    assert response.status_code == 302
    slot = BoostSlot.objects.get()
    local = timezone.localtime(slot.starts_at)
    assert (local.hour, local.minute, slot.location) == (14, 0, "Salle 2")


def test_boost_offered_then_booked_by_the_author(
    client, lab, lab_member, agent, django_capture_on_commit_callbacks
):
    slot = BoostSlotFactory(lab=lab, location="Visio")
    request = sent_to(lab, author=agent)
    client.force_login(lab_member)
    assert _decide(client, request, "boost").status_code == 302
    request.refresh_from_db()

    client.force_login(agent)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Choisissez un créneau de coup de pouce" in page
    assert "Visio" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:request_book_slot", kwargs={"public_id": request.public_id}),
            {"slot": slot.pk, "version": request.version},
        )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.request == request
    assert "Coup de pouce réservé" in client.get(request.get_absolute_url()).content.decode()


def test_booking_a_slot_just_taken_says_so(client, lab, lab_member, agent):
    slot = BoostSlotFactory(lab=lab)
    other_slot = BoostSlotFactory(lab=lab, location="Autre salle")
    first, second = sent_to(lab), sent_to(lab, author=agent)
    client.force_login(lab_member)
    for request in (first, second):
        _decide(client, request, "boost")
    # Another author took it while this page was open.
    BoostSlot.objects.filter(pk=slot.pk).update(request=first)
    second.refresh_from_db()

    client.force_login(agent)
    response = client.post(
        reverse("intake:request_book_slot", kwargs={"public_id": second.public_id}),
        {"slot": slot.pk, "version": second.version},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce créneau vient d&#x27;être réservé : choisissez-en un autre." in html
    assert "Autre salle" in html
    second.refresh_from_db()
    assert second.status == RequestStatus.BOOST_OFFERED
    assert BoostSlot.objects.get(pk=other_slot.pk).request is None


def test_the_author_answers_a_question_then_withdraws(client, lab, lab_member, agent):
    request = sent_to(lab, author=agent)
    client.force_login(lab_member)
    _decide(client, request, "ask_info", message="Quel site ?")
    request.refresh_from_db()

    client.force_login(agent)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Le laboratoire attend vos précisions" in page and "Quel site ?" in page
    url = reverse("intake:request_provide_info", kwargs={"public_id": request.public_id})
    response = client.post(url, {"message": "", "version": request.version})
    assert "Écrivez votre réponse au laboratoire." in response.content.decode()
    response = client.post(url, {"message": "Évreux", "version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED

    response = client.post(
        reverse("intake:request_withdraw", kwargs={"public_id": request.public_id}),
        {"reason": "Réglé entre-temps", "version": request.version},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert [e.kind for e in request.events.all()][-2:] == [
        RequestEventKind.INFO_PROVIDED,
        RequestEventKind.WITHDRAWN,
    ]


def test_public_response_times_page_lists_labs_and_the_network(client, lab, lab_member, agent):
    request = sent_to(lab, author=agent, hours_ago=3)
    client.force_login(lab_member)
    _decide(client, request, "accept")
    client.logout()

    html = client.get("/guichet/delais/").content.decode()
    table = html.split('id="response-times"')[1].split("</table>")[0]
    assert "Innov&#x27;mandie" in table
    assert "3 h 00 min" in table
    assert "100 %" in table
    assert 'data-figure="count">1<' in html


def test_navigation_and_profile_link_to_the_single_window(client, lab, lab_member):
    client.force_login(lab_member)
    home = client.get("/").content.decode()
    assert 'href="/guichet/proposer/"' in home and "Proposer une idée" in home
    profile = client.get("/compte/").content.decode()
    assert 'href="/guichet/laboratoires/innovmandie/"' in profile
    assert "Ma boîte de réception" in profile
