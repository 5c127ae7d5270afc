"""One way to refuse (docs/adr/0030-polish-one-way-to-refuse.md).

A rule answers yes or no (`can_*` in each domain's rules.py); when the answer is no, the
domain raises Django's `PermissionDenied` carrying a French sentence, wrapped for
translation, that says who may do it. Services call `require(...)` before they write,
selectors before they read something private, and views ask the domain the same way for
a page that only shows a form (`<domain>.rules.require_can_*`). Nothing catches it on the
way up: `labnet.www.errors.permission_denied` renders it as a page of the site with the
reason, `labnet.api.errors` as the API's structured error.
"""

from django.core.exceptions import PermissionDenied


def require(allowed: bool, message) -> None:
    """Refuse with `message` (a French, translatable sentence) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)
