"""NET rules about VPC peering, VPC endpoints and PrivateLink (rules.md 2.7, 2.8).

Route checks use ``lookup(rt(S), addr)`` (longest prefix, main-table fallback) on the subnets of the drawn
flows; they do not walk whole paths (that is the reachability analyzer's job).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import AddNode, Batch, set_node_fields
from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import facts, title, unique_id, upsert_route

SERVICE_KINDS = {"s3_bucket": "s3", "dynamodb_table": "dynamodb"}


def _peerings(ctx: RuleContext) -> dict[frozenset[str], Node]:
    result: dict[frozenset[str], Node] = {}
    for peering in ctx.index.of_kind("vpc_peering"):
        props = ctx.props(peering)
        result.setdefault(frozenset((props.vpc_a, props.vpc_b)), peering)  # type: ignore[attr-defined]
    return result


def _cross_vpc_flows(ctx: RuleContext) -> Iterator[tuple[Edge, str, str, str, str]]:
    """(edge, source subnet, target subnet, source VPC, target VPC) for flows between two VPCs."""
    f = facts(ctx)
    for edge in f.traffic_edges:
        sa, sb = f.subnets_of(edge.source), f.subnets_of(edge.target)
        if not sa or not sb:
            continue
        va, vb = f.vpc_id(sa[0]), f.vpc_id(sb[0])
        if va is not None and vb is not None and va != vb:
            yield edge, sa[0], sb[0], va, vb


def _tgw_pairs(ctx: RuleContext) -> set[frozenset[str]]:
    pairs: set[frozenset[str]] = set()
    for tgw in ctx.index.of_kind("transit_gateway"):
        vpcs = [a.vpc for a in ctx.props(tgw).attachments if a.vpc]  # type: ignore[attr-defined]
        pairs.update(frozenset((a, b)) for a in vpcs for b in vpcs if a != b)
    return pairs


@rule("NET-PEER-001", "error", pillars=("reliability",))
def peered_cidrs_disjoint(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for peering in ctx.index.of_kind("vpc_peering"):
        props = ctx.props(peering)
        a, b = props.vpc_a, props.vpc_b  # type: ignore[attr-defined]
        if a not in ctx.diagram.nodes or b not in ctx.diagram.nodes:
            continue
        clash = [(x, y) for x in f.vpc_cidrs(a) for y in f.vpc_cidrs(b) if x.version == y.version and x.overlaps(y)]
        if clash:
            x, y = clash[0]
            yield hit([peering.id, a, b], f"Peering {title(peering)} joins {a} ({x}) and {b} ({y}), whose CIDR blocks "
                      "overlap; AWS refuses to peer VPCs with overlapping ranges.",
                      fix=f"Renumber {b} to a range disjoint from {x} (e.g. another 10.x.0.0/16).")


@rule("NET-PEER-002", "error", pillars=("reliability",), aliases=("net.peering_not_transitive",))
def peering_not_transitive(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    peerings = _peerings(ctx)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for pair in peerings:
        a, b = tuple(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
        neighbours[a].add(b)
        neighbours[b].add(a)
    tgw = _tgw_pairs(ctx)
    reported: set[tuple[str, str]] = set()
    for edge, _sa, _sb, va, vb in _cross_vpc_flows(ctx):
        if frozenset((va, vb)) in peerings or frozenset((va, vb)) in tgw:
            continue
        middle = sorted(neighbours[va] & neighbours[vb])
        if middle and (va, vb) not in reported:
            reported.add((va, vb))
            yield hit([edge.source, edge.target, middle[0]], f"Flow {edge.id} goes from VPC {va} to VPC {vb}, which "
                      f"are only connected through {middle[0]}: peering is not transitive.",
                      fix=f"Peer {va} and {vb} directly (with routes on both sides), or attach all three VPCs to a "
                      "transit gateway.")
    for subnet in ctx.index.of_kind("subnet"):
        va = f.vpc_id(subnet.id)
        for route in f.routes(subnet.id):
            target = ctx.diagram.nodes.get(route.target)
            if target is None or target.kind != "vpc_peering" or route.destination is None:
                continue
            props = ctx.props(target)
            peer = props.vpc_b if props.vpc_a == va else props.vpc_a  # type: ignore[attr-defined]
            if peer not in ctx.diagram.nodes or route.destination.prefixlen == 0:
                continue
            if not any(route.destination.version == c.version and (route.destination.subnet_of(c)
                       or c.subnet_of(route.destination)) for c in f.vpc_cidrs(peer)):
                key = (subnet.id, str(route.destination))
                if key in reported:
                    continue
                reported.add(key)
                yield hit([subnet.id, target.id], f"Subnet {subnet.id} sends {route.destination} over peering "
                          f"{target.id} to {peer}, but that range is not {peer}'s: traffic over a peering is only "
                          "delivered inside the peer VPC (no edge-to-edge routing).",
                          fix=f"Remove the route {route.destination} -> {target.id}; reach that network with its own "
                          "peering, a transit gateway, or a VPN from the source VPC.")


@rule("NET-PEER-003", "error", pillars=("reliability",), aliases=("net.peering_missing_route",))
def peering_active_and_routed(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    peerings = _peerings(ctx)
    for peering in ctx.index.of_kind("vpc_peering"):
        status = ctx.props(peering).status  # type: ignore[attr-defined]
        if status != "active":
            yield hit(peering.id, f"Peering {title(peering)} is {status}, so it carries no traffic.",
                      fix=f"Accept the peering request of {peering.id} in the peer account.")
    reported: set[tuple[str, str]] = set()
    for edge, sa, sb, va, vb in _cross_vpc_flows(ctx):
        peering = peerings.get(frozenset((va, vb)))
        if peering is None:
            continue
        for subnet, peer_subnet, peer_vpc in ((sa, sb, vb), (sb, sa, va)):
            address = ctx.props(peer_subnet).cidr  # type: ignore[attr-defined]
            if f.lookup(subnet, address) == peering.id or (subnet, str(address)) in reported:
                continue
            reported.add((subnet, str(address)))
            table = f.route_table(subnet)
            block = f.vpc_cidrs(peer_vpc)[0]
            fix_text = (f"Add a route {block} -> {peering.id} to {table.id}." if table is not None
                        else f"Associate {subnet} with a route table holding {block} -> {peering.id}.")
            yield hit([subnet, peering.id, edge.source, edge.target], f"Flow {edge.id} crosses peering {peering.id}, "
                      f"but the route table of {subnet} does not send {address} ({peer_vpc}) over it; "
                      "both sides need a route.", fix=fix_text,
                      quick_fix=QuickFix(f"Add {block} -> {peering.id} to {table.id}", lambda d, t=table.id,
                                         b=str(block), p=peering.id: upsert_route(d, t, b, p))
                      if table is not None and f.index.has_explicit_route_table(subnet) else None)


@rule("NET-PEER-006", "warning", pillars=("security",), aliases=("net.service_exposed_via_peering",))
def peering_mesh_for_one_service(ctx: RuleContext) -> Iterator[Hit]:
    peerings = _peerings(ctx)
    by_vpc: dict[str, list[str]] = defaultdict(list)
    for pair, peering in peerings.items():
        for vpc in pair:
            by_vpc[vpc].append(peering.id)
    targets: dict[str, set[str]] = defaultdict(set)
    for edge, _sa, _sb, va, vb in _cross_vpc_flows(ctx):
        if frozenset((va, vb)) in peerings:
            targets[vb].add(edge.target)
    for vpc, ids in sorted(by_vpc.items()):
        if len(ids) >= 3 and len(targets.get(vpc, set())) == 1:
            service = next(iter(targets[vpc]))
            yield hit([vpc, service, *sorted(ids)], f"VPC {vpc} is peered with {len(ids)} VPCs only so they can reach "
                      f"one service ({service}); each peering opens the whole network.",
                      fix=f"Expose {service} through PrivateLink (an NLB plus an endpoint service) and replace the "
                      "peerings with interface endpoints.")


@rule("net.peering_mesh_complexity", "info", section="Transit Gateway", lines="§Transit Gateway L7403-7418",
      pillars=("operational_excellence",),
      summary="Four or more VPCs fully meshed with peerings are simpler to run through a transit gateway.")
def peering_mesh_complexity(ctx: RuleContext) -> Iterator[Hit]:
    import networkx as nx

    graph = nx.Graph()
    for pair in _peerings(ctx):
        if len(pair) == 2:
            graph.add_edge(*sorted(pair))
    for clique in sorted((sorted(c) for c in nx.find_cliques(graph) if len(c) >= 4), key=lambda c: c):
        count = len(clique) * (len(clique) - 1) // 2
        yield hit(clique, f"{len(clique)} VPCs ({', '.join(clique)}) are fully meshed with {count} peerings, each "
                  "with its own routes on both sides.",
                  fix="Attach the VPCs to one transit gateway and remove the peerings (one attachment per VPC).")


@rule("NET-VPCE-002", "error", pillars=("reliability", "cost"), aliases=("net.endpoint_no_route",))
def gateway_endpoint_routes(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for endpoint in ctx.index.of_kind("vpc_endpoint_gateway"):
        if not ctx.props(endpoint).route_tables:  # type: ignore[attr-defined]
            yield hit(endpoint.id, f"Gateway endpoint {title(endpoint)} is associated with no route table, so no "
                      "subnet uses it.",
                      fix=f"Add the private subnets' route tables to route_tables of {endpoint.id}.",
                      severity="warning")
    by_vpc_service = {(f.vpc_id(e.id), ctx.props(e).service): e for e in ctx.index.of_kind("vpc_endpoint_gateway")}  # type: ignore
    for edge in f.traffic_edges:
        service = SERVICE_KINDS.get(ctx.node(edge.target).kind)
        subnets = f.subnets_of(edge.source)
        if service is None or not subnets:
            continue
        subnet = subnets[0]
        endpoint = by_vpc_service.get((f.vpc_id(subnet), service))
        if endpoint is None or f.service_route(subnet, service) is not None:
            continue
        table = f.route_table(subnet)
        yield hit([edge.source, endpoint.id], f"{title(ctx.node(edge.source))} sends {service.upper()} traffic "
                  f"({edge.id}), and its VPC has the gateway endpoint {endpoint.id}, but the route table of {subnet} "
                  "is not associated with it and has no other way out.",
                  fix=f"Add {table.id if table else 'the subnet route table'} to route_tables of {endpoint.id}.",
                  quick_fix=QuickFix(f"Associate {table.id} with {endpoint.id}", lambda d, e=endpoint.id, t=table.id:
                                     set_node_fields(d, e, props={"route_tables": [
                                         *d.nodes[e].props.get("route_tables", []), t]})) if table else None)


@rule("NET-VPCE-003", "error", pillars=("reliability",))
def interface_endpoint_subnets(ctx: RuleContext) -> Iterator[Hit]:
    for endpoint in ctx.index.of_kind("vpc_endpoint_interface"):
        subnets = list(ctx.props(endpoint).subnets)  # type: ignore[attr-defined]
        parent = ctx.index.subnet_of(endpoint.id)
        if parent is not None and parent.id not in subnets:
            subnets.append(parent.id)
        if not subnets:
            yield hit(endpoint.id, f"Interface endpoint {title(endpoint)} has no subnet; it needs an ENI in at least "
                      "one subnet.", fix=f"Set subnets of {endpoint.id} to one private subnet per AZ.")
            continue
        per_az: dict[str | None, list[str]] = defaultdict(list)
        for subnet in subnets:
            if subnet in ctx.diagram.nodes:
                per_az[ctx.index.az_key(subnet)].append(subnet)
        for az, names in sorted(per_az.items(), key=lambda kv: str(kv[0])):
            if len(names) > 1 and az is not None:
                yield hit([endpoint.id, *names], f"Interface endpoint {title(endpoint)} lists {len(names)} subnets "
                          f"in {az} ({', '.join(names)}); AWS allows one subnet per AZ.",
                          fix=f"Keep one of {', '.join(names)} for {endpoint.id}.")


@rule("NET-VPCE-004", "warning", pillars=("cost", "security"), aliases=("net.aws_service_via_internet",))
def use_gateway_endpoint(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    seen: set[tuple[str, str]] = set()
    for edge in f.traffic_edges:
        service = SERVICE_KINDS.get(ctx.node(edge.target).kind)
        subnets = f.subnets_of(edge.source)
        if service is None or not subnets:
            continue
        subnet = subnets[0]
        via = f.service_route(subnet, service)
        if via is None or f.target_kind(via) not in ("nat_gateway", "nat_instance"):
            continue
        table = f.route_table(subnet)
        vpc = f.vpc_id(subnet)
        if table is None or vpc is None or (table.id, service) in seen:
            continue
        seen.add((table.id, service))

        def build(d: Diagram, v=vpc, t=table.id, s=service) -> Batch:
            existing = [n for n in d.nodes.values() if n.kind == "vpc_endpoint_gateway" and n.parent == v
                        and n.props.get("service", "s3") == s]
            if existing:
                e = existing[0]
                return Batch([set_node_fields(d, e.id, props={"route_tables": [*e.props.get("route_tables", []), t]})],
                             "Use the gateway endpoint")
            new_id = unique_id(d, f"vpce-{s}")
            return Batch([AddNode(Node(id=new_id, kind="vpc_endpoint_gateway", parent=v, pos=(16.0, 240.0),
                                       props={"service": s, "route_tables": [t]}), "Add gateway endpoint")],
                         "Add gateway endpoint")

        yield hit([edge.source, edge.target, via], f"{title(ctx.node(edge.source))} reaches {service.upper()} "
                  f"({edge.target}) through the NAT {via} and the Internet: a gateway endpoint keeps that traffic "
                  "private, removes the NAT dependency and its per-GB charge.",
                  fix=f"Add a {service} gateway endpoint to {vpc} associated with {table.id}.",
                  quick_fix=QuickFix(f"Add a {service} gateway endpoint for {table.id}", build))


@rule("NET-VPCE-005", "error", pillars=("reliability",))
def gateway_endpoint_same_region(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for edge in f.traffic_edges:
        service = SERVICE_KINDS.get(ctx.node(edge.target).kind)
        subnets = f.subnets_of(edge.source)
        if service is None or not subnets:
            continue
        via = f.service_route(subnets[0], service)
        here, there = f.region_name(subnets[0]), f.region_name(edge.target)
        if via is None or f.target_kind(via) != "vpc_endpoint_gateway" or not there or here == there:
            continue
        if f.default_route(subnets[0]) is not None:
            continue  # the cross-region request leaves through the default route (NAT/IGW) instead
        yield hit([edge.source, edge.target, via], f"{title(ctx.node(edge.source))} ({here}) reaches {edge.target} in "
                  f"{there} only through the gateway endpoint {via}, which serves {service.upper()} of its own region.",
                  fix=f"Give {subnets[0]} a NAT route for cross-region traffic, or use a {service} resource in {here} "
                  "(e.g. replicate the bucket).")


@rule("NET-VPCE-006", "error", pillars=("reliability",), aliases=("net.endpoint_dns_disabled",))
def endpoint_private_dns_needs_vpc_dns(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for endpoint in ctx.index.of_kind("vpc_endpoint_interface"):
        vpc = f.vpc_id(endpoint.id)
        if vpc is None or not ctx.props(endpoint).private_dns:  # type: ignore[attr-defined]
            continue
        props = ctx.props(vpc)
        if props.enable_dns_support and props.enable_dns_hostnames:  # type: ignore[attr-defined]
            continue
        yield hit([endpoint.id, vpc], f"Interface endpoint {title(endpoint)} uses private DNS, which needs both DNS "
                  f"support and DNS hostnames on VPC {vpc}; AWS refuses it otherwise.",
                  fix=f"Set enable_dns_support and enable_dns_hostnames to true on {vpc}.",
                  quick_fix=QuickFix(f"Turn on DNS support and hostnames for {vpc}", lambda d, v=vpc: set_node_fields(
                      d, v, props={"enable_dns_support": True, "enable_dns_hostnames": True})))


@rule("NET-PL-001", "error", pillars=("reliability",), aliases=("net.privatelink_requires_nlb",))
def endpoint_service_backed_by_nlb(ctx: RuleContext) -> Iterator[Hit]:
    for service in ctx.index.of_kind("endpoint_service"):
        lb = ctx.props(service).load_balancer  # type: ignore[attr-defined]
        kind = ctx.node(lb).kind if lb in ctx.diagram.nodes else None
        if kind not in ("nlb", "gwlb"):
            yield hit([service.id, *([lb] if lb else [])], f"Endpoint service {title(service)} is "
                      + (f"fronted by the {kind.upper()} {lb}" if kind else "not fronted by a load balancer")
                      + "; PrivateLink services need a Network Load Balancer (or a Gateway Load Balancer).",
                      fix=f"Put an NLB in front of {lb or 'the service'} and make it {service.id}'s load balancer.")


@rule("NET-PL-002", "warning", pillars=("reliability",), aliases=("net.privatelink_single_az",))
def privatelink_multi_az(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for service in ctx.index.of_kind("endpoint_service"):
        lb = ctx.props(service).load_balancer  # type: ignore[attr-defined]
        if lb in ctx.diagram.nodes and len(f.azs_of(lb)) == 1:
            yield hit([service.id, lb], f"The load balancer {lb} behind endpoint service {title(service)} runs in one "
                      "AZ: if it fails, every consumer loses the service.",
                      fix=f"Enable {lb} in a second AZ (add a subnet of another AZ to its subnets).")
    for endpoint in ctx.index.of_kind("vpc_endpoint_interface"):
        if ctx.props(endpoint).endpoint_service and len(f.azs_of(endpoint.id)) == 1:  # type: ignore[attr-defined]
            yield hit(endpoint.id, f"Interface endpoint {title(endpoint)} has ENIs in one AZ only.",
                      fix=f"Add a subnet of a second AZ to {endpoint.id}.")
