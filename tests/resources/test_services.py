"""Writes of the shared library: who may, what is checked, what is audited and e-mailed."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from labnet.core.models import AuditEntry
from labnet.resources.enums import Licence, ResourceKind, ResourceStatus
from labnet.resources.models import Resource, ResourceTag
from labnet.resources.services import (
    normalise_tags,
    resource_link_project,
    resource_propose,
    resource_review,
    resource_unlink_project,
    resource_update,
)
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, ThemeFactory

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _data(**overrides):
    return {
        "title": "Kit d'atelier de co-construction",
        "kind": ResourceKind.TOOLKIT,
        "summary": "Cartes et déroulé pour animer un atelier avec des usagers.",
        "url": "https://www.example.gouv.fr/kit",
        "licence": Licence.ETALAB_2,
        "lab": None,
        **overrides,
    }


def test_normalise_tags_lowercases_joins_spaces_and_drops_duplicates():
    assert normalise_tags(" Design  de service, FACILITATION; design de service,, ") == [
        "design de service",
        "facilitation",
    ]
    assert normalise_tags(["Atelier", "atelier", " "]) == ["atelier"]


def test_a_lab_member_proposes_and_the_coordination_is_told(
    lab, lab_member, coordinator, django_capture_on_commit_callbacks
):
    theme = ThemeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        resource = resource_propose(
            actor=lab_member,
            data=_data(lab=lab),
            tags="Facilitation, Usagers",
            themes=[theme],
        )

    resource.refresh_from_db()
    assert resource.key == "kit-datelier-de-co-construction"
    assert resource.status == ResourceStatus.PROPOSED
    assert resource.proposed_by == lab_member
    assert resource.lab == lab
    assert sorted(t.name for t in resource.tags.all()) == ["facilitation", "usagers"]
    assert list(resource.themes.all()) == [theme]
    entry = AuditEntry.objects.get(action="resources.resource_propose")
    assert entry.actor == lab_member
    assert entry.target_id == str(resource.pk)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].subject == "Ressource à relire : Kit d'atelier de co-construction"


def test_an_agent_without_a_lab_may_not_propose(agent):
    with pytest.raises(PermissionDenied):
        resource_propose(actor=agent, data=_data())
    assert not Resource.objects.exists()


def test_every_problem_is_reported_at_once_in_french_and_nothing_is_written(lab_member):
    with pytest.raises(ValidationError) as caught:
        resource_propose(
            actor=lab_member,
            data=_data(title=" ", kind="poem", summary="", url="", licence=""),
            tags=["x" * 51],
        )
    assert caught.value.message_dict == {
        "title": ["Donnez un titre à la ressource."],
        "kind": ["Choisissez la nature de la ressource."],
        "summary": ["Présentez la ressource en quelques lignes : à quoi elle sert."],
        "licence": ["Choisissez la licence sous laquelle la ressource est partagée."],
        "url": ["Indiquez l'adresse web de la ressource ou déposez son fichier (l'un des deux)."],
        "tags": [f"Un mot-clé tient en 50 caractères au plus : « {'x' * 51} »."],
    }
    assert not Resource.objects.exists()
    assert not ResourceTag.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_bad_url_and_a_lab_that_is_not_ones_own_are_refused(lab_member):
    other_lab = LabFactory()
    with pytest.raises(ValidationError) as caught:
        resource_propose(actor=lab_member, data=_data(url="ftp://x", lab=other_lab))
    assert caught.value.message_dict == {
        "url": ["Cette adresse web n'est pas valide : elle commence par https:// ou http://."],
        "lab": ["Vous ne pouvez créditer qu'un laboratoire dont vous êtes membre."],
    }


def test_a_file_alone_is_enough_and_its_type_is_read_from_its_bytes(lab_member):
    pdf = SimpleUploadedFile("guide.pdf", PDF_BYTES, content_type="application/octet-stream")
    resource = resource_propose(actor=lab_member, data=_data(url=""), file=pdf)
    assert resource.content_type == "application/pdf"
    assert resource.size == len(PDF_BYTES)
    assert resource.file.name == f"resources/{resource.key}/guide.pdf"


def test_a_renamed_file_is_refused(lab_member):
    fake = SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as caught:
        resource_propose(actor=lab_member, data=_data(url=""), file=fake)
    assert list(caught.value.message_dict) == ["file"]
    assert "ne correspond pas à son extension" in caught.value.message_dict["file"][0]


def test_keys_stay_unique_and_avoid_the_librarys_own_paths(lab_member):
    first = resource_propose(actor=lab_member, data=_data(title="Proposer"))
    second = resource_propose(actor=lab_member, data=_data(title="Proposer"))
    assert (first.key, second.key) == ("proposer-2", "proposer-3")


def test_the_proposer_amends_until_the_decision(lab_member, coordinator):
    resource = resource_propose(actor=lab_member, data=_data())
    resource_update(
        actor=lab_member, resource=resource, data=_data(title="Kit revu"), tags="atelier"
    )
    resource.refresh_from_db()
    assert resource.title == "Kit revu"
    assert [t.name for t in resource.tags.all()] == ["atelier"]
    assert AuditEntry.objects.get(action="resources.resource_update").changes["title"] == [
        "Kit d'atelier de co-construction",
        "Kit revu",
    ]
    resource_review(actor=coordinator, resource=resource, decision="publish")
    with pytest.raises(PermissionDenied):
        resource_update(actor=lab_member, resource=resource, data=_data(title="Trop tard"))


def test_someone_else_may_not_amend_a_proposal(lab_member):
    resource = resource_propose(actor=lab_member, data=_data())
    stranger = MembershipFactory().user
    with pytest.raises(PermissionDenied):
        resource_update(actor=stranger, resource=resource, data=_data(title="Non"))


def test_the_coordination_publishes_and_the_proposer_is_told(
    lab_member, coordinator, django_capture_on_commit_callbacks
):
    resource = resource_propose(actor=lab_member, data=_data())
    with django_capture_on_commit_callbacks(execute=True):
        resource_review(actor=coordinator, resource=resource, decision="publish", message="Merci")
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.PUBLISHED
    assert resource.published_by == coordinator
    assert resource.published_at is not None
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([lab_member.email], "Votre ressource est publiée : Kit d'atelier de co-construction")
    ]
    assert "Merci" in mail.outbox[0].body
    assert (
        AuditEntry.objects.filter(action="resources.resource_publish", actor=coordinator).count()
        == 1
    )


def test_refusing_needs_a_message_which_the_proposer_receives(
    lab_member, coordinator, django_capture_on_commit_callbacks
):
    resource = resource_propose(actor=lab_member, data=_data())
    with pytest.raises(ValidationError) as caught:
        resource_review(actor=coordinator, resource=resource, decision="refuse", message=" ")
    assert caught.value.message_dict == {
        "message": ["Expliquez au proposant pourquoi la ressource n'est pas publiée."]
    }
    with django_capture_on_commit_callbacks(execute=True):
        resource_review(
            actor=coordinator,
            resource=resource,
            decision="refuse",
            message="Le lien ne fonctionne pas.",
        )
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.REFUSED
    assert resource.published_at is None
    assert [m.to for m in mail.outbox] == [[lab_member.email]]
    assert "Le lien ne fonctionne pas." in mail.outbox[0].body
    # Decided once: a second decision is refused with a reason.
    with pytest.raises(ValidationError) as again:
        resource_review(actor=coordinator, resource=resource, decision="publish")
    assert again.value.message_dict == {
        "decision": ["Cette ressource est déjà refusée : il n'y a plus de décision à prendre."]
    }


def test_only_the_coordination_reviews(lab_member, lab_lead):
    resource = resource_propose(actor=lab_member, data=_data())
    with pytest.raises(PermissionDenied):
        resource_review(actor=lab_lead, resource=resource, decision="publish")


def test_a_projects_team_links_and_unlinks_a_published_resource(lab, lab_member):
    project = ProjectFactory(lead_lab=lab, private=True)
    resource = ResourceFactory()
    resource_link_project(actor=lab_member, resource=resource, project=project)
    assert list(resource.projects.all()) == [project]
    resource_unlink_project(actor=lab_member, resource=resource, project=project)
    assert list(resource.projects.all()) == []
    assert list(
        AuditEntry.objects.filter(target_id=str(resource.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["resources.resource_link_project", "resources.resource_unlink_project"]


def test_partner_labs_link_too_but_not_other_labs(lab, lab_member):
    project = ProjectFactory(lead_lab=LabFactory())
    project.partner_labs.add(lab)
    resource = ResourceFactory()
    resource_link_project(actor=lab_member, resource=resource, project=project)
    outsider = MembershipFactory().user
    with pytest.raises(PermissionDenied):
        resource_link_project(actor=outsider, resource=resource, project=ProjectFactory())


def test_a_proposal_cannot_be_linked_yet(lab, lab_member):
    project = ProjectFactory(lead_lab=lab)
    with pytest.raises(ValidationError) as caught:
        resource_link_project(
            actor=lab_member, resource=ResourceFactory(proposed=True), project=project
        )
    assert caught.value.message_dict == {
        "project": ["Seule une ressource publiée peut être rattachée à un projet."]
    }
