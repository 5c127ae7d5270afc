from .models import Membership


def lab_team(*, lab) -> list[Membership]:
    """A lab's team on LabNet, leads first. Callers check `can_see_lab_internals` first."""
    return list(
        Membership.objects.filter(lab=lab)
        .select_related("user")
        .order_by("role", "user__full_name")  # "lead" sorts before "member"
    )
