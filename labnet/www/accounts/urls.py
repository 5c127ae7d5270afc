from django.urls import path

from . import mfa_views, tokens, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("inscription/", views.register, name="register"),
    path("inscription/envoyee/", views.register_done, name="register_done"),
    path("activer/<uidb64>/<token>/", views.activate, name="activate"),
    path("mot-de-passe/changer/", views.PasswordChangeView.as_view(), name="password_change"),
    path("double-authentification/", mfa_views.mfa_manage, name="mfa_manage"),
    path("double-authentification/activer/", mfa_views.mfa_enrol, name="mfa_enrol"),
    path("double-authentification/codes/", mfa_views.mfa_codes, name="mfa_codes"),
    path("double-authentification/verifier/", mfa_views.mfa_verify_view, name="mfa_verify"),
    path(
        "double-authentification/nouveaux-codes/",
        mfa_views.mfa_regenerate,
        name="mfa_regenerate",
    ),
    path(
        "double-authentification/desactiver/",
        mfa_views.mfa_disable_view,
        name="mfa_disable",
    ),
    path("", views.profile, name="profile"),
    path("jetons/", tokens.tokens, name="tokens"),
    path("jetons/<int:token_id>/revoquer/", tokens.token_revoke, name="token_revoke"),
    path("mot-de-passe/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
