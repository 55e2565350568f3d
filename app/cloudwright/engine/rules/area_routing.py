"""NET rules about Internet gateways, route tables and egress-only IGWs (rules.md 2.2, 2.3, 2.13).

``rt(S)`` is always the effective table (explicit association, else the VPC's main table, else AWS's implicit
main table holding only the local route). Internet rules only look at subnets with an Internet flow or an
explicit public intent (rules.md section 0); an ``isolated`` subnet never gets an IGW finding.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import AddNode, Batch, set_node_fields
from cloudwright.engine.model.diagram import Diagram, Node
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import (
    FRONT_DOORS,
    INSTANCE_KINDS,
    LB_KINDS,
    facts,
    new_route_table,
    route_dicts,
    set_routes,
    title,
    unique_id,
    upsert_route,
)

#: Route targets that must live in (or be attached to) the route table's own VPC.
VPC_LOCAL_TARGETS = frozenset({"igw", "egress_only_igw", "nat_gateway", "nat_instance", "eni", "ec2", "vgw",
                               "vpc_endpoint_gateway", "network_firewall", "gwlb", "vpn_cloudhub"})
#: Targets AWS accepts for a route more specific than the local route (middlebox inspection).
MIDDLEBOX_TARGETS = frozenset({"eni", "ec2", "nat_instance", "gwlb", "network_firewall", "nat_gateway"})
#: A default route to one of these is an inspected path the model does not follow: report nothing.
INSPECTION_TARGETS = frozenset({"network_firewall", "gwlb"})


def _add_igw_route_fix(ctx: RuleContext, subnet: Node) -> QuickFix | None:
    """Route 0.0.0.0/0 of the subnet's table to the VPC's IGW (adding the IGW and a table when missing)."""
    f = facts(ctx)
    vpc = f.vpc_id(subnet.id)
    if vpc is None:
        return None
    igws = f.attached_igws(vpc)
    igw_id = igws[0].id if igws else None
    table = f.route_table(subnet.id)
    table_id = table.id if table is not None else None
    explicit = f.index.has_explicit_route_table(subnet.id)

    def build(diagram: Diagram) -> Batch:
        edits = []
        target = igw_id
        if target is None:
            target = unique_id(diagram, f"igw-{vpc}")
            edits.append(AddNode(Node(id=target, kind="igw", parent=vpc, pos=(16.0, 40.0)), "Add IGW"))
        if table_id is not None and explicit:
            edits.append(upsert_route(diagram, table_id, "0.0.0.0/0", target))
        else:
            edits.append(new_route_table(diagram, vpc, subnet.id, [{"destination": "0.0.0.0/0", "target": target}]))
        return Batch(edits, "Route to the Internet gateway")

    where = table_id if table_id is not None and explicit else f"a new route table for {subnet.id}"
    return QuickFix(f"Add 0.0.0.0/0 -> {igw_id or 'a new IGW'} to {where}", build)


def _internet_facing_in(ctx: RuleContext) -> dict[str, list[str]]:
    """Subnet id -> the Internet-facing things it hosts (direct Internet flows, public LBs and NAT, bastions)."""
    f = facts(ctx)
    result: dict[str, list[str]] = defaultdict(list)
    for node_id in sorted(f.internet_flow_nodes):
        node = ctx.node(node_id)
        if node.kind in LB_KINDS and not f.has_public_ipv4(node_id):
            continue
        for subnet in f.subnets_of(node_id):
            result[subnet].append(node_id)
    for node in ctx.index.of_kind(*LB_KINDS, "nat_gateway"):
        if node.id in f.internet_flow_nodes or not f.has_public_ipv4(node.id):
            continue
        if node.kind == "nat_gateway" and ctx.props(node).availability_mode != "zonal":  # type: ignore[attr-defined]
            continue
        for subnet in f.subnets_of(node.id):
            result[subnet].append(node.id)
    return result


@rule("NET-RT-003", "error", pillars=("reliability", "security"))
def public_subnet_routes_to_igw(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    facing = _internet_facing_in(ctx)
    for subnet in ctx.index.of_kind("subnet"):
        intent = f.subnet_intent(subnet)
        public = f.is_public_subnet(subnet.id)
        default = f.default_route(subnet.id)
        if intent == "public" and not public:
            if default is not None and f.target_kind(default.target) in INSPECTION_TARGETS:
                continue
            table = f.route_table(subnet.id)
            where = f"its route table {table.id}" if table is not None else "the VPC's implicit main route table"
            now = (f"sends 0.0.0.0/0 to {default.target}, not to an attached Internet gateway" if default is not None
                   else "has no 0.0.0.0/0 route to an Internet gateway")
            hosted = facing.get(subnet.id, [])
            if hosted:
                message = (f"Subnet {title(subnet)} is public and hosts {', '.join(hosted[:3])}, which the Internet "
                           f"must reach, but {where} {now}.")
            else:
                message = (f"Subnet {title(subnet)} is labelled public but {where} {now}: nothing in it can reach "
                           "the Internet.")
            yield hit(subnet.id, message, fix=_route_fix_text(ctx, subnet),
                      quick_fix=_add_igw_route_fix(ctx, subnet), severity=None if hosted else "warning")
        elif intent == "private" and public:
            table = f.route_table(subnet.id)
            yield hit(subnet.id, f"Subnet {title(subnet)} is labelled private but its route table "
                      f"{table.id if table else ''} sends 0.0.0.0/0 to the Internet gateway: anything in it with a "
                      "public IP is exposed.",
                      fix=f"Associate {subnet.id} with a private route table (0.0.0.0/0 -> a NAT gateway), or "
                      "label it public.", severity="warning")


def _route_fix_text(ctx: RuleContext, subnet: Node) -> str:
    f = facts(ctx)
    vpc = f.vpc_id(subnet.id)
    igws = f.attached_igws(vpc) if vpc else []
    igw = igws[0].id if igws else f"a new Internet gateway attached to {vpc}"
    table = f.route_table(subnet.id)
    if table is not None and f.index.has_explicit_route_table(subnet.id):
        return f"Add a route 0.0.0.0/0 -> {igw} to {table.id}."
    return f"Associate {subnet.id} with a route table holding 0.0.0.0/0 -> {igw}."


@rule("net.private_no_egress", "info", section="NAT Gateways", lines="§NAT Gateways L7011-7034",
      pillars=("reliability",),
      summary="Private instances that need outbound Internet (a flow to the Internet or a public AWS service, or "
      "intent needs_egress) need a NAT or endpoint route.")
def private_needs_egress(ctx: RuleContext) -> Iterator[Hit]:
    from cloudwright.engine.rules.netfacts import AWS_API_KINDS

    f = facts(ctx)
    wanted: dict[str, str] = {}
    for edge in f.traffic_edges:
        kind = ctx.node(edge.target).kind
        if f.is_internet(edge.target) or kind in AWS_API_KINDS:
            wanted.setdefault(edge.source, edge.target)
    for node in ctx.diagram.nodes.values():
        if node.intent and ctx.intent(node, "needs_egress"):
            wanted.setdefault(node.id, "the Internet")
    for node_id, target in sorted(wanted.items()):
        subnets = f.subnets_of(node_id)
        if not subnets or f.vpc_id(subnets[0]) is None:
            continue
        subnet = ctx.node(subnets[0])
        if f.subnet_intent(subnet) == "isolated" or f.is_public_subnet(subnet.id):
            continue
        service = {"s3_bucket": "s3", "dynamodb_table": "dynamodb"}.get(
            ctx.node(target).kind if target in ctx.diagram.nodes else "")
        route = f.service_route(subnet.id, service) if service else (
            r.target if (r := f.default_route(subnet.id)) is not None else None)
        if route is not None:
            continue
        yield hit([node_id, subnet.id], f"{title(ctx.node(node_id))} in the private subnet {subnet.id} needs to reach "
                  f"{target}, but its route table has no default route (no NAT) and no endpoint for it.",
                  fix=f"Route 0.0.0.0/0 of {subnet.id} to a NAT gateway in its AZ"
                  + (f", or add a {service} gateway endpoint" if service else "") + ".")


@rule("NET-IGW-001", "error", pillars=("reliability",), aliases=("net.igw_multiple",))
def one_igw_per_vpc(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for vpc in ctx.index.of_kind("vpc"):
        igws = f.attached_igws(vpc.id)
        if len(igws) > 1:
            extra = igws[1:]
            yield hit([vpc.id, *[g.id for g in igws]], f"VPC {title(vpc)} has {len(igws)} attached Internet "
                      f"gateways ({', '.join(g.id for g in igws)}); a VPC can have only one.",
                      fix=f"Keep {igws[0].id} and delete {', '.join(g.id for g in extra)}, pointing its routes at "
                      f"{igws[0].id}.")


@rule("NET-IGW-002", "error", pillars=("reliability",), aliases=("net.igw_not_attached",))
def routes_use_attached_igw(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    facing = _internet_facing_in(ctx)
    for vpc in ctx.index.of_kind("vpc"):
        if f.attached_igws(vpc.id):
            continue
        public = [s.id for s in f.subnets_by_vpc.get(vpc.id, []) if f.subnet_intent(s) == "public"]
        if not public:
            continue
        hosted = [n for s in public for n in facing.get(s, [])]
        yield hit([vpc.id, *public], f"VPC {title(vpc)} has public subnets ({', '.join(public[:3])}) but no "
                  "attached Internet gateway" + (f", so {', '.join(hosted[:3])} cannot reach the Internet." if hosted
                                                 else ": nothing in them can reach the Internet."),
                  fix=f"Attach an Internet gateway to {vpc.id} and route the public subnets' 0.0.0.0/0 to it.",
                  severity=None if hosted else "warning",
                  quick_fix=QuickFix(f"Add an Internet gateway to {vpc.id}", lambda d, v=vpc.id: AddNode(
                      Node(id=unique_id(d, f"igw-{v}"), kind="igw", parent=v, pos=(16.0, 40.0)), "Add IGW")))
    targeted: set[str] = set()
    for table in ctx.index.of_kind("route_table"):
        for route in ctx.props(table).routes:  # type: ignore[attr-defined]
            node = ctx.diagram.nodes.get(route.target)
            if node is None or node.kind != "igw":
                continue
            targeted.add(node.id)
            if not f.attached(node.id):
                yield hit([table.id, node.id], f"Route table {title(table)} sends {route.destination} to the "
                          f"Internet gateway {title(node)}, which is not attached to a VPC: the route is a "
                          "blackhole.",
                          fix=f"Attach {node.id} to the VPC (attached: true).",
                          quick_fix=QuickFix(f"Attach {node.id}", lambda d, g=node.id: set_node_fields(
                              d, g, props={"attached": None})))
    for igw in ctx.index.of_kind("igw"):
        if igw.id not in targeted and f.attached(igw.id):
            yield hit(igw.id, f"Internet gateway {title(igw)} is attached but no route table points at it, so it "
                      "carries no traffic.",
                      fix=f"Add 0.0.0.0/0 -> {igw.id} to the public subnets' route table, or remove it.",
                      severity="info")


@rule("NET-IGW-003", "error", pillars=("reliability",))
def internet_flows_need_public_ip(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    seen: set[str] = set()
    for edge in f.traffic_edges:
        inbound = f.is_internet(edge.source)
        other = edge.target if inbound else edge.source
        if not (inbound or f.is_internet(edge.target)) or other in seen:
            continue
        node = ctx.node(other)
        if node.kind not in INSTANCE_KINDS or (inbound and edge.port is not None and edge.port.contains(22)
                                               and edge.port.size == 1):
            continue
        subnet = ctx.index.subnet_of(other)
        if subnet is None or not f.is_public_subnet(subnet.id) or f.has_public_ipv4(other):
            continue
        seen.add(other)
        way = "be reached from" if inbound else "reach"
        yield hit(other, f"{title(node)} must {way} the Internet ({edge.id}) but has no public IPv4 address: the "
                  f"Internet gateway only translates addresses of instances that own one.",
                  fix=f"Give {other} a public IP (public_ip: true) or an Elastic IP"
                  + ("" if inbound else ", or send its traffic through a NAT gateway") + ".",
                  quick_fix=QuickFix(f"Give {other} a public IP", lambda d, n=other: set_node_fields(
                      d, n, props={"public_ip": True})))


@rule("NET-SUB-009", "warning", pillars=("reliability",))
def internet_reached_node_in_public_subnet(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    seen: set[str] = set()
    for edge in f.traffic_edges:
        if not f.is_internet(edge.source) or edge.target in seen:
            continue
        node = ctx.node(edge.target)
        if node.kind in FRONT_DOORS or (edge.port is not None and edge.port.size == 1 and edge.port.contains(22)):
            continue
        subnet = ctx.index.subnet_of(node.id)
        if subnet is None or f.is_public_subnet(subnet.id) or f.subnet_intent(subnet) == "isolated":
            continue
        if node.kind not in INSTANCE_KINDS and node.kind != "eni":
            continue
        default = f.default_route(subnet.id)
        if default is not None and f.target_kind(default.target) in ("nat_gateway", "nat_instance"):
            continue  # NET-NAT-008 reports it: NAT is egress-only
        seen.add(node.id)
        address = "" if f.has_public_ipv4(node.id) else " and it has no public IP either"
        yield hit([node.id, subnet.id], f"The Internet reaches {title(node)} directly ({edge.id}), but its subnet "
                  f"{title(subnet)} has no 0.0.0.0/0 route to an Internet gateway{address}.",
                  fix=f"Put {node.id} behind a load balancer, or move it to a public subnet and give it a public IP.")


@rule("NET-RT-001", "error", pillars=("reliability",))
def subnet_has_one_table_of_its_vpc(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    owners: dict[str, list[str]] = defaultdict(list)
    for table in ctx.index.of_kind("route_table"):
        for subnet in ctx.props(table).subnets:  # type: ignore[attr-defined]
            owners[subnet].append(table.id)
            if subnet in ctx.diagram.nodes and f.vpc_id(subnet) != f.vpc_id(table.id):
                yield hit([subnet, table.id], f"Subnet {subnet} is associated with route table {title(table)} of "
                          f"another VPC ({f.vpc_id(table.id)}); a subnet can only use a table of its own VPC.",
                          fix=f"Associate {subnet} with a route table of {f.vpc_id(subnet)}.")
    for subnet, tables in sorted(owners.items()):
        if len(tables) > 1:
            yield hit([subnet, *tables], f"Subnet {subnet} is associated with {len(tables)} route tables "
                      f"({', '.join(tables)}); a subnet has exactly one.",
                      fix=f"Keep one association for {subnet} and remove it from {', '.join(tables[1:])}.")
    for vpc in ctx.index.of_kind("vpc"):
        mains = [t.id for t in f.in_vpc(vpc.id, "route_table") if ctx.props(t).main]  # type: ignore[attr-defined]
        if len(mains) > 1:
            yield hit([vpc.id, *mains], f"VPC {title(vpc)} has {len(mains)} main route tables "
                      f"({', '.join(mains)}); it has exactly one.", fix=f"Set main: false on {', '.join(mains[1:])}.")


@rule("NET-RT-002", "error", pillars=("reliability",))
def routes_do_not_override_local(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    cidrs_by_vpc: dict[str, set] = {}
    for table in ctx.index.of_kind("route_table"):
        vpc = f.vpc_id(table.id)
        if vpc is None:
            continue
        blocks = f.vpc_cidrs(vpc)
        routes = ctx.props(table).routes  # type: ignore[attr-defined]
        if not any(r.destination is not None and r.destination.prefixlen > 0 for r in routes):
            continue
        if vpc not in cidrs_by_vpc:
            cidrs_by_vpc[vpc] = {ctx.props(s).cidr for s in f.subnets_by_vpc.get(vpc, [])}  # type: ignore
        subnet_cidrs = cidrs_by_vpc[vpc]
        for route in routes:
            dest = route.destination
            if dest is None or not any(dest.version == b.version and dest.subnet_of(b) for b in blocks):
                continue
            kind = f.target_kind(route.target)
            if (dest in subnet_cidrs or dest in blocks) and kind in MIDDLEBOX_TARGETS:
                continue
            yield hit(table.id, f"Route table {title(table)} sends {dest} (inside VPC {vpc}'s own range) to "
                      f"{route.target}: AWS only allows routes that override the local route for a whole subnet "
                      "or VPC CIDR and towards an appliance ENI, Gateway Load Balancer endpoint or NAT gateway.",
                      fix=f"Remove the route {dest} -> {route.target} from {table.id}; the local route already "
                      "delivers VPC addresses.",
                      quick_fix=QuickFix(f"Remove {dest} -> {route.target}", lambda d, t=table.id, r=str(dest):
                                         set_routes(d, t, [x for x in route_dicts(d, t)
                                                           if str(x.get("destination")) != r])))


@rule("NET-RT-004", "error", pillars=("reliability",))
def route_targets_in_same_vpc(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    tgw_vpcs = {t.id: {a.vpc for a in ctx.props(t).attachments if a.vpc}  # type: ignore[attr-defined]
                for t in ctx.index.of_kind("transit_gateway")}
    for table in ctx.index.of_kind("route_table"):
        vpc = f.vpc_id(table.id)
        for route in ctx.props(table).routes:  # type: ignore[attr-defined]
            target = ctx.diagram.nodes.get(route.target)
            if target is None or vpc is None:
                continue
            problem = ""
            if target.kind in VPC_LOCAL_TARGETS and f.vpc_id(target.id) not in (vpc, None):
                problem = f"belongs to another VPC ({f.vpc_id(target.id)})"
            elif target.kind == "vpc_peering":
                props = ctx.props(target)
                if vpc not in (props.vpc_a, props.vpc_b):  # type: ignore[attr-defined]
                    problem = f"joins {props.vpc_a} and {props.vpc_b}, not {vpc}"  # type: ignore[attr-defined]
            elif target.kind == "transit_gateway" and vpc not in tgw_vpcs.get(target.id, set()):
                problem = f"has no attachment for {vpc}"
            if problem:
                destination = route.destination or route.prefix_list
                yield hit([table.id, target.id], f"Route table {title(table)} sends {destination} to "
                          f"{title(target)}, which {problem}; AWS refuses the route.",
                          fix=f"Target a gateway of {vpc} for {destination}"
                          + (f", or attach {vpc} to {target.id}" if target.kind == "transit_gateway" else "") + ".")


@rule("NET-RT-005", "error", pillars=("reliability",))
def no_duplicate_static_routes(ctx: RuleContext) -> Iterator[Hit]:
    for table in ctx.index.of_kind("route_table"):
        keys = Counter(str(r.destination or r.prefix_list) for r in ctx.props(table).routes  # type: ignore
                       if not r.propagated)
        for destination, count in sorted(keys.items()):
            if count < 2:
                continue
            yield hit(table.id, f"Route table {title(table)} has {count} static routes for {destination}; AWS "
                      "refuses the second one.",
                      fix=f"Keep one route for {destination} in {table.id}.",
                      quick_fix=QuickFix(f"Keep the first route for {destination}",
                                         lambda d, t=table.id, k=destination: set_routes(d, t, _first_only(
                                             route_dicts(d, t), k))))


def _first_only(routes: list[dict], key: str) -> list[dict]:
    kept, seen = [], False
    for route in routes:
        this = str(route.get("destination") or route.get("prefix_list"))
        if this == key and not route.get("propagated"):
            if seen:
                continue
            seen = True
        kept.append(route)
    return kept


@rule("NET-EIGW-001", "error", pillars=("reliability",))
def eigw_is_ipv6_only(ctx: RuleContext) -> Iterator[Hit]:
    for table in ctx.index.of_kind("route_table"):
        for route in ctx.props(table).routes:  # type: ignore[attr-defined]
            target = ctx.diagram.nodes.get(route.target)
            if target is None or target.kind != "egress_only_igw":
                continue
            if route.destination is not None and route.destination.version == 4:
                yield hit([table.id, target.id], f"Route table {title(table)} sends the IPv4 range "
                          f"{route.destination} to the egress-only Internet gateway {target.id}, which only "
                          "carries IPv6.",
                          fix=f"Route ::/0 to {target.id}; send IPv4 Internet traffic to a NAT gateway.",
                          quick_fix=QuickFix(f"Route ::/0 instead of {route.destination}",
                                             lambda d, t=table.id, r=str(route.destination), g=target.id:
                                             set_routes(d, t, [x for x in route_dicts(d, t)
                                                               if str(x.get("destination")) != r]
                                                        + [{"destination": "::/0", "target": g}])))


@rule("NET-EIGW-002", "warning", pillars=("security",), aliases=("net.ipv6_private_exposed",))
def ipv6_instances_exposed(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for node in f.with_raw(INSTANCE_KINDS, "ipv6"):
        if not ctx.props(node).ipv6 or ctx.intent(node, "internet_facing") or ctx.intent(node, "public"):  # type: ignore
            continue
        subnet = ctx.index.subnet_of(node.id)
        if subnet is None or not f.is_public_subnet(subnet.id, v6=True) or node.id in f.internet_flow_nodes:
            continue
        table = f.route_table(subnet.id)
        vpc = f.vpc_id(subnet.id)
        eigws = f.in_vpc(vpc, "egress_only_igw") if vpc else []
        table_id = table.id if table is not None else None

        def build(d: Diagram, t=table_id, v=vpc, existing=eigws[0].id if eigws else None) -> Batch:
            edits = []
            target = existing
            if target is None:
                target = unique_id(d, f"eigw-{v}")
                edits.append(AddNode(Node(id=target, kind="egress_only_igw", parent=v, pos=(16.0, 140.0)),
                                     "Add egress-only IGW"))
            edits.append(upsert_route(d, t, "::/0", target))
            return Batch(edits, "Use an egress-only IGW for IPv6")

        yield hit([node.id, subnet.id], f"{title(node)} has an IPv6 address, and every IPv6 address is public: its "
                  f"subnet {subnet.id} sends ::/0 to the Internet gateway, so the Internet can open connections "
                  "to it.",
                  fix=f"Send ::/0 of {table_id or subnet.id} to an egress-only Internet gateway (outbound only).",
                  quick_fix=QuickFix("Route ::/0 to an egress-only IGW", build) if table_id else None)

