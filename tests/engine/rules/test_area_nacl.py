"""Network ACL rules: association, numbering, empty custom NACLs and stateless return traffic."""

import pytest

from cloudwright.engine.document import Document

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()
WEB = {"id": "web", "kind": "ec2", "parent": "pub-a", "public_ip": True}
APP = {"id": "app", "kind": "ec2", "parent": "priv-a"}
ALLOW_ALL = [{"rule": 100, "action": "allow", "protocol": "all", "port": "all", "cidr": "0.0.0.0/0"}]
APP_IN_ONLY_8080 = [{"rule": 100, "action": "allow", "protocol": "tcp", "port": 8080, "cidr": "10.0.0.0/16"}]
FLOW = [{"from": "web", "to": "app", "port": 8080}]


def nacl(**props) -> dict:
    return {"id": "nacl", "kind": "nacl", "parent": "vpc", "subnets": ["priv-a"], **props}


CASES = [
    ("NET-NACL-001", [*BASE, nacl(inbound=ALLOW_ALL, outbound=ALLOW_ALL),
                      {"id": "nacl2", "kind": "nacl", "parent": "vpc", "subnets": ["priv-a"]}],
     [*BASE, nacl(inbound=ALLOW_ALL, outbound=ALLOW_ALL)]),
    ("NET-NACL-002", [*BASE, nacl(inbound=[*ALLOW_ALL, {**ALLOW_ALL[0], "cidr": "10.0.0.0/8"}], outbound=ALLOW_ALL)],
     [*BASE, nacl(inbound=ALLOW_ALL, outbound=ALLOW_ALL)]),
    ("NET-NACL-003", [*BASE, nacl(inbound=[{**ALLOW_ALL[0], "rule": 1}, {**ALLOW_ALL[0], "rule": 2}],
                                  outbound=ALLOW_ALL)],
     [*BASE, nacl(inbound=[{**ALLOW_ALL[0], "rule": 100}, {**ALLOW_ALL[0], "rule": 200}], outbound=ALLOW_ALL)]),
    ("NET-NACL-004", [*BASE, nacl()], [*BASE, nacl(inbound=ALLOW_ALL, outbound=ALLOW_ALL)]),
    ("NET-NACL-007", [*BASE, nacl(inbound=ALLOW_ALL, outbound=[{"rule": 100, "sg": "x"}])],
     [*BASE, nacl(inbound=ALLOW_ALL, outbound=ALLOW_ALL)]),
    ("NET-NACL-005", [*BASE, WEB, APP, nacl(inbound=APP_IN_ONLY_8080, outbound=APP_IN_ONLY_8080)],
     [*BASE, WEB, APP, nacl(inbound=APP_IN_ONLY_8080, outbound=[
         {"rule": 100, "action": "allow", "protocol": "tcp", "port": "32768-60999", "cidr": "10.0.0.0/24"}])]),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    edges = FLOW if rule_id == "NET-NACL-005" else []
    assert found(design(bad, edges), rule_id), f"{rule_id} did not fire"
    assert not found(design(good, edges), rule_id), f"{rule_id} fired on the corrected design"


def test_partly_open_ephemeral_range_is_a_warning() -> None:
    """Replies allowed on only part of the client's ephemeral range: some connections fail (warning)."""
    partial = [{"rule": 100, "action": "allow", "protocol": "tcp", "port": "32768-40000", "cidr": "10.0.0.0/24"}]
    findings = found(design([*BASE, WEB, APP, nacl(inbound=APP_IN_ONLY_8080, outbound=partial)], FLOW),
                     "NET-NACL-005")
    assert [f.severity for f in findings] == ["warning"]
    assert "ephemeral" in findings[0].message


def test_same_subnet_flows_are_not_filtered_by_nacls() -> None:
    """NACLs only see traffic crossing a subnet boundary."""
    nodes = [*BASE, {**WEB, "parent": "priv-a"}, APP, nacl()]
    assert not found(design(nodes, FLOW), "NET-NACL-005")


def test_deny_before_allow_wins() -> None:
    """First match decides: a lower-numbered deny hides a later allow."""
    inbound = [{"rule": 50, "action": "deny", "protocol": "all", "port": "all", "cidr": "0.0.0.0/0"},
               *APP_IN_ONLY_8080]
    findings = found(design([*BASE, WEB, APP, nacl(inbound=inbound, outbound=ALLOW_ALL)], FLOW), "NET-NACL-005")
    assert findings and findings[0].severity == "error"


def test_quick_fix_adds_the_missing_allow_entry_and_undoes() -> None:
    """The quick fix inserts an allow entry below the matching deny; undo restores the NACL."""
    inbound = [{"rule": 50, "action": "deny", "protocol": "all", "port": "all", "cidr": "0.0.0.0/0"}]
    doc = Document(design([*BASE, WEB, APP, nacl(inbound=inbound, outbound=ALLOW_ALL)], FLOW))
    before = found(doc.diagram, "NET-NACL-005")
    doc.execute(before[0].quick_fix.build(doc.diagram))
    assert len(found(doc.diagram, "NET-NACL-005")) < len(before)
    assert doc.diagram.nodes["nacl"].props["inbound"][0]["rule"] == 49
    doc.undo()
    assert len(found(doc.diagram, "NET-NACL-005")) == len(before)


def test_default_nacl_drawn_without_entries_allows_everything() -> None:
    """A drawn default NACL with no entries is AWS's allow-all default, not a block."""
    nodes = [*BASE, WEB, APP, {"id": "dnacl", "kind": "nacl", "parent": "vpc", "default": True}]
    assert not found(design(nodes, FLOW), "NET-NACL-005")
    assert not found(design(patch(nodes, "dnacl", subnets=["priv-a"]), FLOW), "NET-NACL-004")
