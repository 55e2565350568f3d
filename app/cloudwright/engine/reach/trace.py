"""The record of one walk: hops appended by the evaluators, and the reply checks they register.

Evaluators call :meth:`Trace.passed`, :meth:`Trace.blocked` or :meth:`Trace.unknown` and return whether the
packet goes on. A stateless filter crossed on the way out registers the check its reply needs; the walk
runs those checks last, in reverse order, as the return leg.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudwright.engine.model.types import PortRange
from cloudwright.engine.reach.addresses import Net
from cloudwright.engine.reach.model import Hop, Leg

if TYPE_CHECKING:
    from cloudwright.engine.reach.network import Network


@dataclass(frozen=True)
class Sender:
    """The packet's source as the next hop sees it: address, SGs (only on private paths), where it is."""

    node: str
    addr: Net
    sgs: frozenset[str]
    subnet: str | None
    vpc: str | None
    ephemeral: PortRange

    def translated(self, node: str, addr: Net, subnet: str | None, vpc: str | None,
                   sgs: frozenset[str] = frozenset(), ephemeral: PortRange | None = None) -> Sender:
        """The sender after address translation (IGW, NAT): a new address, and the translator's reply ports."""
        return Sender(node, addr, sgs, subnet, vpc, ephemeral or self.ephemeral)

    def without_sgs(self) -> Sender:
        """As seen where SG references do not apply (inter-region peering, TGW without SG referencing)."""
        return Sender(self.node, self.addr, frozenset(), self.subnet, self.vpc, self.ephemeral)


ReturnCheck = Callable[["Trace"], bool]


class Trace:
    def __init__(self, net: Network, protocol: str, port: int | None) -> None:
        self.net = net
        self.protocol = protocol
        self.port = port
        self.hops: list[Hop] = []
        self.returns: list[ReturnCheck] = []
        self.state = "ok"

    @property
    def port_range(self) -> PortRange | None:
        """The destination port as a range; None for ICMP, where ports do not apply."""
        if self.protocol == "icmp" or self.port is None:
            return None
        return PortRange(self.port, self.port)

    def flow_text(self) -> str:
        return self.protocol if self.port_range is None else f"{self.protocol}/{self.port}"

    def _add(self, verdict: str, node: str, kind: str, code: str, reason: str, leg: Leg,
             detail: dict[str, Any]) -> None:
        self.hops.append(Hop(node, kind, verdict, reason, code, leg, detail))  # type: ignore[arg-type]

    def passed(self, node: str, kind: str, code: str, reason: str, leg: Leg = "forward", **detail: Any) -> bool:
        self._add("pass", node, kind, code, reason, leg, detail)
        return True

    def blocked(self, node: str, kind: str, code: str, reason: str, leg: Leg = "forward", **detail: Any) -> bool:
        self._add("block", node, kind, code, reason, leg, detail)
        self.state = "block"
        return False

    def unknown(self, node: str, kind: str, code: str, reason: str, leg: Leg = "forward", **detail: Any) -> bool:
        self._add("unknown", node, kind, code, reason, leg, detail)
        self.state = "unknown"
        return False

    def on_return(self, check: ReturnCheck) -> None:
        self.returns.append(check)

    def run_returns(self) -> None:
        for check in reversed(self.returns):
            if not check(self):
                return

    @property
    def reachable(self) -> bool | None:
        return {"ok": True, "block": False, "unknown": None}[self.state]

    @property
    def score(self) -> tuple[int, int]:
        """How far the walk got: reachable first, then the number of passing hops (best explanation)."""
        rank = {"ok": 2, "unknown": 1, "block": 0}[self.state]
        return rank, sum(1 for h in self.hops if h.verdict == "pass")
