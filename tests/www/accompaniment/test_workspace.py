"""The workspace and its forms: what each team sees, and bad input kept with a clear
French message while nothing is written."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.models import Activity, InternalNote, NextStep, Project, ProjectDocument
from labnet.projects.pipeline import project_move
from labnet.projects.selectors import JOURNAL_PAGE_SIZE
from tests.factories import ActivityFactory, NextStepFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"


def ws(project, name="workspace", **kwargs):
    return reverse(f"accompaniment:{name}", kwargs={"key": project.key, **kwargs})


@pytest.fixture
def member_client(client, lab_member):
    client.force_login(lab_member)
    return client


def test_workspace_shows_every_section(member_client, project, lab_member):
    project_move(actor=lab_member, project=project, to_stage=Stage.IMMERSION, reason="Go COPIL")
    ActivityFactory(project=project, title="Atelier de cadrage", agents_count=6, users_count=3)
    NextStepFactory(
        project=project,
        owner=lab_member,
        title="Relancer la DDETS",
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    InternalNote.objects.create(project=project, author=lab_member, body="Sujet sensible")

    summary = member_client.get(ws(project)).content.decode()
    for text in (
        "Synthèse",
        "Étape 2 sur 8",
        "Non publiée : seules les équipes du projet la voient.",
        "1 activité",
        "1 à faire",
        "1 en retard",
        "1 note",
        "Relancer la DDETS",
    ):
        assert text in summary, text
    # The summary is short: no task's form or list is on it.
    assert "Sujet sensible" not in summary
    assert "Go COPIL" not in summary
    assert 'name="activity-title"' not in summary

    pages = {
        "move": ["Étape 2 sur 8", "Go COPIL", "cadrage → immersion"],
        "sheet": ["Publier la fiche"],
        "activity_add": [
            "Atelier de cadrage",
            "participations : 6 agents, 3 usagers, 0 partenaire",
        ],
        "next_step_add": ["Relancer la DDETS", "en retard"],
        "note_add": ["Sujet sensible"],
        "scaling": ["Ce projet n'a pas encore été repris", "Projets similaires dans le réseau"],
    }
    for name, texts in pages.items():
        html = member_client.get(ws(project, name)).content.decode()
        for text in texts:
            assert text in html, (name, text)
        assert 'aria-current="page"' in html


def test_task_forms_open_on_demand(member_client, project):
    closed = member_client.get(ws(project, "activity_add")).content.decode()
    assert 'name="activity-title"' not in closed
    assert 'href="?formulaire=1#activity-form"' in closed
    opened = member_client.get(ws(project, "activity_add") + "?formulaire=1").content.decode()
    assert '<form id="activity-form"' in opened
    assert 'name="activity-title"' in opened


def test_partner_lab_sees_the_workspace_without_the_leads_controls(client, project, partner_member):
    client.force_login(partner_member)
    assert "Ajouter une activité" in client.get(ws(project, "activity_add")).content.decode()
    stage = client.get(ws(project, "move") + "?formulaire=1").content.decode()
    assert "Enregistrer le passage" not in stage
    assert "Les passages d'étape sont décidés par l'équipe du laboratoire pilote." in stage
    assert "Publier la fiche" not in client.get(ws(project, "sheet")).content.decode()
    people = client.get(ws(project, "person_add") + "?formulaire=1").content.decode()
    assert "Ajouter la personne" not in people


def test_move_is_recorded(member_client, project):
    response = member_client.post(
        ws(project, "move"), {"move-move": "stage:immersion", "move-reason": "Cadrage validé"}
    )
    assert response.status_code == 302
    assert response["Location"] == ws(project, "move")
    assert Project.objects.get(pk=project.pk).stage == Stage.IMMERSION
    assert "Le passage est enregistré." in member_client.get(ws(project, "move")).content.decode()


def test_illegal_move_says_why_and_keeps_the_reason(member_client, project):
    response = member_client.post(
        ws(project, "move"), {"move-move": "stage:testing", "move-reason": "On accélère"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Passage impossible de cadrage à test : un projet avance d&#x27;une étape à la fois, "
        "ou revient à l&#x27;étape précédente." in html
    )
    assert "On accélère</textarea>" in html
    assert Project.objects.get(pk=project.pk).stage == Stage.FRAMING
    assert not project.transitions.exists()


def test_move_without_reason_is_refused(member_client, project):
    response = member_client.post(ws(project, "move"), {"move-move": "stage:immersion"})
    assert response.status_code == 400
    assert (
        "Indiquez la décision ou le motif de ce passage : il reste dans l&#x27;historique."
        in response.content.decode()
    )
    assert Project.objects.get(pk=project.pk).stage == Stage.FRAMING


def test_a_paused_project_offers_resume_abandon_close(member_client, project, lab_member):
    project_move(actor=lab_member, project=project, to_status=ProjectStatus.PAUSED, reason="Été")
    html = member_client.get(ws(project, "move") + "?formulaire=1").content.decode()
    assert 'value="status:active"' in html
    assert 'value="stage:immersion"' not in html


def test_activity_is_logged_and_bad_input_kept(member_client, project):
    today = timezone.localdate()
    data = {
        "activity-kind": "workshop",
        "activity-title": "Atelier d'idéation",
        "activity-happened_on": today.isoformat(),
        "activity-agents_count": "8",
        "activity-users_count": "",
        "activity-notes": "Douze idées",
    }
    assert member_client.post(ws(project, "activity_add"), data).status_code == 302
    activity = Activity.objects.get()
    assert (activity.title, activity.agents_count, activity.users_count) == (
        "Atelier d'idéation",
        8,
        0,
    )

    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    response = member_client.post(
        ws(project, "activity_add"),
        data | {"activity-happened_on": tomorrow, "activity-title": "Atelier futur"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "La date ne peut pas être dans le futur" in html
    assert 'value="Atelier futur"' in html
    assert Activity.objects.count() == 1


def test_activity_edit_page(member_client, project):
    activity = ActivityFactory(project=project, title="Atelier", users_count=2)
    url = ws(project, "activity_edit", pk=activity.pk)
    assert 'value="Atelier"' in member_client.get(url).content.decode()
    response = member_client.post(
        url,
        {
            "activity-kind": "interview",
            "activity-title": "Entretiens usagers",
            "activity-happened_on": activity.happened_on.isoformat(),
            "activity-users_count": "5",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.kind, activity.title, activity.users_count) == (
        "interview",
        "Entretiens usagers",
        5,
    )


def test_activity_of_another_project_is_404(member_client, project):
    other = ActivityFactory()
    assert member_client.get(ws(project, "activity_edit", pk=other.pk)).status_code == 404
    assert member_client.post(ws(project, "activity_remove", pk=other.pk)).status_code == 404
    assert Activity.objects.filter(pk=other.pk).exists()


def test_document_upload_and_download(member_client, project):
    response = member_client.post(
        ws(project, "document_add"),
        {
            "document-kind": "report",
            "document-title": "Compte rendu",
            "document-file": SimpleUploadedFile("cr.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = ProjectDocument.objects.get()

    download = member_client.get(ws(project, "document_download", pk=document.pk))

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Compte rendu.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_wrong_or_oversized_file_is_refused_in_french_with_the_title_kept(
    member_client, project, settings
):
    settings.LABNET_MAX_UPLOAD_MB = 1
    data = {"document-kind": "report", "document-title": "Mon rapport"}
    fake = member_client.post(
        ws(project, "document_add"),
        data | {"document-file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")},
    )
    html = fake.content.decode()
    assert "Le contenu du fichier ne correspond pas à son extension « .pdf »" in html
    assert 'value="Mon rapport"' in html

    big = member_client.post(
        ws(project, "document_add"),
        data | {"document-file": SimpleUploadedFile("gros.pdf", PDF + b"0" * 1_100_000)},
    )
    assert "Le fichier pèse 1,1 Mo : la taille maximale est de 1 Mo." in big.content.decode()

    exe = member_client.post(
        ws(project, "document_add"),
        data | {"document-file": SimpleUploadedFile("outil.exe", b"MZ")},
    )
    assert "Ce type de fichier n&#x27;est pas accepté." in exe.content.decode()
    assert not ProjectDocument.objects.exists()


def test_next_step_owner_must_be_in_the_team(member_client, project, lab_member, outsider):
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = member_client.post(
        ws(project, "next_step_add"),
        {"next_step-title": "Relancer", "next_step-owner": outsider.pk, "next_step-due_on": due},
    )
    assert response.status_code == 400
    assert "La personne responsable doit faire partie" in response.content.decode()
    assert 'value="Relancer"' in response.content.decode()

    member_client.post(
        ws(project, "next_step_add"),
        {"next_step-title": "Relancer", "next_step-owner": lab_member.pk, "next_step-due_on": due},
    )
    step = NextStep.objects.get()
    assert step.owner == lab_member
    member_client.post(ws(project, "next_step_done", pk=step.pk))
    step.refresh_from_db()
    assert step.done_at is not None


def test_notes_stay_off_the_public_page(member_client, client, project):
    member_client.post(ws(project, "note_add"), {"note-body": "Le préfet hésite"})
    assert InternalNote.objects.get().body == "Le préfet hésite"
    Project.objects.filter(pk=project.pk).update(is_public=True)
    assert "Le préfet hésite" in member_client.get(ws(project, "note_add")).content.decode()
    assert "Le préfet hésite" not in member_client.get(project.get_absolute_url()).content.decode()
    client.logout()
    assert "Le préfet hésite" not in client.get(project.get_absolute_url()).content.decode()


def test_publishing_goes_through_a_preview_and_a_confirmation(member_client, client, project):
    sheet = member_client.get(ws(project, "sheet")).content.decode()
    # "Publier la fiche" is a link to the preview, not a button that publishes at once.
    assert f'href="{ws(project, "publication")}">Publier la fiche</a>' in sheet

    preview = member_client.get(ws(project, "publication"))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<h1>Aperçu avant publication</h1>" in html
    assert "Réduire l&#x27;attente au guichet des titres de séjour." in html
    assert "Immersion au guichet" in html
    assert "Confirmer la publication" in html
    assert not Project.objects.get(pk=project.pk).is_public  # looking publishes nothing

    response = member_client.post(ws(project, "publication"), {"action": "publish"})
    assert response.status_code == 302
    assert response["Location"] == ws(project, "sheet")
    assert Project.objects.get(pk=project.pk).is_public
    assert client.get(project.get_absolute_url()).status_code == 200

    again = member_client.post(ws(project, "publication"), {"action": "publish"})
    assert again.status_code == 400
    assert "La fiche de ce projet est déjà publiée." in again.content.decode()

    confirm = member_client.get(ws(project, "publication")).content.decode()
    assert "<h1>Retirer la fiche du site public ?</h1>" in confirm
    assert 'name="action" value="unpublish"' in confirm
    member_client.post(ws(project, "publication"), {"action": "unpublish"})
    assert not Project.objects.get(pk=project.pk).is_public


def test_an_incomplete_sheet_cannot_be_confirmed(member_client, project):
    Project.objects.filter(pk=project.pk).update(approach="", results="")
    html = member_client.get(ws(project, "publication")).content.decode()
    assert 'id="publication-problems"' in html
    assert "<strong>Démarche</strong> : Décrivez la démarche" in html
    assert "<strong>Résultats</strong> : Indiquez les résultats" in html
    assert "Confirmer la publication" not in html
    # Posting anyway (an old tab): refused with the same reasons, nothing published.
    response = member_client.post(ws(project, "publication"), {"action": "publish"})
    assert response.status_code == 400
    assert "Décrivez la démarche" in response.content.decode()
    assert not Project.objects.get(pk=project.pk).is_public


def test_sheet_edit_keeps_what_was_typed_on_error(member_client, project):
    url = ws(project, "sheet_edit")
    response = member_client.post(
        url, {"title": "", "objective": "Nouvel objectif", "approach": "", "results": ""}
    )
    html = response.content.decode()
    assert "Le projet doit garder un titre." in html
    assert "Nouvel objectif</textarea>" in html
    response = member_client.post(
        url,
        {"title": "Accueil", "objective": "Nouvel objectif", "approach": "A", "results": "R"},
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).objective == "Nouvel objectif"


def test_partners_and_people(member_client, project, partner_lab):
    response = member_client.post(
        ws(project, "partners_edit"), {"partner_labs": [partner_lab.pk], "organisations": []}
    )
    assert response.status_code == 302
    assert list(project.partner_labs.all()) == [partner_lab]
    member_client.post(ws(project, "person_add"), {"person-name": "Sophie", "person-role": "owner"})
    html = member_client.get(ws(project, "person_add")).content.decode()
    assert "Sophie — porteur de projet" in html
    assert "KaruLab" in html
    response = member_client.post(ws(project, "person_add"), {"person-name": "", "person-role": ""})
    assert "Indiquez le nom de la personne." in response.content.decode()


def test_the_journal_shows_one_page_with_the_totals_of_the_whole_journal(
    client, project, lab_member
):
    for day in range(1, JOURNAL_PAGE_SIZE + 4):
        ActivityFactory(
            project=project,
            title=f"Activité {day:03d}",
            happened_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
            agents_count=1,
            users_count=2,
            partners_count=0,
        )
    client.force_login(lab_member)
    url = reverse("accompaniment:activity_add", kwargs={"key": project.key})
    first = client.get(url).content.decode()
    total = JOURNAL_PAGE_SIZE + 3
    assert f"{total} activités" in first
    assert f"{total} agents" in first and f"{total * 2} usagers" in first
    # Most recent first: the last three days' entries on page 1, the first three on page 2.
    assert f"Activité {total:03d}" in first and "Activité 003" not in first
    second = client.get(url + "?page=2").content.decode()
    assert [f"Activité {n:03d}" in second for n in (1, 2, 3, 4)] == [True, True, True, False]
    assert 'aria-current="page" title="Page 2"' in second


def test_an_activity_of_a_long_journal_is_edited_by_its_id_and_another_projects_is_a_404(
    client, project, lab_member
):
    activity = ActivityFactory(project=project, title="Atelier")
    other = ActivityFactory(title="Ailleurs")
    client.force_login(lab_member)
    edit = "accompaniment:activity_edit"
    assert (
        client.get(reverse(edit, kwargs={"key": project.key, "pk": activity.pk})).status_code == 200
    )
    assert client.get(reverse(edit, kwargs={"key": project.key, "pk": other.pk})).status_code == 404
