"""Impact on the pages of other domains: a project's indicators (public sheet,
workspace) and the survey figures of a lab and of the network (lab page). Each tag runs
a fixed number of queries; the page already checked its reader may see the project."""

from django import template

from labnet.impact.rules import can_record_impact
from labnet.impact.selectors import (
    project_indicators,
    public_indicators_by_project,
    survey_figures,
)

register = template.Library()


@register.inclusion_tag("www/impact/_public_indicators.html")
def public_indicators(project):
    """The public sheet shows the public indicators only, whoever reads it. Two queries."""
    return {
        "project": project,
        "indicators": public_indicators_by_project([project.pk]).get(project.pk, []),
    }


@register.inclusion_tag("www/impact/_workspace_indicators.html", takes_context=True)
def workspace_indicators(context, project):
    user = context["request"].user
    return {
        "project": project,
        "indicators": project_indicators(project=project, user=user),
        "can_record": can_record_impact(user, project),
    }


@register.inclusion_tag("www/impact/_lab_impact.html")
def lab_impact(lab):
    """What the surveys say of `lab`, beside the network's figures. Two queries."""
    return {"lab": lab, "lab_figures": survey_figures(lab=lab), "network": survey_figures()}
