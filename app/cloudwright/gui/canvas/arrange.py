"""Arranging routed flows so each stays readable (pure geometry, scene coordinates).

Routing places every flow on its own, so several flows on one side of a component leave from the same
point (they look like one forked line) and flows sharing a corridor draw on top of each other. Two
passes fix that after routing: :func:`spread_ends` gives each flow its own anchor along the side,
ordered by where its other end lies so neighbouring flows do not cross, and :func:`separate_lanes`
moves the middle legs of flows sharing a corridor onto parallel lanes.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

from PySide6.QtCore import QPointF, QRectF

Route = list[QPointF]
#: Anchor spacing along a leaf's icon side and along a container's frame.
LEAF_GAP = 12.0
CONTAINER_GAP = 24.0
#: Anchors use at most this share of a side, so they stay clear of the corners.
SIDE_SHARE = 0.7
#: Distance between parallel flows sharing a corridor.
LANE = 8.0
_NORMALS = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "top": (0.0, -1.0), "bottom": (0.0, 1.0)}


def side_of(rect: QRectF, point: QPointF) -> str | None:
    """Which side of ``rect`` a flow's end point sits on (a leaf's bottom anchor lies below its icon)."""
    if point.y() >= rect.bottom() - 0.5:
        return "bottom"
    if point.y() <= rect.top() + 0.5:
        return "top"
    if point.x() <= rect.left() + 0.5:
        return "left"
    if point.x() >= rect.right() - 0.5:
        return "right"
    return None


def spread_ends(ends: list[tuple[Hashable, QPointF, QPointF]], side: str, length: float,
                gap: float) -> dict[Hashable, float]:
    """Offsets along ``side`` (of ``length``) for the flow ends ``(key, end point, far point)`` sharing it.

    Ends are ordered by the angle at which their far end lies seen from the side, so that a flow
    turning away earlier sits nearer the direction it turns to and the flows do not cross."""
    if len(ends) < 2:
        return {}
    nx, ny = _NORMALS[side]
    tx, ty = abs(ny), abs(nx)

    def angle(end: tuple[Hashable, QPointF, QPointF]) -> tuple[float, str]:
        v = end[2] - end[1]
        return math.atan2(v.x() * tx + v.y() * ty, v.x() * nx + v.y() * ny), str(end[0])

    ordered = sorted(ends, key=angle)
    step = min(gap, length * SIDE_SHARE / (len(ordered) - 1))
    middle = (len(ordered) - 1) / 2
    return {end[0]: (index - middle) * step for index, end in enumerate(ordered)}


def shift_end(points: Route, at_start: bool, side: str, delta: float) -> Route:
    """``points`` with one end slid ``delta`` along its side; its first leg moves with it (a straight
    route gets a jog in the middle so it stays orthogonal)."""
    if not delta or len(points) < 2:
        return points
    points = [QPointF(p) for p in points]
    along_x = side in ("top", "bottom")
    if len(points) == 2:
        a, b = points
        if along_x:
            middle = (a.y() + b.y()) / 2
            points = [a, QPointF(a.x(), middle), QPointF(b.x(), middle), b]
        else:
            middle = (a.x() + b.x()) / 2
            points = [a, QPointF(middle, a.y()), QPointF(middle, b.y()), b]
    end, neighbour = (0, 1) if at_start else (-1, -2)
    for index in (end, neighbour):
        p = points[index]
        points[index] = QPointF(p.x() + delta, p.y()) if along_x else QPointF(p.x(), p.y() + delta)
    return points


def separate_lanes(routes: dict[Hashable, Route], lane: float = LANE) -> dict[Hashable, Route]:
    """Routes whose middle legs overlap in a corridor, moved onto parallel lanes ``lane`` apart.

    Only legs between two bends move (the legs at the ends belong to the anchors). Lanes are ordered
    so that the legs joining them cross as little as possible."""
    moved = {key: [QPointF(p) for p in points] for key, points in routes.items()}
    for horizontal in (True, False):
        for group in _shared_corridors(moved, horizontal):
            if len({key for key, _ in group}) < 2:
                continue
            group.sort(key=lambda leg: _lane_key(moved[leg[0]], leg[1], horizontal) + (str(leg[0]),))
            middle = (len(group) - 1) / 2
            for index, (key, leg) in enumerate(group):
                delta = (index - middle) * lane
                points = moved[key]
                for i in (leg, leg + 1):
                    p = points[i]
                    points[i] = QPointF(p.x(), p.y() + delta) if horizontal else QPointF(p.x() + delta, p.y())
    return moved


def corridor_keys(points: Route) -> set[tuple[bool, int]]:
    """The corridors (orientation, rounded coordinate) this route's middle legs run in."""
    keys = set()
    for i in range(1, len(points) - 2):
        a, b = points[i], points[i + 1]
        if abs(a.y() - b.y()) < 0.5 and abs(a.x() - b.x()) >= 1:
            keys.add((True, round(a.y())))
        elif abs(a.x() - b.x()) < 0.5 and abs(a.y() - b.y()) >= 1:
            keys.add((False, round(a.x())))
    return keys


def _shared_corridors(routes: dict[Hashable, Route], horizontal: bool) -> list[list[tuple[Hashable, int]]]:
    """Groups of middle legs lying on one line whose spans overlap."""
    by_line: dict[int, list[tuple[float, float, Hashable, int]]] = {}
    for key, points in routes.items():
        for i in range(1, len(points) - 2):
            a, b = points[i], points[i + 1]
            across, a_along, b_along = (a.y(), a.x(), b.x()) if horizontal else (a.x(), a.y(), b.y())
            same_line = abs((b.y() if horizontal else b.x()) - across) < 0.5
            if same_line and abs(b_along - a_along) >= 1:
                by_line.setdefault(round(across), []).append((min(a_along, b_along), max(a_along, b_along), key, i))
    groups = []
    for legs in by_line.values():
        legs.sort(key=lambda leg: leg[0])
        current: list[tuple[Hashable, int]] = []
        reach = -math.inf
        for low, high, key, index in legs:
            if current and low >= reach - 1:
                groups.append(current)
                current = []
            current.append((key, index))
            reach = max(reach, high) if len(current) > 1 else high
        groups.append(current)
    return groups


def _lane_key(points: Route, leg: int, horizontal: bool) -> tuple[float, float]:
    """Order of a middle leg among its corridor's lanes (smaller = top or left): flows turning back
    towards the top first, nested by length; staircases by where they run; then those turning down."""
    def along(p: QPointF) -> float:
        return p.x() if horizontal else p.y()

    def across(p: QPointF) -> float:
        return p.y() if horizontal else p.x()

    a, b = points[leg], points[leg + 1]
    before, after = points[leg - 1], points[leg + 2]
    from_low = across(before) < across(a)  # the leg is entered from the top (or left)
    to_low = across(after) < across(b)
    span = abs(along(b) - along(a))
    if from_low and to_low:
        return 0.0, span
    if not from_low and not to_low:
        return 2.0, -span
    direction = 1.0 if along(b) > along(a) else -1.0
    downward = 1.0 if from_low else -1.0
    return 1.0, -direction * downward * (along(a) + along(b)) / 2
