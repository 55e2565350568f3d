"""Fix suggestions are real edits: applying one through the Document opens (or closes) the path."""

from __future__ import annotations

import pytest

from cloudwright.engine.document import Document
from cloudwright.engine.reach import Analyzer
from cloudwright.engine.reach.fixes import close_exposure

from .builder import Design, three_tier
from .test_connections import hub, lb_design, peered
from .test_designs import peering_chain


def apply_first_fix(design: Design, src: str, dst: str, port: int | None = 443, protocol: str = "tcp"):
    """Query, apply the first suggested fix through the document, query again; returns (before, after, doc)."""
    doc = Document(design.build())
    before = Analyzer(doc.diagram).can_reach(src, dst, protocol, port)
    assert before.reachable is False and before.fixes, before.hops
    doc.execute(before.fixes[0].build(doc.diagram))
    after = Analyzer(doc.diagram).can_reach(src, dst, protocol, port)
    return before, after, doc


def _nacl_public(d: Design, inbound: list[dict], outbound: list[dict]) -> Design:
    d.add("nacl", "nacl", "vpc", subnets=["public"], inbound=inbound, outbound=outbound)
    return d


def _detached(d: Design) -> Design:
    d.add("igw", "igw", "vpc", attached=False)
    return d


def _no_igw(d: Design) -> Design:
    del d.nodes["igw"]
    d.route_table("rt-public", "vpc", ["public"], [])
    return d


def _stopped_nat_instance(d: Design) -> Design:
    d.sg("nat-sg", "vpc", [{"protocol": "all", "cidr": "10.0.0.0/16"}])
    d.add("nat", "nat_instance", "public", security_groups=["nat-sg"], elastic_ip=True, source_dest_check=False,
          state="stopped")
    return d


def _nat_check_on(d: Design) -> Design:
    d.sg("nat-sg", "vpc", [{"protocol": "all", "cidr": "10.0.0.0/16"}])
    d.add("nat", "nat_instance", "public", security_groups=["nat-sg"], elastic_ip=True)
    return d


def _restricted_egress(d: Design) -> Design:
    d.add("app-sg", "security_group", "vpc", inbound=[{"protocol": "tcp", "port": 8080, "sg": "web-sg"}],
          outbound=[{"protocol": "tcp", "port": 80, "cidr": "0.0.0.0/0"}])
    return d


def _default_sg_only(d: Design) -> Design:
    d.add("web", "ec2", "public", public_ip=True)
    return d


def _no_peer_return(d: Design) -> Design:
    d.route_table("b-rt", "b", ["b-s"], [])
    return d


def _no_peer_route(d: Design) -> Design:
    d.route_table("a-rt", "a", ["a-s"], [])
    return d


CASES = {
    "sg inbound from the peer's sg": (three_tier, "web", "db", 3306, "ENI_SG_RULES_MISMATCH"),
    "sg inbound from the internet": (three_tier, "internet", "web", 80, "ENI_SG_RULES_MISMATCH"),
    "sg outbound": (lambda: _restricted_egress(three_tier()), "app", "internet", 443, "ENI_SG_RULES_MISMATCH"),
    "implicit default sg": (lambda: _default_sg_only(three_tier()), "internet", "web", 443, "ENI_SG_RULES_MISMATCH"),
    "nacl deny": (lambda: _nacl_public(three_tier(), [
        {"rule": 100, "action": "deny", "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"},
        {"rule": 200, "protocol": "all", "cidr": "0.0.0.0/0"}], [{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0"}]),
        "internet", "web", 443, "NACL_DENY"),
    "nacl ephemeral return": (lambda: _nacl_public(three_tier(), [
        {"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}],
        [{"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}]), "internet", "web", 443, "NACL_NO_MATCH"),
    "route via nat in the implicit main table": (three_tier, "db", "internet", 443, "NO_ROUTE"),
    "route via peering": (lambda: _no_peer_route(peered()), "a-host", "b-host", 443, "NO_ROUTE"),
    "peering return route": (lambda: _no_peer_return(peered()), "a-host", "b-host", 443, "PEERING_NO_RETURN_ROUTE"),
    "attach igw": (lambda: _detached(three_tier()), "internet", "web", 443, "IGW_NOT_ATTACHED"),
    "blackhole to a detached igw": (lambda: _detached(three_tier()), "web", "internet", 443, "BLACKHOLE_ROUTE"),
    "start a stopped nat instance": (lambda: _stopped_nat_instance(three_tier()), "app", "internet", 443,
                                     "BLACKHOLE_ROUTE"),
    "add igw": (lambda: _no_igw(three_tier()), "internet", "web", 443, "NO_IGW"),
    "source dest check": (lambda: _nat_check_on(three_tier()), "app", "internet", 443, "NAT_SOURCE_DEST_CHECK"),
    "listener": (lambda: _listener_design(), "internet", "alb", 80, "NO_LISTENER"),
    "direct peering instead of transit": (peering_chain, "a-host", "c-host", 443, "PEERING_NOT_TRANSITIVE"),
    "tgw attachment": (lambda: _unattached(hub("a", "b")), "a-host", "b-host", 443, "TGW_NO_ATTACHMENT"),
    "tgw attachment in the az": (lambda: _other_az(hub("a", "b")), "a-host", "b-host", 443, "TGW_NO_ATTACHMENT_IN_AZ"),
    "health check port": (lambda: _health_check_design(), "internet", "alb", 443, "ENI_SG_RULES_MISMATCH"),
}


def _unattached(d: Design) -> Design:
    d.add("tgw", "transit_gateway", "region", attachments=[{"vpc": "b", "subnets": ["b-s"]}])
    return d


def _other_az(d: Design) -> Design:
    d.subnet("a-s2", "a", "10.1.2.0/24", az="b")
    d.add("tgw", "transit_gateway", "region", attachments=[{"vpc": "a", "subnets": ["a-s2"]},
                                                           {"vpc": "b", "subnets": ["b-s"]}])
    return d


def _health_check_design() -> Design:
    d = lb_design()
    d.add("alb", "alb", "vpc", subnets=["public"], security_groups=["alb-sg"],
          listeners=[{"protocol": "HTTPS", "port": 443, "target_port": 8080}], targets=["app"],
          health_check={"port": 8081})
    return d


def _listener_design() -> Design:
    d = lb_design()
    d.sg("alb-sg", "vpc", [{"protocol": "tcp", "port": "80-443", "cidr": "0.0.0.0/0"}])
    return d


@pytest.mark.parametrize("name", list(CASES))
def test_fix_opens_the_path(name):
    """Each suggested fix, applied through Document.execute, makes the blocked flow reachable."""
    make, src, dst, port, code = CASES[name]
    before, after, _ = apply_first_fix(make(), src, dst, port)
    assert before.blocking_hop.code == code
    assert after.reachable is True, after.hops


def test_public_ip_fix_opens_the_path():
    """NO_PUBLIC_IP on an instance is fixed by giving it a public IP."""
    d = three_tier()
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}])
    d.route_table("rt-private", "vpc", ["private"], [{"destination": "0.0.0.0/0", "target": "igw"}])
    before, after, _ = apply_first_fix(d, "internet", "app", 443)
    assert before.blocking_hop.code == "NO_PUBLIC_IP"
    assert after.reachable is True


def test_fix_is_one_undo_step():
    """Undoing an applied fix restores the blocked path."""
    _, after, doc = apply_first_fix(three_tier(), "web", "db", 3306)
    assert after.reachable is True
    doc.undo()
    assert Analyzer(doc.diagram).can_reach("web", "db", "tcp", 3306).reachable is False


def test_nacl_fix_is_numbered_before_the_deny():
    """The NACL fix inserts an allow numbered below the deny rule that blocked."""
    make, src, dst, port, _ = CASES["nacl deny"]
    before, _, doc = apply_first_fix(make(), src, dst, port)
    assert "rule 99" in before.fixes[0].title
    assert any(e["rule"] == 99 and e["action"] == "allow" for e in doc.diagram.nodes["nacl"].props["inbound"])


def test_closing_ssh_exposure_removes_the_open_rule():
    """Closing an SSH exposure removes the 0.0.0.0/0 rule on 22 and leaves 443 open."""
    d = three_tier()
    d.sg("web-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"},
                           {"protocol": "tcp", "port": 22, "cidr": "0.0.0.0/0"}])
    doc = Document(d.build())
    an = Analyzer(doc.diagram)
    entry = next(e for e in an.exposure() if e.node == "web")
    assert "tcp/22" in entry.ports
    fix = close_exposure(an, entry, (22,))
    doc.execute(fix.build(doc.diagram))
    after = Analyzer(doc.diagram)
    assert after.can_reach("internet", "web", "tcp", 22).reachable is False
    assert after.can_reach("internet", "web", "tcp", 443).reachable is True


def test_closing_a_public_database_turns_off_public_access():
    """A publicly accessible RDS reachable from the internet is closed by publicly_accessible = false."""
    d = three_tier()
    d.add("db", "rds", "public", security_groups=["db-sg"], publicly_accessible=True)
    d.sg("db-sg", "vpc", [{"protocol": "tcp", "port": 3306, "cidr": "0.0.0.0/0"}])
    doc = Document(d.build())
    an = Analyzer(doc.diagram)
    entry = next(e for e in an.exposure() if e.node == "db")
    doc.execute(close_exposure(an, entry).build(doc.diagram))
    assert Analyzer(doc.diagram).can_reach("internet", "db", "tcp", 3306).reachable is False
