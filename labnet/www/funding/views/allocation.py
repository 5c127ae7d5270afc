"""An allocation's page and the forms on it: its status, a payment, its report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.funding.enums import AllocationStatus
from labnet.funding.rules import (
    can_manage_funding,
    can_record_payment,
    can_write_reporting_notes,
    require_can_manage_funding,
    require_can_record_payment,
    require_can_write_reporting_notes,
)
from labnet.funding.selectors.allocations import allocation_payments
from labnet.funding.services import transitions
from labnet.funding.services.allocations import allocation_update_reporting_notes
from labnet.funding.services.payments import payment_record
from labnet.www.forms import write_from_form
from labnet.www.page_cache import CATALOGUE, public_page

from ..forms import PaymentForm, ReportingNotesForm, TransitionForm
from .common import NAV, allocation_or_404, crumbs


def _render_allocation(
    request, allocation, *, transition_form=None, payment_form=None, notes_form=None, status=200
):
    can_manage = can_manage_funding(request.user)
    state = AllocationStatus(allocation.status)
    payments = allocation_payments(allocation)
    paid = sum((p.amount_eur for p in payments), 0)
    may_pay = can_record_payment(request.user, allocation) and state in (
        AllocationStatus.COMMITTED,
        AllocationStatus.PAID,
    )
    may_note = can_write_reporting_notes(request.user, allocation)
    if transition_form is None and can_manage and state.next_statuses:
        transition_form = TransitionForm(status=state, prefix="status")
    if payment_form is None and may_pay:
        payment_form = PaymentForm(prefix="payment")
    if notes_form is None and may_note:
        notes_form = ReportingNotesForm(
            prefix="notes", initial={"notes": allocation.reporting_notes}
        )
    return render(
        request,
        "www/funding/allocation_detail.html",
        {
            "nav": NAV,
            "page_title": str(allocation),
            "breadcrumb_data": crumbs(
                allocation.beneficiary_label,
                (allocation.envelope.get_absolute_url(), allocation.envelope.name),
            ),
            "allocation": allocation,
            "state": state,
            "payments": payments,
            "paid": paid,
            "can_manage": can_manage,
            "can_see_notes": may_note,
            "transition_form": transition_form if can_manage and state.next_statuses else None,
            "payment_form": payment_form if may_pay else None,
            "notes_form": notes_form if may_note else None,
        },
        status=status,
    )


@public_page(*CATALOGUE, "funding")
def allocation_detail(request, key):
    return _render_allocation(request, allocation_or_404(request, key))


@login_required
@require_POST
def allocation_transition(request, key):
    allocation = allocation_or_404(request, key)
    require_can_manage_funding(request.user)
    form = TransitionForm(request.POST, status=AllocationStatus(allocation.status), prefix="status")
    moved = write_from_form(
        form,
        lambda data: transitions.allocation_transition(
            actor=request.user,
            allocation=allocation,
            to=data["to"],
            convention_signed_on=data["convention_signed_on"],
            convention_reference=data["convention_reference"],
            reason=data["reason"],
        ),
        field_names={"status": "to"},
    )
    if moved is not None:
        messages.success(
            request,
            _("L'attribution est désormais « %(status)s ».")
            % {"status": AllocationStatus(moved.status).label},
        )
        return redirect(allocation)
    return _render_allocation(request, allocation, transition_form=form, status=400)


@login_required
@require_POST
def payment_create(request, key):
    allocation = allocation_or_404(request, key)
    require_can_record_payment(request.user, allocation)
    form = PaymentForm(request.POST, prefix="payment")
    paid = write_from_form(
        form, lambda data: payment_record(actor=request.user, allocation=allocation, **data)
    )
    if paid is not None:
        messages.success(request, _("Le versement est enregistré."))
        return redirect(allocation)
    return _render_allocation(request, allocation, payment_form=form, status=400)


@login_required
@require_POST
def reporting_notes(request, key):
    allocation = allocation_or_404(request, key)
    require_can_write_reporting_notes(request.user, allocation)
    form = ReportingNotesForm(request.POST, prefix="notes")
    if form.is_valid():
        allocation_update_reporting_notes(
            actor=request.user, allocation=allocation, notes=form.cleaned_data["notes"]
        )
        messages.success(request, _("Le compte rendu est enregistré."))
        return redirect(allocation)
    return _render_allocation(request, allocation, notes_form=form, status=400)
