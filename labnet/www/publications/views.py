"""The publications page and the stable addresses of the PDFs. A download serves the
latest build and asks for a new one when the data changed since; when none exists yet,
or it cannot be built, the visitor gets a page that says so, never an error."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from labnet.publications.enums import BuildStatus, PublicationKind
from labnet.publications.selectors import data_version, latest_ready, publications_overview
from labnet.publications.services import publication_request
from labnet.www.page_cache import CATALOGUE, public_page


@public_page(*CATALOGUE, "publications")
def index(request):
    return render(
        request,
        "www/publications/index.html",
        {
            "page_title": _("Publications"),
            "rows": publications_overview(get_language()),
        },
    )


# Reading a PDF may queue its build: a GET's side effect that no POST should trigger.
@require_safe
def download(request, kind):
    if kind not in PublicationKind.values:
        raise Http404(_("Cette publication n'existe pas."))
    language = get_language()
    latest = latest_ready(kind, language)
    if latest is None or latest.data_version != data_version(kind):
        requested = publication_request(kind=kind, language=language)
        if requested.status == BuildStatus.READY:  # built at once (no background worker)
            latest = requested
    if latest is None:
        response = render(
            request,
            "www/publications/not_ready.html",
            {
                "page_title": PublicationKind(kind).label,
                "kind": PublicationKind(kind),
                "publication": latest_failed_or_queued(kind, language),
            },
            status=503,
        )
        response["Retry-After"] = "30"
        return response
    response = HttpResponse(bytes(latest.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="labnet-{kind}-{language}.pdf"'
    return response


def latest_failed_or_queued(kind, language):
    from labnet.publications.models import Publication

    return (
        Publication.objects.filter(kind=kind, language=language)
        .exclude(status=BuildStatus.READY)
        .order_by("-requested_at")
        .first()
    )
