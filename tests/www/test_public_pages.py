import pytest
from django.urls import reverse

from labnet.labs.enums import LabKind
from tests.factories import (
    DepartmentFactory,
    LabFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_network_figures_computed_from_data(client):
    normandie = RegionFactory(code="28", name="Normandie")
    guadeloupe = RegionFactory(overseas=True)
    LabFactory(region=normandie)
    LabFactory(region=guadeloupe, in_preparation=True)
    LabFactory(kind=LabKind.MINISTRY, region=None)
    origin = ProjectFactory(lead_lab=LabFactory(region=normandie))
    ProjectFactory(private=True, scaled_from=origin)

    response = client.get(reverse("www:home"))

    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.labs == 5  # 4 created above + the private project's lab
    assert figures.territorial_labs == 4
    assert figures.labs_in_preparation == 1
    assert figures.regions_covered == 2
    assert figures.overseas_regions_covered == 1
    assert figures.public_projects == 1
    assert figures.public_reuses == 0  # the only reuse is unpublished
    assert b'data-figure="labs">5<' in response.content


def test_atlas_lists_every_lab_and_filters_by_region_kind_host_theme_status(client):
    normandie = RegionFactory(code="28", name="Normandie")
    occitanie = RegionFactory(code="76", name="Occitanie")
    prefecture = OrganisationFactory(key="prefecture-occitanie", name="Préfecture d'Occitanie")
    data = ThemeFactory(key="open-data", name_fr="Données ouvertes")
    innov = LabFactory(name="Innov'mandie", region=normandie, themes=[data])
    labo = LabFactory(name="Le Lab'O", region=occitanie, host=prefecture)
    ministry = LabFactory(name="Lab ministériel", kind=LabKind.MINISTRY, region=None)
    preparing = LabFactory(name="Lab' An nou", region=occitanie, in_preparation=True)

    def names(query):
        response = client.get(reverse("www:atlas"), query)
        assert response.status_code == 200
        return [lab.name for lab in response.context["labs"]]

    assert names({}) == sorted([innov.name, labo.name, ministry.name, preparing.name])
    assert names({"region": "76"}) == ["Lab' An nou", "Le Lab'O"]
    assert names({"kind": "ministry"}) == ["Lab ministériel"]
    assert names({"host": "prefecture-occitanie"}) == ["Le Lab'O"]
    assert names({"theme": "open-data"}) == ["Innov'mandie"]
    assert names({"status": "in_preparation"}) == ["Lab' An nou"]
    assert names({"q": "mandie"}) == ["Innov'mandie"]
    assert names({"region": "76", "status": "active"}) == ["Le Lab'O"]


def test_atlas_map_links_each_region_with_its_count_and_a_data_table(client):
    occitanie = RegionFactory(code="76", name="Occitanie")
    LabFactory.create_batch(2, region=occitanie)

    response = client.get(reverse("www:atlas"))

    shapes = {s.code: s for s in response.context["map_shapes"]}
    assert len(shapes) == 18
    assert shapes["76"].count == 2
    assert shapes["01"].count == 0
    html = response.content.decode()
    assert 'href="/laboratoires/?region=76"' in html
    assert '<th scope="row">Occitanie</th><td>76</td><td>2</td>' in html


def test_atlas_with_no_match_says_so(client):
    LabFactory()
    response = client.get(reverse("www:atlas"), {"q": "introuvable"})
    assert "Aucun laboratoire ne correspond à ces filtres." in response.content.decode()


def test_lab_page_shows_profile_and_only_published_projects_to_visitors(client):
    eure = DepartmentFactory(code="27", name="Eure")
    lab = LabFactory(name="Innov'mandie", email="innovmandie@normandie.gouv.fr")
    lab.departments.add(eure)
    ProjectFactory(lead_lab=lab, title="Open data dans l'Eure")
    ProjectFactory(lead_lab=lab, title="Projet interne", private=True)

    response = client.get(lab.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Innov&#x27;mandie" in html
    assert "innovmandie@normandie.gouv.fr" in html
    assert "Eure (27)" in html
    assert "Open data dans l&#x27;Eure" in html
    assert "Projet interne" not in html
    assert "Modifier le profil" not in html


def test_lab_page_shows_unpublished_projects_and_team_to_its_members(client):
    lab = LabFactory()
    ProjectFactory(lead_lab=lab, title="Projet interne", private=True)
    member = MembershipFactory(lab=lab, user__full_name="Martin Membre").user
    client.force_login(member)

    html = client.get(lab.get_absolute_url()).content.decode()

    assert "Projet interne" in html
    assert "Martin Membre" in html


def test_unknown_lab_is_404(client):
    assert client.get(reverse("www:lab_detail", kwargs={"key": "nope"})).status_code == 404


def test_unpublished_project_is_404_for_visitors_and_visible_to_its_lab(client):
    project = ProjectFactory(private=True)
    assert client.get(project.get_absolute_url()).status_code == 404
    member = MembershipFactory(lab=project.lead_lab).user
    client.force_login(member)
    assert client.get(project.get_absolute_url()).status_code == 200


def test_project_page_shows_sheet_and_lineage(client):
    origin = ProjectFactory(
        title="Délais des titres de séjour",
        objective="Réduire les délais",
        approach="Immersion",
        results="Délais divisés par deux",
    )
    reuse = ProjectFactory(title="Reprise en Bretagne", scaled_from=origin)
    ProjectFactory(title="Reprise non publiée", scaled_from=origin, private=True)

    html = client.get(origin.get_absolute_url()).content.decode()
    assert "Réduire les délais" in html and "Immersion" in html
    assert "Délais divisés par deux" in html
    assert "Reprise en Bretagne" in html
    assert "Reprise non publiée" not in html
    assert "Délais des titres de séjour" in client.get(reuse.get_absolute_url()).content.decode()


def test_pages_are_available_in_english(client):
    LabFactory()
    response = client.get("/en/laboratoires/")
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "en"


def test_atlas_is_paginated_and_keeps_filters_across_pages(client):
    occitanie = RegionFactory(code="76", name="Occitanie")
    LabFactory.create_batch(26, region=occitanie)
    LabFactory(region=RegionFactory(code="53", name="Bretagne"))

    first = client.get(reverse("www:atlas"), {"region": "76"})
    assert len(first.context["labs"]) == 24
    assert first.context["lab_total"] == 26
    html = first.content.decode()
    assert "26 laboratoires" in html
    assert 'href="?region=76&amp;page=2"' in html
    second = client.get(reverse("www:atlas"), {"region": "76", "page": "2"})
    assert len(second.context["labs"]) == 2
    # The map counts every matching lab, not only the page shown.
    shapes = {s.code: s.count for s in first.context["map_shapes"]}
    assert shapes["76"] == 26 and shapes["53"] == 0


def test_home_counts_published_reuses_of_another_territory(client):
    origin = ProjectFactory(title="Titres de séjour en Occitanie")
    ProjectFactory(title="Reprise en Bretagne", scaled_from=origin)
    response = client.get(reverse("www:home"))
    assert response.context["figures"].public_reuses == 1
    assert "1 projet publié reprend une réussite d’un autre territoire." in (
        response.content.decode().replace("&#x27;", "’").replace("'", "’")
    )


def test_lab_page_pages_the_projects_it_leads_and_its_partnerships(client):
    lab = LabFactory()
    for i in range(23):
        ProjectFactory(lead_lab=lab, title=f"Piloté {i:02d}")
    for i in range(21):
        ProjectFactory(title=f"Partenaire {i:02d}").partner_labs.add(lab)

    def projects_section(url):
        html = client.get(url).content.decode()
        return html[html.index('id="projects"') : html.index('id="cooperations"')]

    first = projects_section(lab.get_absolute_url())
    assert "Piloté 19" in first and "Piloté 20" not in first
    assert "23 projets pilotés" in first
    assert "Partenaire 19" in first and "Partenaire 20" not in first
    assert "?page=2#projects" in first
    assert "?partenariats=2#partner-projects" in first

    second = projects_section(lab.get_absolute_url() + "?page=2&partenariats=2")
    assert "Piloté 20" in second and "Piloté 22" in second and "Piloté 19" not in second
    assert "Partenaire 20" in second and "Partenaire 19" not in second
    assert "?partenariats=2&amp;page=1#projects" in second
