"""The guided form, without JavaScript: one POST per step, the review, sending."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from labnet.intake.enums import RequestEventKind, RequestStatus
from labnet.intake.models import Request
from labnet.search.services import project_index_update
from tests.factories import (
    DepartmentFactory,
    LabFactory,
    MembershipFactory,
    ProjectFactory,
    RegionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.intake.helpers import draft_for

pytestmark = pytest.mark.django_db


def _step(request, n):
    return reverse("intake:request_step", kwargs={"public_id": request.public_id, "step": n})


def _review(request):
    return reverse("intake:request_review", kwargs={"public_id": request.public_id})


def test_an_agent_drafts_through_the_five_steps_and_sends(
    client, agent, django_capture_on_commit_callbacks
):
    normandie = RegionFactory()
    eure = DepartmentFactory(code="27", region=normandie)
    theme = ThemeFactory(name_fr="Accueil des usagers")
    lab = LabFactory(name="Innov'mandie", region=normandie, themes=[theme])
    member = MembershipFactory(lab=lab).user
    client.force_login(agent)

    response = client.get("/guichet/proposer/")
    html = response.content.decode()
    assert 'class="fr-stepper"' in html
    assert "Étape 1 sur 6" in html
    assert "Enregistrer et continuer" in html and "Précédent" not in html

    response = client.post(
        "/guichet/proposer/", {"title": "Accueil en sous-préfecture", "problem": "Trop d'attente."}
    )
    draft = Request.objects.get()
    assert response.status_code == 302 and response.url == _step(draft, 2)
    assert draft.status == RequestStatus.DRAFT

    for n, data in [
        (2, {"affected_people": "Les usagers"}),
        (3, {"tried": "Des rendez-vous en ligne"}),
        (4, {"stakeholders": "La sous-préfecture"}),
        (
            5,
            {
                "organisation_name": "Sous-préfecture des Andelys",
                "region": "28",
                "department": "27",
                "themes": [theme.pk],
            },
        ),
    ]:
        page = client.get(_step(draft, n)).content.decode()
        assert f"Étape {n} sur 6" in page
        response = client.post(_step(draft, n), {**data, "next": "1"})
        assert response.status_code == 302
    assert response.url == _review(draft)

    review = client.get(_review(draft)).content.decode()
    assert "Étape 6 sur 6" in review
    assert "Innov&#x27;mandie" in review and "couvre votre département" not in review
    assert "dans votre région" in review

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_review(draft), {"choice": "auto", "version": draft.version + 4})
    draft.refresh_from_db()
    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    assert (draft.status, draft.lab, draft.routed_automatically) == (
        RequestStatus.SUBMITTED,
        lab,
        True,
    )
    assert (draft.department, list(draft.themes.all())) == (eure, [theme])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agent.email, member.email])

    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Votre demande est envoyée à Innov&#x27;mandie" in page
    assert "Laboratoire proposé par la plateforme" in page


def test_an_empty_step_says_what_is_missing_and_keeps_what_was_typed(client, agent):
    client.force_login(agent)
    response = client.post("/guichet/proposer/", {"title": "Mon idée", "problem": " "})

    assert response.status_code == 200
    assert Request.objects.count() == 0
    html = response.content.decode()
    assert "Décrivez le problème rencontré ou votre idée." in html
    assert 'value="Mon idée"' in html
    assert "Cette étape n'est pas enregistrée" in html


def test_previous_saves_what_was_typed_without_requiring_it(client, agent):
    draft = draft_for(agent, current_step=3, tried="")
    client.force_login(agent)

    response = client.post(_step(draft, 3), {"tried": "Un début de réponse", "previous": "1"})

    assert response.status_code == 302 and response.url == _step(draft, 2)
    draft.refresh_from_db()
    assert draft.tried == "Un début de réponse"
    response = client.post(_step(draft, 3), {"tried": "", "previous": "1"})
    assert response.status_code == 302


def test_steps_open_in_order(client, agent):
    draft = draft_for(agent, current_step=2)
    client.force_login(agent)
    response = client.get(_step(draft, 4))
    assert response.status_code == 302 and response.url == _step(draft, 2)
    assert client.get(_review(draft)).url == _step(draft, 2)
    assert client.get(_step(draft, 7)).status_code == 404


def test_step_five_refuses_a_department_outside_the_region(client, agent):
    RegionFactory()
    RegionFactory(code="76", name="Occitanie")
    DepartmentFactory(code="27")
    draft = draft_for(agent, current_step=5)
    client.force_login(agent)

    response = client.post(
        _step(draft, 5), {"organisation_name": "Mairie", "region": "76", "department": "27"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce département n&#x27;est pas dans la région choisie." in html
    assert 'value="Mairie"' in html


def test_the_review_shows_the_most_similar_projects_of_the_network(client, agent):
    other_lab = LabFactory(name="Le Lab'O")
    similar = ProjectFactory(
        title="Réduire l'attente à l'accueil des sous-préfectures",
        objective="Moins d'attente au guichet des titres.",
        lead_lab=other_lab,
    )
    unrelated = ProjectFactory(title="Cantines scolaires bio", objective="Des menus locaux.")
    hidden = ProjectFactory(
        title="Attente à l'accueil (brouillon)", objective="Attente au guichet.", private=True
    )
    for project in (similar, unrelated, hidden):
        project_index_update(project=project)
    draft = draft_for(
        agent, title="L'attente à l'accueil", problem="Trop d'attente au guichet des titres."
    )
    client.force_login(agent)

    html = client.get(_review(draft)).content.decode()

    section = html.split('id="similar-projects"')[1].split("</ul>")[0]
    assert "Réduire l&#x27;attente à l&#x27;accueil des sous-préfectures" in section
    assert "Le Lab&#x27;O" in section
    assert "Cantines scolaires bio" not in section
    assert "brouillon" not in section


def test_choosing_a_lab_and_sending_errors_keep_the_draft(client, agent, lab):
    draft = draft_for(agent)
    client.force_login(agent)

    response = client.post(
        _review(draft), {"choice": "auto", "other_lab": "inconnu", "version": draft.version}
    )
    assert response.status_code == 200
    assert "Ce laboratoire ne reçoit pas de demandes." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT

    response = client.post(
        _review(draft), {"choice": "auto", "other_lab": lab.key, "version": draft.version}
    )
    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.lab, draft.routed_automatically) == (lab, False)


def test_an_incomplete_draft_lists_the_steps_to_finish(client, agent):
    draft = draft_for(agent, stakeholders="")
    client.force_login(agent)
    html = client.get(_review(draft)).content.decode()
    assert "Votre demande n'est pas complète" in html
    assert f'href="{_step(draft, 4)}"' in html
    assert re.search(r"<button[^>]*disabled[^>]*>\s*Envoyer ma demande", html) or (
        "disabled>Envoyer ma demande" in html
    )


def test_sharing_a_draft_with_a_colleague(client, agent, django_capture_on_commit_callbacks):
    colleague = UserFactory(email="camille@eure.gouv.fr", full_name="Camille")
    draft = draft_for(agent)
    client.force_login(agent)
    url = reverse("intake:request_coauthor_add", kwargs={"public_id": draft.public_id})

    response = client.post(url, {"email": "inconnu@eure.gouv.fr"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Impossible de partager le brouillon avec cette adresse : vérifiez-la" in html
    assert 'value="inconnu@eure.gouv.fr"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "camille@eure.gouv.fr"})
    assert response.status_code == 302
    assert list(draft.co_authors.all()) == [colleague]
    assert mail.outbox[0].to == ["camille@eure.gouv.fr"]
    assert draft.events.last().kind == RequestEventKind.COAUTHOR_ADDED

    # The colleague finds it in their requests and may edit it.
    client.force_login(colleague)
    assert draft.title in client.get("/guichet/demandes/").content.decode()
    assert client.post(_step(draft, 2), {"affected_people": "Nous deux"}).status_code == 302
