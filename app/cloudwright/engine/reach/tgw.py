"""Transit gateways: attachments, TGW route tables, association and propagation (rules.md 28.11).

The sender's VPC needs an attachment with a subnet in the sender's AZ (when its subnets are drawn), and
the NACLs of the attachment subnets apply on entry and exit (TGW ENIs have no SGs). The
TGW route table associated with that attachment (its ``route_table``, else the TGW's first route table,
else an implicit default table) is searched by longest prefix, static before propagated; a blackhole
route drops. Propagated routes come from the attachments that propagate into that table: a VPC's CIDRs,
a VPN's static routes and its data centre's CIDRs, a DX gateway's data centres. Unlike peering, the path
is transitive. The destination VPC must route replies back to the TGW.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.model.types import PortRange
from cloudwright.engine.reach import nacls
from cloudwright.engine.reach.addresses import Net, net
from cloudwright.engine.reach.network import Eni, Outside, onprem_cidrs

if TYPE_CHECKING:
    from cloudwright.engine.model.props import TgwAttachment
    from cloudwright.engine.reach.network import Endpoint, Network
    from cloudwright.engine.reach.trace import Sender
    from cloudwright.engine.reach.walk import Walker


def attachment_key(att: TgwAttachment) -> str | None:
    return att.vpc or att.vpn or att.dx_gateway or att.peer


def attachment_for(net_: Network, tgw: str, key: str) -> TgwAttachment | None:
    for att in typed_props(net_.nodes[tgw]).attachments:  # type: ignore[attr-defined]
        if attachment_key(att) == key:
            return att
    return None


def _route_table(net_: Network, tgw: str, att: TgwAttachment) -> str | None:
    if att.route_table:
        return att.route_table
    for table in net_.index.of_kind("tgw_route_table"):
        if typed_props(table).transit_gateway == tgw:  # type: ignore[attr-defined]
            return table.id
    return None


def attachment_cidrs(net_: Network, att: TgwAttachment) -> list[Net]:
    """What an attachment propagates: a VPC's CIDRs, a VPN's static routes and data centre, DX data centres."""
    if att.vpc:
        return list(net_.vpcs[att.vpc].cidrs) if att.vpc in net_.vpcs else []
    if att.vpn:
        props = typed_props(net_.nodes[att.vpn])
        cidrs = [net(c) for c in props.static_routes]  # type: ignore[attr-defined]
        dc = vpn_dc(net_, att.vpn)
        return cidrs + (onprem_cidrs(net_.nodes[dc]) if dc else [])
    if att.dx_gateway:
        result: list[Net] = []
        for conn in net_.index.of_kind("dx_connection"):
            props = typed_props(conn)
            if props.gateway == att.dx_gateway and props.on_prem:  # type: ignore[attr-defined]
                dc = dc_of(net_, props.on_prem)  # type: ignore[attr-defined]
                result += onprem_cidrs(net_.nodes[dc]) if dc else []
        return result
    return []


def dc_of(net_: Network, node_id: str | None) -> str | None:
    if not node_id or node_id not in net_.nodes:
        return None
    if net_.nodes[node_id].kind == "corporate_dc":
        return node_id
    dc = net_.index.enclosing(node_id, "corporate_dc")
    return dc.id if dc is not None else None


def vpn_dc(net_: Network, vpn: str) -> str | None:
    """The data centre a VPN connection ends in (through its customer gateway)."""
    return dc_of(net_, typed_props(net_.nodes[vpn]).customer_gateway)  # type: ignore[attr-defined]


def routes(net_: Network, tgw: str, table: str | None) -> list[tuple[Net, str | None, bool, bool]]:
    """(destination, attachment key, static, blackhole) of a TGW route table, static routes first."""
    result: list[tuple[Net, str | None, bool, bool]] = []
    if table is not None:
        for route in typed_props(net_.nodes[table]).routes:  # type: ignore[attr-defined]
            result.append((net(route.destination), route.attachment, True, route.blackhole))
    for att in typed_props(net_.nodes[tgw]).attachments:  # type: ignore[attr-defined]
        if att.propagate and _route_table(net_, tgw, att) == table:
            result += [(cidr, attachment_key(att), False, False) for cidr in attachment_cidrs(net_, att)]
    return result


def select(net_: Network, tgw: str, table: str | None, addr: Net) -> tuple[Net, str | None, bool, bool] | None:
    best = None
    for route in routes(net_, tgw, table):
        if route[0].contains(addr) and (best is None or (route[0].prefix, route[2]) > (best[0].prefix, best[2])):
            best = route
    return best


def _in_az(net_: Network, att: TgwAttachment, az: str | None) -> bool:
    """Whether the attachment can be used from ``az`` (undrawn attachment subnets: assume yes)."""
    subnets = [s for s in att.subnets if s in net_.subnets]
    return not subnets or any(net_.subnets[s].az == az for s in subnets)


def _attachment_subnet(net_: Network, att: TgwAttachment, az: str | None) -> str | None:
    return next((s for s in att.subnets if s in net_.subnets and net_.subnets[s].az == az), None)


def _cross_attachment_subnet(w: Walker, subnet: str | None, beside: str, src: Net, dst: Net,
                             reply_ports: PortRange) -> bool:
    """The TGW ENI's subnet NACLs: in from ``src`` and out toward ``dst`` (skipped when it is ``beside``)."""
    if subnet is None or subnet == beside:
        return True
    return nacls.enter_subnet(w.trace, subnet, src, reply_ports) and \
        nacls.leave_subnet(w.trace, subnet, dst, reply_ports)


def forward(w: Walker, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net, tgw: str) -> bool:
    t, net_ = w.trace, w.net
    att = attachment_for(net_, tgw, at.vpc)
    if att is None:
        return t.blocked(tgw, "transit_gateway", "TGW_NO_ATTACHMENT", f"{at.vpc} is not attached to {tgw}",
                         vpc=at.vpc, subnet=at.subnet)
    if not _in_az(net_, att, at.az):
        return t.blocked(tgw, "transit_gateway", "TGW_NO_ATTACHMENT_IN_AZ", f"{tgw}'s attachment of {at.vpc} has "
                         f"no subnet in {at.az}, so {at.node} cannot use it", vpc=at.vpc, subnet=at.subnet)
    if not _cross_attachment_subnet(w, _attachment_subnet(net_, att, at.az), at.subnet, sender.addr, dst_addr,
                                    sender.ephemeral):
        return False
    table = _route_table(net_, tgw, att)
    node = table or tgw
    chosen = select(net_, tgw, table, dst_addr)
    if chosen is None:
        return t.blocked(node, "tgw_route_table", "TGW_NO_ROUTE", f"{node} has no route to {dst_addr}")
    cidr, key, static, blackhole = chosen
    if blackhole or key is None:
        return t.blocked(node, "tgw_route_table", "BLACKHOLE_ROUTE", f"{node} has a blackhole route {cidr} for "
                         f"{dst_addr}")
    kind = "static" if static else "propagated"
    t.passed(node, "tgw_route_table", "TGW_ROUTE", f"{node} selects {cidr} -> {key} ({kind}) for {dst_addr}")
    target = net_.nodes.get(key)
    if target is None:
        return t.blocked(node, "tgw_route_table", "BLACKHOLE_ROUTE", f"{key} no longer exists")
    if target.kind == "vpc":
        return _into_vpc(w, tgw, sender, dst, dst_addr, key)
    if target.kind in ("vpn_connection", "dx_gateway"):
        if isinstance(dst, Outside) and dst.place == "onprem":
            t.passed(key, target.kind, "VPN" if target.kind == "vpn_connection" else "DIRECT_CONNECT",
                     f"{tgw} sends it over {key} to the on-premises network")
            return t.passed(dst.node, dst.kind, "DESTINATION", f"delivered on premises ({dst_addr}); return routing "
                            "and firewalls there are outside the model")
        return t.blocked(key, target.kind, "NO_ROUTE", f"{dst_addr} is not an on-premises address behind {key}")
    return t.unknown(key, target.kind, "TGW_PEERING_NOT_MODELLED", f"{tgw} forwards to peered TGW {key}; "
                     "Cloudwright does not follow TGW peering")


def _into_vpc(w: Walker, tgw: str, sender: Sender, dst: Endpoint, dst_addr: Net, vpc: str) -> bool:
    t, net_ = w.trace, w.net
    if not (isinstance(dst, Eni) and dst.vpc == vpc and dst_addr in (dst.private, dst.ipv6)):
        return t.blocked(vpc, "vpc", "NO_ROUTE", f"{dst_addr} belongs to no component in {vpc}")
    att = attachment_for(net_, tgw, vpc)
    if att is not None and not _in_az(net_, att, dst.az):
        return t.blocked(tgw, "transit_gateway", "TGW_NO_ATTACHMENT_IN_AZ", f"{tgw}'s attachment of {vpc} has no "
                         f"subnet in {dst.az}, so it cannot deliver to {dst.node}", vpc=vpc, subnet=dst.subnet)
    t.passed(tgw, "transit_gateway", "TGW", f"{tgw} delivers it into {vpc}")
    entry = _attachment_subnet(net_, att, dst.az) if att is not None else None
    if not _cross_attachment_subnet(w, entry, dst.subnet, sender.addr, dst_addr, sender.ephemeral):
        return False
    w.expect_reply_route(dst.subnet, sender.addr, tgw, "TGW_NO_RETURN_ROUTE", "the transit gateway")
    referencing = typed_props(net_.nodes[tgw]).sg_referencing  # type: ignore[attr-defined]
    return w.arrive(dst, sender if referencing else sender.without_sgs())
