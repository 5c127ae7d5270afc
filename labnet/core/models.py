import contextvars
import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The `prev_hash` of the first entry of the chain.
GENESIS_HASH = "0" * 64


class Source(models.Model):
    """A public document that records of the network dataset were transcribed from."""

    key = models.SlugField(_("clé"), max_length=64, primary_key=True)
    title = models.CharField(_("titre"), max_length=300)
    published_on = models.DateField(_("publié le"), null=True, blank=True)
    publisher = models.CharField(_("éditeur"), max_length=200, blank=True)
    kind = models.CharField(_("nature"), max_length=40, blank=True)
    file_name = models.CharField(_("fichier"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["published_on", "key"]

    def __str__(self):
        return self.title


class AppendOnlyError(RuntimeError):
    """An audit entry was to be changed or deleted other than by a recorded redaction."""


# Set only inside core.services.audit_redact: the one sanctioned rewrite, itself recorded.
REDACTING = contextvars.ContextVar("audit_redacting", default=False)


class AuditEntryQuerySet(models.QuerySet):
    """No bulk change or deletion of the trail (docs/adr/0022-hardening-audit-chain.md)."""

    def update(self, **kwargs):
        if not REDACTING.get():
            raise AppendOnlyError("Audit entries are append-only: use core.services.audit_redact.")
        return super().update(**kwargs)

    def delete(self):
        raise AppendOnlyError("Audit entries are append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        raise AppendOnlyError("Audit entries are chained one by one: use audit_record.")


class AuditChainHead(models.Model):
    """The last link of the audit chain: one row, locked by every append (so concurrent
    writers chain one after the other) and compared with the last entry by `audit_verify`
    (so a removed last entry is found too)."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("tête de la chaîne d'audit")

    def __str__(self):
        return f"#{self.last_seq} {self.last_hash[:12]}"

    @classmethod
    def locked(cls) -> "AuditChainHead":
        head = cls.objects.select_for_update().filter(pk=1).first()
        if head is None:
            cls.objects.get_or_create(pk=1)
            head = cls.objects.select_for_update().get(pk=1)
        return head


class AuditEntry(models.Model):
    """One write to the platform: who did what to which record, and the changed values.

    Entries are append-only and chained: each stores the hash of its content
    (`content_hash`) and of the previous entry's link (`entry_hash` = SHA-256 of
    `prev_hash` + `content_hash`), so `manage.py audit_verify` finds any entry changed or
    removed. The one sanctioned rewrite is a privacy redaction (`audit_redact`), which
    marks the entries (`redacted_at`), keeps their content hash, and appends an entry that
    lists them. The target is kept by type and id plus a text snapshot so the entry still
    reads well after the record is deleted.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("site")
        API = "api", _("API")
        IMPORT = "import", _("import")
        COMMAND = "command", _("commande")
        ADMIN = "admin", _("administration")

    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    channel = models.CharField(_("canal"), max_length=16, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("type d'objet"), max_length=64, blank=True)
    target_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    target_repr = models.CharField(_("objet"), max_length=300, blank=True)
    changes = models.JSONField(_("modifications"), default=dict, blank=True)
    # The chain. `actor_ref` keeps the author's id even if the account row is deleted
    # (the `actor` link then becomes empty, the hashed content does not change).
    seq = models.PositiveBigIntegerField(_("numéro"), unique=True, editable=False)
    actor_ref = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    content_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)
    redacted_at = models.DateTimeField(_("expurgée le"), null=True, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries are append-only: use core.services.audit_redact.")
        # The stored form of the values (a tuple becomes a list...), as they will be read
        # back and hashed again by audit_verify.
        self.changes = json.loads(json.dumps(self.changes or {}))
        if self.actor_id is not None:
            self.actor_ref = self.actor_id
        self.created_at = self.created_at or timezone.now()
        # No savepoint of its own inside the caller's transaction: the entry is part of it.
        with transaction.atomic(savepoint=False):
            head = AuditChainHead.locked()
            self.seq = head.last_seq + 1
            self.prev_hash = head.last_hash
            self.content_hash = self.compute_content_hash()
            self.entry_hash = self.link_hash(self.prev_hash, self.content_hash)
            super().save(*args, **kwargs)
            head.last_seq, head.last_hash = self.seq, self.entry_hash
            head.save(update_fields=["last_seq", "last_hash"])

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are append-only.")

    def hashed_content(self) -> dict:
        return {
            "seq": self.seq,
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_ref,
            "channel": self.channel,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_repr": self.target_repr,
            "changes": self.changes,
        }

    def compute_content_hash(self) -> str:
        text = json.dumps(
            self.hashed_content(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @staticmethod
    def link_hash(prev_hash: str, content_hash: str) -> str:
        return hashlib.sha256(f"{prev_hash}{content_hash}".encode("ascii")).hexdigest()


# --- what many models declare, declared once ------------------------------------------------
# Abstract: each field is exactly the one the models declared before (no migration).


class SourcedModel(models.Model):
    """A row the network's dataset brought in cites the document it came from."""

    source = models.ForeignKey(
        "core.Source", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        abstract = True


class CreatedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TimestampedModel(CreatedModel):
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TopicVersion(models.Model):
    """The version of one kind of data the public pages show (a "topic": an app's label),
    bumped after every committed write to it. Kept here when no shared cache (Redis) is
    configured, so every worker process reads the same versions
    (docs/adr/0048-cache-public-pages.md)."""

    name = models.CharField(max_length=64, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} v{self.version}"
