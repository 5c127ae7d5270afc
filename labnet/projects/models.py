from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from labnet.core.models import CreatedModel, SourcedModel, TimestampedModel
from labnet.core.text import NameField

from .enums import ActivityKind, DocumentKind, ProjectRole, ProjectStatus, Stage


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Project(SourcedModel, TimestampedModel):
    key = models.SlugField(_("clé"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    lead_lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("laboratoire pilote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    partner_labs = models.ManyToManyField(
        "labs.Lab",
        verbose_name=_("laboratoires partenaires"),
        blank=True,
        related_name="partner_projects",
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations partenaires"),
        blank=True,
        related_name="projects",
    )
    region = models.ForeignKey(
        "territories.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    departments = models.ManyToManyField(
        "territories.Department",
        verbose_name=_("départements"),
        blank=True,
        related_name="projects",
    )
    # Blank = not stated: projects transcribed from documents often give no stage.
    stage = models.CharField(
        _("étape"),
        max_length=32,
        choices=Stage.choices,
        default=Stage.FRAMING,
        blank=True,
        db_index=True,
    )
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=ProjectStatus.choices,
        default=ProjectStatus.ACTIVE,
        blank=True,
    )
    themes = models.ManyToManyField(
        "labs.Theme", verbose_name=_("thèmes"), blank=True, related_name="projects"
    )
    objective = models.TextField(_("objectif"), blank=True, max_length=10_000)
    approach = models.TextField(_("démarche"), blank=True, max_length=10_000)
    results = models.TextField(_("résultats"), blank=True, max_length=10_000)
    started_year = models.PositiveSmallIntegerField(_("année de démarrage"), null=True, blank=True)
    scaled_from = models.ForeignKey(
        "self",
        verbose_name=_("reprend le projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reuses",
    )
    # When a project takes up another one: what this territory changed.
    adaptation_notes = models.TextField(_("ce qui a été adapté"), blank=True, max_length=5_000)
    # The public sheet is shown to visitors only once the lab publishes it.
    is_public = models.BooleanField(_("fiche publiée"), default=False, db_index=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["title"]
        # Lists are ordered by title and the home page shows the latest: both must not
        # sort the whole table at national scale (100,000 projects).
        indexes = [
            models.Index(fields=["title", "key"], name="project_title_idx"),
            models.Index(fields=["-updated_at"], name="project_recent_idx"),
            # The lab page pages the projects a lab leads by title (2,100 for the busiest).
            models.Index(fields=["lead_lab", "title", "key"], name="project_lab_title_idx"),
            # The home page counts published projects and take-ups: from this index alone
            # (covering), not a scan of the wide rows of 100,000 projects.
            models.Index(fields=["is_public", "scaled_from"], name="project_public_reuse_idx"),
            # A lab member's lists count the projects they may read (published, or their
            # labs'): from this index alone (with the id, included on PostgreSQL, the rowid
            # on SQLite) rather than a scan of the rows.
            models.Index(
                fields=["is_public", "lead_lab"], include=["id"], name="project_visible_idx"
            ),
            # The publications' data version counts the published sheets and their latest
            # change (publications.selectors): from this index alone, not a scan of the
            # wide rows (44-52 ms at national scale).
            models.Index(
                fields=["is_public", "updated_at"],
                include=["id"],
                name="project_public_changed_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("www:project_detail", kwargs={"key": self.key})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the cooperation links were computed from (projects.cooperation): a save that
        # changes neither needs no refresh, so ordinary saves cost no extra query.
        instance._cooperation_state = cooperation_state(instance)
        return instance

    @property
    def status_badge(self) -> str:
        """The badge colour of its status, as the enum says (`ProjectStatus.badge`)."""
        return ProjectStatus(self.status).badge if self.status else ""


def cooperation_state(project) -> tuple:
    """The fields a project's cooperation links depend on (a deferred one as `_DEFERRED`)."""
    loaded = project.__dict__
    return (loaded.get("lead_lab_id", _DEFERRED), loaded.get("scaled_from_id", _DEFERRED))


_DEFERRED = object()


class CooperationLink(models.Model):
    """One reason why `lab` cooperates with `other_lab`, precomputed for the lab page and the
    API (docs/adr/0057-precomputed-cooperations.md): a project both run (`origin` empty), or
    `project` taking up `origin` between their lead labs. One row per direction, so a lab's
    cooperations are one indexed read whatever the number of its projects. Kept exact by
    `projects.cooperation` on every change of a project's labs or take-up; readers still
    filter on the visibility of `project` (and `origin`), which the links do not store."""

    lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    other_lab = models.ForeignKey("labs.Lab", on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    origin = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("lien de coopération")
        verbose_name_plural = _("liens de coopération")

    def __str__(self):
        return f"{self.lab_id} - {self.other_lab_id} ({self.project_id})"


class StageTransition(models.Model):
    """A recorded move of a project: stage gate decisions and status changes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=32, choices=Stage.choices, blank=True)
    from_status = models.CharField(max_length=16, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ProjectStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("décision, motif"), max_length=5_000)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("décision d'étape")
        verbose_name_plural = _("décisions d'étape")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.project}: {self.from_stage} -> {self.to_stage}"


class ProjectPerson(models.Model):
    """Someone involved in a project, with an account or only a name."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = NameField(_("nom"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("rôle"), max_length=24, choices=ProjectRole.choices)

    class Meta:
        verbose_name = _("personne du projet")
        verbose_name_plural = _("personnes du projet")

    def __str__(self):
        return f"{self.user or self.name} ({self.get_role_display()})"


class Activity(CreatedModel):
    """An entry of the project's journal: a workshop, an interview, a user test..."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("nature"), max_length=24, choices=ActivityKind.choices)
    happened_on = models.DateField(_("date"))
    title = models.CharField(_("intitulé"), max_length=200)
    agents_count = models.PositiveIntegerField(_("agents"), default=0)
    users_count = models.PositiveIntegerField(_("usagers"), default=0)
    partners_count = models.PositiveIntegerField(_("partenaires"), default=0)
    notes = models.TextField(_("notes"), blank=True, max_length=5_000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("journal des activités")
        ordering = ["-happened_on", "-id"]
        # A journal's page (most recent first) read from the index, not by sorting every
        # entry of a long journal (benchmarks/README.md).
        indexes = [
            models.Index(
                fields=["project", "-happened_on", "-id"], name="activity_journal_page_idx"
            )
        ]

    def __str__(self):
        return f"{self.happened_on} {self.title}"


def project_document_path(instance, filename):
    return f"projects/{instance.project_id}/{filename}"


class ProjectDocument(CreatedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("nature"), max_length=16, choices=DocumentKind.choices)
    title = NameField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=project_document_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class NextStep(CreatedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="next_steps")
    title = models.CharField(_("prochaine étape"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.PROTECT,
        related_name="next_steps",
    )
    due_on = models.DateField(_("échéance"))
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    # Set when the overdue reminder went out, so the owner is reminded once, not daily.
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("prochaine étape")
        verbose_name_plural = _("prochaines étapes")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title


class InternalNote(CreatedModel):
    """A note that stays inside the lab teams working on the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"), max_length=10_000)

    class Meta:
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.body[:60]
