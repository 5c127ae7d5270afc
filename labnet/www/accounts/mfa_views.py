"""The second factor's pages: manage, enrol (QR code, secret, first code), recovery codes
(shown once), verification at sign-in, regenerate, disable."""

import base64

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.accounts.mfa import (
    mfa_disable,
    mfa_required,
    mfa_verify,
    qr_svg,
    recovery_codes_regenerate,
    totp_enrolment_confirm,
    totp_enrolment_device,
    totp_new_key,
)

from .forms import MfaCodeForm

CODES_SESSION_KEY = "labnet_recovery_codes"
KEY_SESSION_KEY = "labnet_totp_key"


def _next(request, default="accounts:mfa_manage"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
def mfa_manage(request):
    return render(
        request,
        "www/accounts/mfa_manage.html",
        {
            "page_title": _("Double authentification"),
            "required": mfa_required(request.user),
            "disable_form": MfaCodeForm(),
        },
    )


@login_required
def mfa_enrol(request):
    if request.user.mfa_enabled and request.user.is_verified():
        return redirect("accounts:mfa_manage")
    if request.user.mfa_enabled:
        return redirect("accounts:mfa_verify")
    # The secret waits in the session until a first code confirms it (nothing is written
    # on GET); it stays the same across attempts so the scanned code keeps working.
    key = request.session.get(KEY_SESSION_KEY)
    if not key:
        key = request.session[KEY_SESSION_KEY] = totp_new_key()
    device = totp_enrolment_device(user=request.user, key=key)
    form = MfaCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = totp_enrolment_confirm(
                user=request.user, key=key, token=form.cleaned_data["code"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            django_otp.login(request, device)
            request.session.pop(KEY_SESSION_KEY, None)
            request.session[CODES_SESSION_KEY] = codes
            request.session["labnet_mfa_next"] = _next(request, "")
            messages.success(request, _("La double authentification est activée."))
            return redirect("accounts:mfa_codes")
    return render(
        request,
        "www/accounts/mfa_enrol.html",
        {
            "page_title": _("Activer la double authentification"),
            "form": form,
            "qr_svg": qr_svg(device),
            "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
            "required": mfa_required(request.user),
            "next": _next(request, ""),
        },
        status=400 if form.errors else 200,
    )


@login_required
def mfa_codes(request):
    """The recovery codes just generated, shown this once."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:mfa_manage")
    return render(
        request,
        "www/accounts/mfa_codes.html",
        {
            "page_title": _("Vos codes de secours"),
            "codes": codes,
            "next": request.session.pop("labnet_mfa_next", "") or "",
        },
    )


@login_required
def mfa_verify_view(request):
    if not request.user.mfa_enabled:
        return redirect("accounts:mfa_enrol")
    if request.user.is_verified():
        return redirect(_next(request, "accounts:profile"))
    form = MfaCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa_verify(user=request.user, token=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request, "accounts:profile"))
        form.add_error(
            "code", _("Ce code n'est pas valide ou a expiré : saisissez le code affiché.")
        )
    return render(
        request,
        "www/accounts/mfa_verify.html",
        {"page_title": _("Vérification en deux étapes"), "form": form, "next": _next(request, "")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def mfa_regenerate(request):
    try:
        codes = recovery_codes_regenerate(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:mfa_manage")
    request.session[CODES_SESSION_KEY] = codes
    messages.success(request, _("De nouveaux codes de secours remplacent les anciens."))
    return redirect("accounts:mfa_codes")


@login_required
@require_POST
def mfa_disable_view(request):
    form = MfaCodeForm(request.POST)
    if form.is_valid():
        try:
            mfa_disable(user=request.user, token=form.cleaned_data["code"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("La double authentification est désactivée."))
            return redirect("accounts:mfa_manage")
    return render(
        request,
        "www/accounts/mfa_manage.html",
        {
            "page_title": _("Double authentification"),
            "required": mfa_required(request.user),
            "disable_form": form,
        },
        status=400,
    )
