"""The offline map of regions: shapes shipped with the project, no tile server needed."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def _shapes() -> dict:
    return json.loads((_HERE / "region_shapes.json").read_text(encoding="utf-8"))


@cache
def region_centroids() -> dict[str, dict]:
    return json.loads((_HERE / "region_centroids.json").read_text(encoding="utf-8"))


def svg_number(value) -> str:
    """A number as SVG reads it, whatever the page's language: "10" or "10.5", never "10,5".

    Templates localise numbers under USE_I18N (French gives a decimal comma, which SVG
    attributes reject: the overseas insets vanished). Coordinates are therefore handed to
    the template as strings written here.
    """
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class RegionShape:
    code: str
    name: str
    path: str
    label_x: str  # SVG numbers, written by svg_number
    label_y: str
    inset: dict[str, str] | None  # x, y, w, h as SVG numbers
    count: int
    intensity: int  # 0 (none) to 4 (most), for the fill colour class


def region_map(counts: dict[str, int]) -> tuple[str, str, list[RegionShape]]:
    """(viewBox, attribution, shapes) with each region's count and colour intensity."""
    data = _shapes()
    top = max(counts.values(), default=0)
    shapes = []
    for code, region in sorted(data["regions"].items()):
        count = counts.get(code, 0)
        intensity = 0 if count == 0 or top == 0 else 1 + min(3, (3 * count) // top)
        shapes.append(
            RegionShape(
                code=code,
                name=region["name"],
                path=region["d"],
                label_x=svg_number(region["label_x"]),
                label_y=svg_number(region["label_y"]),
                inset=(
                    {key: svg_number(value) for key, value in region["inset"].items()}
                    if region.get("inset")
                    else None
                ),
                count=count,
                intensity=intensity,
            )
        )
    return data["viewBox"], data["attribution"], shapes
