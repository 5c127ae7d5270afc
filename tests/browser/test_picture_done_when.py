"""Issue 10's "Done when", in order, in one Chromium walk on the real dataset:

the coordinator opens the national dashboard, filters by region, sees charts with their
tables and downloads a CSV; a visitor opens /bilan/ and sees stated and computed figures
with their sources; downloads both PDFs (pypdf: every lab's name in the Atlas, every
published sheet's title in the booklet, both tagged); /donnees/ lists the datasets; each
CSV validates against its Table Schema; the SCDL file validates against the official
schema; the DCAT catalogue parses and links every distribution; a webhook is received and
verified. axe-core on every page (desktop and 375 px), the Content-Security-Policy and the
console watched. The English pages and a lab's dashboard are in test_picture_walk.py."""

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from frictionless import Resource, Schema
from pypdf import PdfReader
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from labnet.funding.enums import AllocationStatus
from labnet.funding.models import Envelope
from labnet.funding.services.allocations import allocation_create
from labnet.imports.services import network_import
from labnet.labs.models import Lab
from labnet.opendata.datasets import DATASETS
from labnet.opendata.scdl import FIELDS
from labnet.projects.models import Project
from labnet.webhooks import signing
from labnet.webhooks.models import Subscription
from tests.factories import UserFactory
from tests.opendata.test_datasets import BASE, DATASET_PROPERTIES, DISTRIBUTION_PROPERTIES
from tests.opendata.test_scdl import OFFICIAL
from tests.webhooks.test_webhooks import Receiver

from .steps import new_session, sign_in
from .test_picture_walk import DATASET, _both_widths, _charts_drawn, _clean, _watch

pytestmark = pytest.mark.django_db(transaction=True)


def _download(page, link) -> Path:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path())


def _validates(body: bytes, schema: dict, tmp_path: Path, name: str) -> list[dict]:
    (tmp_path / name).write_bytes(body)
    report = Resource(
        path=name, basepath=str(tmp_path), schema=Schema.from_descriptor(schema)
    ).validate()
    assert report.valid, (name, report.flatten(["rowNumber", "fieldName", "type", "note"]))
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _pdf(page, path: str) -> PdfReader:
    # The first request queues the build (run once the request has committed): 503, then
    # the PDF.
    assert page.request.get(path).status in (200, 503)
    response = page.request.get(path)
    assert response.status == 200, path
    reader = PdfReader(io.BytesIO(response.body()))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, path
    assert catalog["/MarkInfo"]["/Marked"] == True, path  # noqa: E712 - pypdf BooleanObject
    assert catalog["/Lang"] == "fr", path
    return reader


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_issue_10_done_when(page, chromium_browser, live_server, axe_check, tmp_path):
    assert network_import(path=DATASET).ok
    cora = UserFactory(email="cora@modernisation.gouv.fr", full_name="Cora", coordinator=True)
    problems = _watch(page)

    # 1. The coordinator opens the national dashboard: charts, each with its table.
    sign_in(page, cora.email)
    page.get_by_role("link", name="Chiffres", exact=True).first.click()
    page.wait_for_url("**/tableau-de-bord/")
    assert page.locator("h1").inner_text() == "Le réseau en chiffres"
    assert page.locator("#internal-notice").is_visible()
    _charts_drawn(page)
    charted = [c.get_attribute("data-chart") for c in page.locator("[data-chart]").all()]
    assert len(charted) >= 8
    for key in charted:
        assert page.locator(f"#figure-{key} table#table-{key} tbody tr").count() >= 1, key
    _clean(page, problems)
    _both_widths(page, axe_check, "done-when-dashboard")

    # 2. Filters by region, then downloads a table's CSV with the same filter.
    page.select_option("#filter-region", "28")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**/tableau-de-bord/?annee=&region=28")
    _charts_drawn(page)
    assert page.locator("#table-projects-region tbody th").all_inner_texts() == ["Normandie"]
    assert page.locator("#figure-projects-stage [data-chart] bar-chart").count() == 1
    assert page.locator("#table-projects-stage tbody tr").count() >= 1
    axe_check(page)
    path = _download(page, page.locator("#figure-projects-region a[download]"))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Région", "Projets"]
    assert [row[0] for row in rows[1:]] == ["Normandie"]
    assert int(rows[1][1]) == int(
        page.locator("#table-projects-region tbody td").first.inner_text()
    )
    _clean(page, problems)

    # 3. A visitor opens the bilan: stated figures beside computed ones, with sources.
    context, visitor = new_session(chromium_browser, live_server)
    visitor_problems = _watch(visitor)
    visitor.goto("/tableau-de-bord/")
    visitor.get_by_role(
        "link", name="Le bilan à date : chiffres annoncés et chiffres calculés"
    ).click()
    visitor.wait_for_url("**/bilan/")
    assert visitor.locator("h1").inner_text() == "Bilan à date"
    first_line = visitor.locator("[data-computed]").first.get_attribute("data-computed")
    assert first_line == "projects.accompanied.count"
    stated = visitor.locator("tr[data-stated]")
    assert stated.count() >= 5
    projects = visitor.locator('tr[data-stated="projects-accompanied"]')
    assert "plus de" in projects.inner_text() and "200" in projects.inner_text()
    assert projects.locator("[data-source]").inner_text() != "—"
    assert projects.get_attribute("data-verdict") in {"agree", "differ"}
    assert "Développer l'innovation territoriale" in projects.inner_text()
    fte = visitor.locator('tr[data-stated="fte-support"]')
    assert fte.get_attribute("data-verdict") == "agree"
    assert "Mois de l'innovation publique" in fte.inner_text()
    computed = visitor.locator('[data-computed="labs.count"] [data-value]').inner_text()
    assert int(computed.replace("\u202f", "").replace("\xa0", "")) == Lab.objects.count()
    _clean(visitor, visitor_problems)
    _both_widths(visitor, axe_check, "done-when-bilan")

    # 4. Both PDFs, from /publications/: the Atlas names every lab, the booklet prints
    # every published sheet's title; both tagged.
    visitor.goto("/publications/")
    axe_check(visitor)
    atlas = _text(_pdf(visitor, "/publications/atlas.pdf"))
    assert [name for name in Lab.objects.values_list("name", flat=True) if name not in atlas] == []
    booklet = _text(_pdf(visitor, "/publications/livret.pdf"))
    titles = Project.objects.filter(is_public=True).values_list("title", flat=True)
    assert titles and [t for t in titles if " ".join(t.split()) not in booklet] == []

    # 5. /donnees/ lists the datasets; each CSV validates against its Table Schema.
    visitor.goto("/donnees/")
    assert visitor.locator("section h2").all_inner_texts() == [str(d.title) for d in DATASETS]
    _both_widths(visitor, axe_check, "done-when-donnees")
    for dataset in DATASETS:
        section = visitor.locator(f"section#{dataset.key}")
        body = _download(visitor, section.get_by_role("link", name=f"CSV — {dataset.title}"))
        schema = json.loads(visitor.request.get(f"/donnees/{dataset.key}.schema.json").body())
        rows = _validates(body.read_bytes(), schema, tmp_path, f"{dataset.key}.csv")
        if dataset.key == "financements":
            assert len(rows) == 12  # the seeds' decided allocations

    # 6. The SCDL file validates against the official schema (the seeds state no amount:
    # the header only, and the page says why).
    funding = visitor.locator("section#financements")
    assert "12 attributions décidées n'y figurent pas" in funding.inner_text()
    scdl = _download(funding.page, funding.get_by_role("link", name="CSV au format SCDL"))
    scdl_rows = _validates(
        scdl.read_bytes(), json.loads(OFFICIAL.read_text()), tmp_path, "scdl.csv"
    )
    assert scdl.read_text(encoding="utf-8").splitlines()[0] == ",".join(FIELDS)
    assert scdl_rows == []

    # 7. The DCAT catalogue parses and links every distribution, each answering.
    catalogue = visitor.request.get("/donnees/catalogue.jsonld")
    graph = Graph().parse(data=catalogue.body(), format="json-ld")
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(DATASETS)
    for dataset in datasets:
        for prop in DATASET_PROPERTIES:
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        for distribution in graph.objects(dataset, DCAT.distribution):
            for prop in DISTRIBUTION_PROPERTIES:
                assert graph.value(distribution, prop) is not None, (distribution, prop)
            url = str(graph.value(distribution, DCAT.downloadURL))
            assert url.startswith(BASE), url
            assert visitor.request.get(url.removeprefix(BASE)).status == 200, url
    _clean(visitor, visitor_problems)
    context.close()

    # 8. A webhook: the coordinator subscribes a receiver on 127.0.0.1, an allocation is
    # decided, the delivery arrives signed as Standard Webhooks says.
    with Receiver() as receiver:
        page.goto("/compte/webhooks/")
        axe_check(page)
        page.fill("#id_url", receiver.url)
        page.locator("label", has_text="financement décidé").click()  # DSFR styles the box
        page.get_by_role("button", name="S'abonner").click()
        page.wait_for_url("**/compte/webhooks/*/")
        axe_check(page)
        subscription = Subscription.objects.get()
        allocation_create(
            actor=cora,
            data={
                "envelope": Envelope.objects.get(key="relance-labs-prefets-de-region"),
                "lab": Lab.objects.get(key="innovmandie"),
                "amount_unknown": True,
                "year": 2024,
            },
            status=AllocationStatus.COMMITTED,
            convention_signed_on=datetime.date(2024, 3, 1),
            convention_reference="CONV-2024-1",
        )
    ((headers, body),) = receiver.received
    assert signing.verify(secret=subscription.secret, headers=headers, body=body)
    assert json.loads(body)["type"] == "allocation.decided"
    _clean(page, problems)
