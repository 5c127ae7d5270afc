"""What the single window announces to later domains (labnet.core.hooks)."""

from labnet.core.hooks import Hook

# Fired inside the closing transaction, once a request reaches one of CLOSED_STATUSES:
# `request_closed.fire(request=..., status=...)`.
request_closed = Hook("intake.request_closed")
