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
