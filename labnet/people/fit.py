"""How well a person fits what the expert finder looks for: one rule, written twice with
the same weights, in Python (`fit_score`, for the reasons shown on a card) and in SQL
(`fit_expression`, so the database ranks every match and a page reads LIMIT rows)."""

from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .enums import Availability

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


def _in_lab(lab):
    # A member of its team or one of its contributors, as `findable.public_person` lists.
    from labnet.accounts.models import Membership
    from labnet.labs.models import LabContributor

    return Exists(Membership.objects.filter(lab=lab, user_id=OuterRef("user_id"))) | Exists(
        LabContributor.objects.filter(lab=lab, user_id=OuterRef("user_id"))
    )


def fit_expression(criteria, matched_skills, *, lab_filtered=True):
    """`fit_score` as SQL, over the columns a person shows (same weights, same rule).

    `lab_filtered`: every person ranked already passed the lab filter (the expert finder);
    otherwise (suggestions, where the lab only ranks) whether they show the lab is tested.
    """
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
                Q(show_territory=True)
                & (Q(region=criteria.region) | Q(department__region=criteria.region)),
                then=Value(REGION_WEIGHT),
            )
        )
    if territory:
        score += Case(*territory, default=Value(0))
    if criteria.lab is not None and lab_filtered:
        # Every match passes the lab filter through a lab it shows (`_filtered`).
        score += Value(LAB_WEIGHT)
    elif criteria.lab is not None:
        score += Case(
            When(Q(show_labs=True) & _in_lab(criteria.lab), then=Value(LAB_WEIGHT)),
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
