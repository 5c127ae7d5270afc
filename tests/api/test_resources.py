"""The shared library and a lab's cooperations in API v1: same rules and messages as the pages."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from labnet.core.models import AuditEntry
from labnet.resources.enums import ResourceStatus
from labnet.resources.models import Resource
from tests.factories import LabFactory, MembershipFactory, ProjectFactory
from tests.resources.factories import ResourceFactory

from .conftest import client_with_token, keys

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PROPOSAL = {
    "title": "Kit d'atelier",
    "kind": "toolkit",
    "summary": "Cartes et déroulé pour un atelier avec des usagers.",
    "url": "https://www.example.gouv.fr/kit",
    "licence": "etalab-2.0",
    "tags": ["Atelier", "usagers"],
}


def test_the_list_shows_published_resources_with_filters(api):
    ResourceFactory(key="kit", kind="toolkit", tags=["atelier"])
    ResourceFactory(key="atlas", title="Atlas", kind="report")
    ResourceFactory(key="brouillon", proposed=True)
    assert keys(api.get("/api/v1/resources/")) == ["atlas", "kit"]
    assert keys(api.get("/api/v1/resources/", {"tag": "Atelier"})) == ["kit"]
    assert keys(api.get("/api/v1/resources/", {"kind": "report"})) == ["atlas"]
    row = api.get("/api/v1/resources/", {"kind": "toolkit"}).json()["results"][0]
    assert row["licence_label"] == "Licence Ouverte 2.0 (Etalab)"
    assert row["licence_url"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert row["tags"] == ["atelier"]
    assert row["file_url"] is None
    assert row["page_url"] == "http://testserver/ressources/kit/"


def test_an_unknown_filter_value_is_a_structured_french_error(api):
    response = api.get("/api/v1/resources/", {"kind": "poem", "licence": "wtfpl"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": "kind", "message": "Nature inconnue : « poem ».", "code": "invalid"},
            {"field": "licence", "message": "Licence inconnue : « wtfpl ».", "code": "invalid"},
        ]
    }


def test_list_queries_do_not_grow(api, django_assert_num_queries):
    for _ in range(2):
        ResourceFactory(tags=["a"], lab=LabFactory())
    # count, page, tags, themes.
    with django_assert_num_queries(4):
        api.get("/api/v1/resources/")
    for _ in range(8):
        ResourceFactory(tags=["a", "b"], lab=LabFactory())
    with django_assert_num_queries(4):
        assert len(api.get("/api/v1/resources/").json()["results"]) == 10


def test_the_detail_names_only_visible_projects_and_hides_proposals(api, lab):
    public = ProjectFactory(key="public")
    private = ProjectFactory(key="private", lead_lab=lab, private=True)
    ResourceFactory(key="kit", projects=[public, private])
    ResourceFactory(key="brouillon", proposed=True)
    body = api.get("/api/v1/resources/kit/").json()
    assert [p["key"] for p in body["projects"]] == ["public"]
    assert body["review_message"] == ""
    assert api.get("/api/v1/resources/brouillon/").status_code == 404


def test_a_member_proposes_and_reads_the_proposal(lab, lab_member):
    client = client_with_token(lab_member)
    response = client.post("/api/v1/resources/", {**PROPOSAL, "lab": lab.key}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["key"], body["status"], body["can_edit"]) == ("kit-datelier", "proposed", True)
    assert body["tags"] == ["atelier", "usagers"]
    assert body["lab"] == {"key": "innovmandie", "name": "Innov'mandie"}
    assert AuditEntry.objects.get(action="resources.resource_propose").channel == "api"
    assert client.get("/api/v1/resources/kit-datelier/").status_code == 200


def test_a_file_in_multipart_is_enough(lab_member):
    client = client_with_token(lab_member)
    data = {**PROPOSAL, "url": "", "file": SimpleUploadedFile("kit.pdf", PDF_BYTES)}
    data.pop("tags")
    response = client.post("/api/v1/resources/", data, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == "application/pdf"
    assert response.json()["file_url"].endswith("/ressources/kit-datelier/fichier/")


def test_bad_proposals_get_every_french_message_and_nothing_is_created(lab_member):
    client = client_with_token(lab_member)
    response = client.post("/api/v1/resources/", {"title": "Kit"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "kind", "message": "Choisissez la nature de la ressource.", "code": "invalid"},
        {
            "field": "summary",
            "message": "Présentez la ressource en quelques lignes : à quoi elle sert.",
            "code": "invalid",
        },
        {
            "field": "licence",
            "message": "Choisissez la licence sous laquelle la ressource est partagée.",
            "code": "invalid",
        },
        {
            "field": "url",
            "message": "Indiquez l'adresse web de la ressource ou déposez son fichier "
            "(l'un des deux).",
            "code": "invalid",
        },
    ]
    assert not Resource.objects.exists()


def test_proposing_needs_a_token_and_a_lab(api, agent):
    assert api.post("/api/v1/resources/", PROPOSAL, format="json").status_code == 401
    response = client_with_token(agent).post("/api/v1/resources/", PROPOSAL, format="json")
    assert response.status_code == 403
    assert "réservé aux membres des équipes" in response.json()["errors"][0]["message"]


def test_the_coordination_reviews(lab_member, coordinator, django_capture_on_commit_callbacks):
    ResourceFactory(key="kit", proposed=True, proposed_by=lab_member)
    member = client_with_token(lab_member)
    assert member.post("/api/v1/resources/kit/review/", {"decision": "publish"}).status_code == 403
    coord = client_with_token(coordinator)
    refused = coord.post("/api/v1/resources/kit/review/", {"decision": "refuse"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {
            "field": "message",
            "message": "Expliquez au proposant pourquoi la ressource n'est pas publiée.",
            "code": "invalid",
        }
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(
            "/api/v1/resources/kit/review/",
            {"decision": "publish", "message": "Bravo"},
            format="json",
        )
    assert response.status_code == 200
    assert response.json()["status"] == ResourceStatus.PUBLISHED
    assert response.json()["review_message"] == "Bravo"
    assert [m.to for m in mail.outbox] == [[lab_member.email]]


def test_lab_cooperations(api):
    a = LabFactory(key="a", name="A")
    b = LabFactory(key="b", name="B")
    c = LabFactory(key="c", name="C")
    shared = ProjectFactory(key="shared", title="Partagé", lead_lab=a)
    shared.partner_labs.add(b)
    ProjectFactory(key="reprise", title="Reprise", lead_lab=c, scaled_from=shared)
    hidden = ProjectFactory(key="hidden", title="Caché", lead_lab=a, private=True)
    hidden.partner_labs.add(c)

    body = api.get("/api/v1/labs/a/cooperations/").json()
    assert body == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {"lab": {"key": "b", "name": "B"}, "shared_projects": 1, "take_ups": 0, "total": 1},
            {"lab": {"key": "c", "name": "C"}, "shared_projects": 0, "take_ups": 1, "total": 1},
        ],
    }
    projects = api.get("/api/v1/labs/a/cooperations/projects/").json()
    assert projects == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "key": "shared",
                "title": "Partagé",
                "lead_lab": {"key": "a", "name": "A"},
                "other_labs": [{"key": "b", "name": "B"}],
            }
        ],
    }
    take_ups = api.get("/api/v1/labs/a/cooperations/take-ups/").json()
    assert take_ups["results"] == [
        {
            "key": "reprise",
            "title": "Reprise",
            "lead_lab": {"key": "c", "name": "C"},
            "scaled_from": {
                "key": "shared",
                "title": "Partagé",
                "lead_lab": {"key": "a", "name": "A"},
            },
        }
    ]
    # C sees the same take-up from its side.
    assert keys(api.get("/api/v1/labs/c/cooperations/take-ups/")) == ["reprise"]
    # A member of A also counts the unpublished project shared with C.
    member = client_with_token(MembershipFactory(lab=a).user)
    seen = member.get("/api/v1/labs/a/cooperations/").json()
    assert [(p["lab"]["key"], p["total"]) for p in seen["results"]] == [("c", 2), ("b", 1)]
    seen = member.get("/api/v1/labs/a/cooperations/projects/").json()
    assert [p["key"] for p in seen["results"]] == ["hidden", "shared"]
    for suffix in ("", "projects/", "take-ups/"):
        assert api.get(f"/api/v1/labs/nope/cooperations/{suffix}").status_code == 404


def test_lab_cooperations_are_paged(api):
    lab = LabFactory(key="lab", name="Lab")
    for i in range(5):
        partner = LabFactory(key=f"p{i}", name=f"P{i}")
        for n in range(i + 1):
            ProjectFactory(key=f"s{i}{n}", title=f"S{i}{n}", lead_lab=lab).partner_labs.add(partner)

    first = api.get("/api/v1/labs/lab/cooperations/", {"page_size": 2}).json()
    assert first["count"] == 5
    assert [(p["lab"]["key"], p["total"]) for p in first["results"]] == [("p4", 5), ("p3", 4)]
    assert first["next"] == "http://testserver/api/v1/labs/lab/cooperations/?page=2&page_size=2"
    last = api.get("/api/v1/labs/lab/cooperations/", {"page_size": 2, "page": 3}).json()
    assert [(p["lab"]["key"], p["total"]) for p in last["results"]] == [("p0", 1)]
    projects = api.get("/api/v1/labs/lab/cooperations/projects/", {"page_size": 4})
    assert projects.json()["count"] == 15
    assert keys(projects) == ["s00", "s10", "s11", "s20"]
    assert api.get("/api/v1/labs/lab/cooperations/", {"page": 9}).status_code == 404
