"""`{% project_resources project %}`: the published resources a project used, for its page."""

from django import template

from labnet.resources.selectors import resources_for_project

register = template.Library()


@register.inclusion_tag("resources/includes/project_resources.html")
def project_resources(project):
    # One query, whatever the number of resources; the project page already checked that
    # its reader may see the project.
    return {"project": project, "resources": resources_for_project(project=project)}
