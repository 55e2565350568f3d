"""A compact way to write staged case-study templates, with a table layout instead of hand-typed coordinates.

A template is described once: nodes and edges with the stages they appear in (``"4-9"``, ``"1,3"``), per-stage
property changes (:meth:`Template.vary`), stage texts and expected findings. Containers are laid out as tables
(:meth:`Template.grid`): each cell holds a node id, a nested :class:`Grid` (no box of its own), ``None`` (an
empty leaf-sized slot), a :class:`Spacer`, or a tuple of ids sharing one slot because no stage shows both. Column
widths and row heights follow the largest cell, containers stretch to fill their cell (so AZ columns and
subnet rows line up) and leaves are centred in theirs. The geometry follows the shared conventions: leaves
are 96 x 96, a container's children start 36 px below its top and keep 16 px from its sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cloudwright.engine.catalog import catalog
from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.model.diagram import Diagram, Edge, Node, Stage, Suppression

LEAF = 96
PAD = 16
TOP = 36
#: Smallest sizes, so empty containers still read as what they are.
MIN_SIZE = {"subnet": (260, 150), "az": (292, 182), "vpc": (400, 200), "region": (300, 180)}

Cell = "str | tuple[str, ...] | Grid | None"


@dataclass
class Grid:
    """Rows of cells laid out as a table; ``gap`` is the (horizontal, vertical) space between cells."""

    rows: list[list[Any]]
    gap: tuple[int, int] = (32, 24)


@dataclass(frozen=True)
class Spacer:
    """Empty space in a grid, e.g. to line a user up with the row its flows enter."""

    width: int = 0
    height: int = 0


def stage_set(spec: str | None, count: int) -> set[int]:
    """``"all"``/None, ``"none"``, ``"3"``, ``"2-5"``, ``"1,3-4"`` -> the stage numbers."""
    if spec is None or spec == "all":
        return set(range(1, count + 1))
    if spec == "none":  # only a what-if variant shows it
        return set()
    numbers: set[int] = set()
    for part in str(spec).split(","):
        low, _, high = part.strip().partition("-")
        numbers.update(range(int(low), int(high or low) + 1))
    bad = [n for n in numbers if not 1 <= n <= count]
    if bad:
        raise ValueError(f"stages {bad} outside 1-{count}")
    return numbers


@dataclass
class _StageText:
    title: str
    lesson: str
    exhibits: list[str]
    fixes: list[str]


@dataclass
class Template:
    """One case study being described; :meth:`build` returns the staged :class:`Diagram`."""

    id: str
    title: str
    description: str
    seed: str
    stages: int
    tags: list[str] = field(default_factory=list)
    #: Design settings beside the template's own (``requirements``, ``env``...), read by rules.
    settings: dict[str, Any] = field(default_factory=dict)
    _nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    _edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    _shown: dict[str, set[int]] = field(default_factory=dict)
    _vary: dict[int, dict[str, dict[str, Any]]] = field(default_factory=dict)
    _grids: dict[str | None, Grid] = field(default_factory=dict)
    _texts: list[_StageText] = field(default_factory=list)
    _suppress: list[Suppression] = field(default_factory=list)
    _moves: list[tuple[str, str, str]] = field(default_factory=list)
    _variants: list[dict[str, Any]] = field(default_factory=list)

    # --- content ---------------------------------------------------------------------------------
    def node(self, node_id: str, kind: str, label: str = "", parent: str | None = None, *,
             stages: str | None = None, intent: dict[str, Any] | None = None, **props: Any) -> str:
        if node_id in self._nodes or node_id in self._edges:
            raise ValueError(f"{self.id}: id {node_id} used twice")
        if kind not in catalog():
            raise ValueError(f"{self.id}: unknown kind {kind}")
        self._nodes[node_id] = {"kind": kind, "label": label, "parent": parent, "props": props,
                                "intent": intent or {}}
        self._shown[node_id] = stage_set(stages, self.stages)
        return node_id

    def flow(self, source: str, target: str, port: int | str | None = None, *, protocol: str = "tcp",
             label: str = "", stages: str | None = None, edge_id: str | None = None, **props: Any) -> str:
        """A traffic edge: the initiator reaches the target on protocol/port."""
        return self._edge(source, target, "traffic", protocol, port, label, stages, edge_id, props)

    def relation(self, source: str, target: str, label: str, *, stages: str | None = None,
                 edge_id: str | None = None, **props: Any) -> str:
        """A non-network relation (replicates to, launches, triggers, invokes inside AWS)."""
        return self._edge(source, target, "relation", "tcp", None, label, stages, edge_id, props)

    def _edge(self, source: str, target: str, kind: str, protocol: str, port: Any, label: str,
              stages: str | None, edge_id: str | None, props: dict[str, Any]) -> str:
        edge_id = edge_id or f"{source}-{target}"
        if edge_id in self._edges or edge_id in self._nodes:
            raise ValueError(f"{self.id}: edge id {edge_id} used twice")
        self._edges[edge_id] = {"from": source, "to": target, "kind": kind, "protocol": protocol, "port": port,
                                "label": label, "props": props}
        self._shown[edge_id] = stage_set(stages, self.stages)
        return edge_id

    def vary(self, item: str, stages: str, *, label: str | None = None, intent: dict[str, Any] | None = None,
             **props: Any) -> None:
        """Property (or label/intent) values that differ from the base in the given stages; None removes."""
        for number in stage_set(stages, self.stages):
            change = self._vary.setdefault(number, {}).setdefault(item, {})
            if props:
                change.setdefault("props", {}).update(props)
            if intent:
                change.setdefault("intent", {}).update(intent)
            if label is not None:
                change["label"] = label

    def move(self, item: str, stages: str, slot: str) -> None:
        """Show ``item`` in the slot ``@name`` of another container's grid in the given stages."""
        self._moves.append((item, stages, slot))

    def grid(self, container: str | None, rows: list[list[Any]], gap: tuple[int, int] = (32, 24)) -> None:
        """Lay out the children of ``container`` (None = the canvas) as a table."""
        self._grids[container] = Grid(rows, gap)

    def stage(self, title: str, lesson: str, exhibits: list[str] | tuple[str, ...] = (),
              fixes: list[str] | tuple[str, ...] = ()) -> None:
        self._texts.append(_StageText(title, lesson, list(exhibits), list(fixes)))

    def variant(self, title: str, lesson: str, stage: int, *, exhibits: list[str] | tuple[str, ...] = (),
                fixes: list[str] | tuple[str, ...] = (), show: tuple[str, ...] = (), hide: tuple[str, ...] = (),
                changes: dict[str, dict[str, Any]] | None = None) -> None:
        """A what-if on top of ``stage`` (the spec's "Checks"): extra items shown or hidden, values changed.

        ``changes`` maps an id to ``{"props": {...}, "label": ..., "intent": {...}}``. Variants are stored in
        ``settings.template.variants`` as complete stage definitions, so a viewer applies one like a stage.
        """
        self._variants.append({"title": title, "lesson": lesson, "stage": stage, "exhibits": list(exhibits),
                               "fixes": list(fixes), "show": set(show), "hide": set(hide), "changes": changes or {}})

    def suppress(self, rule: str, reason: str, node: str | None = None) -> None:
        self._suppress.append(Suppression(rule=rule, node=node, reason=reason))

    # --- build -----------------------------------------------------------------------------------
    def build(self) -> Diagram:
        if len(self._texts) != self.stages:
            raise ValueError(f"{self.id}: {len(self._texts)} stage texts for {self.stages} stages")
        placed, slots = _Layout(self).run()
        missing = set(self._nodes) - set(placed)
        if missing:
            raise ValueError(f"{self.id}: nodes not in any grid: {sorted(missing)}")
        nodes = {}
        for node_id, data in self._nodes.items():
            parent, pos, size = placed[node_id]
            if parent != data["parent"]:
                raise ValueError(f"{self.id}: {node_id} is in the grid of {parent}, but its parent is "
                                 f"{data['parent']}")
            nodes[node_id] = Node(id=node_id, kind=data["kind"], label=data["label"], parent=parent, pos=pos,
                                  size=size, props=data["props"], intent=data["intent"])
        edges = {eid: Edge.model_validate({"id": eid, **{k: v for k, v in e.items() if v not in (None, "", {})}})
                 for eid, e in self._edges.items()}
        for item, spec, slot in self._moves:
            parent, pos, _ = slots[slot]
            for number in stage_set(spec, self.stages):
                self._vary.setdefault(number, {}).setdefault(item, {}).update(parent=parent, pos=list(pos))
        stages = [self._stage(n, text, edges) for n, text in enumerate(self._texts, start=1)]
        info: dict[str, Any] = {"id": self.id, "seed": self.seed, "tags": self.tags}
        if self._variants:
            info["variants"] = [self._variant(v, stages[v["stage"] - 1]) for v in self._variants]
        settings = {**self.settings, "template": info}
        diagram = Diagram(name=self.title, description=self.description, nodes=nodes, edges=edges,
                          suppress=self._suppress, stages=stages, settings=settings)
        return diagram.model_copy(update={"stages": [_fitted(diagram, n) for n in range(1, len(stages) + 1)]})

    def _stage(self, number: int, text: _StageText, edges: dict[str, Edge]) -> Stage:
        hidden_nodes = [n for n in self._nodes if number not in self._shown[n]]
        gone = set(hidden_nodes)
        # An edge that disappears with one of its ends need not be listed.
        hidden_edges = [e for e, edge in edges.items()
                        if number not in self._shown[e] and edge.source not in gone and edge.target not in gone]
        overrides = {k: v for k, v in self._vary.get(number, {}).items() if k not in gone}
        expected = {k: v for k, v in (("exhibits", text.exhibits), ("fixes", text.fixes)) if v}
        return Stage(title=text.title, lesson=text.lesson, hidden=hidden_nodes + hidden_edges,
                     overrides=overrides, expected_findings=expected)


    def _variant(self, spec: dict[str, Any], base: Stage) -> dict[str, Any]:
        unknown = (spec["show"] | spec["hide"] | set(spec["changes"])) - set(self._nodes) - set(self._edges)
        if unknown:
            raise ValueError(f"{self.id}: variant {spec['title']!r} names unknown ids {sorted(unknown)}")
        hidden = [h for h in base.hidden if h not in spec["show"]] + sorted(spec["hide"] - set(base.hidden))
        overrides = {k: {f: (dict(v) if isinstance(v, dict) else v) for f, v in o.items()}
                     for k, o in base.overrides.items()}
        for item, change in spec["changes"].items():
            target = overrides.setdefault(item, {})
            for field_name, value in change.items():
                if field_name in ("props", "intent"):
                    target.setdefault(field_name, {}).update(value)
                else:
                    target[field_name] = value
        expected = {"exhibits": spec["exhibits"], "fixes": spec["fixes"]}
        return {"title": spec["title"], "lesson": spec["lesson"], "stage": spec["stage"], "hidden": hidden,
                "overrides": overrides, "expected_findings": expected}


def _fitted(diagram: Diagram, number: int) -> Stage:
    """Stage ``number`` with its containers shrunk around what it shows (positions never move).

    Every item keeps its place across stages, so stepping through a case study shows what changed; only the
    boxes tighten around the visible content, so an early stage is not a large empty frame.
    """
    stage = diagram.stages[number - 1]
    shown = stage_diagram(diagram, number)
    sizes: dict[str, tuple[float, float]] = {}
    depth = {n: _depth(shown, n) for n in shown.nodes}
    for node in sorted(shown.nodes.values(), key=lambda n: -depth[n.id]):
        if node.size is None:
            continue
        right, bottom = 0.0, 0.0
        for child in shown.children_of(node.id):
            w, h = sizes.get(child.id) or child.size or (LEAF, LEAF)
            right, bottom = max(right, child.pos[0] + w), max(bottom, child.pos[1] + h)
        min_w, min_h = MIN_SIZE.get(node.kind, (200, 120))
        fitted = (min(node.size[0], max(min_w, right + PAD)), min(node.size[1], max(min_h, bottom + PAD)))
        if fitted != tuple(node.size):
            sizes[node.id] = fitted
    if not sizes:
        return stage
    overrides = {k: dict(v) for k, v in stage.overrides.items()}
    for node_id, size in sizes.items():
        overrides.setdefault(node_id, {})["size"] = [size[0], size[1]]
    return stage.model_copy(update={"overrides": overrides})


def _depth(diagram: Diagram, node_id: str) -> int:
    depth, parent = 0, diagram.nodes[node_id].parent
    while parent is not None:
        depth, parent = depth + 1, diagram.nodes[parent].parent
    return depth


class _Layout:
    """Measures and places the grids of one template (see the module docstring)."""

    def __init__(self, template: Template) -> None:
        self.t = template
        self.sizes: dict[str, tuple[float, float]] = {}
        self.placed: dict[str, tuple[str | None, tuple[float, float], tuple[float, float] | None]] = {}
        self.slots: dict[str, tuple[str | None, tuple[float, float], None]] = {}

    def run(self) -> tuple[dict[str, Any], dict[str, Any]]:
        root = self.t._grids.get(None)
        if root is None:
            raise ValueError(f"{self.t.id}: no grid for the canvas")
        self._place_grid(root, None, 40, 40)
        return self.placed, self.slots

    def _is_container(self, item: str) -> bool:
        return not item.startswith("@") and item in self.t._nodes and catalog().get(
            self.t._nodes[item]["kind"]).container

    def measure(self, cell: Any) -> tuple[float, float]:
        if isinstance(cell, Spacer):
            return (cell.width, cell.height)
        if cell is None or isinstance(cell, tuple) or not isinstance(cell, str | Grid):
            return (LEAF, LEAF)
        if isinstance(cell, Grid):
            widths, heights = self._table(cell)
            return (sum(widths) + cell.gap[0] * (len(widths) - 1), sum(heights) + cell.gap[1] * (len(heights) - 1))
        if not self._is_container(cell):
            return (LEAF, LEAF)
        if cell not in self.sizes:
            inner = self.t._grids.get(cell)
            w, h = self.measure(inner) if inner is not None else (0, 0)
            kind = self.t._nodes[cell]["kind"]
            min_w, min_h = MIN_SIZE.get(kind, (200, 120))
            self.sizes[cell] = (max(min_w, w + 2 * PAD), max(min_h, h + TOP + PAD))
        return self.sizes[cell]

    def _table(self, grid: Grid) -> tuple[list[float], list[float]]:
        columns = max(len(r) for r in grid.rows)
        widths = [0.0] * columns
        heights = [0.0] * len(grid.rows)
        for r, row in enumerate(grid.rows):
            for c, cell in enumerate(row):
                w, h = self.measure(cell)
                widths[c] = max(widths[c], w)
                heights[r] = max(heights[r], h)
        return widths, heights

    def _place_grid(self, grid: Grid, parent: str | None, x0: float, y0: float) -> None:
        widths, heights = self._table(grid)
        y = y0
        for r, row in enumerate(grid.rows):
            x = x0
            for c, cell in enumerate(row):
                self._place(cell, parent, x, y, widths[c], heights[r])
                x += widths[c] + grid.gap[0]
            y += heights[r] + grid.gap[1]

    def _place(self, cell: Any, parent: str | None, x: float, y: float, w: float, h: float) -> None:
        if cell is None or isinstance(cell, Spacer):
            return
        if isinstance(cell, Grid):
            self._place_grid(cell, parent, x, y)
            return
        ids = cell if isinstance(cell, tuple) else (cell,)
        for item in ids:
            if item in self.placed or item in self.slots:
                raise ValueError(f"{self.t.id}: {item} placed twice")
            if self._is_container(item):
                self.placed[item] = (parent, (x, y), (w, h))
                inner = self.t._grids.get(item)
                if inner is not None:
                    self._place_grid(inner, item, PAD, TOP)
                continue
            pos = (x + round((w - LEAF) / 2), y + round((h - LEAF) / 2))
            if item.startswith("@"):
                self.slots[item] = (parent, pos, None)
            else:
                self.placed[item] = (parent, pos, None)
