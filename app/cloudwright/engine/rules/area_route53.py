"""Route 53 rules (rules.md section 12) and the case studies' ``dns.stale_target``.

A ``route53_record`` names its answers as ``targets`` (nodes) and/or literal ``values``; ``alias`` marks an
alias record (``type: ALIAS`` is read as an alias A record). Records of one name and type in one zone form a
routing-policy set.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.model.props import LB_KINDS
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

ALIAS_TARGET_KINDS = {*LB_KINDS, "cloudfront", "api_gateway", "s3_bucket", "beanstalk_env", "global_accelerator",
                      "vpc_endpoint_interface", "route53_record", "appsync"}
SHOULD_BE_ALIAS_KINDS = ("alb", "clb", "elb", "cloudfront")
LONG_TTL_S = 300
VERY_LONG_TTL_S = 3600
MAX_MULTIVALUE = 8


def _records(ctx: RuleContext) -> list[Node]:
    return ctx.index.of_kind("route53_record")


def _is_alias(ctx: RuleContext, record: Node) -> bool:
    p = ctx.props(record)
    return bool(p.alias) or p.type == "ALIAS"  # type: ignore[attr-defined]


def _rtype(ctx: RuleContext, record: Node) -> str:
    t = ctx.props(record).type  # type: ignore[attr-defined]
    return "A" if t == "ALIAS" else t


def _zone(ctx: RuleContext, record: Node) -> Node | None:
    zone = ctx.props(record).zone  # type: ignore[attr-defined]
    if zone and zone in ctx.diagram.nodes:
        return ctx.diagram.nodes[zone]
    return ctx.index.enclosing(record.id, "route53_zone")


def _norm(domain: str) -> str:
    return domain.strip().rstrip(".").lower()


def _is_apex(ctx: RuleContext, record: Node) -> bool:
    zone = _zone(ctx, record)
    if zone is None:
        return False
    domain = ctx.props(zone).name or zone.label  # type: ignore[attr-defined]
    return bool(domain) and _norm(ctx.props(record).name) == _norm(domain)  # type: ignore[attr-defined]


def _sets(ctx: RuleContext) -> dict[tuple[str, str, str], list[Node]]:
    """(zone, name, type) -> the records of that routing-policy set."""
    groups: dict[tuple[str, str, str], list[Node]] = defaultdict(list)
    for record in _records(ctx):
        zone = _zone(ctx, record)
        groups[(zone.id if zone else "", _norm(ctx.props(record).name), _rtype(ctx, record))].append(record)  # type: ignore[attr-defined]
    return groups


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _make_alias(record_id: str) -> QuickFix:
    return QuickFix("Make it an alias record", lambda d, i=record_id: set_node_fields(
        d, i, props={"alias": True, "type": "A", "ttl": None, "values": None}))


@rule("R53-REC-001", "error", pillars=("reliability",))
def values_match_type(ctx: RuleContext) -> Iterator[Hit]:
    """A holds IPv4, AAAA IPv6, a CNAME exactly one host name; an alias record has a target, no values."""
    for record in _records(ctx):
        p = ctx.props(record)
        rtype = _rtype(ctx, record)
        if _is_alias(ctx, record):
            if p.values:  # type: ignore[attr-defined]
                yield hit(record.id, f"{name(ctx, record.id)} is an alias record but also lists values "
                                     f"({', '.join(p.values)}); an alias answers with its target only.",  # type: ignore[attr-defined]
                          f"Remove the values of {name(ctx, record.id)}.",
                          quick_fix=QuickFix("Remove the values", lambda d, i=record.id: set_node_fields(
                              d, i, props={"values": None})))
            elif not p.targets:  # type: ignore[attr-defined]
                yield hit(record.id, f"{name(ctx, record.id)} is an alias record without a target.",
                          f"Point {name(ctx, record.id)} at a load balancer, distribution or other alias target.")
            continue
        bad: list[str] = []
        if rtype == "A":
            bad = [v for v in p.values if not isinstance(_ip(v), ipaddress.IPv4Address)]  # type: ignore[attr-defined]
        elif rtype == "AAAA":
            bad = [v for v in p.values if not isinstance(_ip(v), ipaddress.IPv6Address)]  # type: ignore[attr-defined]
        elif rtype == "CNAME":
            answers = len(p.values) + len(p.targets)  # type: ignore[attr-defined]
            if answers != 1:
                yield hit(record.id, f"{name(ctx, record.id)} is a CNAME with {answers} answers; a CNAME holds "
                                     "exactly one host name.",
                          f"Keep one target for {name(ctx, record.id)}, or use an A/alias record for several.")
            bad = [v for v in p.values if _ip(v) is not None]  # type: ignore[attr-defined]
        if bad:
            wanted = {"A": "IPv4 addresses", "AAAA": "IPv6 addresses"}.get(rtype, "one host name")
            yield hit(record.id, f"{name(ctx, record.id)} is {'an' if rtype[0] in 'AEIOU' else 'a'} {rtype} record "
                                 f"but holds {', '.join(bad)}, which {'is not a valid' if len(bad) == 1 else 'are not valid'} "
                                 f"{rtype} value{'' if len(bad) == 1 else 's'}.",
                      f"Give {name(ctx, record.id)} values of its type ({wanted}), or change its type.")


@rule("R53-CNAME-001", "error", pillars=("reliability",))
def cname_placement(ctx: RuleContext) -> Iterator[Hit]:
    """No CNAME at the zone apex, and no other record type at a CNAME's name."""
    by_name: dict[tuple[str, str], list[Node]] = defaultdict(list)
    for (zone, rname, _), records in _sets(ctx).items():
        by_name[(zone, rname)].extend(records)
    for record in _records(ctx):
        if _rtype(ctx, record) != "CNAME" or _is_alias(ctx, record):
            continue
        if _is_apex(ctx, record):
            yield hit(record.id, f"{name(ctx, record.id)} is a CNAME at the zone apex "
                                 f"({ctx.props(record).name}); DNS forbids that and Route 53 refuses it.",  # type: ignore[attr-defined]
                      f"Make {name(ctx, record.id)} an alias A record to the same target.",
                      quick_fix=_make_alias(record.id))
        zone = _zone(ctx, record)
        others = [r.id for r in by_name[(zone.id if zone else "", _norm(ctx.props(record).name))]  # type: ignore[attr-defined]
                  if _rtype(ctx, r) != "CNAME"]
        if others:
            yield hit([record.id, *others], f"{name(ctx, record.id)} is a CNAME but {names(ctx, others)} use the same "
                                            "name; a CNAME cannot share its name with other records.",
                      f"Use a different name for {name(ctx, record.id)}, or replace it with an alias record.")


@rule("R53-ALIAS-001", "error", pillars=("reliability",))
def alias_target_kind(ctx: RuleContext) -> Iterator[Hit]:
    """Alias targets are AWS resources (ELB, CloudFront, API Gateway, S3 website, ...), never EC2 instances."""
    for record in _records(ctx):
        if not _is_alias(ctx, record):
            continue
        for target in ctx.props(record).targets:  # type: ignore[attr-defined]
            node = ctx.diagram.nodes.get(target)
            if node is None:
                continue
            if node.kind not in ALIAS_TARGET_KINDS:
                yield hit([record.id, target], f"{name(ctx, record.id)} is an alias to {name(ctx, target)} "
                                               f"({node.kind}); an alias can only point at AWS resources such as load "
                                               "balancers, CloudFront, API Gateway or S3 websites.",
                          f"Put a load balancer in front of {name(ctx, target)} and alias {name(ctx, record.id)} to "
                          "it, or use a plain A record with a short TTL.")
            elif node.kind == "s3_bucket" and not ctx.props(node).website:  # type: ignore[attr-defined]
                yield hit([record.id, target], f"{name(ctx, record.id)} is an alias to the bucket {name(ctx, target)}, "
                                               "which has no website hosting; only S3 website endpoints can be "
                                               "alias targets.",
                          f"Enable static website hosting on {name(ctx, target)}, or alias a CloudFront "
                          "distribution in front of it.")


@rule("R53-ALIAS-002", "error", pillars=("reliability",), aliases=("ELB-DNS-001",))
def alias_for_aws_endpoints(ctx: RuleContext) -> Iterator[Hit]:
    """Names of ALBs, CLBs and CloudFront should be alias records: their addresses change."""
    for record in _records(ctx):
        if _is_alias(ctx, record):
            continue
        targets = [t for t in ctx.props(record).targets  # type: ignore[attr-defined]
                   if t in ctx.diagram.nodes and ctx.diagram.nodes[t].kind in SHOULD_BE_ALIAS_KINDS]
        if not targets:
            continue
        rtype = _rtype(ctx, record)
        if rtype == "CNAME":
            continue  # fine below the apex; at the apex it is R53-CNAME-001's error
        apex = _is_apex(ctx, record)
        yield hit([record.id, *targets],
                  f"{name(ctx, record.id)} is a plain {rtype} record for {names(ctx, targets)}, whose IP addresses "
                  "change without notice" + (" (and at the zone apex only an alias works)." if apex
                                             else "; the record will point at old addresses."),
                  f"Make {name(ctx, record.id)} an alias record to {names(ctx, targets)}.",
                  quick_fix=_make_alias(record.id), severity="error" if apex else "warning")


@rule("R53-TTL-001", "error", pillars=("reliability", "performance"), aliases=("dns.ttl_required",))
def ttl_set(ctx: RuleContext) -> Iterator[Hit]:
    """Non-alias records need a TTL (0..2^31-1); alias records ignore one; a weighted set shares one TTL."""
    for record in _records(ctx):
        ttl = ctx.props(record).ttl  # type: ignore[attr-defined]
        if _is_alias(ctx, record):
            if record.props.get("ttl") is not None:
                yield hit(record.id, f"{name(ctx, record.id)} is an alias record; its TTL ({ttl} s) is ignored "
                                     "(Route 53 uses the target's).",
                          f"Remove the TTL of {name(ctx, record.id)}.", severity="info",
                          quick_fix=QuickFix("Remove the TTL", lambda d, i=record.id: set_node_fields(
                              d, i, props={"ttl": None})))
        elif ttl is None or ttl > 2147483647:
            yield hit(record.id, f"{name(ctx, record.id)} has no valid TTL; every non-alias record needs one.",
                      f"Set a TTL on {name(ctx, record.id)} (300 s is a common value).",
                      quick_fix=QuickFix("Set the TTL to 300 s", lambda d, i=record.id: set_node_fields(
                          d, i, props={"ttl": 300})))
    for records in _sets(ctx).values():
        weighted = [r for r in records if ctx.props(r).routing_policy == "weighted" and not _is_alias(ctx, r)]  # type: ignore[attr-defined]
        if len({ctx.props(r).ttl for r in weighted}) > 1:  # type: ignore[attr-defined]
            yield hit([r.id for r in weighted], f"The weighted records {names(ctx, [r.id for r in weighted])} have "
                                                "different TTLs; a weighted set must share one TTL.",
                      "Give every record of the weighted set the same TTL.", severity="warning")


@rule("R53-TTL-002", "warning", pillars=("reliability",))
def long_ttl_to_changing_instances(ctx: RuleContext) -> Iterator[Hit]:
    """An A record to instances that come and go, with a long TTL, leaves clients on stale addresses."""
    for record in _records(ctx):
        if _is_alias(ctx, record) or _rtype(ctx, record) not in ("A", "AAAA"):
            continue
        ttl = ctx.props(record).ttl  # type: ignore[attr-defined]
        instances = [t for t in ctx.props(record).targets  # type: ignore[attr-defined]
                     if t in ctx.diagram.nodes and ctx.diagram.nodes[t].kind in ("ec2", "asg")]
        if not instances or ttl is None or ttl < LONG_TTL_S:
            continue
        scaled = [t for t in instances if ctx.diagram.nodes[t].kind == "asg" or ctx.props(t).member_of]  # type: ignore[attr-defined]
        if not scaled and len(instances) < 2 and ttl < VERY_LONG_TTL_S:
            continue
        yield hit([record.id, *instances],
                  f"{name(ctx, record.id)} lists the instances {names(ctx, instances)} with a TTL of {ttl} s: when "
                  "one is removed or replaced, clients keep its old address for up to that long.",
                  f"Put a load balancer in front of the instances and make {name(ctx, record.id)} an alias to it; "
                  "meanwhile lower the TTL to 60 s.",
                  quick_fix=QuickFix("Lower the TTL to 60 s", lambda d, i=record.id: set_node_fields(
                      d, i, props={"ttl": 60})))


@rule("dns.stale_target", "error", section="WhatIsTheTime", lines="§WhatIsTheTime L2239-2243",
      summary="A DNS record points at a stopped or terminated resource", pillars=("reliability",))
def record_to_stopped_instance(ctx: RuleContext) -> Iterator[Hit]:
    """A record whose answer is a stopped or terminated instance sends clients into a timeout."""
    for record in _records(ctx):
        targets = ctx.props(record).targets  # type: ignore[attr-defined]
        dead = [t for t in targets if t in ctx.diagram.nodes and ctx.diagram.nodes[t].kind in ("ec2", "nat_instance")
                and ctx.props(t).state != "running"]  # type: ignore[attr-defined]
        if dead:
            keep = [t for t in targets if t not in dead]
            yield hit([record.id, *dead], f"{name(ctx, record.id)} still answers with {names(ctx, dead)}, which "
                                          f"{'is' if len(dead) == 1 else 'are'} no longer running: clients time out.",
                      f"Remove {names(ctx, dead)} from {name(ctx, record.id)} (better: put a load balancer with "
                      "health checks in front and alias the record to it).",
                      quick_fix=QuickFix("Remove the stopped targets", lambda d, i=record.id, k=keep:
                                         set_node_fields(d, i, props={"targets": k})))


@rule("R53-SIMPLE-001", "warning", pillars=("reliability",), aliases=("dns.simple_health_check",))
def simple_routing_ignores_health(ctx: RuleContext) -> Iterator[Hit]:
    """Simple routing ignores health checks; use failover or multivalue routing."""
    for record in _records(ctx):
        p = ctx.props(record)
        if p.routing_policy == "simple" and p.health_check:  # type: ignore[attr-defined]
            yield hit([record.id, p.health_check], f"{name(ctx, record.id)} uses simple routing, which ignores its "  # type: ignore[attr-defined]
                                                   "health check: unhealthy answers are still returned.",
                      f"Use failover or multivalue routing for {name(ctx, record.id)} if the health check must "
                      "count, or remove it.",
                      quick_fix=QuickFix("Use multivalue routing", lambda d, i=record.id: set_node_fields(
                          d, i, props={"routing_policy": "multivalue"})))


@rule("R53-WEIGHT-001", "info", pillars=("reliability",))
def weighted_set_complete(ctx: RuleContext) -> Iterator[Hit]:
    """Every weighted record has a weight and a set identifier unique in its set."""
    for records in _sets(ctx).values():
        weighted = [r for r in records if ctx.props(r).routing_policy == "weighted"]  # type: ignore[attr-defined]
        ids = [ctx.props(r).set_id for r in weighted]  # type: ignore[attr-defined]
        for record in weighted:
            p = ctx.props(record)
            if p.weight is None or not p.set_id or ids.count(p.set_id) > 1:  # type: ignore[attr-defined]
                yield hit(record.id, f"{name(ctx, record.id)} is weighted but lacks a weight or a unique set "
                                     "identifier.",
                          f"Give {name(ctx, record.id)} a weight (0-255) and its own set identifier.")


def _region_name(ctx: RuleContext, node_id: str) -> str | None:
    region = ctx.index.region_of(node_id) if node_id in ctx.diagram.nodes else None
    return ctx.props(region).name if region is not None else None  # type: ignore[attr-defined]


@rule("R53-LAT-001", "error", pillars=("performance",))
def latency_region(ctx: RuleContext) -> Iterator[Hit]:
    """A latency record names the AWS region where its target runs."""
    for record in _records(ctx):
        p = ctx.props(record)
        if p.routing_policy != "latency":  # type: ignore[attr-defined]
            continue
        regions = [r for t in p.targets if (r := _region_name(ctx, t))]  # type: ignore[attr-defined]
        if not p.region:  # type: ignore[attr-defined]
            quick = QuickFix(f"Set the region to {regions[0]}", lambda d, i=record.id, r=regions[0]: set_node_fields(
                d, i, props={"region": r})) if regions else None
            yield hit(record.id, f"{name(ctx, record.id)} uses latency routing but names no region; Route 53 "
                                 "refuses it.", f"Set the region of {name(ctx, record.id)} to where its target runs.",
                      quick_fix=quick)
        elif regions and p.region not in regions:  # type: ignore[attr-defined]
            yield hit(record.id, f"{name(ctx, record.id)} claims region {p.region} but its target runs in "  # type: ignore[attr-defined]
                                 f"{regions[0]}; latency decisions will be wrong.",
                      f"Set the region of {name(ctx, record.id)} to {regions[0]}.", severity="warning",
                      quick_fix=QuickFix(f"Set the region to {regions[0]}", lambda d, i=record.id, r=regions[0]:
                                         set_node_fields(d, i, props={"region": r})))


@rule("R53-FAIL-001", "error", pillars=("reliability",))
def failover_pair(ctx: RuleContext) -> Iterator[Hit]:
    """One primary and one secondary per name; the primary needs a health check to ever fail over."""
    for records in _sets(ctx).values():
        failover = [r for r in records if ctx.props(r).routing_policy == "failover"]  # type: ignore[attr-defined]
        if not failover:
            continue
        primaries = [r for r in failover if ctx.props(r).failover != "secondary"]  # type: ignore[attr-defined]
        secondaries = [r for r in failover if ctx.props(r).failover == "secondary"]  # type: ignore[attr-defined]
        for role, group in (("primary", primaries), ("secondary", secondaries)):
            if len(group) > 1:
                yield hit([r.id for r in group], f"{names(ctx, [r.id for r in group])} are all {role} failover "
                                                 "records of one name; Route 53 allows one.",
                          f"Keep one {role} record and make the other the "
                          f"{'secondary' if role == 'primary' else 'primary'} or remove it.")
        for primary in primaries:
            p = ctx.props(primary)
            if not p.health_check and not (_is_alias(ctx, primary) and p.evaluate_target_health):  # type: ignore[attr-defined]
                yield hit(primary.id, f"The failover primary {name(ctx, primary.id)} has no health check, so it "
                                      "always counts as healthy and failover never happens.",
                          f"Attach a health check to {name(ctx, primary.id)} (or evaluate target health on its alias).",
                          severity="warning", quick_fix=QuickFix(
                              "Evaluate target health", lambda d, i=primary.id: set_node_fields(
                                  d, i, props={"evaluate_target_health": True}))
                          if _is_alias(ctx, primary) else None)
            if not secondaries:
                yield hit(primary.id, f"The failover primary {name(ctx, primary.id)} has no secondary record to fail "
                                      "over to.", f"Add a secondary failover record for {p.name}.",  # type: ignore[attr-defined]
                          severity="warning")


@rule("R53-GEO-001", "warning", pillars=("reliability",), aliases=("dns.geolocation_no_default",))
def geolocation_default(ctx: RuleContext) -> Iterator[Hit]:
    """A geolocation set needs a default record for locations no rule matches."""
    for records in _sets(ctx).values():
        geo = [r for r in records if ctx.props(r).routing_policy == "geolocation"]  # type: ignore[attr-defined]
        if geo and not any(str(ctx.props(r).geo_location or "").lower() in ("default", "*") for r in geo):  # type: ignore[attr-defined]
            yield hit([r.id for r in geo], f"The geolocation records {names(ctx, [r.id for r in geo])} have no "
                                           "default: users from other locations get no answer.",
                      "Add a geolocation record with location Default.")


@rule("R53-GEOP-001", "error", pillars=("performance",))
def geoproximity_location(ctx: RuleContext) -> Iterator[Hit]:
    """Each geoproximity record has a region or coordinates and a bias in -99..99."""
    for record in _records(ctx):
        p = ctx.props(record)
        if p.routing_policy != "geoproximity":  # type: ignore[attr-defined]
            continue
        known = p.region or p.coordinates or any(_region_name(ctx, t) for t in p.targets)  # type: ignore[attr-defined]
        if not -99 <= p.bias <= 99 or not known:  # type: ignore[attr-defined]
            yield hit(record.id, f"{name(ctx, record.id)} is a geoproximity record with "
                                 f"{'no location' if not known else f'a bias of {p.bias}'}; it needs a region or "  # type: ignore[attr-defined]
                                 "coordinates and a bias from -99 to 99.",
                      f"Give {name(ctx, record.id)} an AWS region (or latitude/longitude) and a bias in -99..99.")


@rule("R53-MV-001", "warning", pillars=("reliability", "performance"))
def multivalue_limit(ctx: RuleContext) -> Iterator[Hit]:
    """Multi-value answers return at most 8 healthy records: it is not a load balancer."""
    for records in _sets(ctx).values():
        multi = [r for r in records if ctx.props(r).routing_policy == "multivalue"]  # type: ignore[attr-defined]
        answers = sum(len(ctx.props(r).values) + len(ctx.props(r).targets) for r in multi)  # type: ignore[attr-defined]
        if answers > MAX_MULTIVALUE:
            yield hit([r.id for r in multi], f"{names(ctx, [r.id for r in multi])} spread traffic over {answers} "
                                             "backends with multi-value answers, but a response holds at most 8.",
                      "Put a load balancer in front of the backends and alias the name to it.")


def _blocks_checkers(ctx: RuleContext, target: Node, port: int) -> bool:
    """The target has security groups and none admits ``port`` from a public CIDR."""
    sgs = ctx.index.security_groups_of(target.id)
    if not sgs:
        return False
    for sg in sgs:
        for rule_ in ctx.props(sg).inbound:  # type: ignore[attr-defined]
            if rule_.cidr is not None and rule_.port.contains(port) and not _ip_network_private(str(rule_.cidr)):
                return False
    return True


def _ip_network_private(cidr: str) -> bool:
    try:
        network = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False
    return network.prefixlen > 0 and network.is_private


@rule("R53-HC-002", "error", pillars=("reliability",))
def health_check_reaches_public_endpoint(ctx: RuleContext) -> Iterator[Hit]:
    """Route 53 health checkers run on the Internet: an endpoint check needs a public address."""
    f = facts(ctx)
    for check in ctx.index.of_kind("route53_health_check"):
        p = ctx.props(check)
        if p.type != "endpoint":  # type: ignore[attr-defined]
            continue
        ip = _ip(p.ip or "")  # type: ignore[attr-defined]
        private = ip is not None and not ip.is_global
        target = ctx.diagram.nodes.get(p.target or "")  # type: ignore[attr-defined]
        if target is not None:
            tp = ctx.props(target)
            if target.kind in ("ec2", "nat_instance"):
                private = private or not f.has_public_ip(target)
            elif target.kind in LB_KINDS:
                private = private or tp.scheme == "internal"  # type: ignore[attr-defined]
            elif target.kind in ("rds", "aurora_instance", "elasticache"):
                private = private or not getattr(tp, "publicly_accessible", False)
        if not private and target is not None and _blocks_checkers(ctx, target, p.port):  # type: ignore[attr-defined]
            yield hit([check.id, target.id], f"{name(ctx, check.id)} checks {name(ctx, target.id)} on port "
                                             f"{p.port}, but its security group does not admit that port from the "  # type: ignore[attr-defined]
                                             "Internet, where Route 53's health checkers run: the check always fails.",
                      f"Allow port {p.port} from the Route 53 health-checker ranges (or 0.0.0.0/0) on "  # type: ignore[attr-defined]
                      f"{name(ctx, target.id)}.", severity="warning")
        if private:
            subject = name(ctx, target.id) if target is not None else p.ip  # type: ignore[attr-defined]
            yield hit([check.id, *([target.id] if target is not None else [])],
                      f"{name(ctx, check.id)} checks {subject}, which has no public address; Route 53 health "
                      "checkers on the Internet cannot reach it.",
                      f"Base {name(ctx, check.id)} on a CloudWatch alarm (type cloudwatch_alarm) for this private "
                      "resource, or check a public endpoint in front of it.",
                      quick_fix=QuickFix("Use a CloudWatch-alarm health check", lambda d, i=check.id:
                                         set_node_fields(d, i, props={"type": "cloudwatch_alarm"})))


@rule("R53-PRIV-001", "error", pillars=("reliability",))
def private_zone_dns_flags(ctx: RuleContext) -> Iterator[Hit]:
    """A private hosted zone needs DNS support and DNS hostnames on every associated VPC."""
    for zone in ctx.index.of_kind("route53_zone"):
        p = ctx.props(zone)
        if not p.private:  # type: ignore[attr-defined]
            continue
        for vpc in p.vpcs:  # type: ignore[attr-defined]
            if vpc not in ctx.diagram.nodes:
                continue
            v = ctx.props(vpc)
            if not (v.enable_dns_support and v.enable_dns_hostnames):  # type: ignore[attr-defined]
                yield hit([zone.id, vpc], f"The private zone {name(ctx, zone.id)} is associated with "
                                          f"{name(ctx, vpc)}, which has DNS support or DNS hostnames off; its "
                                          "records will not resolve there.",
                          f"Turn on enableDnsSupport and enableDnsHostnames on {name(ctx, vpc)}.",
                          quick_fix=QuickFix("Turn on VPC DNS", lambda d, i=vpc: set_node_fields(
                              d, i, props={"enable_dns_support": True, "enable_dns_hostnames": True})))


@rule("R53-REG-001", "error", pillars=("reliability",))
def external_registrar_delegation(ctx: RuleContext) -> Iterator[Hit]:
    """A domain registered elsewhere must delegate its NS records to the hosted zone's name servers."""
    for zone in ctx.index.of_kind("route53_zone"):
        p = ctx.props(zone)
        if p.registrar == "external" and not p.ns_delegated:  # type: ignore[attr-defined]
            yield hit(zone.id, f"The domain of {name(ctx, zone.id)} is registered outside Route 53 and its name "
                               "servers are not delegated to the hosted zone: nobody resolves its records.",
                      f"At the registrar, set the domain's NS records to the four name servers of "
                      f"{name(ctx, zone.id)}.")
