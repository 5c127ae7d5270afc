"""Drawing a publication: HTML templates (sharing the site's partials) made into a tagged
PDF by WeasyPrint, in the Marianne font that django-dsfr ships (docs/adr/0015).

WeasyPrint needs Pango, a system library: without it, `PublicationUnavailable` says what
to install, and the publications page shows that message instead of failing.
"""

import time
from dataclasses import dataclass
from pathlib import Path

import dsfr
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from labnet.core.links import site_url
from labnet.territories.maps import region_map

from .enums import PublicationKind
from .selectors import atlas_index, atlas_labs, booklet_sections

FONTS = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "fonts"
PANGO_HELP = (
    "WeasyPrint a besoin de Pango : sur Debian ou Ubuntu, installez-le avec "
    "« apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 »."
)

# The site's map colours (labnet.css), from no lab to the most labs.
MAP_FILLS = ["#eeeeee", "#e3e3fd", "#cacafb", "#8585f6", "#000091"]


class PublicationUnavailable(Exception):
    """The PDF cannot be drawn on this machine (the message says why, in French)."""


@dataclass(frozen=True)
class Drawn:
    pdf: bytes
    pages: int
    seconds: float


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as missing:  # OSError: a shared library is missing
        raise PublicationUnavailable(f"{PANGO_HELP} ({missing})") from missing
    return weasyprint


def _context(kind: str) -> dict:
    context = {"fonts_url": FONTS.as_uri(), "site_url": site_url("/")}
    if kind == PublicationKind.ATLAS:
        labs = atlas_labs()
        counts: dict[str, int] = {}
        for lab in labs:
            if lab.region_id:
                counts[lab.region_id] = counts.get(lab.region_id, 0) + 1
        view_box, attribution, shapes = region_map(counts)
        context |= {
            "title": _("L'Atlas des laboratoires d'innovation publique"),
            # WeasyPrint's SVG takes colours as attributes, not from the page's classes.
            "map_fills": [(shape, MAP_FILLS[shape.intensity]) for shape in shapes],
            "labs": labs,
            "index": atlas_index(labs),
            "map_view_box": view_box,
            "map_shapes": shapes,
            "map_attribution": attribution,
        }
    else:
        sections = booklet_sections()
        context |= {
            "title": _("Le livret des labs"),
            "sections": sections,
            "sheet_count": sum(len(projects) for _r, labs in sections for _l, projects in labs),
        }
    return context


# Each publication's template, named in full so that a search (and the unused-template
# check of tests/test_consistency.py) finds it.
TEMPLATES = {"atlas": "publications/atlas.html", "livret": "publications/livret.html"}


def draw(kind: str, language: str) -> Drawn:
    weasyprint = _weasyprint()
    started = time.perf_counter()
    with translation.override(language):
        html = render_to_string(TEMPLATES[kind], _context(kind) | {"lang": language})
        document = weasyprint.HTML(string=html, base_url=site_url("/")).render()
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return Drawn(pdf=pdf, pages=len(document.pages), seconds=time.perf_counter() - started)
