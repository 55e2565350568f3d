"""VPC peering: one-to-one and non-transitive (rules.md 28.11, NET-PEER-002).

A peering delivers only to addresses inside the peer VPC's own CIDRs: nothing goes through the peer's
IGW, NAT, VPN or another peering. The peer subnet must route replies back over the same peering, and
SG references across a peering work only in the same region.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.reach.network import Eni

if TYPE_CHECKING:
    from cloudwright.engine.reach.addresses import Net
    from cloudwright.engine.reach.network import Endpoint
    from cloudwright.engine.reach.trace import Sender
    from cloudwright.engine.reach.walk import Walker


def forward(w: Walker, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net, pcx: str) -> bool:
    t, net = w.trace, w.net
    props = typed_props(net.nodes[pcx])
    peer = props.vpc_b if props.vpc_a == at.vpc else props.vpc_a  # type: ignore[attr-defined]
    peer_info = net.vpcs.get(peer)
    if peer_info is None or not any(c.contains(dst_addr) for c in peer_info.cidrs):
        return t.blocked(pcx, "vpc_peering", "PEERING_NOT_TRANSITIVE",
                         f"{pcx} connects {at.vpc} and {peer} only: {dst_addr} is outside {peer}'s CIDRs, and a "
                         "peering never carries traffic on through the peer (no transit to another VPC, VPN, "
                         "IGW or NAT)", peer_vpc=peer, subnet=at.subnet, src_vpc=at.vpc,
                         dst_vpc=dst.vpc if isinstance(dst, Eni) else None,
                         dst_subnet=dst.subnet if isinstance(dst, Eni) else None)
    if any(a.overlaps(b) for a in net.vpcs[at.vpc].cidrs for b in peer_info.cidrs):
        return t.blocked(pcx, "vpc_peering", "PEERING_CIDR_OVERLAP", f"{at.vpc} and {peer} have overlapping "
                         "CIDRs; AWS cannot peer them")
    if not (isinstance(dst, Eni) and dst.vpc == peer and dst_addr in (dst.private, dst.ipv6)):
        return t.blocked(pcx, "vpc_peering", "NO_ROUTE", f"{dst_addr} is in {peer} but belongs to no component "
                         "there")
    same_region = net.vpcs[at.vpc].region == peer_info.region
    t.passed(pcx, "vpc_peering", "PEERING", f"{pcx} carries it from {at.vpc} to {peer}"
             + ("" if same_region else " (inter-region: SG references to the peer do not apply)"))
    w.expect_reply_route(dst.subnet, sender.addr, pcx, "PEERING_NO_RETURN_ROUTE", "the peering")
    return w.arrive(dst, sender if same_region else sender.without_sgs())
