"""The attestation of an agent's record, a PDF drawn with fpdf2 like the training
certificates (docs/adr/0010), in Marianne (docs/adr/0028), in the language asked for."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from labnet.core.links import site_url
from labnet.trainings.certificate import PARIS, holder_name
from labnet.trainings.fonts import use_certificate_fonts

from .models import Attestation
from .selectors import attestation_lines


def check_url(number: str) -> str:
    """Where anyone shown the attestation checks its number, printed on it."""
    return site_url(f"{reverse('records:check')}?{urlencode({'numero': number})}")


def attestation_pdf(attestation: Attestation) -> bytes:
    with translation.override(attestation.language):
        return _draw(attestation)


def _draw(attestation: Attestation) -> bytes:
    title = _("Attestation de parcours d'innovation")
    pdf = FPDF(format="A4")
    font = use_certificate_fonts(pdf)
    pdf.set_title(title)
    pdf.set_author("LabNet")
    pdf.set_margins(22, 22, 22)
    pdf.add_page()
    pdf.set_font(font, "B", 20)
    pdf.multi_cell(0, 11, (title), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(6)
    pdf.set_font(font, "", 12)
    pdf.multi_cell(
        0,
        7,
        (_("LabNet, réseau des laboratoires d'innovation publique, atteste que")),
        new_x="LMARGIN",
        new_y="NEXT",
        align="C",
    )
    pdf.set_font(font, "B", 16)
    pdf.multi_cell(0, 10, (holder_name(attestation.user)), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(font, "", 12)
    pdf.multi_cell(
        0,
        7,
        (_("a pris part aux travaux suivants du réseau :")),
        new_x="LMARGIN",
        new_y="NEXT",
        align="C",
    )
    pdf.ln(4)
    for line in attestation_lines(attestation):
        pdf.set_font(font, "B", 11)
        heading = f"{line.year or '-'} · {line.kind_label} : {line.title}"
        pdf.multi_cell(0, 6, (heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 10)
        pdf.multi_cell(0, 5, (line.detail), new_x="LMARGIN", new_y="NEXT")
        if line.confirmation is not None:
            pdf.set_font(font, "", 10)
            pdf.multi_cell(
                0,
                5,
                (
                    _("Confirmé par le laboratoire : « %(statement)s »")
                    % {"statement": line.confirmation.statement}
                ),
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.ln(2)
    pdf.ln(4)
    pdf.set_font(font, "", 10)
    issued = formats.date_format(attestation.issued_at.astimezone(PARIS).date(), "j F Y")
    for text in (
        _("Délivrée le %(date)s") % {"date": issued},
        _("Numéro de vérification : %(number)s") % {"number": attestation.number},
        _("Vérifier : %(url)s") % {"url": check_url(attestation.number)},
    ):
        pdf.multi_cell(0, 5, (text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
