"""The fit between a person and what is looked for, and the expert finder that ranks every
match by it. Only what each person shows counts."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Case, ExpressionWrapper, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from ..fit import SKILL_WEIGHT, fit_expression, fit_score
from ..models import Profile
from .findable import (
    Criteria,
    PublicPerson,
    filter_profiles,
    findable_profiles,
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

    def __init__(self, criteria: Criteria, ranked_ids: "QuerySet | RankedBySkills"):
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


def _uniform_fit(criteria: Criteria, required: Criteria) -> bool:
    """True when every match fits as well but for its availability: each criterion is a
    filter (so its weight is earned by all) and at most one skill is looked for (so all
    match the same number)."""
    return required == criteria and len(criteria.skills) <= 1


def _ranked_ids(
    criteria: Criteria, *, required: Criteria | None = None
) -> "QuerySet | RankedBySkills":
    """The pks of the matching people, best fit first (`fit_score`), then by name and pk:
    ordered by the database, so a page reads LIMIT rows and not every match.

    `required`: the criteria a person must match (all of `criteria` by default); the
    others only rank (suggestions require the skills and rank by territory, lab, side).
    Read from the profile rows alone (`listed`, `name_key`: labnet/people/listing.py),
    never joined to the accounts."""
    required = criteria if required is None else required
    if len(criteria.skills) > 1 and required.skills == criteria.skills:
        return RankedBySkills(criteria, required)
    profiles = filter_profiles(Profile.objects.filter(listed=True), required)
    if _uniform_fit(criteria, required):
        # The fit is the availability's weight plus a constant: the column's order is
        # the fit's (fit.AVAILABILITY_BY_FIT), served by people_profile_listed_order.
        return profiles.order_by("availability", "name_key", "pk").values_list("pk", flat=True)
    return (
        profiles.annotate(
            fit=fit_expression(
                criteria,
                _matched_skills(criteria, required),
                lab_required=required.lab is not None,
            )
        )
        .order_by("-fit", "name_key", "pk")
        .values_list("pk", flat=True)
    )


class RankedBySkills:
    """`_ranked_ids` when a person must have one of several skills looked for (the
    suggestions for a piece of work, the finder with several skills): their links to those
    skills are counted in a grouped derived table and joined to the profiles, the number
    of links being the number of skills matched.

    The ORM has no derived tables; the alternatives it writes read the skill links once
    per skill looked for plus once for the filter (a membership test each), or grouped the
    profiles by every part of the fit. With two skills and 17,000 candidates of the
    national data: 43-62 ms against 29-40 on PostgreSQL. The SQL around it is composed of
    what the ORM compiles: the profiles with every other filter and the rest of the fit
    (`fit_expression` with no skill), so the rule stays in `people.fit`. Offers what
    `RankedMatches` reads of a queryset: `count()` and slices of ids."""

    def __init__(self, criteria: Criteria, required: Criteria):
        others = filter_profiles(Profile.objects.filter(listed=True), replace(required, skills=()))
        rest_of_fit = fit_expression(criteria, Value(0), lab_required=required.lab is not None)
        self._profiles = (
            others.annotate(rest_of_fit=rest_of_fit)
            .order_by()
            .values_list("pk", "rest_of_fit", "name_key")
        )
        self._skill_ids = [skill.pk for skill in criteria.skills]

    def _from(self) -> tuple[str, list]:
        profiles_sql, profiles_params = self._profiles.query.sql_with_params()
        through = Profile.skills.through._meta
        quote = connection.ops.quote_name
        profile_column = quote(through.get_field("profile").column)
        skill_column = quote(through.get_field("skill").column)
        marks = ", ".join(["%s"] * len(self._skill_ids))
        # Constant SQL but for what the ORM compiled; every value is a bound parameter.
        sql = (
            # The derived table's columns are named by the ORM's select: pk, rest_of_fit,
            # name_key (SQLite takes no list of column names after the alias).
            f"FROM ({profiles_sql}) AS candidate "  # noqa: S608
            f"INNER JOIN (SELECT {profile_column} AS {quote('profile_id')}, "
            f"COUNT(*) AS {quote('matched')} FROM {quote(through.db_table)} "
            f"WHERE {skill_column} IN ({marks}) GROUP BY {profile_column}) AS linked "
            f"ON linked.{quote('profile_id')} = candidate.{quote('pk')}"
        )
        return sql, [*profiles_params, *self._skill_ids]

    def count(self) -> int:
        sql, params = self._from()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {sql}", params)
            return cursor.fetchone()[0]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is not None and stop <= start:
            return []
        sql, params = self._from()
        quote = connection.ops.quote_name
        # The fit in full (`fit_score`): its skills' part, then the rest; ties by name, pk.
        order = (
            f"ORDER BY {SKILL_WEIGHT} * linked.{quote('matched')} + "
            f"candidate.{quote('rest_of_fit')} DESC, candidate.{quote('name_key')}, "
            f"candidate.{quote('pk')}"
        )
        # LIMIT -1 is SQLite's "no limit"; PostgreSQL reads LIMIT ALL.
        no_limit = "ALL" if connection.vendor == "postgresql" else "-1"
        limit = no_limit if stop is None else "%s"
        window = [] if stop is None else [stop - start]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT candidate.{quote('pk')} {sql} {order} LIMIT {limit} OFFSET %s",
                [*params, *window, start],
            )
            return [row[0] for row in cursor.fetchall()]


def _matched_skills(criteria: Criteria, required: Criteria):
    """How many of the looked-for skills a person has, as SQL. One skill that is required:
    every match has it. Otherwise one membership test per skill, each against the set of
    that skill's profiles (built once per query, then a hash lookup per row) rather than a
    correlated COUNT per row."""
    wanted = [s.pk for s in criteria.skills]
    if not wanted:
        return Value(0)
    if len(wanted) == 1 and required.skills == criteria.skills:
        return Value(1)
    through = Profile.skills.through.objects
    total = None
    for skill_id in wanted:
        term = Case(
            When(pk__in=through.filter(skill_id=skill_id).values("profile_id"), then=Value(1)),
            default=Value(0),
        )
        total = term if total is None else total + term
    return ExpressionWrapper(total, output_field=IntegerField())


def expert_search(criteria: Criteria) -> RankedMatches:
    """The expert finder: people matching every filter, best fit first."""
    return RankedMatches(criteria, _ranked_ids(criteria))


def best_matches(criteria: Criteria, *, required: Criteria, limit: int) -> list[Match]:
    """The `limit` people who fit `criteria` best among those matching `required`: ranked
    and cut by the database (one query for the ids, then the cards of those only), the
    same people in the same order as `rank_people` over every match."""
    return RankedMatches(criteria, _ranked_ids(criteria, required=required))[:limit]
