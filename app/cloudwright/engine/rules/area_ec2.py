"""EC2, Elastic IP, ENI, placement, purchasing, EBS and EFS rules (rules.md 4, 5, 6).

Limits that AWS has raised since the notes (gp3 size and IOPS) are reported as ``info`` above the notes'
value and as ``error`` only above today's AWS maximum (rules.md section 0 and 29).
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import AddNode, Batch, reparent_node, set_node_fields
from cloudwright.engine.model.diagram import Diagram, Node
from cloudwright.engine.model.types import Protocol
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import AWS_API_KINDS, INSTANCE_KINDS, facts, title, unique_id

HIBERNATE_FAMILIES = ("c3", "c4", "c5", "m3", "m4", "m5", "r3", "r4", "r5")
#: Xen-based families (everything newer runs on Nitro).
NON_NITRO_FAMILIES = frozenset({"t1", "t2", "m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "i2", "d2", "x1",
                                "x1e", "p2", "p3", "g3", "h1", "f1", "cc2", "cr1", "hs1"})
#: Volume size limits in GiB: (minimum, notes' maximum, AWS maximum today).
EBS_SIZE = {"gp2": (1, 16384, 16384), "gp3": (1, 16384, 65536), "io1": (4, 16384, 16384),
            "io2": (4, 65536, 65536), "st1": (125, 16384, 16384), "sc1": (125, 16384, 16384),
            "standard": (1, 1024, 1024)}
#: Provisioned IOPS limits: (notes' maximum, AWS maximum today, IOPS per GiB).
EBS_IOPS = {"gp3": (16000, 80000, 500), "io1": (64000, 64000, 50), "io2": (64000, 256000, 1000)}
EFS_CLIENT_KINDS = frozenset({"ec2", "eks_node", "lambda", "ecs_task", "fargate_task", "asg"})


def family(instance_type: str) -> str:
    """'m5.large' -> 'm5'; 'm5d.xlarge' -> 'm5d'."""
    return instance_type.split(".", 1)[0].lower()


def _set(node_id: str, title_: str, **props) -> QuickFix:
    return QuickFix(title_, lambda d, n=node_id, p=props: set_node_fields(d, n, props=dict(p)))


# --- addresses -------------------------------------------------------------------------------------------------

@rule("EC2-IP-001", "warning", pillars=("reliability",), aliases=("dns.record_to_ephemeral_ip",))
def pinned_ephemeral_public_ip(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for record in ctx.index.of_kind("route53_record"):
        props = ctx.props(record)
        if props.alias or props.type not in ("A", "AAAA"):  # type: ignore[attr-defined]
            continue
        for target in props.targets:  # type: ignore[attr-defined]
            node = ctx.diagram.nodes.get(target)
            if node is None or node.kind not in INSTANCE_KINDS or not f.has_public_ipv4(target):
                continue
            if ctx.props(node).elastic_ip or f.eips_by_target.get(target):  # type: ignore[attr-defined]
                continue
            yield hit([record.id, target], f"DNS record {title(record)} points at the auto-assigned public IP of "
                      f"{title(node)}, which changes whenever the instance stops and starts.",
                      fix=f"Attach an Elastic IP to {target}, or point the record at a load balancer (Alias).",
                      quick_fix=_set(target, f"Attach an Elastic IP to {target}", elastic_ip=True))


@rule("EC2-EIP-001", "error", pillars=("reliability",))
def eip_single_association(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for target, eips in sorted(f.eips_by_target.items()):
        node = ctx.diagram.nodes.get(target)
        if node is None or node.kind == "nlb" or len(eips) < 2:
            continue
        yield hit([target, *eips], f"{title(node)} has {len(eips)} Elastic IPs ({', '.join(eips)}) on its one private "
                  "address; an address takes at most one Elastic IP.",
                  fix=f"Keep {eips[0]} and release or re-associate {', '.join(eips[1:])}.")


def _eip_holders(ctx: RuleContext) -> dict[str, list[str]]:
    """Region id -> nodes holding an Elastic IP (EIP nodes, instances and NAT gateways with elastic_ip)."""
    f = facts(ctx)
    result: dict[str, list[str]] = defaultdict(list)
    for eip in ctx.index.of_kind("elastic_ip"):
        region = ctx.index.region_of(eip.id)
        result[region.id if region else ""].append(eip.id)
    for node in [*f.with_raw(INSTANCE_KINDS, "elastic_ip"), *ctx.index.of_kind("nat_gateway")]:
        if node.kind != "nat_gateway" and not node.props.get("elastic_ip"):
            continue
        props = ctx.props(node)
        if getattr(props, "elastic_ip", False) and not f.eips_by_target.get(node.id):
            if node.kind == "nat_gateway" and props.connectivity != "public":  # type: ignore[attr-defined]
                continue
            region = ctx.index.region_of(node.id)
            result[region.id if region else ""].append(node.id)
    return result


@rule("EC2-EIP-002", "warning", pillars=("operational_excellence",), aliases=("net.eip_overuse",))
def eip_quota(ctx: RuleContext) -> Iterator[Hit]:
    for region, holders in sorted(_eip_holders(ctx).items()):
        if len(holders) > 5:
            yield hit(holders[:6], f"The design uses {len(holders)} Elastic IPs in {region or 'one region'}, above the "
                      "default quota of 5 per region.",
                      fix="Request an Elastic IP quota increase, or put the instances behind a load balancer.")


@rule("EC2-EIP-003", "info", pillars=("reliability", "operational_excellence"),
      aliases=("net.clients_bound_to_instance_ips", "net.eip_overuse"))
def eips_used_for_scaling(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    entry = sorted({e.target for e in f.traffic_edges if f.is_internet(e.source)
                    and ctx.node(e.target).kind in INSTANCE_KINDS
                    and (ctx.props(e.target).elastic_ip or f.eips_by_target.get(e.target))})  # type: ignore
    if len(entry) >= 2:
        yield hit(entry, f"Users reach {len(entry)} instances ({', '.join(entry[:4])}) by their Elastic IPs: every "
                  "new instance means a new address for clients, and a failed one keeps receiving them.",
                  fix="Put the instances behind a load balancer in an Auto Scaling group and publish one DNS name "
                  "(Route 53 Alias to the load balancer).")


@rule("EC2-SSH-001", "error", pillars=("operational_excellence",))
def ssh_from_internet_needs_public_ip(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for edge in f.traffic_edges:
        node = ctx.node(edge.target)
        if not f.is_internet(edge.source) or node.kind not in INSTANCE_KINDS or edge.port is None \
                or not (edge.port.low == edge.port.high == 22):
            continue
        subnet = ctx.index.subnet_of(node.id)
        problems = []
        if not f.has_public_ipv4(node.id):
            problems.append("it has no public IP")
        if subnet is not None and not f.is_public_subnet(subnet.id):
            problems.append(f"its subnet {subnet.id} has no route to an Internet gateway")
        if problems:
            yield hit([node.id, edge.source], f"{edge.source} must SSH into {title(node)} over the Internet "
                      f"({edge.id}), but {' and '.join(problems)}.",
                      fix=f"SSH through a bastion or a VPN, or give {node.id} a public IP in a public subnet.")


@rule("EC2-CONN-001", "error", pillars=("operational_excellence",))
def instance_connect_needs_ssh(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for node in facts(ctx).with_raw(INSTANCE_KINDS, "access_method"):
        if ctx.props(node).access_method != "instance_connect":  # type: ignore[attr-defined]
            continue
        sgs = f.sgs(node.id)
        if any(r.port.contains(22) and r.protocol.matches(Protocol.TCP) for g in sgs for r in f.sg_rules(g)):
            continue
        target = sgs[0].id if sgs else None
        yield hit([node.id, *([target] if target else [])], f"{title(node)} is reached with EC2 Instance Connect, "
                  "which still uses SSH, but its security groups do not open port 22.",
                  fix=f"Allow TCP 22 in {target or 'its security group'} from the EC2 Instance Connect address range.")


@rule("EC2-ROLE-001", "warning", pillars=("security",))
def instances_use_roles(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    callers = defaultdict(list)
    for edge in f.traffic_edges:
        if ctx.node(edge.target).kind in AWS_API_KINDS and ctx.node(edge.source).kind in INSTANCE_KINDS:
            callers[edge.source].append(edge.target)
    for node in ctx.index.of_kind(*INSTANCE_KINDS):
        if node.id not in callers and not node.props.get("static_credentials"):
            continue
        props = ctx.props(node)
        if props.static_credentials:  # type: ignore[attr-defined]
            yield hit(node.id, f"{title(node)} stores AWS access keys on the instance; anyone who reads them can use "
                      "them anywhere.", fix=f"Remove the keys and attach an IAM role to {node.id}.")
        elif node.id in callers and not props.iam_role:  # type: ignore[attr-defined]
            services = sorted(set(callers[node.id]))

            def build(d: Diagram, n=node.id) -> Batch:
                role_id = unique_id(d, f"{n}-role")
                return Batch([AddNode(Node(id=role_id, kind="iam_role", pos=(0.0, 0.0)), "Add IAM role"),
                              set_node_fields(d, n, props={"iam_role": role_id})], "Attach an IAM role")

            yield hit([node.id, *services], f"{title(node)} calls {', '.join(services)} but has no IAM role, so it "
                      "would need stored access keys.",
                      fix=f"Attach an IAM role (instance profile) to {node.id} that allows only those calls.",
                      quick_fix=QuickFix(f"Create and attach an IAM role for {node.id}", build))


# --- ENIs, placement, purchasing -----------------------------------------------------------------------------

@rule("EC2-ENI-001", "error", pillars=("reliability",), aliases=("eni.cross_az_attach",))
def eni_same_az(ctx: RuleContext) -> Iterator[Hit]:
    for eni in ctx.index.of_kind("eni"):
        target = ctx.props(eni).attached_to  # type: ignore[attr-defined]
        if not target or target not in ctx.diagram.nodes:
            continue
        here, there = ctx.index.az_key(eni.id), ctx.index.az_key(target)
        if here and there and here != there:
            yield hit([eni.id, target], f"Network interface {title(eni)} ({here}) is attached to {target} in {there}; "
                      "an ENI only attaches to instances of its own AZ.",
                      fix=f"Create the ENI in a subnet of {there}, or attach it to an instance in {here}.")


@rule("EC2-ENI-002", "error", pillars=("reliability",))
def eni_address_in_subnet(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_raw(("eni", *INSTANCE_KINDS), "private_ip"):
        address = getattr(ctx.props(node), "private_ip", None)
        subnet = ctx.index.subnet_of(node.id)
        if not address or subnet is None:
            continue
        cidr = ctx.props(subnet).cidr  # type: ignore[attr-defined]
        try:
            inside = ipaddress.ip_address(address) in cidr
        except ValueError:
            inside = False
        if not inside:
            yield hit([node.id, subnet.id], f"{title(node)} has the private IP {address}, outside its subnet "
                      f"{subnet.id} ({cidr}).", fix=f"Pick a private IP inside {cidr}.")


def _placement_members(ctx: RuleContext) -> dict[str, list[Node]]:
    members: dict[str, list[Node]] = defaultdict(list)
    for node in facts(ctx).with_raw(INSTANCE_KINDS, "placement_group"):
        group = ctx.props(node).placement_group  # type: ignore[attr-defined]
        if group:
            members[group].append(node)
    return members


@rule("EC2-PG-001", "error", pillars=("performance",))
def cluster_group_one_az(ctx: RuleContext) -> Iterator[Hit]:
    for group_id, members in sorted(_placement_members(ctx).items()):
        if group_id not in ctx.diagram.nodes or ctx.props(group_id).strategy != "cluster":  # type: ignore[attr-defined]
            continue
        azs = sorted({ctx.index.az_key(m.id) or "?" for m in members})
        if len(azs) > 1:
            yield hit([group_id, *[m.id for m in members]], f"Cluster placement group {group_id} has members in "
                      f"{', '.join(azs)}; a cluster group lives in one AZ.",
                      fix=f"Move every member of {group_id} into one AZ, or use a spread group.")


@rule("EC2-PG-002", "error", pillars=("reliability",), aliases=("ec2.spread_limit",))
def spread_group_limit(ctx: RuleContext) -> Iterator[Hit]:
    for group_id, members in sorted(_placement_members(ctx).items()):
        if group_id not in ctx.diagram.nodes or ctx.props(group_id).strategy != "spread":  # type: ignore[attr-defined]
            continue
        per_az: dict[str, list[str]] = defaultdict(list)
        for member in members:
            per_az[ctx.index.az_key(member.id) or "?"].append(member.id)
        for az, ids in sorted(per_az.items()):
            if len(ids) > 7:
                yield hit([group_id, *ids], f"Spread placement group {group_id} has {len(ids)} instances in {az}; "
                          "AWS allows 7 per AZ.", fix=f"Move instances of {group_id} to other AZs or another group.")


@rule("EC2-PG-003", "error", pillars=("reliability",), aliases=("ec2.partition_limit",))
def partition_group_limit(ctx: RuleContext) -> Iterator[Hit]:
    for group in ctx.index.of_kind("placement_group"):
        props = ctx.props(group)
        if props.strategy == "partition" and props.partitions_per_az > 7:  # type: ignore[attr-defined]
            yield hit(group.id, f"Partition placement group {title(group)} asks for {props.partitions_per_az} "  # type: ignore
                      "partitions per AZ; AWS allows 7.", fix=f"Set partitions_per_az of {group.id} to 7 or fewer.",
                      quick_fix=_set(group.id, f"Use 7 partitions in {group.id}", partitions_per_az=7))


@rule("EC2-PG-004", "warning", pillars=("reliability",))
def cluster_group_not_for_ha(ctx: RuleContext) -> Iterator[Hit]:
    for group_id, members in sorted(_placement_members(ctx).items()):
        if group_id not in ctx.diagram.nodes or ctx.props(group_id).strategy != "cluster":  # type: ignore[attr-defined]
            continue
        ha = [m.id for m in members if ctx.intent(m, "ha") or (ctx.props(m).member_of and ctx.intent(  # type: ignore
            ctx.props(m).member_of, "ha"))]  # type: ignore[attr-defined]
        if ha:
            yield hit([group_id, *ha], f"The highly available tier {', '.join(ha[:3])} runs in the cluster placement "
                      f"group {group_id}: one rack failure takes every member down.",
                      fix=f"Use a spread placement group for {', '.join(ha[:3])}, across AZs.")


@rule("EC2-HIB-001", "error", pillars=("reliability",))
def hibernation_prerequisites(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_raw(("ec2",), "hibernation"):
        props = ctx.props(node)
        if not props.hibernation:  # type: ignore[attr-defined]
            continue
        problems = []
        fam = family(props.instance_type)  # type: ignore[attr-defined]
        if not fam.startswith(HIBERNATE_FAMILIES):
            problems.append(f"the {fam} family does not support it")
        if ".metal" in props.instance_type:  # type: ignore[attr-defined]
            problems.append("bare-metal instances cannot hibernate")
        if props.purchase_option not in ("on_demand", "reserved"):  # type: ignore[attr-defined]
            problems.append(f"{props.purchase_option} instances cannot hibernate")  # type: ignore[attr-defined]
        roots = [v for v in ctx.index.of_kind("ebs") if ctx.props(v).attached_to == node.id  # type: ignore
                 and ctx.props(v).is_root]  # type: ignore[attr-defined]
        if roots and not ctx.props(roots[0]).encrypted:  # type: ignore[attr-defined]
            problems.append(f"its root volume {roots[0].id} is not encrypted")
        if problems:
            yield hit(node.id, f"{title(node)} enables hibernation, but {'; '.join(problems)}.",
                      fix="Use an On-Demand or Reserved C/M/R (3rd-5th generation) instance with an encrypted EBS root "
                      "volume large enough for its RAM.")


@rule("EC2-PUR-001", "warning", pillars=("reliability",))
def no_spot_for_state(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_raw(("ec2",), "purchase_option"):
        props = ctx.props(node)
        role = (props.role or "").lower()  # type: ignore[attr-defined]
        critical = props.stores_state or role in ("database", "db", "stateful", "critical") \
            or ctx.intent(node, "critical")  # type: ignore[attr-defined]
        if props.purchase_option == "spot" and critical:  # type: ignore[attr-defined]
            yield hit(node.id, f"{title(node)} keeps state or is critical but runs on Spot, which AWS can reclaim with "
                      "two minutes' notice.", fix=f"Run {node.id} On-Demand (or Reserved).",
                      quick_fix=_set(node.id, f"Run {node.id} On-Demand", purchase_option="on_demand"))


@rule("EC2-PUR-002", "error", pillars=("cost",))
def reservation_term(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_raw(("ec2",), "reservation_years"):
        years = ctx.props(node).reservation_years  # type: ignore[attr-defined]
        if years is not None and years not in (1, 3):
            yield hit(node.id, f"{title(node)} is reserved for {years} year(s); Reserved Instances last exactly 1 or "
                      "3 years.", fix=f"Set reservation_years of {node.id} to 1 or 3.",
                      quick_fix=_set(node.id, f"Reserve {node.id} for 1 year", reservation_years=1))


@rule("EC2-CAP-001", "error", pillars=("reliability",))
def capacity_reservation_one_az(ctx: RuleContext) -> Iterator[Hit]:
    for reservation in ctx.index.of_kind("capacity_reservation"):
        if ctx.index.az_of(reservation.id) is None:
            yield hit(reservation.id, f"Capacity reservation {title(reservation)} is not placed in an Availability "
                      "Zone; a reservation covers exactly one AZ.",
                      fix=f"Draw {reservation.id} inside the AZ it reserves (one reservation per AZ).")


@rule("EC2-NITRO-001", "error", pillars=("performance",))
def high_iops_needs_nitro(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        props = ctx.props(volume)
        if props.iops is None or props.iops <= 32000 or not props.attached_to:  # type: ignore[attr-defined]
            continue
        node = ctx.diagram.nodes.get(props.attached_to)  # type: ignore[attr-defined]
        if node is None:
            continue
        instance_type = ctx.props(node).instance_type  # type: ignore[attr-defined]
        if family(instance_type).rstrip("dn") in NON_NITRO_FAMILIES or family(instance_type) in NON_NITRO_FAMILIES:
            yield hit([volume.id, node.id], f"Volume {title(volume)} asks for {props.iops} IOPS, but {node.id} "  # type: ignore
                      f"({instance_type}) is not a Nitro instance: above 32,000 IOPS needs Nitro.",
                      fix=f"Use a Nitro instance type for {node.id} (e.g. m5 or newer), or stay at 32,000 IOPS.")


@rule("EC2-TYPE-001", "info", pillars=("performance", "cost"))
def instance_family_fits_role(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_raw(("ec2",), "role"):
        props = ctx.props(node)
        role = (props.role or "").lower()  # type: ignore[attr-defined]
        fam = family(props.instance_type)  # type: ignore[attr-defined]
        if role in ("database", "db", "cache") and fam.startswith("t"):
            yield hit(node.id, f"{title(node)} runs a {role} on the burstable {props.instance_type}; databases and "  # type: ignore
                      "caches need steady CPU and memory.",
                      fix=f"Use a memory-optimised type (r family, e.g. r6g.large) for {node.id}.")


# --- EBS -----------------------------------------------------------------------------------------------------

def _attachments(ctx: RuleContext, volume: Node) -> list[str]:
    props = ctx.props(volume)
    ids = [props.attached_to] if props.attached_to else []  # type: ignore[attr-defined]
    ids += [i for i in props.extra_attachments if i not in ids]  # type: ignore[attr-defined]
    return [i for i in ids if i in ctx.diagram.nodes]


@rule("EBS-AZ-001", "error", pillars=("reliability",), aliases=("storage.ebs_cross_az_attach",))
def ebs_same_az(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        here = ctx.index.az_key(volume.id)
        for instance in _attachments(ctx, volume):
            there = ctx.index.az_key(instance)
            if here and there and here != there:
                parent = ctx.node(instance).parent
                yield hit([volume.id, instance], f"EBS volume {title(volume)} lives in {here} but is attached to "
                          f"{instance} in {there}; a volume only attaches to instances of its own AZ.",
                          fix=f"Snapshot {volume.id} and restore it in {there}, next to {instance}.",
                          quick_fix=QuickFix(f"Recreate {volume.id} in {there} (from a snapshot)",
                                             lambda d, v=volume.id, p=parent: reparent_node(d, v, p, (120.0, 36.0))))


@rule("EBS-ATT-001", "error", pillars=("reliability",))
def ebs_single_attachment(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        attached = _attachments(ctx, volume)
        if len(attached) > 1 and not ctx.props(volume).multi_attach:  # type: ignore[attr-defined]
            yield hit([volume.id, *attached], f"EBS volume {title(volume)} is attached to {len(attached)} instances "
                      f"({', '.join(attached)}) without Multi-Attach; a volume attaches to one instance.",
                      fix="Share the data through EFS, or give each instance its own volume.")


@rule("EBS-MA-001", "error", pillars=("reliability",), aliases=("storage.multi_attach_type",))
def multi_attach_io(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        props = ctx.props(volume)
        if not props.multi_attach:  # type: ignore[attr-defined]
            continue
        if props.volume_type not in ("io1", "io2"):  # type: ignore[attr-defined]
            yield hit(volume.id, f"EBS volume {title(volume)} enables Multi-Attach on {props.volume_type}; only "  # type: ignore
                      "io1/io2 volumes support it.", fix=f"Make {volume.id} an io2 volume, or turn Multi-Attach off.",
                      quick_fix=_set(volume.id, f"Make {volume.id} io2", volume_type="io2",
                                     iops=max(props.iops or 0, 3000)))  # type: ignore[attr-defined]
        azs = {ctx.index.az_key(i) for i in _attachments(ctx, volume)} | {ctx.index.az_key(volume.id)}
        if len(azs - {None}) > 1:
            yield hit([volume.id, *_attachments(ctx, volume)], f"Multi-Attach volume {title(volume)} is attached "
                      "across AZs; every instance must be in the volume's AZ.",
                      fix=f"Keep the instances sharing {volume.id} in its AZ.")


@rule("EBS-MA-002", "warning", pillars=("reliability",))
def multi_attach_cluster_fs(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        props = ctx.props(volume)
        fs = (props.filesystem or "").lower()  # type: ignore[attr-defined]
        if props.multi_attach and fs in ("xfs", "ext4", "ext3", "ntfs"):  # type: ignore[attr-defined]
            yield hit(volume.id, f"Multi-Attach volume {title(volume)} uses {fs}, which is not cluster-aware: "
                      "concurrent writers corrupt it.",
                      fix=f"Use a cluster-aware file system (e.g. GFS2) on {volume.id}, or EFS for shared files.")


@rule("EBS-BOOT-001", "error", pillars=("reliability",))
def boot_volume_is_ssd(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        props = ctx.props(volume)
        if props.is_root and props.volume_type in ("st1", "sc1"):  # type: ignore[attr-defined]
            yield hit(volume.id, f"Root volume {title(volume)} is {props.volume_type} (HDD); boot volumes must be "  # type: ignore
                      "SSD (gp2, gp3, io1, io2).", fix=f"Make {volume.id} gp3.",
                      quick_fix=_set(volume.id, f"Make {volume.id} gp3", volume_type="gp3"))


@rule("EBS-SIZE-001", "error", pillars=("reliability",))
def ebs_size_limits(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        props = ctx.props(volume)
        low, notes_max, aws_max = EBS_SIZE.get(props.volume_type, (1, 16384, 16384))  # type: ignore[attr-defined]
        size = props.size_gib  # type: ignore[attr-defined]
        if size < low or size > aws_max:
            yield hit(volume.id, f"EBS volume {title(volume)} is {size} GiB; {props.volume_type} volumes take "  # type: ignore
                      f"{low} to {aws_max} GiB.", fix=f"Size {volume.id} between {low} and {aws_max} GiB.")
        elif size > notes_max:
            yield hit(volume.id, f"EBS volume {title(volume)} is {size} GiB, above the notes' {notes_max} GiB for "
                      f"{props.volume_type}; AWS accepts it today (up to {aws_max} GiB).",  # type: ignore
                      fix="No change needed; check the volume type's current limits.", severity="info")


@rule("EBS-PERF-001", "error", pillars=("performance",))
def ebs_iops_limits(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        props = ctx.props(volume)
        limits = EBS_IOPS.get(props.volume_type)  # type: ignore[attr-defined]
        iops = props.iops  # type: ignore[attr-defined]
        if limits is None or iops is None:
            continue
        notes_max, aws_max, per_gib = limits
        ceiling = min(aws_max, per_gib * props.size_gib)  # type: ignore[attr-defined]
        if iops > ceiling:
            yield hit(volume.id, f"EBS volume {title(volume)} asks for {iops} IOPS; a {props.size_gib} GiB "  # type: ignore
                      f"{props.volume_type} volume allows at most {ceiling} ({per_gib} per GiB, {aws_max} max).",  # type: ignore
                      fix=f"Lower the IOPS of {volume.id} to {ceiling} or enlarge it.",
                      quick_fix=_set(volume.id, f"Set {volume.id} to {ceiling} IOPS", iops=ceiling))
        elif iops > notes_max:
            yield hit(volume.id, f"EBS volume {title(volume)} asks for {iops} IOPS, above the notes' {notes_max} "
                      f"for {props.volume_type}; AWS allows it today.", fix="No change needed.",  # type: ignore
                      severity="info")


@rule("EBS-ENC-001", "error", pillars=("security",))
def ebs_encryption_propagates(ctx: RuleContext) -> Iterator[Hit]:
    for volume in ctx.index.of_kind("ebs"):
        props = ctx.props(volume)
        snapshot = ctx.diagram.nodes.get(props.source_snapshot or "")  # type: ignore[attr-defined]
        if snapshot is not None and snapshot.props.get("encrypted") and not props.encrypted:  # type: ignore
            yield hit([volume.id, snapshot.id], f"EBS volume {title(volume)} is restored from the encrypted snapshot "
                      f"{snapshot.id} but marked unencrypted; volumes from encrypted snapshots are always encrypted.",
                      fix=f"Set encrypted: true on {volume.id}.",
                      quick_fix=_set(volume.id, f"Encrypt {volume.id}", encrypted=True))
    for snapshot in ctx.index.of_kind("ebs_snapshot"):
        source = ctx.diagram.nodes.get(snapshot.props.get("source") or "")
        if source is not None and source.kind == "ebs" and ctx.props(source).encrypted \
                and snapshot.props.get("encrypted") is False:  # type: ignore[attr-defined]
            yield hit([snapshot.id, source.id], f"Snapshot {title(snapshot)} of the encrypted volume {source.id} is "
                      "marked unencrypted; snapshots of encrypted volumes are encrypted.",
                      fix=f"Set encrypted: true on {snapshot.id}.",
                      quick_fix=_set(snapshot.id, f"Encrypt {snapshot.id}", encrypted=True))


@rule("EBS-ENC-003", "error", pillars=("security",), aliases=("kms.cross_region_key",))
def ebs_key_in_region(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for volume in ctx.index.of_kind("ebs"):
        key = ctx.props(volume).kms_key  # type: ignore[attr-defined]
        if key and key in ctx.diagram.nodes and f.region_name(key) != f.region_name(volume.id):
            yield hit([volume.id, key], f"EBS volume {title(volume)} ({f.region_name(volume.id)}) is encrypted with the "
                      f"KMS key {key} of {f.region_name(key)}; KMS keys are regional.",
                      fix=f"Use a KMS key of {f.region_name(volume.id)} for {volume.id}.")


@rule("EBS-RAID-001", "warning", pillars=("reliability",))
def ebs_raid(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_raw(("ec2",), "raid_level"):
        level = ctx.props(node).raid_level  # type: ignore[attr-defined]
        if level in (5, 6):
            yield hit(node.id, f"{title(node)} builds RAID {level} over EBS; parity writes eat the volumes' IOPS and "
                      "network, so AWS advises against it.", fix="Use RAID 0 for performance or RAID 1 for mirroring.")
        elif level == 0 and (ctx.intent(node, "fault_tolerant") or ctx.intent(node, "ha")):
            yield hit(node.id, f"{title(node)} needs fault tolerance but stripes its data with RAID 0: losing one "
                      "volume loses the array.", fix="Use RAID 1, or replicate the data elsewhere.")


@rule("storage.raid0_no_redundancy", "info", section="EBS RAID configurations", lines="§EBS RAID configurations L936-983",
      pillars=("reliability",), summary="RAID 0 over EBS adds capacity and IOPS but no redundancy: one lost volume "
      "loses the array.")
def raid0_no_redundancy(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_raw(("ec2",), "raid_level"):
        if ctx.props(node).raid_level == 0 and not (ctx.intent(node, "fault_tolerant") or ctx.intent(node, "ha")):  # type: ignore
            yield hit(node.id, f"{title(node)} stripes EBS volumes with RAID 0: faster, but losing any one volume "
                      "loses all the data.", fix=f"Keep snapshots of {node.id}'s volumes, or use RAID 1 if the data "
                      "must survive a volume failure.")


@rule("IST-001", "warning", pillars=("reliability",))
def instance_store_is_ephemeral(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_raw(INSTANCE_KINDS, "instance_store_data"):
        if ctx.props(node).instance_store_data == "durable" and not ctx.intent(node, "replicated"):  # type: ignore
            yield hit(node.id, f"{title(node)} keeps data that must last on its instance store, which is lost when "
                      "the instance stops, terminates, fails or is recovered.",
                      fix=f"Keep that data on EBS, EFS or S3 (or replicate it elsewhere); use {node.id}'s instance "
                      "store only for cache, buffers or scratch files.",
                      quick_fix=_set(node.id, f"Use {node.id}'s instance store for scratch data only",
                                     instance_store_data="scratch"))


@rule("mon.recovery_instance_store", "info", section="EC2 Instance Recovery with CloudWatch Alarms",
      lines="§EC2 Instance Recovery with CloudWatch Alarms L5724-5738", pillars=("reliability",),
      summary="An instance protected by EC2 automatic recovery loses its instance-store data when recovered.")
def recovery_loses_instance_store(ctx: RuleContext) -> Iterator[Hit]:
    recovered: set[str] = set()
    for alarm in ctx.index.of_kind("cloudwatch_alarm"):
        targets = [ctx.diagram.edges[e].target for e in ctx.index.out_edges.get(alarm.id, [])]
        for key in ("actions", "instance"):
            value = alarm.props.get(key)
            targets += value if isinstance(value, list) else [value] if isinstance(value, str) else []
        recovered.update(t for t in targets if t in ctx.diagram.nodes and ctx.node(t).kind in INSTANCE_KINDS)
    for node_id in sorted(recovered):
        if ctx.props(node_id).instance_store_data != "none":  # type: ignore[attr-defined]
            yield hit(node_id, f"{node_id} is protected by a recovery alarm, but recovery moves it to new hardware "
                      "and its instance-store data is lost.",
                      fix=f"Keep {node_id}'s important data on EBS (recovery keeps EBS volumes).")


@rule("EBS-SHARE-001", "warning", pillars=("reliability",), aliases=("storage.ebs_for_shared_content",))
def shared_content_not_on_ebs(ctx: RuleContext) -> Iterator[Hit]:
    shared = [v for v in ctx.index.of_kind("ebs") if ctx.props(v).shared_content]  # type: ignore[attr-defined]
    if not shared:
        return
    owners = {v.id: _attachments(ctx, v) for v in shared}
    in_asg = {v for v, ids in owners.items() if any(ctx.props(i).member_of for i in ids)}  # type: ignore
    if len(shared) >= 2 or in_asg:
        azs = sorted({ctx.index.az_key(v.id) or "?" for v in shared})
        ids = [v.id for v in shared]
        yield hit(ids, f"Shared content (e.g. uploads) lives on per-instance EBS volumes ({', '.join(ids[:4])}) in "
                  f"{', '.join(azs)}: each instance sees only its own copy, so users get different files depending "
                  "on which instance serves them.",
                  fix="Store the shared files on one EFS file system mounted by every instance (mount target per AZ).")


@rule("AMI-001", "error", pillars=("reliability",))
def ami_in_region(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for node in f.with_raw(INSTANCE_KINDS, "ami"):
        ami = ctx.props(node).ami  # type: ignore[attr-defined]
        if ami and ami in ctx.diagram.nodes and f.region_name(ami) and f.region_name(ami) != f.region_name(node.id):
            yield hit([node.id, ami], f"{title(node)} ({f.region_name(node.id)}) launches from the AMI {ami} of "
                      f"{f.region_name(ami)}; AMIs are regional.",
                      fix=f"Copy {ami} to {f.region_name(node.id)} and launch from the copy.")


# --- EFS -----------------------------------------------------------------------------------------------------

def _efs_flows(ctx: RuleContext) -> Iterator[tuple[str, Node, list[Node]]]:
    """(client, file system, its mount targets) for every drawn flow from a client to EFS or a mount target."""
    f = facts(ctx)
    targets_by_fs: dict[str, list[Node]] = defaultdict(list)
    for mount in ctx.index.of_kind("efs_mount_target"):
        fs = ctx.props(mount).efs  # type: ignore[attr-defined]
        if fs:
            targets_by_fs[fs].append(mount)
    for edge in f.traffic_edges:
        target = ctx.node(edge.target)
        if target.kind == "efs":
            yield edge.source, target, targets_by_fs.get(target.id, [])
        elif target.kind == "efs_mount_target":
            fs = ctx.props(target).efs  # type: ignore[attr-defined]
            if fs in ctx.diagram.nodes:
                yield edge.source, ctx.node(fs), targets_by_fs.get(fs, [])


@rule("EFS-OS-001", "error", pillars=("reliability",), aliases=("storage.efs_windows",))
def efs_linux_only(ctx: RuleContext) -> Iterator[Hit]:
    for client, fs, _mounts in _efs_flows(ctx):
        node = ctx.node(client)
        if node.kind in INSTANCE_KINDS and ctx.props(node).os == "windows":  # type: ignore[attr-defined]
            yield hit([client, fs.id], f"Windows instance {title(node)} mounts the EFS file system {fs.id}; EFS only "
                      "serves Linux (NFS) clients.", fix=f"Use FSx for Windows File Server for {client}.")


@rule("EFS-MT-001", "error", pillars=("reliability",))
def efs_mount_targets(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    seen: set[tuple[str, str]] = set()
    for client, fs, mounts in _efs_flows(ctx):
        if not mounts or ctx.node(client).kind not in EFS_CLIENT_KINDS:
            continue
        client_vpc = f.vpc_id(client) or next((f.vpc_id(s) for s in f.subnets_of(client)), None)
        vpcs = {f.vpc_id(m.id) for m in mounts}
        if client_vpc is not None and client_vpc not in vpcs:
            yield hit([client, fs.id], f"{title(ctx.node(client))} in {client_vpc} mounts {fs.id}, whose mount targets "
                      f"are in {', '.join(sorted(v or '?' for v in vpcs))}; clients mount through a target in their "
                      "own VPC.", fix=f"Add a mount target of {fs.id} in {client_vpc}.")
            continue
        for az in sorted(f.azs_of(client)):
            if az in {ctx.index.az_key(m.id) for m in mounts} or (fs.id, az) in seen:
                continue
            seen.add((fs.id, az))
            subnet = next((s for s in f.subnets_of(client) if ctx.index.az_key(s) == az), None)
            yield hit([fs.id, client], f"{title(ctx.node(client))} in {az} mounts {fs.id}, which has no mount target "
                      f"in {az}: its NFS traffic crosses AZs and fails with the other AZ.",
                      fix=f"Add a mount target of {fs.id} in {subnet or az}.", severity="warning",
                      quick_fix=QuickFix(f"Add a mount target of {fs.id} in {subnet}", lambda d, s=subnet, e=fs.id,
                                         m=mounts[0].id: AddNode(Node(
                                             id=unique_id(d, f"{e}-mt-{s}"), kind="efs_mount_target", parent=s,
                                             pos=(200.0, 36.0), props={"efs": e, "security_groups": list(
                                                 d.nodes[m].props.get("security_groups", []))}), "Add mount target"))
                      if subnet else None)


@rule("EFS-SG-001", "error", pillars=("reliability",), aliases=("storage.efs_sg_blocks_nfs",))
def efs_sg_allows_nfs(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    seen: set[tuple[str, str]] = set()
    for client, fs, mounts in _efs_flows(ctx):
        holders = mounts or [fs]
        for holder in holders:
            sgs = f.sgs(holder.id)
            if not sgs or f.sg_admits(sgs, Protocol.TCP, 2049, client) or (holder.id, client) in seen:
                continue
            seen.add((holder.id, client))
            client_sgs = f.sgs(client)
            peer = {"sg": client_sgs[0].id} if client_sgs else {"cidr": str(f.address_of(client))}
            peer_text = next(iter(peer.values()))
            yield hit([holder.id, client, sgs[0].id], f"The security group {sgs[0].id} of {title(holder)} does not "
                      f"admit NFS (TCP 2049) from {client}: mounting {fs.id} times out.",
                      fix=f"Add an inbound rule to {sgs[0].id}: tcp 2049 from {peer_text}.",
                      quick_fix=QuickFix(f"Allow NFS from {peer_text} in {sgs[0].id}", lambda d, g=sgs[0].id, p=peer: set_node_fields(d, g, props={"inbound": [
                                             *d.nodes[g].props.get("inbound", []), {"protocol": "tcp", "port": 2049,
                                                                                    **p}]})))
