"""Picture exports of a design whose labels carry markup: the SVG stays well-formed with the payloads as
text, and the PNG renders."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from cloudwright.engine.io.exporters import exporter_for
from cloudwright.engine.model.diagram import Node
from tests.engine.hardening.test_hostile_exports import PAYLOADS, hostile_design

SVG_TAGS = {"svg", "title", "desc", "defs", "g", "text", "image", "rect", "path", "polygon", "polyline", "line",
            "ellipse", "circle"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_svg_keeps_markup_payloads_as_text(qtbot, tmp_path: Path) -> None:
    """The SVG parses, has only drawing elements and no event attributes; a payload title is text."""
    path = tmp_path / "hostile.svg"
    exporter_for(".svg")(hostile_design(), path)
    root = ET.parse(path).getroot()
    assert {_local(e.tag) for e in root.iter()} <= SVG_TAGS
    assert not [a for e in root.iter() for a in e.attrib if _local(a).lower().startswith("on")]
    texts = {"".join(e.itertext()) for e in root.iter() if _local(e.tag) == "text"}
    assert PAYLOADS["xml_tags"] in texts  # the region's title, drawn in full


def test_png_of_hostile_labels_renders(qtbot, tmp_path: Path) -> None:
    """The PNG export of the same design is written and is a PNG."""
    path = tmp_path / "hostile.png"
    exporter_for(".png")(hostile_design(), path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_with_control_characters_in_a_label_is_well_formed(qtbot, tmp_path: Path) -> None:
    """A label holding a bell or escape character still gives a well-formed SVG."""
    design = hostile_design()
    design.nodes["bell"] = Node(id="bell", kind="user", pos=(0, 600), label="bell\x07 escape\x1b")
    path = tmp_path / "control.svg"
    exporter_for(".svg")(design, path)
    ET.parse(path)
