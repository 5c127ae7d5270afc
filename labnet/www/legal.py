"""The pages every public site links from its footer: the accessibility statement (RGAA),
the legal notice, personal data, and the site map. They read no database: who publishes
and hosts the site comes from settings.LABNET_LEGAL."""

import datetime as dt
from types import SimpleNamespace

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from labnet.www.page_cache import public_page


def _legal() -> SimpleNamespace:
    values = dict(settings.LABNET_LEGAL)
    values["accessibility_statement_date"] = dt.date.fromisoformat(
        values["accessibility_statement_date"]
    )
    return SimpleNamespace(**values)


def _page(request, template, title, **context):
    return render(
        request,
        template,
        {
            "page_title": title,
            "breadcrumb_data": {"links": [], "current": title},
            "legal": _legal(),
            **context,
        },
    )


@public_page()
def accessibility(request):
    return _page(request, "www/legal/accessibility.html", _("Déclaration d'accessibilité"))


@public_page()
def legal_notice(request):
    return _page(request, "www/legal/legal_notice.html", _("Mentions légales"))


@public_page()
def personal_data(request):
    return _page(
        request,
        "www/legal/personal_data.html",
        _("Données personnelles"),
        retention_days=settings.LABNET_RETENTION_DAYS,
        visitor_retention_days=settings.LABNET_VISITOR_RETENTION_DAYS,
    )


@public_page()
def site_map(request):
    return _page(request, "www/legal/site_map.html", _("Plan du site"))
