"""What other tools hear of the network's funding: `allocation.decided`, sent when an
allocation becomes decided (committed: its convention is signed), created so or moved
there. Planned allocations stay internal, so nothing is sent for them; the move from
committed to paid is not a new decision."""

from labnet.webhooks import payloads
from labnet.webhooks.enums import WebhookEvent
from labnet.webhooks.services import webhook_emit

from .models import Allocation


def allocation_decided_emit(allocation: Allocation) -> None:
    """Queue `allocation.decided` (call inside the write's transaction: nothing leaves if
    it rolls back). A lab's subscriptions hear of its own allocations and of those of the
    projects it leads."""
    webhook_emit(
        event=WebhookEvent.ALLOCATION_DECIDED,
        data=payloads.allocation_decided(allocation),
        lab=allocation.funded_lab,
    )
