"""Links that pages build: the sections breadcrumbs point back to, and the query strings
of a list's page links (pagination, filter chips) that keep the other filters."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The pages a breadcrumb leads back to: name -> (URL name, title).
SECTIONS = {
    "calls": ("calls:call_list", _("Appels")),
    "campaigns": ("events:campaign_list", _("Campagnes")),
    "trainings": ("trainings:programme_list", _("Formations")),
    "my_requests": ("intake:my_requests", _("Mes demandes")),
    "finder": ("people:finder", _("Annuaire des personnes")),
    "my_account": ("accounts:profile", _("Mon compte")),
}


def section_link(name: str) -> tuple[str, str]:
    """The (url, title) pair of a section, for `breadcrumbs.breadcrumb(...)`."""
    url_name, title = SECTIONS[name]
    return reverse(url_name), str(title)


def query_without(request, *names: str) -> str:
    """The request's query string without `names`: a page link adds `page=N` to it, a
    filter chip its own value, and every other filter is kept."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
