"""Security group rules (rules.md 3) and bastion hosts (rules.md 2.9), plus the case studies' SG lessons.

SG-PORT-001 is a static check of the security groups at both ends of each drawn flow (membership and CIDR
matching, the default SG admitting its own members); routes and NACLs along the path are left to the
reachability analyzer. ``sg.all_ports_open`` is the case studies' lesson of its own (no rules.md twin).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.graph.index import SG_BEARING
from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.engine.model.types import Protocol
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import (
    DATA_STORE_KINDS,
    INSTANCE_KINDS,
    LB_KINDS,
    PUBLIC_INTERNET,
    edge_protocol,
    facts,
    flow_port,
    title,
)

ADMIN_PORTS = {22: "SSH", 3389: "RDP"}
#: Targets whose flows other rules check (EFS-SG-001) or that take no SG.
SG_PORT_SKIP = frozenset({"efs", "efs_mount_target", "nat_gateway"})


def is_bastion(ctx: RuleContext, node: Node) -> bool:
    """An instance whose role, intent, id or label says it is a bastion host."""
    if node.kind not in INSTANCE_KINDS:
        return False
    return node.props.get("role") == "bastion" or bool(node.intent and ctx.intent(node, "bastion")) \
        or bool(node.props.get("intent.bastion")) or "bastion" in node.id.lower() or "bastion" in node.label.lower()


def bastions(ctx: RuleContext) -> list[Node]:
    """Every bastion host of the design (computed once per validation run)."""
    cached = ctx.__dict__.get("_bastions")
    if cached is None:
        cached = ctx.__dict__["_bastions"] = [n for n in ctx.index.of_kind(*INSTANCE_KINDS) if is_bastion(ctx, n)]
    return cached


def _raw_rules(sg: Node, direction: str) -> list[dict[str, Any]]:
    return [dict(r) for r in sg.props.get(direction, []) if isinstance(r, dict)]


def _replace_rule(sg_id: str, direction: str, index: int, replacements: list[dict[str, Any]], title_: str) -> QuickFix:
    def build(diagram: Diagram):
        rules = _raw_rules(diagram.nodes[sg_id], direction)
        rules[index:index + 1] = replacements
        return set_node_fields(diagram, sg_id, props={direction: rules})

    return QuickFix(title_, build)


def _add_rule(sg_id: str, new_rule: dict[str, Any], title_: str) -> QuickFix:
    def build(diagram: Diagram):
        rules = _raw_rules(diagram.nodes[sg_id], "inbound")
        return set_node_fields(diagram, sg_id, props={"inbound": [*rules, new_rule]})

    return QuickFix(title_, build)


def _peer(rule_: Any) -> str:
    return str(rule_.cidr or rule_.sg or rule_.prefix_list)


def _members_text(ctx: RuleContext, sg: Node) -> str:
    members = ctx.index.members_of(sg.id)
    if not members:
        return ""
    more = f" and {len(members) - 3} more" if len(members) > 3 else ""
    return f" (used by {', '.join(members[:3])}{more})"


@rule("SG-RULE-001", "error", pillars=("security",))
def sg_rules_allow_only(ctx: RuleContext) -> Iterator[Hit]:
    for sg in ctx.index.of_kind("security_group"):
        for direction in ("inbound", "outbound"):
            for raw in _raw_rules(sg, direction):
                if str(raw.get("action", "allow")).lower() == "deny":
                    yield hit(sg.id, f"Security group {title(sg)} has a deny rule ({direction}); security groups "
                              "only hold allow rules.",
                              fix="Remove the deny rule and block that address with a network ACL deny entry "
                              "on the subnet instead.")


@rule("SG-VPC-001", "error", pillars=("security",))
def sg_in_same_vpc(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    sg_vpc = {sg.id: f.vpc_id(sg.id) for sg in ctx.index.of_kind("security_group")}
    for node in f.by_raw_key.get("security_groups", ()):
        if node.kind not in SG_BEARING:
            continue
        home = None
        for sg_id in node.props.get("security_groups") or []:
            other = sg_vpc.get(sg_id) if isinstance(sg_id, str) else None
            if other is None:
                continue
            home = home or f.vpc_id(node.id)
            if home is not None and other != home:
                yield hit([node.id, sg_id], f"{title(node)} in VPC {home} uses security group {sg_id} of VPC {other}; "
                          "a security group only attaches to resources of its own VPC.",
                          fix=f"Create an equivalent security group in {home} for {node.id}.")
    links = _sg_reference_links(ctx)
    for sg in ctx.index.of_kind("security_group"):
        own = f.vpc_id(sg.id)
        for direction in ("inbound", "outbound"):
            for sg_rule in getattr(ctx.props(sg), direction):
                other = f.vpc_id(sg_rule.sg) if sg_rule.sg in ctx.diagram.nodes else None
                if sg_rule.sg is None or other is None or own is None or other == own:
                    continue
                if frozenset((own, other)) in links:
                    continue
                yield hit([sg.id, sg_rule.sg], f"Security group {title(sg)} ({own}) references {sg_rule.sg} of VPC "
                          f"{other}; that only works across an active same-region peering or a transit gateway "
                          "with security-group referencing.",
                          fix=f"Use {other}'s CIDR as the peer of that rule, or peer {own} and {other} in one region.")


def _sg_reference_links(ctx: RuleContext) -> set[frozenset[str]]:
    f = facts(ctx)
    links: set[frozenset[str]] = set()
    for peering in ctx.index.of_kind("vpc_peering"):
        props = ctx.props(peering)
        a, b = props.vpc_a, props.vpc_b  # type: ignore[attr-defined]
        if props.status == "active" and a in ctx.diagram.nodes and b in ctx.diagram.nodes \
                and f.region_name(a) == f.region_name(b):  # type: ignore[attr-defined]
            links.add(frozenset((a, b)))
    for tgw in ctx.index.of_kind("transit_gateway"):
        props = ctx.props(tgw)
        if props.sg_referencing:  # type: ignore[attr-defined]
            vpcs = [a.vpc for a in props.attachments if a.vpc]  # type: ignore[attr-defined]
            links.update(frozenset((x, y)) for x in vpcs for y in vpcs if x != y)
    return links


@rule("SG-SSH-001", "warning", pillars=("security",))
def ssh_in_dedicated_sg(ctx: RuleContext) -> Iterator[Hit]:
    for sg in ctx.index.of_kind("security_group"):
        inbound = ctx.props(sg).inbound  # type: ignore[attr-defined]
        ssh = [r for r in inbound if r.port.contains(22) and not r.port.is_all]
        others = [r for r in inbound if not (r.port.low == r.port.high == 22)]
        if ssh and others:
            yield hit(sg.id, f"Security group {title(sg)} mixes SSH (22) with application ports "
                      f"({', '.join(str(r.port) for r in others[:3])}).",
                      fix=f"Move the SSH rule of {sg.id} into its own security group (e.g. admin-ssh-sg).")


def _admin_source(ctx: RuleContext, sg: Node, port: int) -> str:
    """The narrowest CIDR the design shows for admins of ``sg``'s members, else the VPC's CIDR."""
    f = facts(ctx)
    members = set(ctx.index.members_of(sg.id))
    for edge in f.traffic_edges:
        if edge.target in members and (edge.port is None or edge.port.contains(port)):
            source = ctx.node(edge.source)
            address = source.props.get("ip") or source.props.get("public_ip")
            if isinstance(address, str) and "." in address:
                return address if "/" in address else f"{address}/32"
            if not f.is_internet(edge.source) and (net := f.address_of(edge.source)) is not None:
                return str(net)
    vpc = f.vpc_id(sg.id)
    return str(f.vpc_cidrs(vpc)[0]) if vpc else "10.0.0.0/16"


@rule("SG-OPEN-001", "warning", pillars=("security",), aliases=("sg.ssh_open_to_world",))
def admin_ports_not_open_to_world(ctx: RuleContext) -> Iterator[Hit]:
    for sg in ctx.index.of_kind("security_group"):
        for index, sg_rule in enumerate(ctx.props(sg).inbound):  # type: ignore[attr-defined]
            if sg_rule.cidr is None or sg_rule.cidr.prefixlen != 0 or not sg_rule.protocol.matches(Protocol.TCP):
                continue
            for port, name in ADMIN_PORTS.items():
                if not sg_rule.port.contains(port):
                    continue
                source = _admin_source(ctx, sg, port)
                replacement = {**_raw_rules(sg, "inbound")[index], "cidr": source}
                yield hit([sg.id, *ctx.index.members_of(sg.id)[:3]],
                          f"Security group {title(sg)}{_members_text(ctx, sg)} opens {name} (port {port}) to "
                          f"{sg_rule.cidr}: anyone on the Internet can try to log in.",
                          fix=f"Restrict the {name} rule of {sg.id} to your admin network ({source}), or use SSM "
                          "Session Manager instead of an open port.",
                          quick_fix=_replace_rule(sg.id, "inbound", index, [replacement],
                                                  f"Restrict {name} on {sg.id} to {source}"))


@rule("SG-OPEN-002", "warning", pillars=("security",))
def databases_not_open_to_world(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    stores_by_sg: dict[str, list[str]] = {}
    for store in ctx.index.of_kind(*sorted(DATA_STORE_KINDS)):
        for group in f.sgs(store.id):
            stores_by_sg.setdefault(group.id, []).append(store.id)
    for sg_id, stores in sorted(stores_by_sg.items()):
        sg = ctx.node(sg_id)
        for index, sg_rule in enumerate(ctx.props(sg).inbound):  # type: ignore[attr-defined]
            if sg_rule.cidr is None or sg_rule.cidr.prefixlen != 0:
                continue
            callers = sorted({g for e in f.traffic_edges if e.target in stores and not f.is_internet(e.source)
                              for g in f.sg_ids(e.source) if g != sg.id})
            raw = _raw_rules(sg, "inbound")[index]
            base = {k: v for k, v in raw.items() if k not in ("cidr", "sg", "prefix_list")}
            if callers:
                replacements = [{**base, "sg": g} for g in callers]
                source = ", ".join(callers)
            else:
                vpc = f.vpc_id(sg.id)
                source = str(f.vpc_cidrs(vpc)[0]) if vpc else "10.0.0.0/16"
                replacements = [{**base, "cidr": source}]
            yield hit([sg.id, *stores], f"Security group {title(sg)} of the database(s) {', '.join(stores)} admits "
                      f"port {sg_rule.port} from {sg_rule.cidr}: the database is reachable from anywhere its "
                      "network path allows.",
                      fix=f"Admit only the application tier: replace {sg_rule.cidr} by {source} in {sg.id}.",
                      quick_fix=_replace_rule(sg.id, "inbound", index, replacements,
                                              f"Admit only {source} in {sg.id}"))


@rule("sg.all_ports_open", "warning", section="Security Groups & Classic Ports Overview", pillars=("security",),
      lines="§Security Groups & Classic Ports Overview L318-362",
      summary="A security group should not allow every port (0-65535); open only the ports the flows use.")
def all_ports_open(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for sg in ctx.index.of_kind("security_group"):
        for index, sg_rule in enumerate(ctx.props(sg).inbound):  # type: ignore[attr-defined]
            if not sg_rule.port.is_all or sg_rule.sg == sg.id or sg_rule.protocol in (Protocol.ICMP, Protocol.ICMPV6):
                continue
            members = ctx.index.members_of(sg.id)
            ports = sorted({p for e in f.traffic_edges if e.target in members
                            and (p := flow_port(e, ctx.node(e.target))) is not None})
            if not ports:
                ports = sorted({ctx.props(m).effective_port for m in members  # type: ignore[attr-defined]
                                if hasattr(ctx.props(m), "effective_port")})
            raw = _raw_rules(sg, "inbound")[index]
            stores = [m for m in members if ctx.node(m).kind in DATA_STORE_KINDS]
            what = f"the database(s) {', '.join(stores)}" if stores else "its members"
            yield hit([sg.id, *members[:3]], f"Security group {title(sg)} allows every port from {_peer(sg_rule)}: "
                      f"{what} can be reached on any port, not just the service's.",
                      fix=f"Replace the all-ports rule of {sg.id} by rules for the ports in use"
                      + (f" ({', '.join(map(str, ports))})" if ports else "") + ".",
                      quick_fix=_replace_rule(sg.id, "inbound", index,
                                              [{**raw, "protocol": "tcp", "port": p} for p in ports],
                                              f"Open only port(s) {', '.join(map(str, ports))} on {sg.id}")
                      if ports else None)


@rule("SG-PORT-001", "error", pillars=("reliability", "security"))
def flows_allowed_by_security_groups(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for edge in f.traffic_edges:
        target = ctx.node(edge.target)
        if target.kind not in SG_BEARING or target.kind in SG_PORT_SKIP or f.vpc_id(target.id) is None:
            continue
        if target.kind == "nlb" and not ctx.props(target).security_groups:  # type: ignore[attr-defined]
            continue
        source = ctx.node(edge.source)
        port = flow_port(edge, target)
        protocol = edge_protocol(edge)
        if port is None or protocol is Protocol.ALL or (port == 22 and source in bastions(ctx)):
            continue
        yield from _sg_port_hits(ctx, edge, source, target, protocol, port)


def _sg_port_hits(ctx: RuleContext, edge: Edge, source: Node, target: Node, protocol: Protocol,
                  port: int) -> Iterator[Hit]:
    f = facts(ctx)
    target_sgs = f.sgs(target.id)
    source_sgs = f.sgs(source.id)
    if not target_sgs:
        implicit = source.kind in SG_BEARING and not source_sgs and f.vpc_id(source.id) == f.vpc_id(target.id)
        if not implicit:
            yield hit([edge.source, edge.target], f"Flow {edge.id}: {title(target)} names no security group, so it "
                      f"gets its VPC's default group, which admits only its own members; {edge.source} is not one.",
                      fix=f"Give {target.id} a security group allowing {protocol} {port} from {edge.source}.")
        return
    if not f.sg_admits(target_sgs, protocol, port, source.id):
        peer: dict[str, Any]
        same_vpc = [g for g in source_sgs if f.vpc_id(g.id) == f.vpc_id(target.id)]
        if same_vpc:
            peer, peer_text = {"sg": same_vpc[0].id}, same_vpc[0].id
        else:
            address = f.address_of(source.id)
            cidr = "0.0.0.0/0" if address in (None, PUBLIC_INTERNET) else str(address)
            peer, peer_text = {"cidr": cidr}, cidr
        sg = target_sgs[0]
        yield hit([edge.source, edge.target, sg.id], f"Flow {edge.id} ({edge.source} -> {edge.target} on "
                  f"{protocol}/{port}) is not admitted by the security groups of {title(target)} "
                  f"({', '.join(g.id for g in target_sgs)}).",
                  fix=f"Add an inbound rule to {sg.id}: {protocol} {port} from {peer_text}.",
                  quick_fix=_add_rule(sg.id, {"protocol": str(protocol), "port": port, **peer},
                                      f"Allow {protocol} {port} from {peer_text} in {sg.id}"))
    if source_sgs and not f.sg_admits(source_sgs, protocol, port, target.id, "outbound"):
        yield hit([edge.source, edge.target], f"Flow {edge.id}: the security groups of {title(source)} "
                  f"({', '.join(g.id for g in source_sgs)}) do not allow it to send {protocol}/{port} to "
                  f"{edge.target}.",
                  fix=f"Add an outbound rule to {source_sgs[0].id}: {protocol} {port} to {edge.target}'s security "
                  "group or CIDR.")


@rule("SG-CHAIN-001", "warning", pillars=("security",))
def tiers_admit_previous_tier_sg(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    seen: set[tuple[str, str]] = set()
    for edge in f.traffic_edges:
        source, target = ctx.node(edge.source), ctx.node(edge.target)
        inner = (source.kind in LB_KINDS and target.kind in (*INSTANCE_KINDS, "asg")) or (
            target.kind in DATA_STORE_KINDS and source.kind in (*INSTANCE_KINDS, "asg", "lambda", "ecs_task"))
        source_sgs = f.sgs(source.id)
        if not inner or not source_sgs or getattr(ctx.props(source), "preserve_client_ip", False):
            continue
        if f.region_name(source.id) != f.region_name(target.id):
            continue
        port = flow_port(edge, target)
        upstream = f.address_of(source.id)
        for sg in f.sgs(target.id):
            for sg_rule in ctx.props(sg).inbound:  # type: ignore[attr-defined]
                if sg_rule.cidr is None or sg_rule.cidr.prefixlen == 0 or (sg.id, str(sg_rule.cidr)) in seen:
                    continue
                if upstream is None or upstream.version != sg_rule.cidr.version \
                        or not upstream.overlaps(sg_rule.cidr):  # type: ignore[arg-type]
                    continue  # the CIDR admits someone else (on-premises, a peer): not the tier in front
                if port is not None and not sg_rule.port.contains(port):
                    continue
                seen.add((sg.id, str(sg_rule.cidr)))
                yield hit([sg.id, edge.target, edge.source], f"Security group {title(sg)} of {edge.target} admits "
                          f"port {sg_rule.port} from the CIDR {sg_rule.cidr} instead of the security group of the "
                          f"tier in front of it ({source_sgs[0].id}).",
                          fix=f"In {sg.id}, replace the source {sg_rule.cidr} by the security group "
                          f"{source_sgs[0].id}.")


@rule("NET-BAST-001", "error", pillars=("security", "operational_excellence"))
def bastion_reachable_for_admins(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for node in bastions(ctx):
        admin = [e for e in f.traffic_edges if e.target == node.id and (e.port is None or e.port.contains(22))]
        if not admin:
            yield hit(node.id, f"Bastion {title(node)} has no admin flow drawn to it, so it is unclear who uses it.",
                      fix=f"Draw the SSH flow (port 22) from the admin network to {node.id}, or remove it in favour "
                      "of SSM Session Manager.", severity="info")
            continue
        if not any(f.is_internet(e.source) for e in admin):
            continue
        subnet = ctx.index.subnet_of(node.id)
        problems = []
        if subnet is not None and not f.is_public_subnet(subnet.id):
            problems.append(f"its subnet {subnet.id} has no route to the Internet gateway")
        if not f.has_public_ipv4(node.id):
            problems.append("it has no public IPv4 address")
        if problems:
            yield hit(node.id, f"Bastion {title(node)} is administered from the Internet but {' and '.join(problems)}.",
                      fix=f"Put {node.id} in a public subnet with a public or Elastic IP, or reach it over VPN.")


@rule("NET-BAST-002", "warning", pillars=("security",))
def bastion_sg_restricted(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    minimum = int(ctx.settings.get("bastion_min_prefix", 24))
    for node in bastions(ctx):
        for sg in f.sgs(node.id):
            for sg_rule in f.sg_rules(sg, "inbound"):
                problem = ""
                if not (sg_rule.port.low == sg_rule.port.high == 22):
                    problem = f"opens port(s) {sg_rule.port}, not only 22"
                elif sg_rule.cidr is None:
                    problem = f"admits {_peer(sg_rule)} instead of an admin CIDR"
                elif sg_rule.cidr.version == 4 and sg_rule.cidr.prefixlen < minimum:
                    problem = f"admits SSH from the wide range {sg_rule.cidr}"
                if problem:
                    yield hit([node.id, sg.id], f"The security group {sg.id} of bastion {title(node)} {problem}.",
                              fix=f"Allow only TCP 22 from your admin network's CIDR (/{minimum} or narrower) in "
                              f"{sg.id}.")


@rule("NET-BAST-003", "error", pillars=("operational_excellence",), aliases=("net.bastion_reachability",))
def targets_admit_bastion_ssh(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for edge in f.traffic_edges:
        source, target = ctx.node(edge.source), ctx.node(edge.target)
        if source not in bastions(ctx) or (edge.port is not None and not edge.port.contains(22)):
            continue
        target_sgs = f.sgs(target.id)
        if not target_sgs or f.sg_admits(target_sgs, Protocol.TCP, 22, source.id):
            continue
        bastion_sgs = f.sgs(source.id)
        peer = {"sg": bastion_sgs[0].id} if bastion_sgs else {"cidr": str(f.address_of(source.id))}
        peer_text = next(iter(peer.values()))
        yield hit([edge.target, edge.source, target_sgs[0].id], f"{title(target)} is meant to be administered "
                  f"through the bastion {edge.source}, but its security groups do not admit SSH (22) from it.",
                  fix=f"Add an inbound rule to {target_sgs[0].id}: tcp 22 from {peer_text}.",
                  quick_fix=_add_rule(target_sgs[0].id, {"protocol": "tcp", "port": 22, **peer},
                                      f"Allow SSH from {peer_text} in {target_sgs[0].id}"))
