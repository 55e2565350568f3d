"""Orthogonal routing of flows between two components (pure geometry, scene coordinates).

A flow leaves its source from the side facing the target and enters the target from the opposite side,
with one bend pair in between (a "Z"). Where the middle leg would cut through another icon, the leg is
slid to the first free position among a few candidates; when none is free the plain Z is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF

#: Where along the gap the middle leg may sit, in order of preference.
_MIDDLES = (0.5, 0.3, 0.7, 0.15, 0.85)


def route(src_icon: QRectF, src_cell: QRectF, dst_icon: QRectF, dst_cell: QRectF,
          blocked: Callable[[list[QPointF]], bool] | None = None) -> list[QPointF]:
    """Points of the flow from source to target. ``*_cell`` include the label under a leaf's icon."""
    sc, dc = src_icon.center(), dst_icon.center()
    dx, dy = dc.x() - sc.x(), dc.y() - sc.y()
    overlap_x = src_cell.right() > dst_cell.left() and dst_cell.right() > src_cell.left()
    overlap_y = src_cell.bottom() > dst_cell.top() and dst_cell.bottom() > src_cell.top()
    horizontal = overlap_y or (not overlap_x and abs(dx) >= abs(dy))
    candidates = [_horizontal(src_icon, dst_icon, dx, f) if horizontal else _vertical(src_icon, src_cell, dst_icon,
                                                                                           dst_cell, dy, f)
                  for f in _MIDDLES]
    if blocked is not None:
        for points in candidates:
            if not blocked(points):
                return points
    return candidates[0]


def _horizontal(src: QRectF, dst: QRectF, dx: float, fraction: float) -> list[QPointF]:
    start = QPointF(src.right() if dx > 0 else src.left(), src.center().y())
    end = QPointF(dst.left() if dx > 0 else dst.right(), dst.center().y())
    if abs(start.y() - end.y()) < 1:
        return [start, end]
    middle = start.x() + (end.x() - start.x()) * fraction
    return [start, QPointF(middle, start.y()), QPointF(middle, end.y()), end]


def _vertical(src: QRectF, src_cell: QRectF, dst: QRectF, dst_cell: QRectF, dy: float,
              fraction: float) -> list[QPointF]:
    start = QPointF(src.center().x(), src_cell.bottom() if dy > 0 else src.top())
    end = QPointF(dst.center().x(), dst.top() if dy > 0 else dst_cell.bottom())
    if abs(start.x() - end.x()) < 1:
        return [start, end]
    middle = start.y() + (end.y() - start.y()) * fraction
    return [start, QPointF(start.x(), middle), QPointF(end.x(), middle), end]


def segment_rects(points: list[QPointF], inset: float = 1.0) -> list[QRectF]:
    """Thin rectangles covering each leg, for asking the scene what a route crosses."""
    rects = []
    for a, b in zip(points, points[1:], strict=False):
        rect = QRectF(a, b).normalized().adjusted(-inset, -inset, inset, inset)
        rects.append(rect)
    return rects
