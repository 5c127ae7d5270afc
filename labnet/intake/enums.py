from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("en attente de réponse du laboratoire")
    WAITING_AUTHOR = "waiting_author", _("en attente de précisions de l'auteur")
    ACCEPTED = "accepted", _("acceptée en accompagnement")
    BOOST_OFFERED = "boost_offered", _("coup de pouce proposé")
    BOOST_BOOKED = "boost_booked", _("coup de pouce réservé")
    REDIRECTED = "redirected", _("réorientée vers un autre service")
    DECLINED = "declined", _("déclinée")
    WITHDRAWN = "withdrawn", _("retirée par l'auteur")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {
            "accepted": "success",
            "boost_booked": "success",
            "declined": "error",
            "withdrawn": "error",
            "waiting_author": "warning",
            "boost_offered": "warning",
            "draft": "new",
        }.get(self.value, "info")


# Statuses in which the request waits on its lab: the answer clock runs only then.
WAITING_ON_LAB = {RequestStatus.SUBMITTED}
# Statuses after which nothing more happens to the request.
CLOSED_STATUSES = {
    RequestStatus.ACCEPTED,
    RequestStatus.REDIRECTED,
    RequestStatus.DECLINED,
    RequestStatus.WITHDRAWN,
}


class RequestEventKind(models.TextChoices):
    CREATED = "created", _("brouillon créé")
    UPDATED = "updated", _("brouillon modifié")
    COAUTHOR_ADDED = "coauthor_added", _("co-auteur ajouté")
    SUBMITTED = "submitted", _("demande envoyée")
    ROUTED = "routed", _("laboratoire proposé par la plateforme")
    ACCEPTED = "accepted", _("acceptée en accompagnement")
    BOOST_OFFERED = "boost_offered", _("coup de pouce proposé")
    BOOST_BOOKED = "boost_booked", _("créneau de coup de pouce réservé")
    REDIRECTED_LAB = "redirected_lab", _("transmise à un autre laboratoire")
    REDIRECTED_OUT = "redirected_out", _("réorientée vers un autre service")
    INFO_REQUESTED = "info_requested", _("précisions demandées")
    INFO_PROVIDED = "info_provided", _("précisions apportées")
    DECLINED = "declined", _("déclinée")
    WITHDRAWN = "withdrawn", _("retirée")


class RequestChannel(models.TextChoices):
    WEB = "web", _("site LabNet")
    API = "api", _("API")
    DEMARCHES_SIMPLIFIEES = "demarches_simplifiees", _("Démarches simplifiées")


class RequestDecision(models.TextChoices):
    """What a lab may answer to a request (docs/product.md, capability 2)."""

    ACCEPT = "accept", _("accepter en accompagnement")
    BOOST = "boost", _("proposer un coup de pouce")
    REDIRECT_LAB = "redirect_lab", _("transmettre à un autre laboratoire")
    REDIRECT_OUT = "redirect_out", _("réorienter vers un autre service")
    ASK_INFO = "ask_info", _("demander des précisions à l'auteur")
    DECLINE = "decline", _("décliner")


# The lab's decisions allowed in each status; anything else is refused with a message.
# A request waiting on its author may still be decided; after a boost session the lab may
# still take the project into accompaniment, point elsewhere or decline.
ALLOWED_DECISIONS = {
    RequestStatus.SUBMITTED: set(RequestDecision),
    RequestStatus.WAITING_AUTHOR: set(RequestDecision) - {RequestDecision.ASK_INFO},
    RequestStatus.BOOST_OFFERED: {
        RequestDecision.ACCEPT,
        RequestDecision.REDIRECT_OUT,
        RequestDecision.DECLINE,
    },
    RequestStatus.BOOST_BOOKED: {
        RequestDecision.ACCEPT,
        RequestDecision.REDIRECT_OUT,
        RequestDecision.DECLINE,
    },
}
# The author may withdraw a request as long as the lab has not settled it.
WITHDRAWABLE_STATUSES = {RequestStatus.SUBMITTED, RequestStatus.WAITING_AUTHOR}
# Requests still open at the lab (its inbox): waiting on it, or on the author, or a boost.
OPEN_STATUSES = {
    RequestStatus.SUBMITTED,
    RequestStatus.WAITING_AUTHOR,
    RequestStatus.BOOST_OFFERED,
    RequestStatus.BOOST_BOOKED,
}
