"""Authentication events on the audit trail, and shorter sessions for staff.

Django and django-axes announce sign-ins, failures, lockouts and sign-outs by signals,
whichever door was used (site, API token, Django admin, ProConnect): one receiver each
writes the audit entry, with the channel read from the address.
"""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from labnet.accounts.audit import AccountsAction
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record

from .lockout import attempted_username


def channel_of(request) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith("/en/"):
        path = path[3:]
    if path.startswith("/api/"):
        return AuditEntry.Channel.API
    if path.startswith("/admin/"):
        return AuditEntry.Channel.ADMIN
    return AuditEntry.Channel.WEB


def _user_for(address):
    from .models import User

    if not address:
        return None
    return User.objects.filter(email__iexact=address).first()


def _through_a_door(request) -> bool:
    """A sign-in made by an HTTP request (site, admin, API, ProConnect). Logins made in
    code, with a bare HttpRequest (the test client's force_login, a shell), are not
    authentication events and are not recorded."""
    request = getattr(request, "_request", request)
    return request is not None and bool(getattr(request, "META", {}).get("REQUEST_METHOD"))


def _method(user) -> str:
    backend = getattr(user, "backend", "") or ""
    return "proconnect" if backend.endswith("ProConnectBackend") else "password"


@receiver(user_logged_in, dispatch_uid="labnet.accounts.sign_in")
def _signed_in(sender, request, user, **kwargs):
    staff = user.is_staff or user.is_superuser or user.is_coordinator
    if staff and request is not None and hasattr(request, "session"):
        request.session.set_expiry(settings.LABNET_STAFF_SESSION_SECONDS)
    if not _through_a_door(request):
        return
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AccountsAction.SIGN_IN,
            target=user,
            changes={"method": _method(user)},
            channel=channel_of(request),
        )


@receiver(user_login_failed, dispatch_uid="labnet.accounts.sign_in_fail")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    if not _through_a_door(request):
        return
    address = attempted_username(None, credentials)
    locked = bool(getattr(getattr(request, "_request", request), "axes_locked_out", False))
    with transaction.atomic():
        audit_record(
            actor=None,
            action=AccountsAction.SIGN_IN_FAIL,
            target=_user_for(address),
            changes={"attempted": (address or "")[:254], "locked_out": locked},
            channel=channel_of(request),
        )


@receiver(user_locked_out, dispatch_uid="labnet.accounts.lockout")
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    with transaction.atomic():
        audit_record(
            actor=None,
            action=AccountsAction.LOCKOUT,
            target=_user_for(username),
            changes={"attempted": (username or "")[:254], "address": ip_address or ""},
            channel=channel_of(request),
        )


@receiver(user_logged_out, dispatch_uid="labnet.accounts.sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is None or not _through_a_door(request):
        return
    with transaction.atomic():
        audit_record(
            actor=user, action=AccountsAction.SIGN_OUT, target=user, channel=channel_of(request)
        )
