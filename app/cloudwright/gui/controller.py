"""The controller: turns user intents into engine edits on the Qt undo stack.

It owns the :class:`Document`, the ``QUndoStack``, the shared :class:`Selection` and the file path. Every
``request_*`` method builds an engine edit and pushes it as one :class:`EditCommand`; nothing else changes
the model. A refusal from the engine (a :class:`ModelError`) comes back as ``error_raised`` with the
message, for the status bar, never as an exception escaping a slot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from cloudwright.engine.catalog import catalog
from cloudwright.engine.catalog.ports import default_flow
from cloudwright.engine.document import (
    AddEdge,
    AddNode,
    Batch,
    Document,
    Edit,
    RemoveEdges,
    RemoveNodes,
    move_nodes,
    reparent_node,
    resize_node,
    set_edge_fields,
    set_node_fields,
)
from cloudwright.engine.document.clipboard import paste_fragment
from cloudwright.engine.document.selection import Selection
from cloudwright.engine.errors import CloudwrightError, ModelError
from cloudwright.engine.io import read_design, save_design
from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.gui.bridge import DocumentBridge
from cloudwright.gui.canvas.geometry import default_size
from cloudwright.gui.undo import EditCommand

Point = tuple[float, float]


class Controller(QObject):
    error_raised = Signal(str)  #: a refused edit or a failed open/save, in words for the status bar
    path_changed = Signal(object)  #: the current file (Path) or None for an unsaved design
    document_replaced = Signal()  #: New or Open swapped in another document

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.selection = Selection()
        self.bridge = DocumentBridge(self)
        self.path: Path | None = None
        self.document = Document()
        self.bridge.attach(self.document)

    @property
    def diagram(self) -> Diagram:
        return self.document.diagram

    # --- pushing edits ----------------------------------------------------------------------------------
    def request_apply(self, edit: Edit) -> bool:
        """Push any prebuilt edit (e.g. a rule's quick fix); False when refused or a no-op."""
        if edit.is_noop:
            return False
        command = EditCommand(self.document, edit)
        self.undo_stack.push(command)
        if command.error is not None:
            self.error_raised.emit(command.error.message)
            return False
        return True

    def _build_and_apply(self, build: Any, *args: Any, **kwargs: Any) -> bool:
        """Build an edit from the current diagram and push it; a build-time ModelError is reported too."""
        try:
            edit = build(self.diagram, *args, **kwargs)
        except (ModelError, KeyError, ValueError) as exc:
            self.error_raised.emit(getattr(exc, "message", None) or str(exc))
            return False
        return self.request_apply(edit)

    # --- nodes --------------------------------------------------------------------------------------------
    def request_add_node(self, kind: str, parent: str | None, pos: Point, label: str = "") -> str | None:
        """Add a component of ``kind`` at ``pos`` (relative to ``parent``); returns its id or None."""
        if kind not in catalog():
            self.error_raised.emit(f"unknown component kind '{kind}'")
            return None
        spec = catalog().get(kind)
        node_id = self.document.unique_id(kind)
        node = Node(id=node_id, kind=kind, label=label, parent=parent, pos=(float(pos[0]), float(pos[1])),
                    size=default_size(kind) if spec.container else None, props=dict(spec.defaults))
        return node_id if self.request_apply(AddNode(node, f"Add {spec.label}")) else None

    def request_move(self, positions: dict[str, Point]) -> bool:
        """Move nodes within their parents (one undo step)."""
        return self._build_and_apply(move_nodes, positions)

    def request_nudge(self, node_ids: list[str], dx: float, dy: float) -> bool:
        """Shift nodes by a few pixels; consecutive nudges of the same nodes are one undo step."""
        nodes = [self.diagram.nodes[n] for n in node_ids if n in self.diagram.nodes]
        positions = {n.id: (n.pos[0] + dx, n.pos[1] + dy) for n in nodes}
        return bool(positions) and self._build_and_apply(move_nodes, positions, nudge=True)

    def request_reparent(self, positions: dict[str, Point], parent: str | None) -> bool:
        """Move nodes into ``parent`` (positions relative to it), as one undo step."""
        try:
            edits: list[Edit] = [reparent_node(self.diagram, node_id, parent, pos)
                                 for node_id, pos in positions.items()]
        except KeyError as exc:
            self.error_raised.emit(f"no node {exc}")
            return False
        if len(edits) == 1:
            return self.request_apply(edits[0])
        return self.request_apply(Batch(edits, "Move Into"))

    def request_resize(self, node_id: str, size: Point, pos: Point | None = None) -> bool:
        """Resize a container (its children keep their positions)."""
        return self._build_and_apply(resize_node, node_id, size, pos)

    def request_delete(self, ids: list[str]) -> bool:
        """Delete nodes (with subtrees, incident edges and references) and edges, as one step."""
        node_ids = [i for i in ids if i in self.diagram.nodes]
        edge_ids = [i for i in ids if i in self.diagram.edges]
        edits: list[Edit] = []
        if node_ids:
            nodes_edit = RemoveNodes.build(self.diagram, node_ids)
            edits.append(nodes_edit)
            cascaded = {edge.id for _, edge in nodes_edit.edges.removed}
            edge_ids = [e for e in edge_ids if e not in cascaded]  # already going with their nodes
        if edge_ids:
            edits.insert(0, RemoveEdges.build(self.diagram, edge_ids, "Delete"))
        if not edits:
            return False
        self.selection.set(i for i in self.selection.ids if i not in ids)
        return self.request_apply(edits[0] if len(edits) == 1 else Batch(edits, "Delete"))

    def request_set_props(self, node_id: str, *, label: str | None = None, props: dict[str, Any] | None = None,
                          intent: dict[str, Any] | None = None) -> bool:
        """Change a node's label, properties or intent flags (None as a value restores the default)."""
        return self._build_and_apply(set_node_fields, node_id, label=label, props=props, intent=intent)

    def request_set_edge(self, edge_id: str, **fields: Any) -> bool:
        """Change a flow's fields (``protocol``, ``port``, ``label``, ``kind``, ``props``)."""
        return self._build_and_apply(set_edge_fields, edge_id, **fields)

    # --- edges and clipboard --------------------------------------------------------------------------------
    def request_connect(self, source: str, target: str, protocol: str | None = None,
                        port: int | str | None = None) -> str | None:
        """Draw a traffic flow; protocol and port default from the target's kind. Returns the edge id."""
        if source == target or source not in self.diagram.nodes or target not in self.diagram.nodes:
            self.error_raised.emit("a flow needs two different components")
            return None
        default_protocol, default_port = default_flow(self.diagram.nodes[target])
        data: dict[str, Any] = {"id": self.document.unique_id(f"{source}-to-{target}"), "from": source,
                                "to": target, "protocol": protocol or default_protocol}
        chosen_port = port if port is not None else default_port
        if chosen_port is not None:
            data["port"] = chosen_port
        try:
            edge = Edge.model_validate(data)
        except ValueError as exc:
            self.error_raised.emit(str(exc).splitlines()[0])
            return None
        return edge.id if self.request_apply(AddEdge(edge)) else None

    def request_paste(self, fragment: dict[str, Any], parent: str | None = None,
                      offset: Point = (20.0, 20.0)) -> list[str]:
        """Paste a copied fragment with fresh ids; selects and returns the new top-level ids."""
        try:
            edit, tops = paste_fragment(self.diagram, fragment, parent=parent, offset=offset)
        except (ModelError, ValueError, KeyError, TypeError) as exc:
            self.error_raised.emit(f"cannot paste: {getattr(exc, 'message', None) or exc}")
            return []
        if not self.request_apply(edit):
            return []
        self.selection.set(tops)
        return tops

    # --- files ------------------------------------------------------------------------------------------
    def new(self) -> None:
        """Start an empty, unsaved design."""
        self._replace(Document(), None)

    def open(self, path: str | Path) -> bool:
        """Load a design file; on failure the current design stays and ``error_raised`` says why."""
        try:
            loaded = read_design(path)
        except (CloudwrightError, OSError) as exc:
            self.error_raised.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return False
        self._replace(Document(loaded.diagram), Path(path))
        return True

    def adopt(self, diagram: Diagram, path: Path | None) -> None:
        """Take ``diagram`` (e.g. recovered after a crash) as the design of ``path``, marked modified."""
        self._replace(Document(diagram), path)
        self.undo_stack.resetClean()

    def save(self) -> bool:
        """Save to the current file; False (nothing written) when the design has no file yet."""
        if self.path is None:
            return False
        return self.save_as(self.path)

    def save_as(self, path: str | Path) -> bool:
        """Save atomically to ``path``, which becomes the current file; marks the undo stack clean."""
        try:
            save_design(self.diagram, path)
        except (CloudwrightError, OSError) as exc:
            self.error_raised.emit(f"could not save {path}: {exc}")
            return False
        self.undo_stack.setClean()
        self.document.mark_clean()
        if self.path != Path(path):
            self.path = Path(path)
            self.path_changed.emit(self.path)
        return True

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def _replace(self, document: Document, path: Path | None) -> None:
        self.undo_stack.clear()
        self.selection.clear()
        self.document = document
        self.path = path
        self.bridge.attach(document)
        self.document_replaced.emit()
        self.path_changed.emit(path)
