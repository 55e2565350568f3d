"""Compact design builders for the area tests of ELB, ASG, databases, DNS, S3, edge, messaging and the rest.

``base()`` is a two-AZ VPC (public, app and data subnet per AZ, an IGW and a public route table); tests add
the components they need with ``n(...)`` and flows with ``e(...)``, and derive the corrected design with
``changed(...)``.
"""

from __future__ import annotations

from typing import Any

from cloudwright.engine.document import Document
from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.engine.rules import Finding, validate


def n(node_id: str, kind: str, parent: str | None = None, *, label: str = "", intent: dict | None = None,
      **props: Any) -> Node:
    return Node(id=node_id, kind=kind, parent=parent, label=label, props=props, intent=intent or {})


def e(source: str, target: str, port: int | None = None, *, kind: str = "traffic", label: str = "",
      edge_id: str | None = None, **props: Any) -> Edge:
    return Edge(id=edge_id or f"{source}->{target}", source=source, target=target, kind=kind, port=port,
                label=label, props=props)


def base(azs: tuple[str, ...] = ("a", "b")) -> list[Node]:
    """Region r, VPC vpc (10.0.0.0/16), IGW igw, per AZ x: az_x, pub_x, app_x, data_x; rt_pub -> igw."""
    nodes = [n("r", "region", name="us-east-1"), n("vpc", "vpc", "r", cidr="10.0.0.0/16"), n("igw", "igw", "vpc")]
    for i, az in enumerate(azs):
        nodes += [n(f"az_{az}", "az", "vpc", name=f"us-east-1{az}"),
                  n(f"pub_{az}", "subnet", f"az_{az}", cidr=f"10.0.{i}.0/24", tier="public"),
                  n(f"app_{az}", "subnet", f"az_{az}", cidr=f"10.0.{10 + i}.0/24", tier="private"),
                  n(f"data_{az}", "subnet", f"az_{az}", cidr=f"10.0.{20 + i}.0/24", tier="data")]
    nodes.append(n("rt_pub", "route_table", "vpc", routes=[{"destination": "0.0.0.0/0", "target": "igw"}],
                   subnets=[f"pub_{az}" for az in azs]))
    return nodes


def design(*nodes: Node | list[Node] | Diagram, edges: tuple[Edge, ...] | list[Edge] = (),
           **settings: Any) -> Diagram:
    """A diagram of the given nodes (a Diagram item contributes its nodes and edges) and edges."""
    flat: list[Node] = []
    all_edges: list[Edge] = []
    for item in nodes:
        if isinstance(item, Diagram):
            flat.extend(item.nodes.values())
            all_edges.extend(item.edges.values())
        else:
            flat.extend(item if isinstance(item, list) else [item])
    all_edges.extend(edges)
    return Diagram(nodes={x.id: x for x in flat}, edges={x.id: x for x in all_edges}, settings=settings)


def changed(diagram: Diagram, node_id: str, *, intent: dict | None = None, **props: Any) -> Diagram:
    """A copy of ``diagram`` with ``props`` merged into one node (``None`` removes a key)."""
    node = diagram.nodes[node_id]
    merged = {k: v for k, v in {**node.props, **props}.items() if v is not None}
    copy = diagram.copy_shallow()
    copy.nodes[node_id] = node.model_copy(update={"props": merged, "intent": {**node.intent, **(intent or {})}})
    return copy


def without_edges(diagram: Diagram, *edge_ids: str) -> Diagram:
    copy = diagram.copy_shallow()
    for edge_id in edge_ids:
        del copy.edges[edge_id]
    return copy


def with_edges(diagram: Diagram, *edges: Edge) -> Diagram:
    copy = diagram.copy_shallow()
    copy.edges.update({x.id: x for x in edges})
    return copy


def findings(diagram: Diagram, rule_id: str) -> list[Finding]:
    """The findings of one rule (or of the rules an alias names); a crashed rule (GEN-ENGINE-001) fails the test."""
    found = validate(diagram, rules=[rule_id])
    crashed = [f.message for f in found if f.rule == "GEN-ENGINE-001"]
    assert not crashed, crashed
    return [f for f in found if f.rule == rule_id or rule_id in f.aliases]


def assert_quick_fix_round_trip(diagram: Diagram, rule_id: str) -> None:
    """The first finding's quick fix removes the finding, and undo brings it back."""
    before = findings(diagram, rule_id)
    assert before and before[0].quick_fix is not None, f"{rule_id}: no finding with a quick fix"
    doc = Document(diagram.copy_shallow())
    doc.execute(before[0].quick_fix.build(doc.diagram))
    after = findings(doc.diagram, rule_id)
    assert not [f for f in after if f.nodes == before[0].nodes and f.message == before[0].message], \
        f"{rule_id}: quick fix did not remove the finding: {after}"
    doc.undo()
    assert _keys(findings(doc.diagram, rule_id)) == _keys(before)


def _keys(found: list[Finding]) -> list[tuple]:
    return [(f.rule, f.severity, f.nodes, f.message) for f in found]
