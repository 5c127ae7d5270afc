"""How well a person fits what the expert finder looks for: one rule, written twice with
the same weights, in Python (`fit_score`, for the reasons shown on a card) and in SQL
(`fit_expression`, so the database ranks every match and a page reads LIMIT rows)."""

from django.db.models import Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from .enums import Availability
from .filters import lab_people_q, region_q

# Weights of the fit between a person and what is looked for (see `rank_people`).
SKILL_WEIGHT = 3
DEPARTMENT_WEIGHT = 2
REGION_WEIGHT = 1
LAB_WEIGHT = 2
SIDE_WEIGHT = 1
AVAILABILITY_WEIGHT = {
    Availability.AVAILABLE: 1,
    Availability.LIMITED: 0,
    Availability.UNAVAILABLE: -1,
}
# The weight falls as the stored value sorts up ("available" < "limited" < "unavailable"):
# where the fit of every match differs only by availability, ordering by the column is
# ordering by the fit, and an index can serve it (people_profile_listed_order; a test
# holds the two orders together).
AVAILABILITY_BY_FIT = sorted(AVAILABILITY_WEIGHT, key=lambda key: -AVAILABILITY_WEIGHT[key])


def fit_score(
    *,
    criteria,
    matched_skills: int,
    department_code,
    department_region,
    region_code,
    lab_ids,
    side: str,
    availability: str,
) -> int:
    """How well a person fits `criteria`, from the parts they show only: the one scoring
    rule of `rank_people` and of the ranking pass of `expert_search`."""
    score = SKILL_WEIGHT * matched_skills
    wanted_region = criteria.region.pk if criteria.region is not None else None
    if department_code is not None and department_code in {d.pk for d in criteria.departments}:
        score += DEPARTMENT_WEIGHT
    elif wanted_region and wanted_region in (region_code, department_region):
        score += REGION_WEIGHT
    if criteria.lab is not None and criteria.lab.pk in lab_ids:
        score += LAB_WEIGHT
    if criteria.side and side == criteria.side:
        score += SIDE_WEIGHT
    return score + AVAILABILITY_WEIGHT.get(availability, 0)


def fit_expression(criteria, matched_skills, *, lab_required=True):
    """`fit_score` as SQL, over the columns a person shows (same weights, same rule).

    `lab_required`: every row already passed the lab filter (the expert finder), so the
    lab's weight is a constant; otherwise (suggestions, where the lab only ranks) it is
    earned by the people who show a membership or a contribution to the lab."""
    score = Value(SKILL_WEIGHT) * Coalesce(matched_skills, Value(0))
    territory = []
    if criteria.departments:
        territory.append(
            When(
                show_territory=True,
                department__in=list(criteria.departments),
                then=Value(DEPARTMENT_WEIGHT),
            )
        )
    if criteria.region is not None:
        territory.append(
            When(
                Q(show_territory=True) & region_q(criteria.region),
                then=Value(REGION_WEIGHT),
            )
        )
    if territory:
        score += Case(*territory, default=Value(0))
    if criteria.lab is not None and lab_required:
        # Every match passes the lab filter through a lab it shows (`matching_profiles`).
        score += Value(LAB_WEIGHT)
    elif criteria.lab is not None:
        score += Case(
            When(
                Q(show_labs=True) & lab_people_q(criteria.lab),
                then=Value(LAB_WEIGHT),
            ),
            default=Value(0),
        )
    if criteria.side:
        score += Case(
            When(
                show_organisation=True,
                organisation__civil_service_side=criteria.side,
                then=Value(SIDE_WEIGHT),
            ),
            default=Value(0),
        )
    score += Case(
        *(
            When(availability=key, then=Value(weight))
            for key, weight in AVAILABILITY_WEIGHT.items()
        ),
        default=Value(0),
    )
    return ExpressionWrapper(score, output_field=IntegerField())
