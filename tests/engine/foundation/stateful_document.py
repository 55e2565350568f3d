"""A hypothesis state machine driving the Document with random edit scripts.

Invariants after every step: the model passes the structural checks; undoing everything restores the start;
redoing everything restores the end; save then load gives an equal model. Used by the test suite (hundreds
of steps, fixed seed) and by ``fuzz/fuzz_document.py`` (thousands, random seeds).
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cloudwright.engine.catalog import catalog
from cloudwright.engine.document import (
    AddEdge,
    AddNode,
    Batch,
    Document,
    RemoveEdges,
    RemoveNodes,
    move_nodes,
    reparent_node,
    set_node_fields,
)
from cloudwright.engine.errors import ModelError
from cloudwright.engine.io import dumps, load_text
from cloudwright.engine.model import check_diagram
from cloudwright.engine.model.diagram import Edge, Node

from .builders import small_vpc

KINDS = [k.id for k in catalog() if k.id != "cfn_resource"]
PROP_EDITS = [
    ("subnet", {"cidr": "10.0.99.0/24"}), ("subnet", {"tier": "public"}), ("ec2", {"instance_type": "m5.large"}),
    ("ec2", {"public_ip": True}), ("rds", {"multi_az": True}), ("security_group", {"inbound": [
        {"protocol": "tcp", "port": 22, "cidr": "10.0.0.0/8"}]}), ("vpc", {"enable_dns_hostnames": True}),
]


class DocumentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.doc = Document(small_vpc())
        self.start = self.doc.diagram.model_copy(deep=True)
        self.counter = 0

    def _ids(self) -> list[str]:
        return sorted(self.doc.diagram.nodes)

    def _try(self, edit) -> None:
        try:
            self.doc.execute(edit)
        except ModelError:
            pass  # refused edits must leave the model valid, which the invariant checks

    @rule(kind=st.sampled_from(KINDS), data=st.data())
    def add(self, kind: str, data) -> None:
        parents = [None, *self._ids()]
        parent = data.draw(st.sampled_from(parents))
        self.counter += 1
        pos = (data.draw(st.integers(-50, 900)), data.draw(st.integers(-50, 700)))
        self._try(AddNode(Node(id=f"n{self.counter}", kind=kind, parent=parent, pos=pos)))

    @precondition(lambda self: len(self.doc.diagram.nodes) > 1)
    @rule(data=st.data())
    def remove(self, data) -> None:
        ids = data.draw(st.lists(st.sampled_from(self._ids()), min_size=1, max_size=3, unique=True))
        self._try(RemoveNodes.build(self.doc.diagram, ids))

    @precondition(lambda self: bool(self.doc.diagram.nodes))
    @rule(data=st.data(), nudge=st.booleans())
    def move(self, data, nudge: bool) -> None:
        node_id = data.draw(st.sampled_from(self._ids()))
        pos = (data.draw(st.floats(-100, 1000, allow_nan=False)), data.draw(st.floats(-100, 1000, allow_nan=False)))
        self._try(move_nodes(self.doc.diagram, {node_id: pos}, nudge=nudge))

    @precondition(lambda self: bool(self.doc.diagram.nodes))
    @rule(data=st.data())
    def reparent(self, data) -> None:
        node_id = data.draw(st.sampled_from(self._ids()))
        parent = data.draw(st.sampled_from([None, *self._ids()]))
        self._try(reparent_node(self.doc.diagram, node_id, parent, (10, 40)))

    @precondition(lambda self: bool(self.doc.diagram.nodes))
    @rule(data=st.data(), edit=st.sampled_from(PROP_EDITS), label=st.text(max_size=12))
    def set_props(self, data, edit, label: str) -> None:
        kind, props = edit
        candidates = [n.id for n in self.doc.diagram.nodes.values() if n.kind == kind] or self._ids()
        node_id = data.draw(st.sampled_from(candidates))
        self._try(set_node_fields(self.doc.diagram, node_id, label=label or None, props=props))

    @precondition(lambda self: len(self.doc.diagram.nodes) > 1)
    @rule(data=st.data(), port=st.integers(1, 65535))
    def connect(self, data, port: int) -> None:
        a, b = data.draw(st.lists(st.sampled_from(self._ids()), min_size=2, max_size=2, unique=True))
        self.counter += 1
        self._try(AddEdge(Edge.model_validate({"id": f"f{self.counter}", "from": a, "to": b, "port": port})))

    @precondition(lambda self: bool(self.doc.diagram.edges))
    @rule(data=st.data())
    def disconnect(self, data) -> None:
        edge_id = data.draw(st.sampled_from(sorted(self.doc.diagram.edges)))
        self._try(RemoveEdges.build(self.doc.diagram, [edge_id]))

    @rule(kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=3))
    def batch(self, kinds: list[str]) -> None:
        edits = []
        for kind in kinds:
            self.counter += 1
            edits.append(AddNode(Node(id=f"b{self.counter}", kind=kind)))
        self._try(Batch(edits, "Batch"))

    @rule()
    def undo(self) -> None:
        self.doc.undo()

    @rule()
    def redo(self) -> None:
        self.doc.redo()

    @invariant()
    def structurally_valid(self) -> None:
        assert check_diagram(self.doc.diagram) == []

    @invariant()
    def save_then_load_is_equal(self) -> None:
        assert load_text(dumps(self.doc.diagram)).diagram == self.doc.diagram

    def teardown(self) -> None:
        end = self.doc.diagram.model_copy(deep=True)
        steps = 0
        while self.doc.undo() is not None:
            steps += 1
        assert self.doc.diagram == self.start
        for _ in range(steps):
            self.doc.redo()
        assert self.doc.diagram == end
