"""Re-emits the document's change records as Qt signals, so views follow the model.

The bridge is the only subscriber the GUI installs on a :class:`Document`; when the controller replaces
the document (New, Open) it re-attaches and emits ``diagram_reset``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from cloudwright.engine.document import Document
from cloudwright.engine.document.changes import (
    Change,
    DiagramChanged,
    EdgeAdded,
    EdgeChanged,
    EdgeRemoved,
    NodeAdded,
    NodeChanged,
    NodeRemoved,
    NodeReparented,
)


class DocumentBridge(QObject):
    node_added = Signal(str)  #: node id
    node_removed = Signal(str, object)  #: node id, its former parent id (or None)
    node_changed = Signal(str, object)  #: node id, frozenset of field names
    node_reparented = Signal(str, object, object)  #: node id, old parent, new parent
    edge_added = Signal(str)  #: edge id
    edge_removed = Signal(str)  #: edge id
    edge_changed = Signal(str)  #: edge id
    diagram_changed = Signal(object)  #: frozenset of design-level field names
    diagram_reset = Signal()  #: a new document replaced the old one
    changes_applied = Signal(list)  #: all records of one step, after the per-record signals

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = None

    def attach(self, document: Document) -> None:
        """Follow ``document`` from now on (and stop following the previous one)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = document.subscribe(self._on_document_changes)
        self.diagram_reset.emit()

    def _on_document_changes(self, changes: list[Change]) -> None:
        for change in changes:
            match change:
                case NodeAdded(node_id):
                    self.node_added.emit(node_id)
                case NodeRemoved(node_id, parent):
                    self.node_removed.emit(node_id, parent)
                case NodeChanged(node_id, fields):
                    self.node_changed.emit(node_id, fields)
                case NodeReparented(node_id, old, new):
                    self.node_reparented.emit(node_id, old, new)
                case EdgeAdded(edge_id):
                    self.edge_added.emit(edge_id)
                case EdgeRemoved(edge_id):
                    self.edge_removed.emit(edge_id)
                case EdgeChanged(edge_id):
                    self.edge_changed.emit(edge_id)
                case DiagramChanged(fields):
                    self.diagram_changed.emit(fields)
        self.changes_applied.emit(changes)
