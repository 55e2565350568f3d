"""Route tables: the effective table of a subnet and the route it selects for an address.

``lookup`` is longest-prefix match over local, static, prefix-list and propagated routes (NET-RT-006): a
prefix-list route competes with the length of the list entry holding the address, and for equal lengths
local beats static beats prefix-list beats propagated. A selected route whose target is gone, detached or
stopped is a blackhole: the packet is dropped, with no fallback to a shorter route.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudwright.engine.graph.index import DiagramIndex
from cloudwright.engine.model.diagram import Node, typed_props
from cloudwright.engine.reach.addresses import Net, in_prefix_list, net

LOCAL = "local"


@dataclass(frozen=True)
class RouteEntry:
    destination: Net | None
    prefix_list: str | None
    target: str
    target_kind: str
    tier: int  # tie-break for equal prefixes: 3 local, 2 static, 1 prefix list, 0 propagated
    blackhole_reason: str = ""

    def text(self) -> str:
        dest = str(self.destination) if self.destination is not None else f"pl-{self.prefix_list}"
        return f"{dest} -> {self.target}"


@dataclass(frozen=True)
class RouteTable:
    """A compiled table; ``node`` is the route table's id, or None for the VPC's implicit main table."""

    node: str | None
    vpc: str
    routes: tuple[RouteEntry, ...]


def compile_table(index: DiagramIndex, vpc_id: str, vpc_cidrs: tuple[Net, ...], table: Node | None,
                  endpoint_routes: list[tuple[str, str]]) -> RouteTable:
    """Local routes for every VPC CIDR plus the table's routes and its gateway endpoints' prefix-list routes."""
    routes: list[RouteEntry] = [RouteEntry(cidr, None, LOCAL, LOCAL, 3) for cidr in vpc_cidrs]
    if table is not None:
        seen_pl: set[tuple[str, str]] = set()
        for route in typed_props(table).routes:  # type: ignore[attr-defined]
            if route.target == LOCAL:
                continue
            target = index.nodes.get(route.target)
            kind = target.kind if target is not None else "missing"
            state = _blackhole_reason(index, vpc_id, target)
            if route.prefix_list is not None:
                seen_pl.add((route.prefix_list, route.target))
                routes.append(RouteEntry(None, route.prefix_list, route.target, kind, 1, state))
            else:
                routes.append(RouteEntry(net(route.destination), None, route.target, kind,
                                         0 if route.propagated else 2, state))
        for service, endpoint in endpoint_routes:
            if (service, endpoint) not in seen_pl:
                routes.append(RouteEntry(None, service, endpoint, "vpc_endpoint_gateway", 1))
    return RouteTable(table.id if table is not None else None, vpc_id, tuple(routes))


def _blackhole_reason(index: DiagramIndex, vpc_id: str, target: Node | None) -> str:
    """Why a route's target cannot carry traffic ("" when it can)."""
    if target is None:
        return "its target no longer exists"
    props = typed_props(target)
    kind = target.kind
    if kind in ("igw", "egress_only_igw", "vgw"):
        if not props.attached:  # type: ignore[attr-defined]
            return f"{kind} {target.id} is detached"
        owner = index.vpc_of(target.id)
        if owner is not None and owner.id != vpc_id:
            return f"{kind} {target.id} is attached to another VPC ({owner.id})"
    elif kind in ("nat_instance", "ec2"):
        if props.state != "running":  # type: ignore[attr-defined]
            return f"instance {target.id} is {props.state}"  # type: ignore[attr-defined]
    elif kind == "vpc_peering":
        if props.status != "active":  # type: ignore[attr-defined]
            return f"peering {target.id} is {props.status}"  # type: ignore[attr-defined]
        if vpc_id not in (props.vpc_a, props.vpc_b):  # type: ignore[attr-defined]
            return f"peering {target.id} does not involve this VPC"
    elif kind == "eni" and not props.attached_to:  # type: ignore[attr-defined]
        return f"network interface {target.id} is not attached"
    return ""


def lookup(table: RouteTable, addr: Net) -> tuple[RouteEntry, int] | None:
    """The selected route and the prefix length it won with, or None when no route matches."""
    best: tuple[int, int, RouteEntry] | None = None
    for route in table.routes:
        if route.destination is not None:
            if not route.destination.contains(addr):
                continue
            length = route.destination.prefix
        else:
            entry = in_prefix_list(route.prefix_list or "", addr)
            if entry is None:
                continue
            length = entry.prefix
        if best is None or (length, route.tier) > best[:2]:
            best = (length, route.tier, route)
    return (best[2], best[0]) if best is not None else None


def table_name(table: RouteTable, subnet: str) -> tuple[str, str]:
    """The hop node of a route table and how to call it (the implicit main table has no node: the subnet)."""
    if table.node is None:
        return subnet, f"the implicit main route table of {table.vpc}"
    return table.node, f"route table {table.node}"
