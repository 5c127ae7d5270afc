"""Certificates print names as written, outside Latin-1 too, in the Marianne typeface."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from labnet.trainings import selectors
from labnet.trainings.certificate import certificate_pdf
from labnet.trainings.completion import Progress
from labnet.trainings.fonts import certificate_fonts
from tests.factories import UserFactory

from .factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def _pdf(full_name):
    enrolment = EnrolmentFactory(cohort=CohortFactory(), user=UserFactory(full_name=full_name))
    enrolment = selectors.enrolment_for_certificate(enrolment.user, enrolment.pk)
    return certificate_pdf(enrolment, progress=Progress(3, 3, 80), issued_on=dt.date(2026, 12, 1))


def _text_and_fonts(pdf: bytes):
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {font["/BaseFont"] for font in page["/Resources"]["/Font"].values()}
    return page.extract_text(), fonts


def test_a_polish_name_is_printed_exactly_in_marianne():
    text, fonts = _text_and_fonts(_pdf("Łucja Wałęsa"))
    assert "Łucja Wałęsa" in text.splitlines()
    assert "?" not in text.split("Numéro")[0]
    assert any("Marianne" in str(font) for font in fonts)


@pytest.mark.skipif(
    certificate_fonts().fallback is None, reason="DejaVu Sans (fonts-dejavu-core) not installed"
)
@pytest.mark.parametrize("name", ["Αλέξης Παπαδόπουλος", "Дмитрий Иванов"])
def test_greek_and_cyrillic_names_fall_back_to_dejavu(name):
    text, fonts = _text_and_fonts(_pdf(name))
    assert name in text.splitlines()
    assert any("DejaVu" in str(font) for font in fonts)


def test_the_fonts_are_unpacked_once_into_the_cache(settings, tmp_path):
    settings.LABNET_FONT_CACHE = tmp_path
    certificate_fonts.cache_clear()
    try:
        fonts = certificate_fonts()
        files = sorted(p.name for p in tmp_path.iterdir())
        assert len(files) == 2 and all(name.endswith(".otf") for name in files)
        assert fonts.marianne[""].parent == tmp_path
        modified = fonts.marianne[""].stat().st_mtime_ns
        certificate_fonts.cache_clear()
        certificate_fonts()
        assert fonts.marianne[""].stat().st_mtime_ns == modified
    finally:
        certificate_fonts.cache_clear()
