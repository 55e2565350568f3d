"""NET rules about address space: VPC CIDR blocks, subnets, the VPC's DNS attributes (rules.md 2.1, 2.2, 2.5).

Every check reads typed props, so unset values take AWS's defaults (DNS support on, hostnames off).
"""

from __future__ import annotations

import ipaddress
import math
from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import typed_props
from cloudwright.engine.model.types import IPNetwork
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import CGNAT, RFC1918, facts, is_private_range, title, usable_ips

#: Secondary VPC blocks AWS refuses next to a primary block of a given range (AWS VPC User Guide,
#: "VPC CIDR blocks", IPv4 CIDR block association restrictions). Key: primary range; value: refused ranges.
_SHARED_198 = ipaddress.ip_network("198.19.0.0/16")
SECONDARY_RESTRICTIONS: tuple[tuple[IPNetwork, tuple[IPNetwork, ...]], ...] = (
    (RFC1918[0], (RFC1918[1], RFC1918[2], _SHARED_198)),
    (RFC1918[1], (RFC1918[0], RFC1918[2], _SHARED_198)),
    (RFC1918[2], (RFC1918[0], RFC1918[1], _SHARED_198)),
    (_SHARED_198, RFC1918),
)
#: Kinds that take one private address in the subnet they sit in (declared: one node, one address).
IP_CONSUMERS = frozenset({"ec2", "nat_instance", "eks_node", "nat_gateway", "eni", "rds", "aurora_instance",
                          "elasticache", "vpc_endpoint_interface", "lambda", "ecs_task", "fargate_task",
                          "efs_mount_target", "dax", "redshift", "neptune", "documentdb", "amazon_mq",
                          "cloudhsm", "directory_service", "fsx_lustre", "fsx_windows", "network_firewall"})
#: Kinds whose address count per subnet is an estimate (load balancer nodes scale out).
ESTIMATED_CONSUMERS = frozenset({"alb", "nlb", "clb", "elb", "gwlb", "lambda", "asg"})


def _vpc_blocks(ctx: RuleContext, vpc_id: str) -> list[IPNetwork]:
    props = ctx.props(vpc_id)
    return [props.cidr, *props.secondary_cidrs]  # type: ignore[attr-defined]


@rule("NET-CIDR-001", "error", pillars=("reliability",), aliases=("net.cidr_out_of_range",))
def vpc_block_size(ctx: RuleContext) -> Iterator[Hit]:
    for vpc in ctx.index.of_kind("vpc"):
        for block in _vpc_blocks(ctx, vpc.id):
            if not 16 <= block.prefixlen <= 28:
                yield hit(vpc.id, f"VPC {title(vpc)} has the CIDR block {block}: AWS only accepts IPv4 blocks "
                          "from /16 (65,536 addresses) to /28 (16 addresses).",
                          fix=f"Give {vpc.id} a block between /16 and /28, for example 10.0.0.0/16.")


@rule("NET-CIDR-002", "warning", pillars=("reliability", "security"))
def vpc_block_range(ctx: RuleContext) -> Iterator[Hit]:
    for vpc in ctx.index.of_kind("vpc"):
        blocks = _vpc_blocks(ctx, vpc.id)
        for block in blocks:
            if not is_private_range(block) and not block.subnet_of(CGNAT):  # type: ignore[arg-type]
                yield hit(vpc.id, f"VPC {title(vpc)} uses {block}, outside the private ranges 10.0.0.0/8, "
                          "172.16.0.0/12 and 192.168.0.0/16. AWS accepts it, but those addresses clash with "
                          "the real Internet hosts that own them.",
                          fix=f"Renumber {vpc.id} into a private range, e.g. 10.0.0.0/16.")
        primary, secondaries = blocks[0], blocks[1:]
        for parent, refused in SECONDARY_RESTRICTIONS:
            if not primary.subnet_of(parent):  # type: ignore[arg-type]
                continue
            for block in secondaries:
                if any(block.subnet_of(r) for r in refused):  # type: ignore[arg-type]
                    yield hit(vpc.id, f"VPC {title(vpc)}: AWS refuses the secondary block {block} next to the "
                              f"primary block {primary} (a different private range family).",
                              fix=f"Pick the secondary block of {vpc.id} from {parent} or 100.64.0.0/10.",
                              severity="error")


@rule("NET-CIDR-003", "warning", pillars=("reliability",))
def vpc_block_count(ctx: RuleContext) -> Iterator[Hit]:
    for vpc in ctx.index.of_kind("vpc"):
        count = len(_vpc_blocks(ctx, vpc.id))
        if count > 50:
            yield hit(vpc.id, f"VPC {title(vpc)} has {count} IPv4 CIDR blocks; AWS allows at most 50.",
                      fix=f"Merge or drop blocks of {vpc.id} to 50 or fewer.", severity="error")
        elif count > 5:
            yield hit(vpc.id, f"VPC {title(vpc)} has {count} IPv4 CIDR blocks, above the default quota of 5.",
                      fix="Request a quota increase for 'IPv4 CIDR blocks per VPC' before deploying.")


@rule("NET-CIDR-005", "warning", pillars=("reliability",), aliases=("net.cidr_overlap",))
def vpc_overlaps_on_prem(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    connected = _on_prem_links(ctx)
    for vpc in ctx.index.of_kind("vpc"):
        blocks = _vpc_blocks(ctx, vpc.id)
        for dc in ctx.index.of_kind("corporate_dc"):
            overlaps = [(b, c) for b in blocks for c in f.on_prem_cidrs(dc)
                        if b.version == c.version and b.overlaps(c)]  # type: ignore[arg-type]
            if not overlaps:
                continue
            block, cidr = overlaps[0]
            if (vpc.id, dc.id) in connected:
                yield hit([vpc.id, dc.id], f"VPC {title(vpc)} ({block}) overlaps the on-premises network "
                          f"{title(dc)} ({cidr}) it is connected to: hosts in the overlap are unreachable from "
                          "the VPC, whose local route wins.",
                          fix=f"Renumber {vpc.id} to a range disjoint from {cidr}.")
            else:
                yield hit([vpc.id, dc.id], f"VPC {title(vpc)} ({block}) overlaps the on-premises network "
                          f"{title(dc)} ({cidr}); connecting them later (VPN, Direct Connect) will be hard.",
                          fix=f"Plan {vpc.id}'s range disjoint from {cidr}.", severity="info")


def _on_prem_links(ctx: RuleContext) -> set[tuple[str, str]]:
    """(vpc, corporate_dc) pairs joined by a VPN or Direct Connect, directly or through a TGW/DX gateway."""
    f = facts(ctx)
    gateway_vpcs: dict[str, set[str]] = defaultdict(set)
    for vgw in ctx.index.of_kind("vgw", "vpn_cloudhub"):
        vpc = f.vpc_id(vgw.id)
        if vpc is not None:
            gateway_vpcs[vgw.id].add(vpc)
    for tgw in ctx.index.of_kind("transit_gateway"):
        for attachment in typed_props(tgw).attachments:  # type: ignore[attr-defined]
            if attachment.vpc:
                gateway_vpcs[tgw.id].add(attachment.vpc)
    for dxgw in ctx.index.of_kind("dx_gateway"):
        for target in typed_props(dxgw).associations:  # type: ignore[attr-defined]
            gateway_vpcs[dxgw.id] |= gateway_vpcs.get(target, set())
    links: set[tuple[str, str]] = set()
    for conn in ctx.index.of_kind("vpn_connection", "dx_connection"):
        props = ctx.props(conn)
        on_prem = getattr(props, "customer_gateway", None) or getattr(props, "on_prem", None)
        dc = None
        if on_prem and on_prem in ctx.diagram.nodes:
            node = ctx.node(on_prem)
            dc = node if node.kind == "corporate_dc" else ctx.index.enclosing(on_prem, "corporate_dc")
        if dc is None or not props.gateway:  # type: ignore[attr-defined]
            continue
        for vpc in gateway_vpcs.get(props.gateway, set()):  # type: ignore[attr-defined]
            links.add((vpc, dc.id))
    return links


@rule("NET-VPC-001", "warning", pillars=("operational_excellence",))
def vpcs_per_region(ctx: RuleContext) -> Iterator[Hit]:
    by_region: dict[str, list[str]] = defaultdict(list)
    for vpc in ctx.index.of_kind("vpc"):
        region = ctx.index.region_of(vpc.id)
        account = ctx.index.enclosing(vpc.id, "account")
        by_region[f"{account.id if account else ''}/{region.id if region else ''}"].append(vpc.id)
    for key, vpcs in sorted(by_region.items()):
        if len(vpcs) > 5:
            region = key.split("/", 1)[1] or "the design"
            yield hit(vpcs, f"{len(vpcs)} VPCs in {region}: above the default quota of 5 VPCs per region.",
                      fix="Request a quota increase for 'VPCs per Region', or consolidate VPCs.")


@rule("NET-VPC-002", "info", pillars=("security",))
def private_workload_in_default_vpc(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for vpc in ctx.index.of_kind("vpc"):
        if not ctx.props(vpc).is_default:  # type: ignore[attr-defined]
            continue
        for subnet in f.subnets_by_vpc.get(vpc.id, []):
            for child in ctx.index.children.get(subnet.id, []):
                if ctx.intent(child, "private") or ctx.intent(child, "isolated"):
                    yield hit([child, vpc.id], f"{child} is meant to be private but sits in the default VPC "
                              f"{title(vpc)}, whose subnets give every instance a public IP and route to the IGW.",
                              fix=f"Place {child} in a private subnet of a custom VPC.")


@rule("NET-SUB-001", "error", pillars=("reliability",))
def subnet_inside_vpc(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for vpc in ctx.index.of_kind("vpc"):
        blocks = _vpc_blocks(ctx, vpc.id)
        for subnet in f.subnets_by_vpc.get(vpc.id, []):
            cidr = ctx.props(subnet).cidr  # type: ignore[attr-defined]
            if not any(cidr.subnet_of(b) for b in blocks):
                yield hit([subnet.id, vpc.id], f"Subnet {title(subnet)} ({cidr}) is not inside any CIDR block "
                          f"of its VPC {title(vpc)} ({', '.join(map(str, blocks))}).",
                          fix=f"Pick a CIDR for {subnet.id} inside {blocks[0]}.")


@rule("NET-SUB-002", "error", pillars=("reliability",))
def subnets_do_not_overlap(ctx: RuleContext) -> Iterator[Hit]:
    """Sort each VPC's subnets by first address; any overlap shows between neighbours (O(n log n))."""
    f = facts(ctx)
    for _vpc, subnets in f.subnets_by_vpc.items():
        ranges = sorted(((ctx.props(s).cidr, s) for s in subnets), key=lambda pair: (pair[0], pair[1].id))  # type: ignore[attr-defined]
        widest = None
        for cidr, subnet in ranges:
            if widest is not None and cidr.network_address <= widest[0].broadcast_address:
                other = widest[1]
                yield hit([other.id, subnet.id], f"Subnets {title(other)} ({widest[0]}) and {title(subnet)} "
                          f"({cidr}) overlap; AWS refuses the second one.",
                          fix=f"Give {subnet.id} a range that does not overlap {widest[0]}.")
            if widest is None or cidr.broadcast_address > widest[0].broadcast_address:
                widest = (cidr, subnet)


@rule("NET-SUB-003", "error", pillars=("reliability",))
def subnet_in_one_az(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for subnet in ctx.index.of_kind("subnet"):
        if f.vpc_id(subnet.id) is None:
            yield hit(subnet.id, f"Subnet {title(subnet)} is not inside a VPC; every subnet belongs to one VPC.",
                      fix=f"Move {subnet.id} into a VPC's Availability Zone.")
        elif ctx.index.az_of(subnet.id) is None:
            yield hit(subnet.id, f"Subnet {title(subnet)} is not drawn in an Availability Zone; AWS will pick "
                      "one, so the design cannot show whether its tier survives an AZ failure.",
                      fix=f"Move {subnet.id} into the AZ it should live in.", severity="warning")


@rule("NET-SUB-004", "error", pillars=("reliability",))
def subnet_size(ctx: RuleContext) -> Iterator[Hit]:
    for subnet in ctx.index.of_kind("subnet"):
        cidr = ctx.props(subnet).cidr  # type: ignore[attr-defined]
        if not 16 <= cidr.prefixlen <= 28:
            yield hit(subnet.id, f"Subnet {title(subnet)} is {cidr}: AWS subnets must be between /16 and /28.",
                      fix=f"Resize {subnet.id} to a prefix between /16 and /28 (e.g. /24).")


def _consumers(ctx: RuleContext) -> dict[str, tuple[int, bool]]:
    """Subnet id -> (addresses used, whether any count is an estimate); computed once per run."""
    cached = ctx.__dict__.get("_ip_consumers")
    if cached is None:
        cached = ctx.__dict__["_ip_consumers"] = _count_consumers(ctx)
    return cached


def _count_consumers(ctx: RuleContext) -> dict[str, tuple[int, bool]]:
    used: dict[str, list] = defaultdict(lambda: [0, False])
    nodes = ctx.diagram.nodes
    for node in nodes.values():
        if node.kind in IP_CONSUMERS and node.kind not in ESTIMATED_CONSUMERS:
            parent = nodes.get(node.parent) if node.parent else None
            subnet = parent if parent is not None and parent.kind == "subnet" else ctx.index.subnet_of(node.id)
            if subnet is not None:
                used[subnet.id][0] += 1
                continue
        if node.kind in ESTIMATED_CONSUMERS or node.kind == "vpc_endpoint_interface":
            subnets = [s for s in getattr(ctx.props(node), "subnets", []) or [] if s in ctx.diagram.nodes]
            if not subnets and node.kind != "asg":
                parent = ctx.index.subnet_of(node.id)
                subnets = [parent.id] if parent is not None else []
            if node.kind == "asg":
                per_subnet = math.ceil(ctx.props(node).max / max(len(subnets), 1))  # type: ignore[attr-defined]
            else:
                per_subnet = 1
            for subnet in subnets:
                used[subnet][0] += per_subnet
                used[subnet][1] = used[subnet][1] or node.kind in ESTIMATED_CONSUMERS
    return {k: (v[0], v[1]) for k, v in used.items()}


@rule("NET-SUB-005", "error", pillars=("reliability",))
def subnet_reserved_addresses(ctx: RuleContext) -> Iterator[Hit]:
    consumers = _consumers(ctx)
    for node in facts(ctx).with_raw(("ec2", "nat_instance", "eks_node", "eni"), "private_ip"):
        address = getattr(ctx.props(node), "private_ip", None)
        subnet = ctx.index.subnet_of(node.id)
        if not address or subnet is None:
            continue
        cidr = ctx.props(subnet).cidr  # type: ignore[attr-defined]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        reserved = [cidr.network_address + i for i in range(4)] + [cidr.broadcast_address]
        if ip in reserved:
            yield hit([node.id, subnet.id], f"{title(node)} uses {ip}, one of the 5 addresses AWS reserves in "
                      f"{subnet.id} ({cidr}: network, router, DNS, future use, broadcast).",
                      fix=f"Use an address from {cidr.network_address + 4} to {cidr.broadcast_address - 1}.")
    for subnet in ctx.index.of_kind("subnet"):
        props = ctx.props(subnet)
        if props.ipv6_cidr is not None:  # type: ignore[attr-defined]
            continue  # dual-stack subnets: NET-IPV6-002
        yield from _capacity(subnet, props.cidr, consumers.get(subnet.id), "")  # type: ignore[attr-defined]


def _capacity(subnet, cidr, used: tuple[int, bool] | None, extra: str) -> Iterator[Hit]:
    if used is None or used[0] <= usable_ips(cidr):
        return
    count, estimated = used
    bigger = max(32 - math.ceil(math.log2(count + 5)), 16)
    yield hit(subnet.id, f"Subnet {title(subnet)} ({cidr}) has {usable_ips(cidr)} usable addresses but its "
              f"resources need {'about ' if estimated else ''}{count}{extra}; launches will fail.",
              fix=f"Enlarge {subnet.id} to /{bigger} or spread the resources over more subnets.",
              severity="warning" if estimated else None)


@rule("NET-SUB-006", "error", pillars=("reliability",), aliases=("net.subnet_too_small",))
def subnet_fits_required_hosts(ctx: RuleContext) -> Iterator[Hit]:
    for subnet in ctx.index.of_kind("subnet"):
        props = ctx.props(subnet)
        needed = props.required_hosts  # type: ignore[attr-defined]
        if needed is not None and needed > usable_ips(props.cidr):  # type: ignore[attr-defined]
            bigger = max(32 - math.ceil(math.log2(needed + 5)), 16)
            yield hit(subnet.id, f"Subnet {title(subnet)} must hold {needed} hosts but {props.cidr} has only "  # type: ignore
                      f"{usable_ips(props.cidr)} usable addresses (AWS reserves 5).",  # type: ignore[attr-defined]
                      fix=f"Make {subnet.id} a /{bigger} (or larger).")


@rule("NET-SUB-007", "warning", pillars=("reliability",))
def ha_vpc_spans_two_azs(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    ha_by_vpc: dict[str, list[str]] = defaultdict(list)
    for node in ctx.diagram.nodes.values():
        if node.intent and ctx.intent(node, "ha") and (vpc := f.vpc_id(node.id)) is not None:
            ha_by_vpc[vpc].append(node.id)
    facing_by_vpc: dict[str, set[str]] = defaultdict(set)
    for node_id in f.internet_flow_nodes:
        if (vpc := f.vpc_id(node_id)) is not None:
            facing_by_vpc[vpc].add(node_id)
    for node in ctx.index.of_kind("alb", "nlb", "clb", "nat_gateway"):
        if f.has_public_ipv4(node.id) and (vpc := f.vpc_id(node.id)) is not None:
            facing_by_vpc[vpc].add(node.id)
    for vpc_id, ha_nodes in sorted(ha_by_vpc.items()):
        vpc = ctx.node(vpc_id)
        used = {az for n in ha_nodes for az in f.azs_of(n)}
        if len(used) < 2:
            yield hit([vpc_id, *ha_nodes[:3]], f"VPC {title(vpc)} hosts workloads marked highly available "
                      f"({', '.join(ha_nodes[:3])}) in {len(used)} Availability Zone(s).",
                      fix="Add subnets for each tier in a second AZ and spread the HA workloads over both.")
        facing = sorted(facing_by_vpc.get(vpc_id, ()))
        public_azs = {ctx.index.az_key(s.id) for s in f.subnets_by_vpc.get(vpc_id, []) if f.is_public_subnet(s.id)}
        public_azs.discard(None)
        if facing and len(public_azs) < 2:
            yield hit([vpc_id, *facing[:2]], f"VPC {title(vpc)} faces the Internet ({', '.join(facing[:2])}) "
                      f"but its public subnets cover {len(public_azs)} AZ(s).",
                      fix="Add a public subnet routed to the IGW in a second AZ.")


@rule("NET-SUB-008", "info", pillars=("security",))
def app_servers_in_public_subnets(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    behind_lb = {e.target for e in f.traffic_edges if ctx.node(e.source).kind in ("alb", "nlb", "clb", "elb")}
    for node in (ctx.node(n) for n in sorted(behind_lb)):
        subnet = ctx.index.subnet_of(node.id) if node.kind == "ec2" else None
        if subnet is not None and f.is_public_subnet(subnet.id):
            yield hit([node.id, subnet.id], f"Application server {title(node)} sits in the public subnet "
                      f"{title(subnet)} although a load balancer fronts it.",
                      fix=f"Move {node.id} to a private subnet; keep only the load balancer and NAT public.")


@rule("NET-DNS-001", "error", pillars=("operational_excellence",))
def dns_hostnames_need_support(ctx: RuleContext) -> Iterator[Hit]:
    for vpc in ctx.index.of_kind("vpc"):
        props = ctx.props(vpc)
        if props.enable_dns_hostnames and not props.enable_dns_support:  # type: ignore[attr-defined]
            yield hit(vpc.id, f"VPC {title(vpc)} turns DNS hostnames on with DNS support off; AWS refuses that.",
                      fix=f"Set enable_dns_support: true on {vpc.id}.",
                      quick_fix=QuickFix(f"Turn on DNS support for {vpc.id}", lambda d, v=vpc.id: set_node_fields(
                          d, v, props={"enable_dns_support": True})))


@rule("NET-DNS-002", "error", pillars=("operational_excellence",))
def private_zone_needs_dns_flags(ctx: RuleContext) -> Iterator[Hit]:
    for zone in ctx.index.of_kind("route53_zone"):
        if not zone.props.get("private"):
            continue
        for vpc_id in zone.props.get("vpcs") or []:
            if vpc_id not in ctx.diagram.nodes or ctx.node(vpc_id).kind != "vpc":
                continue
            props = ctx.props(vpc_id)
            if not (props.enable_dns_support and props.enable_dns_hostnames):  # type: ignore[attr-defined]
                yield hit([vpc_id, zone.id], f"Private hosted zone {title(zone)} is associated with VPC {vpc_id}, "
                          "which lacks DNS support or DNS hostnames: its names will not resolve there.",
                          fix=f"Set enable_dns_support and enable_dns_hostnames to true on {vpc_id}.",
                          quick_fix=QuickFix(f"Turn on DNS support and hostnames for {vpc_id}",
                                             lambda d, v=vpc_id: set_node_fields(d, v, props={
                                                 "enable_dns_support": True, "enable_dns_hostnames": True})))


@rule("NET-IPV6-002", "error", pillars=("reliability",))
def dual_stack_subnet_capacity(ctx: RuleContext) -> Iterator[Hit]:
    consumers = _consumers(ctx)
    for subnet in ctx.index.of_kind("subnet"):
        props = ctx.props(subnet)
        if props.ipv6_cidr is not None:  # type: ignore[attr-defined]
            yield from _capacity(subnet, props.cidr, consumers.get(subnet.id),  # type: ignore[attr-defined]
                                 " IPv4 addresses (IPv6 space does not help: each launch still needs an IPv4)")
