"""Peering, VPC endpoint and PrivateLink rules: fire on the fault, silent on the fix, quick fixes undoable."""

import pytest

from cloudwright.engine.document import Document

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()


def vpc2(name: str, cidr: str, third: str) -> list[dict]:
    return [{"id": name, "kind": "vpc", "parent": "region", "cidr": cidr},
            {"id": f"{name}-az", "kind": "az", "parent": name, "name": "us-east-1a"},
            {"id": f"{name}-s", "kind": "subnet", "parent": f"{name}-az", "cidr": third},
            {"id": f"{name}-rt", "kind": "route_table", "parent": name, "subnets": [f"{name}-s"], "routes": []},
            {"id": f"{name}-i", "kind": "ec2", "parent": f"{name}-s"}]


APP = {"id": "app", "kind": "ec2", "parent": "priv-a"}
B = vpc2("vb", "10.1.0.0/16", "10.1.0.0/24")
C = vpc2("vc", "10.2.0.0/16", "10.2.0.0/24")
PCX = {"id": "pcx", "kind": "vpc_peering", "parent": "region", "vpc_a": "vpc", "vpc_b": "vb"}
ROUTED = [*patch(patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"},
                                                  {"destination": "10.1.0.0/16", "target": "pcx"}]),
                 "rt-priv-b", routes=[{"destination": "0.0.0.0/0", "target": "nat-b"}]),
          *patch(B, "vb-rt", routes=[{"destination": "10.0.0.0/16", "target": "pcx"}]), PCX, APP]
TO_B = [{"from": "app", "to": "vb-i", "port": 443}]
BUCKET = {"id": "bucket", "kind": "s3_bucket", "parent": "region"}
ISOLATED = patch(BASE, "rt-priv-a", routes=[])
ENDPOINT = {"id": "vpce", "kind": "vpc_endpoint_gateway", "parent": "vpc", "service": "s3", "route_tables": []}
NLB = {"id": "nlb", "kind": "nlb", "parent": "vpc", "subnets": ["priv-a", "priv-b"]}

CASES = [
    ("NET-PEER-001", [*BASE, *vpc2("vb", "10.0.128.0/17", "10.0.128.0/24"), PCX], [*BASE, *B, PCX]),
    ("NET-PEER-002", [*ROUTED, *C, {"id": "pcx2", "kind": "vpc_peering", "parent": "region", "vpc_a": "vb",
                                    "vpc_b": "vc"}],
     [*ROUTED, *C, {"id": "pcx2", "kind": "vpc_peering", "parent": "region", "vpc_a": "vpc", "vpc_b": "vc"}]),
    ("NET-PEER-003", [*BASE, *B, PCX, APP], ROUTED),
    ("NET-PEER-003", [*ROUTED[:-2], {**PCX, "status": "pending"}, APP], ROUTED),
    ("NET-PEER-006", [*BASE, APP, *B, *C, *vpc2("vd", "10.3.0.0/16", "10.3.0.0/24"),
                      *({"id": f"p{x}", "kind": "vpc_peering", "parent": "region", "vpc_a": v, "vpc_b": "vpc"}
                        for x, v in enumerate(("vb", "vc", "vd")))],
     [*BASE, APP, *B, *C, *vpc2("vd", "10.3.0.0/16", "10.3.0.0/24"),
      *({"id": f"p{x}", "kind": "vpc_peering", "parent": "region", "vpc_a": v, "vpc_b": "vpc"}
        for x, v in enumerate(("vb", "vc")))]),
    ("NET-VPCE-002", [*ISOLATED, APP, BUCKET, ENDPOINT],
     [*ISOLATED, APP, BUCKET, {**ENDPOINT, "route_tables": ["rt-priv-a"]}]),
    ("NET-VPCE-003", [*BASE, {"id": "ie", "kind": "vpc_endpoint_interface", "parent": "vpc",
                              "subnets": ["priv-a", "pub-a"]}],
     [*BASE, {"id": "ie", "kind": "vpc_endpoint_interface", "parent": "vpc", "subnets": ["priv-a", "priv-b"]}]),
    ("NET-VPCE-004", [*BASE, APP, BUCKET], [*BASE, APP, BUCKET, {**ENDPOINT, "route_tables": ["rt-priv-a"]}]),
    ("NET-VPCE-006", [*BASE, {"id": "ie", "kind": "vpc_endpoint_interface", "parent": "vpc", "subnets": ["priv-a"]}],
     [*patch(BASE, "vpc", enable_dns_hostnames=True),
      {"id": "ie", "kind": "vpc_endpoint_interface", "parent": "vpc", "subnets": ["priv-a"]}]),
    ("NET-PL-001", [*BASE, {**NLB, "kind": "alb"}, {"id": "svc", "kind": "endpoint_service", "parent": "vpc",
                                                    "load_balancer": "nlb"}],
     [*BASE, NLB, {"id": "svc", "kind": "endpoint_service", "parent": "vpc", "load_balancer": "nlb"}]),
    ("NET-PL-002", [*BASE, {**NLB, "subnets": ["priv-a"]}, {"id": "svc", "kind": "endpoint_service",
                                                           "parent": "vpc", "load_balancer": "nlb"}],
     [*BASE, NLB, {"id": "svc", "kind": "endpoint_service", "parent": "vpc", "load_balancer": "nlb"}]),
]
FLOWS = [*TO_B, {"from": "app", "to": "bucket", "port": 443}, {"from": "vb-i", "to": "vc-i", "port": 443},
         {"from": "vb-i", "to": "app", "port": 443}, {"from": "vc-i", "to": "app", "port": 443},
         {"from": "vd-i", "to": "app", "port": 443}]
PEER_002_FLOW = [{"from": "app", "to": "vc-i", "port": 443}]


def _edges(rule_id: str, nodes: list) -> list:
    ids = {n["id"] for n in nodes}
    chosen = PEER_002_FLOW if rule_id == "NET-PEER-002" else FLOWS
    if rule_id == "NET-PEER-003":
        chosen = TO_B
    return [{"id": f"f{i}", **e} for i, e in enumerate(chosen) if e["from"] in ids and e["to"] in ids]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    assert found(design(bad, _edges(rule_id, bad)), rule_id), f"{rule_id} did not fire"
    assert not found(design(good, _edges(rule_id, good)), rule_id), f"{rule_id} fired on the corrected design"


@pytest.mark.parametrize(("rule_id", "bad"), [
    ("NET-PEER-003", [*BASE, *patch(B, "vb-rt", routes=[{"destination": "10.0.0.0/16", "target": "pcx"}]), PCX, APP]),
    ("NET-VPCE-002", [*ISOLATED, APP, BUCKET, ENDPOINT]),
    ("NET-VPCE-004", [*BASE, APP, BUCKET]),
    ("NET-VPCE-006", [*BASE, {"id": "ie", "kind": "vpc_endpoint_interface", "parent": "vpc", "subnets": ["priv-a"]}]),
])
def test_quick_fix_applies_and_undoes(rule_id: str, bad: list) -> None:
    """Applying the quick fix through the document removes the finding; undo brings it back."""
    doc = Document(design(bad, _edges(rule_id, bad)))
    before = found(doc.diagram, rule_id)
    finding = next(f for f in before if f.quick_fix is not None)
    doc.execute(finding.quick_fix.build(doc.diagram))
    assert finding.message not in [f.message for f in found(doc.diagram, rule_id)]
    doc.undo()
    assert finding.message in [f.message for f in found(doc.diagram, rule_id)]


def test_full_peering_mesh_of_four_vpcs_suggests_a_transit_gateway() -> None:
    """net.peering_mesh_complexity fires for 4 fully meshed VPCs, not for 3."""
    vpcs = ["vpc", "vb", "vc", "vd"]
    extra = [*B, *C, *vpc2("vd", "10.3.0.0/16", "10.3.0.0/24")]
    mesh = [{"id": f"p-{a}-{b}", "kind": "vpc_peering", "parent": "region", "vpc_a": a, "vpc_b": b}
            for i, a in enumerate(vpcs) for b in vpcs[i + 1:]]
    assert found(design([*BASE, *extra, *mesh]), "net.peering_mesh_complexity")
    assert not found(design([*BASE, *extra, *[p for p in mesh if "vd" not in p["id"]]]), "net.peering_mesh_complexity")


def test_gateway_endpoint_does_not_reach_another_region() -> None:
    """NET-VPCE-005: an isolated subnet reaching a bucket of another region only through its gateway endpoint."""
    far = [{"id": "r2", "kind": "region", "name": "eu-west-1"}, {**BUCKET, "parent": "r2"}]
    endpoint = {**ENDPOINT, "route_tables": ["rt-priv-a"]}
    flow = [{"from": "app", "to": "bucket", "port": 443}]
    assert found(design([*ISOLATED, APP, *far, endpoint], flow), "NET-VPCE-005")
    assert not found(design([*ISOLATED, APP, BUCKET, endpoint], flow), "NET-VPCE-005")
    assert not found(design([*BASE, APP, *far, endpoint], flow), "NET-VPCE-005")
