import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from labnet.accounts.api_tokens import api_token_create
from labnet.labs.models import LabContributor
from labnet.organisations.enums import CivilServiceSide
from tests.factories import OrganisationFactory, RegionFactory, UserFactory
from tests.people.factories import ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def design():
    return SkillFactory(key="service-design", name="Design de service")


def test_people_lists_only_opted_in_fields(api, design, lab):
    org = OrganisationFactory(civil_service_side=CivilServiceSide.HOSPITAL)
    shown = ProfileFactory(
        user__full_name="Vera Visible",
        organisation=org,
        region=RegionFactory(),
        bio="Bio",
        show_bio=False,
        show_labs=False,
        skills=[design],
    )
    LabContributor.objects.create(lab=lab, user=shown.user)
    ProfileFactory(hidden=True, user__full_name="Camille Cachée", skills=[design])
    body = api.get("/api/v1/people/").json()
    assert body["count"] == 1
    person = body["results"][0]
    assert person["name"] == "Vera Visible"
    assert person["organisation"]["key"] == org.key and person["side"] == "hospital"
    assert person["region"] == {"code": "28", "name": "Normandie"}
    assert (person["bio"], person["labs"]) == ("", [])
    assert person["skills"] == [{"key": "service-design", "name": "Design de service"}]
    assert person["score"] == 1 and person["reasons"] == ["Disponible"]
    assert "email" not in str(body)


def test_people_filters_and_ranks(api, design):
    law = SkillFactory(key="law", name="Droit")
    ProfileFactory(user__full_name="Une", skills=[design])
    ProfileFactory(user__full_name="Deux", skills=[design, law])
    ProfileFactory(user__full_name="Aucune")
    body = api.get("/api/v1/people/?skill=service-design,law").json()
    assert [(p["name"], p["score"]) for p in body["results"]] == [("Deux", 7), ("Une", 4)]
    body = api.get("/api/v1/people/?skill=law&side=state").json()
    assert body["count"] == 0


def test_people_unknown_filter_is_a_structured_400(api):
    response = api.get("/api/v1/people/?skill=nope&region=99")
    assert response.status_code == 400
    assert sorted(response.json()["errors"], key=lambda e: e["field"]) == [
        {
            "field": "region",
            "message": "« 99 » n'est pas un code de région connu.",
            "code": "unknown",
        },
        {"field": "skill", "message": "Compétence inconnue : nope.", "code": "unknown"},
    ]


def test_person_detail_404_unless_findable(api):
    hidden = ProfileFactory(hidden=True)
    shown = ProfileFactory(user__full_name="Vera")
    assert api.get(f"/api/v1/people/{hidden.pk}/").status_code == 404
    assert api.get(f"/api/v1/people/{shown.pk}/").json()["name"] == "Vera"


def test_skills_list(api, design):
    body = api.get("/api/v1/skills/").json()
    assert body["results"] == [{"key": "service-design", "name": "Design de service", "themes": []}]
    assert api.get("/api/v1/skills/service-design/").status_code == 200


def test_my_personal_data(api, agent):
    assert api.get("/api/v1/me/personal-data/").status_code == 401
    key = api_token_create(actor=agent, name="test").key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = api.get("/api/v1/me/personal-data/").json()
    assert body["sections"]["account"]["email"] == agent.email


def _count(api, url):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_people_list_query_count_does_not_grow(api, design, lab):
    def people(n):
        for _ in range(n):
            profile = ProfileFactory(skills=[design], user=UserFactory())
            LabContributor.objects.create(lab=lab, user=profile.user)

    people(2)
    url = "/api/v1/people/?skill=service-design"
    two = _count(api, url)
    people(8)
    # skills of the filter; the count of the matches and the page's ids, ranked by the
    # database (one query more than ranking every match in Python); the page's profiles,
    # their skills, memberships, contributions
    assert _count(api, url) == two == 7
