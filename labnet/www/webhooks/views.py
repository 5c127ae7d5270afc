"""Webhook subscriptions: the coordination's and lab leads' list, the form to subscribe a
URL (its secret shown on its page), the deliveries log, deletion and resumption."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from labnet.accounts.rules import is_coordinator
from labnet.labs.models import Lab
from labnet.webhooks.enums import WebhookEvent
from labnet.webhooks.selectors import subscription_get, subscription_labs, subscriptions_visible
from labnet.webhooks.services import (
    subscription_create,
    subscription_delete,
    subscription_resume,
)
from labnet.www.forms import write_from_form
from labnet.www.widgets import LongSelect


class SubscriptionForm(DsfrBaseForm):
    url = forms.URLField(
        label=gettext_lazy("Adresse de réception"), max_length=500, assume_scheme="https"
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Événements"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    lab = forms.ModelChoiceField(
        label=gettext_lazy("Laboratoire"),
        queryset=Lab.objects.none(),
        required=False,
        help_text=gettext_lazy("Seulement les événements de ce laboratoire."),
        # Every lab of the network for the coordination: written in one pass.
        widget=LongSelect,
    )
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        labs = subscription_labs(user=user)
        # Shown, not chosen: an option needs its id and name only (a thousand labs).
        self.fields["lab"].queryset = labs if self.is_bound else labs.only("pk", "name")
        if is_coordinator(user):
            self.fields["lab"].help_text = _(
                "Laissez vide pour recevoir les événements de tout le réseau."
            )
        else:
            self.fields["lab"].required = True


@login_required
def subscription_list(request):
    subscriptions = list(subscriptions_visible(user=request.user))
    form = SubscriptionForm(request.POST or None, user=request.user)
    status = 200
    subscription = write_from_form(
        form,
        lambda data: subscription_create(
            actor=request.user,
            url=data["url"],
            events=data["events"],
            lab=data["lab"],
            description=data["description"],
        ),
    )
    if subscription is not None:
        messages.success(
            request,
            _("Abonnement créé : notez son secret, il sert à vérifier les signatures."),
        )
        return redirect("webhooks:detail", pk=subscription.pk)
    if request.method == "POST":
        status = 400
    return render(
        request,
        "www/webhooks/list.html",
        {
            "page_title": _("Webhooks"),
            "subscriptions": subscriptions,
            "form": form,
        },
        status=status,
    )


@login_required
def subscription_detail(request, pk):
    subscription = subscription_get(user=request.user, pk=pk)
    return render(
        request,
        "www/webhooks/detail.html",
        {
            "page_title": subscription.url,
            "subscription": subscription,
            "deliveries": list(subscription.deliveries.order_by("-created_at")[:50]),
            "event_labels": dict(WebhookEvent.choices),
        },
    )


@login_required
def subscription_delete_view(request, pk):
    """GET asks for confirmation (it cannot be undone), POST deletes."""
    subscription = subscription_get(user=request.user, pk=pk)
    if request.method == "POST":
        subscription_delete(actor=request.user, subscription=subscription)
        messages.success(request, _("Abonnement supprimé."))
        return redirect("webhooks:list")
    return render(
        request,
        "www/webhooks/delete_confirm.html",
        {"page_title": _("Supprimer l'abonnement"), "subscription": subscription},
    )


@login_required
@require_POST
def subscription_resume_view(request, pk):
    subscription = subscription_get(user=request.user, pk=pk)
    subscription_resume(actor=request.user, subscription=subscription)
    messages.success(request, _("Abonnement repris : les prochains événements lui seront envoyés."))
    return redirect("webhooks:detail", pk=pk)
