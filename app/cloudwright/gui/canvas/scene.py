"""The canvas scene: a projection of the diagram, keyed by id.

Items are built from the model and updated only for the ids a change record names; nothing else writes
to them. Containers mirror the model's ``parent`` with ``setParentItem`` and positions stay relative to
the parent, as in the file. Mouse gestures are delegated to one interaction object at a time (see
:mod:`interactions`); the scene itself never changes the model. Without a controller the scene is a
read-only picture, which is how the renderer uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneDragDropEvent,
    QGraphicsSceneMouseEvent,
)

from cloudwright.engine.catalog import catalog
from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.gui.canvas import geometry as geo
from cloudwright.gui.canvas import style
from cloudwright.gui.canvas.flows import FlowRouter
from cloudwright.gui.canvas.interactions import Interaction, KindDrop, interaction_for_press
from cloudwright.gui.canvas.items import ContainerItem, EdgeItem, LeafItem, NodeItem

if TYPE_CHECKING:
    from cloudwright.gui.bridge import DocumentBridge
    from cloudwright.gui.controller import Controller



class CanvasScene(QGraphicsScene):
    message_posted = Signal(str)  #: a refusal or hint for the status bar
    appearance_changed = Signal()  #: the model, the selection or the routes changed what is drawn

    def __init__(self, diagram: Callable[[], Diagram], parent: object | None = None) -> None:
        super().__init__(parent)
        self._diagram = diagram
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[str, EdgeItem] = {}
        self._incident: dict[str, set[str]] = {}
        self._dirty_edges: set[str] = set()
        self._orphans: set[str] = set()
        self._roots_cache: list[ContainerItem] | None = None
        self.router = FlowRouter(diagram, self._nodes, self._edges, self._incident, self)
        self.router.settled.connect(self.appearance_changed)
        self.controller: Controller | None = None
        self.interaction: Interaction | None = None
        #: A kind chosen in the palette, placed where the canvas is next clicked.
        self.pending_kind: str | None = None
        self.snap_enabled = True
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.rebuild()

    @property
    def diagram(self) -> Diagram:
        return self._diagram()

    # --- lookups ------------------------------------------------------------------------------------------
    def item_for_node(self, node_id: str) -> NodeItem | None:
        return self._nodes.get(node_id)

    def item_for_edge(self, edge_id: str) -> EdgeItem | None:
        return self._edges.get(edge_id)

    def node_ids(self) -> list[str]:
        return list(self._nodes)

    def edge_ids(self) -> list[str]:
        return list(self._edges)

    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def container_at(self, scene_pos: QPointF, exclude: set[str] = frozenset()) -> ContainerItem | None:
        """The innermost container under ``scene_pos``, skipping the ids in ``exclude`` and their subtrees.

        Walks the container tree from the top (a few dozen rectangles), which stays fast while items move.
        """
        found: ContainerItem | None = None
        level = self._root_containers()
        while level:
            hit = next((c for c in reversed(level) if c.node_id not in exclude
                        and c.mapRectToScene(c.frame()).contains(scene_pos)), None)
            if hit is None:
                break
            found = hit
            level = [child for child in hit.childItems() if isinstance(child, ContainerItem)]
        return found

    def _root_containers(self) -> list[ContainerItem]:
        if self._roots_cache is None:
            self._roots_cache = [i for i in self._nodes.values()
                                 if isinstance(i, ContainerItem) and i.parentItem() is None]
        return self._roots_cache

    def legal_parent(self, kind: str, scene_pos: QPointF, exclude: set[str] = frozenset()) -> tuple[bool, str | None]:
        """Where a ``kind`` dropped at ``scene_pos`` goes: the innermost enclosing container that may hold
        it (or the canvas). ``(False, None)`` when nothing there may hold it."""
        spec = catalog().get(kind)
        container = self.container_at(scene_pos, exclude)
        while container is not None:
            if spec.may_sit_in(container.kind):
                return True, container.node_id
            parent = container.parentItem()
            container = parent if isinstance(parent, ContainerItem) else None
        return spec.allowed_at_root, None

    def _within(self, item: QGraphicsItem, ids: set[str]) -> bool:
        current: QGraphicsItem | None = item
        while current is not None:
            if isinstance(current, NodeItem) and current.node_id in ids:
                return True
            current = current.parentItem()
        return False

    def snapped(self, value: float) -> float:
        return geo.snap(value) if self.snap_enabled else value

    # --- building -----------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Build every item from the diagram (on open or new); later changes update items one by one."""
        self.interaction = None
        self._roots_cache = None
        self.router.reset()
        self.clear()
        self._nodes.clear()
        self._edges.clear()
        self._incident.clear()
        diagram = self.diagram
        for node in diagram.nodes.values():
            self._nodes[node.id] = self._make_node_item(node)
        for node in diagram.nodes.values():
            item = self._nodes[node.id]
            parent = self._nodes.get(node.parent) if node.parent else None
            if parent is not None:
                item.setParentItem(parent)
            else:
                self.addItem(item)
            item.setPos(*node.pos)
        for edge in diagram.edges.values():
            self._add_edge_item(edge)
        self.router.route(self._edges)
        self.appearance_changed.emit()

    def _make_node_item(self, node: Node) -> NodeItem:
        spec_container = node.kind in catalog() and catalog().get(node.kind).container
        item: NodeItem = ContainerItem(node.id, node.kind) if spec_container else LeafItem(node.id, node.kind)
        self._update_node_item(item, node)
        return item

    def _update_node_item(self, item: NodeItem, node: Node) -> None:
        tier = node.props.get("tier") if node.kind == "subnet" else None
        item.set_title(node.title)
        item.set_icon(style.icon_file(node.kind, tier))
        if isinstance(item, ContainerItem):
            item.set_size(node.size or geo.default_size(node.kind))
            item.set_group(style.group_style(node.kind, tier))

    def _add_edge_item(self, edge: Edge) -> None:
        item = EdgeItem(edge.id)
        item.set_label(edge.title, edge.kind == "relation")
        self._edges[edge.id] = item
        self._incident.setdefault(edge.source, set()).add(edge.id)
        self._incident.setdefault(edge.target, set()).add(edge.id)
        self.addItem(item)

    # --- following the document ---------------------------------------------------------------------------
    def follow(self, bridge: DocumentBridge) -> None:
        """Keep this scene in step with the document behind ``bridge``."""
        bridge.node_added.connect(self._on_node_added)
        bridge.node_removed.connect(self._on_node_removed)
        bridge.node_changed.connect(self._on_node_changed)
        bridge.node_reparented.connect(self._on_node_reparented)
        bridge.edge_added.connect(self._on_edge_added)
        bridge.edge_removed.connect(self._on_edge_removed)
        bridge.edge_changed.connect(self._on_edge_changed)
        bridge.changes_applied.connect(self._on_changes_applied)
        bridge.diagram_reset.connect(self.rebuild)

    def attach(self, controller: Controller) -> None:
        """Make the scene editable through ``controller`` and share its selection."""
        self.controller = controller
        self.follow(controller.bridge)
        controller.selection.subscribe(self._on_selection_set)
        self.selectionChanged.connect(self._on_scene_selection_changed)
        self.rebuild()

    def _on_node_added(self, node_id: str) -> None:
        node = self.diagram.nodes[node_id]
        item = self._make_node_item(node)
        self._nodes[node_id] = item
        self.addItem(item)
        item.setPos(*node.pos)
        self._orphans.add(node_id)

    def _on_node_removed(self, node_id: str, parent: str | None) -> None:
        item = self._nodes.pop(node_id, None)
        if item is None:
            return
        for child in item.childItems():
            if isinstance(child, NodeItem) and child.node_id in self._nodes:
                child.setParentItem(None)
                self._orphans.add(child.node_id)
        self.removeItem(item)

    def _on_node_changed(self, node_id: str, fields: frozenset[str]) -> None:
        item = self._nodes.get(node_id)
        node = self.diagram.nodes.get(node_id)
        if item is None or node is None:
            return
        self._update_node_item(item, node)
        if "pos" in fields or "parent" in fields:
            item.setPos(*node.pos)
        if fields & {"pos", "size", "parent"}:
            self.mark_edges_dirty([node_id])

    def _on_node_reparented(self, node_id: str, old: str | None, new: str | None) -> None:
        self._orphans.add(node_id)

    def _on_edge_added(self, edge_id: str) -> None:
        self._add_edge_item(self.diagram.edges[edge_id])
        self._dirty_edges.add(edge_id)

    def _on_edge_removed(self, edge_id: str) -> None:
        item = self._edges.pop(edge_id, None)
        if item is not None:
            self.removeItem(item)
        for ids in self._incident.values():
            if edge_id in ids:
                ids.discard(edge_id)
                self._dirty_edges.update(ids)  # the flows left on that side spread out again
        self._dirty_edges.discard(edge_id)

    def _on_edge_changed(self, edge_id: str) -> None:
        item = self._edges.get(edge_id)
        edge = self.diagram.edges.get(edge_id)
        if item is None or edge is None:
            return
        for ids in self._incident.values():
            ids.discard(edge_id)
        self._incident.setdefault(edge.source, set()).add(edge_id)
        self._incident.setdefault(edge.target, set()).add(edge_id)
        item.set_label(edge.title, edge.kind == "relation")
        self._dirty_edges.add(edge_id)

    def _on_changes_applied(self, changes: list) -> None:
        """Settle what one step changed: parents of added or moved items first, then their flows."""
        diagram = self.diagram
        self.router.invalidate_obstacles()
        self._roots_cache = None
        for node_id in sorted(self._orphans, key=lambda n: self._depth(diagram, n)):
            item, node = self._nodes.get(node_id), diagram.nodes.get(node_id)
            if item is None or node is None:
                continue
            parent = self._nodes.get(node.parent) if node.parent else None
            if item.parentItem() is not parent:
                item.setParentItem(parent)
            item.setPos(*node.pos)
            self.mark_edges_dirty([node_id])
        self._orphans.clear()
        self.router.route(self._dirty_edges)
        self._dirty_edges.clear()
        self.appearance_changed.emit()

    @staticmethod
    def _depth(diagram: Diagram, node_id: str) -> int:
        depth, current = 0, diagram.nodes.get(node_id)
        while current is not None and current.parent and depth < 64:
            depth += 1
            current = diagram.nodes.get(current.parent)
        return depth

    # --- flows ----------------------------------------------------------------------------------------------
    def mark_edges_dirty(self, node_ids: Iterable[str]) -> None:
        """Flows touching these nodes or anything inside them need re-routing."""
        for node_id in node_ids:
            item = self._nodes.get(node_id)
            if item is None:
                continue
            stack: list[QGraphicsItem] = [item]
            while stack:
                current = stack.pop()
                if isinstance(current, NodeItem):
                    self._dirty_edges.update(self._incident.get(current.node_id, ()))
                    if isinstance(current, ContainerItem):
                        stack.extend(current.childItems())

    def reroute_now(self, node_ids: Iterable[str]) -> None:
        """Re-route the flows of these subtrees immediately (used while a drag previews a move)."""
        self.mark_edges_dirty(node_ids)
        self.router.route(self._dirty_edges, avoid=False)
        self._dirty_edges.clear()

    @property
    def refining(self) -> bool:
        """Whether flows drawn with plain routes are still being refined in the background."""
        return self.router.refining

    def settle(self) -> None:
        """Finish every pending route refinement now (the renderer calls this before painting)."""
        self.router.settle()

    # --- selection ------------------------------------------------------------------------------------------
    def _on_scene_selection_changed(self) -> None:
        if self.controller is None:
            return
        ids = [i.node_id if isinstance(i, NodeItem) else i.edge_id for i in self.selectedItems()
               if isinstance(i, NodeItem | EdgeItem)]
        self.controller.selection.set(ids)

    def _on_selection_set(self, ids: tuple[str, ...]) -> None:
        wanted = set(ids)
        blocker = QSignalBlocker(self)
        for item in self.selectedItems():
            if getattr(item, "node_id", None) not in wanted and getattr(item, "edge_id", None) not in wanted:
                item.setSelected(False)
        for item_id in ids:
            item = self._nodes.get(item_id) or self._edges.get(item_id)
            if item is not None:
                item.setSelected(True)
        blocker.unblock()
        self.appearance_changed.emit()

    def select_ids(self, ids: Iterable[str]) -> None:
        """Select these nodes and flows (and only these)."""
        if self.controller is not None:
            self.controller.selection.set(ids)
        else:
            self._on_selection_set(tuple(ids))

    # --- events: delegated to the active interaction ---------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.controller is not None and self.interaction is None:
            self.interaction = interaction_for_press(self, event)
        if self.interaction is not None and self.interaction.press(event):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.interaction is not None and self.interaction.move(event):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        interaction, self.interaction = self.interaction, None
        if interaction is not None and interaction.release(event):
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        step = steps.get(Qt.Key(event.key()))
        ids = self.selected_node_ids()
        if step is not None and ids and self.controller is not None:
            scale = geo.GRID if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
            self.controller.request_nudge(ids, step[0] * scale, step[1] * scale)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and (self.interaction is not None or self.pending_kind is not None):
            if self.interaction is not None:
                self.interaction.cancel()
            self.interaction = None
            self.pending_kind = None
            event.accept()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt override
        if self.controller is not None and KindDrop.accepts(event.mimeData()):
            self.interaction = KindDrop(self, KindDrop.kind_of(event.mimeData()))
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt override
        if isinstance(self.interaction, KindDrop):
            self.interaction.hover(event.scenePos())
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt override
        if self.interaction is not None:
            self.interaction.cancel()
        self.interaction = None

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:  # noqa: N802 - Qt override
        interaction, self.interaction = self.interaction, None
        if isinstance(interaction, KindDrop):
            interaction.drop(event.scenePos())
            event.acceptProposedAction()
        else:
            event.ignore()

    def content_rect(self) -> QRectF:
        """The design's extent (component cells, container frames, flows) plus a 24 px margin, for
        fit-to-view and export."""
        rect = QRectF()
        for item in self._nodes.values():
            rect = rect.united(item.mapRectToScene(item.anchor_rect() if isinstance(item, ContainerItem)
                                                   else item.boundingRect()))
        for edge in self._edges.values():
            if edge.isVisible():
                rect = rect.united(edge.sceneBoundingRect().adjusted(4, 4, -4, -4))
        return rect.adjusted(-24, -24, 24, 24)
