"""The coordination's pages: create and edit a campaign, open or close it to proposals,
and publish an event of its own (inside a campaign or outside any).

Views stay thin: they write through `events.coordination` (which checks who may) and
render; the rule is mirrored here only to show a refusal page before a form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from labnet.events.campaign_rules import (
    require_can_manage_campaigns,
    require_can_publish_without_review,
)
from labnet.events.coordination import (
    campaign_create,
    campaign_open_proposals,
    campaign_update,
    event_create,
)
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form
from labnet.www.links import section_link

from .campaign_views import campaign_or_404 as _campaign_or_404
from .coordination_forms import CampaignForm, CoordinationEventForm


def _render_campaign_form(request, *, form, campaign=None, status=200):
    title = _("Créer une campagne") if campaign is None else _("Modifier la campagne")
    crumbs = [section_link("campaigns")]
    if campaign is not None:
        crumbs.append((campaign.get_absolute_url(), campaign.name))
    return render(
        request,
        "www/events/campaign_form.html",
        {
            "page_title": title if campaign is None else f"{title} — {campaign.name}",
            "heading": title,
            "breadcrumb_data": breadcrumb(title, *crumbs),
            "campaign": campaign,
            "form": form,
            "nav": "coordination",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create_view(request):
    require_can_manage_campaigns(request.user)
    form = CampaignForm(request.POST or None)
    if request.method == "POST":
        campaign = write_from_form(
            form, lambda data: campaign_create(actor=request.user, data=data)
        )
        if campaign is not None:
            messages.success(
                request,
                _("La campagne « %(name)s » est créée.") % {"name": campaign.name}
                + (
                    " " + _("Elle reçoit les propositions d'événements.")
                    if campaign.accepts_proposals
                    else ""
                ),
            )
            return redirect(campaign.get_absolute_url())
        return _render_campaign_form(request, form=form, status=400)
    return _render_campaign_form(request, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit_view(request, key):
    campaign = _campaign_or_404(key)
    require_can_manage_campaigns(request.user)
    if request.method == "POST":
        form = CampaignForm(request.POST)
        saved = write_from_form(
            form, lambda data: campaign_update(actor=request.user, campaign=campaign, data=data)
        )
        if saved is not None:
            messages.success(request, _("La campagne est enregistrée."))
            return redirect(saved.get_absolute_url())
        return _render_campaign_form(request, form=form, campaign=campaign, status=400)
    form = CampaignForm(initial=CampaignForm.initial_from(campaign))
    return _render_campaign_form(request, form=form, campaign=campaign)


@login_required
@require_POST
def campaign_proposals_view(request, key):
    """Open (`open=1`) or close (`open=0`) the campaign to proposals: one button."""
    campaign = _campaign_or_404(key)
    require_can_manage_campaigns(request.user)
    open_ = request.POST.get("open") == "1"
    try:
        campaign_open_proposals(actor=request.user, campaign=campaign, open=open_)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("La campagne reçoit désormais les propositions d'événements.")
            if open_
            else _("La campagne ne reçoit plus de propositions d'événements."),
        )
    return redirect(campaign.get_absolute_url())


def _render_event_form(request, *, form, status=200):
    title = _("Créer un événement")
    return render(
        request,
        "www/events/coordination_event_form.html",
        {
            "page_title": title,
            "heading": title,
            "breadcrumb_data": breadcrumb(title, (reverse("events:agenda"), _("Agenda"))),
            "form": form,
            "nav": "coordination",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create_view(request):
    require_can_publish_without_review(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("campagne"):
        initial["campaign"] = request.GET["campagne"]
    form = CoordinationEventForm(request.POST or None, initial=initial)
    if request.method == "POST":
        event = write_from_form(
            form,
            lambda data: event_create(
                actor=request.user, campaign=data["campaign"], data=form.proposal_data()
            ),
            field_names=CoordinationEventForm.FIELD_MAP,
        )
        if event is not None:
            messages.success(
                request,
                _("L'événement « %(title)s » est publié.") % {"title": event.title},
            )
            return redirect(event.get_absolute_url())
        return _render_event_form(request, form=form, status=400)
    return _render_event_form(request, form=form)
