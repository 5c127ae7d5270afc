"""Writes of the people domain: one's profile, the taxonomy of skills, messages between
people. Each checks who asks, validates with French messages, runs in one transaction
and is audited; e-mails leave after commit."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from labnet.core.links import site_url
from labnet.core.mail import email_enqueue
from labnet.core.models import AuditEntry
from labnet.core.refusals import require
from labnet.core.services import audit_record, model_changes
from labnet.people.audit import PeopleAction

from .models import ContactMessage, Profile, Skill
from .rules import can_manage_skills, is_in_conversation, is_the_person, require_can_contact


def contact_daily_limit() -> int:
    """Messages a person may send in 24 hours (setting LABNET_CONTACT_DAILY_LIMIT): enough
    to reach a handful of experts, too few to canvass the directory."""
    return int(getattr(settings, "LABNET_CONTACT_DAILY_LIMIT", 20))


PROFILE_FIELDS = (
    "organisation",
    "region",
    "department",
    "bio",
    "availability",
    "availability_note",
    "is_findable",
    "show_organisation",
    "show_territory",
    "show_labs",
    "show_bio",
    "contact_allowed",
)


# Texts the person writes about themself: personal, so never copied into the audit trail.
FREE_TEXT_FIELDS = frozenset({"bio", "availability_note"})
FREE_TEXT_CHANGED = "modifié"


def profile_update(
    *, actor, user, data: dict, skills=None, channel=AuditEntry.Channel.WEB
) -> Profile:
    """Create or update `user`'s profile; only the person may change it."""
    require(is_the_person(actor, user), _("Seule la personne concernée modifie son profil."))
    department, region = data.get("department"), data.get("region")
    if department is not None and region is not None and department.region_id != region.pk:
        raise ValidationError({"department": _("Ce département n'est pas dans la région choisie.")})
    if department is not None and region is None:
        data = {**data, "region": department.region}
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        profile.user = user  # Profile.save() reads the account (listing.py): no query
        values = {name: data[name] for name in PROFILE_FIELDS if name in data}
        changes = model_changes(profile, values)
        for name in FREE_TEXT_FIELDS.intersection(changes):
            # The audit trail says that a free text changed, never what it said.
            changes[name] = FREE_TEXT_CHANGED
        for name, value in values.items():
            setattr(profile, name, value)
        profile.full_clean(exclude=["user"])
        profile.save()
        if skills is not None:
            before = sorted(profile.skills.values_list("key", flat=True))
            after = sorted(s.key for s in skills)
            if before != after:
                profile.skills.set(skills)
                changes["skills"] = [before, after]
        audit_record(
            actor=actor,
            action=PeopleAction.PROFILE_UPDATE,
            target=profile,
            changes=changes,
            channel=channel,
        )
    return profile


def skill_create(*, actor, name: str, channel=AuditEntry.Channel.WEB) -> Skill:
    """The coordinator adds a skill to the network's taxonomy."""
    if not can_manage_skills(actor):
        raise PermissionDenied(_("Seule la coordination nationale ajoute des compétences."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Donnez le nom de la compétence.")})
    if len(name) > Skill._meta.get_field("name").max_length:
        raise ValidationError({"name": _("Le nom tient en 120 caractères au plus.")})
    key = slugify(name)[:64].strip("-")
    if not key:
        raise ValidationError({"name": _("Le nom doit contenir des lettres ou des chiffres.")})
    with transaction.atomic():
        if (
            Skill.objects.filter(name__iexact=name).exists()
            or Skill.objects.filter(key=key).exists()
        ):
            raise ValidationError({"name": _("Cette compétence existe déjà.")})
        skill = Skill.objects.create(key=key, name=name, created_by=actor)
        audit_record(
            actor=actor,
            action=PeopleAction.SKILL_CREATE,
            target=skill,
            changes={"name": name},
            channel=channel,
        )
    return skill


def _check_text(subject: str, body: str) -> tuple[str, str]:
    # A subject is one line (it becomes an e-mail header): runs of whitespace, newlines
    # included, become one space, as email_enqueue does, so the stored subject is the sent one.
    subject, body = " ".join((subject or "").split()), (body or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Donnez un objet à votre message.")
    elif len(subject) > ContactMessage._meta.get_field("subject").max_length:
        errors["subject"] = _("L'objet tient en 150 caractères au plus.")
    if not body:
        errors["body"] = _("Écrivez votre message.")
    elif len(body) > ContactMessage._meta.get_field("body").max_length:
        errors["body"] = _("Le message tient en 5 000 caractères au plus.")
    if errors:
        raise ValidationError(errors)
    return subject, body


def _check_rate(sender) -> None:
    since = timezone.now() - timedelta(days=1)
    limit = contact_daily_limit()
    if ContactMessage.objects.filter(sender=sender, created_at__gte=since).count() >= limit:
        raise ValidationError(
            _(
                "Vous avez envoyé %(count)d messages en 24 heures, le maximum : "
                "réessayez demain. Votre message n'est pas perdu, il reste ci-dessous."
            )
            % {"count": limit},
            code="rate_limited",
        )


def _mail(message: ContactMessage) -> None:
    """Deliver `message` by e-mail. The sender's address is given (in Reply-To and in the
    text) only when they chose to; otherwise the reply goes through the conversation page."""
    thread = message.thread or message
    context = {
        "message": message,
        "sender_name": message.sender.full_name,
        "conversation_url": site_url(thread.get_absolute_url()),
        "profile_url": site_url(reverse("people:my_profile")),
    }
    email_enqueue(
        subject=_("[LabNet] %(subject)s") % {"subject": message.subject},
        body=render_to_string("people/emails/contact.txt", context),
        to=[message.recipient.email],
        reply_to=[message.sender.email] if message.reveal_sender_email else None,
    )


def contact_send(
    *,
    actor,
    profile: Profile,
    subject: str,
    body: str,
    reveal_sender_email: bool = False,
    channel=AuditEntry.Channel.WEB,
) -> ContactMessage:
    """Write to a findable person who accepts messages: the first message of a conversation."""
    require_can_contact(actor, profile)
    subject, body = _check_text(subject, body)
    with transaction.atomic():
        _check_rate(actor)
        message = ContactMessage.objects.create(
            sender=actor,
            recipient=profile.user,
            subject=subject,
            body=body,
            reveal_sender_email=bool(reveal_sender_email),
        )
        # The audit names the people by id only: the message stays between them.
        audit_record(
            actor=actor,
            action=PeopleAction.CONTACT_SEND,
            target=message,
            changes={"recipient": str(profile.user_id)},
            channel=channel,
        )
        _mail(message)
    return message


def contact_reply(
    *,
    actor,
    thread: ContactMessage,
    body: str,
    reveal_sender_email: bool = False,
    channel=AuditEntry.Channel.WEB,
) -> ContactMessage:
    """Answer in a conversation; the other person gets it by e-mail the same way."""
    if thread.thread_id is not None or not is_in_conversation(actor, thread):
        raise PermissionDenied(_("Seules les deux personnes d'une conversation y répondent."))
    other = thread.recipient if actor.pk == thread.sender_id else thread.sender
    if not other.is_active or other.erased_at is not None:
        raise ValidationError(
            _("Cette personne n'est plus sur LabNet : elle ne peut plus vous lire.")
        )
    subject = thread.subject if thread.subject.startswith("Re:") else f"Re: {thread.subject}"
    subject, body = _check_text(subject[:150], body)
    with transaction.atomic():
        _check_rate(actor)
        message = ContactMessage.objects.create(
            thread=thread,
            sender=actor,
            recipient=other,
            subject=subject,
            body=body,
            reveal_sender_email=bool(reveal_sender_email),
        )
        audit_record(
            actor=actor,
            action=PeopleAction.CONTACT_REPLY,
            target=message,
            changes={"recipient": str(other.pk), "thread": str(thread.pk)},
            channel=channel,
        )
        _mail(message)
    return message
