"""Actions that cannot be undone ask first, without JavaScript: the page shows a link, GET
asks (and changes nothing), the confirmation form posts to the same address."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labnet.intake.enums import RequestStatus
from labnet.projects.enums import DocumentKind
from labnet.projects.models import ProjectDocument
from tests.factories import RequestFactory
from tests.projects.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(project):
    return ProjectDocument.objects.create(
        project=project,
        kind=DocumentKind.REPORT,
        title="Compte rendu",
        file=SimpleUploadedFile("cr.pdf", b"%PDF-1.4 test"),
        content_type="application/pdf",
        size=13,
    )


def test_deleting_a_document_is_confirmed(client, project, lab_member, document):
    client.force_login(lab_member)
    url = reverse("accompaniment:document_remove", kwargs={"key": project.key, "pk": document.pk})
    listing = client.get(reverse("accompaniment:document_add", kwargs={"key": project.key}))
    html = listing.content.decode()
    assert f'href="{url}"' in html  # a link to the question, not a button that deletes
    assert f'action="{url}"' not in html

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Supprimer le document « Compte rendu » ?</h1>" in html
    assert f'<form method="post" action="{url}"' in html
    assert "Supprimer le document</button>" in html
    cancel = reverse("accompaniment:document_add", kwargs={"key": project.key})
    assert f'href="{cancel}">Annuler</a>' in html
    assert ProjectDocument.objects.filter(pk=document.pk).exists()  # asking deletes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == cancel
    assert not ProjectDocument.objects.filter(pk=document.pk).exists()


def test_withdrawing_a_request_is_confirmed(client, agent, lab):
    request = RequestFactory(author=agent, submitted=True, lab=lab)
    client.force_login(agent)
    detail = client.get(request.get_absolute_url()).content.decode()
    url = reverse("intake:request_withdraw", kwargs={"public_id": request.public_id})
    assert f'href="{url}"' in detail
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Retirer ma demande</button>" in html
    assert 'name="version"' in html
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    response = client.post(url, {"version": request.version, "reason": "Résolu autrement"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_an_outsider_gets_no_confirmation_page(client, project, outsider, document):
    client.force_login(outsider)
    url = reverse("accompaniment:document_remove", kwargs={"key": project.key, "pk": document.pk})
    assert client.get(url).status_code == 404
