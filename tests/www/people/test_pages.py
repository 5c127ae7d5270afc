import json

import pytest
from django.core import mail
from django.urls import reverse

from labnet.accounts.models import User
from labnet.core.models import AuditEntry
from labnet.labs.models import LabContributor
from labnet.people.models import ContactMessage, Profile
from tests.factories import ActivityFactory, DepartmentFactory, ProjectFactory, UserFactory
from tests.people.factories import ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-solide-42"


@pytest.fixture
def design():
    return SkillFactory(key="service-design", name="Design de service")


def test_profile_form_saves_skills_and_consent(client, agent, design):
    client.force_login(agent)
    eure = DepartmentFactory()
    response = client.post(
        reverse("people:my_profile"),
        {
            "skills": ["service-design"],
            "region": "28",
            "department": eure.pk,
            "availability": "limited",
            "bio": "Designer",
            "is_findable": "on",
            "show_territory": "on",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=agent)
    assert (profile.is_findable, profile.show_territory, profile.show_bio) == (True, True, False)
    assert list(profile.skills.all()) == [design]


def test_profile_form_keeps_input_on_error(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("people:my_profile"),
        {"bio": "Ma présentation gardée", "availability": "n-importe", "is_findable": "on"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ma présentation gardée" in content
    assert "Rien n'a été enregistré" in content
    assert not Profile.objects.exists()


def test_finder_shows_only_findable_people_with_reasons(client, design):
    ProfileFactory(user__full_name="Vera Visible", skills=[design])
    ProfileFactory(hidden=True, user__full_name="Camille Cachée", skills=[design])
    response = client.get(reverse("people:finder"), {"skills": "service-design"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Vera Visible" in content and "Camille Cachée" not in content
    assert "Compétences recherchées : Design de service" in content


def test_finder_bad_filter_is_a_clear_400(client):
    response = client.get(reverse("people:finder"), {"region": "99"})
    assert response.status_code == 400
    assert "Un filtre n'est pas valide" in response.content.decode()


def test_person_page_404_unless_findable(client):
    hidden = ProfileFactory(hidden=True)
    shown = ProfileFactory(bio="Bio visible", show_bio=True)
    assert client.get(reverse("people:person_detail", args=[hidden.pk])).status_code == 404
    response = client.get(reverse("people:person_detail", args=[shown.pk]))
    assert response.status_code == 200 and "Bio visible" in response.content.decode()


def test_contact_needs_sign_in_and_sends(client, agent, django_capture_on_commit_callbacks):
    expert = ProfileFactory(user__email="experte@example.gouv.fr")
    url = reverse("people:contact", args=[expert.pk])
    assert client.get(url).status_code == 302
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Bonjour", "body": "Une question"})
    message = ContactMessage.objects.get()
    assert response.status_code == 302 and response["Location"] == message.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["experte@example.gouv.fr"]]
    assert agent.email not in mail.outbox[0].body


def test_a_newline_in_the_subject_does_not_stop_the_mail(
    client, agent, django_capture_on_commit_callbacks
):
    expert = ProfileFactory(user__email="experte@example.gouv.fr")
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:contact", args=[expert.pk]),
            {"subject": "Bonjour\nBcc: tous@exemple.fr", "body": "Salut"},
        )
    message = ContactMessage.objects.get()
    assert response.status_code == 302 and message.subject == "Bonjour Bcc: tous@exemple.fr"
    assert [(m.subject, m.to, m.bcc) for m in mail.outbox] == [
        ("[LabNet] Bonjour Bcc: tous@exemple.fr", ["experte@example.gouv.fr"], [])
    ]


def test_contact_form_keeps_input_on_error(client, agent):
    expert = ProfileFactory()
    client.force_login(agent)
    response = client.post(reverse("people:contact", args=[expert.pk]), {"body": "Mon texte"})
    assert response.status_code == 400
    assert "Mon texte" in response.content.decode()
    assert "Donnez un objet à votre message." in response.content.decode()


def test_contact_refused_when_person_does_not_accept(client, agent):
    expert = ProfileFactory(contact_allowed=False)
    client.force_login(agent)
    response = client.get(reverse("people:contact", args=[expert.pk]))
    assert response.status_code == 403
    assert "ne souhaite pas recevoir de messages" in response.content.decode()


def test_conversation_only_for_its_two_people(client, agent, django_capture_on_commit_callbacks):
    expert = ProfileFactory(user__full_name="Experte")
    client.force_login(agent)
    client.post(reverse("people:contact", args=[expert.pk]), {"subject": "Q", "body": "B"})
    thread = ContactMessage.objects.get()
    client.force_login(expert.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(thread.get_absolute_url(), {"body": "Réponse"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [agent.email] and mail.outbox[-1].reply_to == []
    client.force_login(UserFactory())
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_my_data_download_is_an_attachment(client, agent):
    client.force_login(agent)
    assert client.get(reverse("people:my_data")).status_code == 200
    response = client.get(reverse("people:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="labnet-mes-donnees-')
    data = json.loads(response.content)
    assert data["sections"]["account"]["email"] == agent.email
    assert AuditEntry.objects.filter(action="people.personal_data_export").count() == 1


def test_erase_account_page(client, agent, lab):
    project = ProjectFactory(lead_lab=lab, is_public=True)
    ActivityFactory(project=project, created_by=agent, title="Atelier")
    client.force_login(agent)
    response = client.post(reverse("people:erase_account"), {"confirmation": "faux"})
    assert response.status_code == 400
    assert User.objects.get(pk=agent.pk).erased_at is None
    response = client.post(reverse("people:erase_account"), {"confirmation": PASSWORD})
    assert response.status_code == 302
    erased = User.objects.get(pk=agent.pk)
    assert erased.erased_at is not None and erased.full_name == "Personne anonymisée"
    # Signed out, and the account can no longer sign in.
    assert client.get(reverse("people:my_data")).status_code == 302
    assert not client.login(email=agent.email, password=PASSWORD)


def test_workspace_shows_anonymous_mention_after_erasure(client, agent, lab, lab_member):
    project = ProjectFactory(lead_lab=lab)
    ActivityFactory(project=project, created_by=agent, title="Atelier")
    from labnet.projects.models import ProjectPerson

    ProjectPerson.objects.create(project=project, user=agent, role="sponsor")
    client.force_login(agent)
    client.post(reverse("people:erase_account"), {"confirmation": PASSWORD})
    client.force_login(lab_member)
    content = client.get(reverse("accompaniment:workspace", args=[project.key])).content.decode()
    assert "Personne anonymisée" in content and "Agnès Agent" not in content


def test_skills_page_coordinator_adds(client, coordinator, agent):
    client.force_login(agent)
    assert client.post(reverse("people:skills"), {"name": "X"}).status_code == 403
    client.force_login(coordinator)
    response = client.post(reverse("people:skills"), {"name": ""})
    assert response.status_code == 400
    assert "Donnez le nom de la compétence." in response.content.decode()
    response = client.post(reverse("people:skills"), {"name": "Ethnographie"})
    assert response.status_code == 302
    assert "Ethnographie" in client.get(reverse("people:skills")).content.decode()


def test_lab_pool_for_team_only(client, lab, lab_member, agent):
    findable = ProfileFactory(user__full_name="Fanny Trouvable")
    LabContributor.objects.create(lab=lab, user=findable.user)
    url = reverse("people:lab_pool", args=[lab.key])
    client.force_login(agent)
    assert client.get(url).status_code == 403
    client.force_login(lab_member)
    content = client.get(url).content.decode()
    assert f'href="/personnes/{findable.pk}/"' in content and "Fanny Trouvable" in content


def test_request_in_triage_suggests_people(client, lab, lab_member, design):
    from tests.factories import RequestFactory

    req = RequestFactory(lab=lab, submitted=True, problem="Besoin de design de service.")
    ProfileFactory(user__full_name="Experte Design", skills=[design])
    client.force_login(lab_member)
    content = client.get(req.get_absolute_url()).content.decode()
    assert "Personnes qui pourraient aider" in content and "Experte Design" in content
    client.force_login(req.author)
    assert (
        "Personnes qui pourraient aider" not in client.get(req.get_absolute_url()).content.decode()
    )
