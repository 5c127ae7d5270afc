"""Pages of the shared library and the lab page's cooperations."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from labnet.core.models import AuditEntry
from labnet.resources.enums import ResourceStatus
from labnet.resources.models import Resource
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, ThemeFactory
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
LIBRARY = "/ressources/"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _resources(n, theme):
    for _ in range(n):
        ResourceFactory(tags=["atelier", "réseau"], themes=[theme], lab=LabFactory())


# --- library ------------------------------------------------------------------------------


def test_the_library_lists_published_resources_with_counts_per_kind(client):
    ResourceFactory(title="Kit d'atelier", kind="toolkit", tags=["atelier"])
    ResourceFactory(title="Atlas des labs", kind="report")
    ResourceFactory(title="Brouillon secret", proposed=True)
    response = client.get(LIBRARY)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kit d&#x27;atelier" in html and "Atlas des labs" in html
    assert "Brouillon secret" not in html
    assert "2 ressources" in html
    assert "Boîte à outils (1)" in html and "Rapport ou publication (1)" in html
    assert "Méthode (0)" in html


def test_the_library_filters_by_tag(client):
    ResourceFactory(title="Kit d'atelier", tags=["atelier"])
    ResourceFactory(title="Atlas des labs")
    html = client.get(LIBRARY, {"tag": "Atelier"}).content.decode()
    assert "Kit d&#x27;atelier" in html and "Atlas des labs" not in html
    assert "1 ressource" in html


def test_library_queries_do_not_grow_with_resources(client, django_assert_num_queries):
    theme = ThemeFactory()
    _resources(2, theme)
    # count, page of resources, their tags, their themes, counts per kind, tag and theme
    # options.
    with django_assert_num_queries(7):
        client.get(LIBRARY)
    # A text search too: the filter reads the text index in each query (docs/adr/0060).
    with django_assert_num_queries(7):
        client.get(LIBRARY + "?q=atelier")
    _resources(8, theme)
    with django_assert_num_queries(7):
        response = client.get(LIBRARY)
    assert response.context["total"] == 10
    with django_assert_num_queries(7):
        client.get(LIBRARY + "?q=atelier")


# --- resource page and file -----------------------------------------------------------------


def test_the_resource_page_shows_licence_tags_and_only_visible_projects(client, lab):
    public = ProjectFactory(title="Projet publié")
    private = ProjectFactory(title="Projet interne", lead_lab=lab, private=True)
    resource = ResourceFactory(title="Kit", tags=["atelier"], projects=[public, private], lab=lab)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "Licence Ouverte 2.0 (Etalab)" in html
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in html
    assert "/ressources/?tag=atelier" in html
    assert "Projet publié" in html and "Projet interne" not in html
    assert "Innov&#x27;mandie" in html


def test_resource_page_query_count_is_fixed(client, django_assert_num_queries):
    projects = ProjectFactory.create_batch(2)
    resource = ResourceFactory(tags=["a", "b"], projects=projects)
    # the resource, its tags, themes and projects.
    with django_assert_num_queries(4):
        client.get(resource.get_absolute_url())
    resource.projects.add(*ProjectFactory.create_batch(5))
    with django_assert_num_queries(4):
        client.get(resource.get_absolute_url())


def test_a_proposal_is_not_found_for_others(client, agent):
    resource = ResourceFactory(proposed=True)
    assert client.get(resource.get_absolute_url()).status_code == 404
    client.force_login(agent)
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_the_file_is_served_with_its_detected_type_only_when_visible(client, lab_member):
    resource = ResourceFactory(url="", proposed=True, proposed_by=lab_member)
    resource.file.save("guide.pdf", SimpleUploadedFile("guide.pdf", PDF_BYTES), save=False)
    resource.content_type, resource.size = "application/pdf", len(PDF_BYTES)
    resource.save()
    url = f"/ressources/{resource.key}/fichier/"
    assert client.get(url).status_code == 404
    client.force_login(lab_member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_resource_without_a_file_has_no_download(client):
    resource = ResourceFactory()
    assert client.get(f"/ressources/{resource.key}/fichier/").status_code == 404


# --- proposing --------------------------------------------------------------------------------


def test_an_agent_without_a_lab_is_told_why_they_cannot_propose(client, agent):
    client.force_login(agent)
    response = client.get("/ressources/proposer/")
    assert response.status_code == 403
    assert "réservé aux membres des équipes des laboratoires" in response.content.decode()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/ressources/proposer/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_bad_input_keeps_what_was_typed_and_says_what_is_missing(client, lab_member):
    client.force_login(lab_member)
    response = client.post(
        "/ressources/proposer/",
        {"title": "Mon kit", "summary": "Un kit pour animer.", "tags": "Atelier, usagers"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choisissez la nature de la ressource." in html
    assert "Choisissez la licence sous laquelle la ressource est partagée." in html
    assert "Indiquez l&#x27;adresse web de la ressource ou déposez son fichier" in html
    assert 'value="Mon kit"' in html
    assert "Un kit pour animer." in html
    assert 'value="Atelier, usagers"' in html
    assert not Resource.objects.exists()


def test_a_member_proposes_with_a_file(
    client, lab, lab_member, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(lab_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ressources/proposer/",
            {
                "title": "Guide de l'immersion",
                "kind": "method",
                "summary": "Observer l'accueil avant de concevoir.",
                "licence": "cc-by-4.0",
                "tags": "Immersion",
                "lab": lab.key,
                "file": SimpleUploadedFile("guide.pdf", PDF_BYTES),
            },
        )
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert (resource.status, resource.lab, resource.content_type) == (
        ResourceStatus.PROPOSED,
        lab,
        "application/pdf",
    )
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_the_proposer_amends_a_proposal(client, lab_member):
    resource = ResourceFactory(proposed=True, proposed_by=lab_member, tags=["atelier"])
    client.force_login(lab_member)
    page = client.get(f"/ressources/{resource.key}/modifier/")
    assert page.status_code == 200
    assert 'value="atelier"' in page.content.decode()
    response = client.post(
        f"/ressources/{resource.key}/modifier/",
        {
            "title": "Titre revu",
            "kind": "toolkit",
            "summary": resource.summary,
            "url": resource.url,
            "licence": resource.licence,
            "tags": "atelier",
        },
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.kind) == ("Titre revu", "toolkit")


def test_someone_else_may_not_amend(client, lab_member):
    resource = ResourceFactory(proposed=True, proposed_by=MembershipFactory().user)
    client.force_login(lab_member)
    assert client.get(f"/ressources/{resource.key}/modifier/").status_code == 404


def test_my_proposals_lists_each_with_its_status_and_message(client, lab_member):
    ResourceFactory(title="Refusée", refused=True, proposed_by=lab_member, review_message="Non.")
    ResourceFactory(title="En attente", proposed=True, proposed_by=lab_member)
    ResourceFactory(title="Pas à moi", proposed=True)
    client.force_login(lab_member)
    html = client.get("/ressources/mes-propositions/").content.decode()
    assert "Refusée" in html and "Non." in html and "En attente" in html
    assert "Pas à moi" not in html


# --- review -----------------------------------------------------------------------------------


def test_the_review_queue_is_for_the_coordination(client, lab_lead, coordinator):
    ResourceFactory(title="À relire", proposed=True, proposed_by=lab_lead)
    client.force_login(lab_lead)
    assert client.get("/ressources/a-relire/").status_code == 403
    client.force_login(coordinator)
    response = client.get("/ressources/a-relire/")
    assert response.status_code == 200
    assert "À relire" in response.content.decode()


def test_the_review_queue_is_paged_oldest_first(client, lab_lead, coordinator):
    for i in range(52):
        ResourceFactory(title=f"Proposition {i:02d}", proposed=True, proposed_by=lab_lead)
    client.force_login(coordinator)
    first = client.get("/ressources/a-relire/").context["resources"]
    second = client.get("/ressources/a-relire/?page=2").context["resources"]
    titles = [r.title for r in first] + [r.title for r in second]
    assert len(first) == 50
    assert titles == [f"Proposition {i:02d}" for i in range(52)]


def test_the_coordination_publishes_from_the_resource_page(
    client, lab_member, coordinator, django_capture_on_commit_callbacks
):
    resource = ResourceFactory(proposed=True, proposed_by=lab_member)
    client.force_login(coordinator)
    assert "Enregistrer la décision" in client.get(resource.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/ressources/{resource.key}/relecture/", {"review-decision": "publish"}
        )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.PUBLISHED
    assert [m.to for m in mail.outbox] == [[lab_member.email]]


def test_refusing_without_a_message_is_explained_and_nothing_changes(client, coordinator):
    resource = ResourceFactory(proposed=True)
    client.force_login(coordinator)
    response = client.post(f"/ressources/{resource.key}/relecture/", {"review-decision": "refuse"})
    assert response.status_code == 400
    assert (
        "Expliquez au proposant pourquoi la ressource n&#x27;est pas publiée."
        in response.content.decode()
    )
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.PROPOSED
    assert not AuditEntry.objects.exists()


def test_a_member_may_not_review(client, lab_member):
    resource = ResourceFactory(proposed=True, proposed_by=lab_member)
    client.force_login(lab_member)
    response = client.post(f"/ressources/{resource.key}/relecture/", {"review-decision": "publish"})
    assert response.status_code == 403


# --- projects that used a resource ------------------------------------------------------------


def test_a_projects_team_adds_and_removes_its_project(client, lab, lab_member):
    project = ProjectFactory(key="accueil", title="Accueil", lead_lab=lab)
    resource = ResourceFactory()
    client.force_login(lab_member)
    assert "Indiquer que ce projet l" in client.get(resource.get_absolute_url()).content.decode()
    response = client.post(f"/ressources/{resource.key}/projets/", {"link-project": "accueil"})
    assert response.status_code == 302
    assert list(resource.projects.all()) == [project]
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "/ressources/" + resource.key + "/projets/accueil/retirer/" in page
    response = client.post(f"/ressources/{resource.key}/projets/accueil/retirer/")
    assert response.status_code == 302
    assert list(resource.projects.all()) == []


def test_others_see_no_remove_button_and_cannot_remove(client, lab_member):
    project = ProjectFactory(key="ailleurs")
    resource = ResourceFactory(projects=[project])
    client.force_login(lab_member)
    assert "/retirer/" not in client.get(resource.get_absolute_url()).content.decode()
    response = client.post(f"/ressources/{resource.key}/projets/ailleurs/retirer/")
    assert response.status_code == 403
    assert list(resource.projects.all()) == [project]


def test_a_project_of_another_lab_cannot_be_added(client, lab_member):
    ProjectFactory(key="ailleurs")
    resource = ResourceFactory()
    client.force_login(lab_member)
    response = client.post(f"/ressources/{resource.key}/projets/", {"link-project": "ailleurs"})
    assert response.status_code == 400
    assert "Choisissez un projet de vos laboratoires." in response.content.decode()
    assert not resource.projects.exists()


def test_the_project_page_include_lists_the_resources_used():
    project = ProjectFactory()
    ResourceFactory(title="Kit utilisé", projects=[project])
    html = Template("{% load resources %}{% project_resources project %}").render(
        Context({"project": project})
    )
    assert "Ressources utilisées" in html and "Kit utilisé" in html
    assert (
        Template("{% load resources %}{% project_resources p %}")
        .render(Context({"p": ProjectFactory()}))
        .strip()
        == ""
    )


# --- the lab page's cooperations --------------------------------------------------------------


def test_the_lab_page_names_its_closest_partners_and_links_its_cooperations(client, lab):
    partner = LabFactory(name="Le Lab'O")
    shared = ProjectFactory(title="Titres de séjour", lead_lab=lab)
    shared.partner_labs.add(partner)
    ProjectFactory(title="Reprise", lead_lab=LabFactory(name="Siilab"), scaled_from=shared)
    html = client.get(lab.get_absolute_url()).content.decode()
    assert "Coopérations" in html
    assert "Le Lab&#x27;O</a> — 1 projet commun" in html
    assert "Siilab</a> — 1 reprise" in html
    page = f"/laboratoires/{lab.key}/cooperations/"
    assert (
        f'id="all-cooperations" href="{page}">Toutes ses coopérations : 2 laboratoires, '
        "les projets communs et les reprises</a>" in html
    )
    # The lists are on the cooperations page.
    assert 'id="cooperations-table"' not in html and "Titres de séjour</a> — avec" not in html
    cooperations = client.get(page).content.decode()
    assert f"<h1>Coopérations de {escape(lab.name)}</h1>" in cooperations
    assert 'id="cooperations-table"' in cooperations
    assert "Titres de séjour</a> — avec Le Lab&#x27;O" in cooperations
    assert "Siilab reprend un projet" in cooperations
    english = client.get("/en" + page).content.decode()
    assert f"<h1>Cooperation of {escape(lab.name)}</h1>" in english
    assert client.get("/laboratoires/inconnu/cooperations/").status_code == 404


def _section(html, start, end):
    return html[html.index(start) : html.index(end)]


def test_the_cooperations_page_ranks_the_partners_and_pages_every_list(client):
    lab = LabFactory(key="lab", name="Lab")
    # 23 partner labs: partner i runs i % 2 + 1 projects with the lab (pNN with NN odd: 2).
    partners = [LabFactory(key=f"p{i:02d}", name=f"Partenaire {i:02d}") for i in range(23)]
    for i, partner in enumerate(partners):
        for n in range(i % 2 + 1):
            ProjectFactory(lead_lab=lab, title=f"Commun {i:02d}-{n}").partner_labs.add(partner)
    # 21 take-ups by another lab of the lab's projects.
    taker = LabFactory(key="taker", name="Repreneur")
    origin = ProjectFactory(lead_lab=lab, title="Origine")
    for i in range(21):
        ProjectFactory(lead_lab=taker, title=f"Reprise {i:02d}", scaled_from=origin)
    # Nobody but the lab's team may read this one: it counts nowhere for a visitor.
    ProjectFactory(lead_lab=lab, title="Caché", private=True).partner_labs.add(partners[0])

    lab_page = client.get(lab.get_absolute_url()).content.decode()
    top = lab_page.split('id="top-partners"')[1].split("</ol>")[0]
    assert [line.split("</a>")[0].rsplit(">", 1)[1] for line in top.split("<li>")[1:]] == [
        "Repreneur",
        "Partenaire 01",
        "Partenaire 03",
    ]
    # 24 partner labs in all (the hidden project adds none).
    assert "Toutes ses coopérations : 24 laboratoires" in lab_page

    page = "/laboratoires/lab/cooperations/"
    html = client.get(page).content.decode()
    table = _section(html, 'id="cooperations-table"', "</table>")
    # The taker first (21 take-ups), then the odd partners (2 projects), then the even (1).
    expected = ["Repreneur"] + [f"Partenaire {i:02d}" for i in [*range(1, 23, 2), *range(0, 23, 2)]]
    assert [row.split("</a>")[0].rsplit(">", 1)[1] for row in table.split("<tr>")[2:]] == (
        expected[:20]
    )
    assert "<td>0</td>\n            <td>21</td>\n            <td>21</td>" in table
    assert "du plus proche au moins proche (24)</caption>" in table
    assert "?laboratoires=2#cooperations" in html
    shared = _section(html, 'id="shared-projects-title"', 'id="take-ups-title"')
    # 34 projects run with other labs (the hidden one not counted), 20 a page, by title.
    assert "Projets menés avec d'autres laboratoires (34)" in shared
    assert "Commun 00-0" in shared and "Commun 13-0" in shared and "Commun 13-1" not in shared
    assert "Caché" not in html
    assert "?projets-communs=2#shared-projects-title" in shared
    take_ups = _section(html, 'id="take-ups-title"', "Retour à la page de Lab")
    assert "Reprises entre laboratoires (21)" in take_ups
    assert "Reprise 19" in take_ups and "Reprise 20" not in take_ups
    assert "?reprises=2#take-ups-title" in take_ups

    second = client.get(page + "?laboratoires=2&projets-communs=2&reprises=2").content.decode()
    table = _section(second, 'id="cooperations-table"', "</table>")
    assert [row.split("</a>")[0].rsplit(">", 1)[1] for row in table.split("<tr>")[2:]] == (
        expected[20:]
    )
    shared = _section(second, 'id="shared-projects-title"', 'id="take-ups-title"')
    assert "Commun 13-1" in shared and "Commun 22-0" in shared and "Commun 13-0" not in shared
    # Each list keeps the others' pages in its links.
    assert "?laboratoires=2&amp;reprises=2&amp;projets-communs=1#shared-projects-title" in shared
    take_ups = _section(second, 'id="take-ups-title"', "Retour à la page de Lab")
    assert "Reprise 20" in take_ups and "Reprise 19" not in take_ups

    # The lab's team reads the hidden project: it counts for them.
    member = MembershipFactory(lab=lab).user
    client.force_login(member)
    html = client.get(page).content.decode()
    assert "Projets menés avec d&#x27;autres laboratoires (35)" in html or (
        "Projets menés avec d'autres laboratoires (35)" in html
    )


def _partners(lab, n):
    project = ProjectFactory(lead_lab=lab)
    project.partner_labs.add(*LabFactory.create_batch(n))
    ProjectFactory(lead_lab=LabFactory(), scaled_from=project)


def test_lab_page_query_count_does_not_grow_with_partner_labs(client, lab, lab_member):
    client.force_login(lab_member)
    _partners(lab, 1)
    # lab + themes, departments, networks; session, user; the projects it leads (the
    # reader's labs, read once for every rule; count, page) and those it partners (count;
    # no page when there are none); team (memberships); the closest partners with their
    # number; the lab's next events; its funding; its roadmaps; the impact survey's
    # figures (the lab's, the network's); the header's labs.
    assert _count(client, lab.get_absolute_url()) == 18
    for _ in range(25):
        _partners(lab, 2)
    assert _count(client, lab.get_absolute_url()) == 18


def test_cooperations_page_query_count_does_not_grow_with_partner_labs(client, lab, lab_member):
    client.force_login(lab_member)
    page = f"/laboratoires/{lab.key}/cooperations/"
    _partners(lab, 1)
    # lab + themes, departments, networks; session, user, the reader's labs; the partners
    # (count, page), the shared projects (count, page, their other labs), the take-ups
    # (count, page); the header's labs.
    assert _count(client, page) == 15
    for _ in range(25):
        _partners(lab, 2)
    # More than a page of partners, of shared projects and of take-ups: the same queries.
    assert _count(client, page) == 15
    assert _count(client, page + "?laboratoires=2&projets-communs=2&reprises=2") == 15


def test_removing_the_only_file_without_a_link_is_refused(client, lab_member):
    resource = ResourceFactory(proposed=True, proposed_by=lab_member, url="")
    resource.file.save("guide.pdf", SimpleUploadedFile("guide.pdf", PDF_BYTES), save=True)
    client.force_login(lab_member)
    fields = {
        "title": resource.title,
        "kind": resource.kind,
        "summary": resource.summary,
        "licence": resource.licence,
    }
    # Keeping the file needs no link.
    assert client.post(f"/ressources/{resource.key}/modifier/", fields).status_code == 302
    response = client.post(f"/ressources/{resource.key}/modifier/", {**fields, "remove_file": "on"})
    assert response.status_code == 400
    assert "Indiquez l&#x27;adresse web de la ressource ou déposez son fichier" in (
        response.content.decode()
    )
    resource.refresh_from_db()
    assert resource.file


def test_the_library_text_search_counts_and_lists_the_same_matches(client):
    ResourceFactory(title="Kit Écoute", summary="Rien.", kind="method")
    ResourceFactory(title="Guide", summary="Pour l'ÉCOUTE des usagers.", kind="report")
    ResourceFactory(title="Autre", summary="Rien à voir.", kind="report")
    ResourceFactory(title="Écoute, brouillon", proposed=True)

    response = client.get("/ressources/?q=ecoute")

    assert [r.title for r in response.context["resources"]] == ["Guide", "Kit Écoute"]
    assert response.context["total"] == 2
    counts = {kind: n for kind, _label, n in response.context["kind_counts"]}
    assert (counts["method"], counts["report"]) == (1, 1)
    kit_only = client.get("/ressources/?q=ecoute&kind=method").context["resources"]
    assert [r.title for r in kit_only] == ["Kit Écoute"]
