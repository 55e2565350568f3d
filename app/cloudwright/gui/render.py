"""The picture renderer: PNG, SVG and PDF of a design (or of some of its components), headless.

It builds the same :class:`CanvasScene` the app shows, without a view, and paints it onto an image, an
SVG generator or a PDF writer, so an exported picture looks exactly like the canvas. It runs with no
display (``QT_QPA_PLATFORM=offscreen`` is chosen when no display is available) and is what
``cloudwright export design.yaml -o out.png|svg|pdf`` calls. Files are written atomically; SVG icons
are embedded as data URIs, never as file paths.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from cloudwright.engine.io.atomic import write_atomic
from cloudwright.engine.model.diagram import Diagram
from cloudwright.gui.canvas.scene import CanvasScene
from cloudwright.gui.canvas.style import BACKGROUND

_APP: QApplication | None = None
#: Guards against absurd image sizes (a design spread over kilometres of canvas).
MAX_PIXELS = 400_000_000


def _ensure_application() -> None:
    """A QApplication must exist to lay out text; create an offscreen one for the CLI."""
    global _APP
    if QApplication.instance() is not None:
        return
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") and not os.environ.get(
            "WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _APP = QApplication([])


def selection_diagram(diagram: Diagram, ids: Iterable[str]) -> Diagram:
    """The selected components with their contents, lifted to the top level at their absolute positions,
    and the flows between them: what a "selection only" picture shows."""
    chosen = [i for i in ids if i in diagram.nodes]
    keep: set[str] = set()
    for node in diagram.nodes.values():
        current = node
        while current is not None:
            if current.id in chosen:
                keep.add(node.id)
                break
            current = diagram.nodes.get(current.parent) if current.parent else None
    nodes = {}
    for node_id, node in diagram.nodes.items():
        if node_id not in keep:
            continue
        if node.parent in keep:
            nodes[node_id] = node
        else:
            nodes[node_id] = node.model_copy(update={"parent": None, "pos": _absolute(diagram, node_id)})
    edges = {k: e for k, e in diagram.edges.items() if e.source in keep and e.target in keep}
    return diagram.model_copy(update={"nodes": nodes, "edges": edges})


def _absolute(diagram: Diagram, node_id: str) -> tuple[float, float]:
    x = y = 0.0
    current = diagram.nodes.get(node_id)
    while current is not None:
        x, y = x + current.pos[0], y + current.pos[1]
        current = diagram.nodes.get(current.parent) if current.parent else None
    return x, y


def build_scene(diagram: Diagram, selection: Iterable[str] | None = None) -> CanvasScene:
    """The canvas scene of ``diagram`` (or of the selected part), read-only."""
    _ensure_application()
    shown = selection_diagram(diagram, selection) if selection else diagram
    scene = CanvasScene(lambda: shown)
    scene.settle()
    return scene


def _render(scene: CanvasScene, painter: QPainter, target: QRectF, source: QRectF, background: bool = True) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
                           | QPainter.RenderHint.TextAntialiasing)
    if background:
        painter.fillRect(target, BACKGROUND)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def render_image(diagram: Diagram, scale: float = 1, transparent: bool = False,
                 selection: Iterable[str] | None = None) -> QImage:
    """The design as an image, ``scale`` device pixels per canvas unit."""
    scene = build_scene(diagram, selection)
    source = scene.content_rect()
    width, height = max(1, math.ceil(source.width() * scale)), max(1, math.ceil(source.height() * scale))
    if width * height > MAX_PIXELS:
        raise OSError(f"the picture would be {width} x {height} pixels; export a selection or a smaller scale")
    image = QImage(QSize(width, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    _render(scene, painter, QRectF(0, 0, width, height), source, background=not transparent)
    painter.end()
    return image


def export_png(diagram: Diagram, path: str | os.PathLike[str], scale: float = 1, transparent: bool = False,
               selection: Iterable[str] | None = None) -> None:
    """Write a PNG (``scale`` 1 or 2 for high-DPI screens; optionally with a transparent background)."""
    image = render_image(diagram, scale, transparent, selection)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    write_atomic(path, bytes(data.data()))


_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FILE_REFERENCE = re.compile(r'(xlink:href|href)="(?!data:|#)[^"]*"')


def export_svg(diagram: Diagram, path: str | os.PathLike[str], selection: Iterable[str] | None = None) -> None:
    """Write an SVG; icons are embedded as PNG data URIs so the file stands alone."""
    scene = build_scene(diagram, selection)
    source = scene.content_rect()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(math.ceil(source.width()), math.ceil(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(diagram.name or Path(path).stem)
    generator.setDescription(diagram.description or "Drawn with Cloudwright")
    painter = QPainter(generator)
    _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()
    buffer.close()
    text = bytes(data.data()).decode("utf-8")
    # XML 1.0 forbids C0 control characters other than tab and newlines, which a label may hold.
    text = _XML_FORBIDDEN.sub("\ufffd", text)
    write_atomic(path, _FILE_REFERENCE.sub(r'\1=""', text))


def export_pdf(diagram: Diagram, path: str | os.PathLike[str], selection: Iterable[str] | None = None) -> None:
    """Write a one-page PDF sized to the design (vector shapes and text, embedded icons)."""
    scene = build_scene(diagram, selection)
    source = scene.content_rect()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(96)
    writer.setTitle(diagram.name or Path(path).stem)
    writer.setCreator("Cloudwright")
    points = QSizeF(source.width() * 72 / 96, source.height() * 72 / 96)
    writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    _render(scene, painter, QRectF(0, 0, writer.width(), writer.height()), source)
    painter.end()
    buffer.close()
    write_atomic(path, bytes(data.data()))
