"""Security groups: stateful allow-lists per ENI (the union of every SG on it), checked once per connection.

A rule's peer is a CIDR (matching when it contains the whole peer address set), a managed prefix list,
or another security group (matching only when the peer ENI carries that SG and the packet travels by
private address). A VPC's default SG admits its own members; when the design does not draw it, an
implicit one stands in with AWS's default rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudwright.engine.model.diagram import Node, typed_props
from cloudwright.engine.model.types import ALL_PORTS, PortRange
from cloudwright.engine.reach.addresses import ANY_V4, ANY_V6, Net, in_prefix_list, net

if TYPE_CHECKING:
    from cloudwright.engine.reach.network import Eni
    from cloudwright.engine.reach.trace import Sender, Trace


@dataclass(frozen=True)
class SgRule:
    sg: str
    index: int  # position in the SG's list; -1 for an implicit AWS default rule
    protocol: str
    ports: PortRange
    cidr: Net | None = None
    peer_sg: str | None = None
    prefix_list: str | None = None

    def peer_text(self) -> str:
        if self.cidr is not None:
            return str(self.cidr)
        return f"sg {self.peer_sg}" if self.peer_sg else f"prefix list {self.prefix_list}"

    def describe(self) -> str:
        if self.protocol == "all":
            return f"all traffic {self.peer_text()}"
        ports = "all ports" if self.ports.is_all else f"port {self.ports}"
        return f"{self.protocol} {ports} {self.peer_text()}"


@dataclass(frozen=True)
class CompiledSg:
    id: str
    inbound: tuple[SgRule, ...]
    outbound: tuple[SgRule, ...]


def compile_sg(node: Node) -> CompiledSg:
    """The SG's rules; a drawn default SG without ``inbound`` keeps AWS's "members of itself" rule."""
    props = typed_props(node)
    inbound = [_rule(node.id, i, r) for i, r in enumerate(props.inbound)]  # type: ignore[attr-defined]
    outbound = [_rule(node.id, i, r) for i, r in enumerate(props.outbound)]  # type: ignore[attr-defined]
    if props.default and "inbound" not in node.props:  # type: ignore[attr-defined]
        inbound.append(SgRule(node.id, -1, "all", ALL_PORTS, peer_sg=node.id))
    if "outbound" not in node.props:
        outbound.append(SgRule(node.id, -1, "all", ALL_PORTS, cidr=ANY_V6))
    return CompiledSg(node.id, tuple(inbound), tuple(outbound))


def implicit_sg(sg_id: str) -> CompiledSg:
    """A VPC's default SG as AWS creates it: all traffic from its members in, everything out."""
    return CompiledSg(sg_id, (SgRule(sg_id, -1, "all", ALL_PORTS, peer_sg=sg_id),),
                      (SgRule(sg_id, -1, "all", ALL_PORTS, cidr=ANY_V4), SgRule(sg_id, -1, "all", ALL_PORTS, cidr=ANY_V6)))


def _rule(sg_id: str, index: int, rule) -> SgRule:  # noqa: ANN001 - a props.SgRule
    return SgRule(sg_id, index, str(rule.protocol), rule.port, net(rule.cidr) if rule.cidr is not None else None,
                  rule.sg, rule.prefix_list)


def match(rules: tuple[SgRule, ...], protocol: str, port: int | None, peer: Net,
          peer_sgs: frozenset[str]) -> SgRule | None:
    """The first rule admitting (protocol, port, peer); ``peer_sgs`` is empty unless addressed privately."""
    for rule in rules:
        if rule.protocol != "all" and rule.protocol != protocol:
            continue
        if port is not None and protocol != "icmp" and not rule.ports.contains(port):
            continue
        if rule.cidr is not None:
            if rule.cidr.contains(peer):
                return rule
        elif rule.peer_sg is not None:
            if rule.peer_sg in peer_sgs:
                return rule
        elif rule.prefix_list is not None and in_prefix_list(rule.prefix_list, peer) is not None:
            return rule
    return None


# --- hops ----------------------------------------------------------------------------------------------------

def _hop_node(t: Trace, eni: Eni, rule: SgRule | None) -> str:
    """The SG to show (the matching one, else the first), or the ENI's owner for an implicit default SG."""
    sg = rule.sg if rule is not None else (eni.sgs[0] if eni.sgs else "")
    return sg if sg in t.net.nodes else eni.node


def _names(eni: Eni) -> str:
    return ", ".join(s if "#" not in s else f"the default SG of {s.split('#')[0]}" for s in eni.sgs)


def egress(t: Trace, eni: Eni, dst: Net, dst_sgs: frozenset[str]) -> bool:
    """Source side: the ENI's SGs must allow the connection out (stateful: the reply is not checked)."""
    if not eni.filtered:
        return True
    rules = tuple(r for sg in eni.sgs for r in t.net.sg(sg).outbound)
    rule = match(rules, t.protocol, t.port, dst, dst_sgs)
    node = _hop_node(t, eni, rule)
    if rule is not None:
        return t.passed(node, "security_group", "SG_ALLOW",
                        f"{_names(eni)} on {eni.node} allows outbound {t.flow_text()} to {dst} ({rule.describe()})",
                        sg=rule.sg, rule=rule.index, direction="outbound")
    return t.blocked(node, "security_group", "ENI_SG_RULES_MISMATCH",
                     f"no outbound rule of {_names(eni)} on {eni.node} allows {t.flow_text()} to {dst} "
                     "(the connection times out)", direction="outbound", eni=eni.node, peer=dst.cidr,
                     peer_sgs=sorted(dst_sgs), protocol=t.protocol, port=t.port)


def ingress(t: Trace, eni: Eni, sender: Sender) -> bool:
    """Destination side: the ENI's SGs must allow the connection in from the sender as seen here."""
    if not eni.filtered:
        return True
    rules = tuple(r for sg in eni.sgs for r in t.net.sg(sg).inbound)
    rule = match(rules, t.protocol, t.port, sender.addr, sender.sgs)
    node = _hop_node(t, eni, rule)
    if rule is not None:
        return t.passed(node, "security_group", "SG_ALLOW",
                        f"{_names(eni)} on {eni.node} allows inbound {t.flow_text()} from {sender.addr} "
                        f"({rule.describe()})", sg=rule.sg, rule=rule.index, direction="inbound")
    via = f" or sg {', '.join(sorted(sender.sgs))}" if sender.sgs else ""
    return t.blocked(node, "security_group", "ENI_SG_RULES_MISMATCH",
                     f"no inbound rule of {_names(eni)} on {eni.node} allows {t.flow_text()} from "
                     f"{sender.addr}{via} (the connection times out)", direction="inbound", eni=eni.node,
                     peer=sender.addr.cidr, peer_sgs=sorted(sender.sgs), protocol=t.protocol, port=t.port)
