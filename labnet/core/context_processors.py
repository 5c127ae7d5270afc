from types import SimpleNamespace

from django.conf import settings


def site(request):
    """Site identity for the DSFR templates, from settings rather than a database row.

    django-dsfr's own processor reads a `DsfrConfig` row on every request; LabNet's
    identity is fixed, so it costs no query here.
    """
    return {
        "SITE_CONFIG": SimpleNamespace(**settings.LABNET_SITE),
        "LABNET_DEMO_ACCOUNTS": settings.LABNET_DEMO_ACCOUNTS,
    }
