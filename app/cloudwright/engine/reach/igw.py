"""Internet gateways (both directions) and egress-only internet gateways.

An IGW must be attached to the VPC; for IPv4 it translates only addresses that own a public IP or EIP
(NET-IGW-003). Inbound from the internet needs the destination's public address, an attached IGW, a
reply route to that IGW in the destination subnet (a NAT default route never carries inbound-initiated
traffic), then the destination's NACL and SG. An egress-only IGW carries IPv6 flows started inside only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.reach.addresses import is_private
from cloudwright.engine.reach.network import Eni, Network, Outside
from cloudwright.engine.reach.routes import lookup, table_name
from cloudwright.engine.reach.trace import Sender, Trace

if TYPE_CHECKING:
    from cloudwright.engine.reach.addresses import Net
    from cloudwright.engine.reach.network import Endpoint
    from cloudwright.engine.reach.walk import Walker


def gateway_of(net: Network, vpc: str) -> tuple[str | None, str | None]:
    """The IGW attached to ``vpc`` and, when none is, a detached one drawn in it."""
    found = net.gateways.get(vpc)
    if found is not None:
        return found
    attached = detached = None
    for node in net.index.in_vpc(vpc, "igw"):
        if typed_props(node).attached:  # type: ignore[attr-defined]
            attached = attached or node.id
        else:
            detached = detached or node.id
    net.gateways[vpc] = (attached, detached)
    return attached, detached


def no_public_ip(t: Trace, dst: Eni | Outside) -> bool:
    """Block: ``dst`` has no public IPv4 address, so nothing on the internet can address it."""
    hint = {"rds": "the database is not publicly accessible", "aurora_instance": "the database is not publicly accessible",
            "alb": "the load balancer is internal", "nlb": "the load balancer is internal",
            "clb": "the load balancer is internal"}.get(dst.kind, "give it a public IP or an Elastic IP")
    return t.blocked(dst.node, dst.kind, "NO_PUBLIC_IP", f"{dst.node} has no public IPv4 address ({hint})")


def egress(w: Walker, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net, igw: str, via: str) -> bool:
    t = w.trace
    if via == "private-nat":
        return t.blocked(at.node, at.kind, "NAT_PRIVATE_TO_IGW", f"{at.node} is a private NAT gateway: traffic it "
                         f"sends to {igw} is dropped; private NAT reaches other networks through a TGW or VGW")
    public = at.ipv6 if w.v6 else at.public
    if public is None:
        if w.v6:
            return t.blocked(at.node, at.kind, "NO_IPV6_ADDRESS", f"{at.node} has no IPv6 address for {igw}")
        return t.blocked(at.node, at.kind, "NO_PUBLIC_IP", f"{at.node} has no public IPv4 or Elastic IP: {igw} "
                         "translates only addresses that own one, so the packet is dropped")
    if is_private(dst_addr):
        return t.blocked(igw, "igw", "NO_ROUTE", f"{dst_addr} is a private address; {igw} cannot deliver it")
    t.passed(igw, "igw", "IGW", f"{igw} translates {at.private if not w.v6 else public} to {public} and sends it "
             "to the internet")
    return w.outside(dst, sender.translated(at.node, public, None, None), dst_addr)


def egress_only(w: Walker, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net, eigw: str) -> bool:
    t = w.trace
    if not w.v6 or at.ipv6 is None:
        return t.blocked(eigw, "egress_only_igw", "EIGW_IPV4", f"{eigw} carries only IPv6; {at.node} sends IPv4")
    t.passed(eigw, "egress_only_igw", "EIGW", f"{eigw} lets {at.node} open IPv6 connections to the internet "
             "(and only replies come back)")
    return w.outside(dst, sender.translated(at.node, at.ipv6, None, None), dst_addr)


def ingress(w: Walker, dst: Eni, sender: Sender) -> bool:
    t, net = w.trace, w.net
    addr = dst.ipv6 if w.v6 else dst.public
    if addr is None:
        if w.v6:
            return t.blocked(dst.node, dst.kind, "NO_IPV6_ADDRESS", f"{dst.node} has no IPv6 address")
        return no_public_ip(t, dst)
    igw, detached = gateway_of(net, dst.vpc)
    if igw is None:
        if detached is not None:
            return t.blocked(detached, "igw", "IGW_NOT_ATTACHED", f"{detached} is not attached to {dst.vpc}")
        return t.blocked(dst.vpc, "vpc", "NO_IGW", f"{dst.vpc} has no internet gateway", subnet=dst.subnet)
    t.passed(igw, "igw", "IGW", f"{igw} receives {sender.addr} -> {addr} and translates it to {dst.private}")
    table = net.table(dst.subnet)
    node, name = table_name(table, dst.subnet)
    found = lookup(table, sender.addr)
    if found is None:
        return t.blocked(node, "route_table", "NO_ROUTE_TO_IGW", f"{name} has no route back to {sender.addr}: "
                         f"replies are dropped; {dst.subnet} needs a default route to {igw}", subnet=dst.subnet,
                         destination=sender.addr.cidr, target=igw)
    route = found[0]
    if route.target == igw and not route.blackhole_reason:
        t.passed(node, "route_table", "ROUTE", f"{name} sends replies to {sender.addr} through {igw} "
                 f"({route.text()})", subnet=dst.subnet, route=route.text())
        return w.arrive(dst, sender)
    if route.target_kind in ("nat_gateway", "nat_instance"):
        code, why = "NAT_INBOUND", (f"{name} sends internet traffic to {route.target}: a NAT only carries "
                                    "connections opened from inside, so the internet cannot reach "
                                    f"{dst.node} (it sits in a private subnet)")
    elif route.target_kind == "egress_only_igw":
        code, why = "EIGW_INBOUND", (f"{name} sends IPv6 to {route.target}, an egress-only gateway: "
                                     "connections opened from the internet are dropped")
    else:
        code, why = "NO_ROUTE_TO_IGW", (f"{name} selects {route.text()} for {sender.addr}, not {igw}: replies "
                                        "do not return to the internet")
    return t.blocked(node, "route_table", code, why, subnet=dst.subnet, destination=sender.addr.cidr,
                     route=route.text(), target=igw)
