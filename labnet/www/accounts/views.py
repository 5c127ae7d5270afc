from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labnet.accounts.enums import LabRole
from labnet.accounts.services import user_register

from .forms import LoginForm, PasswordResetForm, RegistrationForm, SetPasswordForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "www/accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"page_title": gettext_lazy("Se connecter")}


class LogoutView(auth_views.LogoutView):
    pass


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
            user = user_register(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field, message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Votre compte est créé. Bienvenue sur LabNet."))
            return redirect("accounts:profile")
    return render(
        request, "www/accounts/register.html", {"form": form, "page_title": _("Créer un compte")}
    )


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
        },
    )
