from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CENTRAL_ADMINISTRATION = "central_administration", _("administration centrale")
    DECONCENTRATED_SERVICE = "deconcentrated_service", _("service déconcentré de l'État")
    PREFECTURE = "prefecture", _("préfecture")
    LOCAL_AUTHORITY = "local_authority", _("collectivité territoriale")
    HOSPITAL = "hospital", _("établissement de santé")
    PUBLIC_OPERATOR = "public_operator", _("opérateur public")
    ASSOCIATION = "association", _("association")
    SOCIAL_ECONOMY = "social_economy", _("économie sociale et solidaire")
    UNIVERSITY = "university", _("université, recherche")
    COMPANY = "company", _("entreprise")
    OTHER = "other", _("autre")


class CivilServiceSide(models.TextChoices):
    STATE = "state", _("fonction publique de l'État")
    LOCAL = "local", _("fonction publique territoriale")
    HOSPITAL = "hospital", _("fonction publique hospitalière")
