"""ECS: clusters, services (awsvpc networking, load balancers) and task definitions.

Services sit inside their cluster (the model's containment for ECS), which sits in the VPC they run in;
a service's subnets and security groups are properties, as for any ENI-backed resource.
"""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft, as_int
from cloudwright.engine.io.cfn_import.mappers import finisher, maps
from cloudwright.engine.io.cfn_import.mappers.security import sg_ids

SERVICE = "AWS::ECS::Service"


@maps("AWS::ECS::Cluster", phase=0)
def cluster(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    name = props.get("ClusterName")
    ctx.add(NodeDraft(logical_id, "ecs_cluster", name if isinstance(name, str) else logical_id,
                      {"capacity_providers": [str(p) for p in props.get("CapacityProviders") or []
                                              if isinstance(p, str)]}, cfn_type="AWS::ECS::Cluster"))


@maps("AWS::ECS::TaskDefinition", phase=0)
def task_definition(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "ecs_task_definition", logical_id,
                      {"launch_types": [str(t) for t in props.get("RequiresCompatibilities") or []]},
                      cfn_type="AWS::ECS::TaskDefinition"))


@maps(SERVICE, phase=1)
def service(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    """A service runs tasks in its subnets (awsvpc) behind the target groups it registers with."""
    network = (props.get("NetworkConfiguration") or {}).get("AwsvpcConfiguration") if isinstance(
        props.get("NetworkConfiguration"), dict) else None
    network = network if isinstance(network, dict) else {}
    subnets = ctx.refs(network.get("Subnets") or [], "AWS::EC2::Subnet")
    groups = [{"target_group": ctx.ref(lb.get("TargetGroupArn"), "AWS::ElasticLoadBalancingV2::TargetGroup"),
               "port": as_int(lb.get("ContainerPort"))} for lb in props.get("LoadBalancers") or []
              if isinstance(lb, dict)]
    launch_type = "FARGATE" if str(props.get("LaunchType", "")).upper() == "FARGATE" or any(
        "FARGATE" in str(p.get("CapacityProvider", "")) for p in props.get("CapacityProviderStrategy") or []
        if isinstance(p, dict)) else "EC2"
    values: dict[str, Any] = {
        "subnets": subnets, "security_groups": sg_ids(ctx, network.get("SecurityGroups")),
        "desired": as_int(props.get("DesiredCount"), 1), "launch_type": launch_type,
        "public_ip": str(network.get("AssignPublicIp", "DISABLED")).upper() == "ENABLED",
        "task_definition": ctx.ref(props.get("TaskDefinition"), "AWS::ECS::TaskDefinition") or "",
        "_groups": [g for g in groups if g["target_group"]]}
    if groups and groups[0]["port"]:
        values["container_port"] = groups[0]["port"]
    cluster_id = ctx.ref(props.get("Cluster"), "AWS::ECS::Cluster")
    ctx.add(NodeDraft(logical_id, "ecs_service", str(props.get("ServiceName") or logical_id)
                      if isinstance(props.get("ServiceName"), str) else logical_id, values,
                      cfn_type=SERVICE, subnets=subnets[:1], parent=cluster_id))
    if cluster_id in ctx.nodes:
        # The cluster sits in the VPC its services run in; its services sit inside it.
        cluster_draft = ctx.nodes[cluster_id]
        cluster_draft.vpc = cluster_draft.vpc or (ctx.nodes[subnets[0]].vpc if subnets and subnets[0] in ctx.nodes
                                                  else None)
        types = cluster_draft.props.setdefault("launch_types", [])
        if launch_type not in types:
            types.append(launch_type)


@finisher(2)
def services_join_target_groups(ctx: ImportContext) -> None:
    """A service registered with a target group is one of its targets (LB -> service flows follow)."""
    for draft in ctx.nodes.values():
        if draft.kind != "ecs_service":
            continue
        for group in draft.props.pop("_groups", []):
            target_group = ctx.nodes.get(group["target_group"])
            if target_group is not None and draft.id not in target_group.props["targets"]:
                target_group.props["targets"].append(draft.id)
                if group["port"] and target_group.props.get("target_type") == "ip":
                    target_group.props["port"] = group["port"]
