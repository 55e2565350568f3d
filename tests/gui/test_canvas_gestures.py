"""Canvas gestures driven with real events: drops, moves, reparenting, flows and resizing."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from cloudwright.gui.main_window import MainWindow
from tests.gui.conftest import drag, send_mouse, viewport_point


def _drop(window: MainWindow, mime: QMimeData, scene_point: QPointF) -> None:
    viewport = window.view.viewport()
    pos = QPointF(viewport_point(window, scene_point))
    actions = Qt.DropAction.CopyAction
    QApplication.sendEvent(viewport, QDragEnterEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                                                     Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                                                    Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(viewport, QDropEvent(pos, actions, mime, Qt.MouseButton.LeftButton,
                                                Qt.KeyboardModifier.NoModifier))


def _palette_mime(window: MainWindow, kind: str) -> QMimeData:
    proxy_index = window.palette.index_of(kind)
    source_index = window.palette.proxy.mapToSource(proxy_index)
    return window.palette.model.mimeData([source_index])


def _center(window: MainWindow, node_id: str) -> QPointF:
    return window.scene.item_for_node(node_id).sceneBoundingRect().center()


def test_palette_drag_into_subnet_sets_parent(loaded: MainWindow) -> None:
    """Dropping an EC2 from the palette onto a subnet puts it in that subnet, in the model and the scene."""
    before = set(loaded.controller.diagram.nodes)
    target = loaded.scene.item_for_node("priv").mapToScene(QPointF(200, 100))
    _drop(loaded, _palette_mime(loaded, "ec2"), target)
    (added,) = set(loaded.controller.diagram.nodes) - before
    node = loaded.controller.diagram.nodes[added]
    assert node.kind == "ec2" and node.parent == "priv"
    assert loaded.scene.item_for_node(added).parentItem() is loaded.scene.item_for_node("priv")
    assert loaded.controller.selection.ids == (added,)


def test_illegal_drop_is_refused_with_reason(loaded: MainWindow) -> None:
    """An RDS dropped on the VPC outside any subnet changes nothing and says where it goes."""
    before = loaded.controller.diagram.model_copy(deep=True)
    target = loaded.scene.item_for_node("vpc").mapToScene(QPointF(300, 330))
    _drop(loaded, _palette_mime(loaded, "rds"), target)
    assert loaded.controller.diagram == before
    assert loaded.controller.undo_stack.count() == 0
    assert "Subnet" in loaded.statusBar().currentMessage()


def test_move_then_undo_restores_positions_exactly(loaded: MainWindow) -> None:
    """Dragging a component is one undo step, and undo puts it back exactly."""
    start = loaded.controller.diagram.nodes["web"].pos
    center = _center(loaded, "web")
    drag(loaded, center, center + QPointF(41, 17))
    assert loaded.controller.undo_stack.count() == 1
    moved = loaded.controller.diagram.nodes["web"].pos
    assert moved != start and moved[0] % 8 == 0 and moved[1] % 8 == 0
    assert loaded.scene.item_for_node("web").pos() == QPointF(*moved)
    loaded.controller.undo_stack.undo()
    assert loaded.controller.diagram.nodes["web"].pos == start
    assert loaded.scene.item_for_node("web").pos() == QPointF(*start)


def test_drag_into_other_subnet_reparents(loaded: MainWindow) -> None:
    """Dragging the web server into the private subnet makes it a child there, keeping where it was dropped."""
    drop_at = loaded.scene.item_for_node("priv").mapToScene(QPointF(180, 90))
    drag(loaded, _center(loaded, "web"), drop_at)
    node = loaded.controller.diagram.nodes["web"]
    assert node.parent == "priv"
    assert loaded.scene.item_for_node("web").parentItem() is loaded.scene.item_for_node("priv")
    loaded.controller.undo_stack.undo()
    assert loaded.controller.diagram.nodes["web"].parent == "pub"


def test_illegal_move_is_refused_and_restored(loaded: MainWindow) -> None:
    """Dragging the database out of its subnet onto the bare VPC snaps it back and explains why."""
    item = loaded.scene.item_for_node("db")
    start = item.pos()
    drag(loaded, _center(loaded, "db"), loaded.scene.item_for_node("vpc").mapToScene(QPointF(350, 330)))
    assert loaded.controller.diagram.nodes["db"].parent == "priv"
    assert item.pos() == start
    assert loaded.controller.undo_stack.count() == 0
    assert "Subnet" in loaded.statusBar().currentMessage()


def test_flow_drawn_between_nodes_becomes_edge_with_default_port(loaded: MainWindow) -> None:
    """Dragging from a component's handle to an RDS creates a tcp/3306 flow."""
    loaded.controller.request_delete(["web-db"])
    web = loaded.scene.item_for_node("web")
    loaded.scene.select_ids(["web"])
    drag(loaded, web.mapToScene(web.handle_center()), _center(loaded, "db"))
    edges = [e for e in loaded.controller.diagram.edges.values() if e.source == "web" and e.target == "db"]
    assert len(edges) == 1
    assert str(edges[0].protocol) == "tcp" and edges[0].port.low == 3306
    assert loaded.scene.item_for_edge(edges[0].id).label == "tcp/3306"


def test_resize_keeps_children_in_place(loaded: MainWindow) -> None:
    """Dragging a container's corner grip resizes it in one step; its children do not move."""
    loaded.scene.select_ids(["priv"])
    item = loaded.scene.item_for_node("priv")
    grip = item.mapToScene(QPointF(item.size[0] - 4, item.size[1] - 4))
    drag(loaded, grip, grip + QPointF(40, 24))
    assert loaded.controller.diagram.nodes["priv"].size == (304.0, 176.0)  # snapped to the 8 px grid
    assert loaded.controller.diagram.nodes["db"].pos == (16.0, 36.0)
    assert loaded.controller.undo_stack.count() == 1


def test_rubber_band_selects_what_it_encloses(loaded: MainWindow) -> None:
    """Dragging a rectangle over empty canvas selects the components fully inside it."""
    pub = loaded.scene.item_for_node("pub").sceneBoundingRect()
    start = pub.topLeft() + QPointF(5, 32)
    drag(loaded, start, pub.bottomRight() - QPointF(5, 5))
    assert loaded.controller.selection.ids == ("web",)


def test_shift_click_adds_to_selection(loaded: MainWindow) -> None:
    """Shift-click extends the selection instead of replacing it."""
    press, release = QMouseEvent.Type.MouseButtonPress, QMouseEvent.Type.MouseButtonRelease
    send_mouse(loaded, press, _center(loaded, "web"))
    send_mouse(loaded, release, _center(loaded, "web"))
    shift = Qt.KeyboardModifier.ShiftModifier
    send_mouse(loaded, press, _center(loaded, "db"), modifiers=shift)
    send_mouse(loaded, release, _center(loaded, "db"), modifiers=shift)
    assert set(loaded.controller.selection.ids) == {"web", "db"}
