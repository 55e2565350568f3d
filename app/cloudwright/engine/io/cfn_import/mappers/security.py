"""Security groups (inline rules and separate ingress/egress resources) and network ACLs."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft, as_bool, as_int, tag_name
from cloudwright.engine.io.cfn_import.intrinsics import refs_in
from cloudwright.engine.io.cfn_import.mappers import maps
from cloudwright.engine.io.cfn_import.mappers.common import port_range, protocol_of

SG = "AWS::EC2::SecurityGroup"
NACL = "AWS::EC2::NetworkAcl"
CLB = "AWS::ElasticLoadBalancing::LoadBalancer"
VPC = "AWS::EC2::VPC"
ALLOW_ALL = {"protocol": "all", "port": "all", "cidr": "0.0.0.0/0"}


def default_sg_id(vpc_id: str) -> str:
    return f"{vpc_id}-default-sg"


def ensure_default_sg(ctx: ImportContext, vpc_id: str | None) -> str:
    """The VPC's default security group node (created on first use; AWS makes one per VPC)."""
    from cloudwright.engine.io.cfn_import.mappers.common import DEFAULT_VPC

    vpc_id = vpc_id or DEFAULT_VPC
    sg_id = default_sg_id(vpc_id)
    if sg_id not in ctx.nodes:
        ctx.add(NodeDraft(sg_id, "security_group", "default SG",
                          {"default": True, "inbound": [{"protocol": "all", "port": "all", "sg": sg_id}]},
                          cfn_type="(default security group)", vpc=vpc_id))
    return sg_id


def sg_ids(ctx: ImportContext, values: Any) -> list[str]:
    """The security-group node ids a list of ``Ref``/``GetAtt`` values names (VPC default SGs included)."""
    result: list[str] = []
    for found in refs_in(values):
        if ctx.types.get(found.logical_id) == SG:
            sg_id = found.logical_id
        elif ctx.types.get(found.logical_id) == VPC and found.attribute == "DefaultSecurityGroup":
            sg_id = ensure_default_sg(ctx, found.logical_id)
        elif ctx.types.get(found.logical_id) == CLB and (found.attribute or "").startswith("SourceSecurityGroup"):
            sg_id = classic_elb_group(ctx, found.logical_id)
        else:
            continue
        if sg_id not in result:
            result.append(sg_id)
    return result


def classic_elb_group(ctx: ImportContext, elb: str) -> str:
    """The group a classic ELB's traffic comes from (``GetAtt Elb.SourceSecurityGroup``).

    Its first security group; without one, in the default VPC, the ``default_elb`` group AWS creates
    (listener ports open to all); in another VPC, that VPC's default group.
    """
    from cloudwright.engine.io.cfn_import.mappers.common import DEFAULT_VPC, port_range

    props = ctx.props(elb)
    groups = [g for g in refs_in(props.get("SecurityGroups")) if ctx.types.get(g.logical_id) == SG]
    if groups:
        return groups[0].logical_id
    subnets = [s.logical_id for s in refs_in(props.get("Subnets")) if s.logical_id in ctx.types]
    if subnets:
        vpc = ctx.ref(ctx.props(subnets[0]).get("VpcId"), VPC) if subnets[0] in ctx.resources else None
        return ensure_default_sg(ctx, vpc)
    sg_id = f"{elb}-default-elb-sg"
    if sg_id not in ctx.nodes:
        ports = [str(item.get("LoadBalancerPort")) for item in props.get("Listeners") or [] if isinstance(item, dict)]
        ctx.add(NodeDraft(sg_id, "security_group", "default_elb SG", {"inbound": [
            {"protocol": "tcp", "port": port_range("tcp", p, p), "cidr": "0.0.0.0/0"} for p in ports]},
            cfn_type="(default_elb security group)", vpc=DEFAULT_VPC))
    return sg_id


def sg_rule(ctx: ImportContext, owner: str, rule: dict[str, Any], outbound: bool) -> dict[str, Any] | None:
    """One CloudFormation rule as the model's rule, or None (with a warning) when its peer is unknown."""
    protocol = protocol_of(rule.get("IpProtocol"))
    entry: dict[str, Any] = {"protocol": protocol, "port": port_range(protocol, rule.get("FromPort"),
                                                                      rule.get("ToPort"))}
    if isinstance(rule.get("Description"), str):
        entry["description"] = rule["Description"]
    peer_keys = ("DestinationSecurityGroupId",) if outbound else (
        "SourceSecurityGroupId", "SourceSecurityGroupName")
    cidr = rule.get("CidrIp", rule.get("CidrIpv6"))
    peers = [sg for key in peer_keys for sg in sg_ids(ctx, rule.get(key))]
    if isinstance(cidr, str):
        entry["cidr"] = cidr
    elif peers:
        entry["sg"] = peers[0]
    else:
        ctx.warnings.append(f"{owner}: an {'outbound' if outbound else 'inbound'} rule's peer (prefix list "
                            "or a group outside the template) is not modelled; rule not shown")
        return None
    return entry


@maps(SG, phase=0)
def security_group(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    values: dict[str, Any] = {"inbound": [], "description": str(props.get("GroupDescription", ""))}
    if "SecurityGroupEgress" in props:
        values["outbound"] = []
    draft = ctx.add(NodeDraft(logical_id, "security_group", tag_name(props) or logical_id, values,
                              cfn_type=SG, vpc=ctx.ref(props.get("VpcId"), VPC)))
    for rule in props.get("SecurityGroupIngress") or []:
        if isinstance(rule, dict) and (entry := sg_rule(ctx, logical_id, rule, False)) is not None:
            draft.props["inbound"].append(entry)
    for rule in props.get("SecurityGroupEgress") or []:
        if isinstance(rule, dict) and (entry := sg_rule(ctx, logical_id, rule, True)) is not None:
            draft.props["outbound"].append(entry)


def _owner(ctx: ImportContext, props: dict[str, Any]) -> str | None:
    found = sg_ids(ctx, [props.get("GroupId"), props.get("GroupName")])
    return found[0] if found else None


@maps("AWS::EC2::SecurityGroupIngress", phase=2)
def security_group_ingress(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    owner = _owner(ctx, props)
    if owner in ctx.nodes and (entry := sg_rule(ctx, logical_id, props, False)) is not None:
        ctx.nodes[owner].props.setdefault("inbound", []).append(entry)
    ctx.fold(logical_id, owner)


@maps("AWS::EC2::SecurityGroupEgress", phase=2)
def security_group_egress(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    owner = _owner(ctx, props)
    if owner in ctx.nodes and (entry := sg_rule(ctx, logical_id, props, True)) is not None:
        outbound = ctx.nodes[owner].props.setdefault("outbound", [dict(ALLOW_ALL)])
        outbound.append(entry)
    ctx.fold(logical_id, owner)


@maps(NACL, phase=0)
def network_acl(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "nacl", tag_name(props) or logical_id,
                      {"inbound": [], "outbound": [], "subnets": []}, cfn_type=NACL,
                      vpc=ctx.ref(props.get("VpcId"), VPC)))


@maps("AWS::EC2::NetworkAclEntry", phase=2)
def network_acl_entry(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    nacl = ctx.ref(props.get("NetworkAclId"), NACL)
    cidr = props.get("CidrBlock", props.get("Ipv6CidrBlock"))
    number = as_int(props.get("RuleNumber"))
    if nacl not in ctx.nodes or not isinstance(cidr, str) or number is None:
        ctx.fold(logical_id, None)
        return
    protocol = protocol_of(props.get("Protocol"))
    ports = props.get("PortRange") if isinstance(props.get("PortRange"), dict) else {}
    entry = {"rule": number, "action": str(props.get("RuleAction", "allow")).lower(), "protocol": protocol,
             "port": port_range(protocol, ports.get("From"), ports.get("To")), "cidr": cidr}
    direction = "outbound" if as_bool(props.get("Egress")) else "inbound"
    ctx.nodes[nacl].props[direction].append(entry)
    ctx.fold(logical_id, nacl)


@maps("AWS::EC2::SubnetNetworkAclAssociation", phase=2)
def nacl_association(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    nacl = ctx.ref(props.get("NetworkAclId"), NACL)
    subnet_id = ctx.ref(props.get("SubnetId"), "AWS::EC2::Subnet")
    if nacl in ctx.nodes and subnet_id and subnet_id not in ctx.nodes[nacl].props["subnets"]:
        ctx.nodes[nacl].props["subnets"].append(subnet_id)
    ctx.fold(logical_id, nacl if subnet_id else None)
