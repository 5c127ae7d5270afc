"""« Mes jetons d'API » (/compte/jetons/): the owner lists, creates and revokes tokens.

The key of a new token is shown in the answer to the creating POST only (never stored,
never put in the session or a redirect), with a warning to copy it now."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from labnet.accounts.api_tokens import api_token_create, api_token_revoke, api_tokens_of
from labnet.accounts.models import ApiToken
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import write_from_form

DURATIONS = [
    (30, gettext_lazy("30 jours")),
    (90, gettext_lazy("90 jours")),
    (180, gettext_lazy("180 jours")),
    (365, gettext_lazy("1 an")),
]


class ApiTokenForm(DsfrBaseForm):
    name = forms.CharField(
        label=gettext_lazy("Nom du jeton"),
        help_text=gettext_lazy("Pour le reconnaître ensuite, ex. « Tableau de bord du lab »."),
        max_length=100,
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Durée de validité"), choices=DURATIONS, coerce=int, initial=90
    )


def _page(request, form, new=None, status=200):
    return render(
        request,
        "www/accounts/tokens.html",
        {
            "page_title": _("Mes jetons d'API"),
            "breadcrumb_data": breadcrumb(
                _("Mes jetons d'API"), (reverse("accounts:profile"), _("Mon compte"))
            ),
            "form": form,
            "tokens": api_tokens_of(request.user),
            "new": new,
        },
        status=status,
    )


@never_cache
@login_required
def tokens(request):
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    new = write_from_form(
        form,
        lambda data: api_token_create(
            actor=request.user,
            name=data["name"],
            days=data["days"],
            # django-otp's middleware: a code was entered in this session.
            second_factor_verified=request.user.is_verified(),
        ),
    )
    if new is not None:
        return _page(request, ApiTokenForm(), new=new)
    return _page(request, form, status=400)


@require_POST
@login_required
def token_revoke(request, token_id: int):
    # Another person's token is "not found", so ids cannot be probed.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("accounts:tokens")
