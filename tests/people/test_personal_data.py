import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from labnet.accounts.api_tokens import api_token_create
from labnet.accounts.models import ApiToken, Membership, User
from labnet.core.models import AuditEntry
from labnet.core.personal_data import sections
from labnet.core.services import audit_record
from labnet.intake.models import Request
from labnet.labs.models import LabContributor
from labnet.people.models import ContactMessage, Profile
from labnet.people.personal_data.rights import (
    account_erase,
    personal_data_export,
    personal_data_purge,
)
from labnet.people.services import contact_send, profile_update
from labnet.projects.models import ProjectPerson
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    ProjectFactory,
    RequestFactory,
    UserFactory,
)
from tests.people.factories import ContactMessageFactory, ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-solide-42"


@pytest.fixture
def person(lab):
    profile = ProfileFactory(
        user__full_name="Zoé Zéphyr", user__email="zoe@example.gouv.fr", skills=[SkillFactory()]
    )
    user = profile.user
    MembershipFactory(user=user, lab=lab)
    LabContributor.objects.create(lab=lab, user=user, reason="Appel à contributeurs")
    project = ProjectFactory(lead_lab=lab, key="accueil")
    ActivityFactory(project=project, created_by=user, title="Atelier avec les agents")
    ProjectPerson.objects.create(project=project, user=user, role="sponsor")
    RequestFactory(author=user, title="Mon brouillon")
    RequestFactory(author=user, submitted=True, lab=lab, title="Ma demande envoyée")
    ContactMessageFactory(sender=user, subject="Bonjour")
    audit_record(actor=user, action="accounts.user_register", target=user)
    return user


def test_export_has_every_section(person):
    data = personal_data_export(actor=person, user=person)
    assert data["format"] == "labnet-personal-data/1"
    assert list(data["sections"]) == sections.keys
    for key in (
        "account",
        "memberships",
        "lab_contributions",
        "projects",
        "requests",
        "audit",
        "profile",
        "messages",
        "skills_added",
    ):
        assert key in data["sections"]
    assert data["sections"]["account"]["email"] == "zoe@example.gouv.fr"
    assert data["sections"]["projects"]["journal_entries"][0]["title"] == "Atelier avec les agents"
    assert {r["title"] for r in data["sections"]["requests"]["requests"]} == {
        "Mon brouillon",
        "Ma demande envoyée",
    }
    assert data["sections"]["messages"][0]["subject"] == "Bonjour"
    assert (
        AuditEntry.objects.filter(
            action="people.personal_data_export", target_id=str(person.pk)
        ).count()
        == 1
    )


def test_export_only_by_the_person(person, agent):
    with pytest.raises(PermissionDenied):
        personal_data_export(actor=agent, user=person)


def test_erase_keeps_history_with_an_anonymous_mention(person):
    pk = person.pk
    api_token_create(actor=person, name="Mon script")
    account_erase(actor=person, user=person, confirmation=PASSWORD)
    user = User.objects.get(pk=pk)
    assert (user.full_name, user.email, user.is_active, user.has_usable_password()) == (
        "Personne anonymisée",
        f"erased-{pk}@invalid",
        False,
        False,
    )
    assert user.erased_at is not None and str(user) == "Personne anonymisée"
    assert not Profile.objects.filter(user_id=pk).exists()
    assert not ContactMessage.objects.filter(sender_id=pk).exists()
    assert not Membership.objects.filter(user_id=pk).exists()
    assert not LabContributor.objects.filter(user_id=pk).exists()
    assert list(Request.objects.filter(author_id=pk).values_list("title", flat=True)) == [
        "Ma demande envoyée"
    ]
    activity = ActivityFactory._meta.model.objects.get(title="Atelier avec les agents")
    assert activity.created_by_id == pk and str(activity.created_by) == "Personne anonymisée"
    assert ProjectPerson.objects.get(user_id=pk).user.full_name == "Personne anonymisée"
    assert not AuditEntry.objects.filter(target_repr__contains="Zoé Zéphyr").exists()
    assert AuditEntry.objects.filter(action="people.account_erase", actor=None).count() == 1
    assert not ApiToken.objects.filter(user_id=pk).exists()


def test_erase_needs_confirmation_and_loses_nothing(person):
    with pytest.raises(ValidationError) as error:
        account_erase(actor=person, user=person, confirmation="pas ça")
    assert error.value.message_dict == {
        "confirmation": [
            "Saisissez votre adresse électronique ou votre mot de passe pour confirmer."
        ]
    }
    person.refresh_from_db()
    assert person.erased_at is None and Profile.objects.filter(user=person).exists()
    account_erase(actor=person, user=person, confirmation="ZOE@example.gouv.fr")
    person.refresh_from_db()
    assert person.erased_at is not None


def test_purge_calls_every_section_and_reports(capsys):
    counts = personal_data_purge(now=timezone.now())
    assert set(counts) == {s.key for s in sections if s.purge is not None}
    call_command("purge_personal_data")
    out = capsys.readouterr().out
    assert "Conservation : 30 jours." in out
    assert "Total : 0 ligne(s) effacée(s)." in out


def test_erasure_forgets_private_messages_and_profile_texts_in_the_audit_trail():
    sender = UserFactory(full_name="Sam Expéditeur")
    profile = ProfileFactory(user__full_name="Rita Destinataire")
    message = contact_send(
        actor=sender,
        profile=profile,
        subject="Mon arrêt maladie et mon conflit avec ma cheffe",
        body="…",
    )
    profile_update(actor=sender, user=sender, data={"bio": "En disponibilité pour raison de santé"})
    sender_profile = Profile.objects.get(user=sender)
    design = SkillFactory(name="Design")
    kept = audit_record(actor=profile.user, action="people.skill_create", target=design)
    account_erase(actor=sender, user=sender, confirmation=sender.email)
    entries = AuditEntry.objects.filter(action__in=["people.contact_send", "people.profile_update"])
    assert sorted(entries.values_list("action", "target_id", "target_repr", "changes")) == [
        ("people.contact_send", str(message.pk), "", {}),
        ("people.profile_update", str(sender_profile.pk), "", {}),
    ]
    # Entries about rows that stay keep their text; the other person's side is theirs.
    kept.refresh_from_db()
    assert (kept.target_repr, kept.changes) == ("Design", {})
    assert Profile.objects.filter(pk=profile.pk).exists()


def test_the_migration_blanks_private_texts_of_older_audit_entries():
    migration = importlib.import_module("labnet.people.migrations.0002_audit_forget_private_texts")
    older = [
        AuditEntry.objects.create(
            channel="web",
            action="contact.send",
            target_type="people.contactmessage",
            target_id="7",
            target_repr="Mon arrêt maladie",
            changes={"recipient": "3"},
        ),
        AuditEntry.objects.create(
            channel="web",
            action="profile.update",
            target_type="people.profile",
            target_id="2",
            target_repr="Bea Bio",
            changes={
                "bio": ["", "Raison de santé"],
                "availability_note": ["Avant", "Après"],
                "is_findable": [False, True],
            },
        ),
        AuditEntry.objects.create(
            channel="web",
            action="skill.create",
            target_type="people.skill",
            target_id="1",
            target_repr="Design",
            changes={"name": "Design"},
        ),
    ]
    # The models as that migration saw them (today's AuditEntry refuses to be rewritten).
    migration.forget_private_texts(
        MigrationLoader(connection)
        .project_state(("people", "0002_audit_forget_private_texts"))
        .apps,
        None,
    )
    assert [
        (e.target_repr, e.changes)
        for e in AuditEntry.objects.filter(pk__in=[o.pk for o in older]).order_by("pk")
    ] == [
        ("Message n° 7", {"recipient": "3"}),
        (
            "Bea Bio",
            {"bio": "modifié", "availability_note": "modifié", "is_findable": [False, True]},
        ),
        ("Design", {"name": "Design"}),
    ]
