"""Graphics items of the canvas. Each holds an id and what it paints, never a model object.

The scene copies model fields into items (``set_title``, ``set_size``, ``set_route``); items never change
the model. Containers and leaves are nested with ``setParentItem`` exactly as the model's ``parent``
field nests them, so positions are relative to the parent as in the file.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from cloudwright.gui.canvas import geometry as geo
from cloudwright.gui.canvas import style
from cloudwright.gui.canvas.labels import two_lines

HANDLE_RADIUS = 6.0
GRIP = 12.0
#: Below this zoom, leaves draw their icon only (no label) so a full view of thousands stays fast.
DETAIL_LOD = 0.45


_CELL = QRectF(0, 0, geo.LEAF_SIZE, geo.LEAF_SIZE)
_ICON = QRectF((geo.LEAF_SIZE - geo.ICON_SIZE) / 2, geo.ICON_TOP, geo.ICON_SIZE, geo.ICON_SIZE)


def _lod(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


class NodeItem(QGraphicsItem):
    """What containers and leaves share: an id, a kind, a title, selection and drop-target highlight."""

    def __init__(self, node_id: str, kind: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.kind = kind
        self.title = ""
        self.icon = ""
        self.highlight: QColor | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)

    def set_title(self, title: str) -> None:
        if title != self.title:
            self.title = title
            self._title_changed()
            self.update()

    def _title_changed(self) -> None:
        """Recompute cached text layout."""

    def set_icon(self, icon: str) -> None:
        if icon != self.icon:
            self.icon = icon
            self.update()

    def set_highlight(self, color: QColor | None) -> None:
        """Mark this item as a legal (green) or illegal (red) drop target while dragging."""
        if color != self.highlight:
            self.highlight = color
            self.update()

    def icon_scene_rect(self) -> QRectF:
        """Where flows attach, in scene coordinates."""
        return self.mapRectToScene(self.anchor_rect())

    def anchor_rect(self) -> QRectF:
        return self.boundingRect()


class LeafItem(NodeItem):
    """A component: a crisp 56 px icon with its label in up to two lines, in a 96 x 96 cell."""

    def __init__(self, node_id: str, kind: str) -> None:
        super().__init__(node_id, kind)
        self.lines: list[str] = []
        self.setZValue(1)
        self.setAcceptHoverEvents(True)
        self._hovered = False

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return _CELL

    def anchor_rect(self) -> QRectF:
        return _ICON

    def handle_center(self) -> QPointF:
        """The small circle by the icon's top-right corner from which a flow is dragged (clear of the
        side midpoints where flows attach)."""
        icon = self.anchor_rect()
        return QPointF(icon.right() + 5, icon.top() + 5)

    def hits_handle(self, local: QPointF) -> bool:
        delta = local - self.handle_center()
        return (self.isSelected() or self._hovered) and math.hypot(delta.x(), delta.y()) <= HANDLE_RADIUS + 3

    def _title_changed(self) -> None:
        self.lines = two_lines(self.title, style.label_metrics(), geo.LEAF_SIZE - 4)

    def hoverEnterEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self._hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self._hovered = False
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = _lod(painter)
        icon = self.anchor_rect()
        if self.isSelected() or self.highlight is not None:
            color = self.highlight or style.SELECTION_COLOR
            painter.setPen(QPen(color, 1.5))
            painter.setBrush(QColor(color.red(), color.green(), color.blue(), 28))
            painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 6, 6)
        style.draw_icon(painter, self.icon, icon, lod)
        if lod < DETAIL_LOD:
            return
        painter.setFont(style.label_font())
        painter.setPen(style.TEXT_COLOR)
        line_height = style.label_metrics().height()
        for index, line in enumerate(self.lines):
            rect = QRectF(0, geo.LABEL_TOP + index * line_height, geo.LEAF_SIZE, line_height)
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, line)
        if self.isSelected() or self._hovered:
            painter.setPen(QPen(style.SELECTION_COLOR, 1.5))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(self.handle_center(), HANDLE_RADIUS, HANDLE_RADIUS)


class ContainerItem(NodeItem):
    """A group drawn the AWS way: outline (dashed or solid), optional fill, corner icon and title."""

    def __init__(self, node_id: str, kind: str) -> None:
        super().__init__(node_id, kind)
        self.size = geo.default_size(kind)
        self._bounds = QRectF(-1, -1, self.size[0] + 2, self.size[1] + 2)
        self.title_width = 0.0
        self.group = style.group_style(kind)
        self.setZValue(0)

    def _title_changed(self) -> None:
        self.title_width = style.title_metrics().horizontalAdvance(self.title)

    def title_rect(self) -> QRectF:
        """The corner icon and title text: what a flow should not cut through."""
        width = min(self.size[0], geo.CORNER_ICON + 10 + self.title_width + 6)
        return QRectF(0, 0, width, geo.TITLE_BAND)

    def set_size(self, size: tuple[float, float]) -> None:
        if size != self.size:
            self.prepareGeometryChange()
            self.size = size
            self._bounds = QRectF(-1, -1, size[0] + 2, size[1] + 2)

    def set_group(self, group: style.GroupStyle) -> None:
        if group != self.group:
            self.group = group
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def frame(self) -> QRectF:
        return QRectF(0, 0, self.size[0], self.size[1])

    def anchor_rect(self) -> QRectF:
        return self.frame()

    def in_title_band(self, local: QPointF) -> bool:
        return 0 <= local.y() <= geo.TITLE_BAND

    def hits_grip(self, local: QPointF) -> bool:
        return self.isSelected() and local.x() >= self.size[0] - GRIP and local.y() >= self.size[1] - GRIP

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = _lod(painter)
        frame = self.frame()
        group = self.group
        painter.setBrush(QBrush(group.fill) if group.fill is not None else Qt.BrushStyle.NoBrush)
        painter.setPen(style.outline_pen(group))
        painter.drawRect(frame)
        corner = QRectF(0, 0, geo.CORNER_ICON + 4, geo.CORNER_ICON + 4)
        painter.fillRect(corner, group.outline)
        style.draw_icon(painter, self.icon, corner.adjusted(2, 2, -2, -2), lod)
        if lod >= DETAIL_LOD * 0.5:
            painter.setFont(style.title_font())
            painter.setPen(group.title_color)
            text_rect = QRectF(corner.right() + 6, 0, max(0.0, frame.width() - corner.width() - 12), geo.TITLE_BAND)
            metrics = style.title_metrics()
            text = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        if self.isSelected() or self.highlight is not None:
            color = self.highlight or style.SELECTION_COLOR
            painter.setPen(QPen(color, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(frame)
        if self.isSelected():
            painter.fillRect(QRectF(frame.right() - GRIP, frame.bottom() - GRIP, GRIP, GRIP), style.SELECTION_COLOR)


class EdgeItem(QGraphicsItem):
    """A flow: an orthogonal path with an arrowhead and a ``tcp/443`` label; the scene routes it."""

    def __init__(self, edge_id: str) -> None:
        super().__init__()
        self.edge_id = edge_id
        self.label = ""
        self.relation = False
        self.path = QPainterPath()
        self.label_pos = QPointF()
        self.arrow = QPolygonF()
        self._bounds = QRectF()
        self._shape = QPainterPath()
        self.setZValue(10)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)

    def set_label(self, label: str, relation: bool) -> None:
        if (label, relation) != (self.label, self.relation):
            self.prepareGeometryChange()
            self.label, self.relation = label, relation
            self._update_bounds()

    def set_route(self, points: list[QPointF], label_pos: QPointF | None = None) -> None:
        """Show the polyline ``points`` (scene coordinates, first = source side) with rounded bends,
        the label centred on ``label_pos`` (default: the middle of the longest leg)."""
        self.prepareGeometryChange()
        self.path = rounded_path(points, 8.0)
        self.arrow = arrow_head(points[-2], points[-1]) if len(points) >= 2 else QPolygonF()
        self.label_pos = label_pos if label_pos is not None else label_anchor(points)
        self._update_bounds()

    def label_rect_at(self, center: QPointF) -> QRectF:
        """Where the label box would be if centred on ``center`` (empty when there is no label)."""
        if not self.label:
            return QRectF()
        width = style.label_metrics().horizontalAdvance(self.label) + 8
        return QRectF(center.x() - width / 2, center.y() - 8, width, 16)

    def _label_rect(self) -> QRectF:
        return self.label_rect_at(self.label_pos)

    def _update_bounds(self) -> None:
        self._bounds = self.path.boundingRect().united(self.arrow.boundingRect()).united(
            self._label_rect()).adjusted(-4, -4, 4, 4)
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        self._shape = stroker.createStroke(self.path)
        self._shape.addRect(self._label_rect())

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        color = style.SELECTION_COLOR if self.isSelected() else style.EDGE_COLOR
        pen = QPen(color, 2.0 if self.isSelected() else 1.4)
        if self.relation:
            pen.setDashPattern([4.0, 3.0])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(self.arrow)
        if self.label and _lod(painter) >= DETAIL_LOD:
            rect = self._label_rect()
            painter.setBrush(QColor(255, 255, 255, 235))
            painter.setPen(QPen(QColor("#d5dbdb"), 1))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(color)
            painter.setFont(style.label_font())
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label)


def rounded_path(points: list[QPointF], radius: float) -> QPainterPath:
    """A polyline whose bends are rounded by up to ``radius``."""
    path = QPainterPath()
    if not points:
        return path
    path.moveTo(points[0])
    for index in range(1, len(points) - 1):
        before, corner, after = points[index - 1], points[index], points[index + 1]
        r = min(radius, _length(corner - before) / 2, _length(after - corner) / 2)
        path.lineTo(corner + _unit(before - corner) * r)
        path.quadTo(corner, corner + _unit(after - corner) * r)
    path.lineTo(points[-1])
    return path


def arrow_head(start: QPointF, tip: QPointF, size: float = 9.0) -> QPolygonF:
    direction = _unit(tip - start)
    normal = QPointF(-direction.y(), direction.x())
    base = tip - direction * size
    return QPolygonF([tip, base + normal * (size * 0.45), base - normal * (size * 0.45)])


def label_anchor(points: list[QPointF]) -> QPointF:
    """The middle of the longest segment: the most readable place for the label."""
    if len(points) < 2:
        return QPointF()
    best = max(range(len(points) - 1), key=lambda i: _length(points[i + 1] - points[i]))
    return (points[best] + points[best + 1]) / 2


def _length(vector: QPointF) -> float:
    return math.hypot(vector.x(), vector.y())


def _unit(vector: QPointF) -> QPointF:
    length = _length(vector)
    return vector / length if length else QPointF(0, 0)
