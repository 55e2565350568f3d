"""The properties panel: a form generated from the selected node's typed schema.

It follows the shared :class:`Selection` (one node: its editor; several: a summary) and the document's
change records (values refreshed under ``QSignalBlocker``, never pushed back). A finished edit is checked
against the kind's schema first, so invalid input never reaches the model; an unchanged value pushes
nothing; a real change is one ``request_set_props`` call, i.e. one undo step. If the engine's structural
check still refuses the edit, its message is shown under the form.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cloudwright.engine.catalog import catalog
from cloudwright.engine.model.diagram import Node, typed_props
from cloudwright.engine.model.props import schema_for
from cloudwright.gui.controller import Controller
from cloudwright.gui.panels.properties.editors import FieldEditor, create_editor
from cloudwright.gui.panels.properties.fields import FieldSpec, fields_of
from cloudwright.gui.panels.properties.flow import FlowForm
from cloudwright.gui.panels.properties.tables import RowsEditor

#: Intent flags rules read (DESIGN.md); any other flag a node carries is listed too.
KNOWN_INTENTS = ("public", "private", "isolated", "internet_facing", "needs_egress", "read_heavy",
                 "baseline_always_on")
ERROR_STYLE = "color: #d13212;"


def validation_message(exc: ValidationError) -> str:
    """The first pydantic error in words: "routes, row 2: a route needs exactly one of ..."."""
    error = exc.errors()[0]
    where = [f"row {p + 1}" if isinstance(p, int) else str(p).replace("_", " ") for p in error["loc"]]
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{', '.join(where)}: {message}" if where else message


class PropertiesPanel(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("properties_panel")
        self.setMinimumWidth(380)
        self.controller = controller
        self.node_id: str | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.intent_boxes: dict[str, QCheckBox] = {}
        self._errors: dict[str, QLabel] = {}
        self._last_error = ""

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.header)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        outer.addWidget(self.scroll, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(ERROR_STYLE)
        outer.addWidget(self.status)
        self.label_edit: QLineEdit | None = None
        self.flow_form: FlowForm | None = None

        controller.selection.subscribe(self._on_selection_changed)
        controller.error_raised.connect(self._on_controller_error_raised)
        bridge = controller.bridge
        bridge.node_changed.connect(self._on_node_changed)
        bridge.node_added.connect(self._on_nodes_added_or_removed)
        bridge.node_removed.connect(self._on_nodes_added_or_removed)
        bridge.diagram_reset.connect(self._on_diagram_reset)
        bridge.edge_changed.connect(self._on_edge_changed)
        bridge.edge_removed.connect(self._on_edge_changed)
        self._show_selection(controller.selection.ids)

    # --- following the selection and the model ------------------------------------------------------------
    def _on_selection_changed(self, ids: tuple[str, ...]) -> None:
        self._show_selection(ids)

    def _on_node_changed(self, node_id: str, _fields: object) -> None:
        if node_id == self.node_id:
            self.refresh()

    def _on_nodes_added_or_removed(self, *_args: object) -> None:
        if self.node_id is not None and self.node_id not in self.controller.diagram.nodes:
            self._show_selection(())
        elif self.node_id is not None:
            for editor in self.editors.values():
                blocker = QSignalBlocker(editor)
                editor.set_candidates(self._candidates)
                del blocker
            self.refresh()

    def _on_edge_changed(self, edge_id: str) -> None:
        if self.flow_form is not None and self.flow_form.edge_id == edge_id:
            if edge_id in self.controller.diagram.edges:
                self.flow_form.refresh()
            else:
                self._show_selection(())

    def _on_diagram_reset(self) -> None:
        self._show_selection(self.controller.selection.ids)

    def _on_controller_error_raised(self, message: str) -> None:
        self._last_error = message

    def _show_selection(self, ids: tuple[str, ...]) -> None:
        nodes = [self.controller.diagram.nodes[i] for i in ids if i in self.controller.diagram.nodes]
        self.status.clear()
        if len(nodes) == 1:
            self._build_form(nodes[0])
            return
        self.node_id = None
        self.editors, self.intent_boxes, self._errors = {}, {}, {}
        self.label_edit = None
        self.flow_form = None
        edges = [i for i in ids if i in self.controller.diagram.edges]
        if not nodes and len(edges) == 1:
            self.flow_form = FlowForm(self.controller, edges[0])
            self.header.setText(f"<b>Flow</b> &nbsp;<code>{edges[0]}</code>")
            self.scroll.setWidget(self.flow_form)
            return
        self.scroll.setWidget(QWidget())
        if not nodes:
            self.header.setText("<i>Select a component or a flow to edit its properties.</i>")
            return
        kinds = Counter(catalog().get(n.kind).label if n.kind in catalog() else n.kind for n in nodes)
        summary = ", ".join(f"{count} {label}" for label, count in kinds.most_common())
        self.header.setText(f"<b>{len(nodes)} components selected</b><br>{summary}")

    # --- building the form ---------------------------------------------------------------------------------
    def _candidates(self, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        """The design's nodes of ``kinds`` (any kind when empty), other than the edited node itself."""
        return [(n.id, n.title) for n in self.controller.diagram.nodes.values()
                if (not kinds or n.kind in kinds) and n.id != self.node_id]

    def _build_form(self, node: Node) -> None:
        self.node_id = node.id
        self.flow_form = None
        spec = catalog().get(node.kind) if node.kind in catalog() else None
        self.header.setText(f"<b>{spec.label if spec else node.kind}</b> &nbsp;<code>{node.id}</code>")
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("label")
        self.label_edit.editingFinished.connect(self._on_label_editing_finished)
        form.addRow("Label", self.label_edit)
        self.editors, self.intent_boxes, self._errors = {}, {}, {}
        for field in fields_of(node.kind):
            self._add_field_row(form, field)
        self._add_intent_rows(form, node)
        self.scroll.setWidget(page)
        self.refresh()

    def _add_field_row(self, form: QFormLayout, field: FieldSpec) -> None:
        editor: FieldEditor | None = RowsEditor(field, self._candidates) if field.editor == "rows" else \
            create_editor(field, self._candidates)
        if editor is None:
            summary = QLabel()
            summary.setObjectName(f"readonly:{field.name}")
            summary.setWordWrap(True)
            summary.setToolTip("Edited in the design file")
            form.addRow(field.title, summary)
            return
        editor.setObjectName(field.name)
        editor.committed.connect(lambda name=field.name: self._on_field_committed(name))
        error = QLabel()
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        editor.error_changed.connect(lambda message, label=error: self._show_field_error(label, message))
        if field.editor == "rows":
            form.addRow(QLabel(f"<b>{field.title}</b>"))
            form.addRow(editor)
            form.addRow(error)
        else:
            form.addRow(field.title, editor)
            form.addRow("", error)
        self.editors[field.name] = editor
        self._errors[field.name] = error

    def _add_intent_rows(self, form: QFormLayout, node: Node) -> None:
        flags = list(KNOWN_INTENTS) + [k for k, v in node.intent.items() if k not in KNOWN_INTENTS
                                       and isinstance(v, bool)]
        form.addRow(QLabel("<b>Intent</b>"))
        for flag in flags:
            box = QCheckBox(flag.replace("_", " "))
            box.setObjectName(f"intent:{flag}")
            box.clicked.connect(lambda checked, name=flag: self._on_intent_clicked(name, checked))
            form.addRow(box)
            self.intent_boxes[flag] = box

    @staticmethod
    def _show_field_error(label: QLabel, message: str) -> None:
        label.setText(message)
        label.setVisible(bool(message))

    # --- showing values ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the model's current values (defaults filled in) without pushing anything."""
        node = self.controller.diagram.nodes.get(self.node_id or "")
        if node is None:
            return
        values = self._typed_values(node)
        if self.label_edit is not None and not self.label_edit.hasFocus():
            self.label_edit.setText(node.label)
        for name, editor in self.editors.items():
            blocker = QSignalBlocker(editor)
            editor.set_value(values.get(name))
            del blocker
            self._show_field_error(self._errors[name], "")
        for field in fields_of(node.kind):
            summary = self.scroll.widget().findChild(QLabel, f"readonly:{field.name}")
            if summary is not None:
                summary.setText(_summary(values.get(field.name)))
        for flag, box in self.intent_boxes.items():
            blocker = QSignalBlocker(box)
            box.setChecked(node.intent.get(flag) is True)
            del blocker

    @staticmethod
    def _typed_values(node: Node) -> dict[str, Any]:
        try:
            return typed_props(node).model_dump(mode="json", exclude_none=False)
        except ValidationError:
            return dict(node.props)

    # --- committing ----------------------------------------------------------------------------------------
    def _on_label_editing_finished(self) -> None:
        node = self.controller.diagram.nodes.get(self.node_id or "")
        if node is None or self.label_edit is None or self.label_edit.text() == node.label:
            return
        self._push(node.id, label=self.label_edit.text())

    def _on_intent_clicked(self, flag: str, checked: bool) -> None:
        if self.node_id is not None:
            self._push(self.node_id, intent={flag: True if checked else None})

    def _on_field_committed(self, name: str) -> None:
        node = self.controller.diagram.nodes.get(self.node_id or "")
        if node is None:
            return
        editor, error = self.editors[name], self._errors[name]
        try:
            value = editor.value()
        except ValueError as exc:
            self._show_field_error(error, str(exc))
            return
        value = _compact(value)
        try:
            proposed = schema_for(node.kind).model_validate({**node.props, name: value})
        except ValidationError as exc:
            self._show_field_error(error, validation_message(exc))
            return
        new = proposed.model_dump(mode="json").get(name)
        if new == self._typed_values(node).get(name):
            self.refresh()
            return
        self._show_field_error(error, "")
        self._push(node.id, props={name: value})

    def _push(self, node_id: str, **fields: Any) -> None:
        self._last_error = ""
        if self.controller.request_set_props(node_id, **fields):
            self.status.clear()
            return
        if self._last_error:
            self.status.setText(self._last_error)
        self.refresh()


def _compact(value: Any) -> Any:
    """Rows without empty optional cells, so the file stays as short as a person would write it."""
    if isinstance(value, list):
        return [{k: v for k, v in row.items() if v not in (None, "")} if isinstance(row, dict) else row
                for row in value]
    return value


def _summary(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return f"{len(value)} item(s)"
    return str(value)
