"""The window shell: title and modified flag, close prompt, file drops, zoom and pan."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from cloudwright.gui.main_window import MainWindow


def test_title_shows_file_and_modified_flag(loaded: MainWindow) -> None:
    """The title names the file and shows '*' exactly while there are unsaved edits."""
    assert loaded.windowTitle() == "small.yaml[*] — Cloudwright" and not loaded.isWindowModified()
    loaded.controller.request_nudge(["web"], 8, 0)
    assert loaded.isWindowModified()
    loaded.controller.undo_stack.undo()
    assert not loaded.isWindowModified()


def test_close_with_unsaved_changes_asks_and_cancel_keeps_window(loaded: MainWindow, monkeypatch) -> None:
    """Closing a modified design asks first; Cancel keeps the window and the edits."""
    asked = []

    def answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(args)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    loaded.controller.request_nudge(["web"], 8, 0)
    assert not loaded.close()
    assert asked and loaded.isVisible()
    assert loaded.controller.diagram.nodes["web"].pos == (24.0, 36.0)


def test_dropping_a_design_file_opens_it(window: MainWindow, design_file: Path) -> None:
    """Dropping a .yaml file on the window opens it."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(design_file))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.controller.path == design_file
    assert "web" in window.scene.node_ids()


def test_wheel_zooms_and_fit_shows_everything(loaded: MainWindow) -> None:
    """The wheel zooms in and out; Fit to Window shows the whole design."""
    view = loaded.view
    center = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(center, QPointF(view.viewport().mapToGlobal(center.toPoint())), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom > 1.2
    view.fit_all()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(loaded.scene.content_rect().adjusted(20, 20, -20, -20))


def test_middle_button_drag_pans(loaded: MainWindow) -> None:
    """Dragging with the middle button scrolls the canvas and changes nothing in the design."""
    view = loaded.view
    view.set_zoom(3.0)
    before = view.mapToScene(view.viewport().rect().center())
    viewport = view.viewport()
    start, end = QPointF(400, 300), QPointF(300, 250)
    for kind, pos, button, held in ((QMouseEvent.Type.MouseButtonPress, start, Qt.MouseButton.MiddleButton,
                                     Qt.MouseButton.MiddleButton),
                                    (QMouseEvent.Type.MouseMove, end, Qt.MouseButton.NoButton,
                                     Qt.MouseButton.MiddleButton),
                                    (QMouseEvent.Type.MouseButtonRelease, end, Qt.MouseButton.MiddleButton,
                                     Qt.MouseButton.NoButton)):
        QApplication.sendEvent(viewport, QMouseEvent(kind, pos, viewport.mapToGlobal(pos), button, held,
                                                     Qt.KeyboardModifier.NoModifier))
    after = view.mapToScene(view.viewport().rect().center())
    assert after != before
    assert loaded.controller.undo_stack.count() == 0


def test_escape_cancels_click_then_place(loaded: MainWindow, qtbot) -> None:
    """Escape forgets a kind chosen in the palette, so the next click places nothing."""
    loaded.scene.pending_kind = "ec2"
    loaded.view.setFocus()
    qtbot.keyClick(loaded.view, Qt.Key.Key_Escape)
    assert loaded.scene.pending_kind is None


def test_cli_open_refuses_a_missing_file_without_starting_qt(tmp_path: Path) -> None:
    """`cloudwright open missing.yaml` exits 2 with one line, before any window."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "cloudwright", "open", str(tmp_path / "missing.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "missing.yaml" in result.stderr
