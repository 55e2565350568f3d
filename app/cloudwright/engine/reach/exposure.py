"""The internet-exposure matrix: every component the internet can open connections to, on which ports.

Candidate ports come from SG rules open to the whole internet (``0.0.0.0/0`` for IPv4, ``::/0`` for
IPv6) or, for a load balancer, its listeners; the subnet's NACL narrows them (first match over the whole
range), and one walk per ENI and candidate confirms the rest of the path with the full hop-by-hop
semantics. O(ENIs x candidate rules); NAT gateways and private-only components are skipped early.
Managed endpoints built for the internet (CloudFront, Global Accelerator, public APIs, public S3 buckets)
are listed too, on their HTTPS (and website HTTP) ports.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from cloudwright.engine.memory import gc_paused
from cloudwright.engine.model.types import PortRange
from cloudwright.engine.reach import load_balancers, nacls
from cloudwright.engine.reach.addresses import ANY_V4, ANY_V6, Net
from cloudwright.engine.reach.model import PROTOCOLS, ExposureEntry, Flow, PathResult
from cloudwright.engine.reach.network import Eni, Network, Outside, field
from cloudwright.engine.reach.trace import Trace
from cloudwright.engine.reach.walk import Walker


def compute(net: Network, *, by_class: bool = True) -> list[ExposureEntry]:
    """The exposure matrix. With ``by_class``, one representative per equivalence class is scanned and its
    verdict fanned out to the class; the other members' paths are walked only when read."""
    with gc_paused():
        return _compute(net, by_class)


def _compute(net: Network, by_class: bool) -> list[ExposureEntry]:
    internet_id = next((n.id for n in net.diagram.nodes.values() if n.kind == "internet"), "internet")
    internet = Outside(internet_id, "internet", "internet", ANY_V4, ANY_V6)
    entries: list[ExposureEntry] = []
    verdicts: dict[tuple[object, ...], _Verdict] = {}
    for node_id, enis in net.enis_by_node().items():
        if not enis or enis[0].kind == "nat_gateway":
            continue
        key = _class_key(enis) if by_class else None
        verdict = verdicts.get(key) if key is not None else None
        path: PathResult | Callable[[], PathResult]
        if verdict is None:
            verdict, trace = _verdict(net, internet, enis)
            if key is not None:
                verdicts[key] = verdict
            if verdict.first is None:
                continue
            path = PathResult(True, Flow(internet_id, node_id, *verdict.first), tuple(trace.hops))  # type: ignore[union-attr]
        elif verdict.first is None:
            continue
        else:
            path = partial(_member_path, net, internet, enis[0], Flow(internet_id, node_id, *verdict.first))
        entries.append(ExposureEntry(node_id, enis[0].kind, verdict.ports4, path, verdict.ports6))
    return entries + _public_services(net, internet)


class _Verdict(NamedTuple):
    ports4: tuple[str, ...]
    ports6: tuple[str, ...]
    first: tuple[str, int | None, int] | None  # protocol, port, IP version of the path shown


def _class_key(enis: list[Eni]) -> tuple[object, ...] | None:
    """Everything a walk from the internet to a single ENI depends on besides texts: its subnet (hence VPC,
    route table, NACL, IGW), its SGs, whether SGs filter it, whether it has a public and an IPv6 address, and
    its kind. Load balancers (listeners) and multi-ENI components are scanned one by one."""
    if len(enis) != 1 or enis[0].kind in load_balancers.PROXY_KINDS:
        return None
    eni = enis[0]
    return eni.kind, eni.subnet, eni.sgs, eni.filtered, eni.public is None, eni.ipv6 is None


def _verdict(net: Network, internet: Outside, enis: list[Eni]) -> tuple[_Verdict, Trace | None]:
    ports4, first4 = _scan(net, internet, enis, 4) if any(e.public for e in enis) else ([], None)
    ports6, first6 = _scan(net, internet, enis, 6) if any(e.ipv6 for e in enis) else ([], None)
    first = first4 or first6
    shown = (first.protocol, first.port, 4 if first4 else 6) if first is not None else None
    return _Verdict(tuple(_merge(ports4)), tuple(_merge(ports6)), shown), first


def _member_path(net: Network, internet: Outside, eni: Eni, flow: Flow) -> PathResult:
    """A class member's own path, on the flow its representative showed (same verdict, its own hop texts)."""
    trace = Walker(net, flow.protocol, flow.port, flow.ip_version).from_outside(internet, eni)
    return PathResult(True, flow, tuple(trace.hops))


def _public_services(net: Network, internet: Outside) -> list[ExposureEntry]:
    """Managed endpoints meant for the internet: edge services, public APIs, public S3 buckets."""
    entries = []
    for node in net.diagram.nodes.values():
        service = net.outside(node.id)
        if service is None or service.place != "service":
            continue
        props = net.props(node.id)
        if node.kind == "s3_bucket":
            if not (field(props, "public") and not field(props, "block_public_access", True)):
                continue
            ports = ("tcp/80", "tcp/443") if field(props, "website") else ("tcp/443",)
        elif node.kind in ("cloudfront", "global_accelerator") or (
                node.kind == "api_gateway" and field(props, "endpoint_type") != "private"):
            ports = ("tcp/443",)
        else:
            continue
        trace = Walker(net, "tcp", 443).from_outside(internet, service)
        if trace.state == "ok":
            flow = Flow(internet.node, node.id, "tcp", 443)
            entries.append(ExposureEntry(node.id, node.kind, ports, PathResult(True, flow, tuple(trace.hops))))
    return entries


def _scan(net: Network, internet: Outside, enis: list[Eni], version: int) -> tuple[list[str], Trace | None]:
    """Open ports of ``enis`` from the internet: the SG-open ranges the subnet NACL admits, each confirmed by
    one walk (route, IGW and return leg do not depend on the port), so a long NACL costs no extra walks."""
    everyone = ANY_V4 if version == 4 else ANY_V6
    labels: list[str] = []
    first: Trace | None = None
    for protocol, ports in _candidates(net, enis, everyone):
        for eni in enis:
            if protocol == "icmp":
                ranges: list[PortRange | None] = [None]
            else:
                outcome = nacls.evaluate(net.nacl_entries(eni.subnet, "inbound"), protocol, ports, everyone)
                ranges = [r for r, _ in outcome.allowed]
            if not ranges:
                continue
            trace = _from_internet(net, internet, [eni], protocol, ranges[0].low if ranges[0] else None, version)
            if trace is not None:
                labels += [protocol if r is None else f"{protocol}/{r}" for r in ranges]
                first = first or trace
    return labels, first


def _from_internet(net: Network, internet: Outside, enis: list[Eni], protocol: str, port: int | None,
                   version: int) -> Trace | None:
    for eni in enis:
        trace = Walker(net, protocol, port, version).from_outside(internet, eni)
        if trace.state != "ok":
            continue
        if eni.kind in load_balancers.PROXY_KINDS and load_balancers.listener_for(net, eni.node, protocol, port) is None:
            continue
        return trace
    return None


def _candidates(net: Network, enis: list[Eni], everyone: Net) -> list[tuple[str, PortRange]]:
    eni = enis[0]
    if eni.kind in load_balancers.PROXY_KINDS:
        return [(p, PortRange(n, n)) for p, n in load_balancers.listener_ports(net, eni.node)]
    if not eni.filtered:
        return []
    found: list[tuple[str, PortRange]] = []
    for rule in (r for sg in eni.sgs for r in net.sg(sg).inbound):
        if rule.cidr is None or not rule.cidr.contains(everyone):
            continue
        for protocol in (("tcp", "udp", "icmp") if rule.protocol == "all" else (rule.protocol,)):
            if protocol in PROTOCOLS:
                found.append((protocol, rule.ports))
    return list(dict.fromkeys(found))


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
