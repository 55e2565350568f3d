"""Architecture-pattern rules (rules.md section 13, Beanstalk) and the case studies' lessons.

The web tier behind a load balancer is found through :mod:`design_facts`. Instance properties say what the
application does: ``stores_state`` (sessions kept in local memory or disk), ``cookie_state_bytes`` (state
carried in client cookies). Shared uploads on per-instance EBS (ARCH-SHARED-001) are the same condition as
EBS-SHARE-001, checked once in ``area_ec2``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.model.props import LB_KINDS
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import OUTSIDE_KINDS, facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

COOKIE_LIMIT_BYTES = 4096
#: What counts as a service in call-graph lessons: functions, containers, environments and Auto Scaling groups
#: (an ASG member stands for its group; a lone EC2 instance in a network demo is not a service).
SERVICE_KINDS = ("lambda", "ecs_service", "ecs_task", "fargate_task", "asg", "beanstalk_env", "eks_pod")
SYNC_HOPS = (*LB_KINDS, "api_gateway")
PROVISIONED_KINDS = ("ec2", "rds", "aurora_instance", "redshift", "elasticache", "nat_instance", "amazon_mq",
                     "eks_node", "neptune", "documentdb")
SPRAWL_FANOUT = 3
CHAIN_LENGTH = 3


def _tier_flag(ctx: RuleContext, node_ids: list[str], flag: str) -> list[str]:
    """The nodes (or their ASGs) whose property ``flag`` is set."""
    found = []
    for node_id in node_ids:
        node = ctx.diagram.nodes[node_id]
        asg = getattr(ctx.props(node), "member_of", None)
        values = [getattr(ctx.props(node), flag, None)]
        if asg and asg in ctx.diagram.nodes:
            values.append(getattr(ctx.props(asg), flag, None))
        if any(values):
            found.append(node_id)
    return found


def _tier_size(ctx: RuleContext, lb: Node) -> int:
    """Instances serving behind ``lb``: drawn instances, or an ASG's maximum when it has no drawn members."""
    f = facts(ctx)
    count = 0
    for node_id in f.lb_instances(lb.id):
        node = ctx.diagram.nodes[node_id]
        count += ctx.props(node).max if node.kind == "asg" else 1  # type: ignore[attr-defined]
    return count


@rule("ARCH-WEB-001", "warning", pillars=("reliability",), aliases=("avail.single_instance_spof",))
def single_serving_instance(ctx: RuleContext) -> Iterator[Hit]:
    """A user-facing workload served by exactly one instance, with no load balancer or ASG, is one failure away
    from an outage. (Several instances reached directly are EC2-EIP-003's and R53-TTL-002's lessons.)"""
    f = facts(ctx)
    served = {e.target for user in ctx.index.of_kind(*OUTSIDE_KINDS) for e in f.traffic_out(user.id)
              if e.target in ctx.diagram.nodes and ctx.diagram.nodes[e.target].kind == "ec2"}
    for record in ctx.index.of_kind("route53_record"):
        served |= {t for t in ctx.props(record).targets  # type: ignore[attr-defined]
                   if t in ctx.diagram.nodes and ctx.diagram.nodes[t].kind == "ec2"}
    served = {s for s in served if not ctx.props(s).member_of and s not in f.lb_of_target}  # type: ignore[attr-defined]
    if len(served) != 1:
        return
    instance = ctx.diagram.nodes[next(iter(served))]
    tolerant = ctx.intent(instance, "downtime_ok") or ctx.settings.get("downtime_ok")
    yield hit(instance.id, f"{name(ctx, instance.id)} alone serves the users: if it fails, is resized or its AZ goes "
                           "down, the application is down.",
              f"Run the application on an Auto Scaling group of at least two instances in two AZs behind a load "
              f"balancer, and point the DNS name at the load balancer instead of {name(ctx, instance.id)}.",
              severity="info" if tolerant else None)


@rule("ARCH-STATE-001", "error", pillars=("reliability",))
def stateful_tier_without_session_store(ctx: RuleContext) -> Iterator[Hit]:
    """Several instances behind an LB keep sessions in local memory, with no stickiness and no external store:
    the next request lands elsewhere and the session (a shopping cart) is lost.

    Severity: ``error`` as the case studies assume (``state.no_session_store``): the feature cannot work as
    drawn, which is the severity discipline's definition of an error.
    """
    f = facts(ctx)
    for lb in ctx.index.of_kind(*LB_KINDS):
        instances = f.lb_instances(lb.id)
        stateful = _tier_flag(ctx, instances, "stores_state")
        if not stateful or _tier_size(ctx, lb) < 2 or f.stickiness_on(lb):
            continue
        targets = [*instances, *f.lb_targets.get(lb.id, [])]
        if any(t in f.session_store_users for t in targets) or _tier_flag(ctx, instances, "cookie_state_bytes"):
            continue
        yield hit([lb.id, *stateful], f"{names(ctx, stateful)} keep user sessions in local memory behind "
                                      f"{name(ctx, lb.id)}, with no stickiness and no shared session store: a user's "
                                      "next request lands on another instance and the session (e.g. the cart) is "
                                      "lost.",
                  f"Add a Redis/ElastiCache (or DynamoDB) session store and point {names(ctx, stateful)} at it, or "
                  f"enable stickiness on {name(ctx, lb.id)}.",
                  quick_fix=QuickFix(f"Enable stickiness on {name(ctx, lb.id)}", lambda d, i=lb.id: set_node_fields(
                      d, i, props={"stickiness": {**(d.nodes[i].props.get("stickiness") or {}), "enabled": True}})))


def _cookie_nodes(ctx: RuleContext) -> list[Node]:
    """Instances and ASGs that carry state in cookies (raw lookup first: this scans every instance)."""
    return [n for n in ctx.index.of_kind("ec2", "asg")
            if n.props.get("cookie_state_bytes") and ctx.props(n).cookie_state_bytes]  # type: ignore[attr-defined]


@rule("ARCH-COOKIE-001", "error", pillars=("reliability", "security"))
def cookie_state_size(ctx: RuleContext) -> Iterator[Hit]:
    """Browsers keep at most 4 KB per cookie: larger client-side state is cut off."""
    for instance in _cookie_nodes(ctx):
        size = ctx.props(instance).cookie_state_bytes  # type: ignore[attr-defined]
        if size > COOKIE_LIMIT_BYTES:
            yield hit(instance.id, f"{name(ctx, instance.id)} keeps {size} bytes of state in a cookie; browsers cap a "
                                   "cookie at 4 KB, so the state is cut off.",
                      f"Keep only a session id in the cookie and store the state of {name(ctx, instance.id)} in "
                      "ElastiCache or DynamoDB.")


@rule("state.client_cookie_state", "warning", section="MyClothes", lines="§MyClothes L2319-2328",
      summary="Full application state travels in client cookies", pillars=("security", "performance"))
def client_cookie_state(ctx: RuleContext) -> Iterator[Hit]:
    """State in cookies makes every request heavier, is limited to 4 KB and can be tampered with."""
    carriers = _cookie_nodes(ctx)
    nodes = [n for n in carriers if not getattr(ctx.props(n), "member_of", None)]
    members = [n for n in carriers if getattr(ctx.props(n), "member_of", None)]
    by_asg: dict[str, list[str]] = defaultdict(list)
    for member in members:
        by_asg[ctx.props(member).member_of].append(member.id)  # type: ignore[attr-defined]
    groups = [[n.id] for n in nodes] + list(by_asg.values())
    for group in groups:
        yield hit(group, f"{names(ctx, group)} keep the whole session state in client cookies: every request carries "
                         "it, it is limited to 4 KB, and users can alter it, so the servers must validate it.",
                  "Keep only a session id in the cookie and the state server-side in ElastiCache or DynamoDB.")


@rule("BEAN-ENV-001", "error", pillars=("reliability",))
def beanstalk_worker_tier(ctx: RuleContext) -> Iterator[Hit]:
    """A Beanstalk worker environment consumes an SQS queue and takes no direct client traffic."""
    f = facts(ctx)
    for env in ctx.index.of_kind("beanstalk_env"):
        p = ctx.props(env)
        if p.tier != "worker":  # type: ignore[attr-defined]
            continue
        callers = [e.source for e in f.traffic_in(env.id) if e.source in ctx.diagram.nodes
                   and ctx.diagram.nodes[e.source].kind in (*OUTSIDE_KINDS, *LB_KINDS)]
        queue_edges = [e for e in [*f.traffic_in(env.id), *f.traffic_out(env.id)]
                       if ctx.diagram.nodes.get(e.source if e.target == env.id else e.target) is not None
                       and ctx.diagram.nodes[e.source if e.target == env.id else e.target].kind == "sqs_queue"]
        if callers:
            yield hit([env.id, *callers], f"{name(ctx, env.id)} is a Beanstalk worker environment but receives traffic "
                                          f"from {names(ctx, callers)}; workers take jobs from an SQS queue only.",
                      f"Send the requests to a web environment that puts jobs on the queue of {name(ctx, env.id)}.")
        if not p.queue and not queue_edges:  # type: ignore[attr-defined]
            yield hit(env.id, f"{name(ctx, env.id)} is a Beanstalk worker environment without an SQS queue, so it never "
                              "receives work.", f"Give {name(ctx, env.id)} an SQS queue.")


@rule("arch.not_serverless", "info", section="Serverless Website: MyBlog", lines="§Serverless Website: MyBlog L5050-5101",
      summary="A design required to be fully serverless contains provisioned components",
      pillars=("operational_excellence", "cost"))
def provisioned_in_serverless_design(ctx: RuleContext) -> Iterator[Hit]:
    """When the requirements say "fully serverless", servers and provisioned databases do not belong."""
    if not ctx.settings.get("serverless_required"):
        return
    provisioned = [n.id for n in ctx.index.of_kind(*PROVISIONED_KINDS)]
    if provisioned:
        what = "is a provisioned server or database" if len(provisioned) == 1 else "are provisioned servers or databases"
        yield hit(provisioned, f"The design must be fully serverless, but {names(ctx, provisioned[:5])}"
                               f"{' and others' if len(provisioned) > 5 else ''} {what}.",
                  "Use Lambda, Fargate, DynamoDB, Aurora Serverless or ElastiCache Serverless instead.")


def _service_graph(ctx: RuleContext) -> dict[str, list[str]]:
    """Service -> services it calls synchronously (directly, or through one LB / API Gateway hop); built once
    per validation run and shared by the call-graph lessons."""
    cached = getattr(ctx, "_service_graph", None)
    if cached is None:
        cached = _build_service_graph(ctx)
        ctx._service_graph = cached  # type: ignore[attr-defined]
    return cached


def _build_service_graph(ctx: RuleContext) -> dict[str, list[str]]:
    f = facts(ctx)
    nodes = ctx.diagram.nodes

    def unit(node_id: str) -> str:
        asg = nodes[node_id].props.get("member_of")  # raw lookup: this runs for every instance
        return asg if isinstance(asg, str) and asg in nodes else node_id

    def is_service(node_id: str) -> bool:
        return node_id in nodes and nodes[unit(node_id)].kind in SERVICE_KINDS

    index_out = ctx.index.out_edges
    graph: dict[str, dict[str, None]] = defaultdict(dict)
    for node in ctx.index.of_kind(*SERVICE_KINDS, "ec2"):
        if not index_out.get(node.id) or not is_service(node.id):
            continue
        source = unit(node.id)
        for edge in f.traffic_out(node.id):
            target = nodes.get(edge.target)
            if target is None:
                continue
            if is_service(target.id):
                if unit(target.id) != source:
                    graph[source][unit(target.id)] = None
            elif target.kind in SYNC_HOPS:
                hops = f.lb_targets.get(target.id) or [ctx.diagram.edges[e].target
                                                       for e in ctx.index.out_edges.get(target.id, ())]
                for hop in hops:
                    if is_service(hop) and unit(hop) != source:
                        graph[source][unit(hop)] = None
    return {k: list(v) for k, v in graph.items()}


@rule("SLS-PAT-005", "info", pillars=("reliability", "performance"))
def synchronous_call_chain(ctx: RuleContext) -> Iterator[Hit]:
    """Three or more services calling each other synchronously: one slow service stalls them all."""
    graph = _service_graph(ctx)
    longest: dict[str, list[str]] = {}

    def chain(node: str, visiting: set[str]) -> list[str]:
        if node in longest:
            return longest[node]
        visiting.add(node)
        best: list[str] = []
        for nxt in graph.get(node, []):
            if nxt not in visiting:
                candidate = chain(nxt, visiting)
                if len(candidate) > len(best):
                    best = candidate
        visiting.discard(node)
        longest[node] = [node, *best]
        return longest[node]

    called = {t for targets in graph.values() for t in targets}
    for head in graph:
        if head in called:
            continue
        path = chain(head, set())
        if len(path) >= CHAIN_LENGTH:
            yield hit(path, f"{' -> '.join(name(ctx, p) for p in path)} call each other synchronously: a slow or "
                            "failed service at the end stalls every caller before it.",
                      "Decouple the chain with a queue or topic (SQS, SNS, Kinesis) where the caller does not need the "
                      "answer at once.")


@rule("arch.point_to_point_sprawl", "info", section="SNS and SQS - Fan Out Pattern",
      lines="§SNS and SQS - Fan Out Pattern L3991-4003", summary="One producer calls three or more consumers directly",
      pillars=("operational_excellence", "reliability"))
def point_to_point_sprawl(ctx: RuleContext) -> Iterator[Hit]:
    """A producer calling many consumers itself must change whenever a consumer is added: publish to SNS."""
    for source, targets in _service_graph(ctx).items():
        if len(targets) >= SPRAWL_FANOUT:
            yield hit([source, *targets], f"{name(ctx, source)} calls {names(ctx, targets)} one by one.",
                      f"Let {name(ctx, source)} publish one message to an SNS topic and subscribe the consumers (with "
                      "SQS queues for durability).")


@rule("arch.tight_coupling", "info", section="Introduction to Messaging", lines="§Introduction to Messaging L3713-3727",
      summary="A synchronous call into a tier that faces spiky load", pillars=("reliability", "performance"))
def sync_call_into_spiky_tier(ctx: RuleContext) -> Iterator[Hit]:
    """Sudden spikes pass straight through a synchronous call; a queue absorbs them."""
    for source, targets in _service_graph(ctx).items():
        spiky = [t for t in targets if ctx.intent(t, "spiky_load")]
        if spiky:
            yield hit([source, *spiky], f"{name(ctx, source)} calls {names(ctx, spiky)} synchronously although "
                                        f"{'it faces' if len(spiky) == 1 else 'they face'} spiky load.",
                      f"Put an SQS queue between {name(ctx, source)} and {names(ctx, spiky)} and scale the consumers on "
                      "the queue depth.")
