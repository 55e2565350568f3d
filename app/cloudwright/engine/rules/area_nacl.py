"""NET rules about network ACLs (rules.md 2.6): association, numbering, and stateless return traffic.

NET-NACL-005 is a static per-flow check of the two NACLs a drawn flow crosses (request and reply legs, with
the initiator's ephemeral ports); it does not follow routes. Whether the whole path works is reported by
the reachability analyzer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Diagram, Edge
from cloudwright.engine.model.types import PortRange, Protocol
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import PUBLIC_INTERNET, edge_protocol, facts, flow_port, title


@rule("NET-NACL-001", "error", pillars=("security",))
def one_nacl_per_subnet(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    owners: dict[str, list[str]] = defaultdict(list)
    for nacl in ctx.index.of_kind("nacl"):
        for subnet in ctx.props(nacl).subnets:  # type: ignore[attr-defined]
            owners[subnet].append(nacl.id)
            if subnet in ctx.diagram.nodes and f.vpc_id(subnet) != f.vpc_id(nacl.id):
                yield hit([subnet, nacl.id], f"Subnet {subnet} is associated with the network ACL {title(nacl)} of "
                          f"another VPC ({f.vpc_id(nacl.id)}).",
                          fix=f"Associate {subnet} with a network ACL of {f.vpc_id(subnet)}.")
    for subnet, nacls in sorted(owners.items()):
        if len(nacls) > 1:
            yield hit([subnet, *nacls], f"Subnet {subnet} is associated with {len(nacls)} network ACLs "
                      f"({', '.join(nacls)}); a subnet has exactly one.",
                      fix=f"Keep one association for {subnet}; remove it from {', '.join(nacls[1:])}.")


@rule("NET-NACL-002", "error", pillars=("security",))
def nacl_rule_numbers_unique(ctx: RuleContext) -> Iterator[Hit]:
    for nacl in ctx.index.of_kind("nacl"):
        props = ctx.props(nacl)
        for direction in ("inbound", "outbound"):
            counts = Counter(e.rule for e in getattr(props, direction))
            for number, count in sorted(counts.items()):
                if count > 1:
                    yield hit(nacl.id, f"Network ACL {title(nacl)} has {count} {direction} entries numbered "
                              f"{number}; numbers must be unique per direction (first match wins).",
                              fix=f"Renumber the duplicate {direction} entries of {nacl.id} (e.g. steps of 100).")


@rule("NET-NACL-003", "info", pillars=("operational_excellence",))
def nacl_rule_numbers_spaced(ctx: RuleContext) -> Iterator[Hit]:
    for nacl in ctx.index.of_kind("nacl"):
        props = ctx.props(nacl)
        for direction in ("inbound", "outbound"):
            numbers = sorted({e.rule for e in getattr(props, direction)})
            if len(numbers) > 1 and any(b - a < 10 for a, b in zip(numbers, numbers[1:], strict=False)):
                yield hit(nacl.id, f"The {direction} entries of network ACL {title(nacl)} are numbered "
                          f"{', '.join(map(str, numbers[:6]))}: no room to insert a rule between them later.",
                          fix="Number NACL entries in steps of 100 (100, 200, 300...).")


@rule("NET-NACL-004", "info", pillars=("reliability",))
def empty_custom_nacl(ctx: RuleContext) -> Iterator[Hit]:
    for nacl in ctx.index.of_kind("nacl"):
        props = ctx.props(nacl)
        if props.default or props.inbound or props.outbound or not props.subnets:  # type: ignore[attr-defined]
            continue
        yield hit([nacl.id, *props.subnets], f"Network ACL {title(nacl)} has no entries, and a custom NACL "  # type: ignore
                  f"denies everything: all traffic to and from {', '.join(props.subnets)} is blocked.",  # type: ignore
                  fix=f"Add allow entries to {nacl.id} for the traffic these subnets need (and the ephemeral "
                  "ports of the replies).")


@rule("NET-NACL-007", "error", pillars=("security",))
def nacl_entries_use_cidrs(ctx: RuleContext) -> Iterator[Hit]:
    for nacl in ctx.index.of_kind("nacl"):
        for direction in ("inbound", "outbound"):
            for entry in nacl.props.get(direction) or []:
                if isinstance(entry, dict) and ({"sg", "security_group", "prefix_list"} & entry.keys()):
                    yield hit(nacl.id, f"Network ACL {title(nacl)} entry {entry.get('rule')} names a security group "
                              "or prefix list; NACL entries match CIDR ranges only.",
                              fix=f"Replace the source of that entry of {nacl.id} by a CIDR.")


def _insert_number(entries: list[dict[str, Any]], before: int | None) -> int:
    """A free rule number just below ``before`` (the first entry that denies), else after the last entry."""
    used = {int(e.get("rule", 0)) for e in entries}
    if before is not None:
        for number in range(before - 1, 0, -1):
            if number not in used:
                return number
    top = max(used, default=0)
    return min((top // 100 + 1) * 100, 32766)


def _allow_fix(nacl_id: str, direction: str, protocol: Protocol, ports: PortRange, cidr: str,
               deny_number: int | None) -> QuickFix:
    def build(diagram: Diagram):
        entries = [dict(e) for e in diagram.nodes[nacl_id].props.get(direction, [])]
        number = _insert_number(entries, deny_number)
        entry = {"rule": number, "action": "allow", "protocol": str(protocol),
                 "port": ports.low if ports.low == ports.high else f"{ports.low}-{ports.high}", "cidr": cidr}
        return set_node_fields(diagram, nacl_id, props={direction: sorted([*entries, entry],
                                                                          key=lambda e: int(e["rule"]))})

    return QuickFix(f"Allow {protocol} {ports} {'from' if direction == 'inbound' else 'to'} {cidr} in {nacl_id} "
                    f"({direction})", build)


def _first_deny(entries, protocol: Protocol, address, ports: PortRange) -> int | None:
    for entry in entries or []:
        if entry.action == "deny" and entry.protocol.matches(protocol) and entry.cidr.version == address.version \
                and address.subnet_of(entry.cidr) and entry.port.overlap(ports) is not None:
            return entry.rule
    return None


@rule("NET-NACL-005", "error", pillars=("reliability",), aliases=("net.nacl_ephemeral_blocked",))
def nacls_pass_both_legs(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for edge in f.traffic_edges:
        yield from _check_edge(ctx, edge)


def _check_edge(ctx: RuleContext, edge: Edge) -> Iterator[Hit]:
    f = facts(ctx)
    source_subnets, target_subnets = f.subnets_of(edge.source), f.subnets_of(edge.target)
    sa = source_subnets[0] if source_subnets else None
    sb = target_subnets[0] if target_subnets else None
    if (sa is None and sb is None) or sa == sb:
        return
    if (sa is None and not f.is_internet(edge.source)) or (sb is None and not f.is_internet(edge.target)):
        return
    na = f.nacl_entries(sa, "outbound") if sa else None
    nb = f.nacl_entries(sb, "inbound") if sb else None
    if na is None and nb is None and (sa is None or f.nacl_entries(sa, "inbound") is None) \
            and (sb is None or f.nacl_entries(sb, "outbound") is None):
        return
    addr_a, addr_b = f.address_of(edge.source), f.address_of(edge.target)
    port = flow_port(edge, ctx.node(edge.target))
    protocol = edge_protocol(edge)
    if addr_a is None or addr_b is None or port is None or protocol in (Protocol.ICMP, Protocol.ICMPV6):
        return
    if protocol is Protocol.ALL:
        protocol = Protocol.TCP
    service = PortRange(port, port)
    ephemeral = f.ephemeral_range(edge.source)
    cidr_a = "0.0.0.0/0" if addr_a == PUBLIC_INTERNET else str(addr_a)
    cidr_b = "0.0.0.0/0" if addr_b == PUBLIC_INTERNET else str(addr_b)
    legs = [  # (subnet, direction, peer address, ports, peer cidr, what)
        (sa, "outbound", addr_b, service, cidr_b, f"the request to {edge.target} on {protocol}/{port}"),
        (sb, "inbound", addr_a, service, cidr_a, f"the request from {edge.source} on {protocol}/{port}"),
        (sb, "outbound", addr_a, ephemeral, cidr_a, f"the reply to {edge.source} on its ephemeral ports {ephemeral}"),
        (sa, "inbound", addr_b, ephemeral, cidr_b, f"the reply from {edge.target} on ephemeral ports {ephemeral}"),
    ]
    for subnet, direction, peer, ports, peer_cidr, what in legs:
        if subnet is None:
            continue
        entries = f.nacl_entries(subnet, direction)
        allowed = f.nacl_allowed_ports(entries, protocol, peer, ports)
        covered = sum(r.size for r in allowed)
        if covered == ports.size:
            continue
        nacl = ctx.index.nacl_of(subnet)
        nacl_id = nacl.id if nacl is not None else subnet
        partly = 0 < covered < ports.size
        message = (f"Flow {edge.id} ({edge.source} -> {edge.target}): the {direction} rules of network ACL "
                   f"{nacl_id} on subnet {subnet} {'block part of' if partly else 'block'} {what}. NACLs are "
                   "stateless, so each direction needs its own allow rule.")
        deny = _first_deny(entries, protocol, peer, ports)
        fix = (f"Add an {direction} entry to {nacl_id} allowing {protocol} {ports} "
               f"{'from' if direction == 'inbound' else 'to'} {peer_cidr}, numbered below any deny that matches.")
        yield hit([edge.source, edge.target, nacl_id], message, fix=fix,
                  quick_fix=_allow_fix(nacl_id, direction, protocol, ports, peer_cidr, deny) if nacl else None,
                  severity="warning" if partly else None)

