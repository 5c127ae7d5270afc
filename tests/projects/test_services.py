"""project_create and project_take_up (the single window calls project_create)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labnet.core.models import AuditEntry
from labnet.projects.enums import ProjectStatus, Stage
from labnet.projects.models import Project
from labnet.projects.services import project_create, project_take_up
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_create_starts_in_framing_unpublished(lab, lab_member):
    theme = ThemeFactory()
    project = project_create(
        actor=lab_member, lead_lab=lab, title="Accueil des usagers", themes=[theme]
    )
    assert (project.key, project.stage, project.status, project.is_public) == (
        "accueil-des-usagers",
        Stage.FRAMING,
        ProjectStatus.ACTIVE,
        False,
    )
    assert list(project.themes.all()) == [theme]
    assert AuditEntry.objects.get(action="projects.project_create").actor == lab_member
    again = project_create(actor=lab_member, lead_lab=lab, title="Accueil des usagers")
    assert again.key == "accueil-des-usagers-2"


def test_create_is_for_the_lead_lab_or_coordinator(lab, outsider, coordinator):
    with pytest.raises(PermissionDenied):
        project_create(actor=outsider, lead_lab=lab, title="X")
    assert project_create(actor=coordinator, lead_lab=lab, title="X").lead_lab == lab


def test_take_up_starts_a_new_project_in_the_lineage(project, other_lab, outsider):
    project.is_public = True
    project.save()

    reuse = project_take_up(
        actor=outsider, source=project, lab=other_lab, adaptation_notes="Public rural."
    )

    assert reuse.scaled_from == project
    assert (reuse.lead_lab, reuse.title, reuse.objective) == (
        other_lab,
        project.title,
        project.objective,
    )
    assert (reuse.stage, reuse.is_public, reuse.adaptation_notes) == (
        Stage.FRAMING,
        False,
        "Public rural.",
    )
    assert AuditEntry.objects.get(action="projects.project_take_up").changes == {
        "scaled_from": [None, "accueil-usagers"]
    }


def test_take_up_needs_a_readable_source_another_lab_and_what_was_adapted(
    project, lab_member, other_lab, outsider
):
    # Unpublished: the other lab's member cannot read it, so cannot take it up.
    with pytest.raises(PermissionDenied):
        project_take_up(actor=outsider, source=project, lab=other_lab, adaptation_notes="x")
    # Not with a lab one is not a member of.
    with pytest.raises(PermissionDenied):
        project_take_up(actor=lab_member, source=project, lab=other_lab, adaptation_notes="x")
    with pytest.raises(ValidationError) as exc:
        project_take_up(actor=lab_member, source=project, lab=project.lead_lab, adaptation_notes="")
    assert exc.value.message_dict == {
        "lab": ["Ce laboratoire pilote déjà le projet : choisissez le laboratoire qui le reprend."],
        "adaptation_notes": [
            "Dites ce qui a été adapté au territoire : c'est ce que les suivants liront."
        ],
    }
    assert Project.objects.count() == 1
