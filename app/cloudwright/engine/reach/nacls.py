"""Network ACLs: stateless, numbered, first match wins, implicit deny at the end.

A NACL filters only traffic that crosses its subnet's boundary, in each direction on its own, so the reply
of a connection needs its own rule for the initiator's ephemeral ports. ``evaluate`` works on a port range
at once, which answers "does the whole ephemeral range come back?" in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import Node, typed_props
from cloudwright.engine.model.types import ALL_PORTS, PortRange
from cloudwright.engine.reach.addresses import ANY_V4, ANY_V6, Net, net

if TYPE_CHECKING:
    from cloudwright.engine.reach.trace import Trace


@dataclass(frozen=True)
class Entry:
    rule: int | None  # None: AWS's implicit allow-all rule of a default NACL
    allow: bool
    protocol: str
    ports: PortRange
    cidr: Net


@dataclass(frozen=True)
class Outcome:
    """Which ports of the asked range pass, and the rules that decided."""

    allowed: tuple[tuple[PortRange, int | None], ...]
    denied: tuple[tuple[PortRange, int | None], ...]
    unmatched: tuple[PortRange, ...]

    @property
    def all_pass(self) -> bool:
        return bool(self.allowed) and not self.denied and not self.unmatched

    @property
    def none_pass(self) -> bool:
        return not self.allowed

    @property
    def deny_rule(self) -> int | None:
        return self.denied[0][1] if self.denied else None

    @property
    def allow_rule(self) -> int | None:
        return self.allowed[0][1] if self.allowed else None

    def allowed_text(self) -> str:
        return ", ".join(str(r) for r, _ in self.allowed) or "none"


_ALLOW_ALL = (Entry(None, True, "all", ALL_PORTS, ANY_V4), Entry(None, True, "all", ALL_PORTS, ANY_V6))


def compile_entries(nacl: Node | None, direction: str) -> tuple[Entry, ...]:
    """The NACL's entries for ``direction`` ("inbound" or "outbound") in evaluation order.

    None (no NACL drawn) and a drawn default NACL that lists no entries for the direction are AWS's
    default NACL, which allows everything; a custom NACL without entries denies everything.
    """
    if nacl is None:
        return _ALLOW_ALL
    props = typed_props(nacl)
    if props.default and direction not in nacl.props:  # type: ignore[attr-defined]
        return _ALLOW_ALL
    entries = getattr(props, direction)
    return tuple(Entry(e.rule, e.action == "allow", str(e.protocol), e.port, net(e.cidr))
                 for e in sorted(entries, key=lambda e: e.rule))


def _protocol_matches(rule_protocol: str, protocol: str) -> bool:
    return rule_protocol == "all" or rule_protocol == protocol


@lru_cache(maxsize=65536)
def evaluate(entries: tuple[Entry, ...], protocol: str, ports: PortRange | None, peer: Net) -> Outcome:
    """Walk ``entries`` in order for traffic to/from ``peer`` on ``ports`` (None: ICMP, ports do not apply).

    >>> evaluate(_ALLOW_ALL, "tcp", PortRange(443, 443), ANY_V4).all_pass
    True
    """
    remaining = [ports or ALL_PORTS]
    allowed: list[tuple[PortRange, int | None]] = []
    denied: list[tuple[PortRange, int | None]] = []
    for entry in entries:
        if not remaining:
            break
        if not _protocol_matches(entry.protocol, protocol) or not entry.cidr.contains(peer):
            continue
        rule_ports = ALL_PORTS if ports is None else entry.ports
        left: list[PortRange] = []
        for part in remaining:
            overlap = part.overlap(rule_ports)
            if overlap is None:
                left.append(part)
                continue
            (allowed if entry.allow else denied).append((overlap, entry.rule))
            if part.low < overlap.low:
                left.append(PortRange(part.low, overlap.low - 1))
            if overlap.high < part.high:
                left.append(PortRange(overlap.high + 1, part.high))
        remaining = left
    return Outcome(tuple(allowed), tuple(denied), tuple(remaining))


def port_text(ports: PortRange | None) -> str:
    return "any" if ports is None else str(ports)


# --- hops ----------------------------------------------------------------------------------------------------

def _where(t: Trace, subnet: str) -> tuple[str, str]:
    """The hop's node (the NACL, or the subnet for AWS's implicit default NACL) and a phrase naming it."""
    nacl = t.net.nacl(subnet)
    if nacl is None:
        return subnet, f"default NACL of {subnet}"
    return nacl.id, f"NACL {nacl.id} ({subnet})"


def _check(t: Trace, subnet: str, direction: str, peer: Net, ports: PortRange | None, leg: str,
           reply: bool) -> bool:
    node, name = _where(t, subnet)
    outcome = evaluate(t.net.nacl_entries(subnet, direction), t.protocol, ports, peer)
    toward = "to" if direction == "outbound" else "from"
    what = f"{t.protocol}/{port_text(ports)}" if t.protocol != "icmp" else "icmp"
    if reply:
        what = f"replies {what}" if ports is None else f"replies {t.protocol} on ephemeral ports {ports}"
    detail = {"subnet": subnet, "direction": direction, "peer": peer.cidr, "ports": port_text(ports),
              "protocol": t.protocol}
    if outcome.all_pass:
        rule = outcome.allow_rule
        said = f"rule {rule}" if rule is not None else "the default allow-all rule"
        return t.passed(node, "nacl", "NACL_ALLOW", f"{name} {direction} {said} allows {what} {toward} {peer}",
                        leg, rule=rule, **detail)  # type: ignore[arg-type]
    if not outcome.none_pass:
        return t.passed(node, "nacl", "NACL_EPHEMERAL_PARTIAL",
                        f"{name} {direction} allows {what} {toward} {peer} only on {outcome.allowed_text()}: "
                        "connections whose client picked another ephemeral port time out",
                        leg, warning=True, allowed=outcome.allowed_text(), rule=outcome.allow_rule,
                        **detail)  # type: ignore[arg-type]
    if outcome.deny_rule is not None:
        return t.blocked(node, "nacl", "NACL_DENY",
                         f"{name} {direction} rule {outcome.deny_rule} denies {what} {toward} {peer} "
                         "(the connection times out)", leg, rule=outcome.deny_rule, **detail)  # type: ignore[arg-type]
    return t.blocked(node, "nacl", "NACL_NO_MATCH",
                     f"{name} {direction} has no rule allowing {what} {toward} {peer}; the implicit deny (*) "
                     "drops it (the connection times out)", leg, rule="*", **detail)  # type: ignore[arg-type]


def leave_subnet(t: Trace, subnet: str, dst: Net, reply_ports: PortRange) -> bool:
    """Forward: the packet leaves ``subnet`` for ``dst``; the reply must come back in on ``reply_ports``."""
    if not _check(t, subnet, "outbound", dst, t.port_range, "forward", False):
        return False
    ports = None if t.port_range is None else reply_ports
    t.on_return(lambda tr: _check(tr, subnet, "inbound", dst, ports, "return", True))
    return True


def enter_subnet(t: Trace, subnet: str, src: Net, reply_ports: PortRange) -> bool:
    """Forward: the packet enters ``subnet`` from ``src``; the reply must go back out on ``reply_ports``."""
    if not _check(t, subnet, "inbound", src, t.port_range, "forward", False):
        return False
    ports = None if t.port_range is None else reply_ports
    t.on_return(lambda tr: _check(tr, subnet, "outbound", src, ports, "return", True))
    return True
