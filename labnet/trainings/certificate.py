"""The completion certificate, a one-page PDF drawn with fpdf2 (pure Python).

Text is set in Marianne, the State's typeface that django-dsfr ships (as web fonts,
converted once to OpenType by `fonts.py`), so names outside Latin-1 print as written
("Łucja Wałęsa"); letters Marianne lacks (Greek, Cyrillic) fall back to DejaVu Sans when
the system has it (Debian's fonts-dejavu-core), docs/adr/0028-wayfinding-certificate-fonts.md.
"""

import datetime as dt
import zoneinfo
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from labnet.core.links import site_url

from .completion import Progress
from .fonts import FAMILY, use_certificate_fonts

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FONT = FAMILY


def _day(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    return formats.date_format(value.astimezone(PARIS).date(), "j F Y")


def holder_name(user) -> str:
    """The name the certificate carries (« Personne anonymisée » once the account is erased)."""
    return user.get_full_name() or user.email


def check_url(number: str) -> str:
    """Where anyone shown the certificate checks its number, printed on it."""
    query = urlencode({"numero": number})
    return site_url(f"{reverse('trainings:certificate_check')}?{query}")


def certificate_pdf(enrolment, *, progress: Progress, issued_on: dt.date) -> bytes:
    """`enrolment` comes from selectors.enrolment_for_certificate (dates and counts)."""
    cohort = enrolment.cohort
    programme = cohort.programme
    pdf = FPDF(format="A4")
    use_certificate_fonts(pdf)
    pdf.set_title(_("Attestation de formation"))
    pdf.set_author("LabNet")
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font(FONT, "B", 22)
    pdf.cell(0, 14, _("Attestation de formation"), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(8)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(
        0,
        7,
        _("LabNet, réseau des laboratoires d'innovation publique, atteste que"),
        new_x="LMARGIN",
        new_y="NEXT",
        align="C",
    )
    pdf.ln(3)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 10, holder_name(enrolment.user), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(3)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 7, _("a suivi la formation"), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 8, programme.name, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 7, cohort.name, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(8)
    lines = [
        (_("Organisée par"), programme.organiser_name or "-"),
        (
            _("Dates"),
            _("du %(start)s au %(end)s")
            % {"start": _day(enrolment.first_session_at), "end": _day(enrolment.last_session_at)},
        ),
        (
            _("Séances suivies"),
            _("%(attended)d sur %(total)d")
            % {"attended": progress.attended, "total": progress.total},
        ),
        (
            _("Règle de réussite"),
            _("présence à au moins %(percent)d %% des séances (%(required)d sur %(total)d)")
            % {
                "percent": programme.completion_rule_percent,
                "required": progress.required,
                "total": progress.total,
            },
        ),
        (_("Délivrée le"), formats.date_format(issued_on, "j F Y")),
        (_("Numéro de vérification"), enrolment.certificate_number),
    ]
    for label, value in lines:
        pdf.set_font(FONT, "B", 11)
        pdf.cell(60, 8, f"{label} :")
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    # The check address on one line (a line break inside it would break it when copied):
    # the type shrinks until it fits.
    check_line = _("Vérifier : %(url)s") % {"url": check_url(enrolment.certificate_number)}
    size = 9.0
    pdf.set_font(FONT, "", size)
    while pdf.get_string_width(check_line) > pdf.epw and size > 6:
        size -= 0.5
        pdf.set_font(FONT, "", size)
    pdf.multi_cell(0, 5, check_line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
