"""The Document is the only mutation API: reversible, exact, checked and observable."""

from __future__ import annotations

import pytest

from cloudwright.engine.document import (
    AddEdge,
    AddNode,
    Batch,
    Document,
    RemoveNodes,
    move_nodes,
    reparent_node,
    set_node_fields,
)
from cloudwright.engine.document.changes import NodeAdded, NodeChanged, NodeReparented
from cloudwright.engine.document.clipboard import copy_fragment, paste_fragment
from cloudwright.engine.errors import (
    ContainmentError,
    DanglingReferenceError,
    DuplicateIdError,
    PropertyError,
)
from cloudwright.engine.model import check_diagram
from cloudwright.engine.model.diagram import Edge, Node

from .builders import small_vpc


def snapshot(doc: Document):
    return doc.diagram.model_copy(deep=True)


def test_add_and_undo_redo() -> None:
    """Adding a node is one undo step; redo brings it back identically."""
    doc = Document(small_vpc())
    before = snapshot(doc)
    doc.execute(AddNode(Node(id="app", kind="ec2", parent="priv-a", pos=(120, 36))))
    after = snapshot(doc)
    doc.undo()
    assert doc.diagram == before
    doc.redo()
    assert doc.diagram == after


def test_delete_container_removes_subtree_edges_references_and_undo_restores_order() -> None:
    """Deleting a VPC takes its subtree and edges; undo restores them in place, in the same order."""
    doc = Document(small_vpc())
    before = snapshot(doc)
    doc.execute(RemoveNodes.build(doc.diagram, ["vpc"]))
    assert set(doc.diagram.nodes) == {"r", "internet"} and not doc.diagram.edges
    doc.undo()
    assert doc.diagram == before
    assert list(doc.diagram.nodes) == list(before.nodes)


def test_deleting_a_security_group_scrubs_references() -> None:
    """Removing an SG drops it from instances and from SG rules that referenced it; undo restores them."""
    doc = Document(small_vpc())
    doc.execute(RemoveNodes.build(doc.diagram, ["web-sg"]))
    assert doc.diagram.nodes["web"].props["security_groups"] == []
    assert doc.diagram.nodes["db-sg"].props["inbound"] == []
    assert check_diagram(doc.diagram) == []
    doc.undo()
    assert doc.diagram.nodes["web"].props["security_groups"] == ["web-sg"]


def test_move_then_undo_restores_positions_exactly() -> None:
    """A move is one step and undo puts every node back where it was."""
    doc = Document(small_vpc())
    doc.execute(move_nodes(doc.diagram, {"web": (50.5, 60.25), "db": (70, 80)}))
    assert doc.diagram.nodes["web"].pos == (50.5, 60.25)
    doc.undo()
    assert doc.diagram.nodes["web"].pos == (16.0, 36.0) and doc.diagram.nodes["db"].pos == (16.0, 36.0)


def test_nudges_merge_into_one_undo_step() -> None:
    """A series of arrow-key nudges is undone at once."""
    doc = Document(small_vpc())
    for i in range(1, 6):
        doc.execute(move_nodes(doc.diagram, {"web": (16 + i, 36)}, nudge=True))
    doc.undo()
    assert doc.diagram.nodes["web"].pos == (16.0, 36.0) and not doc.can_undo


def test_repeated_edits_of_one_property_merge_but_saving_breaks_the_merge() -> None:
    """Typing into one field is one undo step; a save starts a new one."""
    doc = Document(small_vpc())
    doc.execute(set_node_fields(doc.diagram, "web", props={"instance_type": "t3.small"}))
    doc.execute(set_node_fields(doc.diagram, "web", props={"instance_type": "t3.large"}))
    doc.mark_clean()
    doc.execute(set_node_fields(doc.diagram, "web", props={"instance_type": "m5.large"}))
    assert doc.is_modified
    doc.undo()
    assert doc.diagram.nodes["web"].props["instance_type"] == "t3.large" and not doc.is_modified
    doc.undo()
    assert "instance_type" not in doc.diagram.nodes["web"].props


def test_unchanged_value_records_nothing() -> None:
    """Setting a property to its current value pushes no undo step."""
    doc = Document(small_vpc())
    assert doc.execute(set_node_fields(doc.diagram, "web", label="")) is None
    assert not doc.can_undo and not doc.is_modified


@pytest.mark.parametrize("make_edit, error", [
    (lambda d: AddNode(Node(id="web", kind="ec2", parent="pub-a")), DuplicateIdError),
    (lambda d: AddNode(Node(id="x", kind="rds", parent="vpc")), ContainmentError),
    (lambda d: reparent_node(d, "web", "vpc", (0, 0)), ContainmentError),
    (lambda d: set_node_fields(d, "pub-a", props={"cidr": "10.0.0.0/33"}), PropertyError),
    (lambda d: AddEdge(Edge.model_validate({"id": "x", "from": "web", "to": "ghost"})), DanglingReferenceError),
    (lambda d: set_node_fields(d, "web", props={"security_groups": ["nope"]}), DanglingReferenceError),
])
def test_refused_edits_leave_the_design_untouched(make_edit, error) -> None:
    """An edit that would create an impossibility raises and changes nothing."""
    doc = Document(small_vpc())
    before = snapshot(doc)
    with pytest.raises(error):
        doc.execute(make_edit(doc.diagram))
    assert doc.diagram == before and not doc.can_undo


def test_reparent_cycle_is_refused() -> None:
    """A container cannot be moved into its own descendant."""
    doc = Document(small_vpc())
    with pytest.raises(Exception, match="vpc|cycle|cannot sit"):
        doc.execute(reparent_node(doc.diagram, "vpc", "az-a", (0, 0)))
    assert doc.diagram.nodes["vpc"].parent == "r"


def test_change_records_reach_observers() -> None:
    """Views learn exactly what changed."""
    doc = Document(small_vpc())
    seen = []
    doc.subscribe(seen.extend)
    doc.execute(reparent_node(doc.diagram, "web", "priv-a", (100, 36)))
    assert NodeReparented("web", "pub-a", "priv-a") in seen
    assert any(isinstance(c, NodeChanged) and "pos" in c.fields for c in seen)
    seen.clear()
    doc.undo()
    assert NodeReparented("web", "priv-a", "pub-a") in seen


def test_batch_is_atomic() -> None:
    """A batch whose later step fails leaves nothing of its earlier steps."""
    doc = Document(small_vpc())
    before = snapshot(doc)
    bad = Batch([AddNode(Node(id="n1", kind="ec2", parent="pub-a")), AddNode(Node(id="n1", kind="ec2"))])
    with pytest.raises(DuplicateIdError):
        doc.execute(bad)
    assert doc.diagram == before


def test_paste_gives_fresh_ids_and_remaps_references() -> None:
    """Copy/paste of a subnet duplicates its contents with new ids, keeping outside references."""
    doc = Document(small_vpc())
    fragment = copy_fragment(doc.diagram, ["pub-a"])
    edit, tops = paste_fragment(doc.diagram, fragment, parent="az-a", offset=(0, 300))
    doc.execute(edit)
    assert tops == ["pub-a-2"]
    assert doc.diagram.nodes["web-2"].parent == "pub-a-2"
    assert doc.diagram.nodes["web-2"].props["security_groups"] == ["web-sg"]
    assert any(isinstance(c, NodeAdded) for c in [NodeAdded("web-2")])
    assert check_diagram(doc.diagram) == []


def test_unique_ids() -> None:
    """New ids never collide with existing nodes or edges."""
    doc = Document(small_vpc())
    assert doc.unique_id("web") == "web-2" and doc.unique_id("fresh") == "fresh"
