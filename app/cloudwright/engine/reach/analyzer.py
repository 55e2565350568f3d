"""The Analyzer: reachability queries and the internet-exposure matrix over one diagram state.

Indexes (addresses, compiled route tables, NACLs and SGs) are built once per Analyzer; build a new one
after the diagram changes. A query resolves both ends to their ENIs (or the outside party they stand
for), walks each pair (private address first, public second) and keeps the attempt that reaches, or else
the one that explains the block furthest along the path. A load balancer destination is walked as a
proxy: client -> listener, then LB -> target.

>>> Analyzer(diagram).can_reach("internet", "web", "tcp", 443).reachable  # doctest: +SKIP
True
"""

from __future__ import annotations

from typing import Any

from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.graph.index import DiagramIndex
from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.model.types import EPHEMERAL_PORTS, PortRange
from cloudwright.engine.reach import exposure, load_balancers
from cloudwright.engine.reach.addresses import Net
from cloudwright.engine.reach.fixes import suggest
from cloudwright.engine.reach.model import PROTOCOLS, ExposureEntry, Flow, Hop, PathResult
from cloudwright.engine.reach.network import Eni, Network, Outside
from cloudwright.engine.reach.trace import Trace
from cloudwright.engine.reach.walk import Walker


class ReachError(CloudwrightError):
    """A query the analyzer cannot answer: unknown node ids, an unknown protocol, a bad port."""


class Analyzer:
    def __init__(self, diagram: Diagram, settings: dict[str, Any] | None = None, *,
                 index: DiagramIndex | None = None) -> None:
        """``index``: a :class:`DiagramIndex` of ``diagram`` to share (the rules engine's), else one is built."""
        self.diagram = diagram
        self.net = Network(diagram, settings, index)
        self._exposure: list[ExposureEntry] | None = None
        self._results: dict[tuple[Flow, bool], PathResult] = {}

    # --- single queries --------------------------------------------------------------------------------
    def can_reach(self, src: str, dst: str, protocol: str = "tcp", port: int | None = 443, *,
                  ip_version: int = 4, with_fixes: bool = True) -> PathResult:
        """Whether ``src`` can open a ``protocol``/``port`` connection to ``dst``, hop by hop, with fixes.

        Answers are remembered per flow for the analyzer's lifetime (the diagram state is fixed)."""
        protocol = str(protocol).lower()
        for node_id in (src, dst):
            if node_id not in self.diagram.nodes:
                raise ReachError(f"unknown component id '{node_id}'")
        if protocol not in PROTOCOLS:
            raise ReachError(f"unknown protocol '{protocol}' (use tcp, udp or icmp)")
        if ip_version not in (4, 6):
            raise ReachError(f"unknown IP version {ip_version} (use 4 or 6)")
        if protocol == "icmp":
            port = None
        elif port is None or not 0 <= int(port) <= 65535:
            raise ReachError(f"port {port} is outside 0-65535")
        flow = Flow(src, dst, protocol, port, ip_version)
        key = (flow, with_fixes)
        cached = self._results.get(key)
        if cached is not None:
            return cached
        hops, reachable = self._evaluate(flow)
        result = PathResult(reachable, flow, tuple(hops))
        if with_fixes and reachable is False:
            result = PathResult(reachable, flow, result.hops, suggest(self, result))
        self._results[key] = result
        return result

    def _evaluate(self, flow: Flow, depth: int = 0) -> tuple[list[Hop], bool | None]:
        dst_node = self.diagram.nodes[flow.dst]
        if dst_node.kind == "route53_record" and depth < 3:
            return self._through_dns(flow, depth)
        if dst_node.kind in load_balancers.PROXY_KINDS and flow.src != flow.dst:
            return self._through_load_balancer(flow)
        trace = self._best(flow.src, flow.dst, flow.protocol, flow.port, flow.ip_version)
        return trace.hops, trace.reachable

    def _best(self, src: str, dst: str, protocol: str, port: int | None, ip_version: int,
              reply_ports: PortRange | None = None, sender_addr: Net | None = None) -> Trace:
        """The reaching attempt over every ENI pair and address, else the one that got furthest."""
        srcs, dsts = self.net.endpoints(src), self.net.endpoints(dst)
        if not srcs or not dsts:
            missing = src if not srcs else dst
            trace = Trace(self.net, protocol, port)
            trace.unknown(missing, self.diagram.nodes[missing].kind, "UNPLACED",
                          f"{missing} has no network position Cloudwright can evaluate (draw it inside a subnet, "
                          "or it is not a network endpoint)")
            return trace
        best: Trace | None = None
        for s in srcs:
            for d in dsts:
                for public in self._address_modes(s, d, ip_version):
                    walker = Walker(self.net, protocol, port, ip_version)
                    if isinstance(s, Eni):
                        trace = walker.from_eni(s, d, public, reply_ports=reply_ports, sender_addr=sender_addr)
                    else:
                        trace = walker.from_outside(s, d)
                    if trace.state == "ok":
                        return trace
                    if best is None or trace.score > best.score:
                        best = trace
        assert best is not None
        return best

    @staticmethod
    def _address_modes(s: Eni | Outside, d: Eni | Outside, ip_version: int) -> tuple[bool, ...]:
        """Which of ``d``'s addresses to try: private, then public for a VPC-to-other-VPC flow."""
        if not isinstance(s, Eni) or not isinstance(d, Eni) or ip_version == 6:
            return (True,) if not isinstance(s, Eni) else (False,)
        if d.public is not None and d.vpc != s.vpc:
            return (False, True)
        return (False,)

    def _through_dns(self, flow: Flow, depth: int) -> tuple[list[Hop], bool | None]:
        """A DNS record stands for its targets: the best of their paths, after a resolution hop."""
        record = flow.dst
        targets = [t for t in self.net.props(record).targets if t in self.diagram.nodes]
        best: tuple[list[Hop], bool | None] | None = None
        for target in targets:
            hops, reachable = self._evaluate(Flow(flow.src, target, flow.protocol, flow.port, flow.ip_version),
                                             depth + 1)
            resolve = Hop(record, "route53_record", "pass", f"{record} resolves to {target}", "DNS_RESOLVE")
            candidate = ([resolve, *hops], reachable)
            if reachable:
                return candidate
            if best is None or _progress(candidate) > _progress(best):
                best = candidate
        if best is None:
            hop = Hop(record, "route53_record", "unknown", f"{record} names no component of the design",
                      "UNPLACED")
            return [hop], None
        return best

    def _through_load_balancer(self, flow: Flow) -> tuple[list[Hop], bool | None]:
        front = self._best(flow.src, flow.dst, flow.protocol, flow.port, flow.ip_version)
        if front.state != "ok":
            return front.hops, front.reachable
        forward = [h for h in front.hops if h.leg == "forward"]
        back = [h for h in front.hops if h.leg == "return"]
        lb = flow.dst
        kind = self.diagram.nodes[lb].kind
        listener = load_balancers.listener_for(self.net, lb, flow.protocol, flow.port)
        if listener is None:
            ports = ", ".join(f"{p}/{n}" for p, n in load_balancers.listener_ports(self.net, lb)) or "none"
            hop = Hop(lb, kind, "block", f"{lb} has no listener on {flow.protocol}/{flow.port} (listeners: {ports}): "
                      "the connection is refused", "NO_LISTENER", "forward", {"port": flow.port})
            return [*forward, hop], False
        targets, target_port = load_balancers.targets(self.net, lb, listener)
        listen = Hop(lb, kind, "pass", f"listener {listener.protocol}:{listener.port} accepts it and forwards to "
                     f"{', '.join(targets) or 'no drawn target'} on port {target_port}", "LISTENER", "forward",
                     {"target_port": target_port, "targets": targets})
        if not targets:
            return [*forward, listen, *back], True
        client = self._client_address(flow.src) if getattr(self.net.props(lb), "preserve_client_ip", False) \
            and kind == "nlb" else None
        best: Trace | None = None
        best_target = targets[0]
        for target in targets:
            trace = self._best(lb, target, "tcp" if flow.protocol != "udp" else "udp", target_port,
                               flow.ip_version, None if client else EPHEMERAL_PORTS, client)
            if best is None or trace.state == "ok" or trace.score > best.score:
                best, best_target = trace, target
            if trace.state == "ok":
                break
        assert best is not None
        behind_fwd = [h for h in best.hops if h.leg == "forward"]
        behind_back = [h for h in best.hops if h.leg == "return"]
        checks: list[Hop] = []
        reachable = best.reachable
        health_port = load_balancers.health_check_port(self.net, lb, listener, target_port)
        if reachable and health_port is not None:
            health = self._best(lb, best_target, "tcp", health_port, flow.ip_version, EPHEMERAL_PORTS)
            note = Hop(lb, kind, "pass", f"{lb} health-checks {best_target} on port {health_port}; a target that "
                       "fails them gets no traffic", "HEALTH_CHECK", "forward", {"port": health_port})
            checks = [note, *(h for h in health.hops if h.leg == "forward" and h.code != "SOURCE"),
                      *(h for h in health.hops if h.leg == "return")]
            reachable = health.reachable
        zones = load_balancers.zones_without_targets(self.net, lb, targets)
        if zones and reachable:
            checks.append(Hop(lb, kind, "pass", f"cross-zone load balancing is off and {lb}'s nodes in "
                              f"{', '.join(zones)} have no target in their AZ: connections they receive fail",
                              "LB_CROSS_ZONE_OFF", "forward", {"warning": True, "zones": zones}))
        return [*forward, listen, *behind_fwd, *checks, *behind_back, *back], reachable

    def _client_address(self, node_id: str) -> Net | None:
        """The client's address an NLB with client IP preservation passes on to its targets."""
        ends = self.net.endpoints(node_id)
        if not ends:
            return None
        end = ends[0]
        return end.addr if isinstance(end, Outside) else end.private

    # --- exposure ----------------------------------------------------------------------------------------
    def exposure(self) -> list[ExposureEntry]:
        """Every component the internet can open connections to, with the ports and one path (computed once)."""
        if self._exposure is None:
            self._exposure = exposure.compute(self.net)
        return list(self._exposure)


def _progress(path: tuple[list[Hop], bool | None]) -> tuple[int, int]:
    hops, reachable = path
    return {True: 2, None: 1, False: 0}[reachable], sum(1 for h in hops if h.verdict == "pass")
