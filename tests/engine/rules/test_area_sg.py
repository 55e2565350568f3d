"""Security group and bastion rules, and the case studies' SG lessons: fire, stay silent when fixed, quick fixes."""

import pytest

from cloudwright.engine.document import Document

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()
NET = {"id": "net", "kind": "internet"}


def sg(sg_id: str, *inbound: dict, **props) -> dict:
    return {"id": sg_id, "kind": "security_group", "parent": "vpc", "inbound": list(inbound), **props}


WEB_SG = sg("web-sg", {"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"})
APP_SG = sg("app-sg", {"protocol": "tcp", "port": 8080, "sg": "web-sg"})
DB_SG = sg("db-sg", {"protocol": "tcp", "port": 3306, "sg": "app-sg"})
WEB = {"id": "web", "kind": "ec2", "parent": "pub-a", "public_ip": True, "security_groups": ["web-sg"]}
APP = {"id": "app", "kind": "ec2", "parent": "priv-a", "security_groups": ["app-sg"]}
DB = {"id": "db", "kind": "rds", "parent": "priv-b", "security_groups": ["db-sg"]}
LB = {"id": "lb", "kind": "alb", "parent": "vpc", "subnets": ["pub-a", "pub-b"], "security_groups": ["web-sg"]}
TIERS = [*BASE, WEB_SG, APP_SG, DB_SG, WEB, APP, DB]
FLOWS = [{"from": "web", "to": "app", "port": 8080}, {"from": "app", "to": "db"}]
BASTION = {"id": "bastion", "kind": "ec2", "parent": "pub-a", "public_ip": True, "role": "bastion",
           "security_groups": ["bastion-sg"]}
BASTION_SG = sg("bastion-sg", {"protocol": "tcp", "port": 22, "cidr": "198.51.100.0/24"})
ADMIN = {"id": "admin", "kind": "admin", "ip": "198.51.100.7"}
ADMIN_FLOWS = [{"from": "admin", "to": "bastion", "port": 22}, {"from": "bastion", "to": "app", "port": 22}]
APP_SG_WITH_SSH = sg("app-sg", {"protocol": "tcp", "port": 8080, "sg": "web-sg"},
                     {"protocol": "tcp", "port": 22, "sg": "bastion-sg"})

CASES = [
    ("SG-RULE-001", patch(TIERS, "app-sg", outbound=[{"protocol": "tcp", "port": 25, "cidr": "0.0.0.0/0",
                                                      "action": "deny"}]), TIERS),
    ("SG-VPC-001", [*TIERS, {"id": "vpc2", "kind": "vpc", "parent": "region", "cidr": "10.5.0.0/16"},
                    {"id": "sg2", "kind": "security_group", "parent": "vpc2"},
                    {"id": "x", "kind": "ec2", "parent": "priv-a", "security_groups": ["sg2"]}],
     [*TIERS, {"id": "vpc2", "kind": "vpc", "parent": "region", "cidr": "10.5.0.0/16"},
      {"id": "sg2", "kind": "security_group", "parent": "vpc2"},
      {"id": "x", "kind": "ec2", "parent": "priv-a", "security_groups": ["app-sg"]}]),
    ("SG-SSH-001", patch(TIERS, "app-sg", inbound=[*APP_SG["inbound"], {"protocol": "tcp", "port": 22,
                                                                        "cidr": "10.0.0.0/16"}]), TIERS),
    ("SG-OPEN-001", patch(TIERS, "app-sg", inbound=[{"protocol": "tcp", "port": 22, "cidr": "0.0.0.0/0"}]), TIERS),
    ("SG-OPEN-001", patch(TIERS, "app-sg", inbound=[{"protocol": "tcp", "port": 3389, "cidr": "::/0"}]), TIERS),
    ("SG-OPEN-002", patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": 3306, "cidr": "0.0.0.0/0"}]), TIERS),
    ("sg.all_ports_open", patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": "all", "sg": "app-sg"}]), TIERS),
    ("SG-PORT-001", patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": 5432, "sg": "app-sg"}]), TIERS),
    ("SG-PORT-001", patch(TIERS, "app-sg", outbound=[{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}]),
     patch(TIERS, "app-sg", outbound=[{"protocol": "tcp", "port": 3306, "sg": "db-sg"}])),
    ("SG-CHAIN-001", patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": 3306, "cidr": "10.0.0.0/16"}]), TIERS),
    ("NET-BAST-001", [*TIERS, BASTION_SG, {**BASTION, "public_ip": False}, ADMIN], [*TIERS, BASTION_SG, BASTION, ADMIN]),
    ("NET-BAST-002", [*TIERS, sg("bastion-sg", {"protocol": "tcp", "port": 22, "cidr": "0.0.0.0/0"}), BASTION, ADMIN],
     [*TIERS, BASTION_SG, BASTION, ADMIN]),
    ("NET-BAST-003", [*TIERS, BASTION_SG, BASTION, ADMIN],
     [*patch(TIERS, "app-sg", inbound=APP_SG_WITH_SSH["inbound"]), BASTION_SG, BASTION, ADMIN]),
]


def _edges(nodes: list) -> list:
    ids = {n["id"] for n in nodes}
    return [e for e in [*FLOWS, *ADMIN_FLOWS] if e["from"] in ids and e["to"] in ids]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    assert found(design(bad, _edges(bad)), rule_id), f"{rule_id} did not fire"
    assert not found(design(good, _edges(good)), rule_id), f"{rule_id} fired on the corrected design"


def test_default_security_group_admits_only_its_members() -> None:
    """A resource with no SG uses the VPC default SG: a flow from a member passes, from a non-member it does not."""
    default = {"id": "default-sg", "kind": "security_group", "parent": "vpc", "default": True}
    nodes = [*BASE, default, {"id": "a", "kind": "ec2", "parent": "priv-a"}, {"id": "b", "kind": "ec2",
                                                                               "parent": "priv-b"}]
    assert not found(design(nodes, [{"from": "a", "to": "b", "port": 80}]), "SG-PORT-001")
    outsider = [*nodes, WEB_SG, {**WEB, "id": "c"}]
    assert found(design(outsider, [{"from": "c", "to": "b", "port": 80}]), "SG-PORT-001")


@pytest.mark.parametrize(("rule_id", "bad"), [
    ("SG-OPEN-001", patch(TIERS, "app-sg", inbound=[{"protocol": "tcp", "port": 22, "cidr": "0.0.0.0/0"}])),
    ("SG-OPEN-002", patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": 3306, "cidr": "0.0.0.0/0"}])),
    ("sg.all_ports_open", patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": "all", "sg": "app-sg"}])),
    ("SG-PORT-001", patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": 5432, "sg": "app-sg"}])),
    ("NET-BAST-003", [*TIERS, BASTION_SG, BASTION, ADMIN]),
])
def test_quick_fix_applies_and_undoes(rule_id: str, bad: list) -> None:
    """Applying the quick fix through the document removes the finding; undo brings it back."""
    doc = Document(design(bad, _edges(bad)))
    before = found(doc.diagram, rule_id)
    finding = next(f for f in before if f.quick_fix is not None)
    doc.execute(finding.quick_fix.build(doc.diagram))
    assert finding.message not in [f.message for f in found(doc.diagram, rule_id)]
    doc.undo()
    assert finding.message in [f.message for f in found(doc.diagram, rule_id)]


def test_ssh_restriction_uses_the_admin_address_the_design_shows() -> None:
    """The SSH quick fix narrows 0.0.0.0/0 to the admin's drawn address, not to a guess."""
    nodes = [*TIERS, sg("bastion-sg", {"protocol": "tcp", "port": 22, "cidr": "0.0.0.0/0"}), BASTION, ADMIN]
    finding = [f for f in found(design(nodes, _edges(nodes)), "SG-OPEN-001") if "bastion-sg" in f.nodes][0]
    assert "198.51.100.7/32" in finding.fix


def test_database_open_to_world_fix_admits_the_app_tier_sg() -> None:
    """The DB world-open quick fix replaces 0.0.0.0/0 with the SG of the tier that talks to the DB."""
    bad = patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": 3306, "cidr": "0.0.0.0/0"}])
    doc = Document(design(bad, _edges(bad)))
    doc.execute(found(doc.diagram, "SG-OPEN-002")[0].quick_fix.build(doc.diagram))
    assert doc.diagram.nodes["db-sg"].props["inbound"] == [{"protocol": "tcp", "port": 3306, "sg": "app-sg"}]


def test_chain_rule_ignores_cidrs_of_other_networks() -> None:
    """A DB SG admitting the on-premises range (which cannot be an SG reference) is not a chaining problem."""
    on_prem = patch(TIERS, "db-sg", inbound=[{"protocol": "tcp", "port": 3306, "sg": "app-sg"},
                                              {"protocol": "tcp", "port": 3306, "cidr": "192.168.0.0/16"}])
    assert not found(design(on_prem, _edges(on_prem)), "SG-CHAIN-001")
