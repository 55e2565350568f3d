"""The real canvas under random interaction: palette drops, drags, flows, deletes, clipboard, property
edits through the properties panel, nudges, undo and redo, all as real Qt events on the main window.

After every step: no exception reached Qt's event loop (``sys.excepthook`` and Qt's message handler
are captured), the model passes the structural checks, and the scene mirrors the model (same node
ids, parents, positions and sizes, same flows). ``fuzz/fuzz_gui.py`` runs the same driver for
thousands of steps with random seeds; the suite runs a few hundred with fixed seeds.
"""

from __future__ import annotations

import random
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from cloudwright.engine.catalog import catalog
from cloudwright.engine.model.check import check_diagram
from cloudwright.gui.canvas.items import ContainerItem, LeafItem, NodeItem
from cloudwright.gui.main_window import MainWindow
from cloudwright.gui.panels.properties.editors import (
    BoolEditor,
    ChoiceEditor,
    FloatEditor,
    IntEditor,
    RefListEditor,
    TextEditor,
)

#: Containers are dropped more often than their share of the palette, so designs nest deeply.
NESTING_KINDS = ("region", "vpc", "az", "subnet", "subnet", "account", "ecs_cluster")
#: Text typed into label and text fields: valid values, junk, markup and right-to-left overrides.
TEXTS = ("", "web", "10.0.0.0/24", "10.0.0.0/33", "0.0.0.0/0", "not a cidr", "<b>x</b>", "a\u202eb",
         "x" * 300, "80", "1-65535", "sg-1, sg-2", "ünïcødé ☁")
#: Qt messages the offscreen platform prints that say nothing about Cloudwright.
BENIGN_QT_MESSAGES = ("propagateSizeHints", "This plugin does not support")


class FaultCapture:
    """Collects exceptions raised inside Qt slots and virtual methods, and Qt warnings or worse."""

    def __init__(self) -> None:
        self.faults: list[str] = []
        self._previous_hook: Callable[..., Any] | None = None
        self._previous_handler: Any = None

    def __enter__(self) -> FaultCapture:
        self._previous_hook = sys.excepthook
        sys.excepthook = self._on_exception
        self._previous_handler = qInstallMessageHandler(self._on_message)
        return self

    def __exit__(self, *_exc: object) -> None:
        sys.excepthook = self._previous_hook  # type: ignore[assignment]
        qInstallMessageHandler(self._previous_handler)

    def _on_exception(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        self.faults.append("".join(traceback.format_exception(kind, value, tb)))

    def _on_message(self, kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtDebugMsg or kind == QtMsgType.QtInfoMsg:
            return
        if not any(benign in message for benign in BENIGN_QT_MESSAGES):
            self.faults.append(f"Qt {kind.name}: {message}")

    def take(self) -> list[str]:
        faults, self.faults = self.faults, []
        return faults


class RandomDriver:
    """Plays random user actions on a shown :class:`MainWindow`; ``log`` records them for a replay."""

    def __init__(self, window: MainWindow, rng: random.Random) -> None:
        self.win = window
        self.rng = rng
        self.kinds = window.palette.visible_kinds()
        self.log: list[str] = []
        self.actions: list[tuple[Callable[[], None], int]] = [
            (self.drop_from_palette, 8), (self.drag_item, 6), (self.draw_flow, 3), (self.click_select, 3),
            (self.rubber_band, 1), (self.resize_container, 1), (self.delete_selection, 2),
            (self.copy_paste, 2), (self.cut_or_duplicate, 1), (self.edit_property, 5), (self.nudge, 2),
            (self.undo, 4), (self.redo, 2)]

    # --- helpers ------------------------------------------------------------------------------------------
    @property
    def scene(self) -> Any:
        return self.win.scene

    @property
    def diagram(self) -> Any:
        return self.win.controller.diagram

    def step(self) -> str:
        action = self.rng.choices([a for a, _ in self.actions], [w for _, w in self.actions])[0]
        action()
        QApplication.processEvents()
        return self.log[-1]

    def _random_item(self, kind: type[NodeItem] = NodeItem) -> NodeItem | None:
        items = [self.scene.item_for_node(i) for i in sorted(self.diagram.nodes)]
        items = [i for i in items if isinstance(i, kind)]
        return self.rng.choice(items) if items else None

    def _random_point(self) -> QPointF:
        """Inside a random container most of the time (so drops nest), else anywhere near the design."""
        container = self._random_item(ContainerItem)
        if container is not None and self.rng.random() < 0.7:
            frame = container.frame()
            local = QPointF(self.rng.uniform(0, frame.width()), self.rng.uniform(0, frame.height()))
            return container.mapToScene(local)
        area = self.scene.content_rect().united(QRectF(-200, -200, 1400, 1000))
        return QPointF(self.rng.uniform(area.left(), area.right()), self.rng.uniform(area.top(), area.bottom()))

    def _reveal(self, point: QPointF) -> QPointF:
        """Scroll so ``point`` is on screen and return it (events are delivered to the viewport)."""
        self.win.view.centerOn(point)
        return point

    def _mouse(self, kind: QMouseEvent.Type, point: QPointF,
               modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        viewport = self.win.view.viewport()
        local = QPointF(self.win.view.mapFromScene(point))
        button = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        held = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        QApplication.sendEvent(viewport, QMouseEvent(kind, local, viewport.mapToGlobal(local), button, held,
                                                     modifiers))

    def _drag(self, start: QPointF, end: QPointF, steps: int = 4) -> None:
        self._mouse(QMouseEvent.Type.MouseButtonPress, start)
        for i in range(1, steps + 1):
            self._mouse(QMouseEvent.Type.MouseMove, start + (end - start) * (i / steps))
        self._mouse(QMouseEvent.Type.MouseButtonRelease, end)

    def _select(self, ids: list[str]) -> None:
        self.win.controller.selection.set(ids)

    # --- actions ------------------------------------------------------------------------------------------
    def drop_from_palette(self) -> None:
        """A real drag of the palette's MIME data onto the viewport: enter, move, drop."""
        container = self._random_item(ContainerItem)
        if container is not None and self.rng.random() < 0.5:  # something that fits, so designs nest
            fitting = [k for k in self.kinds if catalog().get(k).may_sit_in(container.kind)] or self.kinds
            nesting = [k for k in fitting if catalog().get(k).container]
            kind = self.rng.choice(nesting if nesting and self.rng.random() < 0.5 else fitting)
            frame = container.frame()
            point = container.mapToScene(QPointF(self.rng.uniform(0, frame.width()),
                                                 self.rng.uniform(0, frame.height())))
        else:
            kind = self.rng.choice(NESTING_KINDS) if self.rng.random() < 0.4 else self.rng.choice(self.kinds)
            point = self._random_point()
        index = self.win.palette.index_of(kind)
        mime: QMimeData = self.win.palette.proxy.mimeData([index])
        self._reveal(point)
        pos = QPointF(self.win.view.mapFromScene(point))
        viewport = self.win.view.viewport()
        copy, left, plain = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        QApplication.sendEvent(viewport, QDragEnterEvent(pos.toPoint(), copy, mime, left, plain))
        QApplication.sendEvent(viewport, QDragMoveEvent(pos.toPoint(), copy, mime, left, plain))
        QApplication.sendEvent(viewport, QDropEvent(pos, copy, mime, left, plain))
        self.log.append(f"drop {kind} at ({point.x():.0f}, {point.y():.0f})")

    def drag_item(self) -> None:
        """Press on a component's icon or a container's title band, drag somewhere, release."""
        item = self._random_item()
        if item is None:
            return self.drop_from_palette()
        if isinstance(item, ContainerItem):
            start = item.mapToScene(QPointF(min(item.frame().width() / 2, 60), 14))
        else:
            start = item.icon_scene_rect().center()
        end = self._random_point() if self.rng.random() < 0.6 else start + QPointF(
            self.rng.uniform(-120, 120), self.rng.uniform(-120, 120))
        self._reveal(start)
        self._drag(start, end)
        self.log.append(f"drag {item.node_id} to ({end.x():.0f}, {end.y():.0f})")

    def draw_flow(self) -> None:
        """Select a component, then drag from its flow handle to another item."""
        source = self._random_item(LeafItem)
        target = self._random_item()
        if source is None or target is None:
            return self.drop_from_palette()
        self._select([source.node_id])
        start = source.mapToScene(source.handle_center())
        end = target.mapToScene(target.anchor_rect().center())
        self._reveal(start)
        self._drag(start, end)
        self.log.append(f"flow {source.node_id} -> {target.node_id}")

    def click_select(self) -> None:
        item = self._random_item()
        if item is None:
            return self.drop_from_palette()
        point = item.mapToScene(item.anchor_rect().center())
        modifiers = Qt.KeyboardModifier.ShiftModifier if self.rng.random() < 0.3 else Qt.KeyboardModifier.NoModifier
        self._reveal(point)
        self._mouse(QMouseEvent.Type.MouseButtonPress, point, modifiers)
        self._mouse(QMouseEvent.Type.MouseButtonRelease, point, modifiers)
        self.log.append(f"click {item.node_id}")

    def rubber_band(self) -> None:
        start, end = self._random_point(), self._random_point()
        self._reveal(start)
        self._drag(start, end)
        self.log.append("rubber band")

    def resize_container(self) -> None:
        item = self._random_item(ContainerItem)
        if item is None:
            return self.drop_from_palette()
        self._select([item.node_id])
        grip = item.mapToScene(QPointF(item.size[0] - 3, item.size[1] - 3))
        end = grip + QPointF(self.rng.uniform(-200, 200), self.rng.uniform(-150, 150))
        self._reveal(grip)
        self._drag(grip, end)
        self.log.append(f"resize {item.node_id}")

    def _random_selection(self) -> list[str]:
        ids = sorted(self.diagram.nodes) + sorted(self.diagram.edges)
        return self.rng.sample(ids, min(len(ids), self.rng.randint(1, 3))) if ids else []

    def delete_selection(self) -> None:
        ids = self._random_selection()
        self._select(ids)
        self.win.edits.delete.trigger()
        self.log.append(f"delete {ids}")

    def copy_paste(self) -> None:
        ids = self._random_selection()
        self._select(ids)
        self.win.edits.copy.trigger()
        self.win.edits.paste.trigger()
        self.log.append(f"copy+paste {ids}")

    def cut_or_duplicate(self) -> None:
        ids = self._random_selection()
        self._select(ids)
        action = self.rng.choice([self.win.edits.cut, self.win.edits.duplicate])
        action.trigger()
        self.log.append(f"{action.text().replace('&', '').lower()} {ids}")

    def nudge(self) -> None:
        ids = self._random_selection()
        self._select(ids)
        key = self.rng.choice([Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down])
        self.win.view.setFocus()
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(self.win.view, QKeyEvent(kind, key, Qt.KeyboardModifier.ShiftModifier))
        self.log.append(f"nudge {ids} {key.name}")

    def edit_property(self) -> None:
        """Select one component and change one field through its editor widget in the properties panel."""
        item = self._random_item()
        if item is None:
            return self.drop_from_palette()
        self._select([item.node_id])
        panel = self.win.properties
        fields: list[tuple[str, Any]] = [("label", panel.label_edit)] + sorted(panel.editors.items())
        fields += [(f"intent:{k}", v) for k, v in sorted(panel.intent_boxes.items())]
        name, widget = self.rng.choice(fields)
        self._edit_widget(widget)
        self.log.append(f"edit {item.node_id}.{name}")

    def _edit_widget(self, widget: Any) -> None:
        rng = self.rng
        if isinstance(widget, TextEditor):
            widget.line.setText(rng.choice(TEXTS))
            widget.line.editingFinished.emit()
        elif isinstance(widget, IntEditor | FloatEditor):
            spin = widget.spin
            spin.setValue(rng.choice([spin.minimum(), spin.maximum(), rng.uniform(spin.minimum(), 70000)]))
            spin.editingFinished.emit()
        elif isinstance(widget, BoolEditor):
            widget.check.click()
        elif isinstance(widget, ChoiceEditor) and widget.combo.count():
            index = rng.randrange(widget.combo.count())
            widget.combo.setCurrentIndex(index)
            widget.combo.activated.emit(index)
        elif isinstance(widget, RefListEditor) and widget.list.count():
            row = widget.list.item(rng.randrange(widget.list.count()))
            checked = row.checkState() == Qt.CheckState.Checked
            row.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        elif hasattr(widget, "click"):
            widget.click()
        elif hasattr(widget, "editingFinished"):
            widget.setText(rng.choice(TEXTS))
            widget.editingFinished.emit()

    def undo(self) -> None:
        self.win.undo_action.trigger()
        self.log.append("undo")

    def redo(self) -> None:
        self.win.redo_action.trigger()
        self.log.append("redo")


def mirror_problems(window: MainWindow) -> list[str]:
    """How the scene differs from the model (empty when it mirrors it), plus structural errors."""
    scene, diagram = window.scene, window.controller.diagram
    problems = [f"model: {e.message}" for e in check_diagram(diagram)]
    if set(scene.node_ids()) != set(diagram.nodes):
        problems.append(f"node ids differ: scene-only {set(scene.node_ids()) - set(diagram.nodes)}, "
                        f"model-only {set(diagram.nodes) - set(scene.node_ids())}")
        return problems
    for node in diagram.nodes.values():
        item = scene.item_for_node(node.id)
        expected_parent = scene.item_for_node(node.parent) if node.parent else None
        if item.parentItem() is not expected_parent:
            problems.append(f"{node.id}: item parent is not the item of {node.parent!r}")
        if item.pos() != QPointF(*node.pos):
            problems.append(f"{node.id}: item at {item.pos().toTuple()}, model at {node.pos}")
        if isinstance(item, ContainerItem) and node.size is not None and tuple(item.size) != tuple(node.size):
            problems.append(f"{node.id}: item size {item.size}, model size {node.size}")
    if set(scene.edge_ids()) != set(diagram.edges):
        problems.append(f"edge ids differ: scene {sorted(scene.edge_ids())}, model {sorted(diagram.edges)}")
    if scene.interaction is not None:
        problems.append(f"a gesture is still active after the step: {type(scene.interaction).__name__}")
    return problems


def play(window: MainWindow, seed: int, steps: int) -> list[str]:
    """Play ``steps`` random actions; returns the log. Raises AssertionError at the first broken step."""
    try:
        return _play(window, seed, steps)
    finally:
        window.validator.wait_idle()  # a validation still running at teardown would outlive the window


def _play(window: MainWindow, seed: int, steps: int) -> list[str]:
    driver = RandomDriver(window, random.Random(seed))
    start = window.controller.diagram
    with FaultCapture() as capture:
        for number in range(steps):
            action = driver.step()
            faults, problems = capture.take(), mirror_problems(window)
            if faults or problems:
                replay = "\n  ".join(driver.log[-12:])
                raise AssertionError(f"seed {seed}, step {number} ({action}):\n" + "\n".join(faults + problems)
                                     + f"\nlast actions:\n  {replay}")
        end = window.controller.diagram
        stack = window.controller.undo_stack
        while stack.canUndo():
            stack.undo()
        assert window.controller.diagram == start, f"seed {seed}: undo of everything did not restore the start"
        assert not mirror_problems(window)
        while stack.canRedo():
            stack.redo()
        assert window.controller.diagram == end, f"seed {seed}: redo of everything did not restore the end"
        assert not mirror_problems(window) and not capture.take()
    return driver.log


@pytest.mark.parametrize("seed", [11, 2026])
def test_random_interaction_on_empty_canvas(window: MainWindow, seed: int) -> None:
    """Hundreds of random gestures from an empty canvas never raise and the scene always mirrors the model."""
    log = play(window, seed, 120)
    assert sum(entry.startswith("drop") for entry in log) > 10
    assert len(window.controller.diagram.nodes) > 0 or window.controller.undo_stack.count() > 0


def test_random_interaction_on_loaded_design(loaded: MainWindow) -> None:
    """Random gestures on an opened VPC design keep scene and model in step, and undo restores the file."""
    play(loaded, 7, 150)


def test_fault_capture_sees_exceptions_raised_in_slots(qtbot) -> None:
    """The capture really catches an exception raised inside a Qt slot (so a silent pass means none)."""
    from PySide6.QtCore import QTimer

    def broken() -> None:
        raise RuntimeError("boom in a slot")

    with FaultCapture() as capture:
        QTimer.singleShot(0, broken)
        qtbot.wait(20)
        faults = capture.take()
    assert any("boom in a slot" in fault for fault in faults)



def test_delete_of_a_node_with_its_selected_flow(loaded: MainWindow) -> None:
    """Deleting a component together with one of its selected flows is one clean undo step (found by this driver)."""
    before = loaded.controller.diagram.model_copy(deep=True)
    with FaultCapture() as capture:
        loaded.controller.selection.set(["db", "web-db"])
        loaded.edits.delete.trigger()
        faults = capture.take()
    assert not faults, faults[0]
    assert "db" not in loaded.controller.diagram.nodes and "web-db" not in loaded.controller.diagram.edges
    loaded.controller.undo_stack.undo()
    assert loaded.controller.diagram == before
