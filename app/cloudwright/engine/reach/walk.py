"""The hop-by-hop walk of one flow between two concrete endpoints (rules.md section 28).

Source SG outbound -> source subnet NACL outbound -> route lookup -> the next hop's own semantics (one
module per hop type) -> destination subnet NACL inbound -> destination SG inbound, then the return leg:
the NACLs again for the initiator's ephemeral ports (stateless) and the reply routes of peering and TGW
paths; SGs are stateful and not checked again.

A :class:`Walker` evaluates one attempt; the analyzer tries each ENI pair and address (private first,
then public) and keeps the attempt that reaches, or else the one that gets furthest.
"""

from __future__ import annotations

from cloudwright.engine.model.types import PortRange
from cloudwright.engine.reach import endpoints, igw, nacls, nat, peering, security_groups, services, tgw, vpn
from cloudwright.engine.reach.addresses import Net
from cloudwright.engine.reach.network import Endpoint, Eni, Network, Outside
from cloudwright.engine.reach.routes import lookup, table_name
from cloudwright.engine.reach.trace import Sender, Trace

#: Route target kinds the walk follows; anything else (an appliance ENI, a firewall) is "unknown".
_FOLLOWED = ("local", "igw", "egress_only_igw", "nat_gateway", "nat_instance", "vpc_peering", "transit_gateway",
             "vgw", "vpc_endpoint_gateway")


class Walker:
    """One attempt of one flow: call :meth:`from_eni` or :meth:`from_outside`, then read :attr:`trace`."""

    def __init__(self, net: Network, protocol: str, port: int | None, ip_version: int = 4) -> None:
        self.net = net
        self.v6 = ip_version == 6
        self.trace = Trace(net, protocol, port)

    # --- entry points ------------------------------------------------------------------------------------
    def from_eni(self, src: Eni, dst: Endpoint, public: bool, *, sender_addr: Net | None = None,
                 reply_ports: PortRange | None = None) -> Trace:
        """``src`` opens the connection to ``dst``'s private address, or to its public one when ``public``."""
        t, net = self.trace, self.net
        own = src.ipv6 if self.v6 else src.private
        if own is None:
            t.blocked(src.node, src.kind, "NO_IPV6_ADDRESS", f"{src.node} has no IPv6 address (its subnet needs an "
                      "IPv6 CIDR and the instance an IPv6 address)")
            return self._finish()
        sender = Sender(src.node, sender_addr or own, frozenset(src.sgs) if src.filtered else frozenset(),
                        src.subnet, src.vpc, reply_ports or net.ephemeral)
        t.passed(src.node, src.kind, "SOURCE", f"{src.node} ({own}) in {src.subnet} opens {t.flow_text()} to "
                 f"{dst.node}")
        service = None
        if isinstance(dst, Outside) and dst.place == "service" and src.kind in services.SERVICE_SIDE_CALLERS:
            services.deliver(self, dst, sender, via=f"AWS's service network ({src.kind} calls it itself)")
            return self._finish()
        if isinstance(dst, Outside) and dst.place == "service" and not self.v6:
            endpoint_eni = endpoints.interface_for(net, src, dst)
            if endpoint_eni is not None:
                service, dst, public = dst, endpoint_eni, False
        dst_addr = self.address_of(dst, public)
        if dst_addr is None:
            self._no_address(dst, public)
            return self._finish()
        same_subnet = isinstance(dst, Eni) and not public and dst.subnet == src.subnet
        dst_sgs = frozenset(dst.sgs) if isinstance(dst, Eni) and not public else frozenset()
        if not security_groups.egress(t, src, dst_addr, dst_sgs):
            return self._finish()
        if same_subnet:
            self.arrive(dst, sender)  # type: ignore[arg-type]
        elif nacls.leave_subnet(t, src.subnet, dst_addr, sender.ephemeral):
            self.route(src, sender, dst, dst_addr)
        if service is not None and t.state == "ok":
            services.deliver(self, service, sender, via=f"interface endpoint {dst.node}")
        return self._finish()

    def from_outside(self, src: Outside, dst: Endpoint) -> Trace:
        """A connection opened by the internet, an AWS service or an on-premises network."""
        t, net = self.trace, self.net
        addr = (src.addr6 or src.addr) if self.v6 else src.addr
        t.passed(src.node, src.kind, "SOURCE", f"{src.node} ({addr}) opens {t.flow_text()} to {dst.node}")
        sender = Sender(src.node, addr, frozenset(), None, None, net.ephemeral)
        if src.place == "onprem":
            vpn.from_onprem(self, src, dst)
        elif isinstance(dst, Eni):
            self.enter_from_internet(dst, sender)
        elif dst.place == "service":
            services.deliver(self, dst, sender, via=src.place)
        else:
            t.unknown(dst.node, dst.kind, "OUTSIDE_MODEL", f"a path from {src.node} to {dst.node} runs outside "
                      "AWS; Cloudwright does not model it")
        return self._finish()

    def _finish(self) -> Trace:
        if self.trace.state == "ok":
            self.trace.run_returns()
        return self.trace

    # --- addresses -----------------------------------------------------------------------------------------
    def address_of(self, dst: Endpoint, public: bool) -> Net | None:
        if isinstance(dst, Outside):
            return (dst.addr6 or dst.addr) if self.v6 else dst.addr
        if self.v6:
            return dst.ipv6
        return dst.public if public else dst.private

    def _no_address(self, dst: Endpoint, public: bool) -> None:
        if self.v6:
            self.trace.blocked(dst.node, dst.kind, "NO_IPV6_ADDRESS", f"{dst.node} has no IPv6 address")
        else:
            igw.no_public_ip(self.trace, dst)  # type: ignore[arg-type]

    # --- the steps every hop type shares ---------------------------------------------------------------------
    def route(self, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net, via: str = "") -> bool:
        """Route lookup in ``at``'s subnet, then the selected target's own semantics."""
        t = self.trace
        table = self.net.table(at.subnet)
        node, name = table_name(table, at.subnet)
        found = lookup(table, dst_addr)
        if found is None:
            return t.blocked(node, "route_table", "NO_ROUTE", f"{name} has no route to {dst_addr} (the packet is "
                             "dropped: the connection times out)", subnet=at.subnet, destination=dst_addr.cidr)
        route, length = found
        if route.blackhole_reason:
            return t.blocked(node, "route_table", "BLACKHOLE_ROUTE", f"{name} selects {route.text()} for {dst_addr}, "
                             f"a blackhole ({route.blackhole_reason}): the packet is dropped", subnet=at.subnet,
                             route=route.text())
        if route.target_kind not in _FOLLOWED:
            return t.unknown(node, "route_table", "UNMODELLED_TARGET", f"{name} selects {route.text()} for {dst_addr}: "
                             f"{route.target} is a {route.target_kind}, whose verdict Cloudwright does not model",
                             subnet=at.subnet, route=route.text())
        t.passed(node, "route_table", "ROUTE", f"{name} selects {route.text()} for {dst_addr} (/{length})",
                 subnet=at.subnet, route=route.text())
        kind, target = route.target_kind, route.target
        if kind == "local":
            return self.local(at, sender, dst, dst_addr)
        if kind == "igw":
            return igw.egress(self, at, sender, dst, dst_addr, target, via)
        if kind == "egress_only_igw":
            return igw.egress_only(self, at, sender, dst, dst_addr, target)
        if kind in ("nat_gateway", "nat_instance"):
            return nat.forward(self, at, sender, dst, dst_addr, target, via)
        if kind == "vpc_peering":
            return peering.forward(self, at, sender, dst, dst_addr, target)
        if kind == "transit_gateway":
            return tgw.forward(self, at, sender, dst, dst_addr, target)
        if kind == "vgw":
            return vpn.forward(self, at, sender, dst, dst_addr, target)
        return endpoints.gateway_forward(self, at, sender, dst, dst_addr, target, via)

    def local(self, at: Eni, sender: Sender, dst: Endpoint, dst_addr: Net) -> bool:
        if not (isinstance(dst, Eni) and dst.vpc == at.vpc and dst_addr in (dst.private, dst.ipv6)):
            return self.trace.blocked(at.vpc, "vpc", "NO_ROUTE", f"{dst_addr} falls in {at.vpc}'s local route but "
                                      f"{dst.node} is not in {at.vpc} (overlapping CIDRs?)")
        return self.arrive(dst, sender)

    def arrive(self, dst: Eni, sender: Sender) -> bool:
        """Destination side: the subnet's NACL inbound (when crossing a subnet boundary), then its SGs."""
        t = self.trace
        if sender.subnet != dst.subnet and not nacls.enter_subnet(t, dst.subnet, sender.addr, sender.ephemeral):
            return False
        if not security_groups.ingress(t, dst, sender):
            return False
        addr = dst.ipv6 if self.v6 else dst.private
        return t.passed(dst.node, dst.kind, "DESTINATION", f"arrives at {dst.node} ({addr}) in {dst.subnet}")

    def enter_from_internet(self, dst: Eni, sender: Sender) -> bool:
        """Inbound from the internet: public address, attached IGW, reply route to the IGW, NACL, SG."""
        return igw.ingress(self, dst, sender)

    def outside(self, dst: Endpoint, sender: Sender, dst_addr: Net) -> bool:
        """The packet left through an IGW with a public source address."""
        t = self.trace
        if isinstance(dst, Eni):
            if dst_addr in (dst.public, dst.ipv6):
                return self.enter_from_internet(dst, sender)
            return t.blocked(dst.node, dst.kind, "NO_ROUTE", f"{dst_addr} is a private address of {dst.node}; the "
                             "internet cannot deliver it")
        if dst.place == "internet":
            return t.passed(dst.node, dst.kind, "DESTINATION", f"delivered to the internet ({dst_addr})")
        if dst.place == "service":
            return services.deliver(self, dst, sender, via="the internet")
        return t.blocked(dst.node, dst.kind, "NO_ROUTE", f"{dst.node}'s addresses ({dst_addr}) are private: the "
                         "internet cannot deliver them; route them to a VGW or transit gateway")

    def expect_reply_route(self, subnet: str, addr: Net, target: str, code: str, what: str) -> None:
        """Register a return-leg check: the destination subnet must route replies back through ``target``."""
        def check(t: Trace) -> bool:
            table = self.net.table(subnet)
            node, name = table_name(table, subnet)
            found = lookup(table, addr)
            if found is not None and found[0].target == target and not found[0].blackhole_reason:
                return t.passed(node, "route_table", "ROUTE", f"{name} routes replies to {addr} back through "
                                f"{target}", "return", subnet=subnet, route=found[0].text())
            chosen = f"selects {found[0].text()}" if found is not None else "has no route"
            return t.blocked(node, "route_table", code, f"{name} {chosen} for replies to {addr}; they must go back "
                             f"through {what} {target}", "return", subnet=subnet, destination=addr.cidr,
                             target=target)
        self.trace.on_return(check)
