"""Hostile ids through the document API: the same id rules as the file loader, one function for both."""

from __future__ import annotations

import pytest

from cloudwright.engine.document import AddEdge, AddNode, Document
from cloudwright.engine.document.clipboard import copy_fragment, paste_fragment
from cloudwright.engine.errors import CloudwrightError, ModelError
from cloudwright.engine.io import dumps, load_text
from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.engine.model.ids import MAX_ID_LENGTH, id_problem

HOSTILE_IDS = ["web\u202egpj.exe", "a\u2066b", "a\u200fb", "line\nbreak", "nul\x00byte", "bell\x07", "del\x7f",
               "x" * (MAX_ID_LENGTH + 1)]


@pytest.mark.parametrize("bad_id", HOSTILE_IDS)
def test_document_refuses_hostile_node_ids(bad_id: str) -> None:
    """Document.execute(AddNode) refuses an id with control or bidi characters, or too long, unchanged."""
    document = Document()
    with pytest.raises(ModelError, match="id"):
        document.execute(AddNode(Node(id=bad_id, kind="user", pos=(0, 0))))
    assert document.diagram.nodes == {} and not document.can_undo


@pytest.mark.parametrize("bad_id", HOSTILE_IDS)
def test_document_refuses_hostile_edge_ids(bad_id: str) -> None:
    """An edge id with hidden or reordering characters is refused the same way."""
    document = Document()
    document.execute(AddNode(Node(id="a", kind="user", pos=(0, 0))))
    document.execute(AddNode(Node(id="b", kind="internet", pos=(200, 0))))
    with pytest.raises(ModelError, match="id"):
        document.execute(AddEdge(Edge.model_validate({"id": bad_id, "from": "a", "to": "b"})))
    assert document.diagram.edges == {}


def test_loader_and_document_give_the_same_message() -> None:
    """The file loader and the document word the refusal identically (one rule, one function)."""
    bad = "a\u202eb"
    document = Document()
    with pytest.raises(ModelError) as refused:
        document.execute(AddNode(Node(id=bad, kind="user", pos=(0, 0))))
    text = "cloudwright: 1\nnodes:\n  - {id: \"a\\u202eb\", kind: user, pos: [0, 0]}\n"
    with pytest.raises(CloudwrightError) as loaded:
        load_text(text, "x.yaml")
    assert id_problem(bad) in str(refused.value) and id_problem(bad) in str(loaded.value)


def test_fresh_ids_stay_within_the_length_limit() -> None:
    """Ids made from a 200-character id (copies, connections) stay loadable: cut, never over the limit."""
    long_id = "n" * MAX_ID_LENGTH
    document = Document(Diagram(nodes={long_id: Node(id=long_id, kind="user", pos=(0, 0))}))
    fresh = document.unique_id(long_id)
    assert fresh != long_id and len(fresh) <= MAX_ID_LENGTH and id_problem(fresh) is None
    edit, tops = paste_fragment(document.diagram, copy_fragment(document.diagram, [long_id]))
    document.execute(edit)
    assert len(tops[0]) <= MAX_ID_LENGTH
    assert load_text(dumps(document.diagram, "yaml"), "x.yaml").diagram.nodes.keys() == document.diagram.nodes.keys()


def test_hostile_ids_in_a_pasted_fragment_are_refused() -> None:
    """A clipboard fragment carrying a bidi-override id is refused as a whole, not half pasted."""
    document = Document()
    fragment = {"nodes": [{"id": "ok", "kind": "user", "pos": [0, 0]},
                          {"id": "evil\u202e", "kind": "user", "pos": [100, 0]}], "edges": []}
    edit, _ = paste_fragment(document.diagram, fragment)
    with pytest.raises(ModelError, match="text-direction"):
        document.execute(edit)
    assert document.diagram.nodes == {}
