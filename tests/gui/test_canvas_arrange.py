"""Flows sharing a side or a corridor stay apart: own anchors, parallel lanes, no fork look."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from cloudwright.engine.io.design_file import load_text
from cloudwright.gui.canvas.arrange import separate_lanes, shift_end, spread_ends
from cloudwright.gui.canvas.obstacles import ObstacleIndex
from cloudwright.gui.canvas.scene import CanvasScene

FAN_OUT = """\
cloudwright: 1
name: fan
nodes:
  - {id: lb, kind: user, pos: [0, 200]}
  - {id: a, kind: s3_bucket, pos: [400, 0]}
  - {id: b, kind: s3_bucket, pos: [400, 200]}
  - {id: c, kind: s3_bucket, pos: [400, 400]}
edges:
  - {id: lb-a, from: lb, to: a, protocol: tcp, port: 80}
  - {id: lb-b, from: lb, to: b, protocol: tcp, port: 80}
  - {id: lb-c, from: lb, to: c, protocol: tcp, port: 80}
"""


def _starts(scene: CanvasScene) -> dict[str, QPointF]:
    return {edge_id: QPointF(item.path.elementAt(0).x, item.path.elementAt(0).y)
            for edge_id, item in scene._edges.items()}


def test_flows_leaving_one_side_get_distinct_anchors_in_order(qapp) -> None:  # noqa: ANN001
    """Three flows out of a user's right side start at three points, top target topmost."""
    diagram = load_text(FAN_OUT).diagram
    scene = CanvasScene(lambda: diagram)
    scene.rebuild()
    scene.settle()
    starts = _starts(scene)
    assert len({round(p.y()) for p in starts.values()}) == 3
    assert starts["lb-a"].y() < starts["lb-b"].y() < starts["lb-c"].y()
    assert len({round(p.x()) for p in starts.values()}) == 1


def test_spread_orders_ends_by_direction_and_stays_on_the_side() -> None:
    """Ends are spaced along the side, the one whose far end lies higher first, within the side."""
    end = QPointF(56, 28)
    offsets = spread_ends([("down", end, QPointF(300, 400)), ("up", end, QPointF(300, -300)),
                           ("level", end, QPointF(300, 28))], "right", 56.0, 12.0)
    assert offsets["up"] < offsets["level"] < offsets["down"]
    assert max(abs(v) for v in offsets.values()) <= 56 * 0.35


def test_shifting_an_end_keeps_the_route_orthogonal() -> None:
    """A straight flow whose start slides along its side gains a jog instead of a slanted line."""
    points = shift_end([QPointF(0, 0), QPointF(100, 0)], True, "right", 6.0)
    assert points[0] == QPointF(0, 6) and points[-1] == QPointF(100, 0)
    for a, b in zip(points, points[1:], strict=False):
        assert a.x() == b.x() or a.y() == b.y()


def test_parallel_middle_legs_move_onto_separate_lanes() -> None:
    """Two Z routes whose middle legs share a corridor end up on lanes 8 px apart, ends untouched."""
    first = [QPointF(0, 0), QPointF(0, 50), QPointF(200, 50), QPointF(200, 100)]
    second = [QPointF(20, 0), QPointF(20, 50), QPointF(300, 50), QPointF(300, 100)]
    moved = separate_lanes({"a": first, "b": second})
    assert abs(moved["a"][1].y() - moved["b"][1].y()) == 8.0
    assert moved["a"][0] == first[0] and moved["b"][-1] == second[-1]
    lane_a = QRectF(moved["a"][1], moved["a"][2])
    assert moved["b"][1].x() < lane_a.right() or moved["a"][1].y() < moved["b"][1].y()


def test_labels_keep_off_the_other_flows_lines(qapp) -> None:  # noqa: ANN001
    """No flow's label sits on another flow's line when there is free room along its own route."""
    diagram = load_text(FAN_OUT).diagram
    scene = CanvasScene(lambda: diagram)
    scene.rebuild()
    scene.settle()
    items = scene._edges
    for edge_id, item in items.items():
        box = QPainterPath()
        box.addRect(item.label_rect_at(item.label_pos))
        assert item.label
        assert not any(other.path.intersects(box) for other_id, other in items.items() if other_id != edge_id)


def test_obstacle_index_forgets_a_rerouted_owner() -> None:
    """Removing an owner's obstacles leaves the others answering queries."""
    index = ObstacleIndex()
    index.add(QRectF(0, 0, 10, 10), 0, "a")
    index.add(QRectF(5, 5, 10, 10), 0, "b")
    index.remove("a")
    assert [entry[2] for entry in index.query(QRectF(0, 0, 20, 20))] == ["b"]
