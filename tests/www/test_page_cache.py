"""The public pages' cache (labnet/www/page_cache.py, docs/adr/0048-cache-public-pages.md):
served from the cache after the first anonymous visit, never another user's page, never
the wrong language, never stale after a write commits, never with a message pending."""

import re
import time

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from labnet.core.topics import known_topics, topic_versions
from labnet.labs.services import lab_update_profile
from labnet.www.page_cache import (
    CACHE_STATE_HEADER,
    CSRF_PLACEHOLDER,
    DECLARED_PAGES,
    LocalCopies,
)
from tests.events.factories import EventFactory
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REDIS_URL = "redis://127.0.0.1:6379/1"


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:  # any failure means: no Redis here
        return False


@pytest.fixture(params=["database", "file", "cache"])
def page_cache(request, settings, tmp_path):
    """The cache on, with the topic versions in each store: the database (PostgreSQL
    without Redis), files (beside a SQLite database), Redis (LABNET_REDIS_URL). Yields the
    number of queries a cached answer costs."""
    settings.LABNET_PAGE_CACHE = True
    settings.LABNET_TOPIC_STORE = request.param
    settings.LABNET_TOPIC_DIR = tmp_path / "topics"
    if request.param == "cache":
        if not _redis_reachable():
            pytest.skip("no Redis on 127.0.0.1:6379")
        settings.LABNET_REDIS_URL = REDIS_URL
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            }
        }
    cache.clear()
    yield 1 if request.param == "database" else 0
    cache.clear()


@pytest.fixture
def catalogue(lab):
    lab.summary = "Le lab normand."
    lab.save()
    ProjectFactory(lead_lab=lab, title="Guichet numérique des aides")
    return lab


def test_an_anonymous_page_comes_from_the_cache_on_the_second_visit(
    page_cache, catalogue, client, django_assert_num_queries
):
    first = client.get("/laboratoires/innovmandie/")
    assert first.status_code == 200
    assert first[CACHE_STATE_HEADER] == "miss"
    with django_assert_num_queries(page_cache):  # the topic versions, from the database
        second = Client().get("/laboratoires/innovmandie/")
    assert second[CACHE_STATE_HEADER] == "hit"
    assert second.content.decode().count("Innov&#x27;mandie") == (
        first.content.decode().count("Innov&#x27;mandie")
    )
    assert "Guichet numérique des aides" in second.content.decode()


def test_a_query_string_is_another_page(page_cache, catalogue, client):
    assert client.get("/laboratoires/")[CACHE_STATE_HEADER] == "miss"
    assert client.get("/laboratoires/?q=normand")[CACHE_STATE_HEADER] == "miss"
    assert client.get("/laboratoires/?q=normand")[CACHE_STATE_HEADER] == "hit"


def test_a_signed_in_user_never_gets_nor_leaves_a_cached_page(page_cache, catalogue, agent):
    visitor = Client()
    assert visitor.get("/")[CACHE_STATE_HEADER] == "miss"
    signed_in = Client()
    signed_in.force_login(agent)
    own = signed_in.get("/")
    assert CACHE_STATE_HEADER not in own
    assert "Agnès Agent" in own.content.decode()  # the header names who is signed in
    again = Client().get("/")
    assert again[CACHE_STATE_HEADER] == "hit"
    assert "Agnès Agent" not in again.content.decode()
    assert "Se connecter" in again.content.decode()


def test_each_language_has_its_own_page(page_cache, catalogue):
    for _ in range(2):
        french = Client().get("/laboratoires/")
        english = Client().get("/en/laboratoires/")
        assert '<html lang="fr"' in french.content.decode()
        assert "Atlas des laboratoires" in french.content.decode()
        assert '<html lang="en"' in english.content.decode()
        assert "Atlas of labs" in english.content.decode()
    assert french[CACHE_STATE_HEADER] == english[CACHE_STATE_HEADER] == "hit"
    # A visitor whose browser prefers English still gets the French address in French.
    preferring_english = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr"' in preferring_english.get("/laboratoires/").content.decode()


def test_a_committed_write_is_shown_at_once(
    page_cache, catalogue, lab_lead, django_capture_on_commit_callbacks
):
    assert "Le lab normand." in Client().get("/laboratoires/innovmandie/").content.decode()
    assert Client().get("/laboratoires/innovmandie/")[CACHE_STATE_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        lab_update_profile(actor=lab_lead, lab=catalogue, data={"summary": "Le lab d'Évreux."})
    page = Client().get("/laboratoires/innovmandie/")
    assert page[CACHE_STATE_HEADER] == "miss"
    assert "Le lab d&#x27;Évreux." in page.content.decode()
    assert "Le lab normand." not in page.content.decode()
    # The atlas shows labs too: it was cached, it is recomputed.
    assert "Le lab d&#x27;Évreux." in Client().get("/laboratoires/").content.decode()


def test_before_the_commit_the_versions_do_not_move(
    page_cache, catalogue, lab_lead, django_capture_on_commit_callbacks
):
    """The bump waits for the commit: a page computed while the write is not yet visible to
    other transactions is stored under the old versions, which no later request reads."""
    before = topic_versions(["labs"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lab_update_profile(actor=lab_lead, lab=catalogue, data={"summary": "Pas encore."})
        assert topic_versions(["labs"]) == before
    assert len(callbacks) >= 1
    for callback in callbacks:
        callback()
    assert topic_versions(["labs"])["labs"] == before["labs"] + 1


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_bumps_and_a_rollback_does_not(page_cache, catalogue, lab_lead):
    from django.db import transaction

    lab = catalogue
    assert "Le lab normand." in Client().get("/laboratoires/innovmandie/").content.decode()
    with pytest.raises(RuntimeError), transaction.atomic():
        lab_update_profile(actor=lab_lead, lab=lab, data={"summary": "Annulé."})
        raise RuntimeError
    kept = Client().get("/laboratoires/innovmandie/")
    assert kept[CACHE_STATE_HEADER] == "hit"
    lab.refresh_from_db()
    lab_update_profile(actor=lab_lead, lab=lab, data={"summary": "Écrit pour de bon."})
    page = Client().get("/laboratoires/innovmandie/")
    assert page[CACHE_STATE_HEADER] == "miss"
    assert "Écrit pour de bon." in page.content.decode()


def _message_cookie(text: str) -> str:
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies[storage.cookie_name].value


def test_a_page_with_a_message_pending_is_neither_served_nor_stored(page_cache, catalogue):
    assert Client().get("/laboratoires/")[CACHE_STATE_HEADER] == "miss"
    with_message = Client()
    with_message.cookies["messages"] = _message_cookie("Votre inscription est confirmée.")
    page = with_message.get("/laboratoires/")
    assert CACHE_STATE_HEADER not in page
    assert "Votre inscription est confirmée." in page.content.decode()
    after = Client().get("/laboratoires/")
    assert after[CACHE_STATE_HEADER] == "hit"
    assert "Votre inscription est confirmée." not in after.content.decode()


def test_a_visitor_with_a_session_gets_their_own_page(page_cache, catalogue):
    visitor = Client()
    session = visitor.session
    session["events.visitor_registrations"] = {"1": "jeton"}
    session.save()
    visitor.cookies["sessionid"] = session.session_key
    assert CACHE_STATE_HEADER not in visitor.get("/laboratoires/")
    assert Client().get("/laboratoires/")[CACHE_STATE_HEADER] == "miss"


def test_a_page_without_a_form_sets_no_cookie_and_its_switch_is_a_link(page_cache, catalogue):
    Client().get("/laboratoires/")
    cached = Client(enforce_csrf_checks=True).get("/laboratoires/")
    assert cached[CACHE_STATE_HEADER] == "hit"
    assert cached.cookies == {}
    assert "csrfmiddlewaretoken" not in cached.content.decode()
    assert '<a class="fr-btn fr-icon-translate-2" href="/en/laboratoires/" hreflang="en"' in (
        cached.content.decode()
    )
    assert Client().get("/en/laboratoires/")["Content-Language"] == "en"


def test_each_visitor_gets_their_own_csrf_token_on_a_cached_page_with_a_form(page_cache, catalogue):
    event = EventFactory(organiser_lab=catalogue)
    first = Client(enforce_csrf_checks=True)
    page = first.get(event.get_absolute_url())
    second = Client(enforce_csrf_checks=True)
    cached = second.get(event.get_absolute_url())
    assert cached[CACHE_STATE_HEADER] == "hit"
    assert CSRF_PLACEHOLDER not in cached.content.decode()
    token_first = CSRF_INPUT.search(page.content.decode()).group(1)
    token_second = CSRF_INPUT.search(cached.content.decode()).group(1)
    assert token_first != token_second
    assert "csrftoken" in cached.cookies  # the visitor's own CSRF cookie, as without cache
    # The token of the cached page is accepted: the registration goes through.
    registered = second.post(
        reverse("events:event_register", kwargs={"key": event.key}),
        {
            "csrfmiddlewaretoken": token_second,
            "full_name": "Zoé Martin",
            "email": "zoe.martin@example.org",
            "organisation_name": "Mairie de Caen",
        },
    )
    assert registered.status_code == 302
    assert event.registrations.get().email == "zoe.martin@example.org"


def test_the_nonce_of_a_cached_page_is_the_answer_s_own(page_cache, catalogue):
    event = EventFactory(organiser_lab=catalogue)
    nonce = re.compile(r'<script type="application/ld\+json" nonce="([^"]+)"')
    Client().get(event.get_absolute_url())
    cached = Client().get(event.get_absolute_url())
    assert cached[CACHE_STATE_HEADER] == "hit"
    used = nonce.search(cached.content.decode()).group(1)
    assert f"'nonce-{used}'" in cached["Content-Security-Policy"]
    other = Client().get(event.get_absolute_url())
    assert nonce.search(other.content.decode()).group(1) != used


def test_a_404_is_not_stored(page_cache, catalogue):
    assert Client().get("/laboratoires/nulle-part/").status_code == 404
    assert Client().get("/laboratoires/nulle-part/").status_code == 404
    assert not any(CACHE_STATE_HEADER in r for r in [Client().get("/laboratoires/nulle-part/")])


def test_every_declared_topic_is_an_app_label():
    assert DECLARED_PAGES, "no page declared"
    known = set(known_topics())
    for view, topics in DECLARED_PAGES.items():
        assert set(topics) <= known, view


def test_with_redis_each_process_keeps_the_pages_it_read(page_cache, catalogue, settings):
    """Under a key a page never changes, so a copy in the process is as exact as Redis's."""
    if settings.LABNET_TOPIC_STORE != "cache":
        pytest.skip("the local copies exist only beside a shared cache")
    assert Client().get("/laboratoires/")[CACHE_STATE_HEADER] == "miss"
    cache.clear()  # Redis forgets the page (and the versions: the key changes)
    assert Client().get("/laboratoires/")[CACHE_STATE_HEADER] == "miss"
    redis_copy_gone = Client().get("/laboratoires/")
    assert redis_copy_gone[CACHE_STATE_HEADER] == "hit"
    redis = cache._cache.get_client()
    pages_in_redis = redis.keys("*labnet:page:*")
    assert len(pages_in_redis) == 1
    redis.delete(*pages_in_redis)
    from_process = Client().get("/laboratoires/")
    assert from_process[CACHE_STATE_HEADER] == "hit"
    assert CSRF_INPUT.sub("", from_process.content.decode()) == CSRF_INPUT.sub(
        "", redis_copy_gone.content.decode()
    )


def test_the_local_copies_never_serve_an_expired_page_and_keep_at_most_their_number():
    copies = LocalCopies(max_entries=2)
    now = time.time()
    copies.set("a", {"expires": now + 60})
    copies.set("old", {"expires": now - 1})
    assert copies.get("old") is None
    assert copies.get("a") == {"expires": now + 60}
    copies.set("b", {"expires": now + 60})
    copies.set("c", {"expires": now + 60})  # the oldest one ("a") goes
    assert (copies.get("a"), copies.get("b"), copies.get("c")) == (
        None,
        {"expires": now + 60},
        {"expires": now + 60},
    )
