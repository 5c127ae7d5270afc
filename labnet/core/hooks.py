"""Named moments a lower domain announces to the domains built on it.

The dependency order (docs/architecture.md) lets a later app import an earlier one, never
the reverse. When an earlier domain reaches a moment a later one must act on (a request is
closed, a project ends), it declares a `Hook` and calls `fire()` inside its own
transaction; the later app `connect()`s a function to it from its AppConfig.ready():

    # labnet/intake/hooks.py (the lower layer)
    request_closed = Hook("intake.request_closed")

    # labnet/impact/apps.py (the later one)
    request_closed.connect(survey_for_request)

Unlike Django signals, a hook is declared next to the code that fires it, takes keyword
arguments only, calls its functions in order inside the caller's transaction and lets
their exceptions through: a failing receiver rolls the whole write back
(docs/adr/0033-impact-hooks-for-closings.md).
"""

from collections.abc import Callable


class Hook:
    def __init__(self, name: str):
        self.name = name
        self._receivers: list[Callable[..., None]] = []

    def connect(self, receiver: Callable[..., None]) -> None:
        """Call `receiver(**kwargs)` on every `fire`; connecting it twice is a no-op."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)

    def disconnect(self, receiver: Callable[..., None]) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def fire(self, **kwargs) -> None:
        for receiver in list(self._receivers):
            receiver(**kwargs)

    def __repr__(self):
        return f"Hook({self.name!r})"
