"""Steps a person takes in the browser, shared by the walks so each is written once."""

from django.utils import timezone

PASSWORD = "mot-de-passe-solide-42"


def sign_in(page, email):
    page.goto("/compte/connexion/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


def sign_out(page):
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()


def move_stage(page, *, key, to_stage, reason):
    """On the workspace's stage page: a gate decision to `to_stage`, with its reason."""
    page.goto(f"/accompagnement/projets/{key}/etape/")
    page.get_by_role("link", name="Décider d'un passage d'étape").click()
    page.select_option("#id_move-move", f"stage:{to_stage}")
    page.fill("#id_move-reason", reason)
    page.get_by_role("button", name="Enregistrer le passage").click()
    page.wait_for_url(f"**/accompagnement/projets/{key}/etape/")


def log_workshop(page, *, title, agents, users, key=None):
    """On the workspace's journal page (opened from the current workspace page)."""
    if key is not None:
        page.goto(f"/accompagnement/projets/{key}/journal/")
    else:
        page.get_by_role("link", name="Journal des activités").first.click()
    page.get_by_role("link", name="Ajouter une activité").click()
    page.select_option("#id_activity-kind", "workshop")
    page.fill("#id_activity-title", title)
    page.fill("#id_activity-happened_on", timezone.localdate().isoformat())
    page.fill("#id_activity-agents_count", str(agents))
    page.fill("#id_activity-users_count", str(users))
    page.get_by_role("button", name="Ajouter au journal").click()
    page.wait_for_url("**/journal/")


def publish_sheet(
    page,
    *,
    key,
    objective=None,
    approach="Immersion au guichet et ateliers avec les agents et les usagers.",
    results="Un parcours d'accueil testé, un temps d'attente divisé par deux.",
):
    """Write what the network's form requires, read the preview, confirm the publication."""
    page.goto(f"/accompagnement/projets/{key}/fiche/")
    if objective is not None:
        page.fill("#id_objective", objective)
    page.fill("#id_approach", approach)
    page.fill("#id_results", results)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url("**/fiche-publique/")
    page.get_by_role("link", name="Publier la fiche").click()
    page.wait_for_url("**/publication/")
    assert page.get_by_role("heading", name="Aperçu avant publication").is_visible()
    page.get_by_role("button", name="Confirmer la publication").click()
    page.wait_for_url("**/fiche-publique/")


def new_session(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def take_up(page, *, key, lab_pk, notes):
    """From the project's public page: another lab takes it up in its territory."""
    page.goto(f"/projets/{key}/")
    page.select_option("#id_take_up-lab", str(lab_pk))
    page.fill("#id_take_up-adaptation_notes", notes)
    page.get_by_role("button", name="Reprendre le projet").click()
    page.wait_for_url("**/accompagnement/projets/*/")
