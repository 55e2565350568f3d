"""A tiny layout kit for hand-described templates: nested rows and columns, no auto-layout engine.

A template is described as a tree of :class:`Item`: model nodes (leaves are 96 x 96 cells, containers get
a 28 px title band, children from y 36 and 16 px side padding, per the shared geometry conventions) and
virtual groups that only arrange their children (a row or a column) without becoming nodes. Positions are
written relative to the nearest model container, like the file format wants.

    >>> tree = box("vpc", "vpc", "demo", leaf("igw", "igw", "IGW"))
    >>> nodes = place_roots([tree])
    >>> nodes[1]["pos"], nodes[0]["size"]
    ([16, 36], [128, 148])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEAF = 96          #: a leaf component's cell (icon 56 + two label lines)
PAD = 16           #: side and bottom padding inside a container
TOP = 36           #: where a container's children start (28 px title band + 8)
GAP = 24           #: default gap between siblings
EMPTY = (160, 100)  #: size of a container with nothing inside
TITLE_CHAR = 8.2   #: rough width of one title character (bold 12 px), so titles are not cut off


@dataclass
class Item:
    """A model node (``kind`` set) or a virtual group (``kind`` None) arranging ``children``."""

    id: str | None
    kind: str | None
    label: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    intent: dict[str, Any] = field(default_factory=dict)
    children: list[Item] = field(default_factory=list)
    flow: str = "row"          #: "row": left to right; "col": top to bottom; "stack": on the same spot
    gap: int = GAP
    min_w: float = 0
    min_h: float = 0
    container: bool = False
    align: str = "start"       #: cross-axis alignment of children: "start" or "center"
    anchor: str | None = None  #: name under which :func:`place_roots` records this group's position

    def size(self) -> tuple[float, float]:
        if self.kind is not None and not self.container:
            return (LEAF, LEAF)
        cw, ch = self._content()
        if self.kind is None:
            return (max(cw, self.min_w), max(ch, self.min_h))
        title = 48 + TITLE_CHAR * len(self.label)
        if not self.children:
            return (max(EMPTY[0], self.min_w, title), max(EMPTY[1], self.min_h))
        return (max(PAD + cw + PAD, self.min_w, title), max(TOP + ch + PAD, self.min_h))

    def _content(self) -> tuple[float, float]:
        sizes = [c.size() for c in self.children]
        if not sizes:
            return (0, 0)
        if self.flow == "row":
            return (sum(w for w, _ in sizes) + self.gap * (len(sizes) - 1), max(h for _, h in sizes))
        if self.flow == "stack":
            return (max(w for w, _ in sizes), max(h for _, h in sizes))
        return (max(w for w, _ in sizes), sum(h for _, h in sizes) + self.gap * (len(sizes) - 1))


def leaf(node_id: str, kind: str, label: str = "", intent: dict[str, Any] | None = None, **props: Any) -> Item:
    return Item(node_id, kind, label, props, dict(intent or {}))


def box(node_id: str, kind: str, label: str, *children: Item, flow: str = "row", gap: int = GAP,
        intent: dict[str, Any] | None = None, min_w: float = 0, min_h: float = 0, **props: Any) -> Item:
    return Item(node_id, kind, label, props, dict(intent or {}), list(children), flow, gap, min_w, min_h,
                container=True)


def row(*children: Item, gap: int = GAP, align: str = "start") -> Item:
    return Item(None, None, children=list(children), flow="row", gap=gap, align=align)


def col(*children: Item, gap: int = GAP, align: str = "start") -> Item:
    return Item(None, None, children=list(children), flow="col", gap=gap, align=align)


def stack(*children: Item) -> Item:
    """Children drawn on the same spot, centred: for parts that are never shown in the same stage."""
    return Item(None, None, children=list(children), flow="stack", align="center")


def spacer(w: float, h: float, anchor: str | None = None) -> Item:
    """Empty room; with ``anchor``, its place is recorded (a slot a node moves into in a later stage)."""
    return Item(None, None, min_w=w, min_h=h, anchor=anchor)


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)


def place_roots(roots: list[Item], x: float = 0, y: float = 0, gap: int = 48, flow: str = "row",
                anchors: dict[str, tuple[str | None, list[float]]] | None = None, align: str = "start") -> list[dict]:
    """Node dicts (id, kind, label, parent, pos, size, props, intent) for top-level items laid out in a row.

    ``anchors``, when given, receives ``name -> (parent id, pos)`` for every anchored spacer.
    """
    out: list[dict] = []
    _place(Item(None, None, children=roots, flow=flow, gap=gap, align=align), x, y, None, out,
           anchors if anchors is not None else {})
    return out


def _place(item: Item, x: float, y: float, parent: str | None, out: list[dict],
           anchors: dict[str, tuple[str | None, list[float]]]) -> None:
    if item.anchor is not None:
        anchors[item.anchor] = (parent, [_num(x), _num(y)])
    if item.kind is not None:
        node: dict[str, Any] = {"id": item.id, "kind": item.kind}
        if item.label:
            node["label"] = item.label
        if parent is not None:
            node["parent"] = parent
        node["pos"] = [_num(x), _num(y)]
        if item.container:
            node["size"] = [_num(v) for v in item.size()]
        if item.props:
            node["props"] = item.props
        if item.intent:
            node["intent"] = item.intent
        out.append(node)
        if not item.container:
            return
        parent, x, y = item.id, PAD, TOP
    width, height = item.size()
    inner_w = width - (2 * PAD if item.kind is not None else 0)
    inner_h = height - (TOP + PAD if item.kind is not None else 0)
    cursor = 0.0
    for child in item.children:
        cw, ch = child.size()
        if item.flow == "row":
            dy = (inner_h - ch) / 2 if item.align == "center" else 0
            _place(child, x + cursor, y + dy, parent, out, anchors)
            cursor += cw + item.gap
        elif item.flow == "stack":
            dx = (inner_w - cw) / 2 if item.align == "center" else 0
            dy = (inner_h - ch) / 2 if item.align == "center" else 0
            _place(child, x + dx, y + dy, parent, out, anchors)
        else:
            dx = (inner_w - cw) / 2 if item.align == "center" else 0
            _place(child, x + dx, y + cursor, parent, out, anchors)
            cursor += ch + item.gap


# --- the VPC picture: plumbing on the left edge, AZ columns, subnet rows aligned by tier ---------------

TIER_ORDER = ("public", "private", "data")
SUBNET_MIN = (260, 150)
SUBNET_GAP = 36


def subnet(node_id: str, label: str, cidr: str, tier: str, *leaves: Item, per_row: int | None = None,
           **props: Any) -> Item:
    """A subnet box holding its leaves side by side (in rows of ``per_row`` when given)."""
    if per_row is not None and len(leaves) > per_row:
        rows = [row(*leaves[i:i + per_row], gap=SUBNET_GAP) for i in range(0, len(leaves), per_row)]
        return box(node_id, "subnet", label, col(*rows), cidr=cidr, tier=tier, **props)
    return box(node_id, "subnet", label, *leaves, gap=SUBNET_GAP, cidr=cidr, tier=tier, **props)


def az(node_id: str, name: str, *subnets: Item, label: str | None = None) -> tuple[str, str, str, list[Item]]:
    return (node_id, label or name, name, list(subnets))


def vpc(node_id: str, label: str, azs: list[tuple[str, str, str, list[Item]]], plumbing: list[Item] = (),
        span: list[Item] = (), rows_per_column: int | None = None, **props: Any) -> Item:
    """A VPC: plumbing leaves stacked in columns on the left, then a row of spanning components (load
    balancers, endpoint services) above the AZ columns, whose subnets line up in public/private/data rows."""
    tiers = [t for t in TIER_ORDER if any(s.props.get("tier") == t for *_, subs in azs for s in subs)]
    rows: list[list[Item | None]] = []
    for tier in tiers:
        depth = max(sum(1 for s in subs if s.props.get("tier") == tier) for *_, subs in azs)
        for level in range(depth):
            rows.append([([s for s in subs if s.props.get("tier") == tier][level:level + 1] or [None])[0]
                         for *_, subs in azs])
    all_subnets = [s for r in rows for s in r if s is not None]
    width = max([SUBNET_MIN[0], *(s.size()[0] for s in all_subnets)])
    columns: list[list[Item]] = [[] for _ in azs]
    for r in rows:
        height = max([SUBNET_MIN[1], *(s.size()[1] for s in r if s is not None)])
        for i, s in enumerate(r):
            if s is None:
                columns[i].append(spacer(width, height))
            else:
                s.min_w, s.min_h = width, height
                columns[i].append(s)
    az_boxes = [box(az_id, "az", az_label, *cells, flow="col", name=name)
                for (az_id, az_label, name, _), cells in zip(azs, columns, strict=True)]
    main_parts: list[Item] = []
    if span:
        main_parts.append(row(*span, gap=48))
    if az_boxes:
        main_parts.append(row(*az_boxes, gap=20))
    main = col(*main_parts, align="center")
    children: list[Item] = []
    plumbing = list(plumbing)
    if plumbing:
        fit = rows_per_column or max(1, int((main.size()[1] + GAP) // (LEAF + GAP)))
        stacks = [col(*plumbing[i:i + fit]) for i in range(0, len(plumbing), fit)]
        children.append(row(*stacks))
    if main_parts:
        children.append(main)
    return box(node_id, "vpc", label, *children, **props)
