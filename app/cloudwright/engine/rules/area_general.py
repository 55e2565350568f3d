"""GEN rules (rules.md 1): regions, Availability Zones, global services, highly available tiers; legacy EC2-Classic.

The case studies' lesson "one NAT gateway serving several AZs" is NET-NAT-005 (area_nat), aliased
``net.nat_single_az``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.model.refs import iter_refs
from cloudwright.engine.rules import Hit, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import facts, title

#: Kinds AWS runs globally: they never sit in a region, VPC, AZ or subnet.
GLOBAL_KINDS = frozenset({"iam", "iam_user", "iam_group", "iam_role", "iam_policy", "route53_zone", "route53_record",
                          "route53_health_check", "cloudfront", "organization", "ou", "scp", "sso"})
EDGE_KINDS = frozenset({"cloudfront", "global_accelerator", "lambda_edge"})
#: Reference fields that may legitimately cross regions (rules.md GEN-REG-001's whitelist).
CROSS_REGION_OK = frozenset({("vpc_peering", "vpc_a"), ("vpc_peering", "vpc_b"), ("s3_bucket", "replication_to"),
                             ("s3_bucket", "logging_to"), ("rds", "replica_of"), ("aurora_instance", "replica_of"),
                             ("dx_gateway", "associations"), ("dx_connection", "gateway"),
                             ("transit_gateway", "attachments"), ("route53_record", "targets"),
                             ("cloudfront", "origins"), ("route53_record", "health_check"),
                             ("elasticache", "replica_of"), ("ebs", "source_snapshot")})
#: Kinds that join two regions by design: anything may reference them across regions.
CROSS_REGION_TARGETS = frozenset({"vpc_peering", "transit_gateway", "dx_gateway"})
#: Kinds without a region of their own (global, on-premises, the Internet side).
REGIONLESS = GLOBAL_KINDS | EDGE_KINDS | {"internet", "user", "mobile_client", "admin", "corporate_dc",
                                          "customer_gateway", "customer_router", "on_prem_server", "waf", "shield",
                                          "dx_gateway", "global", "account", "iot_device", "kms_key"}


@rule("GEN-AZ-001", "error", pillars=("reliability",))
def az_in_its_region(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for az in ctx.index.of_kind("az"):
        name = ctx.props(az).name  # type: ignore[attr-defined]
        region = f.region_name(az.id)
        if name and region and ctx.index.region_of(az.id) is not None and not name.startswith(region):
            yield hit(az.id, f"Availability Zone {title(az)} is named {name} but is drawn in region {region}; an AZ "
                      "belongs to exactly one region.",
                      fix=f"Rename {az.id} to an AZ of {region} (e.g. {region}a), or move it to its own region.")


@rule("GEN-AZ-002", "error", pillars=("reliability",))
def at_most_six_azs(ctx: RuleContext) -> Iterator[Hit]:
    by_region: dict[str, set[str]] = defaultdict(set)
    for az in ctx.index.of_kind("az"):
        region = ctx.index.region_of(az.id)
        by_region[region.id if region else ""].add(ctx.index.az_key(az.id) or az.id)
    for region, azs in sorted(by_region.items()):
        if len(azs) > 6:
            yield hit(region or sorted(azs)[0], f"The design uses {len(azs)} Availability Zones in "
                      f"{region or 'one region'}; AWS regions have at most 6.",
                      fix="Use at most 6 AZs per region; spread further capacity to a second region.")


@rule("GEN-REG-001", "error", pillars=("reliability",))
def no_plain_cross_region_references(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    if len({typed_props(r).name for r in ctx.index.of_kind("region")}) < 2:  # type: ignore[attr-defined]
        return  # one region: nothing can cross
    nodes = ctx.diagram.nodes
    for node in nodes.values():
        if node.kind in REGIONLESS or not node.props:
            continue
        here = f.region_name(node.id)
        if here is None:
            continue
        vpc = f.vpc_id(node.id)
        if not any(f.region_name(i) not in (here, None) for i in _raw_ids(node.props) if i in nodes
                   and (vpc is None or f.vpc_id(i) != vpc)):
            continue  # fast path: nothing this node names lives in another region
        for path, target, _kinds in iter_refs(node.kind, node.props):
            field = path[0] if path else ""
            other = ctx.diagram.nodes.get(target)
            if other is None or other.kind in REGIONLESS or (node.kind, field) in CROSS_REGION_OK \
                    or other.kind in CROSS_REGION_TARGETS:
                continue
            if vpc is not None and f.vpc_id(target) == vpc:
                continue
            there = f.region_name(target)
            if there is not None and there != here:
                yield hit([node.id, target], f"{title(node)} ({here}) refers to {title(other)} ({there}) in its "
                          f"'{field}' setting; regional resources cannot be wired across regions this way.",
                          fix=f"Use a resource of {here} for {node.id}.{field}, or an explicit cross-region feature "
                          "(peering, replication, copy).")


def _raw_ids(props: dict) -> Iterator[str]:
    """Every string in a node's raw properties, one level into lists and dicts (reference candidates)."""
    for value in props.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    yield item
                elif isinstance(item, dict):
                    yield from (v for v in item.values() if isinstance(v, str))


@rule("GEN-GLOBAL-001", "error", pillars=("operational_excellence",))
def global_services_outside_vpcs(ctx: RuleContext) -> Iterator[Hit]:
    for node in ctx.index.of_kind(*sorted(GLOBAL_KINDS)):
        container = ctx.index.enclosing(node.id, "vpc", "subnet", "az", "region")
        if container is not None:
            yield hit([node.id, container.id], f"{title(node)} is a global service but is drawn inside "
                      f"{container.kind} {container.id}.", fix=f"Draw {node.id} outside any region (global).")


@rule("GEN-EDGE-001", "info", pillars=("performance",))
def edge_services_outside_vpcs(ctx: RuleContext) -> Iterator[Hit]:
    for node in ctx.index.of_kind(*sorted(EDGE_KINDS)):
        container = ctx.index.enclosing(node.id, "vpc", "subnet", "az", "region")
        if container is not None:
            yield hit([node.id, container.id], f"{title(node)} runs at edge locations, not inside {container.kind} "
                      f"{container.id}.", fix=f"Draw {node.id} in the global/edge area.")


@rule("GEN-HA-001", "warning", pillars=("reliability",), aliases=("avail.single_az",))
def ha_tiers_span_two_azs(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for node in ctx.diagram.nodes.values():
        if not node.intent or not ctx.intent(node, "ha"):
            continue
        azs = set(f.azs_of(node.id))
        if node.kind == "asg":
            azs |= {a for m in ctx.index.asg_members(node.id) for a in f.azs_of(m)}
        if node.kind == "efs":
            azs = {ctx.index.az_key(m.id) for m in ctx.index.of_kind("efs_mount_target")
                   if typed_props(m).efs == node.id} - {None}  # type: ignore[attr-defined]
        if node.kind in ("rds", "aurora_instance") and ctx.props(node).multi_az:  # type: ignore[attr-defined]
            continue
        if node.kind == "elasticache" and ctx.props(node).multi_az:  # type: ignore[attr-defined]
            continue
        if len(azs) < 2:
            yield hit(node.id, f"{title(node)} is marked highly available but runs in "
                      f"{len(azs) or 'no'} Availability Zone{'s' if len(azs) != 1 else ''}"
                      + (f" ({', '.join(sorted(azs))})" if azs else "") + ": one AZ failure takes it down.",
                      fix=f"Spread {node.id} over at least two AZs (subnets in two AZs, or Multi-AZ).")


@rule("NET-CL-001", "warning", pillars=("operational_excellence",), aliases=("deprecated.service",))
def no_ec2_classic(ctx: RuleContext) -> Iterator[Hit]:
    for node in ctx.index.of_kind("ec2_classic"):
        inside = [n.id for n in ctx.index.descendants(node.id)]
        yield hit([node.id, *inside[:3]], f"{title(node)} is EC2-Classic, which AWS retired (with ClassicLink).",
                  fix="Move the instances into a VPC.")
