"""End-to-end designs: whole architectures, every pair that matters, the verdicts a user expects."""

from __future__ import annotations

from cloudwright.engine.reach import Analyzer

from .builder import Design, three_tier


def test_three_tier_internet_reaches_web_443_only_and_db_only_from_app():
    """Public web + private app + private DB: the internet reaches web:443 only; the DB only from the app."""
    an = Analyzer(three_tier().build())
    assert an.can_reach("internet", "web", "tcp", 443).reachable is True
    for port in (22, 80, 3389):
        assert an.can_reach("internet", "web", "tcp", port).reachable is False
    assert an.can_reach("internet", "app", "tcp", 8080).reachable is False
    assert an.can_reach("internet", "db", "tcp", 3306).reachable is False
    assert an.can_reach("app", "db", "tcp", 3306).reachable is True
    assert an.can_reach("web", "db", "tcp", 3306).reachable is False
    assert an.can_reach("web", "app", "tcp", 8080).reachable is True
    assert [(e.node, e.ports) for e in an.exposure()] == [("web", ("tcp/443",))]


def nat_per_az() -> Design:
    d = Design()
    d.add("internet", "internet", None)
    d.vpc("vpc", "10.0.0.0/16")
    d.add("igw", "igw", "vpc")
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 8080, "cidr": "10.0.0.0/16"}])
    public_subnets = []
    for n, az in enumerate("abc"):
        d.subnet(f"pub-{az}", "vpc", f"10.0.{n}.0/24", az=az)
        d.subnet(f"priv-{az}", "vpc", f"10.0.{10 + n}.0/24", az=az)
        public_subnets.append(f"pub-{az}")
        d.add(f"nat-{az}", "nat_gateway", f"pub-{az}")
        d.route_table(f"rt-{az}", "vpc", [f"priv-{az}"], [{"destination": "0.0.0.0/0", "target": f"nat-{az}"}])
        d.add(f"app-{az}", "ec2", f"priv-{az}", security_groups=["app-sg"])
    d.route_table("rt-public", "vpc", public_subnets, [{"destination": "0.0.0.0/0", "target": "igw"}])
    return d


def test_nat_per_az_private_instances_reach_out_and_nothing_reaches_in():
    """Each private instance leaves through its own AZ's NAT; the internet reaches none of them."""
    an = Analyzer(nat_per_az().build())
    for az in "abc":
        out = an.can_reach(f"app-{az}", "internet", "tcp", 443)
        assert out.reachable is True
        nat_hop = next(h for h in out.hops if h.code == "NAT")
        assert nat_hop.node == f"nat-{az}" and nat_hop.detail["az_crossing"] is False
        assert an.can_reach("internet", f"app-{az}", "tcp", 8080).reachable is False
    assert an.exposure() == []


def bastion() -> Design:
    d = three_tier()
    d.add("admin", "admin", None, cidr="203.0.113.0/24")
    d.sg("bastion-sg", "vpc", [{"protocol": "tcp", "port": 22, "cidr": "203.0.113.0/24"}])
    d.add("bastion", "ec2", "public", security_groups=["bastion-sg"], public_ip=True)
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 8080, "sg": "web-sg"},
                           {"protocol": "tcp", "port": 22, "sg": "bastion-sg"}])
    return d


def test_bastion_admin_reaches_bastion_then_app_and_the_internet_does_not():
    """The admin CIDR reaches the bastion on 22 and the bastion reaches the app; the open internet does not."""
    an = Analyzer(bastion().build())
    assert an.can_reach("admin", "bastion", "tcp", 22).reachable is True
    assert an.can_reach("bastion", "app", "tcp", 22).reachable is True
    assert an.can_reach("internet", "bastion", "tcp", 22).reachable is False
    assert an.can_reach("admin", "app", "tcp", 22).reachable is False
    assert an.can_reach("web", "app", "tcp", 22).reachable is False
    assert "bastion" not in {e.node for e in an.exposure()}


def peering_chain() -> Design:
    d = Design()
    for n, name in enumerate("abc", 1):
        d.vpc(name, f"10.{n}.0.0/16")
        d.subnet(f"{name}-s", name, f"10.{n}.1.0/24")
        d.sg(f"{name}-sg", name, [{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/8"}])
        d.add(f"{name}-host", "ec2", f"{name}-s", security_groups=[f"{name}-sg"])
    d.add("pcx-ab", "vpc_peering", "region", vpc_a="a", vpc_b="b")
    d.add("pcx-bc", "vpc_peering", "region", vpc_a="b", vpc_b="c")
    d.route_table("a-rt", "a", ["a-s"], [{"destination": "10.2.0.0/16", "target": "pcx-ab"},
                                          {"destination": "10.3.0.0/16", "target": "pcx-ab"}])
    d.route_table("b-rt", "b", ["b-s"], [{"destination": "10.1.0.0/16", "target": "pcx-ab"},
                                          {"destination": "10.3.0.0/16", "target": "pcx-bc"}])
    d.route_table("c-rt", "c", ["c-s"], [{"destination": "10.2.0.0/16", "target": "pcx-bc"},
                                          {"destination": "10.1.0.0/16", "target": "pcx-bc"}])
    return d


def test_peering_a_b_c_is_not_transitive():
    """A reaches B and B reaches C, but A cannot reach C through B."""
    an = Analyzer(peering_chain().build())
    assert an.can_reach("a-host", "b-host").reachable is True
    assert an.can_reach("b-host", "c-host").reachable is True
    result = an.can_reach("a-host", "c-host")
    assert result.reachable is False
    assert result.blocking_hop.code == "PEERING_NOT_TRANSITIVE" and result.blocking_hop.node == "pcx-ab"
    assert an.can_reach("c-host", "a-host").blocking_hop.code == "PEERING_NOT_TRANSITIVE"


def test_tgw_hub_spokes_reach_each_other():
    """Three spokes on one TGW hub reach each other in both directions."""
    d = Design()
    names = ("a", "b", "c")
    for n, name in enumerate(names, 1):
        d.vpc(name, f"10.{n}.0.0/16")
        d.subnet(f"{name}-s", name, f"10.{n}.1.0/24")
        d.sg(f"{name}-sg", name, [{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/8"}])
        d.add(f"{name}-host", "ec2", f"{name}-s", security_groups=[f"{name}-sg"])
        d.route_table(f"{name}-rt", name, [f"{name}-s"], [{"destination": "10.0.0.0/8", "target": "tgw"}])
    d.add("tgw", "transit_gateway", "region", attachments=[{"vpc": n, "subnets": [f"{n}-s"]} for n in names])
    an = Analyzer(d.build())
    for src in names:
        for dst in names:
            if src != dst:
                assert an.can_reach(f"{src}-host", f"{dst}-host").reachable is True


def test_site_to_site_vpn_to_on_prem():
    """A private subnet reaches the data centre over the VPN and the data centre reaches back in."""
    d = three_tier()
    d.add("dc", "corporate_dc", None, cidrs=["172.16.0.0/12"])
    d.add("cgw", "customer_gateway", "dc")
    d.add("erp", "on_prem_server", "dc", ip="172.16.5.5")
    d.add("vgw", "vgw", "vpc")
    d.add("vpn", "vpn_connection", "region", customer_gateway="cgw", gateway="vgw", static_routes=["172.16.0.0/12"])
    d.route_table("rt-private", "vpc", ["private"], [{"destination": "0.0.0.0/0", "target": "nat"},
                                                     {"destination": "172.16.0.0/12", "target": "vgw"}])
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 8080, "cidr": "172.16.0.0/12"}])
    an = Analyzer(d.build())
    assert an.can_reach("app", "erp", "tcp", 1433).reachable is True
    assert an.can_reach("erp", "app", "tcp", 8080).reachable is True
    assert an.can_reach("erp", "web", "tcp", 443).blocking_hop.code == "NO_RETURN_ROUTE"


def test_nacl_without_ephemeral_ports_blocks_only_the_return_leg():
    """The request passes every forward hop; the NACL drops the replies on the ephemeral ports."""
    d = three_tier()
    d.add("nacl", "nacl", "vpc", subnets=["public"],
          inbound=[{"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}],
          outbound=[{"rule": 100, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}])
    result = Analyzer(d.build()).can_reach("internet", "web", "tcp", 443)
    assert result.reachable is False
    assert all(h.verdict == "pass" for h in result.hops if h.leg == "forward")
    block = result.blocking_hop
    assert (block.leg, block.node, block.code) == ("return", "nacl", "NACL_NO_MATCH")
    assert block.detail["direction"] == "outbound" and block.detail["ports"] == "1024-65535"


def test_gateway_endpoint_route_beats_the_nat_default_route():
    """The S3 prefix-list route is more specific than 0.0.0.0/0 -> NAT, so S3 traffic skips the NAT."""
    d = three_tier()
    d.add("vpce-s3", "vpc_endpoint_gateway", "vpc", service="s3", route_tables=["rt-private"])
    d.add("table", "dynamodb_table", "region")
    an = Analyzer(d.build())
    to_s3 = an.can_reach("app", "s3", "tcp", 443)
    assert to_s3.reachable is True
    codes = [h.code for h in to_s3.hops]
    assert "GATEWAY_ENDPOINT" in codes and "NAT" not in codes
    assert "pl-s3 -> vpce-s3" in next(h.reason for h in to_s3.hops if h.code == "ROUTE")
    to_ddb = an.can_reach("app", "table", "tcp", 443)
    assert to_ddb.reachable is True and "NAT" in [h.code for h in to_ddb.hops]


def test_exposure_lists_ports_and_load_balancers():
    """Exposure names each exposed component with its open ports; private targets behind an LB are not listed."""
    d = three_tier()
    d.sg("web-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"},
                           {"protocol": "tcp", "port": 80, "cidr": "0.0.0.0/0"},
                           {"protocol": "tcp", "port": 22, "cidr": "10.0.0.0/8"}])
    d.sg("alb-sg", "vpc", [{"protocol": "tcp", "port": "0-65535", "cidr": "0.0.0.0/0"}])
    d.add("alb", "alb", "vpc", subnets=["public"], security_groups=["alb-sg"],
          listeners=[{"protocol": "HTTPS", "port": 443}], targets=["app"])
    entries = {e.node: e.ports for e in Analyzer(d.build()).exposure()}
    assert entries == {"web": ("tcp/80", "tcp/443"), "alb": ("tcp/443",)}


def test_exposure_covers_ipv6():
    """A dual-stack instance open to ::/0 behind an IGW route for ::/0 is exposed over IPv6."""
    d = three_tier()
    d.vpc("vpc", "10.0.0.0/16", ipv6_cidr="2600:1f18:1::/56")
    d.subnet("public", "vpc", "10.0.1.0/24", ipv6_cidr="2600:1f18:1:1::/64")
    d.route_table("rt-public", "vpc", ["public"], [{"destination": "0.0.0.0/0", "target": "igw"},
                                                   {"destination": "::/0", "target": "igw"}])
    d.sg("web-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"},
                           {"protocol": "tcp", "port": 22, "cidr": "::/0"}])
    d.add("web", "ec2", "public", security_groups=["web-sg"], public_ip=True, ipv6=True)
    [entry] = Analyzer(d.build()).exposure()
    assert entry.ports == ("tcp/443",) and entry.ports_ipv6 == ("tcp/22",)


def test_exposure_lists_public_managed_endpoints():
    """A public website bucket, a regional API and a CloudFront distribution are exposed; a private bucket is not."""
    d = three_tier()
    d.add("site", "s3_bucket", "region", public=True, block_public_access=False, website=True)
    d.add("api", "api_gateway", "region", endpoint_type="regional")
    d.add("private-api", "api_gateway", "region", endpoint_type="private")
    d.add("cdn", "cloudfront", None)
    entries = {e.node: e.ports for e in Analyzer(d.build()).exposure()}
    assert entries == {"web": ("tcp/443",), "site": ("tcp/80", "tcp/443"), "api": ("tcp/443",),
                       "cdn": ("tcp/443",)}


def test_exposure_ports_are_narrowed_by_the_nacl():
    """An SG open on every port behind a NACL admitting 80 and 443 exposes exactly those two ports."""
    d = three_tier()
    d.sg("web-sg", "vpc", [{"protocol": "tcp", "port": "0-65535", "cidr": "0.0.0.0/0"}])
    entries = [{"rule": n, "action": "deny", "protocol": "tcp", "port": 22, "cidr": f"198.51.{n // 256}.{n % 256}/32"}
               for n in range(1, 400)]
    entries += [{"rule": 1000, "protocol": "tcp", "port": 80, "cidr": "0.0.0.0/0"},
                {"rule": 1010, "protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}]
    d.add("nacl", "nacl", "vpc", subnets=["public"], inbound=entries,
          outbound=[{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0"}])
    [entry] = Analyzer(d.build()).exposure()
    assert entry.ports == ("tcp/80", "tcp/443")
