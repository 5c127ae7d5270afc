"""The attendee list of one event, for its organisers: counts, pages and the full list.

An event may have thousands of registrations (the national benchmark's biggest has
5,000). Nothing here reads them all into Python: counts are one GROUP BY, the organisers'
sheet reads one page of one status at a time, and the full list (the CSV export, the API)
is ordered by the database and read in chunks or pages. Every function checks that `user`
organises the event (personal data).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from labnet.core.folding import folded_contains

from .enums import RegistrationStatus
from .models import Event, Registration
from .rules import can_see_registrations

# The order of the full list: confirmed places, then pending visitors, the waiting list
# (by rank), and cancelled registrations as history.
SHEET_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.PENDING,
    RegistrationStatus.WAITING,
    RegistrationStatus.CANCELLED,
)


def _require_organiser(user, event: Event) -> None:
    if not can_see_registrations(user, event):
        raise PermissionDenied(_("La liste des inscrits est réservée aux organisateurs."))


def _text_filter(text: str):
    return folded_contains(["full_name", "email", "organisation_name"], text)


def attendee_counts(*, user, event: Event, text: str = "") -> tuple[dict, dict]:
    """({status: registrations}, {status: those matching `text`}), every status present
    (0 when none), in one query; both the same without `text`."""
    _require_organiser(user, event)
    counts = dict.fromkeys(SHEET_STATUSES, 0)
    found = dict.fromkeys(SHEET_STATUSES, 0)
    rows = Registration.objects.filter(event=event).order_by().values("status")
    if text.strip():
        rows = rows.annotate(n=Count("pk"), found=Count("pk", filter=_text_filter(text)))
    else:
        rows = rows.annotate(n=Count("pk"), found=Count("pk"))
    for row in rows:
        counts[row["status"]] = row["n"]
        found[row["status"]] = row["found"]
    return counts, found


def attendees_of_status(*, user, event: Event, status: str, text: str = "") -> QuerySet:
    """One status's registrations, in the sheet's order (the waiting list by rank, the
    others by date of registration), optionally those whose name, address or
    administration holds `text` (case and accents ignored). Page it: it is not cut here."""
    _require_organiser(user, event)
    rows = Registration.objects.filter(event=event, status=status)
    if text.strip():
        rows = rows.filter(_text_filter(text))
    if status == RegistrationStatus.WAITING:
        return rows.order_by("position", "created_at", "pk")
    return rows.order_by("created_at", "pk")


def attendees_ordered(*, user, event: Event) -> QuerySet:
    """Every registration of `event`, in the order of the full list (`SHEET_STATUSES`,
    then rank on the waiting list, then date): sorted by the database, so that a page or a
    chunked read never holds the whole list."""
    _require_organiser(user, event)
    rank = Case(
        *(When(status=status, then=Value(n)) for n, status in enumerate(SHEET_STATUSES)),
        default=Value(len(SHEET_STATUSES)),
        output_field=IntegerField(),
    )
    return (
        Registration.objects.filter(event=event)
        .annotate(sheet_rank=rank, rank_on_list=Coalesce("position", Value(0)))
        .order_by("sheet_rank", "rank_on_list", "created_at", "pk")
    )
