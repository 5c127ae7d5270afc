"""The lab's board and list, the public project page (sheet, lineage, similar projects,
take-up form) and the take-up itself."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.models import Project, StageTransition
from labnet.search.services import projects_reindex
from tests.factories import MembershipFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def board_url(lab):
    return reverse("accompaniment:board", kwargs={"lab_key": lab.key})


def list_url(lab):
    return reverse("accompaniment:portfolio_list", kwargs={"lab_key": lab.key})


def test_board_shows_projects_by_stage_and_cycle_times(client, lab, lab_member, partner_lab):
    ProjectFactory(lead_lab=lab, title="Guichet unique", stage=Stage.TESTING, private=True)
    ProjectFactory(lead_lab=lab, title="En pause", stage=Stage.TESTING, status=ProjectStatus.PAUSED)
    ProjectFactory(lead_lab=lab, title="Clos", status=ProjectStatus.CLOSED)
    partnered = ProjectFactory(lead_lab=partner_lab, title="Chez KaruLab", stage=Stage.IDEATION)
    partnered.partner_labs.add(lab)
    moved = ProjectFactory(lead_lab=lab, title="Mesuré", stage=Stage.IMMERSION)
    Project.objects.filter(pk=moved.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=12)
    )
    StageTransition.objects.create(
        project=moved, from_stage="framing", to_stage="immersion", reason="ok"
    )
    client.force_login(lab_member)

    response = client.get(board_url(lab))

    html = response.content.decode()
    columns = {c.stage: [p.title for p in c.projects] for c in response.context["columns"]}
    assert sorted(columns["testing"]) == ["En pause", "Guichet unique"]
    assert columns["ideation"] == ["Chez KaruLab"]
    assert "Clos" not in html
    assert "Partenaire — piloté par KaruLab" in html
    assert "4 projets en cours ou en pause, par étape." in html
    framing_row = html.split('data-stage="framing"')[1].split("</tr>")[0]
    assert "<td>12</td>" in framing_row
    assert reverse("accompaniment:workspace", kwargs={"key": moved.key}) in html


def test_list_filters(client, lab, lab_member):
    theme = ThemeFactory(key="sante", name_fr="Santé")
    alpha = ProjectFactory(lead_lab=lab, title="Alpha", stage=Stage.TESTING, private=True)
    alpha.themes.add(theme)
    ProjectFactory(lead_lab=lab, title="Bêta", status=ProjectStatus.CLOSED)
    client.force_login(lab_member)

    def titles(**params):
        return [p.title for p in client.get(list_url(lab), params).context["projects"]]

    assert titles() == ["Alpha", "Bêta"]
    assert titles(stage="testing") == ["Alpha"]
    assert titles(status="closed") == ["Bêta"]
    assert titles(theme="sante") == ["Alpha"]
    assert titles(published="no") == ["Alpha"]
    assert titles(q="bêta") == ["Bêta"]
    html = client.get(list_url(lab), {"q": "introuvable"}).content.decode()
    assert "Aucun projet ne correspond à ces filtres." in html
    assert "0 projet" in html


def test_lab_page_links_its_team_to_the_board(client, lab, lab_member):
    assert "Tableau des projets" not in client.get(lab.get_absolute_url()).content.decode()
    client.force_login(lab_member)
    html = client.get(lab.get_absolute_url()).content.decode()
    assert f'href="{board_url(lab)}"' in html


def test_public_page_shows_the_sheet_lineage_and_similar_projects(client, project):
    Project.objects.filter(pk=project.pk).update(
        is_public=True, approach="Immersion au guichet", results="Attente divisée par deux"
    )
    reuse = ProjectFactory(title="Reprise à Caen", scaled_from=project)
    ProjectFactory(title="Reprise secrète", scaled_from=project, private=True)
    ProjectFactory(title="Accueil des usagers en sous-préfecture", objective="Réduire l'attente")
    projects_reindex()  # factories write no search index; the services do

    response = client.get(project.get_absolute_url())

    html = response.content.decode()
    assert "Immersion au guichet" in html and "Attente divisée par deux" in html
    assert "2 reprises dans cette lignée" in html
    assert f'<a href="{reuse.get_absolute_url()}">Reprise à Caen</a>' in html
    assert "Reprise secrète" not in html
    assert "1 reprise non publiée" in html
    assert "Espace de travail du projet" not in html
    assert "Reprendre ce projet" not in html  # visitors don't take up
    similar = [item.project.title for item in response.context["similar"]]
    assert similar[0] == "Accueil des usagers en sous-préfecture"
    assert "Reprise secrète" not in similar and project.title not in similar
    assert "Accueil des usagers en sous-préfecture</a>" in html


def test_public_page_offers_the_take_up_to_other_labs(client, project, outsider, lab_member):
    Project.objects.filter(pk=project.pk).update(is_public=True)
    client.force_login(outsider)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Reprendre ce projet dans votre territoire" in html
    assert "Le Lab&#x27;O" in html
    client.force_login(lab_member)  # the lead lab's only lab is the lead lab
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Reprendre ce projet dans votre territoire" not in html
    assert "Espace de travail du projet" in html


def test_take_up_flow(client, project, outsider, other_lab):
    Project.objects.filter(pk=project.pk).update(is_public=True)
    client.force_login(outsider)
    url = reverse("accompaniment:take_up", kwargs={"key": project.key})

    missing = client.post(url, {"take_up-lab": other_lab.pk, "take_up-title": "Version Occitanie"})
    assert missing.status_code == 200
    assert "Dites ce qui a été adapté au territoire" in missing.content.decode()
    assert 'value="Version Occitanie"' in missing.content.decode()

    response = client.post(
        url,
        {
            "take_up-lab": other_lab.pk,
            "take_up-title": "Version Occitanie",
            "take_up-adaptation_notes": "Zones rurales",
        },
    )

    reuse = Project.objects.get(scaled_from=project)
    assert response.status_code == 302
    assert response["Location"] == reverse("accompaniment:workspace", kwargs={"key": reuse.key})
    assert (reuse.title, reuse.lead_lab, reuse.adaptation_notes) == (
        "Version Occitanie",
        other_lab,
        "Zones rurales",
    )
    assert client.get(response["Location"]).status_code == 200
    scaling = reverse("accompaniment:scaling", kwargs={"key": reuse.key})
    html = client.get(scaling).content.decode()
    assert "1 reprise dans cette lignée" in html
    assert f'<a href="{project.get_absolute_url()}">{project.title}</a>' in html
    assert '<strong aria-current="true">Version Occitanie</strong>' in html


def test_take_up_with_someone_elses_lab_is_refused(client, project, outsider, lab):
    Project.objects.filter(pk=project.pk).update(is_public=True)
    client.force_login(outsider)
    response = client.post(
        reverse("accompaniment:take_up", kwargs={"key": project.key}),
        {"take_up-lab": lab.pk, "take_up-adaptation_notes": "x"},
    )
    assert response.status_code == 200
    assert "Vous ne pouvez reprendre ce projet qu&#x27;avec l&#x27;un de vos laboratoires." in (
        response.content.decode()
    )
    assert Project.objects.count() == 1


def test_coordinator_takes_up_with_any_lab(client, project, coordinator, other_lab):
    client.force_login(coordinator)
    MembershipFactory(lab=other_lab)
    response = client.post(
        reverse("accompaniment:take_up", kwargs={"key": project.key}),
        {"take_up-lab": other_lab.pk, "take_up-adaptation_notes": "Pilote national"},
    )
    assert response.status_code == 302
    assert Project.objects.get(scaled_from=project).lead_lab == other_lab


def test_the_coordinator_is_offered_every_lab_but_the_lead_one(
    client, project, coordinator, lab, other_lab, partner_lab
):
    """The thousand-lab list comes from the cache (CachedSelect) with the lead lab left
    out, the same options as the labs the form accepts, and a refused lead lab stays
    refused."""
    Project.objects.filter(pk=project.pk).update(is_public=True)
    client.force_login(coordinator)
    for _ in range(2):  # computed, then from the cache
        html = client.get(project.get_absolute_url()).content.decode()
        select = html.split('name="take_up-lab"')[1].split("</select>")[0]
        offered = re.findall(r'<option value="(\d*)"(?: selected)?>([^<]*)</option>', select)
        assert offered == [
            ("", "—"),
            (str(partner_lab.pk), "KaruLab"),
            (str(other_lab.pk), "Le Lab&#x27;O"),
        ]
    response = client.post(
        reverse("accompaniment:take_up", kwargs={"key": project.key}),
        {"take_up-lab": lab.pk, "take_up-adaptation_notes": "x"},
    )
    assert response.status_code == 200
    form_html = response.content.decode().split('name="take_up-lab"')[1].split("</select>")[0]
    assert f'<option value="{lab.pk}"' not in form_html
    assert Project.objects.count() == 1
