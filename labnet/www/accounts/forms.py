from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.template import loader
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.accounts.services import password_reset_requested, user_password_set
from labnet.core.mail import email_enqueue


class LoginForm(DsfrBaseForm, auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Les deux champs tiennent compte "
            "des majuscules."
        ),
        "inactive": _("Ce compte est désactivé."),
    }


class RegistrationForm(DsfrBaseForm):
    full_name = forms.CharField(label=_("Prénom et nom"), max_length=200)
    email = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Saisissez une adresse électronique valide, ex. prenom.nom@example.fr.")
        },
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("12 caractères au moins, pas uniquement des chiffres."),
    )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class PasswordResetForm(DsfrBaseForm, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args, **kwargs):
        password_reset_requested(users=list(self.get_users(self.cleaned_data["email"])))
        return super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Same message as Django's, but queued as a background task like every LabNet e-mail.
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_enqueue(subject=subject, body=body, to=[to_email])


class SetPasswordForm(DsfrBaseForm, auth_forms.SetPasswordForm):
    def save(self, commit=True):
        return user_password_set(
            user=self.user, password=self.cleaned_data["new_password1"], reason="reset"
        )


class PasswordChangeForm(DsfrBaseForm, auth_forms.PasswordChangeForm):
    request = None  # set by the view: the current session stays signed in

    def save(self, commit=True):
        return user_password_set(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            reason="change",
            request=self.request,
        )


class MfaCodeForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code de vérification"),
        help_text=_(
            "Les 6 chiffres affichés par votre application d'authentification, ou l'un de "
            "vos codes de secours."
        ),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
