"""ProConnect's addresses, outside the language prefix: the callback and the post-logout
address are registered with the provider as they are (docs/proconnect.md)."""

from django.urls import path

from . import proconnect

urlpatterns = [
    path(
        "authenticate/", proconnect.ProConnectStartView.as_view(), name="oidc_authentication_init"
    ),
    path(
        "callback/",
        proconnect.ProConnectCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path(
        "logout/callback/",
        proconnect.ProConnectLogoutCallbackView.as_view(),
        name="oidc_logout_callback",
    ),
]
