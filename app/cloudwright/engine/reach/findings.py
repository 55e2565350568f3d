"""Reachability findings: blocked intended flows and unwanted internet exposure, through the rules engine.

The registry imports this module; the rules share the context's one :class:`Analyzer` (``ctx.reach``).
"""

from __future__ import annotations

from collections.abc import Iterator

from cloudwright.engine.model.types import PortRange
from cloudwright.engine.reach.fixes import close_exposure
from cloudwright.engine.reach.load_balancers import PROXY_KINDS
from cloudwright.engine.reach.model import ExposureEntry
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.finding import Hit, hit
from cloudwright.engine.rules.registry import rule

#: Databases and caches that should never accept connections from the internet.
DATA_STORES = frozenset({"rds", "aurora_instance", "elasticache", "dax", "redshift", "neptune", "documentdb",
                         "opensearch", "elasticsearch"})
#: Remote administration ports: SSH and RDP.
ADMIN_PORTS = {22: "SSH", 3389: "RDP"}


@rule("REACH-FLOW-001", "error", section="NACL & Security Groups", pillars=("reliability", "security"),
      lines="L7052-7097",
      summary="An intended traffic flow is blocked by the network (security group, NACL, route, gateway or listener)")
def blocked_flows(ctx: RuleContext) -> Iterator[Hit]:
    """Every traffic edge with a port is walked hop by hop (over IPv6 when its ``ip_version`` is 6); a blocked
    one names its first block."""
    analyzer = ctx.reach
    for edge in ctx.diagram.edges.values():
        if edge.kind != "traffic" or edge.port is None or edge.source == edge.target:
            continue
        protocol = str(edge.protocol) if str(edge.protocol) in ("tcp", "udp", "icmp") else "tcp"
        version = 6 if str(edge.props.get("ip_version", 4)).lower() in ("6", "ipv6") else 4
        result = analyzer.can_reach(edge.source, edge.target, protocol, edge.port.low, ip_version=version)
        if result.reachable is not False:
            continue
        block = result.blocking_hop
        assert block is not None
        nodes = list(dict.fromkeys(n for n in (edge.source, edge.target, block.node) if n in ctx.diagram.nodes))
        leg = " on the return leg" if block.leg == "return" else ""
        fix = result.fixes[0].title if result.fixes else "Open the blocking hop named above."
        yield hit(nodes, f"{edge.source} cannot reach {edge.target} on {protocol}/{edge.port.low}{leg}: "
                         f"{block.reason} [{block.code}]", fix, quick_fix=result.fixes[0] if result.fixes else None,
                  edge=edge.id, code=block.code, path=result.to_json())


@rule("REACH-EXPO-001", "error", section="RDS Encryption + Security", pillars=("security",), lines="L1672-1700",
      summary="A database or cache accepts connections from the internet")
def exposed_data_stores(ctx: RuleContext) -> Iterator[Hit]:
    analyzer = ctx.reach
    for entry in analyzer.exposure():
        if entry.kind in PROXY_KINDS:
            yield from _data_stores_behind(ctx, entry)
        if entry.kind not in DATA_STORES:
            continue
        close = close_exposure(analyzer, entry)
        yield hit(entry.node, f"{entry.node} ({entry.kind}) is reachable from the internet on "
                              f"{_ports_text(entry)}; databases and caches belong in private subnets, reached "
                              "only from the application tier's security group",
                  close.title if close else "Remove its public address and the security-group rules open to "
                  "0.0.0.0/0.", quick_fix=close, ports=list(entry.all_ports), path=entry.path.to_json())


@rule("REACH-EXPO-002", "warning", section="Security Groups & Classic Ports Overview", pillars=("security",),
      lines="L318-363",
      summary="SSH (22) or RDP (3389) is reachable from the whole internet")
def exposed_admin_ports(ctx: RuleContext) -> Iterator[Hit]:
    analyzer = ctx.reach
    for entry in analyzer.exposure():
        open_admin = [(port, name) for port, name in ADMIN_PORTS.items()
                      if _covers(entry.all_ports, port)]
        if not open_admin:
            continue
        ports = tuple(p for p, _ in open_admin)
        close = close_exposure(analyzer, entry, ports)
        names = " and ".join(f"{name} ({port})" for port, name in open_admin)
        yield hit(entry.node, f"{entry.node} accepts {names} from anywhere on the internet; restrict it to an "
                              "admin CIDR, a bastion's security group or use Session Manager",
                  close.title if close else "Restrict the rule to your admin network.", quick_fix=close,
                  ports=list(ports), path=entry.path.to_json())


def _data_stores_behind(ctx: RuleContext, entry: ExposureEntry) -> Iterator[Hit]:
    """Databases an internet-facing load balancer forwards internet connections to."""
    for label in entry.ports:
        protocol, _, port = label.partition("/")
        if not port.isdigit():
            continue
        if entry.path.flow.src not in ctx.diagram.nodes:
            return  # no internet node drawn: the exposure came from the implicit internet, not a component
        result = ctx.reach.can_reach(entry.path.flow.src, entry.node, protocol, int(port), with_fixes=False)
        if not result.reachable:
            continue
        for hop in result.hops:
            if hop.code == "DESTINATION" and hop.kind in DATA_STORES:
                yield hit([hop.node, entry.node], f"{hop.node} ({hop.kind}) is reachable from the internet through "
                          f"{entry.node} on {label}; databases and caches should only be reached from the "
                          "application tier", f"Remove {hop.node} from {entry.node}'s targets, or make "
                          f"{entry.node} internal.", ports=[label], path=result.to_json())


def _ports_text(entry: ExposureEntry) -> str:
    v6 = f" (IPv6: {', '.join(entry.ports_ipv6)})" if entry.ports_ipv6 else ""
    return (", ".join(entry.ports) or "IPv6 only") + v6


def _covers(labels: tuple[str, ...], port: int) -> bool:
    for label in labels:
        protocol, _, text = label.partition("/")
        if protocol == "tcp" and text and PortRange.parse(text).contains(port):
            return True
    return False
