import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from labnet.core.models import AuditEntry
from labnet.people.models import ContactMessage, Profile, Skill
from labnet.people.services import (
    contact_reply,
    contact_send,
    profile_update,
    skill_create,
)
from tests.factories import DepartmentFactory, RegionFactory, UserFactory
from tests.people.factories import ContactMessageFactory, ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_profile_update_creates_and_audits(agent):
    skill = SkillFactory(name="Facilitation")
    eure = DepartmentFactory()
    profile = profile_update(
        actor=agent,
        user=agent,
        data={"department": eure, "is_findable": True, "bio": "Bonjour"},
        skills=[skill],
    )
    assert (profile.region.pk, profile.is_findable, profile.show_bio) == ("28", True, False)
    assert list(profile.skills.values_list("name", flat=True)) == ["Facilitation"]
    entry = AuditEntry.objects.get(action="people.profile_update")
    assert entry.changes["skills"] == [[], [skill.key]]


def test_profile_update_refuses_others_and_mismatched_department(agent):
    with pytest.raises(PermissionDenied):
        profile_update(actor=UserFactory(), user=agent, data={})
    other_region = RegionFactory(code="11", name="Île-de-France")
    with pytest.raises(ValidationError) as error:
        profile_update(
            actor=agent,
            user=agent,
            data={"region": other_region, "department": DepartmentFactory()},
        )
    assert error.value.message_dict == {
        "department": ["Ce département n'est pas dans la région choisie."]
    }
    assert not Profile.objects.exists()


def test_skill_create_by_coordinator_only(coordinator, agent):
    skill = skill_create(actor=coordinator, name="  Ethnographie  ")
    assert (skill.key, skill.name, skill.created_by) == (
        "ethnographie",
        "Ethnographie",
        coordinator,
    )
    with pytest.raises(ValidationError) as error:
        skill_create(actor=coordinator, name="ethnographie")
    assert error.value.message_dict == {"name": ["Cette compétence existe déjà."]}
    with pytest.raises(PermissionDenied):
        skill_create(actor=agent, name="Autre")
    assert Skill.objects.count() == 1


def test_contact_hides_both_addresses(agent, django_capture_on_commit_callbacks):
    recipient = ProfileFactory(user__email="experte@example.gouv.fr", user__full_name="Experte")
    with django_capture_on_commit_callbacks(execute=True):
        message = contact_send(
            actor=agent, profile=recipient, subject="Un atelier", body="Pouvez-vous aider ?"
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["experte@example.gouv.fr"]
    assert sent.reply_to == []
    assert sent.subject == "[LabNet] Un atelier"
    assert agent.email not in sent.body
    assert "Agnès Agent vous écrit par LabNet" in sent.body
    assert f"/personnes/messages/{message.token}/" in sent.body


def test_contact_reveals_sender_address_when_chosen(agent, django_capture_on_commit_callbacks):
    recipient = ProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        contact_send(
            actor=agent, profile=recipient, subject="Objet", body="Texte", reveal_sender_email=True
        )
    assert mail.outbox[0].reply_to == [agent.email]
    assert agent.email in mail.outbox[0].body


def test_contact_refused_without_consent(agent):
    for profile in (ProfileFactory(hidden=True), ProfileFactory(contact_allowed=False)):
        with pytest.raises(PermissionDenied):
            contact_send(actor=agent, profile=profile, subject="a", body="b")
    with pytest.raises(PermissionDenied):
        contact_send(actor=agent, profile=ProfileFactory(user=agent), subject="a", body="b")


def test_contact_validates_and_rate_limits(agent, settings):
    settings.LABNET_CONTACT_DAILY_LIMIT = 3
    profile = ProfileFactory()
    with pytest.raises(ValidationError) as error:
        contact_send(actor=agent, profile=profile, subject=" ", body="")
    assert error.value.message_dict == {
        "subject": ["Donnez un objet à votre message."],
        "body": ["Écrivez votre message."],
    }
    ContactMessageFactory.create_batch(3, sender=agent)
    with pytest.raises(ValidationError) as error:
        contact_send(actor=agent, profile=profile, subject="a", body="b")
    assert error.value.code == "rate_limited"
    assert ContactMessage.objects.filter(sender=agent).count() == 3
    assert error.value.messages[0].startswith("Vous avez envoyé 3 messages en 24 heures")


def test_reply_goes_back_without_address(agent, django_capture_on_commit_callbacks):
    expert = ProfileFactory(user__full_name="Experte")
    thread = contact_send(actor=agent, profile=expert, subject="Question", body="Bonjour")
    with django_capture_on_commit_callbacks(execute=True):
        reply = contact_reply(actor=expert.user, thread=thread, body="Avec plaisir")
    assert (reply.thread, reply.recipient, reply.subject) == (thread, agent, "Re: Question")
    assert mail.outbox[-1].to == [agent.email]
    assert mail.outbox[-1].reply_to == []
    assert expert.user.email not in mail.outbox[-1].body
    with pytest.raises(PermissionDenied):
        contact_reply(actor=UserFactory(), thread=thread, body="Intrus")


def test_profile_update_audits_that_free_texts_changed_never_what_they_say(agent):
    profile_update(
        actor=agent,
        user=agent,
        data={"bio": "En disponibilité pour raison de santé", "availability_note": "Mardis"},
    )
    profile_update(actor=agent, user=agent, data={"bio": "Autre texte", "show_bio": True})
    entries = AuditEntry.objects.filter(action="people.profile_update").order_by("id")
    assert [e.changes for e in entries] == [
        {"bio": "modifié", "availability_note": "modifié"},
        {"bio": "modifié", "show_bio": [False, True]},
    ]


def test_a_contact_message_is_audited_without_its_subject(agent):
    message = contact_send(
        actor=agent, profile=ProfileFactory(), subject="Mon arrêt maladie", body="Texte"
    )
    entry = AuditEntry.objects.get(action="people.contact_send")
    assert str(message) == f"Message n° {message.pk}"
    assert (entry.target_repr, entry.changes) == (
        f"Message n° {message.pk}",
        {"recipient": str(message.recipient_id)},
    )


def test_a_subject_is_one_line_stored_as_sent(agent, django_capture_on_commit_callbacks):
    profile = ProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = contact_send(
            actor=agent, profile=profile, subject="Bonjour\r\nBcc: x@exemple.fr\t !", body="Salut"
        )
    assert message.subject == "Bonjour Bcc: x@exemple.fr !"
    assert [m.subject for m in mail.outbox] == ["[LabNet] Bonjour Bcc: x@exemple.fr !"]
    assert [m.to for m in mail.outbox] == [[profile.user.email]]
    with pytest.raises(ValidationError) as error:
        contact_send(actor=agent, profile=profile, subject="\n\t ", body="Salut")
    assert error.value.message_dict == {"subject": ["Donnez un objet à votre message."]}
