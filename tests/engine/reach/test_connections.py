"""Peering, transit gateway, VPN/DX, VPC endpoints, load balancers and managed services, both verdicts."""

from __future__ import annotations

from cloudwright.engine.reach import Analyzer

from .builder import Design, three_tier


def query(design: Design, src: str, dst: str, port: int | None = 443, protocol: str = "tcp"):
    return Analyzer(design.build()).can_reach(src, dst, protocol, port)


def codes(result) -> list[str]:
    return [h.code for h in result.hops]


def vpcs(d: Design, *names: str) -> None:
    """One VPC per name (10.N.0.0/16) with one subnet, one instance ``<name>-host`` and an open-to-10/8 SG."""
    for n, name in enumerate(names, 1):
        d.vpc(name, f"10.{n}.0.0/16")
        d.subnet(f"{name}-s", name, f"10.{n}.1.0/24")
        d.sg(f"{name}-sg", name, [{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/8"}])
        d.add(f"{name}-host", "ec2", f"{name}-s", security_groups=[f"{name}-sg"])


# --- peering -----------------------------------------------------------------------------------------------------

def peered() -> Design:
    d = Design()
    vpcs(d, "a", "b")
    d.add("pcx", "vpc_peering", "region", vpc_a="a", vpc_b="b")
    d.route_table("a-rt", "a", ["a-s"], [{"destination": "10.2.0.0/16", "target": "pcx"}])
    d.route_table("b-rt", "b", ["b-s"], [{"destination": "10.1.0.0/16", "target": "pcx"}])
    return d


def test_peering_with_routes_on_both_sides_reaches():
    """A peering with routes in both VPCs carries the flow."""
    result = query(peered(), "a-host", "b-host")
    assert result.reachable is True and "PEERING" in codes(result)


def test_peering_needs_the_return_route():
    """Without the peer's route back the replies are lost (a return-leg block)."""
    d = peered()
    d.route_table("b-rt", "b", ["b-s"], [])
    result = query(d, "a-host", "b-host")
    assert result.blocking_hop.code == "PEERING_NO_RETURN_ROUTE" and result.blocking_hop.leg == "return"


def test_peering_must_be_active():
    """A pending peering is a blackhole route."""
    d = peered()
    d.add("pcx", "vpc_peering", "region", vpc_a="a", vpc_b="b", status="pending")
    assert query(d, "a-host", "b-host").blocking_hop.code == "BLACKHOLE_ROUTE"


def test_peering_sg_reference_works_in_region():
    """Same-region peering lets the destination SG reference the source's SG."""
    d = peered()
    d.sg("b-sg", "b", [{"protocol": "tcp", "port": 443, "sg": "a-sg"}])
    assert query(d, "a-host", "b-host").reachable is True


# --- transit gateway --------------------------------------------------------------------------------------------

def hub(*names: str, **tgw_props) -> Design:
    d = Design()
    vpcs(d, *names)
    d.add("tgw", "transit_gateway", "region", attachments=[{"vpc": n, "subnets": [f"{n}-s"]} for n in names],
          **tgw_props)
    for n in names:
        d.route_table(f"{n}-rt", n, [f"{n}-s"], [{"destination": "10.0.0.0/8", "target": "tgw"}])
    return d


def test_tgw_propagated_routes_connect_spokes_transitively():
    """With propagation into the default table every spoke reaches every other spoke."""
    d = hub("a", "b", "c")
    for src, dst in (("a", "b"), ("b", "c"), ("a", "c")):
        result = query(d, f"{src}-host", f"{dst}-host")
        assert result.reachable is True, result.hops
        assert "TGW_ROUTE" in codes(result)


def test_tgw_needs_an_attachment():
    """A VPC without an attachment cannot use the TGW."""
    d = hub("a", "b")
    d.add("tgw", "transit_gateway", "region", attachments=[{"vpc": "b"}])
    assert query(d, "a-host", "b-host").blocking_hop.code == "TGW_NO_ATTACHMENT"


def test_tgw_attachment_needs_a_subnet_in_the_source_az():
    """An attachment whose subnets are all in another AZ cannot carry the flow."""
    d = hub("a", "b")
    d.subnet("a-s2", "a", "10.1.2.0/24", az="b")
    d.add("tgw", "transit_gateway", "region", attachments=[{"vpc": "a", "subnets": ["a-s2"]},
                                                           {"vpc": "b", "subnets": ["b-s"]}])
    assert query(d, "a-host", "b-host").blocking_hop.code == "TGW_NO_ATTACHMENT_IN_AZ"


def test_tgw_attachment_subnet_nacl_applies():
    """The NACL of a dedicated TGW attachment subnet filters the flow on its way through."""
    d = hub("a", "b")
    d.subnet("a-tgw", "a", "10.1.200.0/28")
    d.add("tgw", "transit_gateway", "region", attachments=[{"vpc": "a", "subnets": ["a-tgw"]},
                                                           {"vpc": "b", "subnets": ["b-s"]}])
    assert query(d, "a-host", "b-host").reachable is True
    d.add("tgw-nacl", "nacl", "a", subnets=["a-tgw"], inbound=[{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0"}],
          outbound=[{"rule": 100, "action": "deny", "protocol": "all", "cidr": "10.2.0.0/16"}])
    result = query(d, "a-host", "b-host")
    assert result.blocking_hop.code == "NACL_DENY" and result.blocking_hop.node == "tgw-nacl"


def test_tgw_route_table_static_blackhole_and_association():
    """Each attachment uses its associated table; a static blackhole there drops the flow."""
    d = hub("a", "b")
    d.add("tgw-rt", "tgw_route_table", "region", transit_gateway="tgw",
          routes=[{"destination": "10.2.0.0/16", "blackhole": True}])
    d.add("tgw", "transit_gateway", "region", attachments=[
        {"vpc": "a", "subnets": ["a-s"], "route_table": "tgw-rt", "propagate": False},
        {"vpc": "b", "subnets": ["b-s"], "route_table": "tgw-rt"}])
    assert query(d, "a-host", "b-host").blocking_hop.code == "BLACKHOLE_ROUTE"
    d.add("tgw-rt", "tgw_route_table", "region", transit_gateway="tgw", routes=[])
    assert query(d, "a-host", "b-host").reachable is True
    assert query(d, "b-host", "a-host").blocking_hop.code == "TGW_NO_ROUTE"


def test_tgw_needs_the_return_route():
    """The destination VPC must route replies to the TGW."""
    d = hub("a", "b")
    d.route_table("b-rt", "b", ["b-s"], [])
    assert query(d, "a-host", "b-host").blocking_hop.code == "TGW_NO_RETURN_ROUTE"


def test_private_nat_gateway_reaches_other_networks_through_a_tgw_only():
    """A private NAT gateway hides the sender behind its private address over a TGW; to an IGW it drops."""
    d = hub("a", "b")
    d.subnet("a-nat-s", "a", "10.1.9.0/24")
    d.subnet("a-app-s", "a", "10.1.8.0/24")
    d.add("pnat", "nat_gateway", "a-nat-s", connectivity="private")
    d.add("app", "ec2", "a-app-s", security_groups=["a-sg"])
    d.route_table("a-rt-app", "a", ["a-app-s"], [{"destination": "10.2.0.0/16", "target": "pnat"}])
    d.route_table("a-rt", "a", ["a-s", "a-nat-s"], [{"destination": "10.0.0.0/8", "target": "tgw"}])
    d.sg("b-sg", "b", [{"protocol": "tcp", "port": 443, "cidr": "10.1.9.0/24"}])
    result = query(d, "app", "b-host")
    assert result.reachable is True and codes(result).index("NAT") < codes(result).index("TGW_ROUTE")
    d.add("a-igw", "igw", "a")
    d.route_table("a-rt", "a", ["a-s", "a-nat-s"], [{"destination": "10.0.0.0/8", "target": "tgw"},
                                                   {"destination": "0.0.0.0/0", "target": "a-igw"}])
    d.route_table("a-rt-app", "a", ["a-app-s"], [{"destination": "0.0.0.0/0", "target": "pnat"}])
    d.add("internet", "internet", None)
    assert query(d, "app", "internet").blocking_hop.code == "NAT_PRIVATE_TO_IGW"


# --- VPN / Direct Connect ---------------------------------------------------------------------------------------

def vpn_design() -> Design:
    d = Design()
    vpcs(d, "a")
    d.add("dc", "corporate_dc", None, cidrs=["192.168.0.0/16"])
    d.add("server", "on_prem_server", "dc", ip="192.168.10.5")
    d.add("cgw", "customer_gateway", "dc")
    d.add("vgw", "vgw", "a")
    d.add("vpn", "vpn_connection", "region", customer_gateway="cgw", gateway="vgw")
    d.route_table("a-rt", "a", ["a-s"], [{"destination": "192.168.0.0/16", "target": "vgw", "propagated": True}])
    d.sg("a-sg", "a", [{"protocol": "tcp", "port": 443, "cidr": "192.168.0.0/16"}])
    return d


def test_vpn_carries_traffic_both_ways():
    """A VGW with a VPN connection reaches the data centre, and the data centre reaches in."""
    d = vpn_design()
    assert query(d, "a-host", "server", 22).reachable is True
    inbound = query(d, "server", "a-host")
    assert inbound.reachable is True and "VGW" in codes(inbound)


def test_vpn_needs_a_connection_and_a_route():
    """Without a VPN connection, or without the route back, the path is blocked."""
    d = vpn_design()
    del d.nodes["vpn"]
    assert query(d, "a-host", "server", 22).blocking_hop.code == "VGW_NO_CONNECTION"
    assert query(d, "server", "a-host").blocking_hop.code == "NO_PATH_FROM_ONPREM"
    d = vpn_design()
    d.route_table("a-rt", "a", ["a-s"], [])
    assert query(d, "server", "a-host").blocking_hop.code == "NO_RETURN_ROUTE"


def test_direct_connect_through_a_dx_gateway():
    """A DX connection on a DX gateway associated with the VGW reaches the data centre."""
    d = vpn_design()
    del d.nodes["vpn"]
    d.add("dxgw", "dx_gateway", None, associations=["vgw"])
    d.add("dx", "dx_connection", "region", gateway="dxgw", on_prem="dc")
    result = query(d, "a-host", "server", 22)
    assert result.reachable is True
    assert "not encrypted" in next(h.reason for h in result.hops if h.code == "VGW")


# --- VPC endpoints ----------------------------------------------------------------------------------------------

def test_gateway_endpoint_needs_its_route():
    """A gateway endpoint is used only from subnets whose route table holds its prefix-list route."""
    d = three_tier()
    d.add("worker", "ec2", "data")
    d.route_table("rt-data", "vpc", ["data"], [])
    d.add("vpce", "vpc_endpoint_gateway", "vpc", service="s3", route_tables=["rt-data"])
    result = query(d, "worker", "s3")
    assert result.reachable is True and "GATEWAY_ENDPOINT" in codes(result)
    d.add("vpce", "vpc_endpoint_gateway", "vpc", service="s3", route_tables=[])
    assert query(d, "worker", "s3").blocking_hop.code == "NO_ROUTE"


def test_gateway_endpoint_serves_only_its_service():
    """An S3 endpoint does not carry DynamoDB traffic."""
    d = three_tier()
    d.add("worker", "ec2", "data")
    d.route_table("rt-data", "vpc", ["data"], [])
    d.add("vpce", "vpc_endpoint_gateway", "vpc", service="s3", route_tables=["rt-data"])
    d.add("table", "dynamodb_table", "region")
    assert query(d, "worker", "table").blocking_hop.code == "NO_ROUTE"


def test_interface_endpoint_filters_with_its_own_sg():
    """An interface endpoint makes the service local; its SG must admit the client."""
    d = three_tier()
    d.add("worker", "ec2", "data")
    d.add("queue", "sqs_queue", "region")
    d.sg("vpce-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "10.0.3.0/24"}])
    d.add("vpce", "vpc_endpoint_interface", "data", service="sqs", security_groups=["vpce-sg"])
    result = query(d, "worker", "queue")
    assert result.reachable is True and "NAT" not in codes(result)
    blocked = query(d, "app", "queue")
    assert blocked.blocking_hop.code == "ENI_SG_RULES_MISMATCH" and blocked.blocking_hop.node == "vpce-sg"


def test_private_api_needs_an_interface_endpoint():
    """A private API Gateway is not reachable from the internet."""
    d = three_tier()
    d.add("api", "api_gateway", "region", endpoint_type="private")
    assert query(d, "internet", "api").blocking_hop.code == "PRIVATE_API"
    d.add("api", "api_gateway", "region", endpoint_type="regional")
    assert query(d, "internet", "api").reachable is True


# --- load balancers ---------------------------------------------------------------------------------------------

def lb_design() -> Design:
    d = three_tier()
    d.subnet("public-b", "vpc", "10.0.11.0/24", az="b")
    d.route_table("rt-public", "vpc", ["public", "public-b"], [{"destination": "0.0.0.0/0", "target": "igw"}])
    d.sg("alb-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}])
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 8080, "sg": "alb-sg"}])
    d.add("alb", "alb", "vpc", subnets=["public", "public-b"], security_groups=["alb-sg"],
          listeners=[{"protocol": "HTTPS", "port": 443, "target_port": 8080}], targets=["app"])
    return d


def test_load_balancer_proxies_listener_then_target_port():
    """The client reaches the listener, then the LB reaches the target on the target port via its SG."""
    result = query(lb_design(), "internet", "alb")
    assert result.reachable is True
    assert "LISTENER" in codes(result)
    assert result.hops[-1].leg == "return"
    assert any(h.node == "app" and h.code == "DESTINATION" for h in result.hops)


def test_load_balancer_without_listener_refuses():
    """A port without a listener is refused (NO_LISTENER)."""
    result = query(lb_design(), "internet", "alb", 80)
    d = lb_design()
    d.sg("alb-sg", "vpc", [{"protocol": "tcp", "port": "80-443", "cidr": "0.0.0.0/0"}])
    result = query(d, "internet", "alb", 80)
    assert result.blocking_hop.code == "NO_LISTENER"


def test_load_balancer_target_sg_must_admit_the_lb():
    """The target's SG must admit the LB (its SG or address) on the target port."""
    d = lb_design()
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 8080, "sg": "web-sg"}])
    result = query(d, "internet", "alb")
    assert result.blocking_hop.code == "ENI_SG_RULES_MISMATCH" and result.blocking_hop.node == "app-sg"


def test_nlb_client_ip_preservation_shows_the_client_to_the_target():
    """With client IP preservation the target SG must admit the client's address, not just the NLB's."""
    d = lb_design()
    d.sg("nlb-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}])
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/16"}])
    d.add("nlb", "nlb", "vpc", subnets=["public"], security_groups=["nlb-sg"],
          listeners=[{"protocol": "TCP", "port": 443}], targets=["app"])
    assert query(d, "internet", "nlb").reachable is True
    d.add("nlb", "nlb", "vpc", subnets=["public"], security_groups=["nlb-sg"], preserve_client_ip=True,
          listeners=[{"protocol": "TCP", "port": 443}], targets=["app"])
    result = query(d, "internet", "nlb")
    assert result.blocking_hop.code == "ENI_SG_RULES_MISMATCH" and result.blocking_hop.node == "app-sg"
    assert "0.0.0.0/0" in result.blocking_hop.reason


def test_load_balancer_health_checks_on_another_port_must_pass():
    """A health-check port the target's SG does not open leaves the target unhealthy: the flow is blocked."""
    d = lb_design()
    d.add("alb", "alb", "vpc", subnets=["public", "public-b"], security_groups=["alb-sg"],
          listeners=[{"protocol": "HTTPS", "port": 443, "target_port": 8080}], targets=["app"],
          health_check={"port": 8081, "path": "/health"})
    result = query(d, "internet", "alb")
    assert "HEALTH_CHECK" in codes(result)
    assert result.blocking_hop.code == "ENI_SG_RULES_MISMATCH" and result.blocking_hop.detail["port"] == 8081
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": "8080-8081", "sg": "alb-sg"}])
    assert query(d, "internet", "alb").reachable is True


def test_nlb_without_cross_zone_warns_about_zones_without_targets():
    """An NLB (cross-zone off by default) with a node in an AZ holding no target passes with a warning."""
    d = lb_design()
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "10.0.0.0/16"}])
    d.add("nlb", "nlb", "vpc", subnets=["public", "public-b"], listeners=[{"protocol": "TCP", "port": 443}],
          targets=["app"])
    result = query(d, "internet", "nlb")
    assert result.reachable is True
    assert [(h.code, h.detail["zones"]) for h in result.warnings] == [("LB_CROSS_ZONE_OFF", ["us-east-1b"])]
    d.add("nlb", "nlb", "vpc", subnets=["public", "public-b"], listeners=[{"protocol": "TCP", "port": 443}],
          targets=["app"], cross_zone=True)
    assert not query(d, "internet", "nlb").warnings


def test_internal_load_balancer_is_not_reachable_from_the_internet():
    """An internal LB has no public address."""
    d = lb_design()
    d.add("alb", "alb", "vpc", scheme="internal", subnets=["public"], security_groups=["alb-sg"],
          listeners=[{"protocol": "HTTPS", "port": 443}], targets=["app"])
    assert query(d, "internet", "alb").blocking_hop.code == "NO_PUBLIC_IP"


# --- managed services ----------------------------------------------------------------------------------------

def test_managed_service_reached_through_nat_or_not_at_all():
    """A private subnet reaches S3 through the NAT; an isolated one (no route) does not."""
    d = three_tier()
    d.add("worker", "ec2", "data")
    assert query(d, "app", "s3").reachable is True
    assert query(d, "worker", "s3").blocking_hop.code == "NO_ROUTE"


def test_service_to_service_calls_use_the_aws_network():
    """A Lambda outside any VPC calls DynamoDB directly."""
    d = three_tier()
    d.add("fn", "lambda", "region")
    d.add("table", "dynamodb_table", "region")
    assert query(d, "fn", "table").reachable is True


def test_cloudfront_reaches_an_origin_open_to_its_prefix_list_only():
    """CloudFront's origin-facing addresses match an SG rule for the CloudFront prefix list; the internet does not."""
    d = lb_design()
    d.sg("alb-sg", "vpc", [{"protocol": "tcp", "port": 443, "prefix_list": "cloudfront"}])
    d.add("cdn", "cloudfront", None)
    assert query(d, "cdn", "alb").reachable is True
    assert query(d, "internet", "alb").blocking_hop.code == "ENI_SG_RULES_MISMATCH"


def test_icmp_needs_an_icmp_rule():
    """Ping passes an SG rule for ICMP (ports do not apply) and is blocked without one."""
    d = three_tier()
    assert query(d, "app", "web", None, "icmp").blocking_hop.code == "ENI_SG_RULES_MISMATCH"
    d.sg("web-sg", "vpc", [{"protocol": "icmp", "cidr": "10.0.0.0/16"}])
    result = query(d, "app", "web", None, "icmp")
    assert result.reachable is True and result.flow.port is None


def test_dns_records_and_file_systems_resolve_to_their_targets():
    """A Route 53 record stands for its targets; an EFS file system for its mount targets."""
    d = lb_design()
    d.add("www", "route53_record", None, name="www.example.com", alias=True, targets=["alb"])
    d.sg("efs-sg", "vpc", [{"protocol": "tcp", "port": 2049, "sg": "app-sg"}])
    d.add("fs", "efs", "vpc")
    d.add("fs-mt", "efs_mount_target", "data", efs="fs", security_groups=["efs-sg"])
    an = Analyzer(d.build())
    via_dns = an.can_reach("internet", "www", "tcp", 443)
    assert via_dns.reachable is True
    assert [h.code for h in via_dns.hops][:1] == ["DNS_RESOLVE"] and "LISTENER" in [h.code for h in via_dns.hops]
    assert an.can_reach("internet", "www", "tcp", 80).blocking_hop.code in ("NO_LISTENER", "ENI_SG_RULES_MISMATCH")
    assert an.can_reach("app", "fs", "tcp", 2049).reachable is True
    assert an.can_reach("web", "fs", "tcp", 2049).reachable is False


def test_managed_data_services_call_aws_services_on_the_service_side():
    """DAX reaches DynamoDB without a NAT or endpoint in the customer's VPC; a VPC Lambda does not."""
    d = three_tier()
    d.add("table", "dynamodb_table", "region")
    d.add("dax", "dax", "data")
    d.add("fn", "lambda", "data")
    assert query(d, "dax", "table").reachable is True
    assert query(d, "fn", "table").blocking_hop.code == "NO_ROUTE"
