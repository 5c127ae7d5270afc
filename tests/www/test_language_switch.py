"""The header's language switch keeps the visitor on the same page, both ways, on every page.

Every page a person reaches by links, as each role, is checked: its switch names the same
page in the other language, following it lands there, and that page answers in the other
language. The switch is a plain link: no form, so no CSRF token on a public page.
`get_only_page_patterns()` makes a page no crawl reaches fail the test instead of passing
unseen.
"""

import re
from html import unescape

import pytest
from django.test import Client
from django.utils.translation import override

from labnet.labs.demo import DEMO_PASSWORD
from labnet.www.language import path_in_language
from tests.crawl import crawl, get_only_page_patterns, route_of
from tests.network import populated_network

pytestmark = [pytest.mark.django_db, pytest.mark.once]

SWITCH = re.compile(
    r'<a class="fr-btn fr-icon-translate-2" href="(?P<next>[^"]*)" '
    r'hreflang="(?P<language>\w+)" lang="(?P=language)">'
)
HTML_LANG = re.compile(r'<html[^>]* lang="(\w+)"')
ROLES = ["", "agent", "membre", "responsable", "coordination", "admin"]


@pytest.fixture
def network(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    populated_network(settings)


def client_as(role: str) -> Client:
    client = Client()
    if role:
        assert client.login(username=f"{role}@demo.labnet.local", password=DEMO_PASSWORD)
    return client


def switch_of(html: str) -> dict:
    match = SWITCH.search(html)
    assert match, "the page has no language switch"
    return {key: unescape(value) for key, value in match.groupdict().items()}


def _switch_to(client, html: str) -> tuple[str, str, int, str]:
    """Follow the page's switch: (the language offered, the address landed on, its html)."""
    switch = switch_of(html)
    landed = switch["next"]
    answer = client.get(landed)
    return switch["language"], landed, answer.status_code, answer.content.decode()


def english_address(french_url: str) -> str:
    with override("fr"):
        return path_in_language(french_url, "en")


def test_the_switch_of_every_page_leads_to_the_same_page_in_the_other_language(network):
    checked: set[str] = set()
    wrong: list[tuple] = []
    for role in ROLES:
        client = client_as(role)
        # Three addresses per route: the header and footer now link more pages first (lab
        # and coordination menus, legal pages), so two resource pages may both be others'
        # and miss the edit link a member's own proposal shows.
        for visit in crawl(client, start="/", per_route=3):
            if visit.route in checked:
                continue
            checked.add(visit.route)
            # French -> English, then back with the English page's own switch.
            language, english, status, html = _switch_to(client, visit.html)
            if (
                language != "en"
                or status != 200
                or HTML_LANG.search(html).group(1) != "en"
                or route_of(english.partition("?")[0]) != visit.route
                or english != english_address(visit.url)
            ):
                wrong.append((role, visit.url, english, status))
                continue
            language, french, status, html = _switch_to(client, html)
            if language != "fr" or status != 200 or french != visit.url:
                wrong.append((role, english, french, status))
            elif HTML_LANG.search(html).group(1) != "fr":
                wrong.append((role, english, french, "not French"))
    assert wrong == []
    # Every page (a route that answers GET with HTML) must have been reached by links.
    missing = get_only_page_patterns() - checked - NOT_REACHED_BY_LINKS
    assert sorted(missing) == [], "\n".join(sorted(missing))


# Routes that are no page with a switch: files and feeds, and the redirects and pages a
# person reaches from an e-mail or by submitting a form, never by a link of the site (their
# domains' browser walks open them; the switch is the same include on every page).
NOT_REACHED_BY_LINKS = {
    # files and feeds
    "accompaniment:document_download",
    "audit:export",
    "calls:answer_attachment",
    "events:event_attendees_export",
    "events:event_ics",
    "events:feed_campaign",
    "events:feed_lab",
    "events:feed_region",
    "events:registration_ics",
    "intake:request_attachment",
    "people:my_data_download",
    "records:attestation_pdf",
    "opendata:catalogue_jsonld",
    "opendata:catalogue_ttl",
    "opendata:download_csv",
    "opendata:download_json",
    "opendata:schema",
    "opendata:scdl_csv",
    "publications:download",
    "resources:download",
    "stats:lab_csv",
    "stats:national_csv",
    "trainings:certificate",
    # from an e-mail
    "accounts:password_reset_confirm",
    "accounts:activate",
    "events:registration_confirm",
    "impact:survey",
    # after a form: the sign-out, the password reset, the last step of the guided form,
    # taking up a project
    "accounts:logout",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    # after a form or at sign-in: the sign-up's "check your mailbox", the recovery codes
    # (shown once), the second factor's code (asked by a redirect after signing in)
    "accounts:register_done",
    "accounts:mfa_codes",
    "accounts:mfa_verify",
    "intake:request_review",
    "accompaniment:take_up",
    # a redirect to the guided form
    "intake:index",
    # the confirmation page of a deletion, linked from a row the demo network has none of
    # for the crawled roles (a note of theirs, a project person, an answer's attachment);
    # tests/www/test_confirmations.py and the daily-work walk open them
    "accompaniment:note_remove",
    "accompaniment:person_remove",
    "calls:answer_attachment_delete",
}


def test_the_switch_keeps_the_query_string_and_works_from_english_to_french(network):
    client = Client()
    page = client.get("/en/laboratoires/?region=28&q=innovation").content.decode()
    switch = switch_of(page)
    assert switch == {"next": "/laboratoires/?region=28&q=innovation", "language": "fr"}
    response = client.get(switch["next"])
    assert response.status_code == 200
    french = response.content.decode()
    assert HTML_LANG.search(french).group(1) == "fr"
    assert switch_of(french)["next"] == "/en/laboratoires/?region=28&q=innovation"
    assert "csrftoken" not in response.cookies  # no form on the page, no CSRF cookie


def test_a_page_that_does_not_exist_switches_to_the_same_address_in_the_other_language():
    client = Client()
    response = client.get("/laboratoires/nulle-part/")
    assert response.status_code == 404
    assert english_address("/nulle-part/?x=1") == "/en/nulle-part/?x=1"
    with override("en"):
        assert path_in_language("/en/nulle-part/?x=1", "fr") == "/nulle-part/?x=1"
