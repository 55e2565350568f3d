"""Route lookup, internet gateways, NAT and egress-only gateways: one semantic step per test, both verdicts."""

from __future__ import annotations

from cloudwright.engine.reach import Analyzer

from .builder import Design, three_tier


def query(design: Design, src: str, dst: str, port: int | None = 443, protocol: str = "tcp", ip_version: int = 4):
    return Analyzer(design.build()).can_reach(src, dst, protocol, port, ip_version=ip_version)


def codes(result) -> list[str]:
    return [h.code for h in result.hops]


# --- route lookup ----------------------------------------------------------------------------------------------

def test_local_route_covers_every_vpc_cidr_including_secondary():
    """The local route reaches subnets carved from a secondary CIDR; no table needs drawing."""
    d = Design()
    d.vpc("vpc", "10.0.0.0/16", secondary_cidrs=["10.1.0.0/16"])
    d.subnet("s1", "vpc", "10.0.1.0/24")
    d.subnet("s2", "vpc", "10.1.1.0/24")
    d.sg("sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/8"}])
    d.add("a", "ec2", "s1", security_groups=["sg"])
    d.add("b", "ec2", "s2", security_groups=["sg"])
    result = query(d, "a", "b")
    assert result.reachable is True
    assert "10.1.0.0/16 -> local" in next(h.reason for h in result.hops if h.code == "ROUTE")


def test_main_table_fallback_and_no_route():
    """A subnet without association uses the main table; the implicit main table has only local routes."""
    d = three_tier()
    assert query(d, "db", "internet").blocking_hop.code == "NO_ROUTE"
    d.route_table("main", "vpc", [], [{"destination": "0.0.0.0/0", "target": "nat"}], main=True)
    assert query(d, "db", "internet").reachable is True


def test_longest_prefix_wins_over_the_default_route():
    """A more specific route beats 0.0.0.0/0 (here sending on-prem traffic to the VGW, not the NAT)."""
    d = three_tier()
    d.add("dc", "corporate_dc", None, cidrs=["192.168.0.0/16"])
    d.add("server", "on_prem_server", "dc", ip="192.168.1.10")
    d.add("vgw", "vgw", "vpc")
    d.add("cgw", "customer_gateway", "dc")
    d.add("vpn", "vpn_connection", "region", customer_gateway="cgw", gateway="vgw")
    d.route_table("rt-private", "vpc", ["private"], [{"destination": "0.0.0.0/0", "target": "nat"},
                                                     {"destination": "192.168.0.0/16", "target": "vgw"}])
    result = query(d, "app", "server", 22)
    assert result.reachable is True
    assert "VGW" in codes(result) and "NAT" not in codes(result)


def test_blackhole_route_drops_without_fallback():
    """A route to a detached IGW is a blackhole: no fallback to a shorter route."""
    d = three_tier()
    d.add("igw", "igw", "vpc", attached=False)
    result = query(d, "web", "internet")
    assert result.blocking_hop.code == "BLACKHOLE_ROUTE"
    d = three_tier()
    assert query(d, "web", "internet").reachable is True


def test_route_to_an_unmodelled_appliance_is_unknown():
    """A route to a firewall endpoint gives an unknown verdict, never a block."""
    d = three_tier()
    d.add("fw", "network_firewall", "public")
    d.route_table("rt-private", "vpc", ["private"], [{"destination": "0.0.0.0/0", "target": "fw"}])
    result = query(d, "app", "internet")
    assert result.reachable is None
    assert result.unknown_hop.code == "UNMODELLED_TARGET"


# --- internet gateway -----------------------------------------------------------------------------------------

def test_internet_reaches_a_public_instance_and_not_a_private_one():
    """Inbound from the internet needs a public IP; a private instance gives NO_PUBLIC_IP."""
    d = three_tier()
    assert query(d, "internet", "web").reachable is True
    assert query(d, "internet", "app", 8080).blocking_hop.code == "NO_PUBLIC_IP"


def test_public_ip_follows_subnet_auto_assign_when_unset():
    """``public_ip`` None follows the subnet's auto-assign flag; an explicit False wins over it."""
    d = three_tier()
    d.subnet("public", "vpc", "10.0.1.0/24", auto_assign_public_ip=True)
    d.add("web", "ec2", "public", security_groups=["web-sg"])
    assert query(d, "internet", "web").reachable is True
    d.add("web", "ec2", "public", security_groups=["web-sg"], public_ip=False)
    assert query(d, "internet", "web").blocking_hop.code == "NO_PUBLIC_IP"


def test_elastic_ip_node_gives_a_public_address():
    """An Elastic IP associated with an instance makes it reachable from the internet."""
    d = three_tier()
    d.add("web", "ec2", "public", security_groups=["web-sg"], public_ip=False)
    d.add("eip", "elastic_ip", "vpc", associated_with="web")
    assert query(d, "internet", "web").reachable is True


def test_egress_through_igw_needs_a_public_ip():
    """An instance without a public IP in a public subnet cannot use the IGW (NO_PUBLIC_IP)."""
    d = three_tier()
    d.add("web", "ec2", "public", security_groups=["web-sg"], public_ip=False)
    result = query(d, "web", "internet")
    assert result.blocking_hop.code == "NO_PUBLIC_IP" and result.blocking_hop.node == "web"


def test_detached_or_missing_igw_blocks_inbound():
    """No attached IGW: the internet cannot reach in."""
    d = three_tier()
    d.add("igw", "igw", "vpc", attached=False)
    assert query(d, "internet", "web").blocking_hop.code == "IGW_NOT_ATTACHED"
    del d.nodes["igw"]
    d.route_table("rt-public", "vpc", ["public"], [])
    assert query(d, "internet", "web").blocking_hop.code == "NO_IGW"


def test_inbound_needs_the_reply_route_to_the_igw():
    """A public IP in a subnet whose default route is a NAT is unreachable from the internet (NAT_INBOUND)."""
    d = three_tier()
    d.add("app", "ec2", "private", security_groups=["app-sg"], public_ip=True)
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}])
    assert query(d, "internet", "app").blocking_hop.code == "NAT_INBOUND"
    d.route_table("rt-private", "vpc", ["private"], [])
    assert query(d, "internet", "app").blocking_hop.code == "NO_ROUTE_TO_IGW"


# --- NAT gateway and NAT instance -------------------------------------------------------------------------------

def test_nat_gateway_carries_outbound_from_private_subnets():
    """A private instance reaches the internet through the NAT, which the IGW sees."""
    result = query(three_tier(), "app", "internet")
    assert result.reachable is True
    assert codes(result).index("NAT") < codes(result).index("IGW")


def test_nat_gateway_in_the_same_subnet_does_not_work():
    """A NAT gateway must sit in another (public) subnet than the traffic it carries."""
    d = three_tier()
    d.add("nat", "nat_gateway", "private")
    assert query(d, "app", "internet").blocking_hop.code == "NAT_IN_SAME_SUBNET"


def test_nat_gateway_needs_its_subnet_to_route_to_an_igw():
    """A NAT gateway placed in a private subnet (no IGW route) cannot reach the internet."""
    d = three_tier()
    d.add("nat", "nat_gateway", "data")
    result = query(d, "app", "internet")
    assert result.reachable is False
    assert result.blocking_hop.code == "NO_ROUTE"


def test_nat_gateway_without_elastic_ip_blocks():
    """A public NAT gateway needs an Elastic IP."""
    d = three_tier()
    d.add("nat", "nat_gateway", "public", elastic_ip=False)
    assert query(d, "app", "internet").blocking_hop.code == "NO_PUBLIC_IP"


def test_nat_subnet_nacl_applies():
    """The NAT's subnet NACL must let the private subnet's traffic in."""
    d = three_tier()
    d.add("nacl", "nacl", "vpc", subnets=["public"], inbound=[
        {"rule": 100, "protocol": "tcp", "port": "1024-65535", "cidr": "0.0.0.0/0"}],
        outbound=[{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0"}])
    result = query(d, "app", "internet")
    assert result.blocking_hop.code == "NACL_NO_MATCH" and result.blocking_hop.node == "nacl"


def test_nat_instance_needs_source_dest_check_off_and_its_sg():
    """A NAT instance works with source/dest check off and an SG admitting the private subnet."""
    d = three_tier()
    d.sg("nat-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/16"}])
    d.add("nat", "nat_instance", "public", security_groups=["nat-sg"], elastic_ip=True)
    assert query(d, "app", "internet").blocking_hop.code == "NAT_SOURCE_DEST_CHECK"
    d.add("nat", "nat_instance", "public", security_groups=["nat-sg"], elastic_ip=True, source_dest_check=False)
    assert query(d, "app", "internet").reachable is True
    assert query(d, "app", "internet", 80).blocking_hop.code == "ENI_SG_RULES_MISMATCH"


# --- egress-only internet gateway (IPv6) ----------------------------------------------------------------------

def ipv6_design() -> Design:
    d = Design()
    d.add("internet", "internet", None)
    d.vpc("vpc", "10.0.0.0/16", ipv6_cidr="2600:1f18:1::/56")
    d.add("eigw", "egress_only_igw", "vpc")
    d.add("igw", "igw", "vpc")
    d.subnet("s1", "vpc", "10.0.1.0/24", ipv6_cidr="2600:1f18:1:1::/64")
    d.sg("sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "::/0"}])
    d.add("a", "ec2", "s1", security_groups=["sg"], ipv6=True)
    d.route_table("rt", "vpc", ["s1"], [{"destination": "::/0", "target": "eigw"}])
    return d


def test_egress_only_igw_carries_ipv6_out_but_not_in():
    """An egress-only IGW lets IPv6 connections out, and drops connections opened from the internet."""
    d = ipv6_design()
    assert query(d, "a", "internet", ip_version=6).reachable is True
    assert query(d, "internet", "a", ip_version=6).blocking_hop.code == "EIGW_INBOUND"
    d.route_table("rt", "vpc", ["s1"], [{"destination": "::/0", "target": "igw"}])
    assert query(d, "internet", "a", ip_version=6).reachable is True
