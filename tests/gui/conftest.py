"""GUI fixtures: a real main window (offscreen) with throw-away settings, and a small VPC design."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from cloudwright.gui.canvas.editing import release_clipboard
from cloudwright.gui.main_window import MainWindow

SMALL_DESIGN = """\
cloudwright: 1
name: small
nodes:
  - {id: region, kind: region, pos: [0, 0], size: [760, 460]}
  - {id: vpc, kind: vpc, parent: region, pos: [20, 40], size: [700, 400], props: {cidr: 10.0.0.0/16}}
  - {id: igw, kind: igw, parent: vpc, pos: [16, 40]}
  - {id: pub, kind: subnet, parent: vpc, pos: [120, 40], size: [260, 150], props: {tier: public, cidr: 10.0.0.0/24}}
  - {id: web, kind: ec2, parent: pub, pos: [16, 36], label: Web server}
  - {id: priv, kind: subnet, parent: vpc, pos: [420, 40], size: [260, 150], props: {tier: private, cidr: 10.0.1.0/24}}
  - {id: db, kind: rds, parent: priv, pos: [16, 36], label: Orders DB}
  - {id: users, kind: user, pos: [800, 60]}
edges:
  - {id: web-db, from: web, to: db, protocol: tcp, port: 3306}
  - {id: users-web, from: users, to: web, protocol: tcp, port: 443}
"""


@pytest.fixture
def design_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_DESIGN, encoding="utf-8")
    return path


def _discard_changes(win: MainWindow) -> None:
    win.controller.undo_stack.setClean()
    release_clipboard()


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win, before_close_func=_discard_changes)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def loaded(window: MainWindow, design_file: Path) -> MainWindow:
    assert window.controller.open(design_file)
    window.view.set_zoom(1.0)
    window.view.centerOn(window.scene.content_rect().center())
    return window


def viewport_point(window: MainWindow, scene_point: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_point)


def send_mouse(window: MainWindow, kind: QMouseEvent.Type, scene_point: QPointF,
               buttons: Qt.MouseButton = Qt.MouseButton.LeftButton,
               modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Deliver a real mouse event to the canvas viewport at a scene position."""
    viewport = window.view.viewport()
    local = QPointF(viewport_point(window, scene_point))
    button = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseButtonRelease else buttons
    event = QMouseEvent(kind, local, viewport.mapToGlobal(local), button, held, modifiers)
    QApplication.sendEvent(viewport, event)


def drag(window: MainWindow, start: QPointF, end: QPointF, steps: int = 6) -> None:
    """Press at ``start``, move in steps to ``end`` with the button held, release there."""
    send_mouse(window, QMouseEvent.Type.MouseButtonPress, start)
    for i in range(1, steps + 1):
        send_mouse(window, QMouseEvent.Type.MouseMove, start + (end - start) * (i / steps))
    send_mouse(window, QMouseEvent.Type.MouseButtonRelease, end)
