"""Virtual private gateways with Site-to-Site VPN or Direct Connect to on-premises networks.

Outbound: the route selects a VGW attached to the VPC; the destination must be inside a data centre's
CIDRs, and a VPN or DX connection must link that VGW (directly or through a DX gateway) to it. Inbound
from on premises: a VGW or a TGW with a VPN/DX attachment must connect the data centre to the VPC, and
the destination subnet must route replies back to it. Routing and firewalls on premises are outside the
model and count as pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.reach import tgw as tgw_module
from cloudwright.engine.reach.network import Eni, Outside
from cloudwright.engine.reach.routes import lookup, table_name
from cloudwright.engine.reach.trace import Sender

if TYPE_CHECKING:
    from cloudwright.engine.reach.addresses import Net
    from cloudwright.engine.reach.network import Endpoint, Network
    from cloudwright.engine.reach.walk import Walker


def connections(net: Network, gateway: str) -> list[tuple[str, str | None, bool]]:
    """(connection, data centre or None when not drawn, encrypted) linking ``gateway`` to premises."""
    found: list[tuple[str, str | None, bool]] = []
    for vpn in net.index.of_kind("vpn_connection"):
        if typed_props(vpn).gateway == gateway:  # type: ignore[attr-defined]
            found.append((vpn.id, tgw_module.vpn_dc(net, vpn.id), True))
    dx_gateways = {g.id for g in net.index.of_kind("dx_gateway")
                   if gateway in typed_props(g).associations}  # type: ignore[attr-defined]
    for dx in net.index.of_kind("dx_connection"):
        props = typed_props(dx)
        if props.gateway == gateway or props.gateway in dx_gateways:  # type: ignore[attr-defined]
            dc = tgw_module.dc_of(net, props.on_prem)  # type: ignore[attr-defined]
            found.append((dx.id, dc, bool(props.vpn_over_dx or props.macsec)))  # type: ignore[attr-defined]
    return found


def _attached_vgws(net: Network, vpc: str) -> list[str]:
    return [v.id for v in net.index.in_vpc(vpc, "vgw") if typed_props(v).attached]  # type: ignore[attr-defined]


def forward(w: Walker, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net, vgw: str) -> bool:
    t, net = w.trace, w.net
    if not (isinstance(dst, Outside) and dst.place == "onprem"):
        return t.blocked(vgw, "vgw", "NO_ROUTE", f"the route sends {dst_addr} to {vgw}, which leads only to "
                         f"on-premises networks; {dst.node} is not there")
    if any(c.overlaps(dst_addr) for c in net.vpcs[at.vpc].cidrs):
        return t.blocked(vgw, "vgw", "ONPREM_CIDR_OVERLAP", f"{dst_addr} overlaps {at.vpc}'s CIDR; the local route "
                         "wins and the on-premises address is unreachable")
    links = [c for c in connections(net, vgw) if c[1] in (None, dst.dc)]
    if not links:
        return t.blocked(vgw, "vgw", "VGW_NO_CONNECTION", f"no VPN or Direct Connect connection links {vgw} to "
                         f"{dst.dc or dst.node}")
    conn, _, encrypted = links[0]
    t.passed(vgw, "vgw", "VGW", f"{vgw} sends it over {conn} to {dst.dc or dst.node}"
             + ("" if encrypted else " (Direct Connect alone is not encrypted)"), connection=conn)
    return t.passed(dst.node, dst.kind, "DESTINATION", f"delivered on premises ({dst_addr}); return routing and "
                    "firewalls there are outside the model")


def _tgw_path(net: Network, dc: str | None, vpc: str) -> str | None:
    """A TGW with a VPN/DX attachment from ``dc`` and an attachment of ``vpc``."""
    for gateway in net.index.of_kind("transit_gateway"):
        atts = typed_props(gateway).attachments  # type: ignore[attr-defined]
        if not any(a.vpc == vpc for a in atts):
            continue
        for att in atts:
            if att.vpn and tgw_module.vpn_dc(net, att.vpn) in (None, dc):
                return gateway.id
            if att.dx_gateway and any(c[1] in (None, dc) for c in connections(net, att.dx_gateway)):
                return gateway.id
    return None


def from_onprem(w: Walker, src: Outside, dst: Endpoint) -> bool:
    t, net = w.trace, w.net
    if not isinstance(dst, Eni):
        return t.unknown(src.node, src.kind, "OUTSIDE_MODEL", f"a path from {src.node} to {dst.node} that does not "
                         "enter a VPC is outside the model")
    gateway = next((v for v in _attached_vgws(net, dst.vpc) if any(c[1] in (None, src.dc)
                                                                   for c in connections(net, v))), None)
    kind = "vgw"
    if gateway is None:
        gateway, kind = _tgw_path(net, src.dc, dst.vpc), "transit_gateway"
    if gateway is None:
        return t.blocked(src.dc or src.node, src.kind, "NO_PATH_FROM_ONPREM", f"no VPN or Direct Connect "
                         f"connection reaches {dst.vpc} from {src.dc or src.node}")
    t.passed(gateway, kind, "VGW" if kind == "vgw" else "TGW", f"{src.node} reaches {dst.vpc} through {gateway}")
    table = net.table(dst.subnet)
    node, name = table_name(table, dst.subnet)
    found = lookup(table, src.addr)
    if found is None or found[0].target != gateway or found[0].blackhole_reason:
        chosen = f"selects {found[0].text()}" if found is not None else "has no route"
        return t.blocked(node, "route_table", "NO_RETURN_ROUTE", f"{name} {chosen} for replies to {src.addr}; "
                         f"they must go back through {gateway} (add the route or enable route propagation)",
                         subnet=dst.subnet, destination=src.addr.cidr, target=gateway)
    t.passed(node, "route_table", "ROUTE", f"{name} routes replies to {src.addr} through {gateway}",
             subnet=dst.subnet, route=found[0].text())
    return w.arrive(dst, Sender(src.node, src.addr, frozenset(), None, None, net.ephemeral))
