"""ELB rules (rules.md section 7): load-balancer types, listeners, AZs, target groups, stickiness, TLS.

A load balancer node carries its listeners, targets, stickiness and health check; target groups are
``target_group`` nodes named by a listener. Targets are resolved by :mod:`design_facts` (``targets``,
target groups, attached ASGs and drawn LB -> target flows).
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.model.props import LB_KINDS
from cloudwright.engine.model.types import Protocol
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import OUTSIDE_KINDS, facts, is_world, name, names, sg_rule_admits
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

LISTENER_PROTOCOLS = {
    "alb": {"HTTP", "HTTPS"},
    "nlb": {"TCP", "TLS", "UDP", "TCP_UDP"},
    "clb": {"TCP", "SSL", "HTTP", "HTTPS"},
    "gwlb": {"GENEVE"},
}
TARGET_TYPES = {"alb": {"instance", "ip", "lambda"}, "nlb": {"instance", "ip", "alb"}, "gwlb": {"instance", "ip"}}
STICKY_TYPES = {"alb": {"duration", "app"}, "clb": {"duration", "app"}, "elb": {"duration", "app"},
                "nlb": {"source_ip"}, "gwlb": {"flow"}}
RESERVED_COOKIES = {"AWSALB", "AWSALBAPP", "AWSALBTG", "AWSALBBTG", "AWSALBCORS", "AWSELB"}
KIND_NAMES = {"alb": "Application Load Balancer", "nlb": "NLB (Network Load Balancer)",
              "clb": "CLB (Classic Load Balancer)", "gwlb": "GWLB (Gateway Load Balancer)", "elb": "ELB load balancer"}
TLS_PROTOCOLS = ("HTTPS", "TLS", "SSL")


def _lbs(ctx: RuleContext) -> list[Node]:
    return ctx.index.of_kind(*LB_KINDS)


def _target_groups(ctx: RuleContext, lb: Node) -> list[Node]:
    seen = [listener.target_group for listener in ctx.props(lb).listeners]  # type: ignore[attr-defined]
    return [ctx.diagram.nodes[t] for t in dict.fromkeys(seen) if t and t in ctx.diagram.nodes]


@rule("ELB-TYPE-001", "error", pillars=("reliability",))
def listener_protocol_fits_lb_type(ctx: RuleContext) -> Iterator[Hit]:
    """ALB listens on HTTP/HTTPS, NLB on TCP/TLS/UDP/TCP_UDP, CLB on TCP/SSL/HTTP/HTTPS, GWLB on GENEVE."""
    for lb in _lbs(ctx):
        allowed = LISTENER_PROTOCOLS.get(lb.kind)
        if allowed is None:
            continue
        for listener in ctx.props(lb).listeners:  # type: ignore[attr-defined]
            if listener.protocol not in allowed:
                yield hit(lb.id, f"{name(ctx, lb.id)} is an {KIND_NAMES[lb.kind]}, which cannot listen on "
                                 f"{listener.protocol}:{listener.port}; it accepts {', '.join(sorted(allowed))}.",
                          f"Change the listener of {name(ctx, lb.id)} to one of {', '.join(sorted(allowed))}, or use "
                          f"{'an NLB' if listener.protocol in ('TCP', 'UDP', 'TLS') else 'an ALB'} for this traffic.")


@rule("ELB-TYPE-002", "warning", pillars=("operational_excellence", "performance"))
def prefer_current_generation(ctx: RuleContext) -> Iterator[Hit]:
    """The Classic Load Balancer is the previous generation; ALB or NLB do more for the same job."""
    for lb in ctx.index.of_kind("clb"):
        yield hit(lb.id, f"{name(ctx, lb.id)} is a Classic Load Balancer (previous generation).",
                  f"Replace {name(ctx, lb.id)} with an ALB (HTTP/HTTPS) or an NLB (TCP/UDP).")


@rule("ELB-SCHEME-001", "error", pillars=("reliability", "security"))
def scheme_matches_subnets(ctx: RuleContext) -> Iterator[Hit]:
    """An internet-facing LB needs public subnets; an internal LB cannot take flows straight from the Internet."""
    f = facts(ctx)
    for lb in _lbs(ctx):
        scheme = ctx.props(lb).scheme  # type: ignore[attr-defined]
        if lb.kind == "gwlb":
            continue
        if scheme == "internet-facing":
            private = [s for s in f.placed_subnets(lb) if not f.is_public_subnet(s)]
            if private:
                yield hit([lb.id, *private],
                          f"{name(ctx, lb.id)} is internet-facing, but {names(ctx, private)} "
                          f"{'has' if len(private) == 1 else 'have'} no route 0.0.0.0/0 to an attached internet "
                          "gateway, so Internet clients cannot reach it there.",
                          f"Place {name(ctx, lb.id)} in public subnets (route 0.0.0.0/0 -> the VPC's IGW), or add "
                          f"that route to the route table of {names(ctx, private)}.")
        else:
            sources = [e.source for e in f.traffic_in(lb.id)
                       if e.source in ctx.diagram.nodes and ctx.diagram.nodes[e.source].kind in OUTSIDE_KINDS]
            if sources:
                public = all(f.is_public_subnet(s) for s in f.placed_subnets(lb))
                yield hit([lb.id, *sources],
                          f"{name(ctx, lb.id)} is internal (private addresses only), but "
                          f"{names(ctx, sources)} reach it directly from outside AWS.",
                          f"Make {name(ctx, lb.id)} internet-facing in public subnets, or put CloudFront (VPC "
                          "origin), Global Accelerator or API Gateway in front of it.",
                          quick_fix=QuickFix(f"Make {name(ctx, lb.id)} internet-facing",
                                             lambda d, i=lb.id: set_node_fields(d, i, props={
                                                 "scheme": "internet-facing"})) if public else None)


@rule("ELB-AZ-001", "error", pillars=("reliability",), aliases=("avail.single_az",))
def lb_spans_two_azs(ctx: RuleContext) -> Iterator[Hit]:
    """An ALB needs subnets in two AZs (AWS refuses fewer); other LBs should have two; one subnet per AZ."""
    f = facts(ctx)
    for lb in _lbs(ctx):
        azs = f.azs_of(lb)
        if not azs:
            continue
        for az, subnets in azs.items():
            if len(subnets) > 1:
                yield hit([lb.id, *subnets], f"{name(ctx, lb.id)} lists two subnets in {az} "
                                             f"({names(ctx, subnets)}); a load balancer takes one subnet per AZ.",
                          f"Keep one of {names(ctx, subnets)} in the subnets of {name(ctx, lb.id)}.")
        if len(azs) >= 2:
            continue
        az = next(iter(azs))
        subnets = azs[az]
        spare = f.spare_subnet(subnets[0], azs) if subnets else None
        severity = "error" if lb.kind == "alb" else "warning"
        why = ("AWS refuses to create an ALB with fewer than two AZs" if lb.kind == "alb"
               else "the whole entry point fails with that AZ")
        quick = None
        if spare is not None:
            quick = QuickFix(f"Add {name(ctx, spare)} to {name(ctx, lb.id)}",
                             lambda d, i=lb.id, s=list(subnets), x=spare: set_node_fields(d, i, props={
                                 "subnets": [*s, x]}))
        yield hit([lb.id, *subnets], f"{name(ctx, lb.id)} runs in one AZ only ({az}); {why}.",
                  f"Enable a second AZ on {name(ctx, lb.id)}: add "
                  f"{name(ctx, spare) if spare else 'a subnet of another AZ'} to its subnets.",
                  quick_fix=quick, severity=severity)


def _sg_admits(ctx: RuleContext, sgs: list[Node], port: int, protocol: Protocol, sources: set[str]) -> bool:
    """Whether ``sgs`` admit ``port`` from any CIDR, from one of the ``sources`` SGs, or (default SG) from itself."""
    for sg in sgs:
        props = ctx.props(sg)
        if props.default and sg.id in sources:  # type: ignore[attr-defined]
            return True
        for rule_ in props.inbound:  # type: ignore[attr-defined]
            if sg_rule_admits(rule_, port, protocol) and (rule_.cidr is not None or rule_.prefix_list is not None
                                                          or rule_.sg in sources):
                return True
    return False


def _add_inbound(sg_id: str, port: int, protocol: str, **peer: str) -> QuickFix:
    source = next(iter(peer.values()))
    return QuickFix(f"Allow {protocol.upper()} {port} from {source}", lambda d: set_node_fields(d, sg_id, props={
        "inbound": [*d.nodes[sg_id].props.get("inbound", []), {"protocol": protocol, "port": port, **peer}]}))


@rule("ELB-SG-001", "error", pillars=("security", "reliability"))
def lb_security_group_legs(ctx: RuleContext) -> Iterator[Hit]:
    """The LB's SG admits its listener ports, and its targets' SGs admit the target port from the LB.

    Legs drawn as flows are left to the reachability check (REACH-FLOW-001); an NLB without security groups has
    no LB-level filter.
    """
    f = facts(ctx)
    for lb in _lbs(ctx):
        lb_sgs = f.lb_security_groups(lb)
        if lb.kind == "gwlb" or not lb_sgs:
            continue
        lb_sg_ids = {sg.id for sg in lb_sgs}
        drawn_ports = [e.port for e in f.traffic_in(lb.id) if e.port is not None]
        for listener in ctx.props(lb).listeners:  # type: ignore[attr-defined]
            protocol = Protocol.UDP if listener.protocol == "UDP" else Protocol.TCP
            if any(p.contains(listener.port) for p in drawn_ports):
                continue
            if not _sg_admits(ctx, lb_sgs, listener.port, protocol, set()):
                internet = ctx.props(lb).scheme == "internet-facing"  # type: ignore[attr-defined]
                vpc = ctx.index.vpc_of(lb.id)
                cidr = "0.0.0.0/0" if internet or vpc is None else str(ctx.props(vpc).cidr)  # type: ignore[attr-defined]
                yield hit([lb.id, lb_sgs[0].id], f"The security group of {name(ctx, lb.id)} does not admit its "
                                                 f"{listener.protocol}:{listener.port} listener, so clients time out.",
                          f"Allow {protocol.value.upper()} {listener.port} from {cidr} in {name(ctx, lb_sgs[0].id)}.",
                          quick_fix=_add_inbound(lb_sgs[0].id, listener.port, protocol.value, cidr=cidr))
        port = _target_port(ctx, lb)
        drawn_targets = {e.target for e in f.traffic_out(lb.id)}
        for target in f.lb_instances(lb.id):
            member_of = getattr(ctx.props(target), "member_of", None)
            if target in drawn_targets or member_of in drawn_targets:
                continue
            sgs = ctx.index.security_groups_of(target)
            if sgs and not _sg_admits(ctx, sgs, port, Protocol.TCP, lb_sg_ids):
                yield hit([target, lb.id, sgs[0].id], f"{name(ctx, target)} is a target of {name(ctx, lb.id)} but its "
                                                      f"security group does not admit port {port} from the load "
                                                      "balancer, so health checks and requests time out.",
                          f"Allow TCP {port} from the security group {name(ctx, lb_sgs[0].id)} in "
                          f"{name(ctx, sgs[0].id)}.",
                          quick_fix=_add_inbound(sgs[0].id, port, "tcp", sg=lb_sgs[0].id))


@rule("ELB-SG-002", "warning", pillars=("security",))
def backends_only_from_lb(ctx: RuleContext) -> Iterator[Hit]:
    """Targets of an LB with security groups should admit the app port from the LB's SG, not 0.0.0.0/0."""
    f = facts(ctx)
    for lb in _lbs(ctx):
        lb_sgs = f.lb_security_groups(lb)
        if not lb_sgs or lb.kind == "gwlb":
            continue
        port = _target_port(ctx, lb)
        reported: set[str] = set()
        for target in f.lb_instances(lb.id):
            for sg in ctx.index.security_groups_of(target):
                if sg.id in reported:
                    continue
                open_rules = [i for i, r in enumerate(ctx.props(sg).inbound)  # type: ignore[attr-defined]
                              if r.cidr is not None and is_world(r.cidr) and sg_rule_admits(r, port)]
                if not open_rules:
                    continue
                reported.add(sg.id)
                yield hit([sg.id, target, lb.id],
                          f"{name(ctx, sg.id)} (on {name(ctx, target)}, a target of {name(ctx, lb.id)}) admits port "
                          f"{port} from anywhere; the backend should accept traffic only from the load balancer.",
                          f"Change the source of that rule in {name(ctx, sg.id)} from 0.0.0.0/0 to the security "
                          f"group {name(ctx, lb_sgs[0].id)}.",
                          quick_fix=QuickFix(f"Admit port {port} only from {name(ctx, lb_sgs[0].id)}",
                                             lambda d, s=sg.id, idx=open_rules, src=lb_sgs[0].id:
                                             _replace_sources(d, s, idx, src)))


def _replace_sources(diagram, sg_id: str, indexes: list[int], source_sg: str):  # noqa: ANN001, ANN202
    rules = [dict(r) for r in diagram.nodes[sg_id].props.get("inbound", [])]
    for i in indexes:
        rules[i].pop("cidr", None)
        rules[i].pop("prefix_list", None)
        rules[i]["sg"] = source_sg
    return set_node_fields(diagram, sg_id, props={"inbound": rules})


def _target_port(ctx: RuleContext, lb: Node) -> int:
    props = ctx.props(lb)
    for listener in props.listeners:  # type: ignore[attr-defined]
        if listener.target_port:
            return listener.target_port
        tg = ctx.diagram.nodes.get(listener.target_group or "")
        if tg is not None:
            return ctx.props(tg).port  # type: ignore[attr-defined]
    if props.target_port:  # type: ignore[attr-defined]
        return props.target_port  # type: ignore[attr-defined]
    listeners = props.listeners  # type: ignore[attr-defined]
    return listeners[0].port if listeners else 80


@rule("ELB-HC-001", "info", pillars=("reliability",))
def health_check_path(ctx: RuleContext) -> Iterator[Hit]:
    """A disabled health check hides dead targets (warning); an HTTP check on "/" is better on /health (info)."""
    for node in [*_lbs(ctx), *ctx.index.of_kind("target_group")]:
        check = ctx.props(node).health_check  # type: ignore[attr-defined]
        if node.kind == "target_group" and ctx.props(node).target_type == "lambda":  # type: ignore[attr-defined]
            continue
        if check is None or "health_check" not in node.props:
            continue  # AWS's default health check: no finding
        if not check.enabled:
            yield hit(node.id, f"{name(ctx, node.id)} has its health check turned off, so traffic keeps going to "
                               "failed targets.",
                      f"Enable the health check of {name(ctx, node.id)} (HTTP on a /health path).",
                      quick_fix=QuickFix(f"Enable the health check of {name(ctx, node.id)}",
                                         lambda d, i=node.id: _set_health(d, i, enabled=True)),
                      severity="warning")
        elif check.protocol.upper() in ("HTTP", "HTTPS") and check.path == "/":
            yield hit(node.id, f"{name(ctx, node.id)} health-checks the home page \"/\"; a dedicated path tells "
                               "a broken dependency from a slow page.",
                      f"Set the health-check path of {name(ctx, node.id)} to /health.",
                      quick_fix=QuickFix(f"Health-check /health on {name(ctx, node.id)}",
                                         lambda d, i=node.id: _set_health(d, i, path="/health")))


def _set_health(diagram, node_id: str, **values: object):  # noqa: ANN001, ANN202
    current = dict(diagram.nodes[node_id].props.get("health_check") or {})
    return set_node_fields(diagram, node_id, props={"health_check": {**current, **values}})


PRIVATE_RANGES = tuple(ipaddress.ip_network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                                          "100.64.0.0/10"))


def _private_target(ip: str, vpc_cidrs: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return True  # not an address: nothing to judge
    networks = [*PRIVATE_RANGES, *(ipaddress.ip_network(c, strict=False) for c in vpc_cidrs)]
    return any(address.version == n.version and address in n for n in networks)


@rule("ELB-TG-001", "error", pillars=("reliability",), aliases=("elb.ip_target_public",))
def target_type_fits_lb(ctx: RuleContext) -> Iterator[Hit]:
    """ALB targets: instance, ip, lambda. NLB: instance, ip, alb. GWLB: instance, ip. Targets match the type."""
    f = facts(ctx)
    expected_kinds = {"instance": ("ec2", "asg", "eks_node", "ecs_service", "ecs_task"), "lambda": ("lambda",),
                      "alb": ("alb",)}
    for tg in ctx.index.of_kind("target_group"):
        props = ctx.props(tg)
        lb_id = f.tg_owner.get(tg.id)
        lb = ctx.diagram.nodes.get(lb_id or "")
        allowed = TARGET_TYPES.get(lb.kind) if lb is not None else None
        if allowed is not None and props.target_type not in allowed:  # type: ignore[attr-defined]
            yield hit([tg.id, lb.id], f"{name(ctx, tg.id)} has target type {props.target_type}, which an "  # type: ignore[attr-defined]
                                      f"{KIND_NAMES[lb.kind]} ({name(ctx, lb.id)}) cannot use; it takes "
                                      f"{', '.join(sorted(allowed))}.",
                      f"Use a target type of {', '.join(sorted(allowed))} for {name(ctx, tg.id)}, or another "
                      "load balancer type.")
        vpc = ctx.index.vpc_of(lb.id if lb is not None else tg.id)
        vpc_cidrs = [str(c) for c in (ctx.props(vpc).cidr, *ctx.props(vpc).secondary_cidrs)] if vpc else []  # type: ignore[attr-defined]
        public = [ip for ip in props.ip_targets if not _private_target(ip, vpc_cidrs)]  # type: ignore[attr-defined]
        if public:
            yield hit(tg.id, f"{name(ctx, tg.id)} registers the public address(es) {', '.join(public)}; IP targets must "
                             "come from the VPC, RFC 1918 or 100.64.0.0/10 ranges.",
                      f"Register private addresses in {name(ctx, tg.id)} (reach on-premises servers over VPN or Direct "
                      "Connect).",
                      quick_fix=QuickFix("Remove the public addresses", lambda d, i=tg.id, bad=public: set_node_fields(
                          d, i, props={"ip_targets": [x for x in d.nodes[i].props.get("ip_targets", [])
                                                      if x not in bad]})))
        kinds = expected_kinds.get(props.target_type)  # type: ignore[attr-defined]
        if kinds is None:
            continue
        wrong = [t for t in props.targets if t in ctx.diagram.nodes  # type: ignore[attr-defined]
                 and ctx.diagram.nodes[t].kind not in kinds]
        if wrong:
            yield hit([tg.id, *wrong], f"{name(ctx, tg.id)} is a target group of type {props.target_type}, but "  # type: ignore[attr-defined]
                                       f"{names(ctx, wrong)} cannot register as that type.",
                      f"Register only {', '.join(kinds)} targets in {name(ctx, tg.id)}, or change its target type.")


@rule("ELB-TG-002", "error", pillars=("reliability",))
def listener_has_targets(ctx: RuleContext) -> Iterator[Hit]:
    """A forwarding listener needs something to forward to; an ASG at desired 0 only warns."""
    f = facts(ctx)
    for lb in _lbs(ctx):
        listeners = ctx.props(lb).listeners  # type: ignore[attr-defined]
        if listeners and all(listener.redirect_to_https for listener in listeners):
            continue
        targets = f.lb_targets.get(lb.id, [])
        if not targets:
            yield hit(lb.id, f"{name(ctx, lb.id)} has no targets: every request gets a 503 (ALB) or has nowhere "
                             "to go (NLB).",
                      f"Register targets with {name(ctx, lb.id)}: list them in its targets or target group, attach "
                      "an Auto Scaling group, or draw a flow from it to the instances.")
            continue
        asgs = [t for t in targets if ctx.diagram.nodes[t].kind == "asg"]
        if asgs and len(asgs) == len(targets) and all(ctx.props(a).desired == 0 for a in asgs):  # type: ignore[attr-defined]
            yield hit([lb.id, *asgs], f"{name(ctx, lb.id)} forwards only to {names(ctx, asgs)}, whose desired "
                                      "capacity is 0, so no instance serves its requests.",
                      f"Raise the desired capacity of {names(ctx, asgs)} to at least 1.",
                      severity="warning")


@rule("ELB-STICKY-001", "info", pillars=("reliability",))
def stickiness_kind_fits_lb(ctx: RuleContext) -> Iterator[Hit]:
    """Cookie stickiness is for ALB/CLB, source-IP for NLB, flow for GWLB; AWS refuses a mismatch."""
    for node in [*_lbs(ctx), *ctx.index.of_kind("target_group")]:
        lb = node if node.kind in LB_KINDS else ctx.diagram.nodes.get(facts(ctx).tg_owner.get(node.id, ""))
        if lb is None:
            continue
        sticky = ctx.props(node).stickiness  # type: ignore[attr-defined]
        allowed = STICKY_TYPES.get(lb.kind, set())
        if sticky.enabled and sticky.type not in allowed:
            kind = "source_ip" if lb.kind == "nlb" else "flow" if lb.kind == "gwlb" else "duration"
            yield hit(node.id, f"{name(ctx, node.id)} asks for {sticky.type} stickiness, which an "
                               f"{KIND_NAMES[lb.kind]} does not offer ({', '.join(sorted(allowed))} only).",
                      f"Set the stickiness type of {name(ctx, node.id)} to {kind}.",
                      quick_fix=QuickFix(f"Use {kind} stickiness", lambda d, i=node.id, k=kind: _set_sticky(
                          d, i, type=k)),
                      severity="error")


def _set_sticky(diagram, node_id: str, **values: object):  # noqa: ANN001, ANN202
    current = dict(diagram.nodes[node_id].props.get("stickiness") or {})
    return set_node_fields(diagram, node_id, props={"stickiness": {**current, **values}})


@rule("ELB-STICKY-002", "error", pillars=("reliability",), aliases=("elb.reserved_cookie_name",))
def cookie_name_not_reserved(ctx: RuleContext) -> Iterator[Hit]:
    """Application cookie names AWSALB, AWSALBAPP and AWSALBTG are reserved by ELB."""
    for node in [*_lbs(ctx), *ctx.index.of_kind("target_group")]:
        sticky = ctx.props(node).stickiness  # type: ignore[attr-defined]
        cookie = (sticky.cookie_name or "").strip()
        if sticky.type == "app" and cookie.upper() in RESERVED_COOKIES:
            yield hit(node.id, f"{name(ctx, node.id)} uses the application cookie name {cookie}, which ELB reserves "
                               "for its own cookies.",
                      f"Rename the stickiness cookie of {name(ctx, node.id)}, for example to APPSESSION.",
                      quick_fix=QuickFix("Rename the cookie to APPSESSION",
                                         lambda d, i=node.id: _set_sticky(d, i, cookie_name="APPSESSION")))


@rule("ELB-STICKY-003", "warning", pillars=("reliability", "performance"))
def stickiness_is_not_a_session_store(ctx: RuleContext) -> Iterator[Hit]:
    """Stickiness alone keeps sessions only while the instance lives and can unbalance the load."""
    f = facts(ctx)
    for lb in _lbs(ctx):
        if not f.stickiness_on(lb):
            continue
        instances = f.lb_instances(lb.id)
        targets = f.lb_targets.get(lb.id, [])
        if not instances or any(t in f.session_store_users for t in [*instances, *targets]):
            continue
        yield hit(lb.id, f"{name(ctx, lb.id)} relies on sticky sessions alone: a user's session is lost when "
                         f"their instance ({names(ctx, instances[:3])}{'...' if len(instances) > 3 else ''}) ends, "
                         "and busy users can overload one instance.",
                  f"Keep sessions in ElastiCache (Redis) or DynamoDB and point {names(ctx, instances[:3])} at it; "
                  "stickiness can then stay as an optimisation or be turned off.")


@rule("ELB-XZ-001", "info", pillars=("reliability", "performance"), aliases=("elb.uneven_az_distribution",))
def cross_zone_balance(ctx: RuleContext) -> Iterator[Hit]:
    """With cross-zone off (NLB/GWLB default), AZs with fewer targets get as much traffic as the others."""
    f = facts(ctx)
    for lb in _lbs(ctx):
        cross_zone = ctx.props(lb).cross_zone  # type: ignore[attr-defined]
        if cross_zone is None:
            cross_zone = lb.kind in ("alb", "clb", "elb")
        if cross_zone:
            continue
        counts = Counter(az for t in f.lb_instances(lb.id) if (az := ctx.index.az_key(t)) is not None)
        for az in f.azs_of(lb):
            counts.setdefault(az, 0)
        if len(counts) >= 2 and len(set(counts.values())) > 1:
            spread = ", ".join(f"{az}: {c}" for az, c in sorted(counts.items()))
            yield hit(lb.id, f"{name(ctx, lb.id)} has cross-zone load balancing off and uneven targets per AZ "
                             f"({spread}); each AZ still gets an equal share of the traffic.",
                      f"Balance the targets of {name(ctx, lb.id)} across its AZs, or turn cross-zone load balancing "
                      "on.",
                      quick_fix=QuickFix(f"Turn cross-zone on for {name(ctx, lb.id)}",
                                         lambda d, i=lb.id: set_node_fields(d, i, props={"cross_zone": True})),
                      severity="warning")


@rule("ELB-TLS-001", "error", pillars=("security",))
def tls_listener_has_certificate(ctx: RuleContext) -> Iterator[Hit]:
    """HTTPS, TLS and SSL listeners need a default certificate."""
    for lb in _lbs(ctx):
        for listener in ctx.props(lb).listeners:  # type: ignore[attr-defined]
            if listener.protocol in TLS_PROTOCOLS and not listener.certificate and not listener.certificates:
                yield hit(lb.id, f"The {listener.protocol}:{listener.port} listener of {name(ctx, lb.id)} has no "
                                 "certificate; AWS refuses a TLS listener without one.",
                          f"Attach an ACM certificate for your domain to the {listener.protocol}:{listener.port} "
                          f"listener of {name(ctx, lb.id)}.")


@rule("ELB-TLS-002", "error", pillars=("security",), aliases=("elb.clb_multi_cert",))
def clb_one_certificate(ctx: RuleContext) -> Iterator[Hit]:
    """A CLB listener presents exactly one certificate (no SNI)."""
    for lb in ctx.index.of_kind("clb"):
        for listener in ctx.props(lb).listeners:  # type: ignore[attr-defined]
            certs = {c for c in (listener.certificate, *listener.certificates) if c}
            if len(certs) > 1:
                yield hit(lb.id, f"The {listener.protocol}:{listener.port} listener of {name(ctx, lb.id)} has "
                                 f"{len(certs)} certificates; a Classic Load Balancer cannot choose between them "
                                 "(no SNI).",
                          f"Use one multi-name (SAN) or wildcard certificate on {name(ctx, lb.id)}, or move to an ALB "
                          "or NLB, which support SNI.")


@rule("ELB-TLS-003", "info", pillars=("security",))
def end_to_end_encryption(ctx: RuleContext) -> Iterator[Hit]:
    """When the design requires encryption end to end, the LB -> target leg must be HTTPS/TLS too."""
    for lb in _lbs(ctx):
        if not ctx.intent(lb, "end_to_end_encryption"):
            continue
        plain = [tg.id for tg in _target_groups(ctx, lb)
                 if ctx.props(tg).protocol.upper() not in ("HTTPS", "TLS")]  # type: ignore[attr-defined]
        if plain or not _target_groups(ctx, lb):
            yield hit([lb.id, *plain], f"{name(ctx, lb.id)} must encrypt end to end, but it talks plain HTTP/TCP "
                                       "to its targets.",
                      f"Use HTTPS (or TLS) target groups behind {name(ctx, lb.id)} and install certificates on "
                      "the targets.")


@rule("ELB-DRAIN-001", "error", pillars=("reliability",))
def deregistration_delay_range(ctx: RuleContext) -> Iterator[Hit]:
    """Connection draining (deregistration delay) is 0-3600 s."""
    for node in [*_lbs(ctx), *ctx.index.of_kind("target_group")]:
        delay = ctx.props(node).deregistration_delay_s  # type: ignore[attr-defined]
        if not 0 <= delay <= 3600:
            yield hit(node.id, f"{name(ctx, node.id)} has a deregistration delay of {delay} s; AWS accepts "
                               "0 to 3600 s.",
                      f"Set the deregistration delay of {name(ctx, node.id)} between 0 and 3600 s (300 is the "
                      "default).",
                      quick_fix=QuickFix("Use the default 300 s", lambda d, i=node.id: set_node_fields(
                          d, i, props={"deregistration_delay_s": 300})))


@rule("ELB-NLB-001", "info", pillars=("reliability",))
def static_ip_entry_point(ctx: RuleContext) -> Iterator[Hit]:
    """Partners that whitelist fixed IPs need an NLB (Elastic IPs) or Global Accelerator, not an ALB/CLB."""
    fronted = {t for ga in ctx.index.of_kind("global_accelerator")
               for t in ctx.props(ga).endpoints}  # type: ignore[attr-defined]
    for lb in ctx.index.of_kind("alb", "clb", "elb"):
        if ctx.intent(lb, "requires_static_ip") and lb.id not in fronted:
            yield hit(lb.id, f"{name(ctx, lb.id)} must offer fixed IP addresses, but an ALB/CLB's addresses change "
                             "over time.",
                      f"Put Global Accelerator in front of {name(ctx, lb.id)}, or use an NLB with Elastic IPs.",
                      severity="warning")


@rule("ELB-ALB-001", "info", pillars=("cost", "operational_excellence"))
def one_alb_for_several_clbs(ctx: RuleContext) -> Iterator[Hit]:
    """One ALB routes by host and path to several target groups, where CLBs need one load balancer per app."""
    by_vpc: dict[str, list[str]] = {}
    for lb in ctx.index.of_kind("clb"):
        vpc = ctx.index.vpc_of(lb.id)
        by_vpc.setdefault(vpc.id if vpc else "", []).append(lb.id)
    for clbs in by_vpc.values():
        if len(clbs) >= 2:
            yield hit(clbs, f"{names(ctx, clbs)} are Classic Load Balancers side by side; one ALB can serve all of "
                            "them with host- or path-based rules.",
                      f"Replace {names(ctx, clbs)} with one ALB and a target group per application.")
