"""Mouse gestures as small objects (Orange's ``UserInteraction``), not mode integers.

The scene hands press, move and release to the one active interaction. An interaction previews freely
(items follow the mouse, targets highlight) and commits once, at its end, through the controller: one
move or reparent per drag, one edge per flow drawn, one resize per grip drag, one node per drop. A
refused gesture restores the preview and says why in the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QMimeData, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsSceneMouseEvent

from cloudwright.engine.catalog import catalog
from cloudwright.gui.canvas import geometry as geo
from cloudwright.gui.canvas import style
from cloudwright.gui.canvas.items import ContainerItem, EdgeItem, LeafItem, NodeItem

if TYPE_CHECKING:
    from cloudwright.gui.canvas.scene import CanvasScene

KIND_MIME = "application/x-cloudwright-kind"
DRAG_THRESHOLD = 3.0
MIN_CONTAINER = (120.0, 80.0)


class Interaction:
    """One gesture in progress. Handlers return True when they consumed the event."""

    def __init__(self, scene: CanvasScene) -> None:
        self.scene = scene

    def press(self, event: QGraphicsSceneMouseEvent) -> bool:
        return True

    def move(self, event: QGraphicsSceneMouseEvent) -> bool:
        return True

    def release(self, event: QGraphicsSceneMouseEvent) -> bool:
        return True

    def cancel(self) -> None:
        """Undo the preview; nothing was committed."""


def interaction_for_press(scene: CanvasScene, event: QGraphicsSceneMouseEvent) -> Interaction | None:
    """Pick the gesture a left press starts, from what lies under the mouse."""
    if event.button() != Qt.MouseButton.LeftButton:
        return None
    pos = event.scenePos()
    additive = bool(event.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier))
    if scene.pending_kind is not None:
        kind, scene.pending_kind = scene.pending_kind, None
        return PlaceKind(scene, kind)
    under = scene.items(pos)
    for candidate in under:  # handles and grips win over flows drawn across them
        if isinstance(candidate, LeafItem) and candidate.hits_handle(candidate.mapFromScene(pos)):
            return NewFlowInteraction(scene, candidate)
        if isinstance(candidate, ContainerItem) and candidate.hits_grip(candidate.mapFromScene(pos)):
            return ResizeInteraction(scene, candidate)
    item = next((i for i in under if isinstance(i, NodeItem | EdgeItem)), None)
    if isinstance(item, EdgeItem):
        return None
    if isinstance(item, LeafItem) or (isinstance(item, ContainerItem) and item.in_title_band(item.mapFromScene(pos))):
        return MoveReparentInteraction(scene, item, additive)
    return RubberBandInteraction(scene, item, additive)


def _select(scene: CanvasScene, item: NodeItem, additive: bool) -> None:
    if additive:
        item.setSelected(not item.isSelected())
    elif not item.isSelected():
        scene.clearSelection()
        item.setSelected(True)


class MoveReparentInteraction(Interaction):
    """Drag selected nodes; the legal container under the mouse highlights; release commits one edit."""

    def __init__(self, scene: CanvasScene, item: NodeItem, additive: bool) -> None:
        super().__init__(scene)
        self.item = item
        self.additive = additive
        self.start = QPointF()
        self.origin: dict[NodeItem, QPointF] = {}
        self.moved = False
        self.highlighted: NodeItem | None = None

    def press(self, event: QGraphicsSceneMouseEvent) -> bool:
        _select(self.scene, self.item, self.additive)
        selected = [i for i in self.scene.selectedItems() if isinstance(i, NodeItem)]
        chosen = set(selected)
        self.origin = {i: i.pos() for i in selected if not _has_ancestor_in(i, chosen)}
        self.start = event.scenePos()
        return True

    @property
    def ids(self) -> set[str]:
        return {i.node_id for i in self.origin}

    def move(self, event: QGraphicsSceneMouseEvent) -> bool:
        delta = event.scenePos() - self.start
        if not self.moved and delta.manhattanLength() < DRAG_THRESHOLD:
            return True
        self.moved = True
        for item, origin in self.origin.items():
            item.setPos(self.scene.snapped(origin.x() + delta.x()), self.scene.snapped(origin.y() + delta.y()))
        self.scene.reroute_now(self.ids)
        ok, parent, _ = self._target(event.scenePos())
        under = self.scene.item_for_node(parent) if ok and parent else (
            None if ok else self.scene.container_at(event.scenePos(), self.ids))
        self._highlight(under, style.LEGAL_TARGET if ok else style.ILLEGAL_TARGET)
        return True

    def _target(self, pos: QPointF) -> tuple[bool, str | None, str]:
        """Whether every dragged node may go where the mouse is, into which container, else why not."""
        parents: set[str | None] = set()
        for item in self.origin:
            ok, parent = self.scene.legal_parent(item.kind, pos, self.ids)
            if not ok:
                return False, None, catalog().placement_hint(item.kind)
            parents.add(parent)
        if len(parents) > 1:
            return False, None, "these components cannot all go in the same container"
        return True, parents.pop(), ""

    def _highlight(self, item: NodeItem | None, color: QColor) -> None:
        if self.highlighted is not None and self.highlighted is not item:
            self.highlighted.set_highlight(None)
        self.highlighted = item
        if item is not None:
            item.set_highlight(color)

    def release(self, event: QGraphicsSceneMouseEvent) -> bool:
        self._highlight(None, style.LEGAL_TARGET)
        if not self.moved:
            return True
        controller = self.scene.controller
        ok, parent, reason = self._target(event.scenePos())
        diagram = self.scene.diagram
        if not ok or controller is None:
            self.cancel()
            self.scene.message_posted.emit(reason)
            return True
        if all(diagram.nodes[i.node_id].parent == parent for i in self.origin):
            done = controller.request_move({i.node_id: (i.pos().x(), i.pos().y()) for i in self.origin})
        else:
            target = self.scene.item_for_node(parent) if parent else None
            positions = {}
            for item in self.origin:
                local = target.mapFromScene(item.scenePos()) if target is not None else item.scenePos()
                positions[item.node_id] = (self.scene.snapped(local.x()), self.scene.snapped(local.y()))
            done = controller.request_reparent(positions, parent)
        if not done:
            self.cancel()
        return True

    def cancel(self) -> None:
        self._highlight(None, style.LEGAL_TARGET)
        for item, origin in self.origin.items():
            item.setPos(origin)
        self.scene.reroute_now(self.ids)


def _has_ancestor_in(item: NodeItem, items: set[NodeItem]) -> bool:
    parent = item.parentItem()
    while parent is not None:
        if parent in items:
            return True
        parent = parent.parentItem()
    return False


class RubberBandInteraction(Interaction):
    """Drag a rectangle to select what lies fully inside it; a plain click selects the item or clears."""

    def __init__(self, scene: CanvasScene, item: NodeItem | None, additive: bool) -> None:
        super().__init__(scene)
        self.item = item
        self.additive = additive
        self.start = QPointF()
        self.band: QGraphicsRectItem | None = None

    def press(self, event: QGraphicsSceneMouseEvent) -> bool:
        self.start = event.scenePos()
        return True

    def move(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.band is None:
            if (event.scenePos() - self.start).manhattanLength() < DRAG_THRESHOLD:
                return True
            self.band = QGraphicsRectItem()
            self.band.setPen(QPen(style.SELECTION_COLOR, 0, Qt.PenStyle.DashLine))
            self.band.setBrush(QColor(9, 114, 211, 30))
            self.band.setZValue(1e6)
            self.scene.addItem(self.band)
        rect = QRectF(self.start, event.scenePos()).normalized()
        self.band.setRect(rect)
        area = QPainterPath()
        area.addRect(rect)
        operation = (Qt.ItemSelectionOperation.AddToSelection if self.additive
                     else Qt.ItemSelectionOperation.ReplaceSelection)
        self.scene.setSelectionArea(area, operation, Qt.ItemSelectionMode.ContainsItemShape)
        return True

    def release(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.band is not None:
            self.cancel()
        elif self.item is not None:
            _select(self.scene, self.item, self.additive)
        elif not self.additive:
            self.scene.clearSelection()
        return True

    def cancel(self) -> None:
        if self.band is not None:
            self.scene.removeItem(self.band)
            self.band = None


class NewFlowInteraction(Interaction):
    """Drag from a component's handle to another component to draw a traffic flow."""

    def __init__(self, scene: CanvasScene, source: LeafItem) -> None:
        super().__init__(scene)
        self.source = source
        self.line = QGraphicsLineItem()
        self.line.setPen(QPen(style.SELECTION_COLOR, 1.5, Qt.PenStyle.DashLine))
        self.line.setZValue(1e6)
        self.target: NodeItem | None = None

    def press(self, event: QGraphicsSceneMouseEvent) -> bool:
        self.scene.addItem(self.line)
        self.line.setLine(QLineF(self.source.mapToScene(self.source.handle_center()), event.scenePos()))
        return True

    def _node_at(self, pos: QPointF) -> NodeItem | None:
        return next((i for i in self.scene.items(pos) if isinstance(i, NodeItem) and i is not self.source), None)

    def move(self, event: QGraphicsSceneMouseEvent) -> bool:
        self.line.setLine(QLineF(self.line.line().p1(), event.scenePos()))
        target = self._node_at(event.scenePos())
        if target is not self.target:
            if self.target is not None:
                self.target.set_highlight(None)
            self.target = target
            if target is not None:
                target.set_highlight(style.LEGAL_TARGET)
        return True

    def release(self, event: QGraphicsSceneMouseEvent) -> bool:
        target = self._node_at(event.scenePos())
        self.cancel()
        controller = self.scene.controller
        if target is not None and controller is not None:
            edge_id = controller.request_connect(self.source.node_id, target.node_id)
            if edge_id is not None:
                self.scene.select_ids([edge_id])
        return True

    def cancel(self) -> None:
        if self.target is not None:
            self.target.set_highlight(None)
        if self.line.scene() is not None:
            self.scene.removeItem(self.line)


class ResizeInteraction(Interaction):
    """Drag a container's corner grip; children keep their positions; release commits one resize."""

    def __init__(self, scene: CanvasScene, item: ContainerItem) -> None:
        super().__init__(scene)
        self.item = item
        self.origin = item.size
        self.start = QPointF()

    def press(self, event: QGraphicsSceneMouseEvent) -> bool:
        self.start = event.scenePos()
        return True

    def move(self, event: QGraphicsSceneMouseEvent) -> bool:
        delta = event.scenePos() - self.start
        width = max(MIN_CONTAINER[0], self.scene.snapped(self.origin[0] + delta.x()))
        height = max(MIN_CONTAINER[1], self.scene.snapped(self.origin[1] + delta.y()))
        self.item.set_size((width, height))
        self.scene.reroute_now([self.item.node_id])
        return True

    def release(self, event: QGraphicsSceneMouseEvent) -> bool:
        size = self.item.size
        controller = self.scene.controller
        if size == self.origin or controller is None or not controller.request_resize(self.item.node_id, size):
            self.cancel()
        return True

    def cancel(self) -> None:
        self.item.set_size(self.origin)
        self.scene.reroute_now([self.item.node_id])


class KindDrop(Interaction):
    """A palette kind dragged over the canvas: highlight where it would go; on drop add it there."""

    def __init__(self, scene: CanvasScene, kind: str) -> None:
        super().__init__(scene)
        self.kind = kind
        self.highlighted: NodeItem | None = None

    @staticmethod
    def accepts(mime: QMimeData) -> bool:
        return mime.hasFormat(KIND_MIME) and KindDrop.kind_of(mime) in catalog()

    @staticmethod
    def kind_of(mime: QMimeData) -> str:
        return bytes(mime.data(KIND_MIME).data()).decode("utf-8", "replace").strip()

    def hover(self, pos: QPointF) -> None:
        ok, parent = self.scene.legal_parent(self.kind, pos)
        under = (self.scene.item_for_node(parent) if parent else None) if ok else self.scene.container_at(pos)
        if self.highlighted is not None and self.highlighted is not under:
            self.highlighted.set_highlight(None)
        self.highlighted = under
        if under is not None:
            under.set_highlight(style.LEGAL_TARGET if ok else style.ILLEGAL_TARGET)

    def drop(self, pos: QPointF) -> str | None:
        """Add the kind where ``pos`` is, or refuse with the placement hint; returns the new id."""
        self.cancel()
        ok, parent = self.scene.legal_parent(self.kind, pos)
        controller = self.scene.controller
        if not ok or controller is None:
            self.scene.message_posted.emit(f"Cannot place it here: {catalog().placement_hint(self.kind)}")
            return None
        container = self.scene.item_for_node(parent) if parent else None
        local = container.mapFromScene(pos) if container is not None else pos
        is_container = catalog().get(self.kind).container
        x = local.x() - (20 if is_container else geo.LEAF_SIZE / 2)
        y = local.y() - (14 if is_container else geo.ICON_TOP + geo.ICON_SIZE / 2)
        if container is not None:
            x, y = max(geo.PADDING, x), max(geo.CONTENT_TOP, y)
        node_id = controller.request_add_node(self.kind, parent, (self.scene.snapped(x), self.scene.snapped(y)))
        if node_id is not None:
            self.scene.select_ids([node_id])
        return node_id

    def cancel(self) -> None:
        if self.highlighted is not None:
            self.highlighted.set_highlight(None)
            self.highlighted = None


class PlaceKind(KindDrop):
    """Click-then-place: a kind chosen in the palette is added where the canvas is next clicked."""

    def press(self, event: QGraphicsSceneMouseEvent) -> bool:
        self.drop(event.scenePos())
        return True
