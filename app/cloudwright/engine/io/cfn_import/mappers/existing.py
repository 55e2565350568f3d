"""Placeholders for existing VPCs, subnets and security groups that a template takes as parameters.

Many templates deploy into a network made elsewhere (``VpcId: AWS::EC2::VPC::Id``, ``Subnets:
List<AWS::EC2::Subnet::Id>``). Their resources still belong in a VPC and subnets, not in the default
VPC, so each such parameter gets a placeholder node (for a list of subnets, two, in two AZs). Their CIDRs
are unknown: placeholders get blocks from 10.255.0.0/16 downwards and a warning says so.
"""

from __future__ import annotations

import re

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft

VPC, SUBNET, SG = "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup"
_PUBLIC_NAME = re.compile(r"(public|pub|dmz|edge)", re.I)
SHARED_VPC = "existing-vpc"


def add_placeholders(ctx: ImportContext) -> None:
    existing = ctx.resolver.existing
    if not existing:
        return
    vpcs = [i for i, t in existing.items() if t == VPC]
    for n, vpc_id in enumerate(vpcs):
        ctx.add(NodeDraft(vpc_id, "vpc", f"{vpc_id} (existing VPC)", {"cidr": f"10.{255 - n}.0.0/16", "existing": True},
                          cfn_type="(parameter: existing VPC)"))
    home = vpcs[0] if len(vpcs) == 1 else None
    needs_shared = home is None and any(t in (SUBNET, SG) for t in existing.values())
    if needs_shared:
        ctx.add(NodeDraft(SHARED_VPC, "vpc", "existing VPC", {"cidr": f"10.{255 - len(vpcs)}.0.0/16", "existing": True},
                          cfn_type="(parameters: existing network)"))
        home = SHARED_VPC
    octet = int(ctx.nodes[home].props["cidr"].split(".")[1]) if home else 255
    subnets = [i for i, t in existing.items() if t == SUBNET]
    for n, subnet_id in enumerate(subnets):
        ctx.add(NodeDraft(subnet_id, "subnet", f"{subnet_id} (existing subnet)",
                          {"cidr": f"10.{octet}.{n}.0/24", "existing": True}, cfn_type="(parameter: existing subnet)",
                          vpc=home, az=f"az-{n % 2 + 1}"))
    for sg_id in (i for i, t in existing.items() if t == SG):
        ctx.add(NodeDraft(sg_id, "security_group", f"{sg_id} (existing group)", {"inbound": [], "existing": True},
                          cfn_type="(parameter: existing security group)", vpc=home))
    ctx.warnings.append("parameters naming an existing network are drawn as placeholders (made-up CIDRs, "
                        "rules unknown): " + ", ".join(existing))


def prune_unused_placeholders(ctx: ImportContext) -> None:
    """Placeholders nothing uses (the second subnet of a list only ``!Select [0, ...]`` reads) go away."""
    placeholders = [d.id for d in ctx.nodes.values() if d.cfn_type.startswith("(parameter")]
    if not placeholders:
        return
    for kinds in (("subnet", "security_group"), ("vpc",)):
        used: set[str] = set()
        for draft in ctx.nodes.values():
            if draft.id in placeholders and draft.kind in kinds:
                continue
            used.update(draft.subnets)
            used.update(v for v in (draft.vpc, draft.parent) if v)
            used.update(_strings(draft.props))
        for node_id in placeholders:
            if node_id in ctx.nodes and ctx.nodes[node_id].kind in kinds and node_id not in used:
                del ctx.nodes[node_id]
    kept = [ctx.nodes[i] for i in placeholders if i in ctx.nodes and ctx.nodes[i].kind == "subnet"]
    for n, subnet in enumerate(kept):  # spread what is left over two AZs, as such templates intend
        subnet.az = f"az-{n % 2 + 1}"


def _strings(value: object) -> list[str]:
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return found


def assume_public_routing(ctx: ImportContext) -> None:
    """An existing VPC is assumed wired the usual way: an IGW, and a public route table for the subnets
    that an internet-facing load balancer uses or whose name says public (said in a warning)."""
    subnets = [d for d in ctx.nodes.values() if d.kind == "subnet" and d.cfn_type.startswith("(parameter")]
    facing = {s for d in ctx.nodes.values() if d.kind in ("alb", "nlb", "clb") and
              d.props.get("scheme") == "internet-facing" for s in d.props.get("subnets", [])}
    public = [d for d in subnets if d.id in facing or _PUBLIC_NAME.search(d.id)]
    for vpc in sorted({d.vpc for d in public if d.vpc}):
        igw, table = f"{vpc}-igw", f"{vpc}-public-rt"
        ctx.add(NodeDraft(igw, "igw", "IGW (assumed)", {"existing": True}, cfn_type="(assumed for an existing VPC)", vpc=vpc))
        ctx.add(NodeDraft(table, "route_table", "public routes (assumed)",
                          {"routes": [{"destination": "0.0.0.0/0", "target": igw}],
                           "subnets": [d.id for d in public if d.vpc == vpc], "existing": True},
                          cfn_type="(assumed for an existing VPC)", vpc=vpc))
        ctx.warnings.append(f"existing VPC {vpc}: assumed an internet gateway and a public route for "
                            + ", ".join(d.id for d in public if d.vpc == vpc))
