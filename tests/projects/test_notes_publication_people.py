import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labnet.core.models import AuditEntry
from labnet.organisations.enums import OrganisationKind
from labnet.projects.enums import ProjectRole
from labnet.projects.models import InternalNote, Project, ProjectPerson
from labnet.projects.notes import note_add, note_delete
from labnet.projects.people import project_partners_set, project_person_add, project_person_remove
from labnet.projects.publication import project_publish, project_sheet_update, project_unpublish
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


# --- internal notes --------------------------------------------------------------------------


def test_lab_teams_and_coordinator_write_notes(project, lab_member, partner_member, coordinator):
    for user in (lab_member, partner_member, coordinator):
        note_add(actor=user, project=project, body=f"Note de {user.full_name}")
    assert project.internal_notes.count() == 3
    # The trail names the note, never its text.
    assert all(
        "Note de" not in str(e.changes)
        for e in AuditEntry.objects.filter(action="projects.note_add")
    )


def test_outsiders_write_no_note_and_empty_notes_are_refused(project, lab_member, outsider):
    with pytest.raises(PermissionDenied):
        note_add(actor=outsider, project=project, body="Hors équipe")
    with pytest.raises(ValidationError) as exc:
        note_add(actor=lab_member, project=project, body="  ")
    assert exc.value.message_dict == {"body": ["La note est vide."]}
    assert not InternalNote.objects.exists()


def test_only_the_author_or_coordinator_deletes_a_note(project, lab_member, lab_lead, coordinator):
    note = note_add(actor=lab_member, project=project, body="À garder pour nous")
    with pytest.raises(PermissionDenied):
        note_delete(actor=lab_lead, note=note)
    note_delete(actor=lab_member, note=note)
    other = note_add(actor=lab_member, project=project, body="Autre")
    note_delete(actor=coordinator, note=other)
    assert not InternalNote.objects.exists()


# --- sheet and publication -------------------------------------------------------------------


def test_publish_then_unpublish_is_audited(project, lab_member):
    project_publish(actor=lab_member, project=project)
    stored = Project.objects.get(pk=project.pk)
    assert stored.is_public is True
    assert stored.published_at is not None

    project_unpublish(actor=lab_member, project=project)

    assert Project.objects.get(pk=project.pk).is_public is False
    assert list(
        AuditEntry.objects.filter(target_id=str(project.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["projects.project_publish", "projects.project_unpublish"]


def test_publishing_twice_or_without_objective_is_refused(project, lab_member):
    project_publish(actor=lab_member, project=project)
    with pytest.raises(ValidationError) as exc:
        project_publish(actor=lab_member, project=project)
    assert exc.value.messages == ["La fiche de ce projet est déjà publiée."]

    project_unpublish(actor=lab_member, project=project)
    with pytest.raises(ValidationError) as exc:
        project_unpublish(actor=lab_member, project=project)
    assert exc.value.messages == ["La fiche de ce projet n'est pas publiée."]

    project.objective = ""
    with pytest.raises(ValidationError) as exc:
        project_publish(actor=lab_member, project=project)
    assert exc.value.message_dict == {
        "objective": ["Renseignez au moins l'objectif de la fiche avant de la publier."]
    }


def test_only_the_lead_lab_and_coordinator_publish(project, partner_member, outsider, coordinator):
    for user in (partner_member, outsider):
        with pytest.raises(PermissionDenied):
            project_publish(actor=user, project=project)
    assert Project.objects.get(pk=project.pk).is_public is False
    project_publish(actor=coordinator, project=project)
    assert Project.objects.get(pk=project.pk).is_public is True


def test_sheet_update_follows_the_networks_form(project, lab_member):
    project_sheet_update(
        actor=lab_member,
        project=project,
        title="Accueil des usagers",
        objective="Diviser l'attente par deux.",
        approach="Immersion, ateliers, prototype.",
        results="Attente passée de 40 à 15 minutes.",
    )
    stored = Project.objects.get(pk=project.pk)
    assert (stored.title, stored.results) == (
        "Accueil des usagers",
        "Attente passée de 40 à 15 minutes.",
    )
    changes = AuditEntry.objects.get(action="projects.project_sheet_update").changes
    assert set(changes) == {"title", "objective", "approach", "results"}


def test_a_published_sheet_keeps_its_objective(project, lab_member):
    project_publish(actor=lab_member, project=project)
    with pytest.raises(ValidationError) as exc:
        project_sheet_update(
            actor=lab_member, project=project, title="T", objective="", approach="", results=""
        )
    assert exc.value.message_dict == {
        "objective": ["Une fiche publiée garde son objectif : dépubliez-la d'abord pour le vider."]
    }
    assert Project.objects.get(pk=project.pk).objective != ""


# --- partners and people ---------------------------------------------------------------------


def test_partners_are_set_by_the_lead_lab(project, lab_member, partner_lab, other_lab):
    city = OrganisationFactory(key="ville-caen", kind=OrganisationKind.LOCAL_AUTHORITY)
    project_partners_set(
        actor=lab_member,
        project=project,
        partner_labs=[partner_lab, other_lab],
        organisations=[city],
    )
    assert sorted(project.partner_labs.values_list("key", flat=True)) == ["karulab", "lab-o"]
    assert AuditEntry.objects.get(action="projects.project_partners_set").changes == {
        "partner_labs": [[], ["karulab", "lab-o"]],
        "organisations": [[], ["ville-caen"]],
    }


def test_the_lead_lab_is_not_its_own_partner(project, lab_member, lab):
    with pytest.raises(ValidationError) as exc:
        project_partners_set(
            actor=lab_member, project=project, partner_labs=[lab], organisations=[]
        )
    assert exc.value.message_dict == {
        "partner_labs": ["Le laboratoire pilote ne peut pas être aussi partenaire."]
    }


def test_partner_labs_do_not_change_the_team(project, partner_member, other_lab):
    with pytest.raises(PermissionDenied):
        project_partners_set(
            actor=partner_member, project=project, partner_labs=[other_lab], organisations=[]
        )


def test_people_with_roles(project, lab_member, outsider):
    person = project_person_add(
        actor=lab_member, project=project, role=ProjectRole.OWNER, name="Sophie Porteuse"
    )
    assert str(person) == "Sophie Porteuse (porteur de projet)"
    with pytest.raises(ValidationError) as exc:
        project_person_add(actor=lab_member, project=project, role="boss", name="")
    assert exc.value.message_dict == {
        "role": ["Choisissez le rôle de la personne dans le projet."],
        "name": ["Indiquez le nom de la personne."],
    }
    with pytest.raises(PermissionDenied):
        project_person_remove(actor=outsider, person=person)
    project_person_remove(actor=lab_member, person=person)
    assert not ProjectPerson.objects.exists()


def test_the_workspace_offers_deleting_a_note_exactly_to_whom_the_service_allows(
    client, project, lab_member, lab_lead, coordinator
):
    from labnet.accounts.models import Membership
    from labnet.projects.notes import note_actions_available

    note = note_add(actor=lab_member, project=project, body="À garder pour nous")
    assert note_actions_available(user=lab_member, obj=note).can_delete
    assert note_actions_available(user=coordinator, obj=note).can_delete
    assert not note_actions_available(user=lab_lead, obj=note).can_delete
    workspace = f"/accompagnement/projets/{project.key}/"
    client.force_login(lab_lead)
    assert "Supprimer la note" not in client.get(workspace).content.decode()
    client.force_login(lab_member)
    assert "Supprimer la note" in client.get(workspace).content.decode()
    # The author left the lab: the service refuses them, so the page offers nothing.
    Membership.objects.filter(user=lab_member).delete()
    lab_member._lab_roles = None
    assert not note_actions_available(user=lab_member, obj=note).can_delete
    with pytest.raises(PermissionDenied):
        note_delete(actor=lab_member, note=note)
