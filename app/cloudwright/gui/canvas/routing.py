"""Orthogonal routing of flows between two components (pure geometry, scene coordinates).

A flow leaves its source from a side and enters its target from a side. The router builds a handful of
candidate routes (Z shapes with the middle leg at a few positions, L shapes, U detours around both ends)
and keeps the one that crosses the fewest icons and titles, then the shortest with the fewest bends. With
no obstacle test it keeps the plain Z, which is what large designs get on first load.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF

#: Where along the gap the middle leg of a Z may sit, in order of preference.
_MIDDLES = (0.5, 0.3, 0.7, 0.15, 0.85)
DETOUR = 18.0
CROSSING_COST = 10_000.0
BEND_COST = 24.0

Route = list[QPointF]


def route(src_icon: QRectF, src_cell: QRectF, dst_icon: QRectF, dst_cell: QRectF,
          crossings: Callable[[Route], int] | None = None) -> Route:
    """Points of the flow from source to target. ``*_cell`` include the label under a leaf's icon;
    ``crossings`` counts the obstacles a candidate route cuts through."""
    sc, dc = src_icon.center(), dst_icon.center()
    dx, dy = dc.x() - sc.x(), dc.y() - sc.y()
    overlap_x = src_cell.right() > dst_cell.left() and dst_cell.right() > src_cell.left()
    overlap_y = src_cell.bottom() > dst_cell.top() and dst_cell.bottom() > src_cell.top()
    horizontal = overlap_y or (not overlap_x and abs(dx) >= abs(dy))
    if horizontal:
        first = _horizontal(src_icon, dst_icon, dx, 0.5)
    else:
        first = _vertical(src_icon, src_cell, dst_icon, dst_cell, dy, 0.5)
    if crossings is None or crossings(first) == 0:
        return first
    candidates = [first]
    if not overlap_y:
        candidates += [_vertical(src_icon, src_cell, dst_icon, dst_cell, dy, f) for f in _MIDDLES]
    if not overlap_x:
        candidates += [_horizontal(src_icon, dst_icon, dx, f) for f in _MIDDLES]
    candidates += _l_shapes(src_icon, src_cell, dst_icon, dst_cell, dx, dy)
    candidates += _detours(src_icon, src_cell, dst_icon, dst_cell)
    return min(candidates, key=lambda points: _cost(points, crossings))


def _cost(points: Route, crossings: Callable[[Route], int]) -> float:
    length = sum(math.hypot(b.x() - a.x(), b.y() - a.y()) for a, b in zip(points, points[1:], strict=False))
    return crossings(points) * CROSSING_COST + length + BEND_COST * (len(points) - 2)


def _horizontal(src: QRectF, dst: QRectF, dx: float, fraction: float) -> Route:
    start = QPointF(src.right() if dx > 0 else src.left(), src.center().y())
    end = QPointF(dst.left() if dx > 0 else dst.right(), dst.center().y())
    if abs(start.y() - end.y()) < 1:
        return [start, end]
    middle = start.x() + (end.x() - start.x()) * fraction
    return [start, QPointF(middle, start.y()), QPointF(middle, end.y()), end]


def _vertical(src: QRectF, src_cell: QRectF, dst: QRectF, dst_cell: QRectF, dy: float, fraction: float) -> Route:
    start = QPointF(src.center().x(), src_cell.bottom() if dy > 0 else src.top())
    end = QPointF(dst.center().x(), dst.top() if dy > 0 else dst_cell.bottom())
    if abs(start.x() - end.x()) < 1:
        return [start, end]
    middle = start.y() + (end.y() - start.y()) * fraction
    return [start, QPointF(start.x(), middle), QPointF(end.x(), middle), end]


def _l_shapes(src: QRectF, src_cell: QRectF, dst: QRectF, dst_cell: QRectF, dx: float, dy: float) -> list[Route]:
    """Side-then-vertical and vertical-then-side routes, where the bend lies outside both ends."""
    routes = []
    sc, dc = src.center(), dst.center()
    start = QPointF(src.right() if dx > 0 else src.left(), sc.y())
    end = QPointF(dc.x(), dst.top() if dy > 0 else dst_cell.bottom())
    if (dc.x() - start.x()) * dx > 0 and (end.y() - sc.y()) * dy > 0 and not dst_cell.contains(QPointF(dc.x(), sc.y())):
        routes.append([start, QPointF(dc.x(), sc.y()), end])
    start = QPointF(sc.x(), src_cell.bottom() if dy > 0 else src.top())
    end = QPointF(dst.left() if dx > 0 else dst.right(), dc.y())
    if (dc.y() - start.y()) * dy > 0 and (end.x() - sc.x()) * dx > 0 and not src_cell.contains(QPointF(sc.x(), dc.y())):
        routes.append([start, QPointF(sc.x(), dc.y()), end])
    return routes


def _detours(src: QRectF, src_cell: QRectF, dst: QRectF, dst_cell: QRectF) -> list[Route]:
    """U-shaped routes passing below or above both ends (for neighbours with something in between)."""
    below = max(src_cell.bottom(), dst_cell.bottom()) + DETOUR
    above = min(src.top(), dst.top()) - DETOUR
    sx, tx = src.center().x(), dst.center().x()
    return [
        [QPointF(sx, src_cell.bottom()), QPointF(sx, below), QPointF(tx, below), QPointF(tx, dst_cell.bottom())],
        [QPointF(sx, src.top()), QPointF(sx, above), QPointF(tx, above), QPointF(tx, dst.top())],
    ]


def segment_rects(points: Route, inset: float = 1.0) -> list[QRectF]:
    """Thin rectangles covering each leg, for asking the scene what a route crosses."""
    return [QRectF(a, b).normalized().adjusted(-inset, -inset, inset, inset)
            for a, b in zip(points, points[1:], strict=False)]


def label_spots(points: Route) -> list[QPointF]:
    """Places for a flow's label, best first: middles of the longest legs, then their thirds, then
    nearer their ends."""
    legs = sorted(zip(points, points[1:], strict=False),
                  key=lambda leg: -math.hypot(leg[1].x() - leg[0].x(), leg[1].y() - leg[0].y()))
    spots = [(a + b) / 2 for a, b in legs]
    for fractions in ((0.3, 0.7), (0.15, 0.85)):
        for a, b in legs:
            spots += [a + (b - a) * fraction for fraction in fractions]
    return spots
