"""Undo, delete, clipboard, files and the scene-mirrors-model contract, through the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from cloudwright.engine.io import load_design
from cloudwright.gui.canvas.items import NodeItem
from cloudwright.gui.canvas.scene import CanvasScene
from cloudwright.gui.main_window import MainWindow


def _assert_scene_mirrors_model(scene: CanvasScene) -> None:
    diagram = scene.diagram
    assert sorted(scene.node_ids()) == sorted(diagram.nodes)
    assert sorted(scene.edge_ids()) == sorted(diagram.edges)
    for node in diagram.nodes.values():
        item = scene.item_for_node(node.id)
        parent = item.parentItem()
        assert (parent.node_id if isinstance(parent, NodeItem) else None) == node.parent
        assert (item.pos().x(), item.pos().y()) == node.pos


def test_delete_vpc_removes_subtree_and_edges_and_undo_restores(loaded: MainWindow) -> None:
    """Deleting a VPC removes everything inside it and its flows; undo brings all back in place."""
    before = loaded.controller.diagram.model_copy(deep=True)
    loaded.scene.select_ids(["vpc"])
    loaded.edits.delete.trigger()
    assert set(loaded.controller.diagram.nodes) == {"region", "users"}
    assert loaded.controller.diagram.edges == {}
    assert sorted(loaded.scene.node_ids()) == ["region", "users"] and loaded.scene.edge_ids() == []
    loaded.controller.undo_stack.undo()
    assert loaded.controller.diagram == before
    _assert_scene_mirrors_model(loaded.scene)


def test_arrow_nudges_merge_into_one_undo_step(loaded: MainWindow, qtbot) -> None:
    """Three arrow-key nudges are one undo step that returns the component to where it was."""
    loaded.scene.select_ids(["web"])
    loaded.view.setFocus()
    for _ in range(3):
        qtbot.keyClick(loaded.view, Qt.Key.Key_Right)
    assert loaded.controller.diagram.nodes["web"].pos == (19.0, 36.0)
    assert loaded.controller.undo_stack.count() == 1
    loaded.controller.undo_stack.undo()
    assert loaded.controller.diagram.nodes["web"].pos == (16.0, 36.0)


def test_copy_paste_and_duplicate_give_fresh_ids(loaded: MainWindow) -> None:
    """Copy/paste and duplicate of a subnet make independent copies with new ids, contents included."""
    loaded.scene.select_ids(["priv"])
    assert loaded.edits.copy_selection()
    pasted = loaded.edits.paste_clipboard()
    duplicated = loaded.edits.duplicate_selection()
    diagram = loaded.controller.diagram
    for new_id in pasted + duplicated:
        assert new_id != "priv" and diagram.nodes[new_id].kind == "subnet"
        assert [n.kind for n in diagram.children_of(new_id)] == ["rds"]
    assert len(set(pasted + duplicated)) == 2
    _assert_scene_mirrors_model(loaded.scene)


def test_cut_removes_and_paste_restores_as_copy(loaded: MainWindow) -> None:
    """Cut takes the selection out; paste puts a copy back."""
    loaded.scene.select_ids(["users"])
    loaded.edits.cut.trigger()
    assert "users" not in loaded.controller.diagram.nodes
    (pasted,) = loaded.edits.paste_clipboard()
    assert loaded.controller.diagram.nodes[pasted].kind == "user"


def test_scene_mirrors_model_after_a_sequence_of_edits(loaded: MainWindow) -> None:
    """After adds, moves, reparenting, deletes, undo and redo, the scene has the same ids and parents."""
    c = loaded.controller
    app = c.request_add_node("ec2", "priv", (120, 36))
    c.request_connect("web", app)
    c.request_reparent({"web": (100, 36)}, "priv")
    c.request_move({"igw": (16, 120)})
    c.request_resize("pub", (280, 160))
    c.request_delete(["db"])
    c.request_set_props("pub", label="Public A", props={"tier": "private"})
    _assert_scene_mirrors_model(loaded.scene)
    for _ in range(4):
        c.undo_stack.undo()
    _assert_scene_mirrors_model(loaded.scene)
    for _ in range(4):
        c.undo_stack.redo()
    _assert_scene_mirrors_model(loaded.scene)
    assert loaded.scene.item_for_node("pub").title == "Public A"


def test_refused_edit_reports_in_status_bar(loaded: MainWindow) -> None:
    """An edit the engine refuses leaves the model alone and shows the reason."""
    assert not loaded.controller.request_reparent({"db": (10, 40)}, "region")
    assert loaded.controller.diagram.nodes["db"].parent == "priv"
    assert loaded.statusBar().currentMessage()
    assert loaded.controller.undo_stack.count() == 0


def test_save_reopen_identical(loaded: MainWindow, tmp_path: Path) -> None:
    """Save As writes the design; reopening it gives the identical diagram and a clean title."""
    loaded.controller.request_move({"web": (24, 40)})
    assert loaded.isWindowModified()
    target = tmp_path / "saved.yaml"
    assert loaded.controller.save_as(target)
    assert not loaded.isWindowModified()
    assert loaded.windowTitle().startswith("saved.yaml")
    saved = loaded.controller.diagram.model_copy(deep=True)
    assert load_design(target) == saved
    loaded.controller.new()
    assert loaded.controller.open(target)
    assert loaded.controller.diagram == saved
    _assert_scene_mirrors_model(loaded.scene)


def test_open_failure_keeps_design_and_explains(loaded: MainWindow, tmp_path: Path) -> None:
    """Opening a broken file keeps the current design and says what is wrong."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("cloudwright: 1\nnodes: [{id: x}]\n", encoding="utf-8")
    assert not loaded.controller.open(broken)
    assert "web" in loaded.controller.diagram.nodes
    assert loaded.statusBar().currentMessage()


def test_recent_files_remember_opened_designs(loaded: MainWindow, design_file: Path) -> None:
    """An opened design appears first in Open Recent."""
    assert loaded.files.recent_files()[0] == str(design_file.resolve())


def test_deleting_a_node_with_its_selected_flow_is_one_step(loaded: MainWindow) -> None:
    """Deleting a component together with a flow that touches it works and undoes in one step."""
    before = loaded.controller.diagram.model_copy(deep=True)
    loaded.scene.select_ids(["users", "users-web"])
    loaded.edits.delete.trigger()
    assert "users" not in loaded.controller.diagram.nodes and "users-web" not in loaded.controller.diagram.edges
    loaded.controller.undo_stack.undo()
    assert loaded.controller.diagram == before
