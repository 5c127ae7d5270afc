"""Numbers in SVG are never localised: in French the overseas insets of the region map
vanished because their attributes were written "10,0"."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import translation

from labnet.territories.maps import _shapes, region_map, svg_number

NUMERIC = {"x", "y", "width", "height", "cx", "cy", "r", "x1", "x2", "y1", "y2"}


class _Svg(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.elements = []  # (tag, attrs) inside <svg class="labnet-map__svg">

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "labnet-map__svg" in (attrs.get("class") or ""):
            self.depth = 1
            self.elements.append((tag, attrs))
        elif self.depth:
            self.depth += 1
            self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def _map_elements(html: str):
    parser = _Svg()
    parser.feed(html)
    assert parser.elements, "the region map is on the page"
    return parser.elements


def test_svg_number_is_never_localised():
    with translation.override("fr"):
        assert svg_number(10.0) == "10"
        assert svg_number(142.4) == "142.4"
        assert svg_number(-3) == "-3"


def _expected_insets() -> int:
    return sum(1 for region in _shapes()["regions"].values() if region.get("inset"))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/laboratoires/", "/", "/en/laboratoires/"])
def test_every_svg_number_parses_and_the_insets_are_drawn(url):
    html = Client().get(url).content.decode()
    elements = _map_elements(html)
    for _tag, attrs in elements:
        for name, value in attrs.items():
            if name in NUMERIC:
                float(value)  # "10,0" would raise
            if name == "viewbox":
                assert [float(part) for part in value.split()]
    insets = [attrs for tag, attrs in elements if tag == "rect"]
    assert len(insets) == _expected_insets() >= 5  # the five overseas regions
    assert all(float(rect["width"]) > 0 and float(rect["height"]) > 0 for rect in insets)
    texts = [attrs for tag, attrs in elements if tag == "text"]
    assert all("," not in attrs["x"] + attrs["y"] for attrs in texts)


def test_region_map_hands_strings_to_the_template():
    _, _, shapes = region_map({"01": 2})
    guadeloupe = next(shape for shape in shapes if shape.code == "01")
    assert guadeloupe.inset == {"x": "10", "y": "10", "w": "150", "h": "142.4"}
    assert isinstance(guadeloupe.label_x, str)
