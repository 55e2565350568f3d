"""Table editors for list-of-object fields: route-table routes, security-group rules, NACL entries, ...

Columns reuse the field editors of :mod:`.editors` as cell widgets, so a CIDR cell validates like a CIDR
field. Where AWS lets one thing be either-or (a rule's source is a CIDR *or* a security group *or* a prefix
list; a route's destination is a CIDR *or* a prefix list) one "peer" column edits the pair. Any finished
cell edit, an added row or a removed row commits the whole list: one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from cloudwright.engine.model.props import NaclEntry, Route, SgRule
from cloudwright.engine.model.refs import LOCAL_TARGET
from cloudwright.engine.model.types import parse_cidr
from cloudwright.gui.panels.properties.editors import (
    INVALID_STYLE,
    Candidates,
    FieldEditor,
    RefEditor,
    create_editor,
)
from cloudwright.gui.panels.properties.fields import FieldSpec, row_fields


class PeerEditor(FieldEditor):
    """An editable combo: pick a security group or prefix list from the list, or type a CIDR."""

    def __init__(self, spec: FieldSpec, cidr_key: str, prefix_lists: tuple[str, ...], sg_key: str | None,
                 candidates: Candidates) -> None:
        super().__init__(spec)
        self._cidr_key, self._prefix_lists, self._sg_key = cidr_key, prefix_lists, sg_key
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._layout.addWidget(self.combo)
        self.set_candidates(candidates)
        self.combo.activated.connect(self.committed)
        self.combo.lineEdit().editingFinished.connect(self.committed)
        self.combo.lineEdit().textEdited.connect(self._on_text_edited)

    def set_candidates(self, candidates: Candidates) -> None:
        text = self.combo.currentText()
        blocker = QSignalBlocker(self.combo)
        self.combo.clear()
        for name in self._prefix_lists:
            self.combo.addItem(f"prefix list: {name}", {"prefix_list": name})
        if self._sg_key:
            for node_id, _title in candidates(("security_group",)):
                self.combo.addItem(f"sg: {node_id}", {self._sg_key: node_id})
        self.combo.setEditText(text)
        del blocker

    def _on_text_edited(self, _text: str) -> None:
        try:
            self.value()
        except ValueError as exc:
            self.combo.setStyleSheet(INVALID_STYLE)
            self.combo.setToolTip(str(exc))
            self.error_changed.emit(str(exc))
            return
        self.combo.setStyleSheet("")
        self.combo.setToolTip("")
        self.error_changed.emit("")

    def set_value(self, value: Any) -> None:
        row = value or {}
        for index in range(self.combo.count()):
            data = self.combo.itemData(index)
            key, peer = next(iter(data.items()))
            if row.get(key) == peer:
                self.combo.setCurrentIndex(index)
                return
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText(str(row.get(self._cidr_key) or ""))
        self.combo.setStyleSheet("")

    def value(self) -> Any:
        text = self.combo.currentText().strip()
        index = self.combo.findText(text)
        if index >= 0:
            return dict(self.combo.itemData(index))
        if not text:
            raise ValueError("pick a security group or prefix list, or type a CIDR such as 0.0.0.0/0")
        return {self._cidr_key: str(parse_cidr(text))}


@dataclass(frozen=True)
class Column:
    """A table column: the row keys it edits and how to make its cell editor."""

    title: str
    keys: tuple[str, ...]
    make: Callable[[Candidates], FieldEditor]
    stretch: bool = False

    def show(self, editor: FieldEditor, row: dict[str, Any]) -> None:
        editor.set_value(row if len(self.keys) > 1 else row.get(self.keys[0]))

    def read(self, editor: FieldEditor) -> dict[str, Any]:
        value = editor.value()
        return value if len(self.keys) > 1 else {self.keys[0]: value}


def _field_column(spec: FieldSpec, title: str = "", extra: tuple[str, ...] = ()) -> Column:
    def make(candidates: Candidates) -> FieldEditor:
        if spec.editor == "ref":
            return RefEditor(spec, candidates, extra)
        editor = create_editor(spec, candidates)
        if editor is None:
            raise TypeError(f"no cell editor for {spec.name}")
        return editor
    return Column(title or spec.title, (spec.name,), make)


def _peer_column(title: str, keys: tuple[str, ...], cidr_key: str, prefix_lists: tuple[str, ...],
                 sg_key: str | None) -> Column:
    spec = FieldSpec(cidr_key, "peer")
    return Column(title, keys, lambda candidates: PeerEditor(spec, cidr_key, prefix_lists, sg_key, candidates),
                  stretch=True)


def columns_for(model: type[BaseModel], field_name: str = "") -> list[Column]:
    """The columns of ``model``'s table: hand-shaped for routes, SG rules and NACL entries, else generated."""
    specs = {spec.name: spec for spec in row_fields(model)}
    if model is SgRule:
        return [_field_column(specs["protocol"]), _field_column(specs["port"], "Ports"),
                _peer_column("Destination" if field_name == "outbound" else "Source", ("cidr", "sg", "prefix_list"),
                             "cidr", ("s3", "dynamodb", "cloudfront"), "sg"),
                _field_column(specs["description"])]
    if model is Route:
        return [_peer_column("Destination", ("destination", "prefix_list"), "destination", ("s3", "dynamodb"), None),
                _field_column(specs["target"], extra=(LOCAL_TARGET,))]
    if model is NaclEntry:
        cidr = _field_column(specs["cidr"], "CIDR")
        return [_field_column(specs["rule"], "Rule #"), _field_column(specs["action"]),
                _field_column(specs["protocol"]), _field_column(specs["port"], "Ports"),
                Column(cidr.title, cidr.keys, cidr.make, stretch=True)]
    return [_field_column(spec) for spec in specs.values() if spec.editor not in ("model", "rows", "ref_list")]


def default_row(model: type[BaseModel], rows: list[dict[str, Any]], candidates: Candidates) -> dict[str, Any]:
    """A sensible new row: HTTPS from anywhere, a default route to the first gateway, the next NACL number."""
    if model is SgRule:
        return {"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}
    if model is NaclEntry:
        top = max((int(r.get("rule", 0)) for r in rows), default=0)
        return {"rule": min(top // 100 * 100 + 100, 32766), "action": "allow", "protocol": "tcp", "port": 443,
                "cidr": "0.0.0.0/0"}
    row: dict[str, Any] = {}
    for spec in row_fields(model):
        if model.model_fields[spec.name].is_required():
            if spec.editor == "ref":
                found = candidates(spec.ref_kinds)
                row[spec.name] = found[0][0] if found else LOCAL_TARGET
            elif spec.editor == "cidr":
                row[spec.name] = "0.0.0.0/0"
    if model is Route:
        row["destination"] = "0.0.0.0/0"
    return row


class RowsEditor(FieldEditor):
    """A table with Add / Remove buttons over a list of row dicts."""

    def __init__(self, spec: FieldSpec, candidates: Candidates, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        assert spec.row_model is not None
        self._model = spec.row_model
        self._columns = columns_for(self._model, spec.name)
        self._candidates = candidates
        self._rows: list[dict[str, Any]] = []
        self._pending: list[dict[str, Any]] | None = None
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(self._columns))
        self.table.setHorizontalHeaderLabels([c.title for c in self._columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        stretched = any(c.stretch for c in self._columns)
        for index, column in enumerate(self._columns):
            stretch = column.stretch or not stretched
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch if stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(90)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self._layout.addLayout(box)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)

    # --- showing ---------------------------------------------------------------------------------------
    def set_value(self, value: Any) -> None:
        self._rows = [dict(r) for r in value or []]
        self._pending = None
        while self.table.rowCount() > len(self._rows):
            self.table.removeRow(self.table.rowCount() - 1)
        while self.table.rowCount() < len(self._rows):
            self._append_row_widgets()
        for index, row in enumerate(self._rows):
            for column_index, column in enumerate(self._columns):
                editor = self.table.cellWidget(index, column_index)
                blocker = QSignalBlocker(editor)
                column.show(editor, row)
                del blocker
        self.table.setFixedHeight(self.table.horizontalHeader().height() + 4
                                  + sum(self.table.rowHeight(i) for i in range(self.table.rowCount())) + 2
                                  if self._rows else 90)

    def _append_row_widgets(self) -> None:
        row_index = self.table.rowCount()
        self.table.insertRow(row_index)
        for column_index, column in enumerate(self._columns):
            editor = column.make(self._candidates)
            editor.committed.connect(self.committed)
            editor.error_changed.connect(self.error_changed)
            self.table.setCellWidget(row_index, column_index, editor)

    def set_candidates(self, candidates: Candidates) -> None:
        self._candidates = candidates
        for row_index in range(self.table.rowCount()):
            for column_index in range(len(self._columns)):
                editor = self.table.cellWidget(row_index, column_index)
                blocker = QSignalBlocker(editor)
                editor.set_candidates(candidates)
                del blocker
        self.set_value(self._rows)

    # --- editing ---------------------------------------------------------------------------------------
    def _on_add_clicked(self) -> None:
        self._pending = self._current_rows() + [default_row(self._model, self._rows, self._candidates)]
        self.committed.emit()

    def _on_remove_clicked(self) -> None:
        selected = {index.row() for index in self.table.selectionModel().selectedRows()}
        selected |= {self.table.currentRow()} if not selected and self.table.currentRow() >= 0 else set()
        if not selected:
            return
        self._pending = [row for i, row in enumerate(self._current_rows()) if i not in selected]
        self.committed.emit()

    def select_row(self, index: int) -> None:
        self.table.selectRow(index)

    def _current_rows(self) -> list[dict[str, Any]]:
        rows = []
        for row_index, original in enumerate(self._rows):
            row = {k: v for k, v in original.items()
                   if not any(k in c.keys for c in self._columns) and not self._is_default(k, v)}
            for column_index, column in enumerate(self._columns):
                try:
                    fragment = column.read(self.table.cellWidget(row_index, column_index))
                except ValueError as exc:
                    raise ValueError(f"row {row_index + 1}, {column.title.lower()}: {exc}") from None
                row.update({k: v for k, v in fragment.items() if v is not None})
            rows.append(row)
        return rows

    def _is_default(self, key: str, value: Any) -> bool:
        """Keys no column shows are kept only when they say something (not a default filled in for display)."""
        field = self._model.model_fields.get(key)
        return field is not None and not field.is_required() and value == field.get_default(call_default_factory=True)

    def value(self) -> Any:
        return self._pending if self._pending is not None else self._current_rows()
