"""Container rules (rules.md section 19): ECS clusters, launch types, task roles, load balancing, deployments.

ECS services and tasks sit inside their ``ecs_cluster`` (or name their subnets); container instances are the
``ec2`` nodes and Auto Scaling groups drawn in the cluster.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.model.types import PortRange, parse_ipv4_cidr
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

SERVICE_KINDS = ("ecs_service", "ecs_task", "fargate_task")
AWS_API_KINDS = ("s3_bucket", "dynamodb_table", "sqs_queue", "sns_topic", "kinesis_data_stream", "kinesis_firehose",
                 "ses", "secrets_manager", "ssm_parameter_store", "kms_key", "step_functions", "eventbridge")
DYNAMIC_PORTS = PortRange(32768, 65535)


def _cluster_of(ctx: RuleContext, node: Node) -> Node | None:
    return node if node.kind == "ecs_cluster" else ctx.index.enclosing(node.id, "ecs_cluster")


def _container_instances(ctx: RuleContext, cluster: Node) -> list[Node]:
    found: list[Node] = []
    for node in ctx.index.descendants(cluster.id):
        if node.kind == "ec2":
            found.append(node)
        elif node.kind == "asg":
            members = [ctx.diagram.nodes[m] for m in ctx.index.asg_members(node.id)]
            found.extend(members or [node])
    return found


def _launch_type(ctx: RuleContext, service: Node) -> str:
    return ctx.props(service).launch_type if service.kind != "fargate_task" else "FARGATE"  # type: ignore[attr-defined]


@rule("CTR-ECS-001", "error", pillars=("reliability",))
def ec2_launch_type_has_instances(ctx: RuleContext) -> Iterator[Hit]:
    """The EC2 launch type needs container instances (usually an ASG) registered with the cluster."""
    for cluster in ctx.index.of_kind("ecs_cluster"):
        ec2_services = [s.id for s in ctx.index.descendants(cluster.id)
                        if s.kind in SERVICE_KINDS and _launch_type(ctx, s) == "EC2"]
        wants_ec2 = "EC2" in ctx.props(cluster).launch_types or ec2_services  # type: ignore[attr-defined]
        if wants_ec2 and not _container_instances(ctx, cluster):
            yield hit([cluster.id, *ec2_services], f"{name(ctx, cluster.id)} runs tasks on the EC2 launch type but has "
                                                   "no container instances, so the tasks cannot be placed.",
                      f"Add an Auto Scaling group of ECS-optimized instances (with an instance profile) to "
                      f"{name(ctx, cluster.id)}, or run the tasks on Fargate.")


@rule("CTR-ECS-002", "error", pillars=("reliability",))
def cluster_in_one_vpc(ctx: RuleContext) -> Iterator[Hit]:
    """An ECS cluster may span AZs but lives in one VPC."""
    f = facts(ctx)
    for cluster in ctx.index.of_kind("ecs_cluster"):
        vpcs: dict[str, None] = {}
        for node in ctx.index.descendants(cluster.id):
            for subnet in f.placed_subnets(node):
                vpc = ctx.index.vpc_of(subnet)
                if vpc is not None:
                    vpcs[vpc.id] = None
        if len(vpcs) > 1:
            yield hit([cluster.id, *vpcs], f"{name(ctx, cluster.id)} places tasks or instances in several VPCs "
                                           f"({names(ctx, vpcs)}); a cluster lives in one VPC.",
                      f"Keep the subnets of {name(ctx, cluster.id)} in one VPC, or split it into one cluster per VPC.")


@rule("CTR-ROLE-001", "warning", pillars=("security",))
def task_role(ctx: RuleContext) -> Iterator[Hit]:
    """Each service that calls AWS APIs gets its own task role."""
    f = facts(ctx)
    for service in ctx.index.of_kind(*SERVICE_KINDS):
        if ctx.props(service).task_role or _eventbridge_starters(ctx, service):  # type: ignore[attr-defined]
            continue  # tasks started by EventBridge are CTR-EB-001's error
        calls = [e.target for e in f.traffic_out(service.id)
                 if e.target in ctx.diagram.nodes and ctx.diagram.nodes[e.target].kind in AWS_API_KINDS]
        if calls:
            yield hit([service.id, *calls], f"{name(ctx, service.id)} calls {names(ctx, calls)} without a task role, "
                                            "so it falls back on the instance's permissions (shared by every task) or "
                                            "is denied.",
                      f"Give {name(ctx, service.id)} a task role allowing exactly these calls.")


def _lb_sgs_for(ctx: RuleContext, service: Node) -> list[tuple[Node, set[str]]]:
    f = facts(ctx)
    result = []
    for lb_id in f.lb_of_target.get(service.id, []):
        lb = ctx.diagram.nodes[lb_id]
        sgs = {sg.id for sg in ctx.index.security_groups_of(lb_id)}
        if lb.kind in ("alb", "nlb") and sgs:
            result.append((lb, sgs))
    return result


def _admits(ctx: RuleContext, target: Node, sources: set[str], ports: PortRange) -> bool | None:
    """Whether target's SGs admit ``ports`` from one of the ``sources`` SGs (None when it has no SG)."""
    sgs = ctx.index.security_groups_of(target.id)
    if not sgs:
        return None
    for sg in sgs:
        for rule_ in ctx.props(sg).inbound:  # type: ignore[attr-defined]
            if rule_.sg in sources and rule_.port.covers(ports):
                return True
    return False


@rule("CTR-LB-001", "error", pillars=("reliability",))
def dynamic_ports_from_alb(ctx: RuleContext) -> Iterator[Hit]:
    """EC2 launch type behind an ALB: container instances admit the dynamic host port range from the ALB SG."""
    for service in ctx.index.of_kind(*SERVICE_KINDS):
        cluster = _cluster_of(ctx, service)
        if cluster is None or _launch_type(ctx, service) != "EC2":
            continue
        for lb, sgs in _lb_sgs_for(ctx, service):
            blocked = [i.id for i in _container_instances(ctx, cluster) if _admits(ctx, i, sgs, DYNAMIC_PORTS) is False]
            if blocked:
                yield hit([service.id, lb.id, *blocked],
                          f"{name(ctx, lb.id)} reaches the tasks of {name(ctx, service.id)} on dynamic host ports "
                          f"(32768-65535), but the security group of {names(ctx, blocked)} does not admit that range "
                          f"from {name(ctx, lb.id)}.",
                          f"Allow TCP 32768-65535 from the security group of {name(ctx, lb.id)} on the container "
                          "instances.")


@rule("CTR-LB-002", "error", pillars=("reliability",))
def task_port_from_alb(ctx: RuleContext) -> Iterator[Hit]:
    """Fargate (awsvpc) tasks behind an ALB: the task SG admits the container port from the ALB SG."""
    for service in ctx.index.of_kind(*SERVICE_KINDS):
        if _launch_type(ctx, service) != "FARGATE":
            continue
        port = ctx.props(service).container_port  # type: ignore[attr-defined]
        for lb, sgs in _lb_sgs_for(ctx, service):
            if _admits(ctx, service, sgs, PortRange(port, port)) is False:
                yield hit([service.id, lb.id], f"The security group of {name(ctx, service.id)} does not admit its "
                                               f"container port {port} from {name(ctx, lb.id)}, so the load balancer "
                                               "cannot reach the tasks.",
                          f"Allow TCP {port} from the security group of {name(ctx, lb.id)} on the tasks of "
                          f"{name(ctx, service.id)}.")


@rule("CTR-SCALE-001", "warning", pillars=("reliability", "performance"))
def service_scaling_has_capacity(ctx: RuleContext) -> Iterator[Hit]:
    """EC2 launch type: service auto scaling needs a capacity provider (or ASG scaling) for new tasks."""
    for service in ctx.index.of_kind(*SERVICE_KINDS):
        p = ctx.props(service)
        if _launch_type(ctx, service) != "EC2" or not p.autoscaling or p.capacity_provider:  # type: ignore[attr-defined]
            continue
        cluster = _cluster_of(ctx, service)
        if cluster is not None and ctx.props(cluster).capacity_providers:  # type: ignore[attr-defined]
            continue
        yield hit(service.id, f"{name(ctx, service.id)} scales its tasks but nothing scales the EC2 instances under "
                              "them: new tasks wait for capacity that never comes.",
                  f"Add an ASG capacity provider (managed scaling) to the cluster of {name(ctx, service.id)}.",
                  quick_fix=QuickFix("Use an ASG capacity provider", lambda d, i=service.id: set_node_fields(
                      d, i, props={"capacity_provider": "asg-capacity-provider"})))


@rule("CTR-ROLL-001", "error", pillars=("reliability",), aliases=("containers.rolling_update_stuck",))
def rolling_update_can_progress(ctx: RuleContext) -> Iterator[Hit]:
    """Minimum healthy % <= 100 <= maximum %, and (100, 100) leaves no room to roll."""
    for service in ctx.index.of_kind("ecs_service"):
        p = ctx.props(service)
        low, high = p.min_healthy_pct, p.max_pct  # type: ignore[attr-defined]
        if low <= 100 <= high and not (low == 100 and high == 100):
            continue
        yield hit(service.id, f"{name(ctx, service.id)} has minimum healthy {low}% and maximum {high}%: a rolling "
                              "update cannot start a new task or stop an old one.",
                  f"Set {name(ctx, service.id)} to minimum healthy 100% and maximum 200% (or lower the minimum).",
                  quick_fix=QuickFix("Use 100% / 200%", lambda d, i=service.id: set_node_fields(
                      d, i, props={"min_healthy_pct": 100, "max_pct": 200})))


def _eventbridge_starters(ctx: RuleContext, service: Node) -> list[str]:
    """EventBridge rules with a flow or relation into ``service`` (they run its tasks)."""
    edges = ctx.diagram.edges
    sources = [edges[i].source for i in ctx.index.in_edges.get(service.id, ())]
    return list(dict.fromkeys(s for s in sources if s in ctx.diagram.nodes and ctx.diagram.nodes[s].kind == "eventbridge"))


@rule("CTR-EB-001", "error", pillars=("security",))
def eventbridge_task_role(ctx: RuleContext) -> Iterator[Hit]:
    """An ECS task started by an EventBridge rule needs a task role for the resources it touches."""
    f = facts(ctx)
    for service in ctx.index.of_kind(*SERVICE_KINDS):
        rules = _eventbridge_starters(ctx, service)
        touched = [e.target for e in f.traffic_out(service.id) if e.target in ctx.diagram.nodes
                   and ctx.diagram.nodes[e.target].kind in AWS_API_KINDS]
        if rules and touched and not ctx.props(service).task_role:  # type: ignore[attr-defined]
            yield hit([service.id, *rules, *touched],
                      f"{name(ctx, rules[0])} starts {name(ctx, service.id)}, which uses {names(ctx, touched)} but has "
                      "no task role, so those calls are denied.",
                      f"Give the task definition of {name(ctx, service.id)} a task role allowing access to "
                      f"{names(ctx, touched)}.")


@rule("CTR-FG-001", "error", pillars=("reliability",))
def fargate_tasks_fit_subnets(ctx: RuleContext) -> Iterator[Hit]:
    """Each Fargate task takes an IP of its subnet: the subnets must hold the maximum task count."""
    f = facts(ctx)
    tasks: dict[str, int] = {}
    owners: dict[str, list[str]] = {}
    for service in ctx.index.of_kind(*SERVICE_KINDS):
        if _launch_type(ctx, service) != "FARGATE":
            continue
        subnets = f.placed_subnets(service)
        count = max(ctx.props(service).desired, int(ctx.intent(service, "max_tasks") or 0))  # type: ignore[attr-defined]
        for subnet in subnets:
            tasks[subnet] = tasks.get(subnet, 0) + math.ceil(count / len(subnets))
            owners.setdefault(subnet, []).append(service.id)
    for subnet, count in tasks.items():
        usable = max(parse_ipv4_cidr(ctx.props(subnet).cidr).num_addresses - 5, 0)  # type: ignore[attr-defined]
        others = sum(1 for child in ctx.index.children.get(subnet, ()) if child not in owners[subnet])
        if count > usable:
            yield hit([subnet, *owners[subnet]], f"{names(ctx, owners[subnet])} may run {count} Fargate tasks in "
                                                 f"{name(ctx, subnet)}, which has only {usable} usable addresses (one per "
                                                 "task).",
                      f"Use a larger subnet than {name(ctx, subnet)} (or spread the tasks over more subnets).")
        elif count + others > usable:
            yield hit([subnet, *owners[subnet]], f"{name(ctx, subnet)} has {usable} usable addresses for {count} Fargate "
                                                 f"tasks and {others} other resources.",
                      f"Use a larger subnet than {name(ctx, subnet)} or move some resources out of it.",
                      severity="warning")
