"""Load balancers as proxies (rules.md 28.18): client -> listener, then LB -> targets on the target port.

The client's connection ends at the LB's ENIs (listener port, LB SG, LB subnets' NACLs, and for an
internet-facing LB the IGW route); a port without a listener is refused. The LB then opens its own
connection from its ENIs to a target on the target port, through the LB SG's outbound rules and the
target's SG, which sees the LB's private address (or its SG). Health checks on another port are the same
kind of flow from the LB nodes; a target failing them receives no traffic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.reach.network import Eni

if TYPE_CHECKING:
    from cloudwright.engine.model.props import Listener
    from cloudwright.engine.reach.network import Network

#: Load balancer kinds that terminate or forward client connections to targets.
PROXY_KINDS = frozenset({"alb", "nlb", "clb", "elb"})
_TCP_LISTENERS = frozenset({"HTTP", "HTTPS", "TCP", "TLS", "SSL", "TCP_UDP"})
_UDP_LISTENERS = frozenset({"UDP", "TCP_UDP"})


def listener_for(net: Network, lb: str, protocol: str, port: int | None) -> Listener | None:
    """The listener accepting ``protocol``/``port``, if any."""
    accepted = _TCP_LISTENERS if protocol == "tcp" else _UDP_LISTENERS if protocol == "udp" else frozenset()
    for listener in typed_props(net.nodes[lb]).listeners:  # type: ignore[attr-defined]
        if listener.port == port and listener.protocol in accepted:
            return listener
    return None


def listener_ports(net: Network, lb: str) -> list[tuple[str, int]]:
    result = []
    for listener in typed_props(net.nodes[lb]).listeners:  # type: ignore[attr-defined]
        protocol = "udp" if listener.protocol == "UDP" else "tcp"
        result.append((protocol, listener.port))
    return result


def health_check_port(net: Network, lb: str, listener: Listener, target_port: int) -> int | None:
    """The health-check port when it differs from the traffic port (None: checks follow the traffic)."""
    check = None
    if listener.target_group and listener.target_group in net.nodes:
        check = typed_props(net.nodes[listener.target_group]).health_check  # type: ignore[attr-defined]
    if check is None:
        check = typed_props(net.nodes[lb]).health_check  # type: ignore[attr-defined]
    if check is None or not check.enabled or not isinstance(check.port, int) or check.port == target_port:
        return None
    return check.port


def zones_without_targets(net: Network, lb: str, target_ids: list[str]) -> list[str]:
    """AZs whose LB node has no target of its own when cross-zone load balancing is off (NLB default)."""
    kind = net.nodes[lb].kind
    cross_zone = typed_props(net.nodes[lb]).cross_zone  # type: ignore[attr-defined]
    if cross_zone is True or (cross_zone is None and kind != "nlb"):
        return []
    target_zones = {e.az for t in target_ids for e in net.endpoints(t) if isinstance(e, Eni)}
    return sorted({e.az for e in net.enis(lb) if e.az not in target_zones and e.az is not None})


def targets(net: Network, lb: str, listener: Listener) -> tuple[list[str], int]:
    """The target node ids behind ``listener`` and the port the LB sends to."""
    props = typed_props(net.nodes[lb])
    found: list[str] = list(props.targets)  # type: ignore[attr-defined]
    port = listener.target_port or props.target_port  # type: ignore[attr-defined]
    groups = {lb}
    if listener.target_group and listener.target_group in net.nodes:
        group = typed_props(net.nodes[listener.target_group])
        found += list(group.targets)  # type: ignore[attr-defined]
        port = port or group.port  # type: ignore[attr-defined]
        groups.add(listener.target_group)
    for asg in net.index.of_kind("asg"):
        if groups & set(typed_props(asg).load_balancers):  # type: ignore[attr-defined]
            found.append(asg.id)
    return list(dict.fromkeys(t for t in found if t in net.nodes)), port or listener.port
