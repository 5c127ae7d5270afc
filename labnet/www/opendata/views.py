"""The open data pages: the list of datasets, each file streamed, its Table Schema, and
the DCAT catalogue the national portal harvests."""

import json

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from labnet.opendata.catalogue import catalogue_jsonld, catalogue_turtle
from labnet.opendata.datasets import DATASETS, dataset_get
from labnet.opendata.exports import LICENSE, csv_stream, json_stream, table_schema
from labnet.opendata.scdl import (
    SCHEMA_URL,
    VERSION,
    ScdlUnavailable,
    awarding_body,
    scdl_coverage_cached,
    scdl_csv_stream,
)
from labnet.www.page_cache import CATALOGUE, public_page


def _dataset_or_404(key):
    dataset = dataset_get(key)
    if dataset is None:
        raise Http404(_("Ce jeu de données n'existe pas."))
    return dataset


@public_page(*CATALOGUE, "events", "trainings", "funding", "impact", "intake")
def index(request):
    return render(
        request,
        "www/opendata/index.html",
        {
            "page_title": _("Données ouvertes"),
            "datasets": [(dataset, dataset.modified()) for dataset in DATASETS],
            "license": LICENSE,
            "scdl": _scdl_summary(),
        },
    )


def _scdl_summary() -> dict:
    summary = {"version": VERSION, "schema_url": SCHEMA_URL, "unavailable": ""}
    try:
        awarding_body()
    except ScdlUnavailable as unavailable:
        summary["unavailable"] = str(unavailable)
        return summary
    coverage = scdl_coverage_cached()
    summary |= {
        "written": coverage.written,
        "left_out": coverage.left_out,
        "lacking": sorted(coverage.lacking.items()),
    }
    return summary


def download_scdl(request):
    try:
        name, siret = awarding_body()
    except ScdlUnavailable as unavailable:
        return render(
            request,
            "www/opendata/unavailable.html",
            {"page_title": _("Fichier non publié"), "message": str(unavailable)},
            status=503,
        )
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in scdl_csv_stream(name=name, siret=siret)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="labnet-subventions-scdl.csv"'
    return response


def download_csv(request, key):
    dataset = _dataset_or_404(key)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in csv_stream(dataset)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="labnet-{dataset.key}.csv"'
    return response


def download_json(request, key):
    dataset = _dataset_or_404(key)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in json_stream(dataset)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="labnet-{dataset.key}.json"'
    return response


def schema(request, key):
    dataset = _dataset_or_404(key)
    return JsonResponse(table_schema(dataset), json_dumps_params={"ensure_ascii": False})


def catalogue_jsonld_view(request):
    return HttpResponse(
        json.dumps(catalogue_jsonld(), ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )


def catalogue_ttl_view(request):
    return HttpResponse(catalogue_turtle(), content_type="text/turtle; charset=utf-8")
