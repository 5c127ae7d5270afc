"""Context for the header shared by every page."""

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from labnet.intake.selectors import header_labs


@dataclass
class LabNavigation:
    labs: list

    @property
    def waiting_total(self) -> int:
        return sum(lab.waiting_count for lab in self.labs)


def lab_navigation(request):
    """`lab_nav`: the signed-in user's labs with their waiting requests, read only when the
    page's header shows them (lazily: a CSV or a redirect costs nothing), in one query, and
    never for an anonymous visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"lab_nav": SimpleLazyObject(lambda: LabNavigation(labs=header_labs(user=user)))}
