"""Absolute links to the site, for what is read outside it: e-mails, calendars, schema.org."""

from django.conf import settings


def site_url(path: str = "/") -> str:
    """`path` on the site's public address (setting `LABNET_BASE_URL`)."""
    return settings.LABNET_BASE_URL.rstrip("/") + path
