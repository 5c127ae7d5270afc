"""The trainings pages: reading, enrolling, refusals in French, managers' pages."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from labnet.trainings.models import Enrolment, Session, SessionAttendance
from labnet.trainings.services.attendance import attendance_mark
from tests.factories import UserFactory
from tests.trainings.factories import (
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(db, lab):
    programme = ProgrammeFactory(
        key="clip",
        name="CLIP – Conduire un laboratoire",
        organiser_lab=lab,
        organiser_organisation=None,
        completion_rule_percent=60,
        stated_trained_count=50,
    )
    cohort = CohortFactory(
        programme=programme, key="clip-promotion-3", name="CLIP — promotion 3", capacity=2
    )
    now = timezone.now()
    for days in (-10, -5, 5):
        SessionFactory(cohort=cohort, starts_at=now + dt.timedelta(days=days))
    return cohort


def test_programme_list_shows_live_and_stated_counts(client, cohort):
    EnrolmentFactory(cohort=cohort)
    response = client.get("/formations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "CLIP – Conduire un laboratoire" in html
    assert "Agents formés (annoncé par la source)" in html
    row = html[html.index('href="/formations/clip/"') :]
    row = row[: row.index("</tr>")]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:]] == [
        "Parcours de formation".lower(),
        "Innov&#x27;mandie",
        "1",
        "1",
        "0",
        "50",
    ]


def test_programme_page_labels_the_stated_figure(client, cohort):
    response = client.get("/formations/clip/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chiffre annoncé par la source" in html
    assert "50 agents formés selon la source." in html
    assert "assister à au moins 60 % des séances de sa promotion" in html
    assert 'id="sessions-clip-promotion-3"' in html


def test_unknown_programme_is_404(client):
    assert client.get("/formations/inconnue/").status_code == 404


def test_session_times_are_shown_in_paris(client, cohort):
    session = cohort.sessions.first()
    session.starts_at = dt.datetime(2026, 7, 7, 7, 30, tzinfo=dt.UTC)
    session.ends_at = dt.datetime(2026, 7, 7, 10, 0, tzinfo=dt.UTC)
    session.save()
    html = client.get(cohort.get_absolute_url()).content.decode()
    assert "mardi 7 juillet 2026" in html
    assert "09:30 – 12:00" in html


def test_visitor_is_asked_to_sign_in(client, cohort):
    html = client.get(cohort.get_absolute_url()).content.decode()
    assert "Connectez-vous pour vous inscrire" in html
    assert "2 places restantes" in html


def test_agent_enrols_then_a_second_click_is_refused_in_french(client, agent, cohort):
    client.force_login(agent)
    response = client.post("/formations/promotions/clip-promotion-3/inscription/", follow=True)
    assert response.redirect_chain == [("/formations/promotions/clip-promotion-3/", 302)]
    html = response.content.decode()
    assert "Votre inscription est confirmée." in html
    assert "1 place restante" in html
    assert "Séances suivies : 0 sur 3 ; il en faut 2 pour terminer la formation." in html

    again = client.post("/formations/promotions/clip-promotion-3/inscription/")
    assert again.status_code == 400
    assert "Vous êtes déjà inscrit à cette promotion." in again.content.decode()
    assert Enrolment.objects.filter(user=agent).count() == 1


def test_full_cohort_puts_the_agent_on_the_waiting_list(client, agent, cohort):
    EnrolmentFactory.create_batch(2, cohort=cohort)
    client.force_login(agent)
    html = client.get(cohort.get_absolute_url()).content.decode()
    assert "M'inscrire sur la liste d'attente" in html
    response = client.post(f"{cohort.get_absolute_url()}inscription/", follow=True)
    html = response.content.decode()
    assert "vous êtes sur la liste d&#x27;attente, au rang 1." in html
    assert "Vous êtes au rang 1 de la liste d'attente" in html


def test_agent_cancels(client, agent, cohort):
    EnrolmentFactory(cohort=cohort, user=agent)
    client.force_login(agent)
    response = client.post(f"{cohort.get_absolute_url()}desinscription/", follow=True)
    assert "Votre inscription est annulée." in response.content.decode()
    assert Enrolment.objects.get(user=agent).status == "cancelled"


def test_completed_agent_sees_it_and_downloads_the_certificate(client, agent, lab_member, cohort):
    enrolment = EnrolmentFactory(cohort=cohort, user=agent)
    for session in cohort.sessions.order_by("starts_at")[:2]:
        attendance_mark(actor=lab_member, session=session, present_enrolment_ids=[enrolment.pk])
    client.force_login(agent)
    html = client.get(cohort.get_absolute_url()).content.decode()
    assert "Formation terminée" in html
    assert "Vous avez suivi 2 séances sur 3." in html
    url = f"/formations/attestations/{enrolment.pk}/"
    assert url in html

    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Agnès Agent" in text
    assert "2 sur 3" in text
    enrolment.refresh_from_db()
    assert enrolment.certificate_number in text

    # The organiser's team may download it too; anyone else does not learn it exists.
    client.force_login(lab_member)
    assert client.get(url)["Content-Type"] == "application/pdf"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_certificate_is_refused_before_completion(client, agent, cohort):
    enrolment = EnrolmentFactory(cohort=cohort, user=agent)
    client.force_login(agent)
    response = client.get(f"/formations/attestations/{enrolment.pk}/")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert (
        "L&#x27;attestation n&#x27;est délivrée qu&#x27;une fois la formation terminée : "
        "0 séance(s) suivie(s) sur 3, il en faut 2." in response.content.decode()
    )


def test_attendance_sheet_marks_people(client, lab_member, cohort):
    anne = EnrolmentFactory(cohort=cohort, user__full_name="Anne Agent")
    bruno = EnrolmentFactory(cohort=cohort, user__full_name="Bruno Agent")
    session = cohort.sessions.order_by("starts_at").first()
    client.force_login(lab_member)
    url = f"/formations/seances/{session.pk}/presences/"
    html = client.get(url).content.decode()
    assert "Anne Agent" in html and "Bruno Agent" in html

    response = client.post(url, {"present": [str(anne.pk)]}, follow=True)
    assert "Les présences sont enregistrées." in response.content.decode()
    assert dict(
        SessionAttendance.objects.filter(session=session).values_list("enrolment_id", "present")
    ) == {anne.pk: True, bruno.pk: False}


def test_attendance_sheet_refuses_a_future_session_and_keeps_the_ticks(client, lab_member, cohort):
    anne = EnrolmentFactory(cohort=cohort)
    future = cohort.sessions.order_by("starts_at").last()
    client.force_login(lab_member)
    response = client.post(
        f"/formations/seances/{future.pk}/presences/", {"present": [str(anne.pk)]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Les présences se notent à partir du début de la séance." in html
    assert f'value="{anne.pk}"' in html and "checked" in html
    assert not SessionAttendance.objects.exists()


@pytest.mark.parametrize("path", ["inscrits/", "seances/"], ids=["enrolments", "sessions"])
def test_manager_pages_refuse_agents_in_french(client, agent, cohort, path):
    client.force_login(agent)
    response = client.get(f"{cohort.get_absolute_url()}{path}")
    assert response.status_code == 403
    assert "réservée à la coordination et au laboratoire organisateur" in (
        response.content.decode()
    )


def test_attendance_page_refuses_agents(client, agent, cohort):
    client.force_login(agent)
    session = cohort.sessions.first()
    response = client.get(f"/formations/seances/{session.pk}/presences/")
    assert response.status_code == 403


def test_capacity_below_confirmed_is_refused_and_kept(client, lab_member, cohort):
    EnrolmentFactory.create_batch(2, cohort=cohort)
    client.force_login(lab_member)
    url = f"{cohort.get_absolute_url()}inscrits/"
    response = client.post(url, {"capacity": "1", "enrolment_open": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "2 personnes sont déjà inscrites : le nombre de places ne peut pas être inférieur."
    ) in html
    assert 'name="capacity" value="1"' in html
    cohort.refresh_from_db()
    assert cohort.capacity == 2


def test_session_ending_before_it_starts_is_refused_and_kept(client, lab_member, cohort):
    client.force_login(lab_member)
    data = {
        "session-title": "Séance de clôture",
        "session-day": "2026-06-02",
        "session-start_time": "14:00",
        "session-end_time": "10:00",
        "session-time_zone": "Europe/Paris",
        "session-place": "DITP, Paris",
    }
    response = client.post(f"{cohort.get_absolute_url()}seances/ajouter/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "La fin de la séance doit être postérieure à son début." in html
    assert 'value="Séance de clôture"' in html
    assert cohort.sessions.count() == 3


def test_session_is_added_in_its_local_time(client, lab_member, cohort):
    client.force_login(lab_member)
    data = {
        "session-title": "Séance de clôture",
        "session-day": "2026-06-02",
        "session-start_time": "14:00",
        "session-end_time": "17:00",
        "session-time_zone": "Europe/Paris",
        "session-place": "DITP, Paris",
    }
    response = client.post(f"{cohort.get_absolute_url()}seances/ajouter/", data)
    assert response.status_code == 302
    session = Session.objects.get(title="Séance de clôture")
    assert session.starts_at == dt.datetime(2026, 6, 2, 12, 0, tzinfo=dt.UTC)


def test_invalid_recurrence_rule_is_refused_and_kept(client, lab_member, cohort):
    client.force_login(lab_member)
    data = {
        "recurrence-title": "Co-développement",
        "recurrence-rule": "FREQ=PARFOIS",
        "recurrence-start_date": "2026-01-01",
        "recurrence-start_time": "14:00",
        "recurrence-duration_minutes": "120",
        "recurrence-count": "6",
        "recurrence-time_zone": "Europe/Paris",
        "recurrence-is_online": "on",
    }
    url = f"{cohort.get_absolute_url()}seances/recurrence/"
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "La règle de récurrence n&#x27;est pas valide" in html
    assert 'value="FREQ=PARFOIS"' in html

    data["recurrence-rule"] = "FREQ=MONTHLY;BYDAY=2TU"
    response = client.post(url, data, follow=True)
    assert "6 séances sont programmées." in response.content.decode()
    assert cohort.sessions.count() == 9


def test_my_trainings_lists_own_enrolments(client, agent, cohort):
    EnrolmentFactory(cohort=cohort, user=agent)
    EnrolmentFactory(cohort__name="Promotion d'un autre")
    client.force_login(agent)
    html = client.get("/formations/mes-formations/").content.decode()
    assert "CLIP — promotion 3" in html
    assert "0 sur 3" in html
    assert "Promotion d&#x27;un autre" not in html


def test_figures_page_has_tables(client, cohort):
    EnrolmentFactory(cohort=cohort)
    html = client.get("/formations/chiffres/").content.decode()
    for table in ("by-programme", "stated", "by-cohort", "by-lab", "by-year"):
        assert f'id="{table}"' in html


def test_a_recurring_session_is_moved_or_removed_from_the_sessions_page(client, lab_member, cohort):
    from labnet.trainings.services.recurrences import recurrence_create

    recurrence_create(
        actor=lab_member,
        cohort=cohort,
        title="Co-développement",
        rule="FREQ=MONTHLY;BYDAY=2TU",
        start_date=dt.date(2026, 1, 1),
        start_time=dt.time(14, 0),
        duration_minutes=120,
        count=3,
    )
    february = cohort.sessions.get(occurrence_date=dt.date(2026, 2, 10))
    client.force_login(lab_member)
    url = f"{cohort.get_absolute_url()}seances/exception/"

    wrong = client.post(url, {"exception-session": february.pk, "exception-moved_to_time": "10:00"})
    assert wrong.status_code == 400
    assert "Indiquez la nouvelle date de la séance." in wrong.content.decode()

    moved = client.post(
        url,
        {
            "exception-session": february.pk,
            "exception-moved_to_date": "2026-02-17",
            "exception-moved_to_time": "10:00",
        },
    )
    assert moved.status_code == 302
    february.refresh_from_db()
    assert february.starts_at == dt.datetime(2026, 2, 17, 9, 0, tzinfo=dt.UTC)

    removed = client.post(url, {"exception-session": february.pk})
    assert removed.status_code == 302
    february.refresh_from_db()
    assert february.is_cancelled
