"""The Atlas and the booklet: built from the live data as tagged PDFs in Marianne, cached
by the version of the data, rebuilt when it changes, never a server error."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from labnet.impact.models import Indicator, Measurement
from labnet.labs.models import Lab
from labnet.projects.models import Project
from labnet.publications import pdf as publication_pdf
from labnet.publications.enums import BuildStatus, PublicationKind
from labnet.publications.models import Publication
from labnet.publications.pdf import PublicationUnavailable
from labnet.publications.selectors import booklet_sections, data_version
from tests.factories import LabFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(django_capture_on_commit_callbacks):
    call_command("import_network", "data/network", stdout=io.StringIO())


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Builds queued after a request's commit run at once (the immediate task backend)."""

    class BuildingClient:
        def get(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.get(*args, **kwargs)

    return BuildingClient()


def _text(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")


def test_the_atlas_names_every_lab_and_is_tagged(client, network):
    itinerant = Lab.objects.order_by("key").first()
    itinerant.is_itinerant = True
    itinerant.save()
    # The first visitor's request queues the build (run as soon as the request commits).
    first = client.get("/publications/atlas.pdf")
    assert first.status_code == 503
    assert "La publication est en cours de construction" in first.content.decode()
    build = Publication.objects.get()
    assert build.status == BuildStatus.READY, build.error
    response = client.get("/publications/atlas.pdf")
    elapsed = build.seconds
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(_text(reader).split())
    missing = [name for name in Lab.objects.values_list("name", flat=True) if name not in text]
    assert missing == []
    # What the Atlas says of each lab (here, where it works), in the language asked.
    assert "Itinérant : il se déplace vers les services qu'il accompagne" in text
    assert "Les laboratoires" in text and "Structure d'accueil" in text
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "fr"
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages[:3]
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any("Marianne" in font for font in fonts), fonts
    print(f"atlas: {Lab.objects.count()} labs, {len(reader.pages)} pages, {elapsed:.1f} s")


def test_the_booklet_prints_every_published_sheet_with_its_public_indicators(client, network):
    sheet = Project.objects.filter(is_public=True).order_by("key").first()
    measured = Indicator.objects.create(
        key="guichet-attente",
        project=sheet,
        name="Attente moyenne au guichet",
        unit="minutes",
        direction="decrease",
        baseline_value=40,
        target_value=20,
        is_public=True,
    )
    Measurement.objects.create(
        indicator=measured, value=30, measured_on=datetime.date(2024, 5, 1), source_text="x"
    )
    Indicator.objects.create(
        key="guichet-interne",
        project=sheet,
        name="Indicateur confidentiel",
        unit="%",
        direction="increase",
        is_public=False,
    )
    client.get("/en/publications/livret.pdf")
    response = client.get("/en/publications/livret.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(_text(reader).split())
    titles = Project.objects.filter(is_public=True).values_list("title", flat=True)
    assert [title for title in titles if " ".join(title.split()) not in text] == []
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    # Every public indicator of a published sheet, with its progress; none of the others.
    public = Indicator.objects.filter(is_public=True, project__is_public=True)
    assert public.count() == 3  # the seeds' two Lab'O indicators and this one
    assert [name for name in public.values_list("name", flat=True) if name not in text] == []
    assert "Attente moyenne au guichet" in text
    assert "50 %" in text  # from 40 towards 20, now 30: half way
    assert "Indicateur confidentiel" not in text
    # The booklet in English: the shared table's headings in English.
    assert "Latest value" in text and "Objective" in text
    assert "Dernière valeur" not in text


def test_the_atlas_in_english(client, network):
    client.get("/en/publications/atlas.pdf")
    response = client.get("/en/publications/atlas.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(_text(reader).split())
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "The labs" in text and "Index by region" in text
    assert "Les laboratoires" not in text
    missing = [name for name in Lab.objects.values_list("name", flat=True) if name not in text]
    assert missing == []
    assert Publication.objects.get().language == "en"


def test_a_booklet_is_rebuilt_when_a_measured_value_is_corrected(network):
    before = data_version("livret")
    atlas_before = data_version("atlas")
    measurement = Measurement.objects.filter(indicator__is_public=True).first()
    measurement.value += 1
    measurement.save()
    assert data_version("livret") != before
    assert data_version("atlas") == atlas_before


def test_a_build_is_reused_until_the_data_changes(client, network):
    client.get("/publications/atlas.pdf")
    first = client.get("/publications/atlas.pdf").content
    assert client.get("/publications/atlas.pdf").content == first
    assert Publication.objects.filter(kind="atlas", language="fr").count() == 1
    lab = Lab.objects.order_by("key").first()
    lab.summary = "Un nouveau résumé."
    lab.save()
    # The old build is served while the new one is made, then the new one.
    assert client.get("/publications/atlas.pdf").content == first
    response = client.get("/publications/atlas.pdf")
    assert "Un nouveau résumé." in _text(PdfReader(io.BytesIO(response.content)))
    (current,) = Publication.objects.filter(kind="atlas", language="fr")
    assert current.status == BuildStatus.READY


def test_the_page_says_when_each_was_built(client, network):
    html = client.get("/publications/").content.decode()
    assert "Pas encore construite" in html
    client.get("/publications/livret.pdf")
    client.get("/publications/livret.pdf")
    html = client.get("/publications/").content.decode()
    assert html.count("Construite le") == 1
    assert re.search(r"Construite le \d+ \w+ \d{4} à \d\d:\d\d, \d+ pages\.", html)
    client.get("/en/publications/livret.pdf")
    english = client.get("/en/publications/").content.decode()
    assert re.search(r"Built on \d+ \w+ \d{4} at \d\d:\d\d, \d+ pages\.", english)
    assert " à " not in re.sub(r"<[^>]+>", " ", english.split("<main", 1)[1])


def test_a_pdf_that_cannot_be_built_says_why_without_an_error(client, network, monkeypatch):
    def no_pango():
        raise PublicationUnavailable(publication_pdf.PANGO_HELP)

    monkeypatch.setattr(publication_pdf, "_weasyprint", no_pango)
    response = client.get("/publications/atlas.pdf")
    assert response.status_code == 503
    assert response.status_code == 503
    response = client.get("/publications/atlas.pdf")
    assert response.status_code == 503
    assert "apt-get install libpango-1.0-0" in response.content.decode()
    assert Publication.objects.get().status == BuildStatus.FAILED


def test_an_unknown_publication_is_a_404(client):
    assert client.get("/publications/inconnue.pdf").status_code == 404
    assert set(PublicationKind.values) == {"atlas", "livret"}


def test_a_post_to_a_publication_is_refused_and_queues_no_build(db):
    # Found by the generated access test: a POST was served as a GET and queued a build.
    client = Client()
    assert client.post("/publications/atlas.pdf").status_code == 405
    assert client.post("/en/publications/livret.pdf", {"x": "1"}).status_code == 405
    assert Publication.objects.count() == 0


def test_the_booklets_sections_cost_three_queries_whatever_the_sheets(django_assert_num_queries):
    def add_sheet(n):
        project = ProjectFactory(lead_lab=LabFactory(), key=f"fiche-{n}", title=f"Fiche {n}")
        indicator = Indicator.objects.create(
            key=f"ind-{n}",
            project=project,
            name=f"Indicateur {n}",
            unit="%",
            direction="increase",
            baseline_value=0,
            target_value=10,
            is_public=True,
        )
        Measurement.objects.create(indicator=indicator, value=n, source_text="t")

    add_sheet(1)
    with django_assert_num_queries(3):
        sections = booklet_sections()
    for n in (2, 3):
        add_sheet(n)
    with django_assert_num_queries(3):
        sections = booklet_sections()
    sheets = [p for _region, labs in sections for _lab, projects in labs for p in projects]
    assert sorted((p.key, [v.current for v in p.public_indicators]) for p in sheets) == [
        ("fiche-1", [1]),
        ("fiche-2", [2]),
        ("fiche-3", [3]),
    ]
