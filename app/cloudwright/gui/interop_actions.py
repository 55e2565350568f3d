"""File > Import CloudFormation… and File > Export…: the app's side of the engine's importer and exporters.

An imported template becomes a new untitled, modified design (laid out by the importer); its warnings go to
the status bar and a non-modal details box. Export writes every format ``known_extensions()`` offers through
``exporter_for``. Failures are one line in the status bar, never a traceback. The dialogs are methods
(``choose_template``, ``ask_parameters``, ``choose_export_path``) so tests can answer them without a modal loop.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from cloudwright.engine.errors import CloudwrightError, LimitError, Location, ModelError
from cloudwright.engine.io.cfn_import import import_template
from cloudwright.engine.io.cfn_import.loader import looks_like_template, parse_template
from cloudwright.engine.io.exporters import exporter_for, known_extensions
from cloudwright.engine.io.limits import MAX_FILE_BYTES
from cloudwright.engine.io.yaml_source import decode
from cloudwright.gui.controller import Controller

TEMPLATE_FILTER = "CloudFormation templates (*.yaml *.yml *.json *.template);;All files (*)"
FORMAT_NAMES = {
    ".cfn.yaml": "CloudFormation template", ".template": "CloudFormation template", ".drawio": "draw.io diagram",
    ".py": "diagrams-as-code Python", ".png": "PNG image", ".svg": "SVG drawing", ".pdf": "PDF document",
    ".yaml": "Cloudwright design (YAML)", ".yml": "Cloudwright design (YAML)", ".json": "Cloudwright design (JSON)",
}
_DESIGN_HEAD = re.compile(r"""^\s*["']?(cloudwright|format)["']?\s*:""", re.M)
_FILTER_EXT = re.compile(r"\(\*(\.[\w.]+)\)")


def export_filters() -> list[str]:
    """One file-dialog filter per exporter, e.g. ``draw.io diagram (*.drawio)``."""
    return [f"{FORMAT_NAMES.get(ext, ext[1:].upper())} (*{ext})" for ext in known_extensions()]


def export_target(path: str, chosen_filter: str) -> str:
    """The file to write: the typed extension decides when it names a format, else the filter's is added.

    ``design.yaml`` under the CloudFormation filter becomes ``design.cfn.yaml``; ``site.drawio`` under any
    filter stays a draw.io file; ``site`` under the SVG filter becomes ``site.svg``.
    """
    match = _FILTER_EXT.search(chosen_filter)
    ext = match.group(1) if match else ""
    lowered = path.lower()
    if not ext or lowered.endswith(ext):
        return path
    last = Path(ext).suffix
    if last and Path(lowered).suffix == last:
        return path[: -len(last)] + ext
    return path if exporter_for(path) is not None else path + ext


def is_template_file(path: str) -> bool:
    """True for a CloudFormation template (not a Cloudwright design), sniffed from the file's head."""
    try:
        if Path(path).stat().st_size > MAX_FILE_BYTES:
            return False
        with open(path, "rb") as file:
            head = decode(file.read(200_000), path)
    except (OSError, CloudwrightError, UnicodeDecodeError):
        return False
    return _DESIGN_HEAD.search(head[:8192]) is None and looks_like_template(head)


def one_line(exc: BaseException) -> str:
    """The first line of an error's message with its line number, without the (already named) file path."""
    if isinstance(exc, ModelError):
        line = exc.location.line
        text = f"line {line}: {exc.message}" if line is not None else exc.message
    else:
        text = str(exc).strip()
    return text.splitlines()[0] if text.strip() else type(exc).__name__


class ParametersDialog(QDialog):
    """The template's Parameters with their defaults, editable; ``overrides()`` are the changed values.

    AllowedValues become a drop-down, NoEcho values are masked, a parameter without a default stays a
    deploy-time value unless the user types one."""

    def __init__(self, parameters: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Template parameters")
        self.defaults: dict[str, str] = {}
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        form = QFormLayout()
        for name, spec in parameters.items():
            spec = spec if isinstance(spec, dict) else {}
            default = spec.get("Default")
            self.defaults[name] = "" if default is None else _text(default)
            field = _field(self.defaults[name], spec)
            field.setToolTip(str(spec.get("Description", "")))
            self.fields[name] = field
            form.addRow(f"{name} ({spec.get('Type', '?')})", field)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Values used for this import (Conditions and Mappings follow them):"))
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def overrides(self) -> dict[str, str]:
        values = {name: field.currentText() if isinstance(field, QComboBox) else field.text()
                  for name, field in self.fields.items()}
        return {name: value for name, value in values.items() if value not in (self.defaults[name], "")}


class InteropCommands(QObject):
    posted = Signal(str)  #: a status-bar message (import summary, export written, or why it failed)

    def __init__(self, controller: Controller, window: QWidget, confirm_discard: Callable[[], bool],
                 start_dir: Callable[[], str]) -> None:
        super().__init__(window)
        self.controller = controller
        self.window = window
        self.confirm_discard = confirm_discard
        self.start_dir = start_dir
        self.last_warnings: list[str] = []
        self.warnings_box: QMessageBox | None = None
        self.import_cfn = QAction("&Import CloudFormation…", self)
        self.import_cfn.setShortcut(QKeySequence("Ctrl+I"))
        self.import_cfn.triggered.connect(lambda: self.import_dialog())
        self.export_any = QAction("E&xport…", self)
        self.export_any.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_any.triggered.connect(lambda: self.export_dialog())

    # --- dialogs (tests replace these) ---------------------------------------------------------------------
    def choose_template(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import CloudFormation template", self.start_dir(),
                                              TEMPLATE_FILTER)
        return path

    def ask_parameters(self, parameters: dict[str, Any]) -> dict[str, str] | None:
        """Overrides for the template's Parameters, or None when the user cancels the import."""
        dialog = ParametersDialog(parameters, self.window)
        return dialog.overrides() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def choose_export_path(self) -> tuple[str, str]:
        stem = self.controller.path.stem if self.controller.path else (self.controller.diagram.name or "design")
        base = str(Path(self.start_dir()) / f"{stem}.drawio")
        filters = export_filters()
        initial = next((f for f in filters if "*.drawio" in f), filters[0] if filters else "")
        return QFileDialog.getSaveFileName(self.window, "Export design", base, ";;".join(filters), initial)

    # --- import --------------------------------------------------------------------------------------------
    def import_dialog(self) -> bool:
        if not self.confirm_discard():
            return False
        path = self.choose_template()
        return bool(path) and self.import_path(path)

    def open_or_import(self, path: str) -> bool:
        """File > Open, recent files and drops: a template is imported, anything else opened as a design."""
        return self.import_path(path) if is_template_file(path) else self.controller.open(path)

    def import_path(self, path: str, params: dict[str, str] | None = None) -> bool:
        """Import ``path`` as a new untitled design (asking for parameter values unless ``params`` is given);
        on failure the current design stays and the status bar says why in one line."""
        try:
            text = _read_text(path)
            if params is None:
                parameters = parse_template(text, path).get("Parameters")
                params = self.ask_parameters(parameters) if isinstance(parameters, dict) and parameters else {}
                if params is None:
                    return False
            with busy():
                result = import_template(text, path, params)
        except (CloudwrightError, OSError, ValueError) as exc:
            return self._fail(f"could not import {Path(path).name}: {one_line(exc)}")
        except Exception as exc:  # noqa: BLE001 - a bug in the importer must still end in one line
            return self._fail(f"could not import {Path(path).name}: {type(exc).__name__}: {one_line(exc)}")
        with busy():
            self.controller.adopt(result.diagram, None)
        self.last_warnings = list(result.warnings)
        summary = f"Imported {Path(path).name}: {len(result.diagram.nodes)} components"
        self.posted.emit(f"{summary}, {len(result.warnings)} warning(s)" if result.warnings else summary)
        if result.warnings:
            self._show_warnings(path, result.warnings)
        return True

    def _show_warnings(self, path: str, warnings: list[str]) -> None:
        """A non-modal box: the import is done, the warnings are for reading at leisure."""
        if self.warnings_box is not None:
            self.warnings_box.close()
        box = QMessageBox(QMessageBox.Icon.Information, "Import warnings",
                          f"{Path(path).name} was imported with {len(warnings)} warning(s).",
                          QMessageBox.StandardButton.Close, self.window)
        box.setInformativeText("\n".join(f"• {w}" for w in warnings[:3]) + ("\n…" if len(warnings) > 3 else ""))
        box.setDetailedText("\n".join(warnings))
        box.setModal(False)
        box.show()
        self.warnings_box = box

    def _fail(self, message: str) -> bool:
        self.controller.error_raised.emit(message)
        return False

    # --- export --------------------------------------------------------------------------------------------
    def export_dialog(self) -> bool:
        path, chosen = self.choose_export_path()
        return bool(path) and self.export_to(export_target(path, chosen))

    def export_to(self, path: str) -> bool:
        """Write the whole design in the format the extension names; the status bar reports either way."""
        exporter = exporter_for(path)
        if exporter is None:
            return self._fail(f"no exporter for {Path(path).name} (known: {', '.join(known_extensions())})")
        try:
            with busy():
                exporter(self.controller.diagram, Path(path))
        except (CloudwrightError, OSError, ValueError) as exc:
            return self._fail(f"could not export {path}: {one_line(exc)}")
        except Exception as exc:  # noqa: BLE001 - a bug in an exporter must still end in one line
            return self._fail(f"could not export {path}: {type(exc).__name__}: {one_line(exc)}")
        self.posted.emit(f"Exported the design to {path}")
        return True


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while a large template imports or a picture renders (seconds at 500 resources)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _read_text(path: str) -> str:
    if Path(path).stat().st_size > MAX_FILE_BYTES:
        raise LimitError(f"file is over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit", location=Location(path))
    return decode(Path(path).read_bytes(), path)


def _field(default: str, spec: dict[str, Any]) -> QLineEdit | QComboBox:
    allowed = spec.get("AllowedValues")
    if isinstance(allowed, list) and allowed:
        combo = QComboBox()
        combo.addItems([_text(v) for v in allowed])
        combo.setCurrentText(default)
        return combo
    field = QLineEdit(default)
    field.setPlaceholderText("no default (deploy-time value)")
    if str(spec.get("NoEcho", "")).lower() == "true":
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else str(value)
