"""The fit between a person and what is looked for, and the expert finder that ranks every
match by it. Only what each person shows counts."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from ..fit import fit_expression, fit_score
from ..models import Profile
from .findable import (
    Criteria,
    PublicPerson,
    findable_profiles,
    matching_profiles,
    public_person,
)

SUGGESTION_LIMIT = 5


@dataclass(frozen=True)
class Match:
    person: PublicPerson
    score: int
    reasons: list[str]


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


def _ranked_ids(criteria: Criteria, required: Criteria | None = None) -> QuerySet:
    """The pks of the matching people, best fit first (`fit_score`), then by name and pk:
    ordered by the database, so a page reads LIMIT rows and not every match.

    `required`: the filters a person must pass when only part of `criteria` is required
    (suggestions: the skills; territory, lab and side only rank); all of it by default."""
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
    fit = fit_expression(
        criteria,
        matched_skills,
        lab_filtered=required is None or required.lab is not None,
    )
    return (
        matching_profiles(required or criteria)
        .prefetch_related(None)
        .select_related(None)
        .annotate(fit=fit, name_key=Lower("user__full_name"))
        .order_by("-fit", "name_key", "pk")
        .values_list("pk", flat=True)
    )


def expert_search(criteria: Criteria) -> RankedMatches:
    """The expert finder: people matching every filter, best fit first."""
    return RankedMatches(criteria, _ranked_ids(criteria))


def suggestion_search(criteria: Criteria) -> RankedMatches:
    """Suggestions: people with one of the skills at least, ranked by the whole fit
    (territory, lab and side raise a person, they exclude no one)."""
    return RankedMatches(criteria, _ranked_ids(criteria, Criteria(skills=criteria.skills)))
