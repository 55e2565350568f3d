"""NET rules about NAT gateways and NAT instances (rules.md 2.4).

Private NAT gateways (``connectivity: private``) and regional NAT gateways (``availability_mode: regional``)
are exempt from the public-subnet, EIP and per-AZ rules, as rules.md section 33 corrected.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import reparent_node, set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.model.types import Protocol
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import ANY_V4, facts, title

NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _zonal_public(ctx: RuleContext, nat: Node) -> bool:
    props = ctx.props(nat)
    return props.connectivity == "public" and props.availability_mode == "zonal"  # type: ignore[attr-defined]


def _route_targets(ctx: RuleContext) -> dict[str, list[tuple[str, str]]]:
    """Target id -> [(route table, destination)] over every route of the design."""
    result: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for table in ctx.index.of_kind("route_table"):
        for route in ctx.props(table).routes:  # type: ignore[attr-defined]
            result[route.target].append((table.id, str(route.destination or route.prefix_list)))
    return result


def _nat_instances(ctx: RuleContext) -> list[Node]:
    return [*ctx.index.of_kind("nat_instance"),
            *[n for n in facts(ctx).with_raw(("ec2",), "role") if n.props.get("role") == "nat_instance"]]


def _public_subnet_in_az(ctx: RuleContext, node_id: str) -> str | None:
    f = facts(ctx)
    vpc, az = f.vpc_id(node_id), ctx.index.az_key(node_id)
    candidates = [s for s in f.subnets_by_vpc.get(vpc or "", []) if f.is_public_subnet(s.id)]
    same_az = [s for s in candidates if ctx.index.az_key(s.id) == az]
    chosen = (same_az or candidates)[:1]
    return chosen[0].id if chosen else None


@rule("NET-NAT-001", "error", pillars=("reliability",), aliases=("net.nat_in_private_subnet",))
def nat_gateway_in_public_subnet(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    targets = _route_targets(ctx)
    for nat in ctx.index.of_kind("nat_gateway"):
        subnet = ctx.index.subnet_of(nat.id)
        if not _zonal_public(ctx, nat) or subnet is None or f.is_public_subnet(subnet.id):
            continue
        if nat.id not in targets:
            yield hit([nat.id, subnet.id], f"NAT gateway {title(nat)} sits in {title(subnet)}, which has no route "
                      "to the Internet gateway; no route uses it yet either.",
                      fix=f"Move {nat.id} into a public subnet before pointing private subnets at it.",
                      severity="info")
            continue
        public = _public_subnet_in_az(ctx, nat.id)
        yield hit([nat.id, subnet.id], f"NAT gateway {title(nat)} sits in {title(subnet)}, whose route table has "
                  "no 0.0.0.0/0 route to an Internet gateway: the private subnets that route to it cannot reach "
                  "the Internet.",
                  fix=f"Move {nat.id} into a public subnet" + (f" such as {public}" if public else "")
                  + ", and keep the private subnets' 0.0.0.0/0 route pointing at it.",
                  quick_fix=QuickFix(f"Move {nat.id} into {public}", lambda d, n=nat.id, p=public:
                                     reparent_node(d, n, p, (16.0, 36.0))) if public else None)


@rule("NET-NAT-002", "error", pillars=("reliability",))
def nat_gateway_elastic_ip(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for nat in ctx.index.of_kind("nat_gateway"):
        props = ctx.props(nat)
        eips = f.eips_by_target.get(nat.id, [])
        if _zonal_public(ctx, nat) and not props.elastic_ip and not eips:  # type: ignore[attr-defined]
            yield hit(nat.id, f"Public NAT gateway {title(nat)} has no Elastic IP; AWS requires one at creation.",
                      fix=f"Allocate an Elastic IP for {nat.id} (elastic_ip: true).",
                      quick_fix=QuickFix(f"Give {nat.id} an Elastic IP", lambda d, n=nat.id: set_node_fields(
                          d, n, props={"elastic_ip": True})))
        elif props.connectivity == "private" and (nat.props.get("elastic_ip") or eips):  # type: ignore
            yield hit([nat.id, *eips], f"Private NAT gateway {title(nat)} has an Elastic IP; a private NAT gateway "
                      "cannot have one.", fix=f"Remove the Elastic IP from {nat.id}.")


@rule("NET-NAT-003", "error", pillars=("reliability",))
def public_nat_needs_igw(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for nat in ctx.index.of_kind("nat_gateway"):
        vpc = f.vpc_id(nat.id)
        if ctx.props(nat).connectivity != "public" or vpc is None or f.attached_igws(vpc):  # type: ignore
            continue
        yield hit([nat.id, vpc], f"Public NAT gateway {title(nat)} is in VPC {vpc}, which has no attached Internet "
                  "gateway: its traffic has nowhere to go (private subnet -> NAT -> IGW).",
                  fix=f"Attach an Internet gateway to {vpc} and route the NAT's subnet 0.0.0.0/0 to it.")


@rule("NET-NAT-004", "error", pillars=("reliability",), aliases=("net.nat_same_subnet_route",))
def nat_not_target_of_own_subnet(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for nat in ctx.index.of_kind("nat_gateway"):
        subnet = ctx.index.subnet_of(nat.id)
        if subnet is None or ctx.props(nat).availability_mode != "zonal":  # type: ignore[attr-defined]
            continue
        table = f.route_table(subnet.id)
        for route in f.routes(subnet.id):
            if route.target == nat.id:
                yield hit([nat.id, subnet.id], f"The route table {table.id if table else ''} of {title(subnet)} "
                          f"sends {route.destination} to {nat.id}, the NAT gateway inside that same subnet: its own "
                          "traffic would loop back to it.",
                          fix=f"Give {subnet.id} its own route table with 0.0.0.0/0 -> the Internet gateway, and "
                          f"point only the private subnets at {nat.id}.")


@rule("NET-NAT-005", "warning", pillars=("reliability", "cost"), aliases=("net.nat_single_az",))
def nat_per_az(ctx: RuleContext) -> Iterator[Hit]:
    """One finding per zonal NAT gateway that serves private subnets of other AZs (the case studies' lesson)."""
    f = facts(ctx)
    foreign: dict[str, list[Node]] = defaultdict(list)
    for subnet in ctx.index.of_kind("subnet"):
        route = f.default_route(subnet.id)
        if route is None or route.target not in ctx.diagram.nodes:
            continue
        nat = ctx.node(route.target)
        if nat.kind != "nat_gateway" or ctx.props(nat).availability_mode != "zonal":  # type: ignore[attr-defined]
            continue
        if ctx.index.az_key(nat.id) != ctx.index.az_key(subnet.id) and ctx.index.az_key(subnet.id) is not None:
            foreign[nat.id].append(subnet)
    nats_by_az: dict[tuple[str | None, str | None], list[str]] = defaultdict(list)
    for nat in ctx.index.of_kind("nat_gateway"):
        nats_by_az[(f.vpc_id(nat.id), ctx.index.az_key(nat.id))].append(nat.id)
    for nat_id, subnets in sorted(foreign.items()):
        nat = ctx.node(nat_id)
        azs = sorted({ctx.index.az_key(s.id) or "" for s in subnets})
        local = {az: nats_by_az.get((f.vpc_id(nat_id), az), []) for az in azs}
        advice = "; ".join(f"route {s.id} to {local[ctx.index.az_key(s.id) or ''][0]}" if local.get(
            ctx.index.az_key(s.id) or "") else f"add a NAT gateway in {ctx.index.az_key(s.id)} for {s.id}"
            for s in subnets[:4])
        yield hit([nat_id, *[s.id for s in subnets]], f"NAT gateway {title(nat)} in {ctx.index.az_key(nat_id)} "
                  f"also serves private subnets in {', '.join(azs)} ({', '.join(s.id for s in subnets[:4])}): if its "
                  "AZ fails they lose Internet access, and their traffic pays cross-AZ data charges.",
                  fix=f"Use one NAT gateway per AZ: {advice} (or use a regional NAT gateway).")


@rule("NET-NAT-006", "error", pillars=("reliability",), aliases=("net.nat_for_ipv6",))
def nat_is_not_ipv6_egress(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    subnets_by_table: dict[str, list[str]] = defaultdict(list)
    for subnet in ctx.index.of_kind("subnet"):
        table = f.route_table(subnet.id)
        if table is not None:
            subnets_by_table[table.id].append(subnet.id)
    for table in ctx.index.of_kind("route_table"):
        for route in ctx.props(table).routes:  # type: ignore[attr-defined]
            dest = route.destination
            if dest is None or dest.version != 6 or f.target_kind(route.target) != "nat_gateway":
                continue
            if dest.subnet_of(NAT64):  # type: ignore[arg-type]
                continue
            dual = [s for s in subnets_by_table.get(table.id, []) if ctx.props(s).ipv6_cidr is not None]  # type: ignore
            yield hit([table.id, route.target], f"Route table {title(table)} sends the IPv6 range {dest} to the NAT "
                      f"gateway {route.target}. A NAT gateway only translates IPv6 to IPv4 (NAT64, 64:ff9b::/96); "
                      "native IPv6 Internet traffic through it fails.",
                      fix=f"Route 64:ff9b::/96 to {route.target} and ::/0 to an egress-only Internet gateway.",
                      severity=None if dual else "warning")


@rule("NET-NAT-008", "error", pillars=("reliability", "security"))
def nat_is_egress_only(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    seen: set[str] = set()
    for edge in f.traffic_edges:
        if not f.is_internet(edge.source) or edge.target in seen:
            continue
        subnets = f.subnets_of(edge.target)
        route = f.default_route(subnets[0]) if subnets else None
        if route is None or f.target_kind(route.target) not in ("nat_gateway", "nat_instance"):
            continue
        if ctx.node(edge.target).kind in ("alb", "nlb", "clb", "elb", "gwlb"):
            continue
        seen.add(edge.target)
        yield hit([edge.target, route.target], f"The Internet is meant to open connections to "
                  f"{title(ctx.node(edge.target))} ({edge.id}), but its subnet {subnets[0]} reaches the Internet "
                  f"through the NAT {route.target}, which only lets connections out.",
                  fix=f"Put an internet-facing load balancer in front of {edge.target}, or move it to a public subnet "
                  "with a public IP.")


@rule("NET-NAT-007", "error", pillars=("security",), aliases=("net.natgw_has_no_sg",))
def nat_gateway_has_no_sg(ctx: RuleContext) -> Iterator[Hit]:
    for nat in ctx.index.of_kind("nat_gateway"):
        sgs = ctx.props(nat).security_groups  # type: ignore[attr-defined]
        if sgs:
            yield hit([nat.id, *sgs], f"NAT gateway {title(nat)} is given the security group(s) {', '.join(sgs)}, "
                      "but NAT gateways take none; filter its traffic with the subnet's NACL instead.",
                      fix=f"Remove the security groups from {nat.id}.",
                      quick_fix=QuickFix(f"Remove the security groups of {nat.id}", lambda d, n=nat.id:
                                         set_node_fields(d, n, props={"security_groups": None})))


@rule("NET-NATI-001", "error", pillars=("reliability",),
      aliases=("net.nat_instance_src_dst_check", "net.nat_instance_no_eip"))
def nat_instance_setup(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    targets = _route_targets(ctx)
    for nat in _nat_instances(ctx):
        props = ctx.props(nat)
        subnet = ctx.index.subnet_of(nat.id)
        if subnet is not None and not f.is_public_subnet(subnet.id):
            yield hit([nat.id, subnet.id], f"NAT instance {title(nat)} sits in {title(subnet)}, which has no "
                      "0.0.0.0/0 route to an Internet gateway.",
                      fix=f"Move {nat.id} into a public subnet.")
        if not f.has_public_ipv4(nat.id):
            yield hit(nat.id, f"NAT instance {title(nat)} has no public IPv4 address, so it cannot forward traffic "
                      "to the Internet.", fix=f"Attach an Elastic IP to {nat.id}.",
                      quick_fix=QuickFix(f"Attach an Elastic IP to {nat.id}", lambda d, n=nat.id: set_node_fields(
                          d, n, props={"elastic_ip": True})))
        elif not props.elastic_ip and not f.eips_by_target.get(nat.id):  # type: ignore[attr-defined]
            yield hit(nat.id, f"NAT instance {title(nat)} uses an auto-assigned public IP, which changes when it "
                      "stops and starts.", fix=f"Attach an Elastic IP to {nat.id}.", severity="warning",
                      quick_fix=QuickFix(f"Attach an Elastic IP to {nat.id}", lambda d, n=nat.id: set_node_fields(
                          d, n, props={"elastic_ip": True})))
        if props.source_dest_check:  # type: ignore[attr-defined]
            yield hit(nat.id, f"NAT instance {title(nat)} still has source/destination check on, so it drops the "
                      "traffic it should forward.", fix=f"Set source_dest_check: false on {nat.id}.",
                      quick_fix=QuickFix(f"Turn off source/destination check on {nat.id}", lambda d, n=nat.id:
                                         set_node_fields(d, n, props={"source_dest_check": False})))
        if nat.id not in targets:
            yield hit(nat.id, f"NAT instance {title(nat)} is not the target of any route, so no subnet uses it.",
                      fix=f"Point the private subnets' 0.0.0.0/0 route at {nat.id}, or remove it.", severity="info")


@rule("NET-NATI-002", "warning", pillars=("security",))
def nat_instance_security_group(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for nat in _nat_instances(ctx):
        sgs = f.sgs(nat.id)
        vpc = f.vpc_id(nat.id)
        blocks = [b for b in f.vpc_cidrs(vpc) if b.version == 4] if vpc else []
        problems = []
        for sg in sgs:
            for sg_rule in f.sg_rules(sg, "inbound"):
                if sg_rule.cidr is not None and sg_rule.cidr.prefixlen == 0 and sg_rule.port.contains(22):
                    problems.append(f"{sg.id} opens SSH to {sg_rule.cidr}")
        inbound_ok = all(any(_admits_from_vpc(f, sgs, port, blocks)) for port in (80, 443)) if blocks else True
        if not inbound_ok:
            problems.append("no inbound HTTP/HTTPS from the VPC's private subnets")
        outbound_ok = all(any(r.port.contains(p) and r.protocol.matches(Protocol.TCP) and r.cidr == ANY_V4
                              for sg in sgs for r in f.sg_rules(sg, "outbound")) for p in (80, 443))
        if not outbound_ok:
            problems.append("no outbound HTTP/HTTPS to the Internet")
        if problems:
            yield hit([nat.id, *[s.id for s in sgs]], f"The security group of NAT instance {title(nat)} does not "
                      f"fit a NAT: {'; '.join(problems)}.",
                      fix=f"Allow inbound TCP 80/443 from {blocks[0] if blocks else 'the VPC CIDR'}, SSH only from "
                      "the admin network, and outbound TCP 80/443 to 0.0.0.0/0.")


def _admits_from_vpc(f, sgs, port: int, blocks) -> Iterator[bool]:
    for sg in sgs:
        for sg_rule in f.sg_rules(sg, "inbound"):
            if sg_rule.protocol.matches(Protocol.TCP) and sg_rule.port.contains(port) and sg_rule.cidr is not None \
                    and any(sg_rule.cidr.version == b.version and (b.subnet_of(sg_rule.cidr) or sg_rule.cidr.subnet_of(b))
                            for b in blocks):
                yield True


@rule("NET-NATI-003", "warning", pillars=("reliability",), aliases=("net.nat_instance_not_ha",))
def nat_instance_not_ha(ctx: RuleContext) -> Iterator[Hit]:
    targets = _route_targets(ctx)
    for nat in _nat_instances(ctx):
        if nat.id in targets and not ctx.props(nat).member_of:  # type: ignore[attr-defined]
            tables = sorted({t for t, _ in targets[nat.id]})
            yield hit([nat.id, *tables], f"NAT instance {title(nat)} is the only egress path of {', '.join(tables)}: "
                      "if it fails, those subnets lose Internet access, and its bandwidth is that of one instance.",
                      fix=f"Replace {nat.id} with a NAT gateway per AZ (or run it in an Auto Scaling group across AZs).")
