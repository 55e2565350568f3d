"""The form of a selected flow (edge): kind, protocol, port and label, from the ``Edge`` model's own fields.

Same contract as the node form: generated editors, refreshed under ``QSignalBlocker``, an unchanged value
pushes nothing, a change is one ``request_set_edge`` call (one undo step), invalid input is explained.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from cloudwright.engine.model.diagram import Edge
from cloudwright.gui.controller import Controller
from cloudwright.gui.panels.properties.editors import FieldEditor, create_editor
from cloudwright.gui.panels.properties.fields import describe

#: The fields of a flow a person edits here (ids and ends are changed on the canvas).
FLOW_FIELDS = ("kind", "protocol", "port", "label")
ERROR_STYLE = "color: #d13212;"


class FlowForm(QWidget):
    def __init__(self, controller: Controller, edge_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller, self.edge_id = controller, edge_id
        self.editors: dict[str, FieldEditor] = {}
        form = QFormLayout(self)
        edge = controller.diagram.edges[edge_id]
        form.addRow("From", QLabel(controller.diagram.nodes[edge.source].title))
        form.addRow("To", QLabel(controller.diagram.nodes[edge.target].title))
        for name in FLOW_FIELDS:
            editor = create_editor(describe(name, Edge.model_fields[name]), lambda kinds: [])
            assert editor is not None
            editor.setObjectName(name)
            editor.committed.connect(lambda field=name: self._on_field_committed(field))
            editor.error_changed.connect(self._show_error)
            form.addRow(name.capitalize(), editor)
            self.editors[name] = editor
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        form.addRow(self.error)
        self.refresh()

    def _current(self) -> dict[str, Any]:
        return self.controller.diagram.edges[self.edge_id].model_dump(mode="json", by_alias=True)

    def refresh(self) -> None:
        if self.edge_id not in self.controller.diagram.edges:
            return
        values = self._current()
        for name, editor in self.editors.items():
            blocker = QSignalBlocker(editor)
            editor.set_value(values.get(name))
            del blocker
        self._show_error("")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)

    def _on_field_committed(self, name: str) -> None:
        if self.edge_id not in self.controller.diagram.edges:
            return
        try:
            value = self.editors[name].value()
            proposed = Edge.model_validate({**self._current(), name: value}).model_dump(mode="json", by_alias=True)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            self._show_error(_message(exc))
            return
        if proposed[name] == self._current()[name]:
            return
        if not self.controller.request_set_edge(self.edge_id, **{name: value}):
            self.refresh()


def _message(exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        return str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
    return str(exc)
