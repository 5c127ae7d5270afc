"""The lab's side of the single window (inbox, boost slots) and the public response times."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.core.french import de
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
from labnet.www.confirm import confirmation_page
from labnet.www.forms import write_from_form
from labnet.www.page_cache import CATALOGUE, public_page


def _get_lab_or_404(lab_key) -> Lab:
    try:
        return lab_by_key(key=lab_key)
    except Lab.DoesNotExist as exc:
        raise Http404(_("Ce laboratoire n'existe pas.")) from exc


@login_required
def lab_inbox_view(request, lab_key):
    """The lab's inbox: what waits on it, the most urgent first, with its clock."""
    lab = _get_lab_or_404(lab_key)
    inbox = lab_inbox(user=request.user, lab=lab)
    return render(
        request,
        "www/intake/lab_inbox.html",
        {
            "page_title": _("Boîte de réception %(of_lab)s") % {"of_lab": de(lab.name)},
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
    slots = lab_boost_slots(user=request.user, lab=lab)
    triage = can_triage(request.user, lab)
    form = BoostSlotForm(request.POST or None, lab=lab)

    def publish(data):
        starts_at, ends_at = form.datetimes()
        return boost_slot_create(
            actor=request.user,
            lab=lab,
            starts_at=starts_at,
            ends_at=ends_at,
            location=data["location"],
        )

    if write_from_form(form, publish, field_names=BoostSlotForm.SERVICE_FIELDS) is not None:
        messages.success(request, _("Le créneau est publié."))
        return redirect("intake:lab_slots", lab_key=lab.key)
    return render(
        request,
        "www/intake/lab_slots.html",
        {
            "page_title": _("Créneaux de coup de pouce %(of_lab)s") % {"of_lab": de(lab.name)},
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
def lab_slot_delete(request, lab_key, slot_id):
    lab = _get_lab_or_404(lab_key)
    slot = BoostSlot.objects.filter(lab=lab, pk=slot_id).select_related("lab").first()
    if slot is None:
        raise Http404
    if request.method != "POST":
        return confirmation_page(
            request,
            title=_("Supprimer ce créneau de coup de pouce ?"),
            explanation=_(
                "Le créneau n'est plus proposé aux auteurs des demandes. Vous pourrez en "
                "publier un autre."
            ),
            confirm_label=_("Supprimer le créneau"),
            cancel_url=reverse("intake:lab_slots", kwargs={"lab_key": lab.key}),
        )
    try:
        boost_slot_delete(actor=request.user, slot=slot)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Le créneau est supprimé."))
    return redirect("intake:lab_slots", lab_key=lab.key)


@public_page(*CATALOGUE, "intake", seconds=300)
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
