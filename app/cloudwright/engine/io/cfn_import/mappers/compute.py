"""EC2 instances, launch templates, Auto Scaling groups, load balancers and Lambda functions."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft, as_bool, as_int, tag_name
from cloudwright.engine.io.cfn_import.mappers import finisher, maps
from cloudwright.engine.io.cfn_import.mappers.common import DEFAULT_VPC, canonical_az
from cloudwright.engine.io.cfn_import.mappers.security import classic_elb_group, sg_ids

SUBNET = "AWS::EC2::Subnet"
INSTANCE = "AWS::EC2::Instance"
LB_V2 = "AWS::ElasticLoadBalancingV2::LoadBalancer"
CLB = "AWS::ElasticLoadBalancing::LoadBalancer"
TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup"
ASG = "AWS::AutoScaling::AutoScalingGroup"
LAMBDA = "AWS::Lambda::Function"
_LISTENER_PROTOCOLS = {"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "SSL", "GENEVE"}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else getattr(value, "text", None)


def _instance_network(ctx: ImportContext, props: dict[str, Any]) -> tuple[list[str], list[str], bool | None]:
    """Subnet, security groups and public-IP choice of an instance or launch template's data."""
    subnets = ctx.refs(props.get("SubnetId"), SUBNET)
    groups = sg_ids(ctx, [props.get("SecurityGroupIds"), props.get("SecurityGroups")])
    public_ip = None
    for interface in props.get("NetworkInterfaces") or []:
        if not isinstance(interface, dict):
            continue
        subnets += [s for s in ctx.refs(interface.get("SubnetId"), SUBNET) if s not in subnets]
        groups += [g for g in sg_ids(ctx, interface.get("GroupSet", interface.get("Groups"))) if g not in groups]
        if "AssociatePublicIpAddress" in interface:
            public_ip = as_bool(interface["AssociatePublicIpAddress"])
    return subnets, groups, public_ip


@maps(INSTANCE, phase=1)
def instance(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    subnets, groups, public_ip = _instance_network(ctx, props)
    values: dict[str, Any] = {"instance_type": str(props.get("InstanceType", "m1.small")),
                              "security_groups": groups,
                              "source_dest_check": as_bool(props.get("SourceDestCheck"), True)}
    if public_ip is not None:
        values["public_ip"] = public_ip
    if _text(props.get("ImageId")):
        values["ami"] = _text(props.get("ImageId"))
    ctx.add(NodeDraft(logical_id, "ec2", tag_name(props) or logical_id, values, cfn_type=INSTANCE,
                      subnets=subnets, vpc=None if subnets else DEFAULT_VPC,
                      az=canonical_az(props.get("AvailabilityZone"))))


@maps("AWS::EC2::LaunchTemplate", phase=0)
def launch_template(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    data = props.get("LaunchTemplateData") if isinstance(props.get("LaunchTemplateData"), dict) else {}
    ctx.add(NodeDraft(logical_id, "launch_template", str(props.get("LaunchTemplateName") or logical_id),
                      {"instance_type": str(data.get("InstanceType", "")), "ami": _text(data.get("ImageId")) or ""},
                      cfn_type="AWS::EC2::LaunchTemplate"))


@maps("AWS::AutoScaling::LaunchConfiguration", phase=0)
def launch_configuration(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "launch_config", logical_id,
                      {"instance_type": str(props.get("InstanceType", "")), "ami": _text(props.get("ImageId")) or ""},
                      cfn_type="AWS::AutoScaling::LaunchConfiguration"))


def _launch_data(ctx: ImportContext, props: dict[str, Any]) -> dict[str, Any]:
    """What the group's instances look like, from its launch template or launch configuration."""
    spec = props.get("LaunchTemplate") or props.get("MixedInstancesPolicy", {}).get(
        "LaunchTemplate", {}).get("LaunchTemplateSpecification") or {}
    template = ctx.ref(spec.get("LaunchTemplateId", spec.get("LaunchTemplateName")), "AWS::EC2::LaunchTemplate")
    if template:
        data = ctx.props(template).get("LaunchTemplateData")
        return {"_template": template, **(data if isinstance(data, dict) else {})}
    config = ctx.ref(props.get("LaunchConfigurationName"), "AWS::AutoScaling::LaunchConfiguration")
    if config:
        data = dict(ctx.props(config))
        if "AssociatePublicIpAddress" in data:
            data["NetworkInterfaces"] = [{"AssociatePublicIpAddress": data["AssociatePublicIpAddress"]}]
        return {"_config": config, **data}
    return {}


@maps(ASG, phase=1)
def auto_scaling_group(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    """The group, plus one drawn instance per subnet it spans so each AZ shows its share."""
    data = _launch_data(ctx, props)
    _, groups, public_ip = _instance_network(ctx, data)
    subnets = ctx.refs(props.get("VPCZoneIdentifier") or [], SUBNET)
    zones = [z for z in (canonical_az(v) for v in props.get("AvailabilityZones") or []) if z]
    instance_type = str(data.get("InstanceType", "t3.micro"))
    values: dict[str, Any] = {
        "subnets": subnets, "min": as_int(props.get("MinSize"), 1), "max": as_int(props.get("MaxSize"), 1),
        "desired": as_int(props.get("DesiredCapacity"), as_int(props.get("MinSize"), 1)),
        "instance_type": instance_type, "security_groups": groups,
        "load_balancers": ctx.refs(props.get("TargetGroupARNs") or [], TARGET_GROUP)
        + ctx.refs(props.get("LoadBalancerNames") or [], CLB),
        "health_check_type": "ELB" if str(props.get("HealthCheckType", "EC2")).upper() == "ELB" else "EC2",
        "launch_template": data.get("_template")}
    if public_ip is not None:
        values["public_ip"] = public_ip
    ctx.add(NodeDraft(logical_id, "asg", logical_id, values, cfn_type=ASG, subnets=subnets[:1],
                      vpc=None if subnets else DEFAULT_VPC, az=zones[0] if zones else None))
    # One drawn instance per subnet; a group spread over AZs of the default VPC shows as many as it runs.
    wanted = max(values["desired"] or 1, 2 if len(zones) > 1 else 1)
    members = [(s, None) for s in subnets] or [(None, z) for z in (zones or ["az-1"])[:wanted]]
    for number, (subnet_id, zone) in enumerate(members, start=1):
        member: dict[str, Any] = {"instance_type": instance_type, "security_groups": groups,
                                  "member_of": logical_id}
        if public_ip is not None:
            member["public_ip"] = public_ip
        ctx.add(NodeDraft(f"{logical_id}-{number}", "ec2", f"{logical_id} instance {number}", member,
                          cfn_type=f"(instance of {logical_id})", subnets=[subnet_id] if subnet_id else [],
                          vpc=None if subnet_id else DEFAULT_VPC, az=zone))


@maps(LB_V2, phase=1)
def load_balancer_v2(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    kind = {"network": "nlb", "gateway": "gwlb"}.get(str(props.get("Type", "application")).lower(), "alb")
    subnets = ctx.refs(props.get("Subnets") or [], SUBNET) + ctx.refs(
        [m.get("SubnetId") for m in props.get("SubnetMappings") or [] if isinstance(m, dict)], SUBNET)
    allocations = ctx.refs([m.get("AllocationId") for m in props.get("SubnetMappings") or [] if isinstance(m, dict)],
                           "AWS::EC2::EIP")
    for eip in allocations:
        ctx.nodes[eip].props["associated_with"] = logical_id
    ctx.add(NodeDraft(logical_id, kind, str(props.get("Name") or logical_id),
                      {"scheme": str(props.get("Scheme", "internet-facing")), "subnets": subnets,
                       "elastic_ips": bool(allocations),
                       "security_groups": sg_ids(ctx, props.get("SecurityGroups")), "listeners": []},
                      cfn_type=LB_V2, subnets=subnets, vpc=None if subnets else DEFAULT_VPC))


@maps(TARGET_GROUP, phase=0)
def target_group(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    health: dict[str, Any] = {"enabled": as_bool(props.get("HealthCheckEnabled"), True)}
    if isinstance(props.get("HealthCheckPath"), str):
        health["path"] = props["HealthCheckPath"]
    targets = [t.get("Id") for t in props.get("Targets") or [] if isinstance(t, dict)]
    target_type = str(props.get("TargetType", "instance")).lower()
    ctx.add(NodeDraft(logical_id, "target_group", str(props.get("Name") or logical_id),
                      {"target_type": target_type if target_type in ("instance", "ip", "lambda", "alb")
                       else "instance", "protocol": str(props.get("Protocol", "HTTP")),
                       "port": as_int(props.get("Port"), 80), "targets": ctx.refs(targets),
                       "health_check": health}, cfn_type=TARGET_GROUP,
                      vpc=ctx.ref(props.get("VpcId"), "AWS::EC2::VPC") or DEFAULT_VPC))


def _forward_target(ctx: ImportContext, actions: Any) -> tuple[str | None, bool]:
    """The target group a listener's actions forward to, and whether they redirect to HTTPS."""
    for action in actions if isinstance(actions, list) else []:
        if not isinstance(action, dict):
            continue
        kind = str(action.get("Type", "")).lower()
        if kind == "redirect":
            redirect = action.get("RedirectConfig") or {}
            return None, str(redirect.get("Protocol", "")).upper() == "HTTPS"
        if kind == "forward":
            found = ctx.ref(action.get("TargetGroupArn"), TARGET_GROUP) or next(iter(ctx.refs(
                [g.get("TargetGroupArn") for g in (action.get("ForwardConfig") or {}).get("TargetGroups", [])],
                TARGET_GROUP)), None)
            return found, False
    return None, False


@maps("AWS::ElasticLoadBalancingV2::Listener", phase=2)
def listener(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    balancer = ctx.ref(props.get("LoadBalancerArn"), LB_V2)
    if balancer not in ctx.nodes:
        ctx.fold(logical_id, None)
        return
    group, redirect = _forward_target(ctx, props.get("DefaultActions"))
    protocol = str(props.get("Protocol", "HTTP" if ctx.nodes[balancer].kind == "alb" else "TCP")).upper()
    entry: dict[str, Any] = {"protocol": protocol if protocol in _LISTENER_PROTOCOLS else "HTTP",
                             "port": as_int(props.get("Port"), 80), "redirect_to_https": redirect,
                             "_id": logical_id}
    if group:
        entry["target_group"] = group
    certificates = props.get("Certificates") or []
    if certificates and isinstance(certificates[0], dict) and _text(certificates[0].get("CertificateArn")):
        entry["certificate"] = _text(certificates[0]["CertificateArn"])
    ctx.nodes[balancer].props["listeners"].append(entry)
    ctx.fold(logical_id, balancer)


@maps("AWS::ElasticLoadBalancingV2::ListenerRule", phase=3)
def listener_rule(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    owner = ctx.ref(props.get("ListenerArn"), "AWS::ElasticLoadBalancingV2::Listener")
    balancer = ctx.folded.get(owner or "")
    group, _ = _forward_target(ctx, props.get("Actions"))
    if balancer in ctx.nodes and group:
        ctx.nodes[balancer].props.setdefault("_extra_groups", []).append(
            (next(lst["port"] for lst in ctx.nodes[balancer].props["listeners"] if lst["_id"] == owner), group))
    ctx.fold(logical_id, balancer)


@maps(CLB, phase=1)
def classic_load_balancer(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    subnets = ctx.refs(props.get("Subnets") or [], SUBNET)
    listeners = []
    for item in props.get("Listeners") or []:
        if isinstance(item, dict):
            protocol = str(item.get("Protocol", "HTTP")).upper()
            listeners.append({"protocol": protocol if protocol in _LISTENER_PROTOCOLS else "HTTP",
                              "port": as_int(item.get("LoadBalancerPort"), 80),
                              "target_port": as_int(item.get("InstancePort"), 80)})
    zones = [z for z in (canonical_az(v) for v in props.get("AvailabilityZones") or []) if z]
    ctx.add(NodeDraft(logical_id, "clb", str(props.get("LoadBalancerName") or logical_id),
                      {"scheme": str(props.get("Scheme", "internet-facing")), "subnets": subnets,
                       "security_groups": sg_ids(ctx, props.get("SecurityGroups")) or (
                           [classic_elb_group(ctx, logical_id)] if not subnets else []), "listeners": listeners,
                       "targets": ctx.refs(props.get("Instances") or [], INSTANCE),
                       "cross_zone": as_bool(props.get("CrossZone"))},
                      cfn_type=CLB, subnets=subnets, vpc=None if subnets else DEFAULT_VPC,
                      az=zones[0] if zones else None))


@maps(LAMBDA, phase=1)
def function(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    vpc_config = props.get("VpcConfig") if isinstance(props.get("VpcConfig"), dict) else {}
    subnets = ctx.refs(vpc_config.get("SubnetIds") or [], SUBNET)
    values: dict[str, Any] = {"runtime": str(props.get("Runtime", "container image")),
                              "memory_mb": as_int(props.get("MemorySize"), 128),
                              "timeout_s": as_int(props.get("Timeout"), 3), "subnets": subnets,
                              "security_groups": sg_ids(ctx, vpc_config.get("SecurityGroupIds"))}
    if as_int(props.get("ReservedConcurrentExecutions")) is not None:
        values["reserved_concurrency"] = as_int(props.get("ReservedConcurrentExecutions"))
    ctx.add(NodeDraft(logical_id, "lambda", str(props.get("FunctionName") or logical_id)
                      if isinstance(props.get("FunctionName"), str) else logical_id, values, cfn_type=LAMBDA,
                      subnets=subnets[:1]))
    calls_out(ctx, logical_id, props.get("Environment"))


def calls_out(ctx: ImportContext, source: str, value: Any, label: str = "") -> None:
    """Traffic edges from a function to the data and messaging resources its configuration names."""
    for target in ctx.mentioned(value):
        if ctx.types.get(target) in CALLED_SERVICES:
            ctx.edge(source, target, CALLED_SERVICES[ctx.types[target]], label=label)


#: Resources a function calls when its configuration names them, with the port the call uses.
CALLED_SERVICES = {"AWS::DynamoDB::Table": 443, "AWS::SQS::Queue": 443, "AWS::SNS::Topic": 443,
                   "AWS::S3::Bucket": 443, "AWS::Kinesis::Stream": 443, "AWS::Serverless::SimpleTable": 443,
                   "AWS::Lambda::Function": 443, "AWS::Serverless::Function": 443,
                   "AWS::StepFunctions::StateMachine": 443, "AWS::Events::EventBus": 443,
                   "AWS::SecretsManager::Secret": 443}


@maps("AWS::Lambda::EventSourceMapping", phase=2)
def event_source(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    target = ctx.ref(props.get("FunctionName"), LAMBDA, "AWS::Serverless::Function")
    source = ctx.ref(props.get("EventSourceArn"))
    ctx.edge(target, source, 443, label="polls")
    ctx.fold(logical_id, target)


@maps("AWS::Lambda::Permission", "AWS::Lambda::Version", "AWS::Lambda::Alias", phase=2)
def function_detail(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.fold(logical_id, ctx.ref(props.get("FunctionName"), LAMBDA))


@finisher(3)
def balancer_edges(ctx: ImportContext) -> None:
    """Listeners become flows: internet -> internet-facing LB, LB -> each target on the target port."""
    members: dict[str, list[str]] = {}
    for draft in ctx.nodes.values():
        if draft.kind == "ec2" and draft.props.get("member_of"):
            members.setdefault(draft.props["member_of"], []).append(draft.id)
    groups_targets: dict[str, list[str]] = {}
    for draft in ctx.nodes.values():
        if draft.kind == "asg":
            for group in draft.props["load_balancers"]:
                groups_targets.setdefault(group, []).extend(members.get(draft.id, []))
    for draft in list(ctx.nodes.values()):
        if draft.kind not in ("alb", "nlb", "gwlb", "clb"):
            continue
        forwards = [(lst["port"], lst.get("target_group")) for lst in draft.props["listeners"]]
        forwards += draft.props.pop("_extra_groups", [])
        for lst in draft.props["listeners"]:
            lst.pop("_id", None)
        if draft.props["scheme"] == "internet-facing":
            for port in dict.fromkeys(p for p, _ in forwards):
                ctx.edge("internet", draft.id, port)
        if draft.kind == "clb":
            for lst in draft.props["listeners"]:
                for target in draft.props["targets"] + groups_targets.get(draft.id, []):
                    ctx.edge(draft.id, target, lst.get("target_port"))
            continue
        for _, group in forwards:
            if group in ctx.nodes:
                tg = ctx.nodes[group]
                for target in dict.fromkeys(tg.props["targets"] + groups_targets.get(group, [])):
                    ctx.edge(draft.id, target, tg.props["port"] if tg.props["target_type"] != "lambda" else None)
