"""How things look: AWS group styles for containers, fonts, colours and the icon pixmap cache.

Containers follow AWS's architecture-diagram groups: AWS Cloud and Region with a dashed teal outline,
VPC solid purple, Availability Zone dashed blue, public subnets green, private subnets blue, corporate
data centres grey. Icons are decoded and scaled once per (kind, pixel size) and reused by every frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPaintEngine, QPainter, QPen, QPixmap

from cloudwright.engine.catalog import catalog, diagrams_resources, icon_path

BACKGROUND = QColor("#ffffff")
GRID_COLOR = QColor("#e8ebef")
TEXT_COLOR = QColor("#232f3e")
EDGE_COLOR = QColor("#545b64")
SELECTION_COLOR = QColor("#0972d3")
LEGAL_TARGET = QColor("#1d8102")
ILLEGAL_TARGET = QColor("#d13212")
LABEL_PX = 11
TITLE_PX = 12


@dataclass(frozen=True)
class GroupStyle:
    """Outline, fill and dash pattern of one kind of container."""

    outline: QColor
    fill: QColor | None
    dashed: bool
    title_color: QColor


_GROUPS: dict[str, GroupStyle] = {
    "global": GroupStyle(QColor("#232f3e"), None, False, QColor("#232f3e")),
    "organization": GroupStyle(QColor("#e7157b"), None, False, QColor("#e7157b")),
    "ou": GroupStyle(QColor("#e7157b"), None, True, QColor("#e7157b")),
    "account": GroupStyle(QColor("#e7157b"), None, False, QColor("#e7157b")),
    "region": GroupStyle(QColor("#00a4a6"), None, True, QColor("#007b7d")),
    "vpc": GroupStyle(QColor("#8c4fff"), None, False, QColor("#6b2fd6")),
    "az": GroupStyle(QColor("#147eba"), None, True, QColor("#147eba")),
    "corporate_dc": GroupStyle(QColor("#7d8998"), QColor("#f2f3f3"), False, QColor("#5a6573")),
    "dx_location": GroupStyle(QColor("#7d8998"), None, True, QColor("#5a6573")),
    "cage": GroupStyle(QColor("#7d8998"), None, True, QColor("#5a6573")),
    "edge_network": GroupStyle(QColor("#8c4fff"), None, True, QColor("#6b2fd6")),
    "ecs_cluster": GroupStyle(QColor("#ed7100"), None, True, QColor("#b35400")),
    "eks_cluster": GroupStyle(QColor("#ed7100"), None, True, QColor("#b35400")),
    "ec2_classic": GroupStyle(QColor("#ed7100"), None, True, QColor("#b35400")),
    "route53_zone": GroupStyle(QColor("#8c4fff"), None, True, QColor("#6b2fd6")),
}
_SUBNETS: dict[str, GroupStyle] = {
    "public": GroupStyle(QColor("#7aa116"), QColor("#f2f8e6"), False, QColor("#3f6d00")),
    "private": GroupStyle(QColor("#147eba"), QColor("#e6f2f8"), False, QColor("#0b5c8c")),
    "data": GroupStyle(QColor("#3b48cc"), QColor("#eceefb"), False, QColor("#2a349a")),
}
_GENERIC = GroupStyle(QColor("#7d8998"), None, True, QColor("#5a6573"))

_SUBNET_ICONS = {"public": "aws/network/public-subnet.png", "private": "aws/network/private-subnet.png"}


def group_style(kind: str, tier: str | None = None) -> GroupStyle:
    """The AWS group style of a container; subnets are coloured by their tier."""
    if kind == "subnet":
        return _SUBNETS.get(tier or "private", _SUBNETS["private"])
    return _GROUPS.get(kind, _GENERIC)


def outline_pen(style: GroupStyle) -> QPen:
    pen = QPen(style.outline, 1.5)
    pen.setCosmetic(False)
    if style.dashed:
        pen.setDashPattern([6.0, 4.0])
    return pen


@cache
def label_font() -> QFont:
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Helvetica", "Arial", "sans-serif"])
    font.setPixelSize(LABEL_PX)
    return font


@cache
def title_font() -> QFont:
    font = QFont(label_font())
    font.setPixelSize(TITLE_PX)
    font.setBold(True)
    return font


@cache
def label_metrics() -> QFontMetricsF:
    return QFontMetricsF(label_font())


@cache
def title_metrics() -> QFontMetricsF:
    return QFontMetricsF(title_font())


def _bucket(pixels: float) -> int:
    """Round a wanted pixel size so zooming reuses a few cached pixmaps instead of scaling every frame."""
    if pixels <= 16:
        return 16
    if pixels <= 64:
        return int((pixels + 7) // 8 * 8)
    return min(512, int((pixels + 31) // 32 * 32))


_SOURCES: dict[str, QImage] = {}
_PIXMAPS: dict[tuple[str, int], QPixmap] = {}


def icon_file(kind: str, tier: str | None = None) -> str:
    """Path of the icon drawn for ``kind`` (subnets use the public/private subnet icon of their tier)."""
    if kind == "subnet" and tier in _SUBNET_ICONS:
        return str(diagrams_resources() / _SUBNET_ICONS[tier])
    return str(icon_path(kind)) if kind in catalog() else ""


def icon_pixmap(icon: str, device_pixels: float) -> QPixmap:
    """The icon scaled (area-averaged) to about ``device_pixels`` square; cached per file and size."""
    size = _bucket(device_pixels)
    key = (icon, size)
    pixmap = _PIXMAPS.get(key)
    if pixmap is None:
        source = _SOURCES.get(icon)
        if source is None:
            source = _SOURCES[icon] = QImage(icon)
        if source.isNull():
            pixmap = QPixmap()
        else:
            pixmap = QPixmap.fromImage(source.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                                     Qt.TransformationMode.SmoothTransformation))
        _PIXMAPS[key] = pixmap
    return pixmap


#: Vector outputs (SVG, PDF) embed icons at this size so they stay sharp when zoomed in a viewer.
VECTOR_ICON_PIXELS = 192
_VECTOR_ENGINES = (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf)


def draw_icon(painter: QPainter, icon: str, target: QRectF, lod: float) -> None:
    """Draw ``icon`` into ``target`` from a pixmap already scaled for the current zoom and screen."""
    if not icon:
        return
    engine = painter.paintEngine()
    if engine is not None and engine.type() in _VECTOR_ENGINES:
        pixels = VECTOR_ICON_PIXELS
    else:
        device = painter.device()
        pixels = target.width() * lod * (device.devicePixelRatioF() if device is not None else 1.0)
    pixmap = icon_pixmap(icon, pixels)
    if not pixmap.isNull():
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
