"""Conditions on profiles that both the directory's filters (`selectors.findable`) and the
fit score (`fit`) use: one definition of "in this region" and "of this lab"."""

from django.db.models import Q

from labnet.accounts.models import Membership
from labnet.labs.models import LabContributor
from labnet.territories.models import Department


def region_q(region) -> Q:
    """Profiles in `region`, by their region or their department's. The departments by
    their codes rather than a join, so each side can use its index."""
    return Q(region=region) | Q(
        department__in=Department.objects.filter(region=region).values("code")
    )


def lab_people_q(lab) -> Q:
    """Profiles of the lab's members and contributors (shown or not: callers check)."""
    return Q(user_id__in=Membership.objects.filter(lab=lab).values("user_id")) | Q(
        user_id__in=LabContributor.objects.filter(lab=lab).values("user_id")
    )
