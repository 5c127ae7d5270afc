"""Reads of the people domain. Consent is decided here, and only here.

`findable_profiles()` is the one queryset of profiles other people may see: the person
opted in, the account is active and not erased. `public_person()` turns such a profile
into a `PublicPerson` whose hidden parts are blanked, so a page, an API answer or an
export built from it cannot show what the person did not choose to show. Filters and the
ranking only look at the parts a person shows: filtering by region never reveals the
region of someone who hid it.

Every list is read in a fixed number of queries (profiles, skills, memberships,
contributions; the expert finder ranks all matches in one more), whatever the number of
people."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from labnet.accounts.models import Membership
from labnet.labs.models import LabContributor

from .fit import (  # noqa: F401 (the weights are part of this module's public names)
    AVAILABILITY_WEIGHT,
    DEPARTMENT_WEIGHT,
    LAB_WEIGHT,
    REGION_WEIGHT,
    SIDE_WEIGHT,
    SKILL_WEIGHT,
    fit_expression,
    fit_score,
)
from .models import ContactMessage, Profile, Skill

SUGGESTION_LIMIT = 5


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
class Match:
    person: PublicPerson
    score: int
    reasons: list[str]


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
        Profile.objects.filter(is_findable=True, user__is_active=True, user__erased_at__isnull=True)
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


def _filtered(criteria: Criteria) -> QuerySet:
    """Findable profiles matching the criteria, on the parts each person shows."""
    profiles = findable_profiles()
    if criteria.skills:
        profiles = profiles.filter(
            pk__in=Profile.skills.through.objects.filter(
                skill__in=[s.pk for s in criteria.skills]
            ).values("profile_id")
        )
    if criteria.region is not None:
        profiles = profiles.filter(show_territory=True).filter(
            Q(region=criteria.region) | Q(department__region=criteria.region)
        )
    if criteria.departments:
        profiles = profiles.filter(show_territory=True, department__in=criteria.departments)
    if criteria.lab is not None:
        profiles = profiles.filter(show_labs=True).filter(
            Q(user__memberships__lab=criteria.lab) | Q(user__lab_contributions__lab=criteria.lab)
        )
    if criteria.side:
        profiles = profiles.filter(
            show_organisation=True, organisation__civil_service_side=criteria.side
        )
    # Only the lab filter joins rows that can repeat a person (memberships, contributions);
    # DISTINCT elsewhere would sort every match for nothing.
    return profiles.distinct() if criteria.lab is not None else profiles


def findable_people(criteria: Criteria | None = None) -> list[PublicPerson]:
    """Findable people, by name, as others may see them."""
    return [public_person(p) for p in _filtered(criteria or Criteria())]


def person_get_findable(pk) -> PublicPerson | None:
    profile = findable_profiles().filter(pk=pk).first()
    return public_person(profile) if profile else None


def profile_get_findable(pk) -> Profile | None:
    """The profile row itself (for the contact form), only when the person is findable."""
    return findable_profiles().filter(pk=pk).first()


def _rank_key(score: int, name: str, pk: int) -> tuple:
    return (-score, name.lower(), pk)


def rank_people(people: list[PublicPerson], criteria: Criteria) -> list[Match]:
    """Best fit first: matching skills weigh most, then territory, lab, side, availability.

    Only what each person shows counts (a `PublicPerson` has hidden parts blanked).
    """
    wanted_skills = {s.pk for s in criteria.skills}
    department_codes = {d.pk for d in criteria.departments}
    region_code = criteria.region.pk if criteria.region is not None else None
    matches = []
    for person in people:
        reasons = []
        matched = [s for s in person.skills if s.pk in wanted_skills]
        if matched:
            reasons.append(
                _("Compétences recherchées : %(skills)s")
                % {"skills": ", ".join(s.name for s in matched)}
            )
        person_region = person.region.pk if person.region else None
        department_region = person.department.region_id if person.department else None
        if person.department is not None and person.department.pk in department_codes:
            reasons.append(_("Même département (%(name)s)") % {"name": person.department.name})
        elif region_code and region_code in (person_region, department_region):
            reasons.append(_("Même région"))
        lab_ids = {lab.pk for lab in person.labs}
        if criteria.lab is not None and criteria.lab.pk in lab_ids:
            reasons.append(_("Liée au laboratoire %(lab)s") % {"lab": criteria.lab.name})
        if criteria.side and person.side == criteria.side:
            reasons.append(_("Même versant (%(side)s)") % {"side": person.side_label})
        reasons.append(person.availability_label.capitalize())
        score = fit_score(
            criteria=criteria,
            matched_skills=len(matched),
            department_code=person.department.pk if person.department else None,
            department_region=department_region,
            region_code=person_region,
            lab_ids=lab_ids,
            side=person.side,
            availability=person.availability,
        )
        matches.append(Match(person=person, score=score, reasons=reasons))
    return sorted(matches, key=lambda m: _rank_key(m.score, m.person.name, m.person.id))


class RankedMatches(Sequence):
    """What `expert_search` answers: every matching person, best fit first, whose cards
    are only built for the part read (a page).

    The ranking is SQL (`_ranked_ids`: the `fit_score` rule as an expression, ordered, cut
    with LIMIT): its length is one COUNT, a slice one query for the page's ids, then the
    cards of those people (profiles, their skills and labs: four queries). A search over
    many thousand people so costs the same queries, and only a page's worth of rows,
    whatever the number of matches.
    """

    def __init__(self, criteria: Criteria, ranked_ids: QuerySet):
        self.criteria = criteria
        self.ranked_ids = ranked_ids
        self._count = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.ranked_ids.count()
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._matches(list(self.ranked_ids[index]))
        return self._matches([self.ranked_ids[index]])[0]

    def __iter__(self):
        return iter(self[:])

    def _matches(self, ids: list[int]) -> list[Match]:
        if not ids:
            return []
        people = [public_person(p) for p in findable_profiles().filter(pk__in=ids)]
        matches = {m.person.id: m for m in rank_people(people, self.criteria)}
        # A person who stopped being findable since the ranking is left out.
        return [matches[pk] for pk in ids if pk in matches]


def _ranked_ids(criteria: Criteria) -> QuerySet:
    """The pks of the matching people, best fit first (`fit_score`), then by name and pk:
    ordered by the database, so a page reads LIMIT rows and not every match."""
    matched_skills = Value(0)
    if criteria.skills:
        matched_skills = Subquery(
            Profile.skills.through.objects.filter(
                profile_id=OuterRef("pk"), skill__in=[s.pk for s in criteria.skills]
            )
            .order_by()
            .values("profile_id")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        )
    return (
        _filtered(criteria)
        .prefetch_related(None)
        .select_related(None)
        .annotate(fit=fit_expression(criteria, matched_skills), name_key=Lower("user__full_name"))
        .order_by("-fit", "name_key", "pk")
        .values_list("pk", flat=True)
    )


def expert_search(criteria: Criteria) -> RankedMatches:
    """The expert finder: people matching every filter, best fit first."""
    return RankedMatches(criteria, _ranked_ids(criteria))


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


def profile_for(user) -> Profile:
    """The person's own profile (a blank, unsaved one when they have none yet)."""
    profile = (
        Profile.objects.filter(user=user)
        .select_related("organisation", "region", "department")
        .prefetch_related("skills")
        .first()
    )
    return profile or Profile(user=user)


def conversation_get(*, token, user) -> ContactMessage | None:
    """The first message of a conversation, if `user` is one of its two people."""
    thread = (
        ContactMessage.objects.filter(token=token, thread__isnull=True)
        .select_related("sender", "recipient")
        .first()
    )
    if thread is None or user.pk not in (thread.sender_id, thread.recipient_id):
        return None
    return thread


def conversation_messages(thread) -> list[ContactMessage]:
    return [thread, *thread.replies.select_related("sender").order_by("created_at", "id")]


def conversations_for(user) -> QuerySet:
    return (
        ContactMessage.objects.filter(thread__isnull=True)
        .filter(Q(sender=user) | Q(recipient=user))
        .select_related("sender", "recipient")
        .order_by("-created_at")
    )
