"""Daily work, polished (issue 13): error pages in French and English, the workspace's
short pages at desktop and 375 px, publishing through a preview and a confirmation, a
confirmation page, and the error summary that takes the focus after a failed submit.
axe-core runs on every page visited."""

import datetime

import pytest
from django.utils import timezone

from labnet.projects.enums import Stage
from labnet.projects.models import Project, ProjectDocument
from tests.factories import LabFactory, MembershipFactory, ProjectFactory

from .steps import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WORKSPACE_PAGES = [
    ("", "Synthèse"),
    ("etape/", "Étape et décisions"),
    ("fiche-publique/", "Fiche publique"),
    ("journal/", "Journal des activités"),
    ("documents/", "Documents"),
    ("prochaines-etapes/", "Prochaines étapes"),
    ("notes/", "Notes internes"),
    ("personnes/", "Partenaires et personnes"),
    ("passage-a-l-echelle/", "Passage à l'échelle"),
]


@pytest.fixture
def team(db):
    lab = LabFactory(key="innovmandie", name="Innov'mandie")
    member = MembershipFactory(lab=lab, user__full_name="Martin Membre").user
    project = ProjectFactory(
        key="accueil-usagers",
        title="Accueil des usagers en préfecture",
        lead_lab=lab,
        private=True,
        stage=Stage.FRAMING,
        objective="Réduire l'attente au guichet des titres de séjour.",
    )
    return lab, member, project


def test_error_pages_in_french_and_english(page, axe_check, team):
    _, _member, project = team
    response = page.goto("/nulle-part/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Page non trouvée"
    assert page.locator(".fr-header").is_visible() and page.locator("#footer").is_visible()
    axe_check(page)

    response = page.goto("/en/nowhere/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    axe_check(page)

    # A refusal says why: another lab's member opens the sheet editor.
    outsider = MembershipFactory(lab=LabFactory(), user__full_name="Paul Partenaire").user
    project.partner_labs.add(outsider.memberships.get().lab)
    sign_in(page, outsider.email)
    response = page.goto("/accompagnement/projets/accueil-usagers/fiche/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Accès refusé"
    assert "rédige et publie la fiche du projet" in page.locator("#error-reason").inner_text()
    axe_check(page)
    response = page.goto("/en/accompagnement/projets/accueil-usagers/fiche/")
    assert response.status == 403
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_workspace_pages_at_desktop_and_phone_width(page, axe_check, team, width):
    _, member, _project = team
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, member.email)
    heights = {}
    for path, title in WORKSPACE_PAGES:
        page.goto(f"/accompagnement/projets/accueil-usagers/{path}")
        assert page.locator("h1").inner_text().startswith("Accueil des usagers en préfecture")
        current = page.locator('.fr-sidemenu__link[aria-current="page"]')
        assert current.get_attribute("href").endswith(f"/accueil-usagers/{path}")
        assert current.inner_text() == title or width == 375  # folded behind its button
        # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        heights[path] = page.evaluate("document.documentElement.scrollHeight")
        axe_check(page)
    # Short pages: the one-page workspace was 6,000 px high with every form open.
    assert max(heights.values()) < 3000, heights
    if width == 375:
        # The side menu folds into a button on a phone; it opens the list of pages.
        page.get_by_role("button", name="Les pages de l'espace de travail").click()
        page.get_by_role("link", name="Journal des activités").click()
        page.wait_for_url("**/journal/")


def test_publish_goes_through_the_preview_and_a_confirmation(page, axe_check, team):
    _, member, project = team
    sign_in(page, member.email)
    page.goto("/accompagnement/projets/accueil-usagers/fiche-publique/")
    page.get_by_role("link", name="Publier la fiche").click()
    page.wait_for_url("**/publication/")
    # Approach and Results are empty: the preview says so and offers no confirmation.
    assert page.locator("#publication-problems").is_visible()
    assert page.get_by_role("button", name="Confirmer la publication").count() == 0
    axe_check(page)
    page.get_by_role("link", name="Compléter la fiche").click()
    page.fill("#id_approach", "Immersion au guichet, ateliers avec les agents.")
    page.fill("#id_results", "Un parcours d'accueil testé dans deux préfectures.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url("**/fiche-publique/")
    page.get_by_role("link", name="Publier la fiche").click()
    assert page.get_by_role("heading", name="Aperçu avant publication").is_visible()
    assert page.get_by_text("Immersion au guichet, ateliers avec les agents.").is_visible()
    project.refresh_from_db()
    assert not project.is_public  # looking publishes nothing
    axe_check(page)
    page.get_by_role("button", name="Confirmer la publication").click()
    page.wait_for_url("**/fiche-publique/")
    assert page.get_by_text("La fiche est publiée").first.is_visible()
    assert Project.objects.get(pk=project.pk).is_public

    # Taking it off the site asks too.
    page.get_by_role("link", name="Retirer la fiche du site public").click()
    assert page.get_by_role("heading", name="Retirer la fiche du site public ?").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Retirer la fiche du site public").click()
    page.wait_for_url("**/fiche-publique/")
    assert not Project.objects.get(pk=project.pk).is_public


def test_deleting_a_document_asks_first(chromium_browser, live_server, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, member, project = team
    ProjectDocument.objects.create(
        project=project,
        kind="report",
        title="Compte rendu",
        file=SimpleUploadedFile("cr.pdf", b"%PDF-1.4 test"),
        content_type="application/pdf",
        size=13,
    )
    # No JavaScript at all: the confirmation is a page of its own with a plain form.
    context = chromium_browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, member.email)
    page.goto("/accompagnement/projets/accueil-usagers/documents/")
    page.get_by_role("link", name="Supprimer Compte rendu").click()
    assert page.locator("h1").inner_text() == "Supprimer le document « Compte rendu » ?"
    assert ProjectDocument.objects.exists()
    page.get_by_role("link", name="Annuler").click()
    page.wait_for_url("**/documents/")
    assert ProjectDocument.objects.exists()
    page.get_by_role("link", name="Supprimer Compte rendu").click()
    page.get_by_role("button", name="Supprimer le document").click()
    page.wait_for_url("**/documents/")
    assert not ProjectDocument.objects.exists()
    assert page.get_by_text("Le document est supprimé.").is_visible()
    context.close()


def test_the_confirmation_page_passes_axe(page, axe_check, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, member, project = team
    document = ProjectDocument.objects.create(
        project=project,
        kind="report",
        title="Compte rendu",
        file=SimpleUploadedFile("cr.pdf", b"%PDF-1.4 test"),
        content_type="application/pdf",
        size=13,
    )
    sign_in(page, member.email)
    page.goto(f"/accompagnement/projets/accueil-usagers/documents/{document.pk}/supprimer/")
    assert page.get_by_role("button", name="Supprimer le document").is_visible()
    axe_check(page)


def test_a_failed_submit_focuses_the_error_summary(page, axe_check, team):
    _, member, _project = team
    sign_in(page, member.email)
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto("/accompagnement/projets/accueil-usagers/journal/")
    page.get_by_role("link", name="Ajouter une activité").click()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page.fill("#id_activity-title", "")
    page.fill("#id_activity-happened_on", tomorrow)
    page.get_by_role("button", name="Ajouter au journal").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    box = summary.bounding_box()
    assert 0 <= box["y"] < 700  # in sight, not below the fold
    axe_check(page)
    # Its link takes the person to the field.
    links = summary.get_by_role("link")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "#id_activity-title" in targets
    summary.locator('a[href="#id_activity-title"]').click()
    assert page.evaluate("document.activeElement.id") == "id_activity-title"
