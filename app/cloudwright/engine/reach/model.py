"""What a reachability query asks and answers: a :class:`Flow`, the :class:`Hop` list, a :class:`PathResult`.

The JSON shape of :meth:`PathResult.to_json` is a public contract (``cloudwright reach --format json``,
documented in ``docs/reach-codes.md``): add keys, never rename or remove them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from cloudwright.engine.rules.finding import QuickFix

Verdict = Literal["pass", "block", "unknown"]
Leg = Literal["forward", "return"]
PROTOCOLS = ("tcp", "udp", "icmp")


@dataclass(frozen=True)
class Flow:
    """``src`` opens a connection to ``dst`` on ``protocol``/``port`` (port None for ICMP)."""

    src: str
    dst: str
    protocol: str = "tcp"
    port: int | None = 443
    ip_version: int = 4

    def describe(self) -> str:
        port = "" if self.port is None or self.protocol == "icmp" else f"/{self.port}"
        v6 = " over IPv6" if self.ip_version == 6 else ""
        return f"{self.src} -> {self.dst} {self.protocol}{port}{v6}"


@dataclass(frozen=True)
class Hop:
    """One component the packet meets, its verdict, a sentence saying why and a stable explanation code."""

    node: str
    kind: str
    verdict: Verdict
    reason: str
    code: str
    leg: Leg = "forward"
    detail: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"node": self.node, "kind": self.kind, "verdict": self.verdict,
                                "reason": self.reason, "code": self.code, "leg": self.leg}
        if self.detail:
            data["detail"] = {k: _jsonable(v) for k, v in self.detail.items()}
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@dataclass(frozen=True)
class PathResult:
    """The answer: ``reachable`` True / False / None (unknown: a hop the model does not describe)."""

    reachable: bool | None
    flow: Flow
    hops: tuple[Hop, ...]
    fixes: tuple[QuickFix, ...] = ()

    @property
    def blocking_hop(self) -> Hop | None:
        """The first hop that blocks (forward hops come first, then the return leg)."""
        return next((h for h in self.hops if h.verdict == "block"), None)

    @property
    def unknown_hop(self) -> Hop | None:
        return next((h for h in self.hops if h.verdict == "unknown"), None)

    @property
    def warnings(self) -> tuple[Hop, ...]:
        """Passing hops that only partly pass (e.g. a NACL opening part of the ephemeral range)."""
        return tuple(h for h in self.hops if h.verdict == "pass" and h.detail.get("warning"))

    @property
    def status(self) -> str:
        return {True: "reachable", False: "blocked", None: "unknown"}[self.reachable]

    def to_json(self) -> dict[str, Any]:
        block = self.blocking_hop
        return {
            "reachable": self.reachable,
            "status": self.status,
            "from": self.flow.src,
            "to": self.flow.dst,
            "protocol": self.flow.protocol,
            "port": self.flow.port,
            "ip_version": self.flow.ip_version,
            "hops": [h.to_json() for h in self.hops],
            "blocking_hop": self.hops.index(block) if block is not None else None,
            "fixes": [f.title for f in self.fixes],
        }


class ExposureEntry:
    """A component the internet can open connections to, on which ports, and one path that shows how.

    The path may be given as a function: it is then walked on first use (most consumers only read the ports,
    and a design with thousands of exposed instances would otherwise pay for thousands of hop texts)."""

    __slots__ = ("node", "kind", "ports", "ports_ipv6", "_path")

    def __init__(self, node: str, kind: str, ports: tuple[str, ...], path: PathResult | Callable[[], PathResult],
                 ports_ipv6: tuple[str, ...] = ()) -> None:
        self.node = node
        self.kind = kind
        self.ports = ports
        self.ports_ipv6 = ports_ipv6
        self._path = path

    @property
    def path(self) -> PathResult:
        if not isinstance(self._path, PathResult):
            self._path = self._path()
        return self._path

    @property
    def all_ports(self) -> tuple[str, ...]:
        return self.ports + self.ports_ipv6

    def _key(self) -> tuple[Any, ...]:
        return self.node, self.kind, self.ports, self.path, self.ports_ipv6

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExposureEntry):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"ExposureEntry(node={self.node!r}, kind={self.kind!r}, ports={self.ports!r}, "
                f"ports_ipv6={self.ports_ipv6!r})")

    def to_json(self) -> dict[str, Any]:
        return {"node": self.node, "kind": self.kind, "ports": list(self.ports), "ports_ipv6": list(self.ports_ipv6),
                "path": self.path.to_json()}
