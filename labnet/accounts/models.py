from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from labnet.core.models import CreatedModel
from labnet.core.text import NameField

from .enums import LabRole
from .managers import UserManager

# What an erased account shows wherever a history names it. Erasure also writes it into
# `full_name`, so every page, e-mail and API answer that reads the field directly (and
# they are many) shows the mention rather than an empty name or the placeholder address.
ANONYMOUS_NAME = gettext_noop("Personne anonymisée")


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Roles come from flags (coordinator, staff) and lab memberships."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    full_name = NameField(_("nom complet"), max_length=200)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(
        _("administrateur de la plateforme"),
        default=False,
        help_text=_("Accès à l'administration de LabNet."),
    )
    is_coordinator = models.BooleanField(
        _("coordination nationale"),
        default=False,
        help_text=_("Membre de l'équipe qui anime le réseau (DITP) : voit tous les laboratoires."),
    )
    # Set for local demo accounts only, so they can be listed and removed in one go.
    is_demo = models.BooleanField(_("compte de démonstration"), default=False, editable=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    # Set when the person erased their account (labnet.people): the row stays so project
    # histories keep pointing at it, with every personal value replaced.
    erased_at = models.DateTimeField(_("compte effacé le"), null=True, blank=True, editable=False)
    # ProConnect (docs/proconnect.md): the provider's stable subject identifier, the
    # account's first match at sign-in (the e-mail address only when no account has it).
    proconnect_sub = models.CharField(
        _("identifiant ProConnect"), max_length=255, blank=True, default="", editable=False
    )
    # The SIRET of the establishment ProConnect names; `organisation` is the network's
    # organisation it matched, empty while the organisation is still to be confirmed.
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, default="")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when a second factor (TOTP) is confirmed, so the pages know without a query
    # whether to ask for it (labnet.accounts.mfa).
    mfa_enabled = models.BooleanField(
        _("double authentification activée"), default=False, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["proconnect_sub"],
                condition=~models.Q(proconnect_sub=""),
                name="unique_proconnect_sub",
            )
        ]

    def __str__(self):
        if self.erased_at is not None:
            return gettext(ANONYMOUS_NAME)
        return self.full_name or self.email

    def get_full_name(self):
        if self.erased_at is not None:
            return gettext(ANONYMOUS_NAME)
        return self.full_name

    def get_short_name(self):
        if self.erased_at is not None:
            return gettext(ANONYMOUS_NAME)
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Membership(CreatedModel):
    """A person's role in one lab's team."""

    user = models.ForeignKey(
        User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="memberships"
    )
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=16, choices=LabRole.choices)

    class Meta:
        verbose_name = _("appartenance à un laboratoire")
        verbose_name_plural = _("appartenances aux laboratoires")
        constraints = [
            models.UniqueConstraint(fields=["user", "lab"], name="unique_membership_per_lab")
        ]

    def __str__(self):
        return f"{self.user} — {self.lab} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A named API credential of one person (docs/adr/0020-hardening-api-tokens.md).

    Only the SHA-256 of the secret is stored: the key is shown once, at creation. The
    public `prefix` (the key's first characters) names the token in lists and in the
    admin. A token stops working when it expires or is revoked (by its owner, or by a
    password change, a reset or an erasure of its owner's account).
    """

    class RevokedBecause(models.TextChoices):
        OWNER = "owner", _("révoqué par son titulaire")
        PASSWORD = "password", _("mot de passe changé")
        ADMIN = "admin", _("révoqué par l'administration")

    user = models.ForeignKey(
        User, verbose_name=_("titulaire"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("préfixe"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_because = models.CharField(
        _("motif de révocation"), max_length=16, choices=RevokedBecause.choices, blank=True
    )

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
