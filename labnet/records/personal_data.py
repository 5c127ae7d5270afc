"""What the record holds of its own about a person: the lines shown, the attestations and
the confirmations of their contributions. The rest of the record is read from the other
domains, which export and erase their own data.

Erasure: choices and confirmations go; attestations are revoked (not deleted) so that a
number someone was shown answers "revoked", not "unknown".
"""

from django.utils import timezone

from .models import Attestation, Confirmation, ShownLine
from .selectors import record_lines


def record_export(user) -> dict:
    return {
        "lines": [
            {
                "key": line.key,
                "kind": line.kind,
                "year": line.year,
                "title": line.title,
                "detail": line.detail,
                "shown_on_profile": line.shown,
                "confirmation": line.confirmation.statement if line.confirmation else None,
            }
            for line in record_lines(user)
        ],
        "attestations": [
            {
                "number": a.number,
                "issued_at": a.issued_at.isoformat(),
                "revoked_at": a.revoked_at.isoformat() if a.revoked_at else None,
                "lines": a.keys,
            }
            for a in Attestation.objects.filter(user=user)
        ],
    }


def record_erase(user) -> None:
    ShownLine.objects.filter(user=user).delete()
    Confirmation.objects.filter(user=user).delete()
    Attestation.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), keys=[]
    )
