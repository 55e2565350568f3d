"""Cost rules (rules.md section 25) and the case studies' ``cost.capacity_not_reserved``.

Data-transfer rules read a flow's optional ``volume_gb_month`` and ``addressing`` (``public`` when the flow
uses public or Elastic IPs between AWS resources).
"""

from __future__ import annotations

from collections.abc import Iterator

from cloudwright.engine.document.edits import Batch, set_node_fields
from cloudwright.engine.model.diagram import Edge
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import OUTSIDE_KINDS, edge_access, facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

RESERVED_OPTIONS = ("reserved", "savings_plan", "dedicated_host")
HEAVY_EGRESS_GB = 1000


def _region(ctx: RuleContext, node_id: str) -> str | None:
    region = ctx.index.region_of(node_id)
    return ctx.props(region).name if region is not None else None  # type: ignore[attr-defined]


def _traffic(ctx: RuleContext) -> list[Edge]:
    return [e for e in ctx.diagram.edges.values()
            if e.kind == "traffic" and e.source in ctx.diagram.nodes and e.target in ctx.diagram.nodes]


@rule("COST-AZ-001", "warning", pillars=("cost",))
def cross_az_public_addressing(ctx: RuleContext) -> Iterator[Hit]:
    """Traffic between AZs over public or Elastic IPs costs twice the private-IP rate."""
    for edge in _traffic(ctx):
        if str(edge.props.get("addressing", "")).lower() != "public":
            continue
        here, there = ctx.index.az_key(edge.source), ctx.index.az_key(edge.target)
        if here is not None and there is not None and here != there:
            yield hit([edge.source, edge.target], f"{name(ctx, edge.source)} reaches {name(ctx, edge.target)} in "
                                                  f"another AZ through its public address, paying about $0.02/GB "
                                                  "instead of $0.01/GB over private IPs.",
                      f"Address {name(ctx, edge.target)} by its private IP (or private DNS name) from "
                      f"{name(ctx, edge.source)}.")


@rule("COST-REG-001", "info", pillars=("cost",))
def cross_region_flows(ctx: RuleContext) -> Iterator[Hit]:
    """Traffic between regions is charged (about $0.02/GB)."""
    seen: set[tuple[str, str]] = set()
    for edge in _traffic(ctx):
        a, b = _region(ctx, edge.source), _region(ctx, edge.target)
        if a and b and a != b and (a, b) not in seen:
            seen.add((a, b))
            yield hit([edge.source, edge.target], f"{name(ctx, edge.source)} ({a}) sends data to "
                                                  f"{name(ctx, edge.target)} ({b}); inter-region transfer costs about "
                                                  "$0.02/GB.",
                      "Keep chatty flows inside one region; replicate data once instead of reading it across regions.")


@rule("COST-EGR-001", "info", pillars=("cost",))
def heavy_egress(ctx: RuleContext) -> Iterator[Hit]:
    """Large transfers out of AWS are charged: process near the data and send out only results."""
    outside = (*OUTSIDE_KINDS, "corporate_dc", "on_prem_server")
    for edge in _traffic(ctx):
        volume = float(edge.props.get("volume_gb_month", 0) or 0)
        if volume < HEAVY_EGRESS_GB:
            continue
        source, target = ctx.diagram.nodes[edge.source], ctx.diagram.nodes[edge.target]
        if target.kind in outside and source.kind not in outside:
            inside, away = source, target
        elif source.kind in outside and target.kind not in outside and edge_access(edge) != "write":
            inside, away = target, source  # a download: the data flows back out
        else:
            continue
        if inside.kind == "cloudfront":
            continue  # CloudFront egress is the cheaper path the rule recommends
        yield hit([inside.id, away.id], f"{name(ctx, inside.id)} sends {volume:g} GB a month out of AWS to "
                                        f"{name(ctx, away.id)}; egress to the Internet is the most expensive transfer.",
                  f"Serve {name(ctx, away.id)} through CloudFront (cheaper egress, cached at the edge), or process the "
                  "data in AWS and send only the results.")


@rule("COST-RR-001", "info", pillars=("cost",))
def cross_region_replica(ctx: RuleContext) -> Iterator[Hit]:
    """A cross-region read replica pays for replication traffic; in-region replicas do not. A replica in the
    design's declared DR region (``settings.dr.dr_region``) is the point of the design and is not reported."""
    dr = ctx.settings.get("dr") if isinstance(ctx.settings.get("dr"), dict) else {}
    for source, replicas in facts(ctx).replicas_of.items():
        for replica in replicas:
            a, b = _region(ctx, source), _region(ctx, replica)
            if a and b and a != b and b != dr.get("dr_region"):
                yield hit([replica, source], f"{name(ctx, replica)} replicates {name(ctx, source)} from {a} to {b}; "
                                             "cross-region replication traffic is charged.",
                          "Keep it if it serves DR or local reads there; otherwise place the replica in the source's "
                          "region (same AZ for a cheap analytics replica).")


@rule("COST-S3-001", "info", pillars=("cost",))
def cross_region_bucket_replication(ctx: RuleContext) -> Iterator[Hit]:
    """S3 cross-region replication costs about $0.02/GB on top of storage in the second region."""
    for bucket in ctx.index.of_kind("s3_bucket"):
        target = ctx.props(bucket).replication_to  # type: ignore[attr-defined]
        if not target or target not in ctx.diagram.nodes:
            continue
        a, b = _region(ctx, bucket.id), _region(ctx, target)
        if a and b and a != b:
            yield hit([bucket.id, target], f"{name(ctx, bucket.id)} replicates to {name(ctx, target)} in another region "
                                           f"({a} -> {b}): about $0.02/GB transferred plus the second copy's storage.",
                      "Replicate only the prefixes that need a second region (replication rule filters).")


@rule("COST-NLB-001", "info", pillars=("cost",))
def nlb_cross_zone_charge(ctx: RuleContext) -> Iterator[Hit]:
    """NLB (and GWLB) cross-zone traffic is billed; ALB/CLB cross-zone is free."""
    for lb in ctx.index.of_kind("nlb", "gwlb"):
        if ctx.props(lb).cross_zone:  # type: ignore[attr-defined]
            yield hit(lb.id, f"{name(ctx, lb.id)} has cross-zone load balancing on, so traffic sent to targets in other "
                             "AZs is billed.",
                      f"Keep targets balanced per AZ and turn cross-zone off on {name(ctx, lb.id)} if the cost matters.")


@rule("cost.capacity_not_reserved", "info", section="WhatIsTheTime", lines="§WhatIsTheTime L2263-2267",
      summary="An always-on ASG minimum runs on On-Demand pricing", pillars=("cost",))
def baseline_on_demand(ctx: RuleContext) -> Iterator[Hit]:
    """An ASG whose minimum always runs (intent ``baseline_always_on``) should buy that baseline reserved."""
    for asg in ctx.index.of_kind("asg"):
        if not ctx.intent(asg, "baseline_always_on"):
            continue
        minimum = ctx.props(asg).min  # type: ignore[attr-defined]
        members = ctx.index.asg_members(asg.id)
        reserved = [m for m in members if ctx.props(m).purchase_option in RESERVED_OPTIONS]  # type: ignore[attr-defined]
        if len(reserved) >= minimum:
            continue
        on_demand = [m for m in members if m not in reserved][:minimum - len(reserved)]
        quick = QuickFix(f"Reserve {names(ctx, on_demand)}", lambda d, ids=on_demand: Batch(
            [set_node_fields(d, i, props={"purchase_option": "reserved"}) for i in ids], "Reserve baseline")) \
            if on_demand else None
        share = f"only {len(reserved)} of them {'is' if len(reserved) == 1 else 'are'}" if reserved else "none of them is"
        yield hit([asg.id, *on_demand], f"{name(ctx, asg.id)} always runs at least {minimum} instances, but {share} "
                                        "reserved: the steady baseline pays On-Demand prices.",
                  f"Buy Reserved Instances or a Savings Plan for the {minimum} baseline instances of {name(ctx, asg.id)}; "
                  "keep scale-out capacity On-Demand or Spot.", quick_fix=quick)


@rule("COST-EC2-001", "info", pillars=("cost",))
def spot_for_fault_tolerant_batch(ctx: RuleContext) -> Iterator[Hit]:
    """Fault-tolerant batch capacity runs far cheaper on Spot (up to 90% off)."""
    for node in ctx.index.of_kind("asg", "ec2"):
        if not ctx.intent(node, "fault_tolerant_batch") or getattr(ctx.props(node), "member_of", None):
            continue
        members = ctx.index.asg_members(node.id) if node.kind == "asg" else [node.id]
        on_demand = [m for m in members if ctx.props(m).purchase_option == "on_demand"]  # type: ignore[attr-defined]
        if on_demand or (node.kind == "asg" and not members and not ctx.props(node).mixed_instances):  # type: ignore[attr-defined]
            yield hit([node.id, *on_demand], f"{name(ctx, node.id)} runs fault-tolerant batch work on On-Demand "
                                             "capacity.",
                      f"Run {name(ctx, node.id)} on Spot Instances (or a Spot/On-Demand mix).")
