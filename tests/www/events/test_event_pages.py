"""The event page, registering from it, the links sent by e-mail, and "my registrations"."""

import json
import re
import zoneinfo
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labnet.events.enums import EventStatus, RegistrationStatus
from labnet.events.models import Registration
from labnet.events.registrations import registration_create
from tests.events.factories import CampaignFactory, EventFactory, RegistrationFactory
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

REUNION = zoneinfo.ZoneInfo("Indian/Reunion")


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def _visitor_post(client, event, **data):
    payload = {
        "full_name": "Valérie Visiteuse",
        "email": "valerie@exemple.gouv.fr",
        "organisation_name": "Mairie de Rouen",
    }
    payload.update(data)
    return client.post(f"/evenements/{event.key}/inscription/", payload)


def test_the_public_page_shows_the_event_with_its_jsonld(client):
    event = EventFactory(key="atelier", title="Atelier de design", capacity=10)
    RegistrationFactory.create_batch(3, event=event)

    response = client.get("/evenements/atelier/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="fr-mt-2w">Atelier de design</h1>' in html
    assert "7 places restantes sur 10" in html
    assert 'href="/evenements/atelier/calendrier.ics"' in html
    assert 'name="email"' in html  # the visitor form
    data = _jsonld(html)
    assert data["name"] == "Atelier de design"
    assert data["remainingAttendeeCapacity"] == 7
    assert data["maximumAttendeeCapacity"] == 10


def test_an_overseas_event_is_shown_in_its_own_zone(client):
    EventFactory(
        key="reunion",
        time_zone="Indian/Reunion",
        starts_at=datetime(2026, 12, 3, 9, 0, tzinfo=REUNION),
        ends_at=datetime(2026, 12, 3, 11, 0, tzinfo=REUNION),
    )

    html = client.get("/evenements/reunion/").content.decode()

    assert "jeudi 3 décembre 2026, 09:00" in html
    assert "11:00" in html
    assert "heure locale, Indian/Reunion" in html
    assert _jsonld(html)["startDate"] == "2026-12-03T09:00:00+04:00"


def test_drafts_are_hidden_from_strangers_and_shown_to_organisers(client, lab, lab_member):
    EventFactory(key="brouillon", organiser_lab=lab, status=EventStatus.PROPOSED)

    assert client.get("/evenements/brouillon/").status_code == 404
    client.force_login(lab_member)
    response = client.get("/evenements/brouillon/")
    assert response.status_code == 200
    assert b"application/ld+json" not in response.content


def test_a_visitor_registers_and_confirms_by_the_link(client, django_capture_on_commit_callbacks):
    event = EventFactory(key="atelier", capacity=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = _visitor_post(client, event)

    assert response.status_code == 302
    assert response["Location"] == "/evenements/atelier/#inscription"
    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.PENDING
    assert registration.organisation_name == "Mairie de Rouen"
    page = client.get(response["Location"]).content.decode()
    assert "Un courriel vient d&#x27;être envoyé à valerie@exemple.gouv.fr" in page
    assert "Votre place n&#x27;est réservée qu&#x27;après confirmation." in page
    # Pending holds no place: the page still counts both.
    assert "2 places restantes sur 2" in page
    link = re.search(r"http\S+/confirmer/", mail.outbox[0].body).group(0)
    path = f"/evenements/inscription/{registration.token}/confirmer/"
    assert link.endswith(path)

    # Opening the link (a person, or a mail scanner) only shows the button.
    opened = client.get(urlsplit(link).path)

    assert opened.status_code == 200
    html = opened.content.decode()
    assert f'<form class="fr-mt-3w" method="post" action="{path}">' in html
    assert "Confirmer mon inscription" in html
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(path)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == path
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    after = client.get(path).content.decode()
    assert "Votre inscription est confirmée. Un courriel vous le confirme." in after
    assert "Confirmer mon inscription" not in after
    assert [m.subject for m in mail.outbox] == [
        f"LabNet : confirmez votre inscription à « {event.title} »",
        f"LabNet : votre inscription à « {event.title} » est confirmée",
    ]


def test_bad_visitor_input_is_refused_next_to_the_field_and_kept(client):
    event = EventFactory(key="atelier")

    response = _visitor_post(client, event, email="pas-une-adresse")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une adresse électronique valide, par exemple nom@exemple.fr." in html
    assert 'value="Valérie Visiteuse"' in html
    assert 'value="Mairie de Rouen"' in html
    assert Registration.objects.count() == 0


def test_a_duplicate_registration_gets_a_clear_message(client):
    event = EventFactory(key="atelier")
    _visitor_post(client, event)

    response = _visitor_post(client, event, full_name="Autre nom")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Cette adresse est déjà inscrite à cet événement" in html
    assert 'value="Autre nom"' in html
    assert Registration.objects.count() == 1


def test_an_expired_link_says_so_and_offers_to_register_again(client):
    event = EventFactory(key="atelier", capacity=5)
    registration = registration_create(
        actor=None, event=event, full_name="Valérie", email="valerie@exemple.gouv.fr"
    )
    Registration.objects.filter(pk=registration.pk).update(
        token_expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.get(f"/evenements/inscription/{registration.token}/confirmer/")

    assert response.status_code == 410
    html = response.content.decode()
    assert "Ce lien de confirmation a expiré" in html
    assert 'value="valerie@exemple.gouv.fr"' in html
    assert 'action="/evenements/atelier/inscription/"' in html
    # Registering again works (the expired row no longer blocks the address).
    again = _visitor_post(client, event, full_name="Valérie", email="valerie@exemple.gouv.fr")
    assert again.status_code == 302
    assert event.registrations.filter(status=RegistrationStatus.PENDING).count() == 1


def test_an_unknown_link_is_a_404(client):
    response = client.get("/evenements/inscription/00000000-0000-0000-0000-000000000000/annuler/")
    assert response.status_code == 404


def test_cancelling_by_the_link_asks_first_then_promotes_the_next(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(key="atelier", capacity=1)
    first = registration_create(actor=UserFactory(), event=event)
    waiting = registration_create(actor=UserFactory(email="suivant@exemple.gouv.fr"), event=event)
    url = f"/evenements/inscription/{first.token}/annuler/"

    page = client.get(url)
    assert page.status_code == 200
    assert "Confirmer l'annulation" in page.content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED  # opening the link cancels nothing

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert ["suivant@exemple.gouv.fr"] in [m.to for m in mail.outbox]
    assert "Inscription annulée" in client.get(url).content.decode()


def test_a_signed_in_person_registers_with_one_button_and_sees_the_online_link(client, agent):
    EventFactory(
        key="webinaire", capacity=1, is_online=True, online_url="https://visio.example.fr/s"
    )
    client.force_login(agent)

    before = client.get("/evenements/webinaire/").content.decode()
    assert "visio.example.fr" not in before
    assert 'name="email"' not in before

    response = client.post("/evenements/webinaire/inscription/")

    assert response.status_code == 302
    after = client.get("/evenements/webinaire/").content.decode()
    assert 'href="https://visio.example.fr/s"' in after
    assert "Annuler mon inscription" in after
    assert "visio.example.fr" not in json.dumps(_jsonld(after))


def test_a_full_event_offers_the_waiting_list(client, agent):
    event = EventFactory(key="atelier", capacity=1)
    RegistrationFactory(event=event)
    client.force_login(agent)

    html = client.get("/evenements/atelier/").content.decode()
    assert "Complet" in html
    assert "M'inscrire sur la liste d'attente" in html

    client.post("/evenements/atelier/inscription/")
    registration = Registration.objects.get(user=agent)
    assert (registration.status, registration.position) == (RegistrationStatus.WAITING, 1)
    assert "au rang 1" in client.get("/evenements/atelier/").content.decode()


def test_the_personal_calendar_file_carries_the_link_only_when_confirmed(client):
    event = EventFactory(key="webinaire", is_online=True, online_url="https://visio.example.fr/s")
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING, position=1)

    mine = client.get(f"/evenements/inscription/{confirmed.ics_token}/calendrier.ics")
    theirs = client.get(f"/evenements/inscription/{waiting.ics_token}/calendrier.ics")
    public = client.get("/evenements/webinaire/calendrier.ics")

    assert mine.status_code == 200
    assert mine["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"visio.example.fr" in mine.content
    assert b"visio.example.fr" not in theirs.content
    assert b"visio.example.fr" not in public.content


def test_my_registrations_lists_mine_only(client, agent):
    upcoming = EventFactory(title="Atelier à venir")
    past = EventFactory(
        title="Atelier passé",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    RegistrationFactory(event=upcoming, user=agent, email=agent.email)
    RegistrationFactory(event=past, user=agent, email=agent.email)
    RegistrationFactory(event=upcoming, full_name="Quelqu'un d'autre")
    client.force_login(agent)

    html = client.get("/evenements/mes-inscriptions/").content.decode()

    assert "Atelier à venir" in html
    assert "Atelier passé" in html
    assert "Quelqu" not in html


def test_my_registrations_query_count_does_not_grow(client, agent):
    client.force_login(agent)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/evenements/mes-inscriptions/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        RegistrationFactory(user=agent, email=agent.email)
    two = count()
    for _ in range(8):
        RegistrationFactory(user=agent, email=agent.email)
    # session, user, the registrations with their events joined
    assert (two, count()) == (3, 3)


# A visitor: the event with its places taken, in one query. Signed in: also the session,
# the user and the person's own registration.
@pytest.mark.parametrize(("signed_in", "queries"), [(False, 1), (True, 4)])
def test_the_event_page_does_not_grow_with_registrations(client, agent, signed_in, queries):
    event = EventFactory(key="atelier", capacity=50)
    if signed_in:
        client.force_login(agent)
        RegistrationFactory(event=event, user=agent, email=agent.email)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/evenements/atelier/").status_code == 200
        return len(ctx.captured_queries)

    RegistrationFactory.create_batch(2, event=event)
    two = count()
    RegistrationFactory.create_batch(8, event=event)
    assert (two, count()) == (queries, queries)


def test_the_page_links_the_feeds_of_its_lab_campaign_and_region(client, lab):
    EventFactory(
        key="atelier",
        organiser_lab=lab,
        campaign=CampaignFactory(key="mois-2026"),
        region=RegionFactory(code="28", name="Normandie"),
    )

    html = client.get("/evenements/atelier/").content.decode()

    assert 'href="/evenements/flux/laboratoire/innovmandie.ics"' in html
    assert 'href="/evenements/flux/campagne/mois-2026.ics"' in html
    assert 'href="/evenements/flux/region/28.ics"' in html


def test_my_registrations_needs_an_account(client):
    response = client.get("/evenements/mes-inscriptions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


# --- security review: confirmation by POST, places at confirmation, separate secrets ------


def test_visitors_who_do_not_confirm_hold_no_place(client):
    event = EventFactory(key="atelier", capacity=5, registration_open=True)
    for n in range(5):
        response = _visitor_post(client, event, full_name=f"Bot {n}", email=f"bot{n}@exemple.fr")
        assert response.status_code == 302
    real = UserFactory()
    client.force_login(real)

    client.post("/evenements/atelier/inscription/")

    mine = event.registrations.get(user=real)
    assert (mine.status, mine.position) == (RegistrationStatus.CONFIRMED, None)
    assert event.registrations.filter(status=RegistrationStatus.PENDING).count() == 5


def test_a_visitor_confirming_a_full_event_is_told_their_rank(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(key="atelier", capacity=1)
    pending = registration_create(
        actor=None, event=event, full_name="Valérie", email="valerie@exemple.gouv.fr"
    )
    registration_create(actor=UserFactory(), event=event)  # takes the only place
    path = f"/evenements/inscription/{pending.token}/confirmer/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, follow=True)

    pending.refresh_from_db()
    assert (pending.status, pending.position) == (RegistrationStatus.WAITING, 1)
    html = response.content.decode()
    assert (
        "Votre adresse est confirmée, mais l&#x27;événement est complet : vous êtes sur la "
        "liste d&#x27;attente, au rang 1. Un courriel vous le confirme."
    ) in html
    assert "Vous êtes sur la liste d'attente, au rang 1</h2>" in html
    assert mail.outbox[-1].to == ["valerie@exemple.gouv.fr"]
    assert mail.outbox[-1].subject == (
        f"LabNet : vous êtes sur la liste d'attente de « {event.title} »"
    )


def test_an_expired_link_opened_by_get_writes_nothing(client):
    event = EventFactory(key="atelier")
    registration = registration_create(
        actor=None, event=event, full_name="Valérie", email="valerie@exemple.gouv.fr"
    )
    Registration.objects.filter(pk=registration.pk).update(
        token_expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.get(f"/evenements/inscription/{registration.token}/confirmer/")

    assert response.status_code == 410
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING  # cancelled by a POST or the task


def test_the_calendar_address_cannot_cancel_and_the_cancel_token_opens_no_calendar(client):
    registration = RegistrationFactory(event=EventFactory(key="atelier"))

    cancel_with_ics = client.post(f"/evenements/inscription/{registration.ics_token}/annuler/")
    ics_with_token = client.get(f"/evenements/inscription/{registration.token}/calendrier.ics")

    assert cancel_with_ics.status_code == 404
    assert ics_with_token.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.ics_token != registration.token


def test_the_confirmation_mail_carries_the_calendar_address_of_its_own_secret(
    client, agent, django_capture_on_commit_callbacks
):
    event = EventFactory(key="atelier")
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/evenements/atelier/inscription/")

    registration = event.registrations.get(user=agent)
    body = mail.outbox[0].body
    assert f"/evenements/inscription/{registration.ics_token}/calendrier.ics" in body
    assert f"/evenements/inscription/{registration.token}/calendrier.ics" not in body
    page = client.get("/evenements/atelier/").content.decode()
    assert f'href="/evenements/inscription/{registration.ics_token}/calendrier.ics"' in page


def test_visitor_registrations_are_limited_per_address_and_hour(client):
    events = [EventFactory(key=f"atelier-{n}") for n in range(11)]
    for n, event in enumerate(events[:10]):
        assert _visitor_post(client, event, email=f"v{n}@exemple.fr").status_code == 302

    response = _visitor_post(client, events[10], full_name="Onzième Essai", email="v10@exemple.fr")

    assert response.status_code == 429
    html = response.content.decode()
    assert (
        "Trop d&#x27;inscriptions ont été faites depuis votre connexion dans l&#x27;heure "
        "(10 au plus). Réessayez plus tard, ou connectez-vous à votre compte."
    ) in html
    # What was typed is kept.
    assert 'value="Onzième Essai"' in html
    assert 'value="v10@exemple.fr"' in html
    assert not events[10].registrations.exists()
    # Another address is not concerned; a signed-in person is never limited.
    other = client.post(
        "/evenements/atelier-10/inscription/",
        {"full_name": "Autre", "email": "autre@exemple.fr"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert other.status_code == 302
    client.force_login(UserFactory())
    assert client.post("/evenements/atelier-0/inscription/").status_code == 302


def test_the_confirmation_page_of_a_closed_event_offers_no_button(client):
    event = EventFactory(key="atelier")
    pending = registration_create(
        actor=None, event=event, full_name="Valérie", email="valerie@exemple.gouv.fr"
    )
    event.registration_open = False
    event.save()
    path = f"/evenements/inscription/{pending.token}/confirmer/"

    opened = client.get(path)
    posted = client.post(path)

    assert opened.status_code == 200
    assert "Confirmer mon inscription" not in opened.content.decode()
    assert "Les inscriptions à cet événement sont fermées." in opened.content.decode()
    assert posted.status_code == 400
    assert "Les inscriptions à cet événement sont fermées." in posted.content.decode()
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING
