"""NAT gateways and NAT instances: the flow is re-evaluated from the NAT's own position (rules.md 28.9-10).

The NAT sits in another subnet than the sender; its subnet's NACL must let the flow in from the sender
and out toward the destination (and the replies back on the NAT's ports 1024-65535); a public NAT needs
an Elastic IP and a route to an IGW, which then sees the NAT's address. A NAT instance adds its own SG
checks and needs source/destination check off. Flows opened from the internet never enter through a NAT
(that case is reported by the IGW ingress step as ``NAT_INBOUND``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.model.types import EPHEMERAL_PORTS
from cloudwright.engine.reach import nacls, security_groups

if TYPE_CHECKING:
    from cloudwright.engine.reach.addresses import Net
    from cloudwright.engine.reach.network import Endpoint, Eni
    from cloudwright.engine.reach.trace import Sender
    from cloudwright.engine.reach.walk import Walker


def forward(w: Walker, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net, nat_id: str, via: str) -> bool:
    t, net = w.trace, w.net
    node = net.nodes[nat_id]
    kind = node.kind
    if via:
        return t.blocked(nat_id, kind, "NAT_CHAIN", f"the NAT subnet's route table sends {dst_addr} to another "
                         f"NAT ({nat_id}); a public NAT needs a route to an internet gateway")
    enis = net.enis(nat_id)
    if not enis:
        return t.unknown(nat_id, kind, "NAT_NOT_PLACED", f"{nat_id} is not drawn inside a subnet, so its network "
                         "position is unknown")
    nat = next((e for e in enis if e.az == at.az), enis[0])
    if w.v6:
        return t.blocked(nat_id, kind, "NAT_IPV6", f"{nat_id} translates IPv4 only; IPv6 egress needs an "
                         "egress-only internet gateway")
    if nat.subnet == at.subnet:
        return t.blocked(nat_id, kind, "NAT_IN_SAME_SUBNET", f"{nat_id} sits in {at.subnet}, the subnet whose "
                         "traffic it should carry; it must sit in another (public) subnet")
    if not nacls.enter_subnet(t, nat.subnet, sender.addr, sender.ephemeral):
        return False
    props = typed_props(node)
    private_nat = kind == "nat_gateway" and props.connectivity == "private"  # type: ignore[attr-defined]
    if kind == "nat_instance":
        if not security_groups.ingress(t, nat, sender):
            return False
        if props.source_dest_check:  # type: ignore[attr-defined]
            return t.blocked(nat_id, kind, "NAT_SOURCE_DEST_CHECK", f"{nat_id} has source/destination check "
                             "on, so it drops traffic that is not addressed to itself; turn it off")
    if not private_nat and nat.public is None:
        return t.blocked(nat_id, kind, "NO_PUBLIC_IP", f"{nat_id} has no Elastic IP, so it cannot send to the "
                         "internet")
    shown = nat.private if private_nat else nat.public
    t.passed(nat_id, kind, "NAT", f"{nat_id} translates {sender.addr} to {shown} (connections opened from inside "
             "only)", az_crossing=nat.az != at.az)
    natted = sender.translated(nat_id, nat.private, nat.subnet, nat.vpc,
                               frozenset(nat.sgs) if kind == "nat_instance" else frozenset(), EPHEMERAL_PORTS)
    if kind == "nat_instance" and not security_groups.egress(t, nat, dst_addr, frozenset()):
        return False
    if not nacls.leave_subnet(t, nat.subnet, dst_addr, EPHEMERAL_PORTS):
        return False
    return w.route(nat, natted, dst, dst_addr, via="private-nat" if private_nat else "nat")
