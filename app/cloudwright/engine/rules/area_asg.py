"""ASG rules (rules.md section 8) and the case studies' ``avail.no_auto_scaling``.

An Auto Scaling group lists its ``subnets`` (or sits in one); its instances are ``ec2`` nodes whose
``member_of`` names it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.props import LB_KINDS
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import edge_access, facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule


@rule("ASG-CAP-001", "error", pillars=("reliability",), aliases=("asg.capacity_order",))
def capacity_order(ctx: RuleContext) -> Iterator[Hit]:
    """0 <= min <= desired <= max, or AWS refuses the group."""
    for asg in ctx.index.of_kind("asg"):
        p = ctx.props(asg)
        low, want, high = p.min, p.desired, p.max  # type: ignore[attr-defined]
        if low <= want <= high:
            continue
        new_max = max(high, low)
        new_desired = min(max(want, low), new_max)
        yield hit(asg.id, f"{name(ctx, asg.id)} has min {low}, desired {want}, max {high}; AWS needs "
                          "min <= desired <= max.",
                  f"Set {name(ctx, asg.id)} to min {low}, desired {new_desired}, max {new_max}.",
                  quick_fix=QuickFix(f"Set min {low} / desired {new_desired} / max {new_max}",
                                     lambda d, i=asg.id, x=new_desired, m=new_max: set_node_fields(
                                         d, i, props={"desired": x, "max": m})))


@rule("ASG-AZ-001", "warning", pillars=("reliability",), aliases=("avail.single_az",))
def asg_spans_two_azs(ctx: RuleContext) -> Iterator[Hit]:
    """An ASG should launch into subnets of at least two AZs."""
    f = facts(ctx)
    for asg in ctx.index.of_kind("asg"):
        azs = f.azs_of(asg)
        if not azs:
            azs = {az: [] for m in ctx.index.asg_members(asg.id) if (az := ctx.index.az_key(m)) is not None}
        if len(azs) != 1:
            continue
        az, subnets = next(iter(azs.items()))
        spare = f.spare_subnet(subnets[0], azs) if subnets else None
        quick = None
        if spare is not None:
            quick = QuickFix(f"Add {name(ctx, spare)} to {name(ctx, asg.id)}",
                             lambda d, i=asg.id, s=list(subnets), x=spare: set_node_fields(
                                 d, i, props={"subnets": [*s, x]}))
        yield hit([asg.id, *subnets], f"{name(ctx, asg.id)} launches instances in one AZ only ({az}); an AZ "
                                      "outage takes the whole tier down.",
                  f"Add {name(ctx, spare) if spare else 'a subnet of a second AZ'} to the subnets of "
                  f"{name(ctx, asg.id)}.", quick_fix=quick)


@rule("ASG-HA-001", "warning", pillars=("reliability", "cost"))
def minimum_keeps_tier_available(ctx: RuleContext) -> Iterator[Hit]:
    """A tier that must stay up (intent ``ha`` or ``min_running``) needs min >= 2 (or the stated count)."""
    for asg in ctx.index.of_kind("asg"):
        p = ctx.props(asg)
        required = ctx.intent(asg, "min_running")
        needed = int(required) if required else (2 if ctx.intent(asg, "ha") else 0)
        if needed and p.min < needed:  # type: ignore[attr-defined]
            yield hit(asg.id, f"{name(ctx, asg.id)} must keep {needed} instances running but its minimum is "
                              f"{p.min}, so scale-in can drop below that.",  # type: ignore[attr-defined]
                      f"Set the minimum of {name(ctx, asg.id)} to {needed} (one per AZ at least) and reserve that "
                      "baseline capacity.",
                      quick_fix=QuickFix(f"Set the minimum to {needed}",
                                         lambda d, i=asg.id, k=needed, pp=p: set_node_fields(d, i, props={
                                             "min": k, "desired": max(k, pp.desired), "max": max(k, pp.max)})))


@rule("ASG-NET-001", "error", pillars=("reliability",))
def asg_in_one_vpc(ctx: RuleContext) -> Iterator[Hit]:
    """An ASG's subnets, security groups and load balancers all belong to one VPC."""
    index = ctx.index
    for asg in ctx.index.of_kind("asg"):
        p = ctx.props(asg)
        vpcs = {v.id for s in p.subnets if s in ctx.diagram.nodes  # type: ignore[attr-defined]
                if (v := index.vpc_of(s)) is not None}
        if len(vpcs) > 1:
            yield hit([asg.id, *sorted(vpcs)], f"{name(ctx, asg.id)} lists subnets of several VPCs "
                                                f"({names(ctx, sorted(vpcs))}); an ASG lives in one VPC.",
                      f"Keep only subnets of one VPC in {name(ctx, asg.id)}.")
            continue
        home = next(iter(vpcs), None) or (v.id if (v := index.vpc_of(asg.id)) is not None else None)
        if home is None:
            continue
        refs = [*p.security_groups, *p.load_balancers]  # type: ignore[attr-defined]
        foreign = [r for r in refs if r in ctx.diagram.nodes
                   and (v := index.vpc_of(facts(ctx).tg_owner.get(r, r))) is not None and v.id != home]
        if foreign:
            yield hit([asg.id, *foreign], f"{name(ctx, asg.id)} is in {name(ctx, home)} but uses "
                                          f"{names(ctx, foreign)} from another VPC.",
                      f"Use security groups and load balancers of {name(ctx, home)} for {name(ctx, asg.id)}.")


@rule("ASG-LT-001", "error", pillars=("operational_excellence",))
def one_launch_template(ctx: RuleContext) -> Iterator[Hit]:
    """An ASG uses exactly one launch template or launch configuration, not both."""
    for asg in ctx.index.of_kind("asg"):
        p = ctx.props(asg)
        if p.launch_template and p.launch_config:  # type: ignore[attr-defined]
            yield hit(asg.id, f"{name(ctx, asg.id)} names both a launch template and a launch configuration; "
                              "an ASG takes exactly one.",
                      f"Remove the launch configuration from {name(ctx, asg.id)} and keep the launch template.",
                      quick_fix=QuickFix("Keep the launch template only", lambda d, i=asg.id: set_node_fields(
                          d, i, props={"launch_config": None})))


@rule("ASG-LT-002", "warning", pillars=("operational_excellence", "cost"))
def prefer_launch_templates(ctx: RuleContext) -> Iterator[Hit]:
    """Launch configurations are legacy; mixing On-Demand and Spot needs a launch template."""
    for asg in ctx.index.of_kind("asg"):
        p = ctx.props(asg)
        if not p.launch_config or p.launch_template:  # type: ignore[attr-defined]
            continue
        mixed = p.mixed_instances  # type: ignore[attr-defined]
        yield hit(asg.id, f"{name(ctx, asg.id)} uses a launch configuration"
                          + (", which cannot mix On-Demand and Spot instances." if mixed
                             else ", the legacy (and immutable) way to describe instances."),
                  f"Replace the launch configuration of {name(ctx, asg.id)} with a launch template.",
                  severity="error" if mixed else None)


@rule("ASG-LB-001", "info", pillars=("reliability",))
def use_elb_health_checks(ctx: RuleContext) -> Iterator[Hit]:
    """An ASG behind a load balancer should use ELB health checks, so unhealthy instances are replaced."""
    behind = facts(ctx).lb_of_target
    for asg in ctx.index.of_kind("asg"):
        lbs = behind.get(asg.id) or [lb for m in ctx.index.asg_members(asg.id) for lb in behind.get(m, [])]
        if lbs and ctx.props(asg).health_check_type == "EC2":  # type: ignore[attr-defined]
            yield hit([asg.id, lbs[0]], f"{name(ctx, asg.id)} sits behind {name(ctx, lbs[0])} but only uses EC2 "
                                        "status checks: an instance whose application fails keeps running.",
                      f"Set the health check type of {name(ctx, asg.id)} to ELB.",
                      quick_fix=QuickFix("Use ELB health checks", lambda d, i=asg.id: set_node_fields(
                          d, i, props={"health_check_type": "ELB"})),
                      severity="warning")


@rule("ASG-POL-001", "info", pillars=("performance", "cost"))
def step_policy_has_alarm(ctx: RuleContext) -> Iterator[Hit]:
    """A simple or step scaling policy runs only when a CloudWatch alarm triggers it."""
    alarmed = {ctx.diagram.edges[e].target for a in ctx.index.of_kind("cloudwatch_alarm")
               for e in ctx.index.out_edges.get(a.id, ())}
    for asg in ctx.index.of_kind("asg"):
        policy = (ctx.props(asg).scaling_policy or "").lower()  # type: ignore[attr-defined]
        if policy in ("simple", "step") and asg.id not in alarmed:
            yield hit(asg.id, f"{name(ctx, asg.id)} has a {policy} scaling policy but no CloudWatch alarm drives "
                              "it, so it never scales.",
                      f"Add a CloudWatch alarm (e.g. CPUUtilization > 70%) that triggers the policy of "
                      f"{name(ctx, asg.id)}, or use target tracking.",
                      severity="warning")


@rule("avail.no_auto_scaling", "warning", section="WhatIsTheTime", lines="§WhatIsTheTime L2251-2255",
      summary="Several identical instances behind a load balancer are managed by hand, with no ASG",
      pillars=("reliability", "operational_excellence"))
def instances_without_asg(ctx: RuleContext) -> Iterator[Hit]:
    """Two or more hand-managed instances behind an LB: no automatic replacement or scaling."""
    f = facts(ctx)
    for lb in ctx.index.of_kind(*LB_KINDS):
        manual = [t for t in f.lb_targets.get(lb.id, []) if ctx.diagram.nodes[t].kind == "ec2"
                  and not ctx.props(t).member_of]  # type: ignore[attr-defined]
        if len(manual) >= 2:
            yield hit([lb.id, *manual], f"{names(ctx, manual)} sit behind {name(ctx, lb.id)} but no Auto Scaling "
                                        "group manages them: a failed instance is not replaced and capacity does "
                                        "not follow the load.",
                      f"Create an Auto Scaling group from a launch template of these instances, attach it to "
                      f"{name(ctx, lb.id)} and let it manage {names(ctx, manual)}.")


@rule("ASG-POL-002", "warning", pillars=("performance", "cost"))
def queue_workers_scale_on_backlog(ctx: RuleContext) -> Iterator[Hit]:
    """An ASG of queue consumers should scale on the queue backlog per instance, not on CPU."""
    f = facts(ctx)
    for asg in ctx.index.of_kind("asg"):
        units = [asg.id, *ctx.index.asg_members(asg.id)]
        queues = {e.source for u in units for e in f.traffic_in(u) if ctx.diagram.nodes[e.source].kind == "sqs_queue"}
        queues |= {e.target for u in units for e in f.traffic_out(u)
                   if e.target in ctx.diagram.nodes and ctx.diagram.nodes[e.target].kind == "sqs_queue"
                   and edge_access(e) == "read"}
        policy = (ctx.props(asg).scaling_policy or "").lower()  # type: ignore[attr-defined]
        if queues and not any(word in policy for word in ("queue", "backlog", "sqs")):
            yield hit([asg.id, *sorted(queues)], f"{name(ctx, asg.id)} consumes {names(ctx, sorted(queues))} but does "
                                                 f"not scale on the queue ({policy or 'no scaling policy'}), so a backlog "
                                                 "grows without adding workers.",
                      f"Scale {name(ctx, asg.id)} with target tracking on a custom metric: queue backlog per instance "
                      "(ApproximateNumberOfMessages / running instances).",
                      quick_fix=QuickFix("Scale on the queue backlog", lambda d, i=asg.id: set_node_fields(
                          d, i, props={"scaling_policy": "target_tracking_backlog_per_instance"})))
