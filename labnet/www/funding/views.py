"""Pages of the network's funding: the public overview (/financements/), an envelope's and
an allocation's pages, and the coordination's management pages. Views stay thin: they read
through `funding.selectors`, write through `funding.services`, and render; a refusal from a
service is shown in the form's error summary with what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.core.refusals import require
from labnet.figures.selectors import figures_side_by_side
from labnet.funding import selectors, services
from labnet.funding.enums import AllocationStatus
from labnet.funding.models import Allocation, Envelope, FundingSource
from labnet.funding.rules import (
    can_manage_funding,
    can_record_payment,
    can_write_reporting_notes,
)
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import add_service_errors
from labnet.www.links import query_without
from labnet.www.page_cache import CATALOGUE, public_page

from .forms import (
    AllocationCreateForm,
    AllocationForm,
    EnvelopeForm,
    FundingSourceForm,
    PaymentForm,
    ReportingNotesForm,
    TransitionForm,
)

NAV = "funding"
PAGE_SIZE = 50
# Labs listed one by one in the totals per lab; the others are added up in one row.
TOP_LABS = 20
FUNDING_UNITS = ("EUR", "FTE")


def _crumbs(current, *links):
    return breadcrumb(current, (reverse("funding:overview"), _("Financements")), *links)


def _manage_crumbs(current):
    return _crumbs(current, (reverse("funding:manage"), _("Gestion des financements")))


def _refuse() -> None:
    """Pages that only show a form ask the same question as the service behind them."""
    require(
        False, _("Seule la coordination nationale gère les sources, enveloppes et attributions.")
    )


@public_page(*CATALOGUE, "funding")
def overview(request):
    filters = selectors.AllocationFilters.from_query(request.GET)
    allocations = selectors.visible_allocations(user=request.user, filters=filters)
    page = Paginator(allocations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "www/funding/overview.html",
        {
            "nav": NAV,
            "page_title": _("Financements du réseau"),
            "breadcrumb_data": breadcrumb(_("Financements")),
            "tree": selectors.envelope_tree(user=request.user, filters=filters),
            "by_status": selectors.funding_totals(user=request.user, by="status", filters=filters),
            "by_year": selectors.funding_totals(user=request.user, by="year", filters=filters),
            "by_region": selectors.funding_totals(user=request.user, by="region", filters=filters),
            "by_lab": selectors.funding_totals(user=request.user, by="lab", filters=filters).top(
                TOP_LABS
            ),
            "page_obj": page,
            "allocations": page,
            "page_query": query_without(request, "page"),
            "filters": filters,
            "options": selectors.filter_options(),
            "can_manage": can_manage_funding(request.user),
            # What the documents state about money and staff, next to what LabNet counts.
            "stated": figures_side_by_side(units=FUNDING_UNITS),
        },
    )


def _envelope_or_404(key) -> Envelope:
    try:
        return selectors.envelope_get(key=key)
    except Envelope.DoesNotExist as exc:
        raise Http404(_("Cette enveloppe n'existe pas.")) from exc


@public_page(*CATALOGUE, "funding")
def envelope_detail(request, key):
    envelope = _envelope_or_404(key)
    filters = selectors.AllocationFilters(envelope=envelope.key)
    page = Paginator(
        selectors.visible_allocations(user=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    can_manage = can_manage_funding(request.user)
    used = selectors.envelope_used_amounts(envelope_ids=[envelope.pk]).get(envelope.pk)
    split, held = used or (None, None)
    left = None
    if can_manage and envelope.amount_eur is not None:
        left = envelope.amount_eur - (split or 0) - (held or 0)
    return render(
        request,
        "www/funding/envelope_detail.html",
        {
            "nav": NAV,
            "page_title": envelope.name,
            "breadcrumb_data": _crumbs(envelope.name),
            "envelope": envelope,
            "children": list(envelope.children.order_by("name")),
            "allocations": page,
            "page_obj": page,
            "page_query": query_without(request, "page"),
            "totals": selectors.funding_totals(user=request.user, by="status", filters=filters),
            "can_manage": can_manage,
            "split": split,
            "held": held,
            "left": left,
        },
    )


def _allocation_or_404(request, key) -> Allocation:
    try:
        return selectors.allocation_get_visible(user=request.user, key=key)
    except Allocation.DoesNotExist as exc:
        raise Http404(_("Cette attribution n'existe pas ou n'est pas publique.")) from exc


def _render_allocation(
    request, allocation, *, transition_form=None, payment_form=None, notes_form=None, status=200
):
    can_manage = can_manage_funding(request.user)
    state = AllocationStatus(allocation.status)
    payments = selectors.allocation_payments(allocation)
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
            "breadcrumb_data": _crumbs(
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
    return _render_allocation(request, _allocation_or_404(request, key))


@login_required
@require_POST
def allocation_transition(request, key):
    allocation = _allocation_or_404(request, key)
    if not can_manage_funding(request.user):
        _refuse()
    form = TransitionForm(request.POST, status=AllocationStatus(allocation.status), prefix="status")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.allocation_transition(
                actor=request.user,
                allocation=allocation,
                to=data["to"],
                convention_signed_on=data["convention_signed_on"],
                convention_reference=data["convention_reference"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"status": "to"})
        else:
            messages.success(
                request,
                _("L'attribution est désormais « %(status)s ».")
                % {"status": AllocationStatus(data["to"]).label},
            )
            return redirect(allocation)
    return _render_allocation(request, allocation, transition_form=form, status=400)


@login_required
@require_POST
def payment_create(request, key):
    allocation = _allocation_or_404(request, key)
    if not can_record_payment(request.user, allocation):
        _refuse()
    form = PaymentForm(request.POST, prefix="payment")
    if form.is_valid():
        try:
            services.payment_record(actor=request.user, allocation=allocation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Le versement est enregistré."))
            return redirect(allocation)
    return _render_allocation(request, allocation, payment_form=form, status=400)


@login_required
@require_POST
def reporting_notes(request, key):
    allocation = _allocation_or_404(request, key)
    if not can_write_reporting_notes(request.user, allocation):
        _refuse()
    form = ReportingNotesForm(request.POST, prefix="notes")
    if form.is_valid():
        services.allocation_update_reporting_notes(
            actor=request.user, allocation=allocation, notes=form.cleaned_data["notes"]
        )
        messages.success(request, _("Le compte rendu est enregistré."))
        return redirect(allocation)
    return _render_allocation(request, allocation, notes_form=form, status=400)


# --- the coordination's management pages ---------------------------------------------


@login_required
def manage(request):
    if not can_manage_funding(request.user):
        _refuse()
    envelopes = list(selectors.envelope_list())
    used = selectors.envelope_used_amounts()
    for envelope in envelopes:
        split, held = used.get(envelope.pk, (0, 0))
        envelope.split_eur, envelope.held_eur = split, held
        envelope.left_eur = (
            None if envelope.amount_eur is None else envelope.amount_eur - split - held
        )
    return render(
        request,
        "www/funding/manage.html",
        {
            "nav": NAV,
            "page_title": _("Gestion des financements"),
            "breadcrumb_data": _crumbs(_("Gestion des financements")),
            "sources": list(selectors.funding_sources()),
            "envelopes": envelopes,
        },
    )


def _form_page(request, form, *, title, submit, cancel_url, status=200, intro=""):
    return render(
        request,
        "www/funding/form.html",
        {
            "nav": NAV,
            "page_title": title,
            "title": title,
            "intro": intro,
            "breadcrumb_data": _manage_crumbs(title),
            "form": form,
            "submit": submit,
            "cancel_url": cancel_url,
        },
        status=status,
    )


def _save(request, form, write, *, field_names=None):
    """Run the service on a valid form; its refusal goes to the form. Returns the object
    written, or None (the form then carries the errors)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc, field_names)
        return None


@login_required
def source_create(request):
    if not can_manage_funding(request.user):
        _refuse()
    form = FundingSourceForm(request.POST or None)
    source = _save(
        request, form, lambda data: services.funding_source_create(actor=request.user, data=data)
    )
    if source is not None:
        messages.success(request, _("La source de financement est créée."))
        return redirect("funding:manage")
    return _form_page(
        request,
        form,
        title=_("Nouvelle source de financement"),
        submit=_("Créer la source"),
        cancel_url=reverse("funding:manage"),
        status=400 if form.errors else 200,
    )


@login_required
def source_edit(request, key):
    if not can_manage_funding(request.user):
        _refuse()
    try:
        funding_source = FundingSource.objects.get(key=key)
    except FundingSource.DoesNotExist as exc:
        raise Http404(_("Cette source de financement n'existe pas.")) from exc
    initial = {
        "name": funding_source.name,
        "kind": funding_source.kind,
        "description": funding_source.description,
    }
    form = FundingSourceForm(request.POST or None, initial=initial)
    saved = _save(
        request,
        form,
        lambda data: services.funding_source_update(
            actor=request.user, funding_source=funding_source, data=data
        ),
    )
    if saved is not None:
        messages.success(request, _("La source de financement est mise à jour."))
        return redirect("funding:manage")
    return _form_page(
        request,
        form,
        title=_("Modifier %(name)s") % {"name": funding_source.name},
        submit=_("Enregistrer les modifications"),
        cancel_url=reverse("funding:manage"),
        status=400 if form.errors else 200,
    )


@login_required
def envelope_create(request):
    if not can_manage_funding(request.user):
        _refuse()
    initial = {}
    parent_key = request.GET.get("parent")
    if parent_key:
        parent = Envelope.objects.filter(key=parent_key).select_related("funding_source").first()
        if parent is not None:
            initial = {"parent": parent, "funding_source": parent.funding_source}
    form = EnvelopeForm(request.POST or None, initial=initial)
    envelope = _save(
        request, form, lambda data: services.envelope_create(actor=request.user, data=data)
    )
    if envelope is not None:
        messages.success(request, _("L'enveloppe est créée."))
        return redirect(envelope)
    return _form_page(
        request,
        form,
        title=_("Nouvelle enveloppe"),
        submit=_("Créer l'enveloppe"),
        cancel_url=reverse("funding:manage"),
        status=400 if form.errors else 200,
        intro=_(
            "Une enveloppe fille est comprise dans sa parente : les enveloppes filles et les "
            "attributions ne dépassent jamais le montant de la parente."
        ),
    )


@login_required
def envelope_edit(request, key):
    if not can_manage_funding(request.user):
        _refuse()
    envelope = _envelope_or_404(key)
    initial = {
        "name": envelope.name,
        "funding_source": envelope.funding_source,
        "parent": envelope.parent,
        "amount_eur": envelope.amount_eur,
        "year": envelope.year,
        "scope": envelope.scope,
        "description": envelope.description,
    }
    form = EnvelopeForm(request.POST or None, initial=initial, exclude_key=envelope.key)
    saved = _save(
        request,
        form,
        lambda data: services.envelope_update(actor=request.user, envelope=envelope, data=data),
    )
    if saved is not None:
        messages.success(request, _("L'enveloppe est mise à jour."))
        return redirect(saved)
    return _form_page(
        request,
        form,
        title=_("Modifier %(name)s") % {"name": envelope.name},
        submit=_("Enregistrer les modifications"),
        cancel_url=envelope.get_absolute_url(),
        status=400 if form.errors else 200,
    )


def _allocation_data(data: dict) -> dict:
    return {
        name: data[name] for name in services.ALLOCATION_FIELDS if name in data and name != "key"
    }


@login_required
def allocation_create(request):
    if not can_manage_funding(request.user):
        _refuse()
    initial = {}
    envelope_key = request.GET.get("enveloppe")
    if envelope_key:
        initial["envelope"] = Envelope.objects.filter(key=envelope_key).first()
    form = AllocationCreateForm(request.POST or None, initial=initial)
    allocation = _save(
        request,
        form,
        lambda data: services.allocation_create(
            actor=request.user,
            data=_allocation_data(data),
            status=data["status"],
            convention_signed_on=data["convention_signed_on"],
            convention_reference=data["convention_reference"],
        ),
    )
    if allocation is not None:
        messages.success(request, _("L'attribution est enregistrée."))
        return redirect(allocation)
    return _form_page(
        request,
        form,
        title=_("Nouvelle attribution"),
        submit=_("Enregistrer l'attribution"),
        cancel_url=reverse("funding:manage"),
        status=400 if form.errors else 200,
        intro=_(
            "Un seul bénéficiaire : un laboratoire, un projet, ou un bénéficiaire hors "
            "plateforme. Un montant inconnu reste inconnu : cochez « montant non indiqué »."
        ),
    )


@login_required
def allocation_edit(request, key):
    if not can_manage_funding(request.user):
        _refuse()
    allocation = _allocation_or_404(request, key)
    initial = {
        name: getattr(allocation, name) for name in services.ALLOCATION_FIELDS if name != "key"
    }
    form = AllocationForm(request.POST or None, initial=initial)
    saved = _save(
        request,
        form,
        lambda data: services.allocation_update(
            actor=request.user, allocation=allocation, data=_allocation_data(data)
        ),
    )
    if saved is not None:
        messages.success(request, _("L'attribution est mise à jour."))
        return redirect(saved)
    return _form_page(
        request,
        form,
        title=_("Modifier l'attribution"),
        submit=_("Enregistrer les modifications"),
        cancel_url=allocation.get_absolute_url(),
        status=400 if form.errors else 200,
    )
