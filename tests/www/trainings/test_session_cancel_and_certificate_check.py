"""Cancelling a session from the sessions page, and the public certificate check."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core import mail
from django.utils import formats, timezone
from pypdf import PdfReader

from labnet.people.personal_data.rights import account_erase
from labnet.trainings.services.attendance import attendance_mark
from tests.factories import UserFactory
from tests.trainings.factories import CohortFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def cohort(db, lab):
    cohort = CohortFactory(
        programme__name="CLIP – Conduire un laboratoire",
        programme__organiser_lab=lab,
        programme__organiser_organisation=None,
        programme__completion_rule_percent=100,
        key="clip-promotion-3",
        name="CLIP — promotion 3",
    )
    now = timezone.now()
    for n, days in enumerate((-10, -5, 5), start=1):
        SessionFactory(cohort=cohort, title=f"Séance {n}", starts_at=now + dt.timedelta(days=days))
    return cohort


def _cancel_url(session):
    return f"/formations/seances/{session.pk}/annulation/"


def test_a_manager_cancels_a_session_and_completion_counts_one_less(
    client, lab_member, agent, cohort, django_capture_on_commit_callbacks
):
    enrolment = EnrolmentFactory(cohort=cohort, user=agent)
    held = list(cohort.sessions.order_by("starts_at")[:2])
    for session in held:
        attendance_mark(actor=lab_member, session=session, present_enrolment_ids=[enrolment.pk])
    client.force_login(agent)
    assert (
        "Séances suivies : 2 sur 3 ; il en faut 3"
        in client.get(cohort.get_absolute_url()).content.decode()
    )

    future = cohort.sessions.get(title="Séance 3")
    client.force_login(lab_member)
    page = client.get("/formations/promotions/clip-promotion-3/seances/").content.decode()
    assert f'action="{_cancel_url(future)}"' in page
    assert f'id="id_cancel-{future.pk}-reason"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _cancel_url(future), {f"cancel-{future.pk}-reason": "Formateur malade"}, follow=True
        )
    html = response.content.decode()
    assert response.redirect_chain == [("/formations/promotions/clip-promotion-3/seances/", 302)]
    assert "La séance « Séance 3 » est annulée." in html
    row = html[html.index("<td>Séance 3") :]
    row = row[: row.index("</tr>")]
    assert "annulée</span>" in row
    assert "annulation/" not in row  # no form left for it: cancelling is final
    future.refresh_from_db()
    assert future.is_cancelled
    assert [m.subject for m in mail.outbox] == [
        "Séance annulée : Séance 3",
        "Attestation de formation : CLIP — promotion 3",
    ]
    assert "Motif : Formateur malade" in mail.outbox[0].body

    client.force_login(agent)
    html = client.get(cohort.get_absolute_url()).content.decode()
    assert "Vous avez suivi 2 séances sur 2." in html


def test_others_may_not_cancel(client, agent, cohort):
    session = cohort.sessions.first()
    client.force_login(agent)
    response = client.post(_cancel_url(session), {})
    assert response.status_code == 403
    assert "La gestion des séances est réservée" in response.content.decode()
    session.refresh_from_db()
    assert not session.is_cancelled
    client.logout()
    assert client.post(_cancel_url(session), {}).status_code == 302  # to sign in
    session.refresh_from_db()
    assert not session.is_cancelled


def test_a_too_long_reason_is_refused_and_kept(client, lab_member, cohort):
    session = cohort.sessions.get(title="Séance 2")
    client.force_login(lab_member)
    response = client.post(_cancel_url(session), {f"cancel-{session.pk}-reason": "x" * 301})
    assert response.status_code == 400
    html = response.content.decode()
    assert "La séance n'est pas annulée" in html
    assert "300 caractères au plus." in html
    assert f'value="{"x" * 301}"' in html
    session.refresh_from_db()
    assert not session.is_cancelled


def test_cancelling_twice_is_refused(client, lab_member, cohort):
    session = cohort.sessions.get(title="Séance 1")
    client.force_login(lab_member)
    client.post(_cancel_url(session), {})
    response = client.post(_cancel_url(session), {})
    assert response.status_code == 400
    assert "Cette séance est déjà annulée." in response.content.decode()


# --- the certificate check ------------------------------------------------------------------


@pytest.fixture
def completed(cohort, lab_member, agent):
    enrolment = EnrolmentFactory(cohort=cohort, user=agent)
    for session in cohort.sessions.all():
        if session.starts_at > timezone.now():
            session.starts_at -= dt.timedelta(days=30)
            session.ends_at -= dt.timedelta(days=30)
            session.save()
        attendance_mark(actor=lab_member, session=session, present_enrolment_ids=[enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    return enrolment


CHECK = "/formations/attestations/verifier/"


def _facts(html):
    block = html[html.index('id="certificate"') :]
    return block[: block.index("</dl>")]


def test_the_check_page_shows_what_the_certificate_prints(client, completed):
    number = completed.certificate_number
    assert client.get(CHECK).status_code == 200
    # Typed in lower case with spaces, as people do.
    response = client.get(CHECK, {"numero": f"  {number.lower()} "})
    assert response.status_code == 200
    facts = _facts(response.content.decode())
    assert f"L'attestation {number} est authentique." in facts
    day = formats.date_format(completed.completed_at.astimezone(PARIS).date(), "j F Y")
    for text in (
        "<dt>Titulaire</dt><dd>Agnès Agent</dd>",
        "<dt>Formation</dt><dd>CLIP – Conduire un laboratoire</dd>",
        "<dt>Promotion</dt><dd>CLIP — promotion 3</dd>",
        "<dt>Séances suivies</dt><dd>3 sur 3</dd>",
        f"<dt>Terminée le</dt><dd>{day}</dd>",
    ):
        assert text in facts


def test_an_unknown_number_reveals_nothing(client, completed):
    for number in ("LN-2026-00000000", "n'importe quoi"):
        response = client.get(CHECK, {"numero": number})
        assert response.status_code == 404
        html = response.content.decode()
        assert "Aucune attestation ne porte ce numéro." in html
        assert "Agnès Agent" not in html and "CLIP — promotion 3" not in html


def test_a_withdrawn_completion_is_not_found(client, completed):
    number = completed.certificate_number
    completed.completed_at = None  # a session added since: the number is kept, not valid
    completed.save()
    response = client.get(CHECK, {"numero": number})
    assert response.status_code == 404
    assert "Aucune attestation ne porte ce numéro." in response.content.decode()


def test_an_empty_number_is_asked_for(client):
    response = client.get(CHECK, {"numero": ""})
    assert response.status_code == 400
    assert "Indiquez le numéro de l&#x27;attestation." in response.content.decode()


def test_an_erased_holder_shows_as_anonymised(client, completed, agent):
    account_erase(actor=agent, user=agent, confirmation=agent.email)
    response = client.get(CHECK, {"numero": completed.certificate_number})
    assert response.status_code == 200
    facts = _facts(response.content.decode())
    assert "<dt>Titulaire</dt><dd>Personne anonymisée</dd>" in facts
    assert "Agnès" not in facts and "3 sur 3" in facts


def test_the_pdf_prints_the_check_url(client, completed, agent, settings):
    settings.LABNET_BASE_URL = "https://labnet.example.gouv.fr"
    client.force_login(agent)
    response = client.get(f"/formations/attestations/{completed.pk}/")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    number = completed.certificate_number
    assert (
        f"Vérifier : https://labnet.example.gouv.fr/formations/attestations/verifier/"
        f"?numero={number}" in text
    )
    # The printed address answers.
    client.logout()
    assert client.get(CHECK, {"numero": number}).status_code == 200


def test_the_check_page_is_public_and_for_everyone(client, completed):
    client.force_login(UserFactory())
    assert client.get(CHECK, {"numero": completed.certificate_number}).status_code == 200
