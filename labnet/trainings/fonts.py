"""The typefaces of the certificate PDF.

django-dsfr ships Marianne as web fonts only (.woff2 and .woff); fpdf2 embeds TrueType or
OpenType. The .woff files (zlib-compressed, so no brotli is needed) are unpacked once by
fontTools into OpenType files in a cache directory, rebuilt only when the package's file
changes. Marianne covers Latin (Ł, ę, œ…) but neither Greek nor Cyrillic: for those,
DejaVu Sans is the fallback when the system has it (Debian: fonts-dejavu-core).
"""

import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import dsfr
from django.conf import settings
from fontTools.ttLib import TTFont

DSFR_FONTS = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "fonts"
MARIANNE = {"": "Marianne-Regular.woff", "B": "Marianne-Bold.woff"}
DEJAVU_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
DEJAVU = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class CertificateFonts:
    marianne: dict[str, Path]  # fpdf2 style ("" or "B") -> OpenType file
    fallback: dict[str, Path] | None  # DejaVu Sans, for letters Marianne lacks


def font_cache_dir() -> Path:
    return Path(getattr(settings, "LABNET_FONT_CACHE", settings.VAR_DIR / "fonts"))


def _unpacked(source: Path, cache: Path) -> Path:
    """`source` (.woff) as an OpenType file in `cache`, written once (atomically)."""
    stat = source.stat()
    target = cache / f"{source.stem}-{stat.st_size}-{int(stat.st_mtime)}.otf"
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    font = TTFont(source)
    font.flavor = None
    handle, temporary = tempfile.mkstemp(dir=cache, suffix=".otf.part")
    os.close(handle)
    try:
        font.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def _dejavu() -> dict[str, Path] | None:
    for directory in DEJAVU_DIRS:
        paths = {style: directory / name for style, name in DEJAVU.items()}
        if all(path.exists() for path in paths.values()):
            return paths
    return None


@lru_cache(maxsize=1)
def certificate_fonts() -> CertificateFonts:
    cache = font_cache_dir()
    marianne = {style: _unpacked(DSFR_FONTS / name, cache) for style, name in MARIANNE.items()}
    return CertificateFonts(marianne=marianne, fallback=_dejavu())


FAMILY = "Marianne"


def use_certificate_fonts(pdf) -> str:
    """Embed Marianne (regular, bold) in `pdf`, with DejaVu Sans as the fallback for the
    letters Marianne lacks; returns the family name to `set_font` with."""
    fonts = certificate_fonts()
    for style, path in fonts.marianne.items():
        pdf.add_font(FAMILY, style, str(path))
    if fonts.fallback:
        for style, path in fonts.fallback.items():
            pdf.add_font("DejaVu", style, str(path))
        pdf.set_fallback_fonts(["DejaVu"])
    return FAMILY
