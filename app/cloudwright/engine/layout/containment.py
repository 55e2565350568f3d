"""Containment-aware grid layout, deterministic (the same design always gets the same picture).

Inside a VPC: gateways down the left edge, one column per AZ with subnets in rows by tier (public,
private, data, aligned across AZs), plumbing (route tables, NACLs, security groups, target groups) in
columns on the right, other VPC-level resources in a row underneath. Inside a region: VPCs stacked, regional
services in a grid beside them. At the top level: external actors and global services in a column on
the left, regions to their right. Every other container lays its children out in a grid.
"""

from __future__ import annotations

from collections import defaultdict

from cloudwright.engine.catalog import catalog
from cloudwright.engine.layout.geometry import (
    BOX_GAP,
    CELL,
    EMPTY_BOX,
    LEAF_GAP,
    MIN_SUBNET,
    PAD,
    ROW_GAP,
    TOP,
)
from cloudwright.engine.layout.grid import Positions, Size, leaf_columns, place_leaves, stack, wrap_columns
from cloudwright.engine.model.diagram import Diagram, typed_props

GATEWAYS = ("igw", "egress_only_igw", "vgw", "vpc_endpoint_gateway", "vpn_cloudhub")
PLUMBING = ("route_table", "nacl", "security_group", "target_group", "flow_log")
TIERS = ("public", "private", "data")
REGIONAL_ORDER = ("transit_gateway", "tgw_route_table", "vpc_peering", "vpn_connection", "dx_connection",
                  "api_gateway", "lambda", "s3_bucket", "dynamodb_table", "sqs_queue", "sns_topic",
                  "kinesis_data_stream")
LEFT_ORDER = ("internet", "user", "mobile_client", "admin", "corporate_dc", "customer_gateway", "vpn_connection")


class ContainmentLayout:
    """Computes ``pos`` (relative to the parent) and ``size`` (containers) for every node."""

    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.children: dict[str | None, list[str]] = defaultdict(list)
        for node in diagram.nodes.values():
            self.children[node.parent].append(node.id)
        cat = catalog()
        self.container = {n.id: n.kind in cat and cat.get(n.kind).container for n in diagram.nodes.values()}
        self.pos: Positions = {}
        self.size: dict[str, Size] = {}

    def kind(self, node_id: str) -> str:
        return self.diagram.nodes[node_id].kind

    def run(self) -> tuple[Positions, dict[str, Size]]:
        self._root()
        return self.pos, self.size

    def _measure(self, node_id: str) -> Size:
        """Lay out a node's contents (if it is a container) and return its size."""
        if not self.container[node_id]:
            return float(CELL), float(CELL)
        kind = self.kind(node_id)
        layout = {"vpc": self._vpc, "region": self._region, "subnet": self._subnet}.get(kind, self._box)
        size = layout(node_id)
        self.size[node_id] = size
        return size

    # --- generic boxes ------------------------------------------------------------------------------------
    def _box(self, node_id: str) -> Size:
        kids = self.children.get(node_id, [])
        leaves = [k for k in kids if not self.container[k]]
        boxes = [(k, self._measure(k)) for k in kids if self.container[k]]
        w1, h1 = place_leaves(leaves, PAD, TOP, leaf_columns(len(leaves)), self.pos)
        w2, h2 = stack(boxes, PAD, TOP + (h1 + BOX_GAP if leaves else 0), self.pos)
        if not kids:
            return EMPTY_BOX
        return max(w1, w2, EMPTY_BOX[0] - 2 * PAD) + 2 * PAD, TOP + h1 + h2 + (
            BOX_GAP if leaves and boxes else 0) + PAD

    def _subnet(self, node_id: str, columns: int | None = None) -> Size:
        leaves = self.children.get(node_id, [])
        columns = columns or leaf_columns(len(leaves))
        w, h = place_leaves(leaves, PAD, TOP, columns, self.pos)
        return max(MIN_SUBNET[0], w + 2 * PAD), max(MIN_SUBNET[1], TOP + h + PAD + 2)

    # --- VPC ----------------------------------------------------------------------------------------------
    def _vpc(self, vpc_id: str) -> Size:
        kids = self.children.get(vpc_id, [])
        azs = [k for k in kids if self.kind(k) == "az"]
        loose_subnets = [k for k in kids if self.kind(k) == "subnet"]
        gateways = [k for k in kids if self.kind(k) in GATEWAYS]
        plumbing = [k for k in kids if self.kind(k) in PLUMBING]
        others = [k for k in kids if k not in azs and k not in loose_subnets and k not in gateways
                  and k not in plumbing]
        columns = [(az, self.children.get(az, [])) for az in azs]
        if loose_subnets:
            columns.append((None, loose_subnets))
        gw_width = CELL + 2 * PAD if gateways else PAD
        az_w, az_h = self._az_columns(columns, gw_width, TOP)
        place_leaves(gateways, PAD, TOP, 1, self.pos)
        gw_h = len(gateways) * (CELL + ROW_GAP)
        body_h = max(az_h, gw_h, CELL)
        plumb_x = gw_width + az_w + (BOX_GAP if az_w else 0)
        pl_w = pl_h = 0.0
        for kind in PLUMBING:  # one column group per kind: route tables, then NACLs, then groups
            group = [(p, (float(CELL), float(CELL))) for p in plumbing if self.kind(p) == kind]
            if group:
                w, h = wrap_columns(group, plumb_x + pl_w, TOP, max(body_h, 3 * CELL), self.pos)
                pl_w, pl_h = pl_w + w + LEAF_GAP, max(pl_h, h)
        pl_w = max(0.0, pl_w - LEAF_GAP)
        body_h = max(body_h, pl_h)
        other_boxes = [(k, self._measure(k)) for k in others]
        row_y = TOP + body_h + BOX_GAP
        row_w = 0.0
        row_h = 0.0
        for node_id, (w, h) in other_boxes:
            self.pos[node_id] = (gw_width + row_w, row_y)
            row_w += w + LEAF_GAP
            row_h = max(row_h, h)
        width = max(plumb_x + pl_w, gw_width + row_w - (LEAF_GAP if other_boxes else 0)) + PAD
        height = TOP + body_h + (BOX_GAP + row_h if other_boxes else 0) + PAD
        return max(width, 300.0), height

    def _az_columns(self, columns: list[tuple[str | None, list[str]]], x: float, y: float) -> Size:
        """AZ columns side by side; subnets in tier rows aligned across columns, one width for all."""
        subnet_cols = 2
        for _, kids in columns:
            for k in kids:
                if self.kind(k) == "subnet":
                    subnet_cols = max(subnet_cols, leaf_columns(len(self.children.get(k, []))))
        sizes: dict[str, Size] = {}
        for _, kids in columns:
            for k in kids:
                if self.kind(k) == "subnet":
                    sizes[k] = self._subnet(k, subnet_cols)
        subnet_w = max((w for w, _ in sizes.values()), default=MIN_SUBNET[0])
        # Row heights per (tier, slot), the same in every column so tiers line up.
        slots: dict[tuple[int, int], float] = defaultdict(float)
        per_column: list[dict[int, list[str]]] = []
        for _, kids in columns:
            by_tier: dict[int, list[str]] = defaultdict(list)
            for k in kids:
                if self.kind(k) == "subnet":
                    by_tier[self._tier(k)].append(k)
            for tier, subnets in by_tier.items():
                for slot, s in enumerate(subnets):
                    slots[(tier, slot)] = max(slots[(tier, slot)], sizes[s][1])
            per_column.append(by_tier)
        ordered_slots = sorted(slots)
        offsets, cursor = {}, 0.0
        for key in ordered_slots:
            offsets[key] = cursor
            cursor += slots[key] + BOX_GAP
        subnets_h = max(0.0, cursor - BOX_GAP)
        col_x, height = x, 0.0
        for (az, kids), by_tier in zip(columns, per_column, strict=True):
            inner_x, inner_y = (PAD, TOP) if az else (col_x, y)
            for tier, subnets in by_tier.items():
                for slot, s in enumerate(subnets):
                    self.pos[s] = (inner_x, inner_y + offsets[(tier, slot)])
                    self.size[s] = (subnet_w, slots[(tier, slot)])
            rest = [k for k in kids if self.kind(k) != "subnet"]
            rest_y = inner_y + subnets_h + (BOX_GAP if subnets_h else 0)
            rw, rh = place_leaves(rest, inner_x, rest_y, max(1, int((subnet_w + LEAF_GAP) // (CELL + LEAF_GAP))),
                                  self.pos)
            content_h = subnets_h + (BOX_GAP + rh if rest else 0)
            if az:
                size = (subnet_w + 2 * PAD, TOP + content_h + PAD)
                self.size[az] = size
                self.pos[az] = (col_x, y)
            else:
                size = (subnet_w, content_h)
            col_x += size[0] + BOX_GAP
            height = max(height, size[1])
        # Every AZ column gets the full height, so the columns read as a row.
        for az, _ in columns:
            if az:
                self.size[az] = (self.size[az][0], height)
        return max(0.0, col_x - BOX_GAP - x), height

    def _tier(self, subnet_id: str) -> int:
        tier = getattr(typed_props(self.diagram.nodes[subnet_id]), "tier", "private")
        return TIERS.index(tier) if tier in TIERS else 1

    # --- region and top level -------------------------------------------------------------------------------
    def _region(self, region_id: str) -> Size:
        kids = self.children.get(region_id, [])
        vpcs = [(k, self._measure(k)) for k in kids if self.kind(k) == "vpc"]
        rest = sorted((k for k in kids if self.kind(k) != "vpc"), key=self._regional_rank)
        vw, vh = stack(vpcs, PAD, TOP, self.pos, gap=2 * BOX_GAP)
        rest_x = PAD + vw + (2 * BOX_GAP if vpcs and rest else 0)
        between = self._between_vpcs(rest, [v for v, _ in vpcs], rest_x)
        if between:
            rest = [k for k in rest if k not in between]
            rest_x += CELL + LEAF_GAP
        boxes = [(k, self._measure(k)) for k in rest]
        max_h = max(vh, 4 * CELL)
        ranks = self._flow_ranks(rest)
        if ranks is None:
            rw, rh = wrap_columns(boxes, rest_x, TOP, max_h, self.pos, gap=ROW_GAP + 8)
        else:
            rw = rh = 0.0
            for rank in sorted(set(ranks.values())):
                column = [(k, size) for k, size in boxes if ranks[k] == rank]
                cw, ch = wrap_columns(column, rest_x + rw, TOP, max_h, self.pos, gap=ROW_GAP + 8)
                rw, rh = rw + cw + LEAF_GAP, max(rh, ch)
            rw -= LEAF_GAP
        if not kids:
            return EMPTY_BOX
        return rest_x + rw + PAD, TOP + max(vh, rh) + PAD

    def _between_vpcs(self, ids: list[str], vpcs: list[str], x: float) -> list[str]:
        """Peerings and transit gateways in their own column, level with the middle of the VPCs they join."""
        placed: list[str] = []
        taken: list[float] = []
        for node_id in ids:
            props = typed_props(self.diagram.nodes[node_id])
            if self.kind(node_id) == "vpc_peering":
                joined = [getattr(props, "vpc_a", None), getattr(props, "vpc_b", None)]
            elif self.kind(node_id) == "transit_gateway":
                joined = [a.vpc for a in getattr(props, "attachments", [])]
            else:
                continue
            ends = sorted({v for v in joined if v in vpcs}, key=lambda v: self.pos[v][1])
            if len(ends) < 2:
                continue
            top, bottom = self.pos[ends[0]][1], self.pos[ends[-1]][1] + self.size[ends[-1]][1]
            y = max(TOP, (top + bottom) / 2 - CELL / 2)
            while any(abs(y - t) < CELL + ROW_GAP for t in taken):
                y += CELL + ROW_GAP
            self.pos[node_id] = (x, y)
            taken.append(y)
            placed.append(node_id)
        return placed

    def _flow_ranks(self, ids: list[str]) -> dict[str, int] | None:
        """Columns that follow the flows among regional services (API -> functions -> data), or None."""
        members = set(ids)
        successors: dict[str, list[str]] = defaultdict(list)
        for edge in self.diagram.edges.values():
            if edge.kind == "traffic" and edge.source in members and edge.target in members:
                successors[edge.source].append(edge.target)
        if not successors:
            return None
        rank = dict.fromkeys(ids, 0)
        for _ in range(min(len(ids), 12)):  # longest path, capped: cycles and long chains stay bounded
            changed = False
            for source, targets in successors.items():
                for target in targets:
                    if rank[target] < rank[source] + 1 <= 12:
                        rank[target], changed = rank[source] + 1, True
            if not changed:
                break
        return rank

    def _regional_rank(self, node_id: str) -> tuple[int, int]:
        kind = self.kind(node_id)
        return (REGIONAL_ORDER.index(kind) if kind in REGIONAL_ORDER else len(REGIONAL_ORDER), 0)

    def _root(self) -> None:
        roots = self.children.get(None, [])
        regions = [k for k in roots if self.kind(k) == "region"]
        left = sorted((k for k in roots if k not in regions),
                      key=lambda k: LEFT_ORDER.index(self.kind(k)) if self.kind(k) in LEFT_ORDER else len(LEFT_ORDER))
        margin = 20.0
        left_items = [(k, self._measure(k)) for k in left]
        lw, lh = wrap_columns(left_items, margin, margin + 40, 900.0, self.pos, gap=ROW_GAP + 12)
        x = margin + lw + (3 * BOX_GAP if left_items else 0)
        for region in regions:
            w, h = self._measure(region)
            self.pos[region] = (x, margin)
            x += w + 2 * BOX_GAP


def auto_layout_positions(diagram: Diagram) -> tuple[Positions, dict[str, Size]]:
    return ContainmentLayout(diagram).run()
