"""NAT gateway and NAT instance rules: fire on the fault, silent on the fix, quick fixes undoable."""

import pytest

from cloudwright.engine.document import Document
from cloudwright.engine.rules import validate

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()
NATI_SG = {"id": "nat-sg", "kind": "security_group", "parent": "vpc",
           "inbound": [{"protocol": "tcp", "port": 80, "cidr": "10.0.0.0/16"},
                       {"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/16"},
                       {"protocol": "tcp", "port": 22, "cidr": "192.168.1.0/24"}]}
NATI = {"id": "nati", "kind": "nat_instance", "parent": "pub-a", "elastic_ip": True, "source_dest_check": False,
        "security_groups": ["nat-sg"], "member_of": "nat-asg"}
NATI_BASE = [*patch(BASE, "rt-priv-a", routes=[{"destination": "0.0.0.0/0", "target": "nati"}]), NATI_SG,
             {"id": "nat-asg", "kind": "asg", "parent": "vpc"}]
ONE_NAT = patch(BASE, "rt-priv-b", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"}])

CASES = [
    ("NET-NAT-001", patch(BASE, "nat-a", parent="priv-a"), BASE),
    ("NET-NAT-002", patch(BASE, "nat-a", elastic_ip=False), BASE),
    ("NET-NAT-002", patch(BASE, "nat-a", connectivity="private", elastic_ip=True),
     patch(BASE, "nat-a", connectivity="private")),
    ("NET-NAT-003", patch(BASE, "igw", attached=False), BASE),
    ("NET-NAT-004", patch(BASE, "rt-pub", routes=[{"destination": "0.0.0.0/0", "target": "nat-a"}]), BASE),
    ("NET-NAT-005", ONE_NAT, BASE),
    ("NET-NAT-005", ONE_NAT, patch(ONE_NAT, "nat-a", availability_mode="regional", parent="vpc")),
    ("NET-NAT-006", patch(patch(BASE, "priv-a", ipv6_cidr="2600:1f18::/64"), "rt-priv-a", routes=[
        {"destination": "0.0.0.0/0", "target": "nat-a"}, {"destination": "::/0", "target": "nat-a"}]),
     patch(patch(BASE, "priv-a", ipv6_cidr="2600:1f18::/64"), "rt-priv-a", routes=[
         {"destination": "0.0.0.0/0", "target": "nat-a"}, {"destination": "64:ff9b::/96", "target": "nat-a"}])),
    ("NET-NAT-007", [*patch(BASE, "nat-a", security_groups=["sg"]),
                     {"id": "sg", "kind": "security_group", "parent": "vpc"}],
     [*BASE, {"id": "sg", "kind": "security_group", "parent": "vpc"}]),
    ("NET-NATI-001", [*NATI_BASE, {**NATI, "source_dest_check": True}], [*NATI_BASE, NATI]),
    ("NET-NATI-001", [*NATI_BASE, {**NATI, "elastic_ip": False, "public_ip": False}], [*NATI_BASE, NATI]),
    ("NET-NATI-001", [*NATI_BASE, {**NATI, "parent": "priv-b"}], [*NATI_BASE, NATI]),
    ("NET-NATI-002", [*patch(NATI_BASE, "nat-sg", inbound=[{"protocol": "tcp", "port": 22, "cidr": "0.0.0.0/0"}]),
                      NATI], [*NATI_BASE, NATI]),
    ("NET-NATI-003", [*NATI_BASE, {**NATI, "member_of": ...}], [*NATI_BASE, NATI]),
]


def _clean(nodes: list) -> list:
    return [{k: v for k, v in n.items() if v is not ...} for n in nodes]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    assert found(design(_clean(bad)), rule_id), f"{rule_id} did not fire"
    assert not found(design(_clean(good)), rule_id), f"{rule_id} fired on the corrected design"


def test_one_nat_for_several_azs_names_the_nat_and_the_subnets() -> None:
    """The case studies' lesson 'one NAT gateway serving several AZs' is NET-NAT-005, aliased net.nat_single_az."""
    finding = found(design(ONE_NAT), "NET-NAT-005")[0]
    assert finding.nodes == ("nat-a", "priv-b")
    assert "net.nat_single_az" in finding.aliases
    assert "route priv-b to nat-b" in finding.fix
    assert [f.rule for f in validate(design(ONE_NAT), rules=["net.nat_single_az"])] == ["NET-NAT-005"]


@pytest.mark.parametrize(("rule_id", "bad"), [
    ("NET-NAT-001", patch(BASE, "nat-a", parent="priv-a")),
    ("NET-NAT-002", patch(BASE, "nat-a", elastic_ip=False)),
    ("NET-NAT-007", [*patch(BASE, "nat-a", security_groups=["sg"]),
                     {"id": "sg", "kind": "security_group", "parent": "vpc"}]),
    ("NET-NATI-001", [*NATI_BASE, {**NATI, "source_dest_check": True}]),
    ("NET-NATI-001", [*NATI_BASE, {**NATI, "elastic_ip": False, "public_ip": False}]),
])
def test_quick_fix_applies_and_undoes(rule_id: str, bad: list) -> None:
    """Applying the quick fix through the document removes the finding; undo brings it back."""
    doc = Document(design(bad))
    before = found(doc.diagram, rule_id)
    finding = next(f for f in before if f.quick_fix is not None)
    doc.execute(finding.quick_fix.build(doc.diagram))
    assert finding.message not in [f.message for f in found(doc.diagram, rule_id)]
    doc.undo()
    assert finding.message in [f.message for f in found(doc.diagram, rule_id)]


def test_internet_cannot_open_connections_through_nat() -> None:
    """NET-NAT-008: a flow from the Internet to an instance whose subnet egresses through NAT cannot work."""
    net = {"id": "net", "kind": "internet"}
    app = {"id": "app", "kind": "ec2", "parent": "priv-a"}
    web = {"id": "app", "kind": "ec2", "parent": "pub-a", "public_ip": True}
    flow = [{"from": "net", "to": "app", "port": 443}]
    assert found(design([*BASE, net, app], flow), "NET-NAT-008")
    assert not found(design([*BASE, net, web], flow), "NET-NAT-008")
    assert not found(design([*BASE, net, app], flow), "NET-SUB-009")
