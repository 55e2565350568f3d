"""One editor factory per field type: each editor shows a value and says when the user finished editing.

An editor never touches the model. It exposes ``set_value(v)`` (the panel calls it under a
``QSignalBlocker``), ``value()`` (the file-level value, or ``ValueError`` with a message a user understands)
and the ``committed`` signal, emitted once per finished edit (``editingFinished``, a click, a pick).
Validated text editors explain what is wrong while the user types, through ``error_changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from cloudwright.engine.model.types import PortRange, parse_cidr, parse_ipv4_cidr, parse_ipv6_cidr
from cloudwright.gui.panels.properties.fields import FieldSpec

#: ``candidates(kinds)`` -> [(node id, shown title)] of the design's nodes of those kinds (all if empty).
Candidates = Callable[[tuple[str, ...]], list[tuple[str, str]]]

NONE_TEXT = "(none)"
AUTO_TEXT = "(default)"
INVALID_STYLE = "border: 1px solid #d13212; background: #fdecea;"


class FieldEditor(QWidget):
    """Base: one inner widget in a margin-less row."""

    committed = Signal()  #: the user finished an edit; read ``value()``
    error_changed = Signal(str)  #: "" when the text is valid again

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_candidates(self, candidates: Candidates) -> None:
        """Editors that pick nodes refresh their lists; the others ignore it."""


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit()
        if spec.optional:
            self.line.setPlaceholderText(NONE_TEXT)
        self._layout.addWidget(self.line)
        self.line.editingFinished.connect(self.committed)

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))

    def value(self) -> Any:
        text = self.line.text().strip()
        return None if (not text and self.spec.optional) else text


class ValidatedTextEditor(TextEditor):
    """A line edit whose text is parsed as the user types; invalid text is explained and never committed."""

    def __init__(self, spec: FieldSpec, parse: Callable[[str], Any], parent: QWidget | None = None) -> None:
        self._parse = parse
        super().__init__(spec, parent)
        self.line.textEdited.connect(self._on_line_edited)
        self._error = ""

    def _on_line_edited(self, _text: str) -> None:
        self._show_error(self._check())

    def _check(self) -> str:
        try:
            self.value()
        except ValueError as exc:
            return str(exc)
        return ""

    def _show_error(self, message: str) -> None:
        self.line.setStyleSheet(INVALID_STYLE if message else "")
        self.line.setToolTip(message)
        if message != self._error:
            self._error = message
            self.error_changed.emit(message)

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self._show_error("")

    def value(self) -> Any:
        text = self.line.text().strip()
        if not text:
            if self.spec.optional:
                return None
            raise ValueError(f"{self.spec.title} is required")
        return self._parse(text)

    @property
    def error(self) -> str:
        return self._error


_CIDR_PARSERS = {"ipv4": parse_ipv4_cidr, "ipv6": parse_ipv6_cidr, "any": parse_cidr}


def _cidr_text(parse: Callable[[Any], Any]) -> Callable[[str], str]:
    return lambda text: str(parse(text))


def _cidr_list_text(parse: Callable[[Any], Any]) -> Callable[[str], list[str]]:
    return lambda text: [str(parse(part)) for part in text.split(",") if part.strip()]


def _ports_value(text: str) -> int | str:
    ports = PortRange.parse(text)
    return ports.low if ports.low == ports.high else str(ports)


class ListTextEditor(ValidatedTextEditor):
    """Comma-separated values (CIDR lists, plain string lists)."""

    def set_value(self, value: Any) -> None:
        super().set_value(", ".join(str(v) for v in value or []))

    def value(self) -> Any:
        return self._parse(self.line.text()) if self.line.text().strip() else []


class _NumberEditor(FieldEditor):
    """A spin box; an optional number shows "(default)" at one below its minimum."""

    spin_class: type[QSpinBox] | type[QDoubleSpinBox] = QSpinBox
    convert: type[int] | type[float] = int
    highest: float = 2_147_483_647

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.spin = self.spin_class()
        self._configure()
        low = self.convert(spec.minimum) if spec.minimum is not None else self.convert(0)
        high = self.convert(spec.maximum) if spec.maximum is not None else self.convert(self.highest)
        self._none_at = low - 1 if spec.optional else None
        self.spin.setRange(low - 1 if spec.optional else low, high)
        if spec.optional:
            self.spin.setSpecialValueText(AUTO_TEXT)
        self._layout.addWidget(self.spin)
        self.spin.editingFinished.connect(self.committed)

    def _configure(self) -> None:
        """Widget settings a subclass adds (decimals)."""

    def set_value(self, value: Any) -> None:
        self.spin.setValue(self._none_at if value is None and self._none_at is not None
                           else self.convert(value or 0))

    def value(self) -> Any:
        return None if self.spin.value() == self._none_at else self.spin.value()


class IntEditor(_NumberEditor):
    """Whole numbers (ports, counts, sizes)."""


class FloatEditor(_NumberEditor):
    """Decimal numbers, to three places."""

    spin_class = QDoubleSpinBox
    convert = float
    highest = 1e12

    def _configure(self) -> None:
        self.spin.setDecimals(3)


class BoolEditor(FieldEditor):
    """A check box; a click is a finished edit."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.check = QCheckBox()
        self._layout.addWidget(self.check)
        self.check.clicked.connect(self.committed)

    def set_value(self, value: Any) -> None:
        self.check.setChecked(bool(value))

    def value(self) -> Any:
        return self.check.isChecked()


class ChoiceEditor(FieldEditor):
    """Enums, ``Literal`` choices and optional booleans; picking an entry is a finished edit."""

    def __init__(self, spec: FieldSpec, entries: list[tuple[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self._layout.addWidget(self.combo)
        self._fill(entries)
        self.combo.activated.connect(self.committed)

    def _fill(self, entries: list[tuple[str, Any]]) -> None:
        current = self.combo.currentData()
        self.combo.clear()
        for text, data in entries:
            self.combo.addItem(text, data)
        self._select(current)

    def _select(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0 and value is not None:
            self.combo.addItem(f"{value} (missing)", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))

    def set_value(self, value: Any) -> None:
        self._select(value)

    def value(self) -> Any:
        return self.combo.currentData()


def _choice_entries(spec: FieldSpec) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = [(c, c) for c in spec.choices]
    return ([(NONE_TEXT, None)] if spec.optional else []) + entries


class RefEditor(ChoiceEditor):
    """Picks one node of the allowed kinds from the design itself."""

    def __init__(self, spec: FieldSpec, candidates: Candidates, extra: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        self._extra = extra
        super().__init__(spec, [], parent)
        self.set_candidates(candidates)

    def set_candidates(self, candidates: Candidates) -> None:
        entries = [(NONE_TEXT, None)] if self.spec.optional else []
        entries += [(e, e) for e in self._extra]
        entries += [(f"{title} ({node_id})" if title != node_id else node_id, node_id)
                    for node_id, title in candidates(self.spec.ref_kinds)]
        self._fill(entries)


class RefListEditor(FieldEditor):
    """Ticks any number of the design's nodes of the allowed kinds; each tick is a finished edit."""

    def __init__(self, spec: FieldSpec, candidates: Candidates, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self._layout.addWidget(self.list)
        self._value: list[str] = []
        self.set_candidates(candidates)
        self.list.itemChanged.connect(self._on_list_item_changed)

    def set_candidates(self, candidates: Candidates) -> None:
        blocked = self.list.blockSignals(True)
        self.list.clear()
        known = candidates(self.spec.ref_kinds)
        ids = {node_id for node_id, _ in known}
        known += [(node_id, f"{node_id} (missing)") for node_id in self._value if node_id not in ids]
        for node_id, title in known:
            item = QListWidgetItem(title if title == node_id else f"{title} ({node_id})")
            item.setData(Qt.ItemDataRole.UserRole, node_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if node_id in self._value else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(blocked)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _on_list_item_changed(self, _item: QListWidgetItem) -> None:
        self.committed.emit()

    def set_value(self, value: Any) -> None:
        self._value = list(value or [])
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in self._value
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def value(self) -> Any:
        ticked = {item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                  if item.checkState() == Qt.CheckState.Checked}
        kept = [node_id for node_id in self._value if node_id in ticked]
        return kept + [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                       if item.data(Qt.ItemDataRole.UserRole) in ticked - set(kept)]


def create_editor(spec: FieldSpec, candidates: Candidates) -> FieldEditor | None:
    """The editor for ``spec``, or ``None`` for nested objects the panel shows read-only."""
    if spec.editor == "text":
        return TextEditor(spec)
    if spec.editor == "int":
        return IntEditor(spec)
    if spec.editor == "float":
        return FloatEditor(spec)
    if spec.editor == "bool":
        if spec.optional:
            return ChoiceEditor(spec, [(AUTO_TEXT, None), ("yes", True), ("no", False)])
        return BoolEditor(spec)
    if spec.editor == "choice":
        return ChoiceEditor(spec, _choice_entries(spec))
    if spec.editor == "cidr":
        return ValidatedTextEditor(spec, _cidr_text(_CIDR_PARSERS[spec.cidr_family]))
    if spec.editor == "ports":
        return ValidatedTextEditor(spec, _ports_value)
    if spec.editor == "cidr_list":
        return ListTextEditor(spec, _cidr_list_text(_CIDR_PARSERS[spec.cidr_family]))
    if spec.editor == "text_list":
        return ListTextEditor(spec, lambda text: [p.strip() for p in text.split(",") if p.strip()])
    if spec.editor == "ref":
        return RefEditor(spec, candidates)
    if spec.editor == "ref_list":
        return RefListEditor(spec, candidates)
    return None
