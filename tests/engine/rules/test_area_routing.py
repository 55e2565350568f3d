"""IGW, route table and egress-only IGW rules: fire on the fault, silent on the fix, quick fixes undoable."""

import pytest

from cloudwright.engine.document import Document

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()
NET = {"id": "net", "kind": "internet"}
WEB = {"id": "web", "kind": "ec2", "parent": "pub-a", "public_ip": True}
NO_IGW_ROUTE = patch(BASE, "rt-pub", routes=[])
PEER = [{"id": "vpc2", "kind": "vpc", "parent": "region", "cidr": "10.9.0.0/16"},
        {"id": "pcx", "kind": "vpc_peering", "parent": "region", "vpc_a": "vpc", "vpc_b": "vpc2"}]

CASES = [
    ("NET-RT-003", [*NO_IGW_ROUTE, NET, WEB], [*BASE, NET, WEB]),
    ("NET-RT-003", NO_IGW_ROUTE, BASE),
    ("NET-RT-003", patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "igw"}]), BASE),
    ("NET-IGW-001", [*BASE, {"id": "igw2", "kind": "igw", "parent": "vpc"}],
     [*BASE, {"id": "igw2", "kind": "igw", "parent": "vpc", "attached": False}]),
    ("NET-IGW-002", patch(BASE, "igw", attached=False), BASE),
    ("NET-IGW-003", [*BASE, NET, {**WEB, "public_ip": False}], [*BASE, NET, WEB]),
    ("NET-SUB-009", [*patch(BASE, "rt-priv-a", routes=[]), NET, {**WEB, "parent": "priv-a"}], [*BASE, NET, WEB]),
    ("NET-RT-001", patch(BASE, "rt-priv-b", subnets=["priv-b", "priv-a"]), BASE),
    ("NET-RT-002", patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"},
                                                    {"destination": "10.0.5.0/24", "target": "nat-a"}]),
     patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"},
                                      {"destination": "10.0.11.0/24", "target": "nat-a"}])),
    ("NET-RT-004", [*BASE, *PEER, {"id": "igw2", "kind": "igw", "parent": "vpc2"},
                    {"id": "rt2", "kind": "route_table", "parent": "vpc2", "routes": [
                        {"destination": "0.0.0.0/0", "target": "igw"}]}],
     [*BASE, *PEER, {"id": "igw2", "kind": "igw", "parent": "vpc2"},
      {"id": "rt2", "kind": "route_table", "parent": "vpc2", "routes": [
          {"destination": "0.0.0.0/0", "target": "igw2"}, {"destination": "10.0.0.0/16", "target": "pcx"}]}]),
    ("NET-RT-005", patch(BASE, "rt-pub", routes=[{"destination": "0.0.0.0/0", "target": "igw"},
                                                 {"destination": "0.0.0.0/0", "target": "nat-a"}]), BASE),
    ("NET-EIGW-001", [*patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "eigw"}]),
                      {"id": "eigw", "kind": "egress_only_igw", "parent": "vpc"}],
     [*patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"},
                                        {"destination": "::/0", "target": "eigw"}]),
      {"id": "eigw", "kind": "egress_only_igw", "parent": "vpc"}]),
    ("NET-EIGW-002", [*patch(BASE, "rt-pub", routes=[{"destination": "0.0.0.0/0", "target": "igw"},
                                                     {"destination": "::/0", "target": "igw"}]),
                      {**WEB, "ipv6": True}],
     [*patch(BASE, "rt-pub", routes=[{"destination": "0.0.0.0/0", "target": "igw"},
                                     {"destination": "::/0", "target": "igw"}]),
      {**WEB, "ipv6": True, "intent": {"internet_facing": True}}]),
]
EDGES = {"NET-RT-003": [{"from": "net", "to": "web", "port": 443}], "NET-IGW-003": [
    {"from": "web", "to": "net", "port": 443}], "NET-SUB-009": [{"from": "net", "to": "web", "port": 443}]}


def _edges(rule_id: str, nodes: list) -> list:
    ids = {n["id"] for n in nodes}
    return [e for e in EDGES.get(rule_id, []) if e["from"] in ids and e["to"] in ids]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    assert found(design(bad, _edges(rule_id, bad)), rule_id), f"{rule_id} did not fire"
    assert not found(design(good, _edges(rule_id, good)), rule_id), f"{rule_id} fired on the corrected design"


def test_public_subnet_without_route_is_an_error_only_when_something_faces_the_internet() -> None:
    """A labelled-public subnet with an Internet-facing instance and no IGW route is an error; empty, a warning."""
    with_web = found(design([*NO_IGW_ROUTE, NET, WEB], [{"from": "net", "to": "web", "port": 443}]), "NET-RT-003")
    no_nat = [n for n in NO_IGW_ROUTE if n["kind"] != "nat_gateway" and not n["id"].startswith("rt-priv")]
    empty = found(design(no_nat), "NET-RT-003")
    assert {f.severity for f in with_web if "pub-a" in f.nodes} == {"error"}
    assert {f.severity for f in empty} == {"warning"}
    assert "0.0.0.0/0 -> igw" in with_web[0].fix


def test_isolated_subnets_never_get_an_internet_finding() -> None:
    """A subnet with intent isolated and no IGW route gets no NET-RT-003 finding."""
    nodes = patch(NO_IGW_ROUTE, "pub-a", tier=..., intent={"isolated": True})
    assert not [f for f in found(design(nodes), "NET-RT-003") if "pub-a" in f.nodes]


@pytest.mark.parametrize(("rule_id", "bad", "edges"), [
    ("NET-RT-003", [*NO_IGW_ROUTE, NET, WEB], [{"from": "net", "to": "web", "port": 443}]),
    ("NET-RT-003", [*patch(BASE, "rt-pub", subnets=["pub-b"]), NET, WEB], [{"from": "net", "to": "web"}]),
    ("NET-RT-003", [*[n for n in NO_IGW_ROUTE if n["id"] != "igw"], NET, WEB], [{"from": "net", "to": "web"}]),
    ("NET-IGW-002", patch(BASE, "igw", attached=False), []),
    ("NET-IGW-003", [*BASE, NET, {**WEB, "public_ip": False}], [{"from": "web", "to": "net", "port": 443}]),
    ("NET-RT-005", patch(BASE, "rt-pub", routes=[{"destination": "0.0.0.0/0", "target": "igw"},
                                                 {"destination": "0.0.0.0/0", "target": "nat-a"}]), []),
    ("NET-RT-002", patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"},
                                                    {"destination": "10.0.5.0/24", "target": "nat-a"}]), []),
    ("NET-EIGW-001", [*patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"},
                                                        {"destination": "10.1.0.0/16", "target": "eigw"}]),
                      {"id": "eigw", "kind": "egress_only_igw", "parent": "vpc"}], []),
    ("NET-EIGW-002", [*patch(BASE, "rt-pub", routes=[{"destination": "0.0.0.0/0", "target": "igw"},
                                                     {"destination": "::/0", "target": "igw"}]),
                      {**WEB, "ipv6": True}], []),
])
def test_quick_fix_applies_and_undoes(rule_id: str, bad: list, edges: list) -> None:
    """Applying the quick fix through the document removes the finding; undo brings it back."""
    doc = Document(design(bad, edges))
    before = found(doc.diagram, rule_id)
    finding = next(f for f in before if f.quick_fix is not None)
    doc.execute(finding.quick_fix.build(doc.diagram))
    after = found(doc.diagram, rule_id)
    assert len(after) < len(before) and all(f.nodes != finding.nodes or f.message != finding.message for f in after)
    doc.undo()
    assert len(found(doc.diagram, rule_id)) == len(before)


def test_vpc_with_public_subnets_and_no_igw_gets_one_added() -> None:
    """Public subnets in a VPC without an IGW: NET-IGW-002 (net.igw_not_attached); the quick fix adds the IGW."""
    nodes = [n for n in NO_IGW_ROUTE if n["id"] != "igw"]
    doc = Document(design(nodes))
    finding = next(f for f in found(doc.diagram, "NET-IGW-002") if "vpc" in f.nodes)
    assert "net.igw_not_attached" in finding.aliases
    doc.execute(finding.quick_fix.build(doc.diagram))
    assert not [f for f in found(doc.diagram, "NET-IGW-002") if f.severity != "info"]
    doc.undo()
    assert found(doc.diagram, "NET-IGW-002")


def test_private_instance_needing_egress_without_nat_is_reported() -> None:
    """net.private_no_egress: a private instance with a flow to the Internet and no NAT route gets an info finding."""
    app = {"id": "app", "kind": "ec2", "parent": "priv-a"}
    no_nat = patch(BASE, "rt-priv-a", routes=[])
    flow = [{"from": "app", "to": "net", "port": 443}]
    assert found(design([*no_nat, NET, app], flow), "net.private_no_egress")
    assert not found(design([*BASE, NET, app], flow), "net.private_no_egress")
    isolated = patch(no_nat, "priv-a", tier=..., intent={"isolated": True})
    assert not found(design([*isolated, NET, app], flow), "net.private_no_egress")
