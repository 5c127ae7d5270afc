"""Who other people may find, and what they see of them: hidden parts are blanked here."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from labnet.accounts.models import Membership
from labnet.labs.models import LabContributor

from ..filters import lab_people_q, region_q
from ..models import Profile, Skill


@dataclass(frozen=True)
class PublicPerson:
    """What anyone else may know of a findable person: hidden parts are empty."""

    id: int
    name: str
    url: str
    skills: list = field(default_factory=list)
    availability: str = ""
    availability_label: str = ""
    availability_note: str = ""
    contact_allowed: bool = False
    organisation: object = None
    side: str = ""
    side_label: str = ""
    region: object = None
    department: object = None
    labs: list = field(default_factory=list)
    bio: str = ""


@dataclass(frozen=True)
class Criteria:
    """What a search or a suggestion looks for. Empty parts are ignored."""

    skills: tuple = ()
    region: object = None
    departments: tuple = ()
    lab: object = None
    side: str = ""


def skills_list() -> QuerySet:
    return Skill.objects.order_by("name")


def findable_profiles() -> QuerySet:
    """Profiles of people who chose to be findable, with what their cards show."""
    return (
        # `listed` sums up the three conditions (labnet/people/listing.py); they are
        # still tested here, where what others see is built.
        Profile.objects.filter(
            listed=True,
            is_findable=True,
            user__is_active=True,
            user__erased_at__isnull=True,
        )
        .select_related("user", "organisation", "region", "department")
        .prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("name")),
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.select_related("lab").order_by("lab__name"),
            ),
            Prefetch(
                "user__lab_contributions",
                queryset=LabContributor.objects.select_related("lab").order_by("lab__name"),
            ),
        )
        .order_by("user__full_name", "pk")
    )


def _labs_of(profile) -> list:
    labs = {m.lab.pk: m.lab for m in profile.user.memberships.all()}
    for contribution in profile.user.lab_contributions.all():
        labs.setdefault(contribution.lab.pk, contribution.lab)
    return sorted(labs.values(), key=lambda lab: lab.name)


def public_person(profile) -> PublicPerson:
    """The findable profile as others see it. Call only on `findable_profiles()` rows."""
    organisation = profile.organisation if profile.show_organisation else None
    return PublicPerson(
        id=profile.pk,
        name=profile.user.full_name,
        url=profile.get_absolute_url(),
        skills=list(profile.skills.all()),
        availability=profile.availability,
        availability_label=profile.get_availability_display(),
        availability_note=profile.availability_note,
        contact_allowed=profile.contact_allowed,
        organisation=organisation,
        side=organisation.civil_service_side if organisation else "",
        side_label=organisation.get_civil_service_side_display() if organisation else "",
        region=profile.region if profile.show_territory else None,
        department=profile.department if profile.show_territory else None,
        labs=_labs_of(profile) if profile.show_labs else [],
        bio=profile.bio if profile.show_bio else "",
    )


def filter_profiles(profiles: QuerySet, criteria: Criteria) -> QuerySet:
    """`profiles` matching the criteria, on the parts each person shows. Every filter is
    a condition on the profile row (the lab through the ids of its people), so a person
    is never repeated and no DISTINCT is needed."""
    if criteria.skills:
        profiles = profiles.filter(
            pk__in=Profile.skills.through.objects.filter(
                skill__in=[s.pk for s in criteria.skills]
            ).values("profile_id")
        )
    if criteria.region is not None:
        profiles = profiles.filter(show_territory=True).filter(region_q(criteria.region))
    if criteria.departments:
        profiles = profiles.filter(show_territory=True, department__in=criteria.departments)
    if criteria.lab is not None:
        profiles = profiles.filter(show_labs=True).filter(lab_people_q(criteria.lab))
    if criteria.side:
        profiles = profiles.filter(
            show_organisation=True, organisation__civil_service_side=criteria.side
        )
    return profiles


def matching_profiles(criteria: Criteria) -> QuerySet:
    """Findable profiles matching the criteria, on the parts each person shows."""
    return filter_profiles(findable_profiles(), criteria)


def findable_people(criteria: Criteria | None = None) -> list[PublicPerson]:
    """Findable people, by name, as others may see them."""
    return [public_person(p) for p in matching_profiles(criteria or Criteria())]


def person_get_findable(pk) -> PublicPerson | None:
    profile = findable_profiles().filter(pk=pk).first()
    return public_person(profile) if profile else None


def profile_get_findable(pk) -> Profile | None:
    """The profile row itself (for the contact form), only when the person is findable."""
    return findable_profiles().filter(pk=pk).first()


def lab_pool(*, lab) -> list[dict]:
    """The lab's contributors, each with their public page when they are findable."""
    contributors = list(
        LabContributor.objects.filter(lab=lab).select_related("user").order_by("user__full_name")
    )
    findable = dict(
        findable_profiles()
        .filter(user__in=[c.user_id for c in contributors])
        .values_list("user_id", "pk")
    )
    return [
        {
            "contributor": c,
            "profile_url": Profile(pk=findable[c.user_id]).get_absolute_url()
            if c.user_id in findable
            else "",
        }
        for c in contributors
    ]
