"""Security groups and NACLs, one semantic step per test, both verdicts."""

from __future__ import annotations

from cloudwright.engine.reach import Analyzer

from .builder import Design


def query(design: Design, src: str, dst: str, port: int | None = 443, protocol: str = "tcp"):
    return Analyzer(design.build()).can_reach(src, dst, protocol, port)


def two_hosts(**sg_props) -> Design:
    """Two instances in two subnets of one VPC; ``b`` behind an SG the test configures."""
    d = Design()
    d.vpc("vpc", "10.0.0.0/16")
    d.subnet("s1", "vpc", "10.0.1.0/24")
    d.subnet("s2", "vpc", "10.0.2.0/24")
    d.sg("sg-a", "vpc")
    d.add("sg-b", "security_group", "vpc", **sg_props)
    d.add("a", "ec2", "s1", security_groups=["sg-a"])
    d.add("b", "ec2", "s2", security_groups=["sg-b"])
    return d


# --- security groups ---------------------------------------------------------------------------------------

def test_sg_inbound_cidr_rule_admits_and_its_absence_blocks():
    """A destination SG rule whose CIDR contains the source admits it; without one the SG blocks."""
    ok = query(two_hosts(inbound=[{"protocol": "tcp", "port": 443, "cidr": "10.0.1.0/24"}]), "a", "b")
    assert ok.reachable is True
    blocked = query(two_hosts(inbound=[{"protocol": "tcp", "port": 443, "cidr": "10.0.9.0/24"}]), "a", "b")
    assert blocked.reachable is False
    assert blocked.blocking_hop.code == "ENI_SG_RULES_MISMATCH"
    assert blocked.blocking_hop.node == "sg-b"


def test_sg_rule_port_and_protocol_must_match():
    """A rule for another port or protocol does not admit the flow."""
    design = two_hosts(inbound=[{"protocol": "udp", "port": 443, "cidr": "10.0.0.0/16"},
                                {"protocol": "tcp", "port": 80, "cidr": "10.0.0.0/16"}])
    assert query(design, "a", "b", 443).reachable is False
    assert query(design, "a", "b", 80).reachable is True
    assert query(design, "a", "b", 443, "udp").reachable is True


def test_sg_reference_matches_members_of_the_referenced_group():
    """A rule naming the source's SG admits it; one naming another SG does not."""
    assert query(two_hosts(inbound=[{"protocol": "tcp", "port": 443, "sg": "sg-a"}]), "a", "b").reachable
    d = two_hosts(inbound=[{"protocol": "tcp", "port": 443, "sg": "sg-other"}])
    d.sg("sg-other", "vpc")
    assert query(d, "a", "b").reachable is False


def test_sg_reference_does_not_match_traffic_to_a_public_address():
    """Traffic that leaves through the IGW to another VPC's public IP no longer carries the SG reference."""
    d = Design()
    for name, cidr in (("va", "10.1.0.0/16"), ("vb", "10.2.0.0/16")):
        d.vpc(name, cidr)
        d.add(f"{name}-igw", "igw", name)
        d.subnet(f"{name}-pub", name, cidr.replace("0.0/16", "1.0/24"))
        d.route_table(f"{name}-rt", name, [f"{name}-pub"], [{"destination": "0.0.0.0/0", "target": f"{name}-igw"}])
    d.sg("sg-a", "va")
    d.sg("sg-b", "vb", [{"protocol": "tcp", "port": 443, "sg": "sg-a"}])
    d.add("a", "ec2", "va-pub", security_groups=["sg-a"], public_ip=True)
    d.add("b", "ec2", "vb-pub", security_groups=["sg-b"], public_ip=True)
    blocked = query(d, "a", "b")
    assert blocked.reachable is False and blocked.blocking_hop.code == "ENI_SG_RULES_MISMATCH"
    d.nodes["sg-b"] = d.nodes["sg-b"].model_copy(update={"props": {"inbound": [
        {"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}]}})
    assert query(d, "a", "b").reachable is True


def test_sg_outbound_rules_are_checked_at_the_source():
    """An SG with restricted egress blocks flows it does not list; the default allows everything out."""
    d = two_hosts(inbound=[{"protocol": "tcp", "port": "0-65535", "cidr": "10.0.0.0/16"}])
    d.add("sg-a", "security_group", "vpc", outbound=[{"protocol": "tcp", "port": 80, "cidr": "0.0.0.0/0"}])
    assert query(d, "a", "b", 80).reachable is True
    blocked = query(d, "a", "b", 443)
    assert blocked.blocking_hop.code == "ENI_SG_RULES_MISMATCH"
    assert blocked.blocking_hop.detail["direction"] == "outbound"


def test_sg_prefix_list_rule_matches_the_service_addresses():
    """An egress rule to the S3 prefix list admits S3 traffic and nothing else."""
    d = Design()
    d.vpc("vpc", "10.0.0.0/16")
    d.subnet("s1", "vpc", "10.0.1.0/24")
    d.add("sg-a", "security_group", "vpc", outbound=[{"protocol": "tcp", "port": 443, "prefix_list": "s3"}])
    d.add("a", "ec2", "s1", security_groups=["sg-a"])
    d.add("vpce", "vpc_endpoint_gateway", "vpc", service="s3", route_tables=["rt"])
    d.route_table("rt", "vpc", ["s1"], [])
    d.add("bucket", "s3_bucket", "region")
    d.add("queue", "sqs_queue", "region")
    assert query(d, "a", "bucket").reachable is True
    assert query(d, "a", "queue").blocking_hop.code == "ENI_SG_RULES_MISMATCH"


def test_implicit_default_sg_admits_members_only():
    """Resources without SGs share the VPC's default SG: members reach each other, others do not."""
    d = Design()
    d.add("internet", "internet", None)
    d.vpc("vpc", "10.0.0.0/16")
    d.add("igw", "igw", "vpc")
    d.subnet("s1", "vpc", "10.0.1.0/24")
    d.route_table("rt", "vpc", ["s1"], [{"destination": "0.0.0.0/0", "target": "igw"}])
    d.add("a", "ec2", "s1")
    d.add("b", "ec2", "s1", public_ip=True)
    assert query(d, "a", "b", 5432).reachable is True
    assert query(d, "internet", "b", 443).blocking_hop.code == "ENI_SG_RULES_MISMATCH"


def test_sgs_are_stateful_no_return_check():
    """The reply is never checked against an SG (a destination SG with no outbound rules still answers)."""
    d = two_hosts(inbound=[{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/16"}], outbound=[])
    result = query(d, "a", "b")
    assert result.reachable is True
    assert not [h for h in result.hops if h.leg == "return" and h.kind == "security_group"]


# --- NACLs ---------------------------------------------------------------------------------------------------

def nacl_design(inbound: list[dict], outbound: list[dict] | None = None) -> Design:
    d = two_hosts(inbound=[{"protocol": "tcp", "port": "0-65535", "cidr": "10.0.0.0/16"}])
    d.add("nacl", "nacl", "vpc", subnets=["s2"], inbound=inbound,
          outbound=outbound if outbound is not None else [{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0"}])
    return d


def test_nacl_lowest_rule_number_wins():
    """Rules are evaluated by ascending number: a lower deny beats a higher allow, and vice versa."""
    deny_first = nacl_design([{"rule": 100, "action": "deny", "protocol": "tcp", "port": 443, "cidr": "10.0.1.0/24"},
                              {"rule": 200, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}])
    result = query(deny_first, "a", "b")
    assert result.blocking_hop.code == "NACL_DENY"
    assert result.blocking_hop.detail["rule"] == 100
    allow_first = nacl_design([{"rule": 90, "action": "allow", "protocol": "tcp", "port": 443, "cidr": "10.0.1.0/24"},
                               {"rule": 100, "action": "deny", "protocol": "all", "cidr": "0.0.0.0/0"}])
    assert query(allow_first, "a", "b").reachable is True


def test_nacl_without_matching_rule_hits_the_implicit_deny():
    """No matching entry means the implicit ``*`` deny."""
    result = query(nacl_design([{"rule": 100, "protocol": "tcp", "port": 80, "cidr": "0.0.0.0/0"}]), "a", "b")
    assert result.blocking_hop.code == "NACL_NO_MATCH"


def test_custom_nacl_without_entries_denies_and_default_nacl_allows():
    """A new custom NACL denies everything; a drawn default NACL with no entries allows everything."""
    d = two_hosts(inbound=[{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/16"}])
    d.add("custom", "nacl", "vpc", subnets=["s2"])
    assert query(d, "a", "b").blocking_hop.code == "NACL_NO_MATCH"
    d = two_hosts(inbound=[{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/16"}])
    d.add("default", "nacl", "vpc", default=True)
    assert query(d, "a", "b").reachable is True


def test_nacl_is_skipped_inside_one_subnet():
    """Traffic that does not cross a subnet boundary never meets the NACL."""
    d = nacl_design([])
    d.add("c", "ec2", "s2", security_groups=["sg-a"])
    assert query(d, "c", "b").reachable is True
    assert query(d, "a", "b").reachable is False


def test_nacl_source_outbound_is_checked():
    """The source subnet's NACL outbound must allow the flow."""
    d = two_hosts(inbound=[{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/16"}])
    d.add("nacl-a", "nacl", "vpc", subnets=["s1"], outbound=[
        {"rule": 100, "action": "deny", "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}],
        inbound=[{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0"}])
    result = query(d, "a", "b")
    assert result.blocking_hop.code == "NACL_DENY"
    assert result.blocking_hop.detail["direction"] == "outbound"


def test_nacl_return_leg_needs_the_ephemeral_range():
    """A NACL allowing the request but not the replies' ephemeral ports blocks only the return leg."""
    d = nacl_design([{"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}],
                    [{"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}])
    result = query(d, "a", "b")
    assert result.reachable is False
    assert result.blocking_hop.leg == "return"
    assert result.blocking_hop.code == "NACL_NO_MATCH"
    assert all(h.verdict == "pass" for h in result.hops if h.leg == "forward")
    d = nacl_design([{"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}],
                    [{"rule": 100, "protocol": "tcp", "port": "1024-65535", "cidr": "0.0.0.0/0"}])
    assert query(d, "a", "b").reachable is True


def test_nacl_partial_ephemeral_range_passes_with_a_warning():
    """Opening only part of the ephemeral range passes but is flagged (some clients time out)."""
    d = nacl_design([{"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}],
                    [{"rule": 100, "protocol": "tcp", "port": "32768-60999", "cidr": "0.0.0.0/0"}])
    result = query(d, "a", "b")
    assert result.reachable is True
    assert [h.code for h in result.warnings] == ["NACL_EPHEMERAL_PARTIAL"]


def test_ephemeral_range_follows_the_design_setting():
    """``settings.ephemeral_ports`` narrows the range the return leg must open."""
    d = nacl_design([{"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}],
                    [{"rule": 100, "protocol": "tcp", "port": "32768-60999", "cidr": "0.0.0.0/0"}])
    d.settings["ephemeral_ports"] = "32768-60999"
    result = query(d, "a", "b")
    assert result.reachable is True and not result.warnings
