"""The DCAT catalogue of the open datasets, as JSON-LD and Turtle.

It carries the properties data.gouv.fr's DCAT harvester (udata) maps: identifier, title,
description, keywords, theme, licence, issued and modified dates, periodicity, publisher,
contact point, landing page and the schema each file conforms to; per distribution the
download address, media type, format, size and title. The events dataset also lists the
iCalendar feeds of every campaign and region. Sizes are measured by writing each export
once and kept in the cache under the dataset's last-change date, so a catalogue request
does not rebuild files that have not changed.
"""

import hashlib
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from labnet.core.links import site_url

from .datasets import DATASETS, Dataset
from .exports import LICENSE, csv_stream, json_stream
from .scdl import SCHEMA_URL, VERSION, ScdlUnavailable, awarding_body, scdl_csv_stream
from .scdl import data_version as scdl_data_version

# The day LabNet first published these datasets.
ISSUED = date(2026, 12, 1)
THEME = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _byte_size(dataset: Dataset, fmt: str) -> int:
    modified = dataset.modified()
    if dataset.version is not None:
        version = hashlib.sha256(dataset.version().encode()).hexdigest()
    else:
        version = modified.isoformat() if modified else "live"
    key = f"opendata:size:{dataset.key}:{fmt}:{version}"
    size = cache.get(key)
    if size is None:
        stream = csv_stream(dataset) if fmt == "csv" else json_stream(dataset)
        size = sum(len(chunk.encode("utf-8")) for chunk in stream)
        if modified is not None:
            cache.set(key, size, timeout=24 * 3600)
    return size


def _literal(value, datatype=None) -> dict:
    return {"@value": value, "@type": datatype} if datatype else {"@value": value}


def _distribution(dataset: Dataset, fmt: str, media_type: str) -> dict:
    url = site_url(reverse(f"opendata:download_{fmt}", kwargs={"key": dataset.key}))
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title} ({fmt.upper()})",
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:format": fmt.upper(),
        "dcat:byteSize": _literal(_byte_size(dataset, fmt), "xsd:nonNegativeInteger"),
        "dct:conformsTo": {
            "@id": site_url(reverse("opendata:schema", kwargs={"key": dataset.key}))
        },
        "dct:license": {"@id": LICENSE["path"]},
    }


def _scdl_distribution(dataset: Dataset) -> list[dict]:
    """The allocations in the national grants format, when the awarding body's SIRET is
    configured (docs/adr/0042); it conforms to the SCDL schema, not to LabNet's."""
    try:
        name, siret = awarding_body()
    except ScdlUnavailable:
        return []
    url = site_url(reverse("opendata:scdl_csv"))
    key = f"opendata:size:scdl:{scdl_data_version()}"
    size = cache.get(key)
    if size is None:
        size = sum(len(c.encode("utf-8")) for c in scdl_csv_stream(name=name, siret=siret))
        cache.set(key, size, timeout=24 * 3600)
    return [
        {
            "@id": url,
            "@type": "dcat:Distribution",
            "dct:title": _("%(title)s au format SCDL subventions %(version)s (CSV)")
            % {"title": dataset.title, "version": VERSION},
            "dcat:downloadURL": {"@id": url},
            "dcat:accessURL": {"@id": url},
            "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/text/csv"},
            "dct:format": "CSV",
            "dcat:byteSize": _literal(size, "xsd:nonNegativeInteger"),
            "dct:conformsTo": {"@id": SCHEMA_URL},
            "dct:license": {"@id": LICENSE["path"]},
        }
    ]


def _feed(url: str, title: str) -> dict:
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/text/calendar"},
        "dct:format": "ICS",
        "dct:license": {"@id": LICENSE["path"]},
    }


def _feed_distributions() -> list[dict]:
    """The iCalendar feeds anyone subscribes to: one per campaign and one per region."""
    from labnet.events.models import Campaign
    from labnet.territories.models import Region

    feeds = [
        _feed(
            site_url(reverse("events:feed_campaign", kwargs={"key": key})),
            _("Agenda de la campagne %(name)s (iCalendar)") % {"name": name},
        )
        for key, name in Campaign.objects.order_by("key").values_list("key", "name")
    ]
    feeds += [
        _feed(
            site_url(reverse("events:feed_region", kwargs={"code": code})),
            _("Agenda de la région %(name)s (iCalendar)") % {"name": name},
        )
        for code, name in Region.objects.order_by("code").values_list("code", "name")
    ]
    return feeds


def catalogue_jsonld() -> dict:
    publisher = {
        "@type": "foaf:Organization",
        "foaf:name": settings.LABNET_OPEN_DATA_PUBLISHER,
    }
    contact = {
        "@type": "vcard:Kind",
        "vcard:fn": "LabNet",
        "vcard:hasEmail": {"@id": f"mailto:{settings.LABNET_OPEN_DATA_CONTACT}"},
    }
    datasets = []
    for dataset in DATASETS:
        modified = dataset.modified()
        distributions = [
            _distribution(dataset, "csv", "text/csv"),
            _distribution(dataset, "json", "application/json"),
        ]
        if dataset.key == "evenements":
            distributions += _feed_distributions()
        if dataset.key == "financements":
            distributions += _scdl_distribution(dataset)
        landing = site_url(reverse("opendata:index")) + f"#{dataset.key}"
        datasets.append(
            {
                "@id": site_url(reverse("opendata:index")) + f"#dataset-{dataset.key}",
                "@type": "dcat:Dataset",
                "dct:identifier": dataset.key,
                "dct:title": str(dataset.title),
                "dct:description": str(dataset.description),
                "dcat:keyword": list(dataset.keywords),
                "dcat:theme": {"@id": THEME},
                "dct:license": {"@id": LICENSE["path"]},
                "dct:issued": _literal(ISSUED.isoformat(), "xsd:date"),
                "dct:modified": _literal(
                    (modified.date() if modified else date.today()).isoformat(), "xsd:date"
                ),
                "dct:accrualPeriodicity": {"@id": FREQUENCY + dataset.periodicity},
                "dct:publisher": publisher,
                "dcat:contactPoint": contact,
                "dcat:landingPage": {"@id": landing},
                "dct:conformsTo": {
                    "@id": site_url(reverse("opendata:schema", kwargs={"key": dataset.key}))
                },
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": CONTEXT,
        "@id": site_url(reverse("opendata:catalogue_jsonld")),
        "@type": "dcat:Catalog",
        "dct:title": _("Données ouvertes du réseau des laboratoires d'innovation publique"),
        "dct:description": _("Les jeux de données que LabNet publie depuis ses données vivantes."),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENSE["path"]},
        "dcat:dataset": datasets,
    }


def catalogue_turtle() -> str:
    import json

    from rdflib import Graph

    graph = Graph()
    graph.parse(data=json.dumps(catalogue_jsonld()), format="json-ld")
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    return graph.serialize(format="turtle")
