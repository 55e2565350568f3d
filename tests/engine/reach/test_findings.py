"""Reachability findings through the rules engine: blocked intended flows and internet exposure."""

from __future__ import annotations

from cloudwright.engine.document import Document
from cloudwright.engine.reach import findings
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.registry import _RULES

from .builder import three_tier


def hits(rule_func, diagram):
    return list(rule_func(RuleContext(diagram)))


def test_rules_are_registered_with_sections_and_severities():
    """The three reachability rules are in the registry with the notes' section headings."""
    expected = {"REACH-FLOW-001": "error", "REACH-EXPO-001": "error", "REACH-EXPO-002": "warning"}
    for rule_id, severity in expected.items():
        spec = _RULES[rule_id]
        assert spec.severity == severity and spec.section and spec.pillars


def test_blocked_intended_flow_is_reported_with_path_and_fix():
    """A traffic edge the network blocks gives an error naming the first block, with the path and a quick fix."""
    d = three_tier()
    d.edge("e1", "internet", "web", 443)
    d.edge("e2", "app", "db", 3306)
    d.edge("e3", "web", "db", 3306)
    found = hits(findings.blocked_flows, d.build())
    assert len(found) == 1
    hit = found[0]
    assert hit.data["edge"] == "e3" and hit.data["code"] == "ENI_SG_RULES_MISMATCH"
    assert "db-sg" in hit.nodes and "web cannot reach db on tcp/3306" in hit.message
    assert hit.data["path"]["reachable"] is False and hit.data["path"]["hops"]
    doc = Document(d.build())
    doc.execute(hit.quick_fix.build(doc.diagram))
    assert hits(findings.blocked_flows, doc.diagram) == []


def test_unknown_paths_and_relations_are_not_reported():
    """Relation edges, port-less edges and unmodelled paths never give a blocked-flow error."""
    d = three_tier()
    d.add("fw", "network_firewall", "public")
    d.route_table("rt-private", "vpc", ["private"], [{"destination": "0.0.0.0/0", "target": "fw"}])
    d.edge("e1", "app", "internet", 443)
    d.edge("e2", "web", "db", None)
    d.edges["e3"] = d.edges["e2"].model_copy(update={"id": "e3", "kind": "relation", "port": None})
    assert hits(findings.blocked_flows, d.build()) == []


def test_database_reachable_from_the_internet_is_an_error():
    """A publicly accessible RDS open to 0.0.0.0/0 in a public subnet is reported, with a closing fix."""
    d = three_tier()
    d.add("db", "rds", "public", security_groups=["db-sg"], publicly_accessible=True)
    d.sg("db-sg", "vpc", [{"protocol": "tcp", "port": 3306, "cidr": "0.0.0.0/0"}])
    found = hits(findings.exposed_data_stores, d.build())
    assert [h.nodes for h in found] == [("db",)]
    assert found[0].quick_fix is not None and "tcp/3306" in found[0].message
    assert hits(findings.exposed_data_stores, three_tier().build()) == []


def test_ssh_from_the_internet_is_a_warning_and_a_restricted_bastion_is_not():
    """SSH open to 0.0.0.0/0 is flagged; SSH limited to an admin CIDR is not."""
    d = three_tier()
    d.sg("web-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"},
                           {"protocol": "tcp", "port": "0-1024", "cidr": "0.0.0.0/0"}])
    found = hits(findings.exposed_admin_ports, d.build())
    assert [h.nodes for h in found] == [("web",)] and "SSH (22)" in found[0].message
    d.sg("web-sg", "vpc", [{"protocol": "tcp", "port": 22, "cidr": "203.0.113.0/24"}])
    assert hits(findings.exposed_admin_ports, d.build()) == []


def test_ssh_over_ipv6_is_flagged_and_closed():
    """SSH open to ::/0 on a dual-stack instance is flagged, and the quick fix closes it."""
    d = three_tier()
    d.vpc("vpc", "10.0.0.0/16", ipv6_cidr="2600:1f18:1::/56")
    d.subnet("public", "vpc", "10.0.1.0/24", ipv6_cidr="2600:1f18:1:1::/64")
    d.route_table("rt-public", "vpc", ["public"], [{"destination": "0.0.0.0/0", "target": "igw"},
                                                   {"destination": "::/0", "target": "igw"}])
    d.sg("web-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"},
                           {"protocol": "tcp", "port": 22, "cidr": "::/0"}])
    d.add("web", "ec2", "public", security_groups=["web-sg"], public_ip=True, ipv6=True)
    [found] = hits(findings.exposed_admin_ports, d.build())
    doc = Document(d.build())
    doc.execute(found.quick_fix.build(doc.diagram))
    assert hits(findings.exposed_admin_ports, doc.diagram) == []


def test_ipv6_flow_edges_are_checked_over_ipv6():
    """An edge marked ``ip_version: 6`` is walked over IPv6 (here: no IPv6 address, so blocked)."""
    d = three_tier()
    d.edge("e1", "app", "internet", 443)
    d.edges["e1"] = d.edges["e1"].model_copy(update={"props": {"ip_version": 6}})
    [found] = hits(findings.blocked_flows, d.build())
    assert found.data["code"] == "NO_IPV6_ADDRESS"


def test_database_behind_an_internet_facing_load_balancer_is_an_error():
    """An NLB forwarding internet connections to an RDS makes the database reachable from the internet."""
    d = three_tier()
    d.sg("db-sg", "vpc", [{"protocol": "tcp", "port": 3306, "cidr": "10.0.0.0/16"}])
    d.add("nlb", "nlb", "vpc", subnets=["public"], listeners=[{"protocol": "TCP", "port": 3306}], targets=["db"])
    found = hits(findings.exposed_data_stores, d.build())
    assert [h.nodes for h in found] == [("db", "nlb")] and "through nlb" in found[0].message
