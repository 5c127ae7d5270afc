"""The funding domain's fixed lists. An allocation's status carries its own data: its
label, its badge colour, whether it is decided (public) and where it may move next."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSourceKind(models.TextChoices):
    RECOVERY_PLAN = "recovery_plan", _("plan de relance")
    TRANSFORMATION_FUND = (
        "transformation_fund",
        _("fonds pour la transformation de l'action publique"),
    )
    DITP_CREDITS = "ditp_credits", _("crédits de la DITP")
    REGIONAL_FUND = "regional_fund", _("fonds régional")
    OTHER = "other", _("autre")


class AllocationStatus(models.TextChoices):
    """planned -> committed (convention signed) -> paid; planned or committed -> cancelled."""

    PLANNED = "planned", _("prévue")
    COMMITTED = "committed", _("engagée")
    PAID = "paid", _("versée")
    CANCELLED = "cancelled", _("annulée")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`)."""
        return {
            "planned": "info",
            "committed": "new",
            "paid": "success",
            "cancelled": "error",
        }[self.value]

    @property
    def is_decided(self) -> bool:
        """Decided allocations are public; planned ones stay internal, cancelled ones hidden."""
        return self.value in ("committed", "paid")

    @property
    def counts_against_envelope(self) -> bool:
        """Every status but cancelled holds its amount in the envelope."""
        return self.value != "cancelled"

    @property
    def next_statuses(self) -> tuple["AllocationStatus", ...]:
        """The moves allowed from this status (paid and cancelled are final)."""
        return {
            "planned": (AllocationStatus.COMMITTED, AllocationStatus.CANCELLED),
            "committed": (AllocationStatus.PAID, AllocationStatus.CANCELLED),
            "paid": (),
            "cancelled": (),
        }[self.value]

    def can_move_to(self, other) -> bool:
        return AllocationStatus(other) in self.next_statuses

    @classmethod
    def decided(cls) -> tuple["AllocationStatus", ...]:
        return tuple(s for s in cls if s.is_decided)

    @classmethod
    def holding(cls) -> tuple["AllocationStatus", ...]:
        return tuple(s for s in cls if s.counts_against_envelope)
