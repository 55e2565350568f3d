"""File commands: New, Open, Open Recent, Save, Save As, Export Picture, with their dialogs.

The commands ask the window's ``confirm_discard`` before replacing a modified design, keep the recent
files list in ``QSettings``, and leave reading and writing to the controller and the renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from cloudwright.gui.controller import Controller

DESIGN_FILTER = "Cloudwright designs (*.yaml *.yml *.json);;All files (*)"
PICTURE_FILTER = ("PNG image (*.png);;PNG image, 2x for high-DPI screens (*.png);;"
                  "PNG image, transparent background (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)")
RECENT_KEY = "files/recent"
MAX_RECENT = 10


class FileCommands(QObject):
    recent_changed = Signal()  #: the recent-files list changed
    exported = Signal(str)  #: a picture was written (message for the status bar)

    def __init__(self, controller: Controller, window: QWidget, confirm_discard: Callable[[], bool],
                 selection: Callable[[], list[str]], settings: QSettings) -> None:
        super().__init__(window)
        self.controller = controller
        self.window = window
        self.confirm_discard = confirm_discard
        self.selection = selection
        self.settings = settings
        #: how Open, recent files and drops load a path; the window may route templates to the importer
        self.opener: Callable[[str], bool] = controller.open
        self.new = self._action("&New", QKeySequence.StandardKey.New, self.new_design)
        self.open = self._action("&Open…", QKeySequence.StandardKey.Open, self.open_dialog)
        self.save = self._action("&Save", QKeySequence.StandardKey.Save, self.save_design)
        self.save_as = self._action("Save &As…", QKeySequence.StandardKey.SaveAs, self.save_as_dialog)
        self.export = self._action("&Export Picture…", QKeySequence("Ctrl+E"), self.export_dialog)
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        controller.path_changed.connect(self._on_controller_path_changed)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey,
                slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda: slot())
        return action

    # --- commands -----------------------------------------------------------------------------------------
    def new_design(self) -> None:
        if self.confirm_discard():
            self.controller.new()

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Open design", self._start_dir(), DESIGN_FILTER)
        if path:
            self.opener(path)

    def open_path(self, path: str) -> bool:
        """Open ``path`` after the unsaved-changes prompt (used by recent files and file drops)."""
        return self.confirm_discard() and self.opener(path)

    def save_design(self) -> bool:
        if self.controller.path is None:
            return self.save_as_dialog()
        return self.controller.save()

    def save_as_dialog(self) -> bool:
        suggested = str(self.controller.path or Path(self._start_dir()) / "design.yaml")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save design", suggested, DESIGN_FILTER)
        return bool(path) and self.controller.save_as(path)

    def export_dialog(self) -> None:
        base = self.controller.path.with_suffix(".png") if self.controller.path else Path(self._start_dir()) / "design.png"
        path, chosen = QFileDialog.getSaveFileName(self.window, "Export picture", str(base), PICTURE_FILTER)
        if path:
            self.export_picture(path, scale=2 if "2x" in chosen else 1, transparent="transparent" in chosen)

    def export_picture(self, path: str, scale: int = 1, transparent: bool = False) -> bool:
        """Render the design (or only the selected components) to PNG, SVG or PDF by extension; the status
        bar says what was written."""
        from cloudwright.gui import render
        selection = self.selection() or None
        suffix = Path(path).suffix.lower()
        try:
            if suffix == ".svg":
                render.export_svg(self.controller.diagram, path, selection=selection)
            elif suffix == ".pdf":
                render.export_pdf(self.controller.diagram, path, selection=selection)
            else:
                render.export_png(self.controller.diagram, path, scale=scale, transparent=transparent,
                                  selection=selection)
        except OSError as exc:
            self.controller.error_raised.emit(f"could not export {path}: {exc}")
            return False
        what = f"{len(selection)} selected components" if selection else "the design"
        self.exported.emit(f"Exported {what} to {path}")
        return True

    # --- recent files --------------------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        files = [value] if isinstance(value, str) else list(value or [])
        return [f for f in files if f]

    def _on_controller_path_changed(self, path: Path | None) -> None:
        if path is None:
            return
        files = [str(path.resolve())] + [f for f in self.recent_files() if f != str(path.resolve())]
        self.settings.setValue(RECENT_KEY, files[:MAX_RECENT])
        self.recent_changed.emit()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for file in files:
            action = self.recent_menu.addAction(Path(file).name)
            action.setToolTip(file)
            action.setStatusTip(file)
            action.triggered.connect(lambda _=False, f=file: self.open_path(f))
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def start_dir(self) -> str:
        """The folder file dialogs start in: the design's, else the most recent file's, else home."""
        return self._start_dir()

    def _start_dir(self) -> str:
        if self.controller.path is not None:
            return str(self.controller.path.parent)
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())
