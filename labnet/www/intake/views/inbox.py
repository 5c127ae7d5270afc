"""The lab's side of the single window (inbox, boost slots) and the public response times."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.intake import stats
from labnet.intake.forms import (
    BoostSlotForm,
)
from labnet.intake.models import BoostSlot
from labnet.intake.rules import can_triage
from labnet.intake.selectors import (
    lab_boost_slots,
    lab_by_key,
    lab_inbox,
)
from labnet.intake.services.boost import boost_slot_create, boost_slot_delete
from labnet.labs.models import Lab
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import add_service_errors
from labnet.www.refusals import forbidden_page


def _forbidden(request, message: str):
    return forbidden_page(
        request,
        message,
        back_url=reverse("intake:my_requests"),
        back_label=_("Revenir à mes demandes"),
    )


def _inbox_reserved(lab) -> str:
    return _(
        "La boîte de réception de %(lab)s est réservée à son équipe et à la coordination nationale."
    ) % {"lab": lab.name}


def _team_only(lab) -> str:
    return _("Seule l'équipe de %(lab)s publie et retire ses créneaux.") % {"lab": lab.name}


def _get_lab_or_404(lab_key) -> Lab:
    try:
        return lab_by_key(key=lab_key)
    except Lab.DoesNotExist as exc:
        raise Http404(_("Ce laboratoire n'existe pas.")) from exc


@login_required
def lab_inbox_view(request, lab_key):
    """The lab's inbox: what waits on it, the most urgent first, with its clock."""
    lab = _get_lab_or_404(lab_key)
    try:
        inbox = lab_inbox(user=request.user, lab=lab)
    except PermissionDenied:
        return _forbidden(request, _inbox_reserved(lab))
    return render(
        request,
        "www/intake/lab_inbox.html",
        {
            "page_title": _("Boîte de réception de %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": breadcrumb(
                _("Boîte de réception"), (lab.get_absolute_url(), lab.name)
            ),
            "lab": lab,
            "inbox": inbox,
            "times": stats.lab_response_times(lab=lab),
            "can_triage": can_triage(request.user, lab),
        },
    )


@login_required
def lab_slots(request, lab_key):
    """The lab's boost slots to come, and the form to publish one (for its team)."""
    lab = _get_lab_or_404(lab_key)
    try:
        slots = lab_boost_slots(user=request.user, lab=lab)
    except PermissionDenied:
        return _forbidden(request, _inbox_reserved(lab))
    triage = can_triage(request.user, lab)
    form = BoostSlotForm(request.POST or None, lab=lab)
    if request.method == "POST":
        if not triage:
            return _forbidden(request, _team_only(lab))
        if form.is_valid():
            starts_at, ends_at = form.datetimes()
            try:
                boost_slot_create(
                    actor=request.user,
                    lab=lab,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    location=form.cleaned_data["location"],
                )
            except ValidationError as error:
                add_service_errors(form, error, BoostSlotForm.SERVICE_FIELDS)
            else:
                messages.success(request, _("Le créneau est publié."))
                return redirect("intake:lab_slots", lab_key=lab.key)
    return render(
        request,
        "www/intake/lab_slots.html",
        {
            "page_title": _("Créneaux de coup de pouce de %(lab)s") % {"lab": lab.name},
            "breadcrumb_data": breadcrumb(
                _("Créneaux de coup de pouce"),
                (lab.get_absolute_url(), lab.name),
                (reverse("intake:lab_inbox", kwargs={"lab_key": lab.key}), _("Boîte de réception")),
            ),
            "lab": lab,
            "slots": slots,
            "slot_tz": form.tz,
            "form": form,
            "can_triage": triage,
        },
    )


@login_required
@require_POST
def lab_slot_delete(request, lab_key, slot_id):
    lab = _get_lab_or_404(lab_key)
    slot = BoostSlot.objects.filter(lab=lab, pk=slot_id).select_related("lab").first()
    if slot is None:
        raise Http404
    if not can_triage(request.user, lab):
        return _forbidden(request, _team_only(lab))
    try:
        boost_slot_delete(actor=request.user, slot=slot)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Le créneau est supprimé."))
    return redirect("intake:lab_slots", lab_key=lab.key)


def response_times(request):
    """Public figures: how fast each lab and the network give a first answer."""
    network, by_lab = stats.response_times()
    return render(
        request,
        "www/intake/response_times.html",
        {
            "page_title": _("Délais de première réponse"),
            "breadcrumb_data": breadcrumb(_("Délais de première réponse")),
            "network": network,
            "by_lab": by_lab,
        },
    )
