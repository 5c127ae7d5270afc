from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labnet.accounts import proconnect
from labnet.accounts.enums import LabRole
from labnet.accounts.mfa import mfa_required
from labnet.accounts.rules import audit_log_scope
from labnet.accounts.services import user_activate, user_register

from .forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    RegistrationForm,
    SetPasswordForm,
)
from .proconnect import LOGOUT_STATE_COOKIE, proconnect_logout_redirect


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "www/accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"page_title": gettext_lazy("Se connecter")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The ProConnect button only when it is configured (docs/proconnect.md).
        context["proconnect"] = proconnect.is_configured()
        return context


class LogoutView(auth_views.LogoutView):
    """Signs out of LabNet and, after a ProConnect sign-in, of ProConnect too (its
    end-session endpoint, then back to /oidc/logout/callback/)."""

    def post(self, request, *args, **kwargs):
        provider = proconnect_logout_redirect(request) if request.user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        if provider is None:
            return response
        url, signed_state = provider
        response = HttpResponseRedirect(url)
        response.set_cookie(
            LOGOUT_STATE_COOKIE,
            signed_state,
            max_age=15 * 60,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "www/accounts/password_reset.html"
    email_template_name = "www/accounts/emails/password_reset.txt"
    subject_template_name = "www/accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"page_title": gettext_lazy("Mot de passe oublié")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "www/accounts/password_reset_done.html"
    extra_context = {"page_title": gettext_lazy("Courriel envoyé")}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "www/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"page_title": gettext_lazy("Nouveau mot de passe")}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "www/accounts/password_reset_complete.html"
    extra_context = {"page_title": gettext_lazy("Mot de passe modifié")}


def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # None when the address has an account: the page says the same either way.
            user_register(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field, message)
        else:
            return redirect("accounts:register_done")
    return render(
        request, "www/accounts/register.html", {"form": form, "page_title": _("Créer un compte")}
    )


def register_done(request):
    return render(
        request,
        "www/accounts/register_done.html",
        {"page_title": _("Vérifiez votre messagerie")},
    )


def activate(request, uidb64, token):
    try:
        user = user_activate(uidb64=uidb64, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, _("Votre adresse est confirmée et votre compte activé. Bienvenue sur LabNet.")
    )
    return redirect("accounts:profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "www/accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {"page_title": gettext_lazy("Changer de mot de passe")}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.request = self.request
        return form

    def form_valid(self, form):
        messages.success(
            self.request,
            _("Votre mot de passe est changé. Vos autres sessions ouvertes sont fermées."),
        )
        return super().form_valid(form)


@login_required
def profile(request):
    memberships = list(
        request.user.memberships.select_related("lab", "lab__region").order_by("lab__name")
    )
    return render(
        request,
        "www/accounts/profile.html",
        {
            "memberships": memberships,
            "leads_a_lab": any(m.role == LabRole.LEAD for m in memberships),
            "page_title": _("Mon compte"),
            "can_read_audit": audit_log_scope(request.user) != set(),
            "mfa_required": mfa_required(request.user),
        },
    )
