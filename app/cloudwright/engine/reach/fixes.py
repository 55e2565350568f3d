"""Fix suggestions: the smallest concrete change that opens a blocked path, or closes an unwanted exposure.

Each suggestion is a :class:`~cloudwright.engine.rules.finding.QuickFix` whose ``build(diagram)`` returns
one engine edit (one undo step), built from the diagram it is applied to. The suggestion follows the
first blocking hop: an SG rule for the exact peer (the peer's SG on private paths), a NACL entry numbered
before the deny (or after the last rule), a route to the gateway that leads there, a public IP, an
attached IGW, a listener. Closing an exposure removes the SG rules that open the port to the internet
(or turns ``publicly_accessible`` off on a database).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cloudwright.engine.document.edits import AddNode, Batch, Edit, set_node_fields
from cloudwright.engine.model.diagram import Diagram, Node, typed_props
from cloudwright.engine.reach.addresses import ANY_V4, ANY_V6, net
from cloudwright.engine.reach.network import Eni, Outside
from cloudwright.engine.rules.finding import QuickFix

if TYPE_CHECKING:
    from cloudwright.engine.reach.analyzer import Analyzer
    from cloudwright.engine.reach.model import ExposureEntry, Hop, PathResult

_DEFAULT_EGRESS = [{"protocol": "all", "port": "all", "cidr": "0.0.0.0/0"},
                   {"protocol": "all", "port": "all", "cidr": "::/0"}]


def suggest(an: Analyzer, result: PathResult) -> tuple[QuickFix, ...]:
    """Quick fixes for the first blocking hop of ``result`` (empty when none is mechanical)."""
    hop = result.blocking_hop
    if hop is None:
        return ()
    builder = _BUILDERS.get(hop.code)
    fix = builder(an, result, hop) if builder is not None else None
    return (fix,) if fix is not None else ()


# --- helpers ---------------------------------------------------------------------------------------------

def _unique(diagram: Diagram, base: str) -> str:
    n, candidate = 2, base
    while candidate in diagram.nodes or candidate in diagram.edges:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _port_value(protocol: str, port: Any) -> Any:
    return "all" if protocol == "icmp" or port in (None, "any") else port


def _sg_rules(node: Node, direction: str) -> list[dict]:
    """The SG's rules as written, with AWS's implicit defaults made explicit before they are edited."""
    if direction in node.props:
        return [dict(r) for r in node.props[direction]]
    if direction == "outbound":
        return [dict(r) for r in _DEFAULT_EGRESS]
    return [{"protocol": "all", "port": "all", "sg": node.id}] if typed_props(node).default else []  # type: ignore[attr-defined]


def _add_sg_rule(sg_id: str, direction: str, rule: dict) -> Callable[[Diagram], Edit]:
    def build(diagram: Diagram) -> Edit:
        node = diagram.nodes[sg_id]
        return set_node_fields(diagram, sg_id, props={direction: [*_sg_rules(node, direction), rule]}, merge=False)
    return build


def _add_route(an: Analyzer, subnet: str, table: str | None, destination: str, target: str) -> Callable[[Diagram], Edit]:
    """Add a route to ``table`` (replacing one for the same CIDR); with no table drawn, draw the VPC's main table."""
    route = {"destination": destination, "target": target}
    vpc = an.net.subnets[subnet].vpc

    def build(diagram: Diagram) -> Edit:
        if table is not None and table in diagram.nodes:
            routes = [dict(r) for r in diagram.nodes[table].props.get("routes", [])
                      if not _same_destination(r.get("destination"), destination)]  # AWS allows one per CIDR
            return set_node_fields(diagram, table, props={"routes": [*routes, route]}, merge=False)
        node = Node(id=_unique(diagram, f"{vpc}-main-rt"), kind="route_table", parent=vpc, pos=(16.0, 500.0),
                    props={"main": True, "routes": [route]})
        return AddNode(node, "Add Route Table")
    return build


def _same_destination(existing: Any, destination: str) -> bool:
    try:
        return existing is not None and net(existing) == net(destination)
    except ValueError:
        return False


def _fix(title: str, build: Callable[[Diagram], Edit]) -> QuickFix:
    return QuickFix(title, build)


# --- per explanation code ----------------------------------------------------------------------------------

def _sg_mismatch(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    detail = hop.detail
    direction = detail["direction"]
    protocol = detail.get("protocol", result.flow.protocol)
    port = _port_value(protocol, detail.get("port"))
    peer_sgs = [s for s in detail.get("peer_sgs", []) if s in an.diagram.nodes]
    rule: dict[str, Any] = {"protocol": protocol, "port": port}
    if peer_sgs:
        rule["sg"] = peer_sgs[0]
        peer_text = f"sg {peer_sgs[0]}"
    else:
        rule["cidr"] = detail["peer"]
        peer_text = detail["peer"]
    rule["description"] = f"{result.flow.src} -> {result.flow.dst}"
    toward = "from" if direction == "inbound" else "to"
    what = f"{protocol}/{port}" if port != "all" else protocol
    if hop.node in an.diagram.nodes and an.diagram.nodes[hop.node].kind == "security_group":
        return _fix(f"Allow {direction} {what} {toward} {peer_text} in {hop.node}",
                    _add_sg_rule(hop.node, direction, rule))
    eni = an.net.enis(detail["eni"])
    if not eni:
        return None
    vpc = eni[0].vpc

    def build(diagram: Diagram) -> Edit:
        sg_id = _unique(diagram, f"{vpc}-default-sg")
        inbound = [{"protocol": "all", "port": "all", "sg": sg_id}]
        outbound = [dict(r) for r in _DEFAULT_EGRESS]
        (inbound if direction == "inbound" else outbound).append(rule)
        return AddNode(Node(id=sg_id, kind="security_group", parent=vpc, pos=(16.0, 140.0),
                            props={"default": True, "inbound": inbound, "outbound": outbound}),
                       "Add Default Security Group")
    return _fix(f"Draw {vpc}'s default security group allowing {direction} {what} {toward} {peer_text}", build)


def _nacl(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    node = an.diagram.nodes.get(hop.node)
    if node is None or node.kind != "nacl":
        return None
    detail = hop.detail
    direction, protocol, ports = detail["direction"], detail.get("protocol", "tcp"), detail["ports"]
    taken = {e.rule for e in getattr(typed_props(node), direction)}
    deny = detail.get("rule")
    if isinstance(deny, int):
        number = next((n for n in range(deny - 1, 0, -1) if n not in taken), None)
    else:
        number = next((n for n in range(max(taken, default=0) + 10, 32767) if n not in taken), None) or \
            next((n for n in range(1, 32767) if n not in taken), None)
    if number is None:
        return None
    entry = {"rule": number, "action": "allow", "protocol": protocol,
             "port": "all" if ports in ("any",) else ports, "cidr": detail["peer"]}
    what = "replies on ephemeral ports " + ports if hop.leg == "return" else f"{protocol}/{ports}"
    nacl_id = node.id

    def build(diagram: Diagram) -> Edit:
        entries = [dict(e) for e in diagram.nodes[nacl_id].props.get(direction, [])]
        return set_node_fields(diagram, nacl_id, props={direction: [*entries, entry]}, merge=False)
    return _fix(f"Allow {what} {'from' if direction == 'inbound' else 'to'} {detail['peer']} in {nacl_id} "
                f"{direction} (rule {number})", build)


def _route_target(an: Analyzer, subnet: str, dst_node: str, ip_version: int = 4) -> tuple[str, str] | None:
    """(destination CIDR, target) of the route that would carry traffic from ``subnet`` to ``dst_node``."""
    netw = an.net
    if ip_version == 6:
        gateways = [g.id for kind in ("egress_only_igw", "igw") for g in netw.index.in_vpc(netw.subnets[subnet].vpc, kind)
                    if typed_props(g).attached]  # type: ignore[attr-defined]
        return (ANY_V6.cidr, gateways[0]) if gateways else None
    vpc = netw.subnets[subnet].vpc
    az = netw.subnets[subnet].az
    dsts = netw.endpoints(dst_node)
    if not dsts:
        return None
    dst = dsts[0]
    index = an.net.index
    if isinstance(dst, Outside) and dst.place == "onprem":
        for vgw in index.in_vpc(vpc, "vgw"):
            return dst.addr.cidr, vgw.id
        return None
    if isinstance(dst, Eni) and dst.vpc != vpc and (dst.public is None or _connected(an, vpc, dst.vpc)):
        return _private_route(an, vpc, dst.vpc)
    igws = [g.id for g in index.in_vpc(vpc, "igw") if typed_props(g).attached]  # type: ignore[attr-defined]
    srcs_public = any(e.public is not None for e in netw.enis_by_subnet.get(subnet, ()))
    nats = [e for e in (x for n in index.in_vpc(vpc, "nat_gateway") for x in netw.enis(n.id)) if e.subnet != subnet]
    if not srcs_public and nats:
        nat = next((e for e in nats if e.az == az), nats[0])
        return ANY_V4.cidr, nat.node
    return (ANY_V4.cidr, igws[0]) if igws else None


def _connected(an: Analyzer, a: str, b: str) -> bool:
    return _private_route(an, a, b) is not None


def _private_route(an: Analyzer, vpc: str, other: str) -> tuple[str, str] | None:
    cidr = an.net.vpcs[other].cidrs[0].cidr
    for pcx in an.net.index.of_kind("vpc_peering"):
        props = typed_props(pcx)
        if {props.vpc_a, props.vpc_b} == {vpc, other}:  # type: ignore[attr-defined]
            return cidr, pcx.id
    for tgw in an.net.index.of_kind("transit_gateway"):
        vpcs = {a.vpc for a in typed_props(tgw).attachments}  # type: ignore[attr-defined]
        if {vpc, other} <= vpcs:
            return cidr, tgw.id
    return None


def _no_route(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    subnet = hop.detail.get("subnet")
    if subnet is None or subnet not in an.net.subnets:
        return None
    table = hop.node if hop.node in an.diagram.nodes and an.diagram.nodes[hop.node].kind == "route_table" else None
    if "target" in hop.detail:  # a reply route: back through the gateway the request came by
        found: tuple[str, str] | None = (_widen(an, hop.detail["destination"]), hop.detail["target"])
    else:
        found = _route_target(an, subnet, result.flow.dst, result.flow.ip_version)
    if found is None:
        return None
    destination, target = found
    return _fix(f"Add route {destination} -> {target} to {table or 'the main route table'}",
                _add_route(an, subnet, table, destination, target))


def _widen(an: Analyzer, destination: str) -> str:
    """The VPC CIDR or data-centre CIDR holding a host address (routes name networks, not hosts)."""
    addr = net(destination)
    for vpc in an.net.vpcs.values():
        for cidr in vpc.cidrs:
            if cidr.contains(addr):
                return cidr.cidr
    return destination if addr.prefix < addr.bits else addr.cidr


def _no_public_ip(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    node = an.diagram.nodes.get(hop.node)
    if node is None:
        return None
    change: dict[str, Any]
    if node.kind in ("ec2", "eks_node", "asg", "eni"):
        change = {"public_ip": True}
    elif node.kind in ("nat_instance", "nat_gateway"):
        change = {"elastic_ip": True}
    elif node.kind in ("alb", "nlb", "clb", "elb"):
        change = {"scheme": "internet-facing"}
    else:
        # Databases and caches are never offered a public address: that would trade this block for the
        # exposure error REACH-EXPO-001; reach them through the application tier instead.
        return None
    key, value = next(iter(change.items()))
    return _fix(f"Set {key} = {value} on {node.id}",
                lambda diagram: set_node_fields(diagram, node.id, props=change, merge=False))


def _attach(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    node_id = hop.node
    if hop.code == "BLACKHOLE_ROUTE":
        node_id = str(hop.detail.get("route", "")).rsplit(" -> ", 1)[-1]
    node = an.diagram.nodes.get(node_id)
    if node is None:
        return None
    if node.kind in ("igw", "egress_only_igw", "vgw"):
        return _fix(f"Attach {node_id} to its VPC",
                    lambda diagram: set_node_fields(diagram, node_id, props={"attached": True}, merge=False))
    if node.kind in ("nat_instance", "ec2"):
        return _fix(f"Start {node_id}",
                    lambda diagram: set_node_fields(diagram, node_id, props={"state": "running"}, merge=False))
    return None


def _no_igw(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    """Draw an IGW in the VPC and route the subnet's default traffic to it (what AWS needs, in one step)."""
    vpc, subnet = hop.node, hop.detail.get("subnet")
    if subnet not in an.net.subnets:
        return None
    table = an.net.table(subnet).node

    def build(diagram: Diagram) -> Edit:
        igw = Node(id=_unique(diagram, f"{vpc}-igw"), kind="igw", parent=vpc, pos=(16.0, 40.0))
        route = _add_route(an, subnet, table, ANY_V4.cidr, igw.id)(diagram)
        return Batch([AddNode(igw, "Add Internet Gateway"), route], "Add Internet Gateway")
    return _fix(f"Add an internet gateway to {vpc} and a default route to it for {subnet}", build)


def _no_listener(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    lb, port = hop.node, result.flow.port
    http = an.diagram.nodes[lb].kind in ("alb", "clb", "elb")
    if port is None or (http and result.flow.protocol != "tcp"):
        return None  # load balancers do not answer ICMP; only NLBs listen on UDP
    protocol = ("HTTPS" if port == 443 else "HTTP") if http else ("UDP" if result.flow.protocol == "udp" else "TCP")

    def build(diagram: Diagram) -> Edit:
        node = diagram.nodes[lb]
        current = [dict(x) for x in node.props.get("listeners", [{"protocol": "HTTP", "port": 80}])]
        target = current[0].get("target_port") if current else None
        listener = {"protocol": protocol, "port": port, **({"target_port": target} if target else {})}
        if current and current[0].get("target_group"):
            listener["target_group"] = current[0]["target_group"]
        return set_node_fields(diagram, lb, props={"listeners": [*current, listener]}, merge=False)
    return _fix(f"Add a {protocol} listener on port {port} to {lb}", build)


def _direct_peering(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    """Peer the two VPCs directly, with a route on each side (what a non-transitive peering needs)."""
    detail = hop.detail
    src_vpc, dst_vpc, subnet, dst_subnet = (detail.get(k) for k in ("src_vpc", "dst_vpc", "subnet", "dst_subnet"))
    if not (src_vpc and dst_vpc and subnet and dst_subnet) or src_vpc == dst_vpc:
        return None
    vpcs = an.net.vpcs
    if any(a.overlaps(b) for a in vpcs[src_vpc].cidrs for b in vpcs[dst_vpc].cidrs):
        return None
    region = an.net.index.region_of(src_vpc)
    tables = (an.net.table(subnet).node, an.net.table(dst_subnet).node)

    def build(diagram: Diagram) -> Edit:
        pcx = Node(id=_unique(diagram, f"pcx-{src_vpc}-{dst_vpc}"), kind="vpc_peering",
                   parent=region.id if region is not None else None, props={"vpc_a": src_vpc, "vpc_b": dst_vpc})
        there = _add_route(an, subnet, tables[0], vpcs[dst_vpc].cidrs[0].cidr, pcx.id)(diagram)
        back = _add_route(an, dst_subnet, tables[1], vpcs[src_vpc].cidrs[0].cidr, pcx.id)(diagram)
        return Batch([AddNode(pcx, "Add Peering"), there, back], "Peer VPCs Directly")
    return _fix(f"Peer {src_vpc} and {dst_vpc} directly, with a route on each side", build)


def _tgw_attachment(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    """Attach the VPC to the TGW through the subnet, or add the subnet to its attachment (one per AZ)."""
    tgw, vpc, subnet = hop.node, hop.detail.get("vpc"), hop.detail.get("subnet")
    if not vpc or not subnet or an.diagram.nodes.get(tgw) is None:
        return None

    def build(diagram: Diagram) -> Edit:
        attachments = [dict(a) for a in diagram.nodes[tgw].props.get("attachments", [])]
        mine = next((a for a in attachments if a.get("vpc") == vpc), None)
        if mine is None:
            attachments.append({"vpc": vpc, "subnets": [subnet]})
        else:
            mine["subnets"] = [*mine.get("subnets", []), subnet]
        return set_node_fields(diagram, tgw, props={"attachments": attachments}, merge=False)
    verb = "Attach" if hop.code == "TGW_NO_ATTACHMENT" else "Extend the attachment of"
    return _fix(f"{verb} {vpc} to {tgw} through {subnet}", build)


def _source_dest_check(an: Analyzer, result: PathResult, hop: Hop) -> QuickFix | None:
    return _fix(f"Turn off source/destination check on {hop.node}",
                lambda diagram: set_node_fields(diagram, hop.node, props={"source_dest_check": False}, merge=False))


_BUILDERS: dict[str, Callable[[Analyzer, PathResult, Hop], QuickFix | None]] = {
    "ENI_SG_RULES_MISMATCH": _sg_mismatch,
    "NACL_DENY": _nacl,
    "NACL_NO_MATCH": _nacl,
    "NO_ROUTE": _no_route,
    "NO_ROUTE_TO_IGW": _no_route,
    "PEERING_NO_RETURN_ROUTE": _no_route,
    "TGW_NO_RETURN_ROUTE": _no_route,
    "NO_RETURN_ROUTE": _no_route,
    "NO_PUBLIC_IP": _no_public_ip,
    "IGW_NOT_ATTACHED": _attach,
    "BLACKHOLE_ROUTE": _attach,
    "NO_IGW": _no_igw,
    "NO_LISTENER": _no_listener,
    "NAT_SOURCE_DEST_CHECK": _source_dest_check,
    "PEERING_NOT_TRANSITIVE": _direct_peering,
    "TGW_NO_ATTACHMENT": _tgw_attachment,
    "TGW_NO_ATTACHMENT_IN_AZ": _tgw_attachment,
}


# --- closing an exposure ------------------------------------------------------------------------------------

def close_exposure(an: Analyzer, entry: ExposureEntry, ports: tuple[int, ...] = ()) -> QuickFix | None:
    """The change that stops the internet reaching ``entry.node`` (on ``ports``, or at all).

    A publicly accessible database loses its public address; otherwise the SG rules open to the whole
    internet on those ports are removed from the node's security groups.
    """
    node = an.diagram.nodes[entry.node]
    props = typed_props(node)
    if getattr(props, "publicly_accessible", False) is True:
        return _fix(f"Set publicly_accessible = false on {node.id}",
                    lambda diagram: set_node_fields(diagram, node.id, props={"publicly_accessible": False},
                                                    merge=False))
    enis = an.net.enis(entry.node)
    sgs = [s for s in (enis[0].sgs if enis else ()) if s in an.diagram.nodes]
    doomed: dict[str, list[int]] = {}
    for sg in sgs:
        for rule in an.net.sg(sg).inbound:
            if rule.index < 0 or rule.cidr is None or not (rule.cidr.contains(ANY_V4) or rule.cidr.contains(ANY_V6)):
                continue
            if not ports or any(rule.ports.contains(p) for p in ports):
                doomed.setdefault(sg, []).append(rule.index)
    if not doomed:
        return None
    what = "/".join(str(p) for p in ports) or "any port"

    def build(diagram: Diagram) -> Edit:
        edits: list[Edit] = []
        for sg, indexes in doomed.items():
            kept = [dict(r) for i, r in enumerate(diagram.nodes[sg].props.get("inbound", [])) if i not in indexes]
            edits.append(set_node_fields(diagram, sg, props={"inbound": kept}, merge=False))
        return edits[0] if len(edits) == 1 else Batch(edits, "Close Exposure")
    return _fix(f"Remove the rules opening {what} to the internet from {', '.join(doomed)}", build)
