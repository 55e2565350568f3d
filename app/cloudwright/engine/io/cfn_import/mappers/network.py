"""VPCs, subnets, gateways, route tables and routes, NAT gateways and Elastic IPs."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft, as_bool, tag_name
from cloudwright.engine.io.cfn_import.mappers import maps
from cloudwright.engine.io.cfn_import.mappers.common import canonical_az

VPC = "AWS::EC2::VPC"
SUBNET = "AWS::EC2::Subnet"
IGW = "AWS::EC2::InternetGateway"
VGW = "AWS::EC2::VPNGateway"
ROUTE_TABLE = "AWS::EC2::RouteTable"
#: CloudFormation route property -> the types of resource it may name.
ROUTE_TARGETS = {
    "GatewayId": (IGW, VGW, "AWS::EC2::VPCEndpoint"),
    "NatGatewayId": ("AWS::EC2::NatGateway",),
    "InstanceId": ("AWS::EC2::Instance",),
    "NetworkInterfaceId": ("AWS::EC2::NetworkInterface",),
    "VpcPeeringConnectionId": ("AWS::EC2::VPCPeeringConnection",),
    "TransitGatewayId": ("AWS::EC2::TransitGateway",),
    "EgressOnlyInternetGatewayId": ("AWS::EC2::EgressOnlyInternetGateway",),
    "VpcEndpointId": ("AWS::EC2::VPCEndpoint",),
}
_PREFIX_LISTS = {"pl-63a5400a": "s3", "pl-02cd2c6b": "dynamodb"}


def _label(logical_id: str, props: dict[str, Any]) -> str:
    return tag_name(props) or logical_id


@maps(VPC, phase=0)
def vpc(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    values: dict[str, Any] = {"enable_dns_support": as_bool(props.get("EnableDnsSupport"), True),
                              "enable_dns_hostnames": as_bool(props.get("EnableDnsHostnames"), False)}
    cidr = props.get("CidrBlock")
    if isinstance(cidr, str):
        values["cidr"] = cidr
    elif "Ipv4IpamPoolId" not in props:
        ctx.warn_unresolved(logical_id, "CidrBlock", cidr)
    ctx.add(NodeDraft(logical_id, "vpc", _label(logical_id, props), values, cfn_type=VPC))


@maps("AWS::EC2::VPCCidrBlock", phase=2)
def vpc_cidr_block(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    vpc_id = ctx.ref(props.get("VpcId"), VPC)
    target = ctx.nodes.get(vpc_id) if vpc_id else None
    if target is not None:
        if isinstance(props.get("CidrBlock"), str):
            target.props.setdefault("secondary_cidrs", []).append(props["CidrBlock"])
        elif isinstance(props.get("Ipv6CidrBlock"), str):
            target.props["ipv6_cidr"] = props["Ipv6CidrBlock"]
    ctx.fold(logical_id, vpc_id)


@maps(SUBNET, phase=0)
def subnet(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    values: dict[str, Any] = {"auto_assign_public_ip": as_bool(props.get("MapPublicIpOnLaunch"))}
    if isinstance(props.get("CidrBlock"), str):
        values["cidr"] = props["CidrBlock"]
    else:
        ctx.warn_unresolved(logical_id, "CidrBlock", props.get("CidrBlock"))
    if isinstance(props.get("Ipv6CidrBlock"), str):
        values["ipv6_cidr"] = props["Ipv6CidrBlock"]
    draft = NodeDraft(logical_id, "subnet", _label(logical_id, props), values, cfn_type=SUBNET,
                      vpc=ctx.ref(props.get("VpcId"), VPC), az=canonical_az(props.get("AvailabilityZone")) or "az-1")
    if draft.vpc is None:
        ctx.warnings.append(f"{logical_id}: its VPC is not in the template; placed in the default VPC")
    ctx.add(draft)


@maps(IGW, phase=0)
def internet_gateway(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "igw", _label(logical_id, props), cfn_type=IGW))


@maps(VGW, phase=0)
def vpn_gateway(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "vgw", _label(logical_id, props), cfn_type=VGW))


@maps("AWS::EC2::EgressOnlyInternetGateway", phase=0)
def egress_only_gateway(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "egress_only_igw", _label(logical_id, props),
                      cfn_type="AWS::EC2::EgressOnlyInternetGateway", vpc=ctx.ref(props.get("VpcId"), VPC)))


@maps("AWS::EC2::VPCGatewayAttachment", phase=1)
def gateway_attachment(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    gateway = ctx.ref(props.get("InternetGatewayId"), IGW) or ctx.ref(props.get("VpnGatewayId"), VGW)
    vpc_id = ctx.ref(props.get("VpcId"), VPC)
    if gateway in ctx.nodes and vpc_id:
        ctx.nodes[gateway].vpc = vpc_id
    ctx.fold(logical_id, gateway if vpc_id else None)


@maps(ROUTE_TABLE, phase=0)
def route_table(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "route_table", _label(logical_id, props), {"routes": [], "subnets": []},
                      cfn_type=ROUTE_TABLE, vpc=ctx.ref(props.get("VpcId"), VPC)))


@maps("AWS::EC2::Route", phase=2)
def route(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    table = ctx.ref(props.get("RouteTableId"), ROUTE_TABLE)
    if table is None:
        ctx.fold(logical_id, None)
        return
    entry: dict[str, Any] = {}
    destination = props.get("DestinationCidrBlock", props.get("DestinationIpv6CidrBlock"))
    prefix_list = props.get("DestinationPrefixListId")
    if isinstance(destination, str):
        entry["destination"] = destination
    elif isinstance(prefix_list, str) and prefix_list in _PREFIX_LISTS:
        entry["prefix_list"] = _PREFIX_LISTS[prefix_list]
    target = next((ctx.ref(props.get(key), *types) for key, types in ROUTE_TARGETS.items()
                   if ctx.ref(props.get(key), *types)), None)
    if not entry or target is None:
        ctx.warnings.append(f"{logical_id}: route destination or target is outside the template; not shown")
        ctx.folded[logical_id] = table
        return
    entry["target"] = target
    ctx.nodes[table].props["routes"].append(entry)
    ctx.fold(logical_id, table)


@maps("AWS::EC2::SubnetRouteTableAssociation", phase=2)
def route_table_association(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    table = ctx.ref(props.get("RouteTableId"), ROUTE_TABLE)
    subnet_id = ctx.ref(props.get("SubnetId"), SUBNET)
    if table in ctx.nodes and subnet_id and subnet_id not in ctx.nodes[table].props["subnets"]:
        ctx.nodes[table].props["subnets"].append(subnet_id)
    ctx.fold(logical_id, table if subnet_id else None)


@maps("AWS::EC2::GatewayRouteTableAssociation", phase=2)
def gateway_route_table_association(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.warnings.append(f"{logical_id}: edge (ingress) route-table associations are not modelled; folded "
                        "into the route table")
    ctx.fold(logical_id, ctx.ref(props.get("RouteTableId"), ROUTE_TABLE))


@maps("AWS::EC2::NatGateway", phase=1)
def nat_gateway(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    allocation = ctx.ref(props.get("AllocationId"), "AWS::EC2::EIP")
    connectivity = str(props.get("ConnectivityType", "public")).lower()
    subnet_id = ctx.ref(props.get("SubnetId"), SUBNET)
    ctx.add(NodeDraft(logical_id, "nat_gateway", _label(logical_id, props),
                      {"connectivity": connectivity, "elastic_ip": connectivity == "public"},
                      cfn_type="AWS::EC2::NatGateway", subnets=[subnet_id] if subnet_id else []))
    if allocation in ctx.nodes:
        ctx.nodes[allocation].props["associated_with"] = logical_id


@maps("AWS::EC2::EIP", phase=0)
def elastic_ip(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    instance = ctx.ref(props.get("InstanceId"), "AWS::EC2::Instance")
    ctx.add(NodeDraft(logical_id, "elastic_ip", _label(logical_id, props),
                      {"associated_with": instance} if instance else {}, cfn_type="AWS::EC2::EIP"))


@maps("AWS::EC2::EIPAssociation", phase=2)
def eip_association(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    eip = ctx.ref(props.get("AllocationId"), "AWS::EC2::EIP") or ctx.ref(props.get("EIP"), "AWS::EC2::EIP")
    holder = ctx.ref(props.get("InstanceId"), "AWS::EC2::Instance") or ctx.ref(
        props.get("NetworkInterfaceId"), "AWS::EC2::NetworkInterface")
    if eip in ctx.nodes and holder in ctx.nodes:
        ctx.nodes[eip].props["associated_with"] = holder
        ctx.nodes[holder].props["elastic_ip"] = True
    ctx.fold(logical_id, eip if holder else None)


@maps("AWS::EC2::NetworkInterface", phase=1)
def network_interface(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    from cloudwright.engine.io.cfn_import.mappers.security import sg_ids

    subnet_id = ctx.ref(props.get("SubnetId"), SUBNET)
    ctx.add(NodeDraft(logical_id, "eni", _label(logical_id, props),
                      {"security_groups": sg_ids(ctx, props.get("GroupSet"))},
                      cfn_type="AWS::EC2::NetworkInterface", subnets=[subnet_id] if subnet_id else []))


@maps("AWS::EC2::NetworkInterfaceAttachment", phase=2)
def eni_attachment(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    eni = ctx.ref(props.get("NetworkInterfaceId"), "AWS::EC2::NetworkInterface")
    instance = ctx.ref(props.get("InstanceId"), "AWS::EC2::Instance")
    if eni in ctx.nodes and instance:
        ctx.nodes[eni].props["attached_to"] = instance
    ctx.fold(logical_id, eni if instance else None)
