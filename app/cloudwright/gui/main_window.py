"""The main window: assembly only. It creates the canvas, docks, menus and toolbar and connects them.

Everything it shows comes from the controller; commands live in :mod:`files`, :mod:`canvas.editing`
and the view. Other panels join through :meth:`MainWindow.add_dock`; behaviour on close goes through
:meth:`MainWindow.confirm_discard`, which subclasses or helpers may extend (e.g. for autosave).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QWidget

from cloudwright import __version__
from cloudwright.gui.canvas.editing import EditActions
from cloudwright.gui.canvas.scene import CanvasScene
from cloudwright.gui.canvas.view import CanvasView
from cloudwright.gui.controller import Controller
from cloudwright.gui.files import FileCommands
from cloudwright.gui.interop_actions import InteropCommands
from cloudwright.gui.overlays import CanvasOverlays, reveal_nodes
from cloudwright.gui.panels.findings import FindingsPanel, SeverityCounts
from cloudwright.gui.panels.gallery import CaseStudies
from cloudwright.gui.panels.palette import PaletteWidget
from cloudwright.gui.panels.properties import PropertiesPanel
from cloudwright.gui.panels.reachability import ReachabilityPanel
from cloudwright.gui.validation import LiveValidator

APP_NAME = "Cloudwright"
DESIGN_SUFFIXES = (".yaml", ".yml", ".json", ".template")
STATUS_TIMEOUT_MS = 8000


class MainWindow(QMainWindow):
    def __init__(self, controller: Controller | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.controller = controller or Controller(self)
        self.scene = CanvasScene(lambda: self.controller.diagram, self)
        self.scene.attach(self.controller)
        self.view = CanvasView(self.scene)
        self.setCentralWidget(self.view)
        self.palette = PaletteWidget()
        self.palette_dock = self.add_dock(self.palette, Qt.DockWidgetArea.LeftDockWidgetArea, "Components")
        self.files = FileCommands(self.controller, self, self.confirm_discard, self.scene.selected_node_ids,
                                  self.settings)
        self.interop = InteropCommands(self.controller, self, lambda: self.confirm_discard(),  # autosave wraps it
                                      self.files.start_dir)
        self.files.opener = self.interop.open_or_import
        self.edits = EditActions(self.controller, self.scene, self)
        self.zoom_label = QLabel("100 %")
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.setAcceptDrops(True)
        self._build_menus()
        self.properties = PropertiesPanel(self.controller)
        self.properties_dock = self.add_dock(self.properties, Qt.DockWidgetArea.RightDockWidgetArea, "Properties")
        self.validator = LiveValidator(self.controller, self)
        self.overlays = CanvasOverlays(self.scene)
        self.overlays.follow(self.validator)
        self.findings = FindingsPanel(self.controller, self.validator,
                                      lambda ids: reveal_nodes(self.view, self.scene, ids))
        self.findings_dock = self.add_dock(self.findings, Qt.DockWidgetArea.BottomDockWidgetArea, "Findings")
        self.resizeDocks([self.findings_dock], [230], Qt.Orientation.Vertical)
        self.reachability = ReachabilityPanel(self.controller, self.validator, self.overlays)
        self.reachability_dock = self.add_dock(self.reachability, Qt.DockWidgetArea.RightDockWidgetArea,
                                               "Reachability")
        self.tabifyDockWidget(self.properties_dock, self.reachability_dock)
        self.properties_dock.raise_()
        self.statusBar().addPermanentWidget(SeverityCounts(self.validator))
        self._connect()
        self._update_title()
        self.case_studies = CaseStudies(self)
        self._restore_geometry()

    # --- for other panels -----------------------------------------------------------------------------------
    def add_dock(self, widget: QWidget, area: Qt.DockWidgetArea, title: str | None = None) -> QDockWidget:
        """Dock ``widget`` in ``area`` (properties, findings, reachability...); its toggle joins the View menu."""
        dock = QDockWidget(title or widget.windowTitle(), self)
        dock.setObjectName(f"dock-{(title or widget.windowTitle() or type(widget).__name__).lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        view_menu = getattr(self, "view_menu", None)
        if view_menu is not None:
            view_menu.addAction(dock.toggleViewAction())
        return dock

    def confirm_discard(self) -> bool:
        """True when the current design may be replaced or closed (saved, discarded, or unmodified)."""
        if not self.controller.is_modified:
            return True
        answer = QMessageBox.question(
            self, APP_NAME, f"Save changes to {self._document_name()} before closing it?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.files.save_design()
        return answer == QMessageBox.StandardButton.Discard

    # --- assembly ---------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        stack = self.controller.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)

        self.case_study_action = self._action("New from &Case Study…", QKeySequence("Ctrl+Shift+N"),
                                              lambda: self.case_studies.show_gallery())
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.files.new, self.case_study_action, self.files.open])
        file_menu.addMenu(self.files.recent_menu)
        file_menu.addAction(self.interop.import_cfn)
        file_menu.addSeparator()
        file_menu.addActions([self.files.save, self.files.save_as])
        file_menu.addSeparator()
        file_menu.addActions([self.interop.export_any, self.files.export])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions(self.edits.actions())

        self.view_menu = self.menuBar().addMenu("&View")
        zoom_in = self._action("Zoom &In", QKeySequence.StandardKey.ZoomIn, self.view.zoom_in)
        zoom_in.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        zoom_out = self._action("Zoom &Out", QKeySequence.StandardKey.ZoomOut, self.view.zoom_out)
        actual = self._action("&Actual Size", QKeySequence("Ctrl+1"), lambda: self.view.set_zoom(1.0))
        fit = self._action("&Fit to Window", QKeySequence("Ctrl+0"), self.view.fit_all)
        grid = self._toggle("Show &Grid", self.view.show_grid, self.view.set_grid_visible)
        snap = self._toggle("&Snap to Grid", self.scene.snap_enabled, self._on_snap_toggled)
        self.view_menu.addActions([zoom_in, zoom_out, actual, fit])
        self.view_menu.addSeparator()
        self.view_menu.addActions([grid, snap])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.palette_dock.toggleViewAction())

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About Cloudwright", QKeySequence(), self._show_about))

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("toolbar-main")
        toolbar.setMovable(False)
        toolbar.addActions([self.files.new, self.files.open, self.files.save])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([zoom_in, zoom_out, fit])
        toolbar.addSeparator()
        toolbar.addAction(self.files.export)
        for action in self.edits.actions():
            self.addAction(action)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda: slot())  # type: ignore[operator]
        return action

    def _toggle(self, text: str, checked: bool, slot: object) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setChecked(checked)
        action.toggled.connect(slot)  # type: ignore[arg-type]
        return action

    def _connect(self) -> None:
        self.controller.error_raised.connect(self._show_status)
        self.scene.message_posted.connect(self._show_status)
        self.files.exported.connect(self._show_status)
        self.interop.posted.connect(self._show_status)
        self.controller.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.controller.path_changed.connect(self._update_title)
        self.controller.document_replaced.connect(self.view.fit_all)
        self.view.zoom_changed.connect(self._on_zoom_changed)
        self.palette.kind_chosen.connect(self._on_palette_kind_chosen)

    # --- slots -------------------------------------------------------------------------------------------------
    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_snap_toggled(self, enabled: bool) -> None:
        self.scene.snap_enabled = enabled

    def _on_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")

    def _on_palette_kind_chosen(self, kind: str) -> None:
        self.scene.pending_kind = kind
        self._show_status(f"Click on the canvas to place {kind} (or drag it from the palette)")

    def _document_name(self) -> str:
        return self.controller.path.name if self.controller.path else "Untitled"

    def _update_title(self, *_: object) -> None:
        self.setWindowTitle(f"{self._document_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.controller.is_modified)

    def _show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME} {__version__}</b><p>A desktop designer for AWS architectures that "
                          "understands what it draws.</p><p>AWS icons from the <i>diagrams</i> project.</p>")

    # --- window events -------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if _design_file(event.mimeData().urls()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = _design_file(event.mimeData().urls())
        if path is not None:
            event.acceptProposedAction()
            self.files.open_path(path)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.confirm_discard():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        event.accept()

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)


def _design_file(urls: list) -> str | None:
    for url in urls:
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in DESIGN_SUFFIXES:
            return url.toLocalFile()
    return None
