"""Standard Webhooks signatures (standardwebhooks.com): the receiver checks
`webhook-signature` = "v1," + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")), with
the secret given as "whsec_" + base64 of its bytes."""

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(*, secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(
            secret=secret, message_id=message_id, timestamp=timestamp, body=body
        ),
        "content-type": "application/json",
        "user-agent": "LabNet-Webhooks/1",
    }


def verify(*, secret: str, headers: dict, body: bytes) -> bool:
    """What a receiver does (used by the tests, and documented for re-users)."""
    expected = sign(
        secret=secret,
        message_id=headers["webhook-id"],
        timestamp=int(headers["webhook-timestamp"]),
        body=body,
    )
    given = headers["webhook-signature"].split()
    return any(hmac.compare_digest(expected, candidate) for candidate in given)
