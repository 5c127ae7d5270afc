"""An agent signs in with ProConnect in Chromium: the button on the sign-in page, the
provider's page (a real OpenID provider on 127.0.0.1), back to LabNet signed in with
the organisation found from the SIRET, then logout at the provider and back. axe-core
checks LabNet's pages on the way."""

import pytest

from labnet.accounts import proconnect
from labnet.accounts.models import User
from tests.factories import OrganisationFactory
from tests.proconnect_provider import CLIENT_ID, CLIENT_SECRET, local_proconnect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings):
    with local_proconnect() as provider:
        settings.LABNET_PROCONNECT_DOMAIN = provider.base
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        proconnect.discovery_clear()
        yield provider
    proconnect.discovery_clear()


def test_an_agent_signs_in_and_out_with_proconnect(page, live_server, provider, axe_check):
    OrganisationFactory(name="Préfecture du Calvados", siret="13002526500013")
    provider.add_user(
        "sub-nora",
        email="nora.agent@calvados.gouv.fr",
        given_name="Nora",
        usual_name="Agent",
        uid="42",
        siret="13002526500013",
        idp_id="fia1v2",
    )

    # The sign-in page shows ProConnect's button and what ProConnect is.
    page.goto("/compte/connexion/")
    what = page.get_by_role("link", name="Qu'est-ce que ProConnect ?")
    assert what.get_attribute("href") == "https://www.proconnect.gouv.fr/"
    axe_check(page)
    page.get_by_role("button", name="S'identifier avec ProConnect").click()

    # At the provider: its own page, on 127.0.0.1, where the agent says who they are.
    page.wait_for_url(f"{provider.base}/api/v2/oauth2/authorize?**")
    page.get_by_placeholder("sub").fill("sub-nora")
    page.get_by_role("button", name="Authorize").click()

    # Back on LabNet, signed in.
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Nora Agent").is_visible()
    user = User.objects.get(proconnect_sub="sub-nora")
    assert user.email == "nora.agent@calvados.gouv.fr"

    # The account page names the organisation found from the SIRET.
    page.goto("/compte/")
    assert page.get_by_text("Préfecture du Calvados — SIRET 13002526500013").is_visible()
    axe_check(page)

    # Logout goes through the provider's end-session page, then back home.
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{provider.base}/api/v2/oauth2/end_session?**")
    assert "id_token_hint" in page.url and "post_logout_redirect_uri" in page.url
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("Vous êtes déconnecté de LabNet et de ProConnect.").is_visible()
    assert page.get_by_role("link", name="Se connecter").is_visible()
    axe_check(page)
