"""Clipboard and selection commands of the canvas: cut, copy, paste, duplicate, delete, select all.

Copying puts the engine's plain-data fragment on the system clipboard under a custom MIME type (and
as readable JSON text); pasting gives every node and flow a fresh id through the controller.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

from cloudwright.engine.document.clipboard import MIME_TYPE, copy_fragment
from cloudwright.gui.canvas.geometry import GRID
from cloudwright.gui.canvas.scene import CanvasScene
from cloudwright.gui.controller import Controller


class EditActions(QObject):
    """The Edit menu's canvas commands, acting on the shared selection."""

    def __init__(self, controller: Controller, scene: CanvasScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.scene = scene
        self._paste_count = 0
        self.cut = self._action("Cu&t", QKeySequence.StandardKey.Cut, self.cut_selection)
        self.copy = self._action("&Copy", QKeySequence.StandardKey.Copy, self.copy_selection)
        self.paste = self._action("&Paste", QKeySequence.StandardKey.Paste, self.paste_clipboard)
        self.duplicate = self._action("D&uplicate", QKeySequence("Ctrl+D"), self.duplicate_selection)
        self.delete = self._action("&Delete", QKeySequence.StandardKey.Delete, self.delete_selection)
        self.delete.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")])
        self.select_all = self._action("Select &All", QKeySequence.StandardKey.SelectAll, self.select_everything)
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(release_clipboard)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        return [self.cut, self.copy, self.paste, self.duplicate, self.delete, self.select_all]

    def _selected_nodes(self) -> list[str]:
        nodes = self.controller.diagram.nodes
        return [i for i in self.controller.selection.ids if i in nodes]

    def copy_selection(self) -> bool:
        ids = self._selected_nodes()
        if not ids:
            return False
        fragment = copy_fragment(self.controller.diagram, ids)
        payload = json.dumps(fragment).encode("utf-8")
        mime = QMimeData()
        mime.setData(MIME_TYPE, payload)
        mime.setText(payload.decode("utf-8"))
        QGuiApplication.clipboard().setMimeData(mime)
        self._paste_count = 0
        return True

    def cut_selection(self) -> None:
        if self.copy_selection():
            self.controller.request_delete(self._selected_nodes())

    def paste_clipboard(self) -> list[str]:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(MIME_TYPE):
            return []
        try:
            fragment = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.controller.error_raised.emit("the clipboard holds no Cloudwright components")
            return []
        self._paste_count += 1
        offset = GRID * 3 * self._paste_count
        return self.controller.request_paste(fragment, None, (offset, offset))

    def duplicate_selection(self) -> list[str]:
        ids = self._selected_nodes()
        if not ids:
            return []
        fragment = copy_fragment(self.controller.diagram, ids)
        return self.controller.request_paste(fragment, None, (GRID * 3, GRID * 3))

    def delete_selection(self) -> None:
        ids = list(self.controller.selection.ids)
        if ids:
            self.controller.request_delete(ids)

    def select_everything(self) -> None:
        self.scene.select_ids(self.scene.node_ids() + self.scene.edge_ids())


def release_clipboard() -> None:
    """Drop our copied components from the clipboard before Qt shuts down: PySide6 crashes at exit while
    the clipboard still holds mime data created from Python."""
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(MIME_TYPE):
        clipboard.clear()
