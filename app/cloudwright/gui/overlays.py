"""Analysis marks drawn over the canvas: finding badges, the exposure tint, a reachability path, blocked flows.

The canvas items stay a projection of the model; these marks are separate decoration items, children of the
node or flow items they annotate (so they follow moves), recreated from the latest analysis whenever it
changes. They hold ids and text only and never touch the model.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from cloudwright.engine.reach import ExposureEntry, PathResult
from cloudwright.engine.rules import Finding
from cloudwright.gui.validation import Analysis, LiveValidator

SEVERITY_COLORS = {"error": QColor("#d13212"), "warning": QColor("#e07b00"), "info": QColor("#0073bb")}
PASS_COLOR = QColor("#1d8102")
BLOCK_COLOR = QColor("#d13212")
UNKNOWN_COLOR = QColor("#687078")
EXPOSURE_COLOR = QColor("#ff9900")
_SYMBOL = {"error": "!", "warning": "!", "info": "i"}


def severity_icon(severity: str, size: int = 16) -> QIcon:
    """A round badge in the severity's colour with ``!`` or ``i``."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    _paint_badge(painter, QRectF(1, 1, size - 2, size - 2), severity)
    painter.end()
    return QIcon(pixmap)


def _paint_badge(painter: QPainter, rect: QRectF, severity: str) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#ffffff"), 1.5))
    painter.setBrush(SEVERITY_COLORS.get(severity, UNKNOWN_COLOR))
    painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(8, int(rect.height() * 0.7)))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _SYMBOL.get(severity, "?"))


class BadgeItem(QGraphicsItem):
    """The worst severity of a node's findings, at the top-right corner of its icon."""

    SIZE = 18.0

    def __init__(self, parent: QGraphicsItem, severity: str, tooltip: str) -> None:
        super().__init__(parent)
        self.severity = severity
        self.setToolTip(tooltip)
        self.setZValue(50)
        anchor = parent.anchor_rect() if hasattr(parent, "anchor_rect") else parent.boundingRect()
        self.setPos(anchor.left() - self.SIZE * 0.4, anchor.top() - self.SIZE * 0.3)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, self.SIZE, self.SIZE)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        _paint_badge(painter, self.boundingRect().adjusted(1, 1, -1, -1), self.severity)


class RingItem(QGraphicsItem):
    """A coloured frame around a node: a reachability hop (green pass, red block) or the exposure tint."""

    def __init__(self, parent: QGraphicsItem, color: QColor, tooltip: str, *, fill: int = 40, dashed: bool = False,
                 behind: bool = False, tag: str = "", tag_above: bool = False) -> None:
        super().__init__(parent)
        self.color, self.dashed, self.tag, self.tag_above = color, dashed, tag, tag_above
        self.fill = 0 if hasattr(parent, "frame") else fill  # containers: outline only, keep their content legible
        self.setToolTip(tooltip)
        if behind:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
        else:
            self.setZValue(40)
        anchor = parent.anchor_rect() if hasattr(parent, "anchor_rect") else parent.boundingRect()
        self._rect = anchor.adjusted(-6, -6, 6, 1)  # clear of the label under the icon

    def _tag_rect(self) -> QRectF:
        if not self.tag:
            return QRectF()
        width = max(QFontMetricsF(_tag_font()).horizontalAdvance(self.tag) + 10, 18)
        if self.tag_above:
            return QRectF(self._rect.center().x() - width / 2, self._rect.top() - 21, width, 18)
        return QRectF(self._rect.right() - width + 8, self._rect.top() - 10, width, 18)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._rect.adjusted(-3, -3, 3, 3).united(self._tag_rect())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(self.color, 3.0)
        if self.dashed:
            pen.setDashPattern([3.0, 2.0])
        painter.setPen(pen)
        painter.setBrush(QColor(self.color.red(), self.color.green(), self.color.blue(), self.fill))
        painter.drawRoundedRect(self._rect, 8, 8)
        if self.tag:
            tag = self._tag_rect()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.color)
            painter.drawRoundedRect(tag, 9, 9)
            painter.setPen(QColor("#ffffff"))
            painter.setFont(_tag_font())
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, self.tag)


def _tag_font() -> QFont:
    font = QFont()
    font.setPixelSize(11)
    font.setBold(True)
    return font


class BubbleItem(QGraphicsItem):
    """A callout next to the blocking hop with its reason."""

    WIDTH = 240.0

    def __init__(self, anchor: QRectF, text: str) -> None:
        super().__init__()
        self.text = text
        self.setZValue(60)
        font = QFont()
        font.setPixelSize(11)
        self.font = font
        metrics = QFontMetricsF(font)
        bounds = metrics.boundingRect(QRectF(0, 0, self.WIDTH - 16, 400),
                                      int(Qt.TextFlag.TextWordWrap), text)
        self._rect = QRectF(0, 0, self.WIDTH, bounds.height() + 12)
        self.setPos(anchor.right() + 14, anchor.top() - 4)
        self.setToolTip(text)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._rect.adjusted(-12, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        path = QPainterPath()
        path.addRoundedRect(self._rect, 6, 6)
        tail = QPainterPath()
        tail.moveTo(0, 10)
        tail.lineTo(-10, 16)
        tail.lineTo(0, 22)
        path = path.united(tail)
        painter.setPen(QPen(BLOCK_COLOR, 1.5))
        painter.setBrush(QColor("#fdecea"))
        painter.drawPath(path)
        painter.setFont(self.font)
        painter.setPen(QColor("#16191f"))
        painter.drawText(self._rect.adjusted(8, 6, -8, -6), int(Qt.TextFlag.TextWordWrap), self.text)


class BlockedFlowItem(QGraphicsItem):
    """A dashed red copy of a flow's path (child of the flow item, so it follows re-routing)."""

    def __init__(self, parent: QGraphicsItem, tooltip: str) -> None:
        super().__init__(parent)
        self.setToolTip(tooltip)
        self.setZValue(1)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self.parentItem().boundingRect()

    def shape(self) -> QPainterPath:
        return self.parentItem().shape()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(BLOCK_COLOR, 2.4)
        pen.setDashPattern([4.0, 3.0])
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.parentItem().path)


class CanvasOverlays:
    """Owns every analysis mark on a scene; each layer is replaced as a whole."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.badges: dict[str, BadgeItem] = {}
        self.exposed: dict[str, RingItem] = {}
        self.hops: dict[str, RingItem] = {}
        self.blocked_flows: dict[str, BlockedFlowItem] = {}
        self._path_items: list[QGraphicsItem] = []
        self.exposure_visible = False
        self.validator: LiveValidator | None = None

    def follow(self, validator: LiveValidator) -> None:
        """Redraw badges, blocked flows and (when on) the exposure tint after every analysis."""
        self.validator = validator
        validator.analysis_changed.connect(self._on_analysis_changed)
        self._on_analysis_changed(validator.analysis)

    def _on_analysis_changed(self, analysis: Analysis) -> None:
        self.show_findings(analysis.findings)
        self.show_exposure(analysis.exposure if self.exposure_visible else None)

    def set_exposure_visible(self, visible: bool) -> None:
        """The exposure overlay toggle: asks the validator for exposure and tints what it reports."""
        self.exposure_visible = visible
        if self.validator is not None:
            self.validator.set_exposure_wanted(visible)
            self.show_exposure(self.validator.analysis.exposure if visible else None)

    def _node_item(self, node_id: str) -> QGraphicsItem | None:
        return self.scene.item_for_node(node_id)  # type: ignore[attr-defined]

    @staticmethod
    def _drop(items: Iterable[QGraphicsItem]) -> None:
        for item in list(items):
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)

    # --- findings ---------------------------------------------------------------------------------------
    def show_findings(self, findings: list[Finding]) -> None:
        """Badges with each node's worst severity; dashed red flows for blocked intended flows."""
        self._drop(self.badges.values())
        self._drop(self.blocked_flows.values())
        self.badges, self.blocked_flows = {}, {}
        per_node: dict[str, list[Finding]] = {}
        for finding in findings:
            if finding.suppressed:
                continue
            for node in finding.nodes:
                per_node.setdefault(node, []).append(finding)
            edge_id = finding.data.get("edge") if finding.rule == "REACH-FLOW-001" else None
            edge_item = self.scene.item_for_edge(edge_id) if edge_id else None  # type: ignore[attr-defined]
            if edge_item is not None and edge_id not in self.blocked_flows:
                self.blocked_flows[edge_id] = BlockedFlowItem(edge_item, f"Blocked: {finding.message}")
        for node_id, node_findings in per_node.items():
            item = self._node_item(node_id)
            if item is None:
                continue
            worst = min(node_findings, key=Finding.sort_key)
            lines = [f"{f.severity}: {f.rule} {f.message}" for f in node_findings[:6]]
            more = len(node_findings) - 6
            tooltip = "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))
            self.badges[node_id] = BadgeItem(item, worst.severity, tooltip)

    # --- exposure -------------------------------------------------------------------------------------------
    def show_exposure(self, entries: list[ExposureEntry] | None) -> None:
        """Tint every component the internet can reach; its open ports in the tooltip. None clears."""
        self._drop(self.exposed.values())
        self.exposed = {}
        for entry in entries or []:
            item = self._node_item(entry.node)
            if item is not None:
                ports = ", ".join(entry.ports)
                self.exposed[entry.node] = RingItem(item, EXPOSURE_COLOR, f"Reachable from the internet on {ports}",
                                                    fill=70, behind=True, tag=f"internet: {ports}",
                                                    tag_above=True)

    # --- reachability ---------------------------------------------------------------------------------------
    def show_path(self, result: PathResult | None) -> None:
        """Light up a query's hops (green pass, red block, grey unknown) numbered in traceroute order, the
        return leg dashed, and a bubble with the blocking reason. None clears."""
        self._drop(self.hops.values())
        self._drop(self._path_items)
        self.hops, self._path_items = {}, []
        if result is None:
            return
        steps: dict[str, list[str]] = {}
        verdicts: dict[str, str] = {}
        legs: dict[str, set[str]] = {}
        reasons: dict[str, list[str]] = {}
        for number, hop in enumerate(result.hops, start=1):
            steps.setdefault(hop.node, []).append(str(number))
            legs.setdefault(hop.node, set()).add(hop.leg)
            reasons.setdefault(hop.node, []).append(f"{number}. {hop.leg} {hop.verdict} [{hop.code}] {hop.reason}")
            if verdicts.get(hop.node) != "block":
                verdicts[hop.node] = hop.verdict
        for node_id, verdict in verdicts.items():
            item = self._node_item(node_id)
            if item is None:
                continue
            color = {"pass": PASS_COLOR, "block": BLOCK_COLOR}.get(verdict, UNKNOWN_COLOR)
            self.hops[node_id] = RingItem(item, color, "\n".join(reasons[node_id]), fill=30,
                                          dashed=legs[node_id] == {"return"}, tag=" ".join(steps[node_id]))
        block = result.blocking_hop
        item = self._node_item(block.node) if block is not None else None
        if block is not None and item is not None:
            bubble = BubbleItem(item.icon_scene_rect(), f"{block.reason} [{block.code}]")  # type: ignore[attr-defined]
            self.scene.addItem(bubble)
            self._path_items.append(bubble)


def reveal_nodes(view: QGraphicsView, scene: QGraphicsScene, node_ids: Iterable[str]) -> None:
    """Scroll so the nodes are in view (centred on them when they do not fit)."""
    rect = QRectF()
    for node_id in node_ids:
        item = scene.item_for_node(node_id)  # type: ignore[attr-defined]
        if item is not None:
            rect = rect.united(item.sceneBoundingRect())
    if rect.isNull():
        return
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    if rect.width() > visible.width() or rect.height() > visible.height():
        view.centerOn(rect.center())
    else:
        view.ensureVisible(rect, 60, 60)
