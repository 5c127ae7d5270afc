"""Models of the people domain: the network's skills, a person's profile and the messages
people send each other through the platform (their addresses stay hidden)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from labnet.core.models import CreatedModel, SourcedModel, TimestampedModel

from .enums import Availability


class Skill(SourcedModel, CreatedModel):
    """One entry of the taxonomy of skills the network keeps (seeded from skills.csv)."""

    key = models.SlugField(_("clé"), max_length=64, unique=True)
    name = models.CharField(_("nom"), max_length=120, unique=True)
    # The themes of projects and requests that call for this skill: how the platform
    # suggests people for a project (see suggestions.skills_for_themes_and_text).
    themes = models.ManyToManyField(
        "labs.Theme", verbose_name=_("thèmes"), blank=True, related_name="skills"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajoutée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["name"]

    def __str__(self):
        return self.name


def listing_values(*, is_findable: bool, user) -> dict:
    """The derived columns of a profile, from its box and its account."""
    return {
        "listed": bool(is_findable and user.is_active and user.erased_at is None),
        "name_key": (user.full_name or "").lower(),
    }


class Profile(TimestampedModel):
    """What a person tells the network about themselves. Nothing of it is shown to anyone
    else unless `is_findable` is on, and then only the parts whose `show_*` box is ticked
    (enforced in selectors.findable_people)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("administration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bio = models.TextField(_("présentation"), blank=True, max_length=1500)
    availability = models.CharField(
        _("disponibilité"),
        max_length=16,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    availability_note = models.CharField(_("précision"), max_length=200, blank=True)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("compétences"), blank=True, related_name="profiles"
    )
    # Consent: off by default; each part of the profile has its own box.
    is_findable = models.BooleanField(_("visible dans l'annuaire"), default=False)
    show_organisation = models.BooleanField(_("montrer mon administration"), default=False)
    show_territory = models.BooleanField(_("montrer mon territoire"), default=False)
    show_labs = models.BooleanField(_("montrer mes laboratoires"), default=False)
    show_bio = models.BooleanField(_("montrer ma présentation"), default=False)
    contact_allowed = models.BooleanField(_("accepter les messages"), default=False)
    # Derived, never typed (labnet/people/listing.py, docs/adr/0056): findable, with an
    # active account not erased; and the name as the directory orders it.
    listed = models.BooleanField(default=False, editable=False)
    name_key = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        indexes = [
            # The directory's order when every match fits as well (no filter, one skill,
            # a territory...): availability first (its weight falls as the value sorts
            # up), then the name; only the listed rows are indexed. The other columns
            # the ranking reads follow, so it scans this narrow index and never the
            # table's wide rows (bio...): a covering index on both databases.
            models.Index(
                fields=[
                    "availability",
                    "name_key",
                    "id",
                    "region",
                    "department",
                    "organisation",
                    "user",
                    "show_territory",
                    "show_labs",
                    "show_organisation",
                ],
                condition=models.Q(listed=True),
                name="people_profile_listed_order",
            ),
        ]

    def __str__(self):
        return str(self.user)

    def save(self, *args, **kwargs):
        # Derived columns, like a slug: always in step with the box and the account.
        for name, value in listing_values(is_findable=self.is_findable, user=self.user).items():
            setattr(self, name, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "listed", "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:person_detail", kwargs={"pk": self.pk})


class ContactMessage(models.Model):
    """A message from one person to another, delivered by e-mail without either address.

    The first message opens a conversation (`thread` is None); answers point at it. The
    conversation page is reached through the first message's `token`, and only by its two
    people.
    """

    thread = models.ForeignKey(
        "self",
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expéditeur"),
        on_delete=models.CASCADE,
        related_name="sent_contact_messages",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="received_contact_messages",
    )
    subject = models.CharField(_("objet"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    reveal_sender_email = models.BooleanField(_("donner mon adresse électronique"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        # Not the subject: this text is copied into the audit trail, which must not keep
        # what a private message said.
        return gettext("Message n° %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        root = self.thread if self.thread_id else self
        return reverse("people:conversation", kwargs={"token": root.token})
