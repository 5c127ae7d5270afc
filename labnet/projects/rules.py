from django.db.models import Q

from labnet.accounts.rules import is_coordinator


def visible_projects_filter(user) -> Q:
    """The projects `user` may read: published ones, plus those of the labs they belong to."""
    if is_coordinator(user):
        return Q()
    public = Q(is_public=True)
    if not (user and user.is_authenticated):
        return public
    lab_ids = list(user.memberships.values_list("lab_id", flat=True))
    if not lab_ids:
        return public
    return public | Q(lead_lab_id__in=lab_ids) | Q(partner_labs__id__in=lab_ids)


def can_view_project(user, project) -> bool:
    from .models import Project

    return Project.objects.filter(visible_projects_filter(user), pk=project.pk).exists()
