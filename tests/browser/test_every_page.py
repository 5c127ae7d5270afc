"""Every page of the site, in Chromium, once: axe-core finds no serious or critical
violation, the page fits a 375-pixel screen, and the header's language switch goes to the
same page in English and back.

The pages are not listed by hand. The test client crawls the site by links as each role
(tests/crawl.py, on the real dataset and the demo accounts of tests/network.py) and keeps,
for every URL pattern, the first address found and the first role that reached it; the
few pages no link leads to are given their address below. A URL pattern added later is
swept as soon as a link leads to it, and one that nothing reaches fails the test by name.
The browser then opens each address once, with one context per role, and every problem of
every page is reported at once, each line naming the pattern and the role.
"""

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from labnet.events.models import Registration
from labnet.impact.models import Indicator
from labnet.intake.models import Request
from labnet.labs.demo import DEMO_PASSWORD
from labnet.labs.models import Lab
from labnet.projects.models import Project, ProjectDocument
from labnet.www.language import path_in_language
from tests.crawl import crawl, get_only_page_patterns
from tests.network import demo_user, populated_network
from tests.www.test_language_switch import NOT_REACHED_BY_LINKS

pytestmark = pytest.mark.django_db(transaction=True)

# In this order: a page is swept as the first role that reaches it, the one with the least
# rights that can see it.
ROLES = ["", "agent", "membre", "responsable", "coordination", "admin"]
PHONE_WIDTH = 375
DESKTOP = {"width": 1280, "height": 800}
BLOCKING = {"serious", "critical"}

# The Django admin pages administrators work in: every kind of admin page once (index,
# application, list with its filters and search, add and change forms, deletion
# confirmation, history), on the labs, the administrators' most edited records.
ADMIN_PAGES = [
    "/admin/",
    "/admin/labs/",
    "/admin/labs/lab/",
    "/admin/labs/lab/add/",
    "/admin/labs/lab/{lab}/change/",
    "/admin/labs/lab/{lab}/delete/",
    "/admin/labs/lab/{lab}/history/",
    "/admin/accounts/user/",
]


@dataclass(frozen=True)
class Page:
    route: str  # "namespace:name", or what the page is when it has no route of the site's
    role: str  # "" for a visitor signed out
    url: str
    switch: bool = True  # whether the header's language switch is checked

    def __str__(self):
        return f"{self.route} [{self.role or 'anonyme'}] {self.url}"


def client_as(role: str) -> Client:
    client = Client()
    if role:
        assert client.login(username=f"{role}@demo.labnet.local", password=DEMO_PASSWORD)
    return client


def pages_reached_by_links() -> dict[str, Page]:
    """One address per URL pattern, as the first role whose crawl reaches it."""
    found: dict[str, Page] = {}
    for role in ROLES:
        for visit in crawl(client_as(role), start="/", per_route=1):
            if visit.route not in found:
                found[visit.route] = Page(visit.route, role, visit.url)
    return found


def pages_reached_otherwise() -> list[Page]:
    """The pages a person opens from an e-mail or after a form, never by a link of the site,
    made reachable here from the dataset."""
    agent = demo_user("agent")
    draft = Request.objects.filter(author=agent, submitted_at__isnull=True).first()
    Request.objects.filter(pk=draft.pk).update(current_step=6)
    registration = Registration.objects.filter(event__key="atelier-demo").first()
    Registration.objects.filter(pk=registration.pk).update(status="pending")
    elsewhere = Project.objects.filter(is_public=True).exclude(lead_lab__key="innovmandie")
    document = ProjectDocument.objects.select_related("project").get()
    indicator = Indicator.objects.select_related("project").get(key="delai-accueil")
    with override("fr"):
        return [
            Page("accounts:register_done", "", reverse("accounts:register_done")),
            Page("accounts:password_reset_done", "", reverse("accounts:password_reset_done")),
            Page(
                "accounts:password_reset_complete", "", reverse("accounts:password_reset_complete")
            ),
            Page(
                "accounts:password_reset_confirm",
                "",
                reverse(
                    "accounts:password_reset_confirm",
                    kwargs={
                        "uidb64": urlsafe_base64_encode(force_bytes(agent.pk)),
                        "token": default_token_generator.make_token(agent),
                    },
                ),
                # The link redirects to an address that holds the token in the session
                # only: the other language's address is another, refused, link.
                switch=False,
            ),
            Page(
                "events:registration_confirm",
                "",
                reverse("events:registration_confirm", kwargs={"token": registration.token}),
            ),
            Page(
                "intake:request_review",
                "agent",
                reverse("intake:request_review", kwargs={"public_id": draft.public_id}),
            ),
            # Pages of one's own records, which the crawl's one address per pattern may miss
            # when it opened someone else's record first.
            Page(
                "intake:request_step",
                "agent",
                reverse("intake:request_step", kwargs={"public_id": draft.public_id, "step": 2}),
            ),
            Page(
                "resources:edit", "membre", reverse("resources:edit", args=["ressource-proposee"])
            ),
            Page(
                "accompaniment:document_remove",
                "membre",
                reverse(
                    "accompaniment:document_remove",
                    kwargs={"key": document.project.key, "pk": document.pk},
                ),
            ),
            Page(
                "impact:indicator_edit",
                "responsable",
                reverse(
                    "impact:indicator_edit",
                    kwargs={"key": indicator.project.key, "indicator_key": indicator.key},
                ),
            ),
            Page(
                "accompaniment:take_up",
                "responsable",
                reverse("accompaniment:take_up", kwargs={"key": elsewhere.order_by("key")[0].key}),
            ),
        ]


def pages_outside_the_routes() -> list[Page]:
    """Pages that are no route of the French site: the Django admin, the API documentation,
    and the error pages (their reason shown, in the page's language)."""
    lab = Lab.objects.get(key="innovmandie").pk
    pages = [Page("admin", "admin", url.format(lab=lab), switch=False) for url in ADMIN_PAGES]
    return [
        *pages,
        Page("api:docs", "", "/api/v1/docs/", switch=False),
        Page("404", "", "/nulle-part/", switch=False),
        Page("403", "agent", "/guichet/laboratoires/innovmandie/", switch=False),
    ]


def axe_problems(page) -> list[str]:
    """axe-core is in every document of the context already (`sweep`)."""
    # One turn of the event loop first: scripts that finish building the page in a
    # callback of their own (jQuery's "ready" in the Django admin) have run.
    violations = page.evaluate(
        """new Promise(resolve => setTimeout(resolve, 0))
        .then(() => axe.run({resultTypes: ['violations']}))
        .then(results => results.violations)"""
    )
    return [
        f"axe {v['id']} ({v['impact']}): " + "; ".join(n["target"][0] for n in v["nodes"][:4])
        for v in violations
        if v["impact"] in BLOCKING
    ]


def overflow_problems(page) -> list[str]:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width <= PHONE_WIDTH:
            return []
        # The innermost elements that reach the page's far edge name what to fix (others may
        # stick out a little and be clipped by their parent).
        culprits = page.evaluate(
            """(width) => {
                const far = (e) => e.getBoundingClientRect().right >= width - 1;
                return [...document.querySelectorAll('body *')]
                    .filter(e => far(e) && ![...e.children].some(far))
                    .slice(0, 4)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.className && typeof e.className === 'string'
                            ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
            }""",
            width,
        )
        return [f"{width} px wide at {PHONE_WIDTH} px: {', '.join(culprits)}"]
    finally:
        page.set_viewport_size(DESKTOP)


def _press(page, name: str, until: str):
    """Follow the header's link named `name` (looked for among the header's tools: the
    accessibility tree of a whole page takes a tenth of a second or more to build)."""
    header = page.locator(".fr-header__tools-links")
    with page.expect_navigation(wait_until=until) as navigation:
        header.get_by_role("link", name=name, exact=True).click()
    return navigation.value


def switch_problems(page, base: str, url: str) -> list[str]:
    """Follow "English", then "Français" on the English page. Neither page is checked any
    further, so neither waits for its images and fonts; the French one not even for its
    document, only for the server's answer."""
    with override("fr"):
        english = path_in_language(url, "en")
    response = _press(page, "English", "domcontentloaded")
    problems = []
    if response.status != 200 or page.url != base + english:
        return [f"English lands on {page.url.removeprefix(base)} ({response.status})"]
    if page.locator("html").get_attribute("lang") != "en":
        problems.append(f"{english} is not <html lang=en>")
    response = _press(page, "Français", "commit")
    if response.status != 200 or page.url != base + url:
        problems.append(f"Français lands on {page.url.removeprefix(base)} ({response.status})")
    return problems


class Stopwatch:
    """Seconds spent on each step of the sweep, to report where the time goes."""

    def __init__(self):
        self.spent: dict[str, float] = {}

    @contextmanager
    def step(self, name):
        started = time.monotonic()
        try:
            yield
        finally:
            self.spent[name] = self.spent.get(name, 0) + time.monotonic() - started

    def __str__(self):
        return ", ".join(f"{name} {seconds:.0f} s" for name, seconds in self.spent.items())


def check(page, each: Page, base: str, clock: Stopwatch) -> list[str]:
    found = []
    with clock.step("load"):
        response = page.goto(each.url)
    expected = {"404": 404, "403": 403}.get(each.route, 200)
    if response.status != expected:
        found.append(f"answers {response.status}")
    with clock.step("axe"):
        found += axe_problems(page)
    with clock.step("375 px"):
        found += overflow_problems(page)
    if each.switch:
        with clock.step("language"):
            found += switch_problems(page, base, page.url.removeprefix(base))
    return found


def axe_script() -> str:
    """axe-core itself, as axe-playwright-python ships it."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def sweep(browser, base: str, role: str, pages: list[Page], clock: Stopwatch) -> list[str]:
    """Each page as `role`, in one browser context (signed in once, its files cached)."""
    context = browser.new_context(locale="fr-FR", base_url=base, viewport=DESKTOP)
    context.add_init_script(axe_script())
    if role:
        session = client_as(role).cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = []
    try:
        for each in pages:
            try:
                found = check(page, each, base, clock)
            except Exception as error:  # a broken page is one more line of the report
                found = [f"{type(error).__name__}: {str(error).splitlines()[0]}"]
            problems += [f"{each}: {problem}" for problem in found]
    finally:
        context.close()
    return problems


# LABNET_SWEEP=people:,admin sweeps only the pages whose pattern starts with one of these,
# to check a fix without sweeping the whole site (the coverage check still runs).
ONLY = tuple(filter(None, os.environ.get("LABNET_SWEEP", "").split(",")))


def test_every_page_passes_axe_fits_a_phone_and_switches_language(
    chromium_browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    started = time.monotonic()
    populated_network(settings)
    by_route = pages_reached_by_links()
    crawled = time.monotonic()
    otherwise = [page for page in pages_reached_otherwise() if page.route not in by_route]
    pages = [*by_route.values(), *otherwise, *pages_outside_the_routes()]
    swept = {page.route for page in pages}

    # Every page of the site is swept, or is a file, a feed or a page reached some other way
    # that another test opens (the list of tests/www/test_language_switch.py).
    # Reported with the problems of the pages swept, not instead of them.
    problems = [
        f"{route}: no address found (no link leads to it as any role: give it one in "
        "pages_reached_otherwise(), or list it in NOT_REACHED_BY_LINKS if it is no page)"
        for route in sorted(get_only_page_patterns() - swept - NOT_REACHED_BY_LINKS)
    ]

    if ONLY:
        pages = [page for page in pages if page.route.startswith(ONLY)]
    clock = Stopwatch()
    for role in ROLES:
        mine = [page for page in pages if page.role == role]
        problems += sweep(chromium_browser, live_server.url, role, mine, clock)
    done = time.monotonic()
    print(
        f"\n{len(pages)} pages: data and crawl {crawled - started:.0f} s, "
        f"browser {done - crawled:.0f} s ({clock}), in all {done - started:.0f} s"
    )
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_sweep_reports_a_page_wider_than_a_phone(chromium_browser, live_server):
    """The overflow check can fail: a page made wider than the screen is reported with the
    element that sticks out."""
    context = chromium_browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto("/plan-du-site/")
        assert overflow_problems(page) == []
        # Styled by script: the content security policy refuses style attributes.
        page.evaluate(
            """() => {
                const large = document.createElement('div');
                large.id = 'large';
                large.textContent = 'x';
                large.style.width = '600px';
                document.querySelector('main').append(large);
            }"""
        )
        # 600 px and the container's 16 px margin.
        assert overflow_problems(page) == ["616 px wide at 375 px: div#large"]
    finally:
        context.close()


@pytest.mark.urls("tests.www.error_urls")
def test_the_error_pages_the_crawl_cannot_reach(chromium_browser, live_server):
    """400 and 500 (and a refusal with its reason) need a view that fails on purpose: they
    are pages of the site in both languages, pass axe-core and fit a phone."""
    context = chromium_browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.add_init_script(axe_script())
    page = context.new_page()
    problems = []
    try:
        for url, status, heading, lang in [
            ("/essai/requete/", 400, "Requête incorrecte", "fr"),
            ("/en/essai/requete/", 400, "Bad request", "en"),
            ("/essai/panne/", 500, "Erreur inattendue", "fr"),
            ("/en/essai/panne/", 500, "Unexpected error", "en"),
            ("/essai/refus/", 403, "Accès refusé", "fr"),
            ("/en/essai/refus/", 403, "Access denied", "en"),
        ]:
            response = page.goto(url)
            assert response.status == status, url
            assert page.locator("html").get_attribute("lang") == lang, url
            assert page.locator("h1").inner_text() == heading, url
            problems += [f"{url}: {p}" for p in axe_problems(page) + overflow_problems(page)]
        page.goto("/essai/refus/")
        assert (
            page.locator("#error-reason")
            .inner_text()
            .strip()
            .endswith("Seule la coordination nationale gère les financements.")
        )
    finally:
        context.close()
    assert problems == []
