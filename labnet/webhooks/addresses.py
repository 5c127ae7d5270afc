"""Where a webhook may be sent: never to the machine itself or its private network.

A subscription's URL is typed by a person; without this check, LabNet's own server would
POST to whatever that name resolves to, including services reachable only from inside
(a database console, a cloud's metadata service at 169.254.169.254): a server-side
request forgery. Every address the host name resolves to must be public (not private,
loopback, link-local, shared, reserved, multicast or unspecified), when the subscription
is created and again before each delivery (a name can be re-pointed later).

`LABNET_WEBHOOKS_ALLOW_PRIVATE` lifts the rule for development and tests, which deliver
to a receiver on 127.0.0.1; production settings force it off (docs/adr/0043).
"""

import ipaddress
import socket

from django.conf import settings


class ForbiddenAddress(Exception):
    """The host resolves to an address LabNet must not call (or does not resolve)."""


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolved_addresses(host: str, port: int | None) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as failure:
        raise ForbiddenAddress(f"{host}: {failure}") from failure
    return sorted({info[4][0] for info in infos})


def check_public_host(host: str, port: int | None = None) -> None:
    """Raise ForbiddenAddress unless every address `host` resolves to is public (or the
    setting allows private ones)."""
    if settings.LABNET_WEBHOOKS_ALLOW_PRIVATE:
        return
    addresses = resolved_addresses(host, port)
    private = [address for address in addresses if not _is_public(address)]
    if not addresses or private:
        raise ForbiddenAddress(f"{host} -> {', '.join(private) or 'no address'}")
