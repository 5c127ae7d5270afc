"""Nothing about a person who did not opt in may appear in a public page or an API answer.

A person with a distinctive name is everywhere a person can be (lab team, pool of
contributors, project people and journal, request author, profile with skills, but not
findable). Every page and API endpoint without parameters is read from the URL resolver,
so pages added later are covered too, plus the detail pages of the objects made here;
each is read anonymously and as another signed-in agent (session and API token).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from labnet.accounts.api_tokens import api_token_create
from labnet.intake.models import Request
from labnet.labs.models import LabContributor
from labnet.projects.models import ProjectPerson
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    ProjectFactory,
    RequestFactory,
    UserFactory,
)
from tests.people.factories import ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zéphyrine Quartz-Invisible"
SECRET_EMAIL = "zephyrine.quartz@example.gouv.fr"
# Not pages: the admin has its own access control, the webhook needs a token, sign-out is POST.
SKIPPED_PREFIXES = ("/admin/", "/en/admin/", "/webhooks/", "/i18n/")
SKIPPED = {"/compte/deconnexion/", "/en/compte/deconnexion/"}


def _static_paths(resolver=None, prefix=""):
    """Every URL without parameters, as a path."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        route = route.removeprefix("^").removesuffix("$").replace("\\Z", "")
        if isinstance(entry, URLResolver):
            yield from _static_paths(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            path = "/" + prefix + route
            if re.search(r"[<(\[?*+\\]", path):
                continue
            yield path


@pytest.fixture
def hidden_person(lab):
    skill = SkillFactory(key="service-design", name="Design de service")
    profile = ProfileFactory(
        hidden=True,
        user__full_name=SECRET_NAME,
        user__email=SECRET_EMAIL,
        bio="Ma présentation secrète",
        region=lab.region,
        skills=[skill],
    )
    user = profile.user
    MembershipFactory(user=user, lab=lab)
    LabContributor.objects.create(lab=lab, user=user, reason="Appel")
    project = ProjectFactory(lead_lab=lab, key="projet-public", is_public=True)
    ProjectPerson.objects.create(project=project, user=user, role="sponsor")
    ActivityFactory(project=project, created_by=user)
    submitted = RequestFactory(author=user, submitted=True, lab=lab)
    RequestFactory(submitted=True, lab=lab).co_authors.add(user)
    # A findable person, so lists are not empty.
    ProfileFactory(user__full_name="Vera Visible", skills=[skill])
    return {"user": user, "profile": profile, "project": project, "request": submitted}


def _detail_paths(lab, data):
    return [
        f"/laboratoires/{lab.key}/",
        f"/projets/{data['project'].key}/",
        f"/personnes/{data['profile'].pk}/",
        f"/personnes/{data['profile'].pk}/ecrire/",
        "/personnes/?skills=service-design",
        f"/personnes/?region={lab.region.pk}&lab={lab.key}",
        data["request"].get_absolute_url(),
    ]


def _api_detail_paths(lab, data):
    key = data["project"].key
    return [
        f"/api/v1/labs/{lab.key}/",
        f"/api/v1/projects/{key}/",
        f"/api/v1/projects/{key}/journal/",
        f"/api/v1/projects/{key}/transitions/",
        f"/api/v1/people/{data['profile'].pk}/",
        "/api/v1/people/?skill=service-design",
        f"/api/v1/people/?region={lab.region.pk}&lab={lab.key}",
        f"/api/v1/requests/{data['request'].public_id}/",
    ]


def _assert_absent(response, path):
    # Open data files are streamed: read them whole too.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content = body.decode("utf-8", errors="replace")
    # JSON answers escape non-ASCII letters; compare on both spellings.
    for needle in (SECRET_NAME, SECRET_EMAIL, "Quartz-Invisible", "Ma présentation secrète"):
        assert needle not in content, f"{needle!r} leaks in {path} ({response.status_code})"
        assert needle.encode("unicode_escape").decode() not in content, path


def test_pages_never_show_a_person_who_did_not_opt_in(client, lab, hidden_person):
    paths = [p for p in _static_paths() if not p.startswith("/api/")]
    paths = [p for p in paths if not p.startswith(SKIPPED_PREFIXES) and p not in SKIPPED]
    assert "/" in paths and "/personnes/" in paths and "/laboratoires/" in paths
    paths += _detail_paths(lab, hidden_person)
    other = UserFactory(full_name="Autre Agent")
    for signed_in in (False, True):
        if signed_in:
            client.force_login(other)
        for path in paths:
            _assert_absent(client.get(path), path)


def test_api_never_shows_a_person_who_did_not_opt_in(client, lab, hidden_person):
    paths = [p for p in _static_paths() if p.startswith("/api/v1/")]
    assert "/api/v1/people/" in paths and "/api/v1/skills/" in paths
    paths += _api_detail_paths(lab, hidden_person)
    other = UserFactory(full_name="Autre Agent")
    key = api_token_create(actor=other, name="test").key
    for headers in ({}, {"HTTP_AUTHORIZATION": f"Token {key}"}):
        for path in paths:
            if path.endswith("/auth/token/"):
                continue
            _assert_absent(client.get(path, **headers), path)


def test_the_leak_check_can_fail(client, lab, hidden_person):
    """The same check on the lab's own team page does see the person: it is not blind."""
    member = hidden_person["user"]
    assert Request.objects.filter(author=member).exists()
    client.force_login(MembershipFactory(lab=lab).user)
    # The workspace page that lists the lab's team: the next steps' form (their owners).
    key = hidden_person["project"].key
    response = client.get(f"/accompagnement/projets/{key}/prochaines-etapes/?formulaire=1")
    with pytest.raises(AssertionError):
        _assert_absent(response, "workspace")
