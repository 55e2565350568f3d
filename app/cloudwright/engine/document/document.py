"""The Document: the only mutation API of a diagram.

Every change goes through :meth:`Document.execute` (or, for the GUI's ``QUndoStack``, the lower-level
:meth:`apply`/:meth:`revert` pair). An edit is checked at the boundary: if it would leave a structural
impossibility (unknown kind, bad property, illegal parent, cycle, dangling reference) it is reverted and a
:class:`~cloudwright.engine.errors.ModelError` raised, so the diagram never holds one. Observers receive
the change records of each step. The built-in history gives Qt-free undo/redo with merging, used by tests,
the CLI and fuzzers; the GUI keeps its own ``QUndoStack`` over the same edits.
"""

from __future__ import annotations

from collections.abc import Callable

from cloudwright.engine.document.changes import Change
from cloudwright.engine.document.edits import Edit
from cloudwright.engine.errors import ModelError
from cloudwright.engine.model.check import check_cycles, check_edge, check_node
from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.model.ids import fresh_id
from cloudwright.engine.model.refs import iter_refs

Listener = Callable[[list[Change]], None]


class Document:
    def __init__(self, diagram: Diagram | None = None) -> None:
        self.diagram = diagram if diagram is not None else Diagram()
        self._listeners: list[Listener] = []
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []
        self._clean_index: int | None = 0
        self._merge_open = False
        self.revision = 0

    # --- observers ------------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with the change records of every step; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify(self, changes: list[Change]) -> None:
        self.revision += 1
        for listener in list(self._listeners):
            listener(changes)

    # --- checked application ---------------------------------------------------------------------------
    def apply(self, edit: Edit) -> list[Change]:
        """Apply ``edit`` if the result is structurally valid; otherwise leave the diagram as it was."""
        changes = edit.apply(self.diagram)
        errors = self._check(edit)
        if errors:
            edit.revert(self.diagram)
            raise errors[0]
        self._notify(changes)
        return changes

    def revert(self, edit: Edit) -> list[Change]:
        changes = edit.revert(self.diagram)
        self._notify(changes)
        return changes

    def _check(self, edit: Edit) -> list[ModelError]:
        diagram = self.diagram
        errors: list[ModelError] = []
        touched = {n for n in edit.touched() if n in diagram.nodes}
        for node_id in touched:
            errors.extend(check_node(diagram, diagram.nodes[node_id]))
        if any(c for c in touched):
            errors.extend(check_cycles(diagram, touched))
        for edge_id in edit.touched_edges():
            if edge_id in diagram.edges:
                errors.extend(check_edge(diagram, diagram.edges[edge_id]))
        return errors

    # --- history ----------------------------------------------------------------------------------------
    def execute(self, edit: Edit, *, merge: bool = True) -> Edit | None:
        """Apply and record ``edit`` (merged with the previous one where users expect one step).

        Returns the recorded edit, or ``None`` when the edit changed nothing and was not recorded.
        """
        if edit.is_noop:
            return None
        self.apply(edit)
        self._redo.clear()
        if self._clean_index is not None and self._clean_index > len(self._undo):
            self._clean_index = None
        previous = self._undo[-1] if self._undo and merge else None
        merged = previous.merge(edit) if previous is not None and self._clean_index != len(self._undo) else None
        if merged is not None:
            self._undo[-1] = merged
            return merged
        self._undo.append(edit)
        return edit

    def undo(self) -> Edit | None:
        if not self._undo:
            return None
        edit = self._undo.pop()
        self.revert(edit)
        self._redo.append(edit)
        return edit

    def redo(self) -> Edit | None:
        if not self._redo:
            return None
        edit = self._redo.pop()
        self.apply(edit)
        self._undo.append(edit)
        return edit

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def is_modified(self) -> bool:
        return self._clean_index != len(self._undo)

    def mark_clean(self) -> None:
        self._clean_index = len(self._undo)

    # --- helpers ----------------------------------------------------------------------------------------
    def unique_id(self, base: str) -> str:
        """A fresh id derived from ``base`` ("web", "web-2", "web-3", ...)."""
        return fresh_id(base or "node", self.diagram.nodes.keys() | self.diagram.edges.keys())

    def referrers(self, node_id: str) -> list[str]:
        """Ids of nodes whose properties name ``node_id`` (e.g. instances using a security group)."""
        return [n.id for n in self.diagram.nodes.values()
                if any(target == node_id for _, target, _ in iter_refs(n.kind, n.props))]
