"""400, 403, 404, 500 and the CSRF failure are pages of the site, in the URL's language,
and a refusal shows the reason it was given (DEBUG is False in the test settings)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches
from django.utils import translation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.www.error_urls")]


@pytest.fixture(autouse=True)
def _fresh_urls():
    clear_url_caches()
    yield
    clear_url_caches()


def _page(response) -> str:
    return response.content.decode()


def _is_site_page(html: str, lang: str) -> None:
    assert f'<html lang="{lang}"' in html
    assert 'class="fr-header"' in html  # the site's header
    assert 'id="footer"' in html  # and footer
    # The header's own words are in the page's language (an existing catalogue entry).
    assert ("Sign in" if lang == "en" else "Se connecter") in html


def _in(lang: str, text: str) -> str:
    """`text` as the catalogue gives it in `lang` (the lead translates new strings after
    the merge, so English tests compare with the catalogue rather than a fixed phrase)."""
    with translation.override(lang):
        return translation.gettext(text)


def test_404_in_french():
    response = Client().get("/nulle-part/")
    assert response.status_code == 404
    html = _page(response)
    _is_site_page(html, "fr")
    assert "<h1>Page non trouvée</h1>" in html
    assert "Erreur 404" in html


def test_404_under_en_is_english():
    response = Client().get("/en/nowhere/")
    assert response.status_code == 404
    html = _page(response)
    _is_site_page(html, "en")
    assert f"<h1>{_in('en', 'Page non trouvée')}</h1>" in html


def test_403_shows_the_reason_in_french():
    response = Client().get("/essai/refus/")
    assert response.status_code == 403
    html = _page(response)
    _is_site_page(html, "fr")
    assert "<h1>Accès refusé</h1>" in html
    assert "Seule la coordination nationale gère les financements." in html
    assert 'id="error-reason"' in html


def test_403_reason_is_translated_under_en():
    response = Client().get("/en/essai/refus/")
    assert response.status_code == 403
    html = _page(response)
    _is_site_page(html, "en")
    assert "Only the national coordination manages funding." in html
    assert f"<h1>{_in('en', 'Accès refusé')}</h1>" in html


def test_bare_403_has_no_reason_block():
    response = Client().get("/essai/refus-nu/")
    assert response.status_code == 403
    assert 'id="error-reason"' not in _page(response)
    assert "<h1>Accès refusé</h1>" in _page(response)


@pytest.mark.parametrize(("prefix", "lang"), [("", "fr"), ("/en", "en")])
def test_400(prefix, lang):
    title = _in(lang, "Requête incorrecte")
    response = Client().get(f"{prefix}/essai/requete/")
    assert response.status_code == 400
    html = _page(response)
    _is_site_page(html, lang)
    assert f"<h1>{title}</h1>" in html


@pytest.mark.parametrize(("prefix", "lang"), [("", "fr"), ("/en", "en")])
def test_500_is_a_page_of_the_site_without_queries(prefix, lang):
    title = _in(lang, "Erreur inattendue")
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{prefix}/essai/panne/")
    assert response.status_code == 500
    html = _page(response)
    _is_site_page(html, lang)
    assert f"<h1>{title}</h1>" in html
    assert _in(lang, "Erreur %(code)s") % {"code": 500} in html
    # The view itself made none; the page adds none either (the session is never read).
    assert len(queries) == 0


def test_500_handler_makes_no_query_even_for_a_signed_in_request(rf, agent):
    from labnet.www.errors import server_error

    request = rf.get("/")
    request.user = agent
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert response.status_code == 500
    assert len(queries) == 0
    assert agent.email not in response.content.decode()


@pytest.mark.parametrize(("prefix", "lang"), [("", "fr"), ("/en", "en")])
def test_csrf_failure(prefix, lang):
    title = _in(lang, "Le formulaire a expiré")
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/compte/connexion/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = _page(response)
    _is_site_page(html, lang)
    assert f"<h1>{title}</h1>" in html
