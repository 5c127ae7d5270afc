"""People to suggest for a project or a request: the skills its themes and text call for,
ranked near its territory and lab (consent enforced by `findable_people`)."""

from collections import Counter

from labnet.search.text import words

from .models import Skill
from .selectors.findable import Criteria
from .selectors.ranking import SUGGESTION_LIMIT, Match, best_matches


def skills_for_themes_and_text(*, theme_ids, text: str) -> list[Skill]:
    """Skills a piece of work calls for: those mapped to its themes (Skill.themes), and
    those whose name appears in its text ("design de service" in "un atelier de design de
    services"), words compared accents and plurals folded."""
    text_words = set(words(text))
    found = []
    for skill in Skill.objects.prefetch_related("themes").order_by("name"):
        by_theme = any(theme.pk in theme_ids for theme in skill.themes.all())
        name_words = set(words(skill.name))
        if by_theme or (name_words and name_words <= text_words):
            found.append(skill)
    return found


def _suggest(*, skills, region, departments, lab, side) -> list[Match]:
    criteria = Criteria(
        skills=tuple(skills), region=region, departments=tuple(departments), lab=lab, side=side
    )
    # Only the skills are required; territory, lab and side only rank. Ranked by the
    # database: thousands of people can have a skill, five are shown.
    return best_matches(criteria, required=Criteria(skills=tuple(skills)), limit=SUGGESTION_LIMIT)


def _main_side(organisations) -> str:
    sides = Counter(o.civil_service_side for o in organisations if o.civil_service_side)
    return sides.most_common(1)[0][0] if sides else ""


def suggested_people_for_project(project, user) -> list[Match]:
    """People who could help the project, for its lab teams (see rules.can_see_suggestions)."""
    from labnet.projects.rules import can_see_project_internals

    if not can_see_project_internals(user, project):
        return []
    text = " ".join([project.title, project.objective or "", getattr(project, "approach", "")])
    skills = skills_for_themes_and_text(theme_ids={t.pk for t in project.themes.all()}, text=text)
    if not skills:
        return []
    return _suggest(
        skills=skills,
        # A project without a territory of its own works in its lab's.
        region=project.region or (project.lead_lab.region if project.lead_lab_id else None),
        departments=list(project.departments.all()),
        lab=project.lead_lab,
        side=_main_side(project.organisations.all()),
    )


def suggested_people_for_request(request, user) -> list[Match]:
    """People who could help with a request in triage, for its lab's team."""
    from .rules import can_see_suggestions

    if request.lab_id is None or not can_see_suggestions(user, request.lab):
        return []
    text = " ".join(
        [
            request.title,
            request.problem,
            request.affected_people,
            request.tried,
            request.stakeholders,
        ]
    )
    skills = skills_for_themes_and_text(theme_ids={t.pk for t in request.themes.all()}, text=text)
    if not skills:
        return []
    return _suggest(
        skills=skills,
        region=request.region,
        departments=[request.department] if request.department_id else [],
        lab=request.lab,
        side=request.organisation.civil_service_side if request.organisation_id else "",
    )
