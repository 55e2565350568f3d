"""VPC peering, VPC endpoints, transit gateways and site-to-site VPNs."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft, as_bool, as_int, tag_name
from cloudwright.engine.io.cfn_import.mappers import finisher, maps
from cloudwright.engine.io.cfn_import.mappers.common import service_name
from cloudwright.engine.io.cfn_import.mappers.security import sg_ids

VPC = "AWS::EC2::VPC"
SUBNET = "AWS::EC2::Subnet"
TGW = "AWS::EC2::TransitGateway"
TGW_ATTACHMENTS = ("AWS::EC2::TransitGatewayAttachment", "AWS::EC2::TransitGatewayVpcAttachment")
VPN = "AWS::EC2::VPNConnection"
ON_PREM = "on-premises"
DOC_RANGE = "192.168.0.0/16"


@maps("AWS::EC2::VPCPeeringConnection", phase=1)
def peering(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    vpc_a, vpc_b = ctx.ref(props.get("VpcId"), VPC), ctx.ref(props.get("PeerVpcId"), VPC)
    if vpc_a and vpc_b:
        ctx.add(NodeDraft(logical_id, "vpc_peering", tag_name(props) or logical_id,
                          {"vpc_a": vpc_a, "vpc_b": vpc_b}, cfn_type="AWS::EC2::VPCPeeringConnection"))
        for vpc in (vpc_a, vpc_b):
            ctx.edge(logical_id, vpc, kind="relation", label="peering")
        return
    ctx.warnings.append(f"{logical_id}: the peer VPC is outside the template; kept as a generic node")
    ctx.unknown[logical_id] = "AWS::EC2::VPCPeeringConnection"


@maps("AWS::EC2::VPCEndpoint", phase=2)
def vpc_endpoint(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    kind = str(props.get("VpcEndpointType", "Gateway"))
    service = service_name(props.get("ServiceName")) or ""
    vpc_id = ctx.ref(props.get("VpcId"), VPC)
    if kind == "Gateway" and service in ("s3", "dynamodb"):
        tables = ctx.refs(props.get("RouteTableIds") or [], "AWS::EC2::RouteTable")
        ctx.add(NodeDraft(logical_id, "vpc_endpoint_gateway", f"{service.upper() if service == 's3' else service} "
                          "gateway endpoint", {"service": service, "route_tables": tables,
                                               "policy_restricted": "PolicyDocument" in props},
                          cfn_type="AWS::EC2::VPCEndpoint", vpc=vpc_id))
        for table in tables:
            ctx.nodes[table].props["routes"].append({"prefix_list": service, "target": logical_id})
        return
    if kind == "Interface":
        subnets = ctx.refs(props.get("SubnetIds") or [], SUBNET)
        ctx.add(NodeDraft(logical_id, "vpc_endpoint_interface", f"{service} endpoint",
                          {"service": service or "unknown", "subnets": subnets,
                           "security_groups": sg_ids(ctx, props.get("SecurityGroupIds")),
                           "private_dns": as_bool(props.get("PrivateDnsEnabled"))},
                          cfn_type="AWS::EC2::VPCEndpoint", subnets=subnets, vpc=vpc_id))
        return
    ctx.warnings.append(f"{logical_id}: {kind} endpoint for '{service}' is not modelled; kept as a generic node")
    ctx.unknown[logical_id] = "AWS::EC2::VPCEndpoint"


@maps(TGW, phase=0)
def transit_gateway(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "transit_gateway", tag_name(props) or logical_id, {"attachments": []},
                      cfn_type=TGW))


@maps(*TGW_ATTACHMENTS, phase=1)
def tgw_attachment(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    tgw = ctx.ref(props.get("TransitGatewayId"), TGW)
    vpc_id = ctx.ref(props.get("VpcId"), VPC)
    if tgw in ctx.nodes and vpc_id:
        ctx.nodes[tgw].props["attachments"].append(
            {"vpc": vpc_id, "subnets": ctx.refs(props.get("SubnetIds") or [], SUBNET), "_id": logical_id})
        ctx.edge(tgw, vpc_id, kind="relation", label="attachment")
    ctx.fold(logical_id, tgw if vpc_id else None)


def _attachment(ctx: ImportContext, value: Any) -> dict[str, Any] | None:
    """The attachment entry (on its transit gateway) that an attachment id names."""
    logical_id = ctx.ref(value, *TGW_ATTACHMENTS, VPN)
    for draft in ctx.nodes.values():
        if draft.kind == "transit_gateway":
            for entry in draft.props["attachments"]:
                if logical_id and entry.get("_id") == logical_id:
                    return entry
    return None


@maps("AWS::EC2::TransitGatewayRouteTable", phase=1)
def tgw_route_table(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "tgw_route_table", tag_name(props) or logical_id,
                      {"transit_gateway": ctx.ref(props.get("TransitGatewayId"), TGW), "routes": []},
                      cfn_type="AWS::EC2::TransitGatewayRouteTable"))


@maps("AWS::EC2::TransitGatewayRouteTableAssociation", "AWS::EC2::TransitGatewayRouteTablePropagation",
      phase=2)
def tgw_association(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    table = ctx.ref(props.get("TransitGatewayRouteTableId"), "AWS::EC2::TransitGatewayRouteTable")
    entry = _attachment(ctx, props.get("TransitGatewayAttachmentId"))
    if entry is not None and table and ctx.types[logical_id].endswith("Association"):
        entry["route_table"] = table
    ctx.fold(logical_id, table if entry is not None else None)


@maps("AWS::EC2::TransitGatewayRoute", phase=2)
def tgw_route(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    table = ctx.ref(props.get("TransitGatewayRouteTableId"), "AWS::EC2::TransitGatewayRouteTable")
    entry = _attachment(ctx, props.get("TransitGatewayAttachmentId"))
    cidr = props.get("DestinationCidrBlock")
    if table not in ctx.nodes or not isinstance(cidr, str):
        ctx.fold(logical_id, None)
        return
    route: dict[str, Any] = {"destination": cidr}
    if as_bool(props.get("Blackhole")):
        route["blackhole"] = True
    elif entry is not None:
        route["attachment"] = entry.get("vpc") or entry.get("vpn")
    ctx.nodes[table].props["routes"].append(route)
    ctx.fold(logical_id, table)


def _on_prem(ctx: ImportContext) -> NodeDraft:
    if ON_PREM not in ctx.nodes:
        ctx.add(NodeDraft(ON_PREM, "corporate_dc", "On-premises network", {"cidrs": []},
                          cfn_type="(outside AWS)"))
    return ctx.nodes[ON_PREM]


@maps("AWS::EC2::CustomerGateway", phase=0)
def customer_gateway(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    values: dict[str, Any] = {"bgp_asn": as_int(props.get("BgpAsn"), 65000)}
    if isinstance(props.get("IpAddress"), str):
        values["ip"] = props["IpAddress"]
    _on_prem(ctx)
    ctx.add(NodeDraft(logical_id, "customer_gateway", tag_name(props) or logical_id, values,
                      cfn_type="AWS::EC2::CustomerGateway", parent=ON_PREM))


@maps(VPN, phase=1)
def vpn_connection(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    gateway = ctx.ref(props.get("VpnGatewayId"), "AWS::EC2::VPNGateway") or ctx.ref(
        props.get("TransitGatewayId"), TGW)
    ctx.add(NodeDraft(logical_id, "vpn_connection", tag_name(props) or logical_id,
                      {"customer_gateway": ctx.ref(props.get("CustomerGatewayId"), "AWS::EC2::CustomerGateway"),
                       "gateway": gateway, "static_routes": [],
                       "bgp": not as_bool(props.get("StaticRoutesOnly"))}, cfn_type=VPN))
    if gateway and ctx.types.get(gateway) == TGW:
        ctx.nodes[gateway].props["attachments"].append({"vpn": logical_id, "_id": logical_id})
    # Drawn as the tunnel it is: customer gateway -> VPN connection -> AWS-side gateway.
    ctx.edge(ctx.nodes[logical_id].props["customer_gateway"], logical_id, kind="relation", label="IPsec")
    ctx.edge(logical_id, gateway, kind="relation", label="IPsec")


@maps("AWS::EC2::VPNConnectionRoute", phase=2)
def vpn_route(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    vpn = ctx.ref(props.get("VpnConnectionId"), VPN)
    cidr = props.get("DestinationCidrBlock")
    if vpn in ctx.nodes and isinstance(cidr, str):
        ctx.nodes[vpn].props["static_routes"].append(cidr)
        cidrs = _on_prem(ctx).props["cidrs"]
        if cidr not in cidrs:
            cidrs.append(cidr)
    ctx.fold(logical_id, vpn if isinstance(cidr, str) else None)


@maps("AWS::EC2::VPNGatewayRoutePropagation", phase=3)
def vgw_propagation(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    """Propagated routes: each on-premises prefix of the VGW's VPNs appears in the named tables."""
    vgw = ctx.ref(props.get("VpnGatewayId"), "AWS::EC2::VPNGateway")
    tables = ctx.refs(props.get("RouteTableIds") or [], "AWS::EC2::RouteTable")
    prefixes: list[str] = []
    for vpn in ctx.nodes.values():
        if vpn.kind == "vpn_connection" and vpn.props.get("gateway") == vgw:
            # A BGP VPN advertises the on-premises networks; a static one its static routes.
            learned = _on_prem(ctx).props["cidrs"] or [DOC_RANGE] if vpn.props["bgp"] else vpn.props["static_routes"]
            prefixes += [cidr for cidr in learned if cidr not in prefixes]
    if not any(d.kind == "vpn_connection" and d.props.get("gateway") == vgw for d in ctx.nodes.values()):
        # No VPN in the template: Direct Connect (or a VPN made elsewhere) feeds the VGW.
        prefixes = list(_on_prem(ctx).props["cidrs"] or [DOC_RANGE])
    for table in tables:
        for cidr in prefixes:
            ctx.nodes[table].props["routes"].append({"destination": cidr, "target": vgw, "propagated": True})
    ctx.fold(logical_id, vgw if tables else None)


@finisher(3)
def on_prem_defaults(ctx: ImportContext) -> None:
    """A VPN with no static routes (BGP) still leads somewhere: keep AWS's documentation range."""
    if ON_PREM in ctx.nodes and not ctx.nodes[ON_PREM].props["cidrs"]:
        ctx.nodes[ON_PREM].props["cidrs"] = [DOC_RANGE]
    for draft in ctx.nodes.values():
        if draft.kind == "transit_gateway":
            for entry in draft.props["attachments"]:
                entry.pop("_id", None)
