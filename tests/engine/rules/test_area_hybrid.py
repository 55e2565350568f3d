"""VPN, Direct Connect and Transit Gateway rules: fire on the fault, silent on the fix, quick fixes undoable."""

import pytest

from cloudwright.engine.document import Document

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()
APP = {"id": "app", "kind": "ec2", "parent": "priv-a"}
DC = [{"id": "dc", "kind": "corporate_dc", "cidrs": ["192.168.0.0/16"]},
      {"id": "server", "kind": "on_prem_server", "parent": "dc"},
      {"id": "cgw", "kind": "customer_gateway", "parent": "dc", "ip": "203.0.113.10"}]
VGW = {"id": "vgw", "kind": "vgw", "parent": "vpc"}
VPN = {"id": "vpn", "kind": "vpn_connection", "parent": "region", "customer_gateway": "cgw", "gateway": "vgw"}
ROUTED = patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"},
                                          {"destination": "192.168.0.0/16", "target": "vgw"}])
HYBRID = [*ROUTED, *DC, VGW, VPN, APP]
REGION2 = [{"id": "region2", "kind": "region", "name": "eu-west-1"},
           {"id": "vpc2", "kind": "vpc", "parent": "region2", "cidr": "10.7.0.0/16"},
           {"id": "az2", "kind": "az", "parent": "vpc2", "name": "eu-west-1a"},
           {"id": "s2", "kind": "subnet", "parent": "az2", "cidr": "10.7.0.0/24"},
           {"id": "i2", "kind": "ec2", "parent": "s2"}, {"id": "vgw2", "kind": "vgw", "parent": "vpc2"}]
DX = {"id": "dx", "kind": "dx_connection", "parent": "region", "gateway": "vgw", "on_prem": "dc"}
SECOND = [{"id": "vb", "kind": "vpc", "parent": "region", "cidr": "10.1.0.0/16"},
        {"id": "vb-az", "kind": "az", "parent": "vb", "name": "us-east-1a"},
                 {"id": "vb-s", "kind": "subnet", "parent": "vb-az", "cidr": "10.1.0.0/24"},
                 {"id": "vb-rt", "kind": "route_table", "parent": "vb", "subnets": ["vb-s"],
                  "routes": [{"destination": "10.0.0.0/16", "target": "tgw"}]},
                 {"id": "vb-i", "kind": "ec2", "parent": "vb-s"}]
TGW = {"id": "tgw", "kind": "transit_gateway", "parent": "region", "attachments": [
    {"vpc": "vpc", "subnets": ["priv-a", "priv-b"]}, {"vpc": "vb", "subnets": ["vb-s"]}]}
TGW_ROUTED = patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"},
                                              {"destination": "10.1.0.0/16", "target": "tgw"}])

CASES = [
    ("NET-VPN-001", [*HYBRID[:-3], VGW, {**VPN, "customer_gateway": ...}, APP], HYBRID),
    ("NET-VPN-002", [*patch(HYBRID, "cgw", ip="10.1.2.3")], HYBRID),
    ("NET-VPN-002", [*patch(HYBRID, "cgw", ip="10.1.2.3", behind_nat=True)],
     patch(HYBRID, "cgw", ip="10.1.2.3", behind_nat=True, nat_public_ip="198.51.100.20")),
    ("NET-VPN-003", [*BASE, *DC, VGW, VPN, APP], HYBRID),
    ("NET-VPN-003", [*HYBRID, {"id": "vgw9", "kind": "vgw", "parent": "vpc"}], HYBRID),
    ("NET-DX-001", [*HYBRID, {**DX, "gateway": "tgw"}, {"id": "tgw", "kind": "transit_gateway", "parent": "region"}],
     [*HYBRID, DX]),
    ("NET-DX-001", [*HYBRID, {"id": "vif", "kind": "dx_vif", "parent": "region", "type": "transit", "target": "vgw"}],
     [*HYBRID, {"id": "vif", "kind": "dx_vif", "parent": "region", "type": "private", "target": "vgw"}]),
    ("NET-DX-002", [*HYBRID, *REGION2, DX], [*HYBRID, *REGION2, {"id": "dxgw", "kind": "dx_gateway",
                                                                 "associations": ["vgw", "vgw2"]},
                                             {**DX, "gateway": "dxgw"}]),
    ("NET-DX-003", [*HYBRID, {**DX, "intent": {"encryption_in_transit": True}}],
     [*HYBRID, {**DX, "intent": {"encryption_in_transit": True}, "vpn_over_dx": True}]),
    ("NET-DX-004", [*HYBRID, {**DX, "intent": {"critical": True}, "location": "EqDC2"}],
     [*HYBRID, {**DX, "intent": {"critical": True}, "location": "EqDC2"},
      {**DX, "id": "dx2", "intent": {"critical": True}, "location": "CoreSite"}]),
    ("NET-TGW-002", [*BASE, *REGION2, {"id": "tgw", "kind": "transit_gateway", "parent": "region",
                                       "attachments": [{"vpc": "vpc"}, {"vpc": "vpc2"}]}],
     [*BASE, *REGION2, {"id": "tgw", "kind": "transit_gateway", "parent": "region", "attachments": [{"vpc": "vpc"}]}]),
    ("NET-TGW-005", [*BASE, *SECOND, APP], [*TGW_ROUTED, *SECOND, APP, {**TGW, "multicast": True}]),
    ("NET-TGW-006", [*BASE, *SECOND, APP, TGW], [*TGW_ROUTED, *SECOND, APP, TGW]),
    ("NET-TGW-006", [*TGW_ROUTED, *SECOND, APP, {**TGW, "attachments": [{"vpc": "vpc", "subnets": ["priv-b"]},
                                                                        {"vpc": "vb", "subnets": ["vb-s"]}]}],
     [*TGW_ROUTED, *SECOND, APP, TGW]),
]
FLOWS = [{"from": "app", "to": "server", "port": 443}, {"from": "server", "to": "i2", "port": 443},
         {"from": "app", "to": "vb-i", "port": 443}]


def _edges(rule_id: str, nodes: list) -> list:
    ids = {n["id"] for n in nodes}
    edges = [{"id": f"f{i}", **e} for i, e in enumerate(FLOWS) if e["from"] in ids and e["to"] in ids]
    if rule_id == "NET-TGW-005":
        edges = [{**e, "props": {"multicast": True}} for e in edges]
    return edges


def _clean(nodes: list) -> list:
    return [{k: v for k, v in n.items() if v is not ...} for n in nodes]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    assert found(design(_clean(bad), _edges(rule_id, bad)), rule_id), f"{rule_id} did not fire"
    assert not found(design(_clean(good), _edges(rule_id, good)), rule_id), f"{rule_id} fired on the corrected design"


@pytest.mark.parametrize(("rule_id", "bad"), [
    ("NET-VPN-003", [*BASE, *DC, VGW, VPN, APP]),
    ("NET-TGW-006", [*BASE, *SECOND, APP, TGW]),
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


def test_bandwidth_sensitive_vpn_on_a_vgw_is_reported() -> None:
    """NET-VPN-004 (net.vpn_single_tunnel_throughput): a bandwidth-sensitive VPN on a VGW gets an info finding."""
    bad = patch(HYBRID, "vpn", intent={"bandwidth_sensitive": True})
    assert found(design(bad), "NET-VPN-004") and not found(design(HYBRID), "NET-VPN-004")
