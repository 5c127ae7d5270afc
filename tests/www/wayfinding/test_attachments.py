"""Attachments at the single window: checked like the workspace documents, seen by the
request's readers only, following the request into the project when it is accepted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labnet.core.models import AuditEntry
from labnet.intake.enums import RequestStatus
from labnet.intake.models import RequestAttachment
from labnet.intake.services.decisions import request_decide
from labnet.projects.models import ProjectDocument
from tests.factories import LabFactory, MembershipFactory, RequestFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% brouillon de projet\n"


def _pdf(name="brouillon.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _attach(client, req, **data):
    return client.post(f"/guichet/demandes/{req.public_id}/pieces-jointes/", data)


@pytest.fixture
def draft(agent):
    return RequestFactory(author=agent, current_step=6)


def test_the_author_joins_a_draft_pdf_to_the_request(client, agent, draft):
    client.force_login(agent)
    response = _attach(client, draft, file=_pdf(), title="Mon brouillon de projet")
    assert response.status_code == 302
    assert response["Location"] == f"/guichet/demandes/{draft.public_id}/relecture/#attachments"
    attachment = RequestAttachment.objects.get()
    assert (attachment.title, attachment.content_type, attachment.size) == (
        "Mon brouillon de projet",
        "application/pdf",
        len(PDF),
    )
    assert AuditEntry.objects.filter(action="intake.attachment_add", actor=agent).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Mon brouillon de projet" in page
    assert f"/guichet/demandes/{draft.public_id}/pieces-jointes/{attachment.pk}/" in page


def test_a_file_whose_bytes_do_not_match_its_name_is_refused_in_french(client, agent, draft):
    client.force_login(agent)
    response = _attach(client, draft, file=_pdf("note.pdf", b"MZ\x90\x00 not a pdf"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le contenu du fichier ne correspond pas à son extension « .pdf »" in html
    response = _attach(client, draft, file=_pdf("script.exe", b"MZ"))
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    assert not RequestAttachment.objects.exists()


def test_the_size_limit_is_the_documents_one(client, agent, draft, settings):
    settings.LABNET_MAX_UPLOAD_MB = 1
    client.force_login(agent)
    big = PDF + b"0" * (1024 * 1024)
    response = _attach(client, draft, file=_pdf(content=big))
    assert response.status_code == 400
    assert "la taille maximale est de 1 Mo" in response.content.decode()


def test_who_reads_and_who_adds(client, agent, draft):
    lab = LabFactory()
    member = MembershipFactory(lab=lab).user
    other_lead = MembershipFactory(lab=LabFactory(), lead=True).user
    client.force_login(agent)
    _attach(client, draft, file=_pdf())
    attachment = RequestAttachment.objects.get()
    url = f"/guichet/demandes/{draft.public_id}/pieces-jointes/{attachment.pk}/"
    # A draft: only its authors.
    client.force_login(member)
    assert client.get(url).status_code == 404
    # Sent to the lab: its team reads it; a stranger, another lab's lead do not.
    draft.status, draft.lab = RequestStatus.SUBMITTED, lab
    draft.save()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    for user in (UserFactory(), other_lead):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(UserFactory(coordinator=True))
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url)["Location"].startswith("/compte/connexion/")
    # The lab's team does not add files to the author's request, nor does the author once
    # it is sent (until the lab asks for details).
    for user in (member, agent):
        client.force_login(user)
        response = _attach(client, draft, file=_pdf("autre.pdf"))
        assert response.status_code == 403
        assert "Seuls les auteurs de la demande" in response.content.decode()
    assert RequestAttachment.objects.count() == 1


def test_the_lab_sees_the_files_in_the_request_and_they_follow_it_into_the_project(
    client, agent, draft
):
    lab = LabFactory()
    member = MembershipFactory(lab=lab).user
    client.force_login(agent)
    _attach(client, draft, file=_pdf(), title="Brouillon")
    draft.status, draft.lab = RequestStatus.SUBMITTED, lab
    draft.save()
    client.force_login(member)
    page = client.get(f"/guichet/demandes/{draft.public_id}/").content.decode()
    assert 'id="attachments"' in page and "Brouillon" in page

    draft.refresh_from_db()
    accepted = request_decide(actor=member, request=draft, decision="accept", version=draft.version)

    document = ProjectDocument.objects.get(project=accepted.project)
    assert (document.title, document.content_type, document.size) == (
        "Brouillon",
        "application/pdf",
        len(PDF),
    )
    assert document.file.read() == PDF
    assert RequestAttachment.objects.get().project_document == document
    response = client.get(
        f"/accompagnement/projets/{accepted.project.key}/documents/{document.pk}/"
    )
    assert response.status_code == 200


def test_the_author_removes_a_file_from_the_draft(client, agent, draft):
    client.force_login(agent)
    _attach(client, draft, file=_pdf())
    attachment = RequestAttachment.objects.get()
    stranger = UserFactory()
    client.force_login(stranger)
    url = f"/guichet/demandes/{draft.public_id}/pieces-jointes/{attachment.pk}/retirer/"
    assert client.post(url).status_code == 404
    client.force_login(agent)
    assert client.post(url).status_code == 302
    assert not RequestAttachment.objects.exists()


def test_the_administration_of_step_5_is_not_marked_optional(client, agent, draft):
    client.force_login(agent)
    html = client.get(f"/guichet/demandes/{draft.public_id}/etape/5/").content.decode()
    label = html.split('for="id_organisation"')[1].split("</label>")[0]
    assert "ptionnel" not in label and "Optional" not in label
    assert "Obligatoire : choisissez-la dans la liste" in label
    # Still one rule, said once, when neither is given.
    response = client.post(
        f"/guichet/demandes/{draft.public_id}/etape/5/",
        {"region": draft.region.pk, "organisation": "", "organisation_name": ""},
    )
    assert "Indiquez votre administration" in response.content.decode()
