"""Where each imported node sits: region > VPC > AZ > subnet > resource, and the default VPC.

Mappers leave hints (the subnets a resource uses, its VPC, its AZ); this module creates the containers
(the region, one AZ column per AZ a VPC uses, AWS's default VPC when a resource has no VPC of its own)
and picks each node's parent from the hints and the catalogue's containment rules.
"""

from __future__ import annotations

import ipaddress
import re

from cloudwright.engine.catalog import catalog
from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft
from cloudwright.engine.io.cfn_import.mappers.common import DEFAULT_VPC
from cloudwright.engine.io.cfn_import.mappers.security import ensure_default_sg

DEFAULT_CIDR = "172.31.0.0/16"
_DATA_NAME = re.compile(r"(db|data|database|rds|isolated|storage)", re.I)
#: Drawn between the on-premises network and the region, so the tunnel reads left to right.
OUTSIDE_KINDS = {"vpn_connection"}
DATA_KINDS = {"rds", "aurora_instance", "elasticache", "efs_mount_target", "redshift", "documentdb", "neptune"}


def _allowed(kind: str, parent_kind: str) -> bool:
    return parent_kind in catalog().get(kind).parents


def place(ctx: ImportContext) -> None:
    """Give every draft its parent, creating region, VPC-default and AZ containers as needed."""
    region = ctx.region
    ctx.add(NodeDraft(region, "region", region, {"name": region}, cfn_type="(region)"))
    _resolve_vpcs(ctx)
    if any(d.vpc == DEFAULT_VPC for d in ctx.nodes.values()):
        _default_vpc(ctx, region)
    for draft in ctx.nodes.values():
        holder = ctx.nodes.get(draft.props.get("associated_with") or "") if draft.kind == "elastic_ip" else None
        if holder is not None:  # an Elastic IP is drawn next to what it is attached to
            draft.subnets, draft.vpc = list(holder.subnets[:1]), holder.vpc
    for draft in list(ctx.nodes.values()):
        if draft.kind == "vpc":
            draft.parent = region
    _azs(ctx)
    for draft in list(ctx.nodes.values()):
        if draft.parent is None and draft.kind not in ("region", "vpc", "subnet", "az"):
            _place_one(ctx, draft, region)
    _tiers(ctx)


def _resolve_vpcs(ctx: ImportContext) -> None:
    """Each draft's VPC: from its subnet, else its own hint; VPC-bound drafts with none go to the default."""
    for draft in ctx.nodes.values():
        if draft.kind == "subnet" and draft.vpc is None:
            draft.vpc = DEFAULT_VPC
    for draft in ctx.nodes.values():
        first = next((s for s in draft.subnets if s in ctx.nodes), None)
        if first is not None:
            draft.vpc = ctx.nodes[first].vpc
        elif draft.vpc is None and draft.parent is None and not _free_standing(draft.kind) \
                and draft.kind not in ("vpc", "region", "igw", "vgw"):
            draft.vpc = DEFAULT_VPC


def _free_standing(kind: str) -> bool:
    parents = catalog().get(kind).parents
    return "region" in parents or "root" in parents


def _default_vpc(ctx: ImportContext, region: str) -> None:
    """AWS's default VPC: 172.31.0.0/16, a public /20 per AZ, an IGW, a main table to it, a default SG."""
    ctx.add(NodeDraft(DEFAULT_VPC, "vpc", "default VPC", {"cidr": DEFAULT_CIDR, "is_default": True,
                                                          "enable_dns_hostnames": True}, cfn_type="(default VPC)"))
    zones = sorted({d.az for d in ctx.nodes.values() if d.vpc == DEFAULT_VPC and d.az} | {"az-1", "az-2"},
                   key=lambda z: int(z.split("-")[1]))
    blocks = ipaddress.ip_network(DEFAULT_CIDR).subnets(new_prefix=20)
    subnets = []
    for zone, block in zip(zones, blocks, strict=False):
        subnet_id = f"default-subnet-{zone.split('-')[1]}"
        subnets.append(subnet_id)
        ctx.add(NodeDraft(subnet_id, "subnet", f"default subnet {zone}",
                          {"cidr": str(block), "auto_assign_public_ip": True, "tier": "public"},
                          cfn_type="(default subnet)", vpc=DEFAULT_VPC, az=zone))
    ctx.add(NodeDraft("default-igw", "igw", "default IGW", cfn_type="(default VPC)", vpc=DEFAULT_VPC))
    ctx.add(NodeDraft("default-main-rt", "route_table", "main route table",
                      {"main": True, "routes": [{"destination": "0.0.0.0/0", "target": "default-igw"}],
                       "subnets": []}, cfn_type="(default VPC)", vpc=DEFAULT_VPC))
    ensure_default_sg(ctx, DEFAULT_VPC)
    for draft in ctx.nodes.values():
        if draft.vpc == DEFAULT_VPC and not draft.subnets and _needs_subnet(draft.kind):
            zone = draft.az if draft.az in zones else zones[0]
            draft.subnets = [f"default-subnet-{zone.split('-')[1]}"]
            if "subnets" in draft.props and not draft.props["subnets"]:
                draft.props["subnets"] = list(subnets)


def _needs_subnet(kind: str) -> bool:
    parents = catalog().get(kind).parents
    return "subnet" in parents and "region" not in parents and "root" not in parents


def _azs(ctx: ImportContext) -> None:
    """One AZ container per (VPC, AZ) in use; ids are ``az-N``, prefixed by the VPC when there are several."""
    pairs = sorted({(d.vpc, d.az or "az-1") for d in ctx.nodes.values() if d.kind == "subnet"},
                   key=lambda p: (str(p[0]), int(p[1].split("-")[1])))
    several = len({vpc for vpc, _ in pairs}) > 1
    for vpc, zone in pairs:
        az_id = f"{vpc}-{zone}" if several else zone
        number = zone.split("-")[1]
        real_name = f"{ctx.region}{chr(ord('a') + int(number) - 1)}"
        ctx.add(NodeDraft(az_id, "az", f"Availability Zone {number}", {"name": real_name}, cfn_type="(AZ)",
                          parent=vpc))
    for draft in ctx.nodes.values():
        if draft.kind == "subnet":
            zone = draft.az or "az-1"
            draft.parent = f"{draft.vpc}-{zone}" if several else zone


def _place_one(ctx: ImportContext, draft: NodeDraft, region: str) -> None:
    if draft.kind in OUTSIDE_KINDS:
        return
    subnet = next((s for s in draft.subnets if s in ctx.nodes and ctx.nodes[s].kind == "subnet"), None)
    if subnet is not None and _allowed(draft.kind, "subnet"):
        draft.parent = subnet
    elif draft.vpc in ctx.nodes and _allowed(draft.kind, "vpc"):
        draft.parent = draft.vpc
    elif _allowed(draft.kind, "region"):
        draft.parent = region
    elif _allowed(draft.kind, "root"):
        draft.parent = None
    else:
        ctx.warnings.append(f"{draft.id} ({draft.cfn_type}): not attached to any VPC in the template; "
                            "kept as a generic node")
        draft.kind, draft.props, draft.parent = "cfn_resource", {"cfn_type": draft.cfn_type}, region


def _tiers(ctx: ImportContext) -> None:
    """Subnet tiers: public when its route table sends 0.0.0.0/0 to an IGW, data when named or used so."""
    table_of: dict[str, NodeDraft] = {}
    for draft in ctx.nodes.values():
        if draft.kind == "route_table":
            for subnet in draft.props.get("subnets", []):
                table_of.setdefault(subnet, draft)
    main = {d.vpc: d for d in ctx.nodes.values() if d.kind == "route_table" and d.props.get("main")}
    holders: dict[str, set[str]] = {}
    for draft in ctx.nodes.values():
        if draft.parent:
            holders.setdefault(draft.parent, set()).add(draft.kind)
    for draft in ctx.nodes.values():
        if draft.kind != "subnet" or "tier" in draft.props:
            continue
        table = table_of.get(draft.id) or main.get(draft.vpc)
        routes = table.props.get("routes", []) if table else []
        public = any(r.get("destination") in ("0.0.0.0/0", "::/0") and ctx.nodes.get(r.get("target", ""))
                     and ctx.nodes[r["target"]].kind == "igw" for r in routes)
        kinds = holders.get(draft.id, set())
        if public:
            draft.props["tier"] = "public"
        elif (kinds and kinds <= DATA_KINDS) or _DATA_NAME.search(f"{draft.id} {draft.label}"):
            draft.props["tier"] = "data"
        else:
            draft.props["tier"] = "private"
