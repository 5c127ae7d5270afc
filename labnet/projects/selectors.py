from django.db.models import QuerySet

from .models import Project
from .rules import visible_projects_filter


def project_list_visible(*, user, lab=None) -> QuerySet[Project]:
    """Projects `user` may read, optionally those a lab leads or partners in."""
    projects = Project.objects.filter(visible_projects_filter(user))
    if lab is not None:
        projects = projects.filter(lead_lab=lab) | projects.filter(partner_labs=lab)
    return (
        projects.select_related("lead_lab", "region")
        .prefetch_related("themes")
        .distinct()
        .order_by("title")
    )


def project_get_visible(*, user, key: str) -> Project:
    """One project if `user` may read it; Project.DoesNotExist otherwise (no leak of existence)."""
    return (
        Project.objects.filter(visible_projects_filter(user))
        .select_related("lead_lab", "region", "scaled_from", "source")
        .prefetch_related("partner_labs", "organisations", "themes", "departments")
        .distinct()
        .get(key=key)
    )
