"""Pages of campaigns: the list, a campaign with its public programme and figures, the
proposal form and "my proposals" for organisers, and the coordination's review queue.

Views stay thin: they read through `events.campaign_selectors`, write through
`events.proposals`, and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from labnet.accounts.rules import lab_roles
from labnet.core.pagination import IdsFirstPaginator
from labnet.events.campaign_rules import (
    EDITABLE_PROPOSAL_STATUSES,
    REVIEWABLE_STATUSES,
    can_manage_campaigns,
    can_propose_to,
    can_review_proposals,
    can_see_proposal,
    require_can_edit_proposal,
    require_can_propose_to,
    require_can_review_proposals,
)
from labnet.events.campaign_selectors import (
    campaign_get,
    campaign_list,
    campaign_programme,
    proposal_get,
    proposals_of,
    proposals_to_review,
)
from labnet.events.models import Campaign, Event
from labnet.events.proposals import (
    ReviewDecision,
    event_propose,
    event_review,
    event_update_proposal,
)
from labnet.labs.models import Lab
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form
from labnet.www.links import query_without, section_link
from labnet.www.page_cache import CATALOGUE, public_page

from .agenda_views import set_places_left
from .campaign_forms import ProgrammeFilterForm, ProposalForm, ReviewForm

PROGRAMME_PAGE_SIZE = 20
REVIEW_PAGE_SIZE = 50


def _campaign_or_404(key) -> Campaign:
    try:
        return campaign_get(key=key)
    except Campaign.DoesNotExist as exc:
        raise Http404(_("Cette campagne n'existe pas.")) from exc


@public_page(*CATALOGUE, "events", seconds=60)
def campaign_list_view(request):
    return render(
        request,
        "www/events/campaign_list.html",
        {
            "page_title": _("Campagnes d'événements"),
            "breadcrumb_data": breadcrumb(_("Campagnes")),
            "campaigns": campaign_list(),
            "can_review": can_review_proposals(request.user),
            "can_manage": can_manage_campaigns(request.user),
        },
    )


@public_page(*CATALOGUE, "events", seconds=60)
def campaign_detail(request, key):
    """The campaign, its figures (stated and live) and its public programme, filtered."""
    campaign = _campaign_or_404(key)
    form = ProgrammeFilterForm(request.GET or None)
    # A wrong filter is shown in error and not applied; the valid ones still are.
    filters = form.filters()
    page = IdsFirstPaginator(
        campaign_programme(campaign=campaign, filters=filters), PROGRAMME_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    set_places_left(page)
    return render(
        request,
        "www/events/campaign_detail.html",
        {
            "page_title": campaign.name,
            "breadcrumb_data": breadcrumb(campaign.name, section_link("campaigns")),
            "campaign": campaign,
            "figures": campaign.figures,
            "form": form,
            "has_filters": filters.active,
            "page_obj": page,
            "page_query": query_without(request, "page"),
            "can_propose": can_propose_to(request.user, campaign),
            "can_manage": can_manage_campaigns(request.user),
        },
    )


def _user_labs(user) -> list[Lab]:
    ids = list(lab_roles(user))
    return list(Lab.objects.filter(pk__in=ids).order_by("name")) if ids else []


def _render_proposal_form(request, *, form, campaign, event=None, status=200):
    if event is None:
        title = _("Proposer un événement")
        crumbs = (section_link("campaigns"), (campaign.get_absolute_url(), campaign.name))
    else:
        title = _("Modifier ma proposition")
        crumbs = ((reverse("events:my_proposals"), _("Mes propositions")),)
    return render(
        request,
        "www/events/proposal_form.html",
        {
            "page_title": f"{title} — {campaign.name}",
            "heading": title,
            "breadcrumb_data": breadcrumb(title, *crumbs),
            "campaign": campaign,
            "event": event,
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, key):
    campaign = _campaign_or_404(key)
    require_can_propose_to(request.user, campaign)
    labs = _user_labs(request.user)
    form = ProposalForm(request.POST or None, labs=labs)
    if request.method == "POST":
        event = write_from_form(
            form,
            lambda data: event_propose(
                actor=request.user, campaign=campaign, data=form.proposal_data()
            ),
            field_names=ProposalForm.FIELD_MAP,
        )
        if event is not None:
            messages.success(
                request,
                _(
                    "Votre proposition « %(title)s » est transmise à la coordination. "
                    "Vous recevrez un message à chaque décision."
                )
                % {"title": event.title},
            )
            return redirect("events:my_proposals")
        return _render_proposal_form(request, form=form, campaign=campaign, status=400)
    return _render_proposal_form(request, form=form, campaign=campaign)


def _visible_proposal(request, key) -> Event:
    try:
        event = proposal_get(key=key)
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    if not can_see_proposal(request.user, event):
        # A proposal is not public: to others it does not exist.
        raise Http404
    return event


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, key):
    event = _visible_proposal(request, key)
    require_can_edit_proposal(request.user, event)
    labs = _user_labs(request.user)
    if request.method == "POST":
        form = ProposalForm(request.POST, labs=labs)
        saved = write_from_form(
            form,
            lambda data: event_update_proposal(
                actor=request.user, event=event, data=form.proposal_data()
            ),
            field_names=ProposalForm.FIELD_MAP,
        )
        if saved is not None:
            messages.success(request, _("Votre proposition est enregistrée."))
            return redirect("events:my_proposals")
        return _render_proposal_form(
            request, form=form, campaign=event.campaign, event=event, status=400
        )
    form = ProposalForm(initial=ProposalForm.initial_from(event), labs=labs)
    return _render_proposal_form(request, form=form, campaign=event.campaign, event=event)


@login_required
def my_proposals(request):
    return render(
        request,
        "www/events/proposal_list.html",
        {
            "page_title": _("Mes propositions d'événements"),
            "breadcrumb_data": breadcrumb(_("Mes propositions"), section_link("campaigns")),
            "proposals": list(proposals_of(user=request.user)),
            "editable_statuses": EDITABLE_PROPOSAL_STATUSES,
        },
    )


@login_required
def review_queue(request):
    require_can_review_proposals(request.user)
    page = Paginator(proposals_to_review(user=request.user), REVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "www/events/review_queue.html",
        {
            "page_title": _("Propositions d'événements à relire"),
            "breadcrumb_data": breadcrumb(_("Propositions à relire"), section_link("campaigns")),
            "page_obj": page,
            "page_query": "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, key):
    require_can_review_proposals(request.user)
    event = _visible_proposal(request, key)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        reviewed = write_from_form(
            form,
            lambda data: event_review(
                actor=request.user, event=event, decision=decision, message=data["message"]
            ),
        )
        if reviewed is not None:
            messages.success(request, DECISION_DONE[decision])
            return redirect("events:review_queue")
        status = 400
    return render(
        request,
        "www/events/review_detail.html",
        {
            "page_title": _("Relire « %(title)s »") % {"title": event.title},
            "breadcrumb_data": breadcrumb(
                event.title, (reverse("events:review_queue"), _("Propositions à relire"))
            ),
            "event": event,
            "form": form,
            "can_decide": event.status in REVIEWABLE_STATUSES,
            "decisions": ReviewDecision,
        },
        status=status,
    )


DECISION_DONE = {
    ReviewDecision.VALIDATE: gettext_lazy(
        "Événement validé : il est publié et l'organisateur est prévenu."
    ),
    ReviewDecision.REQUEST_CHANGES: gettext_lazy(
        "Modifications demandées : l'organisateur a reçu votre message."
    ),
    ReviewDecision.REFUSE: gettext_lazy("Proposition refusée : l'organisateur a reçu le motif."),
}


# Shared with coordination_views.py.
campaign_or_404 = _campaign_or_404
