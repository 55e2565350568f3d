"""CIDR, subnet and VPC DNS rules: each fires on a minimal broken design and is silent once it is fixed."""

import pytest

from cloudwright.engine.document import Document

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()
DC = {"id": "dc", "kind": "corporate_dc", "cidrs": ["10.0.0.0/16"]}
VPN = [{"id": "vgw", "kind": "vgw", "parent": "vpc"}, {"id": "cgw", "kind": "customer_gateway", "parent": "dc"},
       {"id": "vpn", "kind": "vpn_connection", "parent": "region", "customer_gateway": "cgw", "gateway": "vgw"}]
SIX_VPCS = [{"id": f"v{i}", "kind": "vpc", "parent": "region", "cidr": f"10.{i}.0.0/16"} for i in range(6)]

CASES = [
    ("NET-CIDR-001", patch(BASE, "vpc", cidr="10.0.0.0/8"), BASE),
    ("NET-CIDR-002", patch(BASE, "vpc", cidr="11.0.0.0/16"), patch(BASE, "vpc", cidr="10.0.0.0/16")),
    ("NET-CIDR-002", patch(BASE, "vpc", secondary_cidrs=["192.168.0.0/16"]),
     patch(BASE, "vpc", secondary_cidrs=["100.64.0.0/16"])),
    ("NET-CIDR-003", patch(BASE, "vpc", secondary_cidrs=[f"10.{i}.0.0/16" for i in range(1, 6)]),
     patch(BASE, "vpc", secondary_cidrs=[f"10.{i}.0.0/16" for i in range(1, 5)])),
    ("NET-CIDR-005", [*BASE, DC, *VPN], [*BASE, {**DC, "cidrs": ["192.168.0.0/16"]}, *VPN]),
    ("NET-VPC-001", [BASE[0], *SIX_VPCS], [BASE[0], *SIX_VPCS[:5]]),
    ("NET-VPC-002", [*patch(BASE, "vpc", is_default=True),
                     {"id": "db", "kind": "ec2", "parent": "priv-a", "intent": {"private": True}}],
     [*BASE, {"id": "db", "kind": "ec2", "parent": "priv-a", "intent": {"private": True}}]),
    ("NET-SUB-001", patch(BASE, "priv-a", cidr="10.1.0.0/24"), BASE),
    ("NET-SUB-002", patch(BASE, "priv-a", cidr="10.0.0.0/23"), BASE),
    ("NET-SUB-003", [*BASE, {"id": "loose", "kind": "subnet", "parent": "vpc", "cidr": "10.0.50.0/24"}],
     [*BASE, {"id": "loose", "kind": "subnet", "parent": "az-a", "cidr": "10.0.50.0/24"}]),
    ("NET-SUB-004", patch(BASE, "priv-a", cidr="10.0.10.0/29"), BASE),
    ("NET-SUB-005", [*BASE, {"id": "i", "kind": "ec2", "parent": "priv-a", "private_ip": "10.0.10.1"}],
     [*BASE, {"id": "i", "kind": "ec2", "parent": "priv-a", "private_ip": "10.0.10.4"}]),
    ("NET-SUB-005", [*patch(BASE, "priv-a", cidr="10.0.10.0/28"),
                     *({"id": f"i{n}", "kind": "ec2", "parent": "priv-a"} for n in range(12))],
     [*patch(BASE, "priv-a", cidr="10.0.10.0/28"),
      *({"id": f"i{n}", "kind": "ec2", "parent": "priv-a"} for n in range(11))]),
    ("NET-SUB-006", patch(BASE, "priv-a", cidr="10.0.10.0/27", required_hosts=29),
     patch(BASE, "priv-a", cidr="10.0.10.0/26", required_hosts=29)),
    ("NET-SUB-007", [*vpc_base(1), {"id": "web", "kind": "ec2", "parent": "priv-a", "intent": {"ha": True}}],
     [*vpc_base(2), {"id": "web", "kind": "asg", "parent": "vpc", "subnets": ["priv-a", "priv-b"],
                     "intent": {"ha": True}}]),
    ("NET-SUB-008", [*BASE, {"id": "lb", "kind": "alb", "subnets": ["pub-a", "pub-b"], "parent": "vpc"},
                     {"id": "app", "kind": "ec2", "parent": "pub-a"}],
     [*BASE, {"id": "lb", "kind": "alb", "subnets": ["pub-a", "pub-b"], "parent": "vpc"},
      {"id": "app", "kind": "ec2", "parent": "priv-a"}]),
    ("NET-DNS-001", patch(BASE, "vpc", enable_dns_hostnames=True, enable_dns_support=False),
     patch(BASE, "vpc", enable_dns_hostnames=True)),
    ("NET-DNS-002", [*BASE, {"id": "zone", "kind": "route53_zone", "private": True, "vpcs": ["vpc"]}],
     [*patch(BASE, "vpc", enable_dns_hostnames=True),
      {"id": "zone", "kind": "route53_zone", "private": True, "vpcs": ["vpc"]}]),
    ("NET-IPV6-002", [*patch(BASE, "priv-a", cidr="10.0.10.0/28", ipv6_cidr="2600:1f18::/64"),
                      *({"id": f"i{n}", "kind": "ec2", "parent": "priv-a"} for n in range(12))],
     [*patch(BASE, "priv-a", cidr="10.0.10.0/27", ipv6_cidr="2600:1f18::/64"),
      *({"id": f"i{n}", "kind": "ec2", "parent": "priv-a"} for n in range(12))]),
]
EDGES = {"NET-SUB-008": [{"from": "lb", "to": "app", "port": 80}]}


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    edges = EDGES.get(rule_id, [])
    assert found(design(bad, edges), rule_id), f"{rule_id} did not fire"
    assert not found(design(good, edges), rule_id), f"{rule_id} fired on the corrected design"


def test_messages_name_the_node_and_give_a_concrete_fix() -> None:
    """A subnet outside its VPC is named in the message, and the fix suggests a range inside the VPC."""
    finding = found(design(patch(BASE, "priv-a", cidr="10.1.0.0/24")), "NET-SUB-001")[0]
    assert "priv-a" in finding.message and "10.0.0.0/16" in finding.fix
    assert finding.section == "Default VPC Overview"


@pytest.mark.parametrize(("rule_id", "bad"), [
    ("NET-DNS-001", patch(BASE, "vpc", enable_dns_hostnames=True, enable_dns_support=False)),
    ("NET-DNS-002", [*BASE, {"id": "zone", "kind": "route53_zone", "private": True, "vpcs": ["vpc"]}]),
])
def test_quick_fix_applies_and_undoes(rule_id: str, bad: list) -> None:
    """The quick fix removes the finding in one undoable step."""
    doc = Document(design(bad))
    finding = found(doc.diagram, rule_id)[0]
    doc.execute(finding.quick_fix.build(doc.diagram))
    assert not found(doc.diagram, rule_id)
    doc.undo()
    assert found(doc.diagram, rule_id)
