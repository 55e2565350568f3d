"""NET rules about hybrid connectivity: Site-to-Site VPN, Direct Connect, Transit Gateway (rules.md 2.10-2.12)."""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.model.diagram import Node, typed_props
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import CGNAT, facts, is_public_address, title, upsert_route


def _vgws_of(ctx: RuleContext, vpc_id: str) -> list[Node]:
    f = facts(ctx)
    return [g for g in f.in_vpc(vpc_id, "vgw") if f.attached(g.id)]


def _dc_of(ctx: RuleContext, node_id: str | None) -> Node | None:
    if not node_id or node_id not in ctx.diagram.nodes:
        return None
    node = ctx.node(node_id)
    return node if node.kind == "corporate_dc" else ctx.index.enclosing(node_id, "corporate_dc")


@rule("NET-VPN-001", "error", pillars=("reliability",))
def vpn_has_three_parts(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for vpn in ctx.index.of_kind("vpn_connection"):
        props = ctx.props(vpn)
        missing = []
        if not props.customer_gateway:  # type: ignore[attr-defined]
            missing.append("a customer gateway (the on-premises end)")
        gateway = props.gateway  # type: ignore[attr-defined]
        if not gateway:
            missing.append("a virtual private gateway or transit gateway (the AWS end)")
        elif ctx.node(gateway).kind == "vgw" and (f.vpc_id(gateway) is None or not f.attached(gateway)):
            missing.append(f"a VPC attachment for {gateway}")
        if missing:
            yield hit([vpn.id, *([gateway] if gateway else [])], f"VPN connection {title(vpn)} lacks "
                      f"{' and '.join(missing)}.",
                      fix=f"Connect {vpn.id} to a customer gateway and to a VGW attached to the VPC (or a transit "
                      "gateway).")


@rule("NET-VPN-002", "error", pillars=("reliability",), aliases=("net.cgw_ip_not_public",))
def customer_gateway_address(ctx: RuleContext) -> Iterator[Hit]:
    private_vpn = {ctx.props(v).customer_gateway for v in ctx.index.of_kind("vpn_connection")  # type: ignore
                   if ctx.props(v).outside_ip_type == "private_ipv4"}  # type: ignore[attr-defined]
    for cgw in ctx.index.of_kind("customer_gateway"):
        props = ctx.props(cgw)
        if props.auth == "certificate":  # type: ignore[attr-defined]
            continue
        if cgw.id in private_vpn:
            try:
                address = ipaddress.ip_address(props.ip)  # type: ignore[attr-defined]
            except ValueError:
                continue
            if not (address.is_private or address in CGNAT):
                yield hit(cgw.id, f"Customer gateway {title(cgw)} serves a private-IP VPN over Direct Connect but its "
                          f"address {props.ip} is not private.",  # type: ignore[attr-defined]
                          fix=f"Use the private (RFC 1918) address of {cgw.id} on the Direct Connect network.")
            continue
        outside = props.nat_public_ip if props.behind_nat else props.ip  # type: ignore[attr-defined]
        if not outside or not is_public_address(outside):
            what = "the public IP of the NAT device in front of it" if props.behind_nat else "a public IP"  # type: ignore
            yield hit(cgw.id, f"Customer gateway {title(cgw)} uses {outside or 'no address'}, which AWS's VPN "
                      f"endpoints cannot reach over the Internet; it needs {what}.",
                      fix=f"Set {'nat_public_ip' if props.behind_nat else 'ip'} of {cgw.id} to the site's static "  # type: ignore
                      "public address.")


@rule("NET-VPN-003", "error", pillars=("reliability",))
def vgw_and_on_prem_routes(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for vpc in ctx.index.of_kind("vpc"):
        vgws = _vgws_of(ctx, vpc.id)
        if len(vgws) > 1:
            yield hit([vpc.id, *[g.id for g in vgws]], f"VPC {title(vpc)} has {len(vgws)} attached virtual private "
                      "gateways; a VPC can have only one.", fix=f"Keep {vgws[0].id} and detach the others.")
    reported: set[tuple[str, str]] = set()
    for edge in f.traffic_edges:
        dc = _dc_of(ctx, edge.target)
        subnets = f.subnets_of(edge.source)
        if dc is None or not subnets:
            continue
        vpc = f.vpc_id(subnets[0])
        vgws = _vgws_of(ctx, vpc) if vpc else []
        address = f.address_of(edge.target)
        if not vgws or address is None:
            continue
        target = f.lookup(subnets[0], address)
        if target is not None and f.target_kind(target) in ("vgw", "transit_gateway", "vpn_cloudhub"):
            continue
        table = f.route_table(subnets[0])
        if (subnets[0], str(address)) in reported:
            continue
        reported.add((subnets[0], str(address)))
        block = str(f.on_prem_cidrs(dc)[0]) if f.on_prem_cidrs(dc) else str(address)
        yield hit([edge.source, edge.target, vgws[0].id], f"Flow {edge.id} goes to the on-premises network "
                  f"{title(dc)} ({address}), but the route table of {subnets[0]} has no route for it to the virtual "
                  f"private gateway {vgws[0].id}" + (f" (it goes to {target})" if target else "") + ".",
                  fix=f"Add a route {block} -> {vgws[0].id} to {table.id if table else 'the subnet route table'}, "
                  "or enable route propagation from the VGW.",
                  quick_fix=QuickFix(f"Add {block} -> {vgws[0].id} to {table.id}", lambda d, t=table.id, b=block,
                                     g=vgws[0].id: upsert_route(d, t, b, g))
                  if table is not None and f.index.has_explicit_route_table(subnets[0]) else None)


@rule("NET-VPN-004", "info", pillars=("performance",), aliases=("net.vpn_single_tunnel_throughput",))
def vpn_bandwidth(ctx: RuleContext) -> Iterator[Hit]:
    for vpn in ctx.index.of_kind("vpn_connection"):
        gateway = ctx.props(vpn).gateway  # type: ignore[attr-defined]
        if gateway not in ctx.diagram.nodes or ctx.node(gateway).kind != "vgw":
            continue
        needed = vpn.props.get("required_gbps")
        if ctx.intent(vpn, "bandwidth_sensitive") or (isinstance(needed, int | float) and needed > 1.25):
            yield hit([vpn.id, gateway], f"VPN {title(vpn)} must carry a lot of traffic but ends on the virtual private "
                      f"gateway {gateway}, which uses one tunnel at a time (about 1.25 Gbps).",
                      fix=f"Terminate {vpn.id} on a transit gateway (ECMP over both tunnels, more connections add "
                      "bandwidth) or use Direct Connect.")


@rule("NET-DX-001", "error", pillars=("reliability",))
def dx_vif_targets(ctx: RuleContext) -> Iterator[Hit]:
    for conn in ctx.index.of_kind("dx_connection"):
        gateway = ctx.props(conn).gateway  # type: ignore[attr-defined]
        if gateway in ctx.diagram.nodes and ctx.node(gateway).kind == "transit_gateway":
            yield hit([conn.id, gateway], f"Direct Connect {title(conn)} ends directly on the transit gateway "
                      f"{gateway}; a transit VIF ends on a Direct Connect gateway associated with the TGW.",
                      fix=f"Insert a DX gateway: {conn.id} -> dx_gateway (transit VIF) -> {gateway}.")
    for vif in ctx.index.of_kind("dx_vif"):
        vif_type = vif.props.get("type", "private")
        target = vif.props.get("target") or vif.props.get("gateway")
        kind = ctx.node(target).kind if target in ctx.diagram.nodes else None
        problem = ""
        if vif_type == "private" and kind not in ("vgw", "dx_gateway"):
            problem = "a private VIF must end on a VGW attached to the VPC or on a DX gateway"
        elif vif_type == "transit":
            associations = typed_props(ctx.node(target)).associations if kind == "dx_gateway" else []  # type: ignore
            if kind != "dx_gateway" or any(ctx.node(a).kind != "transit_gateway" for a in associations
                                           if a in ctx.diagram.nodes):
                problem = "a transit VIF must end on a DX gateway associated with transit gateways"
        elif vif_type == "public" and kind in ("vgw", "dx_gateway", "transit_gateway"):
            problem = "a public VIF reaches public AWS endpoints (such as S3), not a VPC gateway"
        if problem:
            yield hit([vif.id, *([target] if target else [])], f"Virtual interface {title(vif)} ({vif_type}) ends on "
                      f"{target or 'nothing'}: {problem}.", fix=f"Re-target {vif.id} as described, or change its type.")


@rule("NET-DX-002", "error", pillars=("reliability",), aliases=("net.multi_region_dx_without_dxgw",))
def dx_multi_region_needs_dxgw(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for conn in ctx.index.of_kind("dx_connection"):
        props = ctx.props(conn)
        gateway = props.gateway  # type: ignore[attr-defined]
        dc = _dc_of(ctx, props.on_prem)  # type: ignore[attr-defined]
        if dc is None or (gateway in ctx.diagram.nodes and ctx.node(gateway).kind == "dx_gateway"):
            continue
        members = {n.id for n in ctx.index.descendants(dc.id)} | {dc.id}
        other_ends = [e.target if e.source in members else e.source for e in f.traffic_edges
                      if (e.source in members) != (e.target in members)]
        regions = sorted({r for n in other_ends if f.vpc_id(n) is not None and (r := f.region_name(n)) is not None})
        if len(regions) > 1:
            yield hit([conn.id, dc.id], f"Direct Connect {title(conn)} must reach VPCs in {', '.join(regions)}, but "
                      "without a Direct Connect gateway a connection only reaches its own region.",
                      fix=f"Terminate {conn.id} on a Direct Connect gateway associated with the VGWs (or TGWs) of "
                      "every region.")


@rule("NET-DX-003", "warning", pillars=("security",), aliases=("net.dx_unencrypted",))
def dx_encryption(ctx: RuleContext) -> Iterator[Hit]:
    for conn in ctx.index.of_kind("dx_connection"):
        props = ctx.props(conn)
        wanted = ctx.intent(conn, "encryption_in_transit") or ctx.settings.get("encryption_in_transit")
        if wanted and not props.vpn_over_dx and not props.macsec:  # type: ignore[attr-defined]
            yield hit(conn.id, f"Direct Connect {title(conn)} must encrypt data in transit, but DX is private, not "
                      "encrypted.",
                      fix=f"Run an IPsec Site-to-Site VPN over {conn.id} (vpn_over_dx: true) or enable MACsec.")


@rule("NET-DX-004", "warning", pillars=("reliability",), aliases=("net.dx_single_connection",))
def dx_resiliency(ctx: RuleContext) -> Iterator[Hit]:
    """Connections are grouped by the AWS side they reach (the same VGW, DX gateway or TGW)."""
    by_site: dict[str, list[Node]] = defaultdict(list)
    for conn in ctx.index.of_kind("dx_connection"):
        gateway = ctx.props(conn).gateway  # type: ignore[attr-defined]
        by_site[gateway or conn.id].append(conn)
    for site, conns in sorted(by_site.items()):
        if not any(ctx.intent(c, "critical") or ctx.intent(c, "max_resiliency") for c in conns):
            continue
        locations = {ctx.props(c).location or c.id for c in conns}  # type: ignore[attr-defined]
        if len(locations) < 2:
            yield hit([c.id for c in conns], f"The critical Direct Connect link to {site} uses "
                      f"{len(conns)} connection(s) at one location: a single facility failure cuts it off.",
                      fix="Add a connection at a second Direct Connect location (high resiliency), or a VPN backup.")
        elif any(ctx.intent(c, "max_resiliency") for c in conns):
            per_location = defaultdict(int)
            for c in conns:
                per_location[ctx.props(c).location or c.id] += 1  # type: ignore[attr-defined]
            thin = sorted(loc for loc, n in per_location.items() if n < 2)
            if thin:
                yield hit([c.id for c in conns], f"Maximum resiliency for {site} needs two connections at each "
                          f"location; {', '.join(thin)} has one.",
                          fix=f"Add a second connection at {', '.join(thin)}.")


@rule("NET-TGW-002", "error", pillars=("reliability",))
def tgw_attachments_same_region(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for tgw in ctx.index.of_kind("transit_gateway"):
        region = f.region_name(tgw.id)
        for attachment in ctx.props(tgw).attachments:  # type: ignore[attr-defined]
            if attachment.vpc and attachment.vpc in ctx.diagram.nodes and f.region_name(attachment.vpc) != region:
                yield hit([tgw.id, attachment.vpc], f"Transit gateway {title(tgw)} ({region}) attaches VPC "
                          f"{attachment.vpc} of {f.region_name(attachment.vpc)}; a TGW only attaches VPCs of its "
                          "own region.",
                          fix=f"Create a transit gateway in {f.region_name(attachment.vpc)} and peer it with {tgw.id}.")


@rule("NET-TGW-005", "error", pillars=("reliability",))
def multicast_needs_tgw(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    multicast_vpcs = {a.vpc for t in ctx.index.of_kind("transit_gateway") if t.props.get("multicast")
                      for a in ctx.props(t).attachments if a.vpc}  # type: ignore[attr-defined]
    for edge in f.traffic_edges:
        if not edge.props.get("multicast"):
            continue
        vpc = next((f.vpc_id(s) for s in f.subnets_of(edge.source)), None)
        if vpc not in multicast_vpcs:
            yield hit([edge.source, edge.target], f"Flow {edge.id} is IP multicast, which AWS only carries through a "
                      "transit gateway with multicast enabled.",
                      fix=f"Attach {vpc or 'the VPC'} to a transit gateway with multicast: true and register the group.")


@rule("NET-TGW-006", "warning", pillars=("reliability",))
def tgw_routing(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    attached_by_vpc: dict[str, list[tuple[Node, list[str]]]] = defaultdict(list)
    for tgw in ctx.index.of_kind("transit_gateway"):
        attachments = [a for a in ctx.props(tgw).attachments if a.vpc in ctx.diagram.nodes]  # type: ignore
        for a in attachments:
            attached_by_vpc[a.vpc].append((tgw, list(a.subnets)))
        for i, first in enumerate(attachments):
            for second in attachments[i + 1:]:
                clash = [(x, y) for x in f.vpc_cidrs(first.vpc) for y in f.vpc_cidrs(second.vpc)
                         if x.version == y.version and x.overlaps(y)]
                if clash:
                    yield hit([tgw.id, first.vpc, second.vpc], f"Transit gateway {title(tgw)} attaches {first.vpc} "
                              f"({clash[0][0]}) and {second.vpc} ({clash[0][1]}), whose CIDRs overlap: the TGW does not "
                              "route between them.", fix=f"Renumber {second.vpc} to a disjoint range.")
    reported: set[tuple[str, str]] = set()
    for edge in f.traffic_edges:
        sa, sb = f.subnets_of(edge.source), f.subnets_of(edge.target)
        if not sa or not sb:
            continue
        va, vb = f.vpc_id(sa[0]), f.vpc_id(sb[0])
        if va is None or vb is None or va == vb:
            continue
        shared = [(t, subs) for t, subs in attached_by_vpc.get(va, []) if any(t.id == u.id for u, _ in
                                                                             attached_by_vpc.get(vb, []))]
        if not shared:
            continue
        tgw, subnets = shared[0]
        address = ctx.props(sb[0]).cidr  # type: ignore[attr-defined]
        if f.lookup(sa[0], address) != tgw.id and (sa[0], tgw.id) not in reported:
            reported.add((sa[0], tgw.id))
            table = f.route_table(sa[0])
            block = str(f.vpc_cidrs(vb)[0])
            yield hit([edge.source, edge.target, tgw.id], f"Flow {edge.id} should cross transit gateway {tgw.id}, "
                      f"but the route table of {sa[0]} does not send {address} to it.",
                      fix=f"Add a route {block} -> {tgw.id} to {table.id if table else 'the route table of ' + sa[0]}.",
                      severity="error",
                      quick_fix=QuickFix(f"Add {block} -> {tgw.id} to {table.id}", lambda d, t=table.id, b=block,
                                         g=tgw.id: upsert_route(d, t, b, g))
                      if table is not None and f.index.has_explicit_route_table(sa[0]) else None)
        az = ctx.index.az_key(sa[0])
        attachment_azs = {ctx.index.az_key(s) for s in subnets if s in ctx.diagram.nodes}
        if subnets and az not in attachment_azs and (sa[0], az) not in reported:
            reported.add((sa[0], az))
            yield hit([edge.source, tgw.id], f"Flow {edge.id} leaves from {az}, where the transit gateway attachment "
                      f"of {va} has no subnet: resources there cannot use {tgw.id}.",
                      fix=f"Add a subnet of {az} to the {tgw.id} attachment of {va}.", severity="error")
