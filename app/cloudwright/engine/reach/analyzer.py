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
from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.model.types import EPHEMERAL_PORTS, PortRange
from cloudwright.engine.reach import load_balancers
from cloudwright.engine.reach.addresses import ANY_V4, ANY_V6, Net
from cloudwright.engine.reach.fixes import suggest
from cloudwright.engine.reach.model import PROTOCOLS, ExposureEntry, Flow, Hop, PathResult
from cloudwright.engine.reach.network import Eni, Network, Outside
from cloudwright.engine.reach.security_groups import match
from cloudwright.engine.reach.trace import Trace
from cloudwright.engine.reach.walk import Walker


class ReachError(CloudwrightError):
    """A query the analyzer cannot answer: unknown node ids, an unknown protocol, a bad port."""


class Analyzer:
    def __init__(self, diagram: Diagram, settings: dict[str, Any] | None = None) -> None:
        self.diagram = diagram
        self.net = Network(diagram, settings)
        self._exposure: list[ExposureEntry] | None = None

    # --- single queries --------------------------------------------------------------------------------
    def can_reach(self, src: str, dst: str, protocol: str = "tcp", port: int | None = 443, *,
                  ip_version: int = 4, with_fixes: bool = True) -> PathResult:
        """Whether ``src`` can open a ``protocol``/``port`` connection to ``dst``, hop by hop, with fixes."""
        protocol = str(protocol).lower()
        for node_id in (src, dst):
            if node_id not in self.diagram.nodes:
                raise ReachError(f"unknown component id '{node_id}'")
        if protocol not in PROTOCOLS:
            raise ReachError(f"unknown protocol '{protocol}' (use tcp, udp or icmp)")
        if protocol == "icmp":
            port = None
        elif port is None or not 0 <= int(port) <= 65535:
            raise ReachError(f"port {port} is outside 0-65535")
        flow = Flow(src, dst, protocol, port, ip_version)
        hops, reachable = self._evaluate(flow)
        result = PathResult(reachable, flow, tuple(hops))
        if with_fixes and reachable is False:
            result = PathResult(reachable, flow, result.hops, suggest(self, result))
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
        for target in targets:
            trace = self._best(lb, target, "tcp" if flow.protocol != "udp" else "udp", target_port,
                               flow.ip_version, None if client else EPHEMERAL_PORTS, client)
            if trace.state == "ok":
                best = trace
                break
            if best is None or trace.score > best.score:
                best = trace
        assert best is not None
        behind_fwd = [h for h in best.hops if h.leg == "forward"]
        behind_back = [h for h in best.hops if h.leg == "return"]
        return [*forward, listen, *behind_fwd, *behind_back, *back], best.reachable

    def _client_address(self, node_id: str) -> Net | None:
        """The client's address an NLB with client IP preservation passes on to its targets."""
        ends = self.net.endpoints(node_id)
        if not ends:
            return None
        end = ends[0]
        return end.addr if isinstance(end, Outside) else end.private

    # --- exposure ----------------------------------------------------------------------------------------
    def exposure(self) -> list[ExposureEntry]:
        """Every component the internet can open connections to, with the ports and one path.

        Candidate ports come from SG rules open to the whole internet (or an LB's listeners), split where
        the subnet's NACL rules change their verdict; each piece is walked once. O(components x pieces).
        Computed once per analyzer.
        """
        if self._exposure is None:
            self._exposure = self._compute_exposure()
        return list(self._exposure)

    def _compute_exposure(self) -> list[ExposureEntry]:
        internet_id = next((n.id for n in self.diagram.nodes.values() if n.kind == "internet"), "internet")
        internet = Outside(internet_id, "internet", "internet", ANY_V4, ANY_V6)
        entries: list[ExposureEntry] = []
        for node_id in self.diagram.nodes:
            enis = self.net.enis(node_id)
            if not enis or not any(e.public is not None for e in enis) or enis[0].kind == "nat_gateway":
                continue
            open_ports: list[str] = []
            first: Trace | None = None
            for protocol, ports in self._candidate_ports(enis):
                for piece in self._pieces(enis, protocol, ports):
                    trace = self._from_internet(internet, enis, protocol, piece.low if protocol != "icmp" else None)
                    if trace.state == "ok":
                        open_ports.append(_port_label(protocol, piece))
                        first = first or trace
            if first is not None:
                flow = Flow(internet_id, node_id, first.protocol, first.port)
                path = PathResult(True, flow, tuple(first.hops))
                entries.append(ExposureEntry(node_id, enis[0].kind, tuple(_merge(open_ports)), path))
        return entries

    def _from_internet(self, internet: Outside, enis: list[Eni], protocol: str, port: int | None) -> Trace:
        best: Trace | None = None
        for eni in enis:
            trace = Walker(self.net, protocol, port).from_outside(internet, eni)
            if trace.state == "ok":
                if eni.kind in load_balancers.PROXY_KINDS and \
                        load_balancers.listener_for(self.net, eni.node, protocol, port) is None:
                    continue
                return trace
            best = best or trace
        return best or Trace(self.net, protocol, port)

    def _candidate_ports(self, enis: list[Eni]) -> list[tuple[str, PortRange]]:
        eni = enis[0]
        if eni.kind in load_balancers.PROXY_KINDS:
            return [(p, PortRange(n, n)) for p, n in load_balancers.listener_ports(self.net, eni.node)]
        if not eni.filtered:
            return []
        found: list[tuple[str, PortRange]] = []
        for rule in (r for sg in eni.sgs for r in self.net.sg(sg).inbound):
            if rule.cidr is None or not rule.cidr.contains(ANY_V4):
                continue
            for protocol in (("tcp", "udp", "icmp") if rule.protocol == "all" else (rule.protocol,)):
                if protocol in PROTOCOLS:
                    found.append((protocol, rule.ports))
        return list(dict.fromkeys(found))

    def _pieces(self, enis: list[Eni], protocol: str, ports: PortRange) -> list[PortRange]:
        """``ports`` cut where the NACL entries or SG rules that could apply start or end."""
        if protocol == "icmp":
            return [ports]
        cuts = {ports.low, ports.high + 1}
        for eni in enis:
            for entry in self.net.nacl_entries(eni.subnet, "inbound"):
                cuts.update((entry.ports.low, entry.ports.high + 1))
        edges = sorted(c for c in cuts if ports.low <= c <= ports.high + 1)
        pieces = [PortRange(a, b - 1) for a, b in zip(edges, edges[1:], strict=False)]
        sgs = [r for sg in enis[0].sgs for r in self.net.sg(sg).inbound]
        return [p for p in pieces if not enis[0].filtered or match(tuple(sgs), protocol, p.low, ANY_V4, frozenset())]


def _progress(path: tuple[list[Hop], bool | None]) -> tuple[int, int]:
    hops, reachable = path
    return {True: 2, None: 1, False: 0}[reachable], sum(1 for h in hops if h.verdict == "pass")


def _port_label(protocol: str, ports: PortRange) -> str:
    return protocol if protocol == "icmp" else f"{protocol}/{ports}"


def _merge(labels: list[str]) -> list[str]:
    """Adjacent ranges of one protocol joined ("tcp/0-21", "tcp/22" -> "tcp/0-22"), duplicates dropped."""
    ranges: dict[str, list[PortRange]] = {}
    plain: list[str] = []
    for label in labels:
        if "/" not in label:
            plain.append(label)
            continue
        protocol, text = label.split("/", 1)
        ranges.setdefault(protocol, []).append(PortRange.parse(text))
    result: list[str] = []
    for protocol, items in ranges.items():
        merged: list[PortRange] = []
        for item in sorted(items, key=lambda r: r.low):
            if merged and item.low <= merged[-1].high + 1:
                merged[-1] = PortRange(merged[-1].low, max(merged[-1].high, item.high))
            else:
                merged.append(item)
        result += [f"{protocol}/{r}" for r in merged]
    return result + list(dict.fromkeys(plain))
