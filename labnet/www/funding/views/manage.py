"""The coordination's management pages: the list of sources and envelopes, and the forms
that create and change sources, envelopes and allocations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.funding.models import Envelope, FundingSource
from labnet.funding.rules import require_can_manage_funding
from labnet.funding.selectors.envelopes import envelope_list, envelope_used_amounts, funding_sources
from labnet.funding.services import allocations, envelopes, sources
from labnet.www.forms import write_from_form

from ..forms import AllocationCreateForm, AllocationForm, EnvelopeForm, FundingSourceForm
from .common import NAV, allocation_or_404, crumbs, envelope_or_404, form_page


@login_required
def manage(request):
    require_can_manage_funding(request.user)
    envelope_rows = list(envelope_list())
    used = envelope_used_amounts()
    for envelope in envelope_rows:
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
            "breadcrumb_data": crumbs(_("Gestion des financements")),
            "sources": list(funding_sources()),
            "envelopes": envelope_rows,
        },
    )


@login_required
def source_create(request):
    require_can_manage_funding(request.user)
    form = FundingSourceForm(request.POST or None)
    source = write_from_form(
        form, lambda data: sources.funding_source_create(actor=request.user, data=data)
    )
    if source is not None:
        messages.success(request, _("La source de financement est créée."))
        return redirect("funding:manage")
    return form_page(
        request,
        form,
        title=_("Nouvelle source de financement"),
        submit=_("Créer la source"),
        cancel_url=reverse("funding:manage"),
        status=400 if form.errors else 200,
    )


@login_required
def source_edit(request, key):
    require_can_manage_funding(request.user)
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
    saved = write_from_form(
        form,
        lambda data: sources.funding_source_update(
            actor=request.user, funding_source=funding_source, data=data
        ),
    )
    if saved is not None:
        messages.success(request, _("La source de financement est mise à jour."))
        return redirect("funding:manage")
    return form_page(
        request,
        form,
        title=_("Modifier %(name)s") % {"name": funding_source.name},
        submit=_("Enregistrer les modifications"),
        cancel_url=reverse("funding:manage"),
        status=400 if form.errors else 200,
    )


@login_required
def envelope_create(request):
    require_can_manage_funding(request.user)
    initial = {}
    parent_key = request.GET.get("parent")
    if parent_key:
        parent = Envelope.objects.filter(key=parent_key).select_related("funding_source").first()
        if parent is not None:
            initial = {"parent": parent, "funding_source": parent.funding_source}
    form = EnvelopeForm(request.POST or None, initial=initial)
    envelope = write_from_form(
        form, lambda data: envelopes.envelope_create(actor=request.user, data=data)
    )
    if envelope is not None:
        messages.success(request, _("L'enveloppe est créée."))
        return redirect(envelope)
    return form_page(
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
    require_can_manage_funding(request.user)
    envelope = envelope_or_404(key)
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
    saved = write_from_form(
        form,
        lambda data: envelopes.envelope_update(actor=request.user, envelope=envelope, data=data),
    )
    if saved is not None:
        messages.success(request, _("L'enveloppe est mise à jour."))
        return redirect(saved)
    return form_page(
        request,
        form,
        title=_("Modifier %(name)s") % {"name": envelope.name},
        submit=_("Enregistrer les modifications"),
        cancel_url=envelope.get_absolute_url(),
        status=400 if form.errors else 200,
    )


def _allocation_data(data: dict) -> dict:
    return {
        name: data[name] for name in allocations.ALLOCATION_FIELDS if name in data and name != "key"
    }


@login_required
def allocation_create(request):
    require_can_manage_funding(request.user)
    initial = {}
    envelope_key = request.GET.get("enveloppe")
    if envelope_key:
        initial["envelope"] = Envelope.objects.filter(key=envelope_key).first()
    form = AllocationCreateForm(request.POST or None, initial=initial)
    allocation = write_from_form(
        form,
        lambda data: allocations.allocation_create(
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
    return form_page(
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
    require_can_manage_funding(request.user)
    allocation = allocation_or_404(request, key)
    initial = {
        name: getattr(allocation, name) for name in allocations.ALLOCATION_FIELDS if name != "key"
    }
    form = AllocationForm(request.POST or None, initial=initial)
    saved = write_from_form(
        form,
        lambda data: allocations.allocation_update(
            actor=request.user, allocation=allocation, data=_allocation_data(data)
        ),
    )
    if saved is not None:
        messages.success(request, _("L'attribution est mise à jour."))
        return redirect(saved)
    return form_page(
        request,
        form,
        title=_("Modifier l'attribution"),
        submit=_("Enregistrer les modifications"),
        cancel_url=allocation.get_absolute_url(),
        status=400 if form.errors else 200,
    )
