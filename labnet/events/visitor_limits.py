"""How many registrations visitors (no account) may make from one network address.

A visitor's registration costs nothing to make and sends an e-mail to any address: a
limit per address and hour keeps one machine from flooding events and mailboxes. The
counter lives in the cache (shared by the workers in production, see settings CACHES);
it counts registrations made, not refused attempts.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VISITOR_REGISTRATIONS_PER_HOUR = 10
WINDOW_SECONDS = 60 * 60


def _key(address: str) -> str:
    return f"events:visitor-registrations:{address}"


def visitor_quota_check(address: str) -> None:
    """Raise a French ValidationError when `address` used its registrations for the hour."""
    if cache.get(_key(address), 0) >= VISITOR_REGISTRATIONS_PER_HOUR:
        raise ValidationError(
            _(
                "Trop d'inscriptions ont été faites depuis votre connexion dans l'heure "
                "(%(limit)d au plus). Réessayez plus tard, ou connectez-vous à votre compte."
            )
            % {"limit": VISITOR_REGISTRATIONS_PER_HOUR},
            code="throttled",
        )


def visitor_quota_use(address: str) -> None:
    """Count one registration made from `address` (the hour starts at the first one)."""
    key = _key(address)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, WINDOW_SECONDS)
