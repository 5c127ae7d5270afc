from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    METHOD = "method", _("méthode")
    TOOLKIT = "toolkit", _("boîte à outils")
    TEMPLATE = "template", _("modèle")
    REPORT = "report", _("rapport ou publication")
    GOOD_PRACTICE = "good_practice", _("bonne pratique")
    OTHER = "other", _("autre")


class ResourceStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposée")
    PUBLISHED = "published", _("publiée")
    REFUSED = "refused", _("refusée")

    @property
    def badge(self) -> str:
        """The DSFR badge colour of this state (`fr-badge--<badge>`; "" for the plain one)."""
        return {
            "published": "success",
            "refused": "error",
        }.get(self.value, "new")


class Licence(models.TextChoices):
    ETALAB_2 = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    CC_BY_4 = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA_4 = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC0 = "cc0-1.0", _("CC0 (domaine public)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("Tous droits réservés")
    OTHER = "other", _("Autre licence")
    # The documents the dataset transcribes rarely state a licence: "not stated" is a
    # fact about the source, "other" would claim a licence nobody read.
    UNSTATED = "unstated", _("Licence non précisée")


# The official text of each open licence, linked from the resource page.
LICENCE_URLS = {
    Licence.ETALAB_2: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
}
# Licences that let anyone reuse the resource without asking.
OPEN_LICENCES = frozenset(LICENCE_URLS)


class ReviewDecision(models.TextChoices):
    PUBLISH = "publish", _("Publier")
    REFUSE = "refuse", _("Refuser")
