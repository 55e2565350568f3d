"""Assemble a staged Cloudwright template from a layout tree, edges, stages and variants, and write it.

Visibility is written the way ``case-studies.md`` writes it: each node or edge may be limited to some
stages (``only``); every stage then hides what it does not show (a hidden container hides its contents).
*Variants* are the spec's negative checks ("if X is changed, rule R fires"): full stage definitions kept
under ``settings.template.variants`` so tests can run them, without adding stages to the lesson.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vpc_layout import Item, place_roots

from cloudwright.engine.io.design_file import dumps, load_design, load_text
from cloudwright.engine.model.diagram import Diagram

#: Findings outside Part C's lessons (single instances, single AZs), hidden in every Part C template.
PART_C_SUPPRESS = (
    ("avail.single_instance_spof", "Part C isolates one networking lesson; single instances are out of scope"),
    ("avail.single_az", "Part C isolates one networking lesson; single-AZ tiers are out of scope"),
    ("db.single_az", "Part C isolates one networking lesson; the database's Multi-AZ setting is out of scope"),
)


class Template:
    """One case study being described; :meth:`write` produces its YAML file."""

    def __init__(self, template_id: str, title: str, teaches: str, seed: str, tags: list[str],
                 proposed: bool = False, suppress: tuple[tuple[str, str], ...] = PART_C_SUPPRESS) -> None:
        self.id = template_id
        self.title = title
        self.description = teaches + (" (proposed)" if proposed else "")
        self.seed = seed
        self.tags = tags
        self.roots: list[Item] = []
        self.root_flow = "row"
        self.root_gap = 64
        self.root_align = "center"
        self.edges: list[dict[str, Any]] = []
        self.visibility: dict[str, set[int]] = {}
        self.stages: list[dict[str, Any]] = []
        self.variants: list[dict[str, Any]] = []
        self.suppress: list[dict[str, Any]] = [{"rule": r, "reason": why} for r, why in suppress]
        self.anchors: dict[str, tuple[str | None, list[float]]] = {}
        #: Design settings beside the template metadata (e.g. ``dr``: the targets the DR rules read).
        self.settings: dict[str, Any] = {}
        self._nodes: list[dict[str, Any]] | None = None

    # --- description --------------------------------------------------------------------------------
    def layout(self, *roots: Item, flow: str = "row", gap: int = 64, align: str = "center") -> None:
        """Top-level items side by side (outside world on the left), centred on each other by default."""
        self.roots, self.root_flow, self.root_gap, self.root_align = list(roots), flow, gap, align

    def only(self, stages: int | tuple[int, ...] | list[int], *ids: str) -> None:
        """Show ``ids`` (nodes or edges) only in ``stages``."""
        wanted = {stages} if isinstance(stages, int) else set(stages)
        for item in ids:
            self.visibility[item] = wanted

    def flow(self, src: str, dst: str, port: int | str | None, protocol: str = "tcp", label: str = "",
             only: int | tuple[int, ...] | None = None, edge_id: str | None = None, **props: Any) -> str:
        """An intended traffic flow (the reachability analyzer checks it)."""
        eid = edge_id or f"{src}-{dst}" + (f":{port}" if port is not None else "")
        edge: dict[str, Any] = {"id": eid, "from": src, "to": dst, "protocol": protocol}
        if port is not None:
            edge["port"] = port
        if label:
            edge["label"] = label
        if props:
            edge["props"] = props
        self.edges.append(edge)
        if only is not None:
            self.only(only, eid)
        return eid

    def rel(self, src: str, dst: str, label: str = "", only: int | tuple[int, ...] | None = None,
            edge_id: str | None = None, **props: Any) -> str:
        """A non-network relation (a VPN tunnel drawn between its ends, log delivery, an association)."""
        eid = edge_id or f"{src}~{dst}"
        edge: dict[str, Any] = {"id": eid, "from": src, "to": dst, "kind": "relation"}
        if label:
            edge["label"] = label
        if props:
            edge["props"] = props
        self.edges.append(edge)
        if only is not None:
            self.only(only, eid)
        return eid

    def stage(self, title: str, lesson: str, exhibits: tuple[str, ...] = (), fixes: tuple[str, ...] = (),
              passes: tuple[str, ...] = (), overrides: dict[str, dict[str, Any]] | None = None) -> None:
        self.stages.append({"title": title, "lesson": lesson, "overrides": overrides or {},
                            "expected": _expected(exhibits, fixes, passes)})

    def variant(self, title: str, lesson: str, stage: int = 1, exhibits: tuple[str, ...] = (),
                passes: tuple[str, ...] = (), overrides: dict[str, dict[str, Any]] | None = None,
                show: tuple[str, ...] = (), hide: tuple[str, ...] = ()) -> None:
        """A what-if on top of ``stage``: the spec's checks, kept out of the stage bar."""
        self.variants.append({"title": title, "lesson": lesson, "stage": stage, "overrides": overrides or {},
                              "show": show, "hide": hide, "expected": _expected(exhibits, (), passes)})

    def silence(self, rule: str, reason: str, node: str | None = None) -> None:
        entry: dict[str, Any] = {"rule": rule, "reason": reason}
        if node is not None:
            entry["node"] = node
        self.suppress.append(entry)

    # --- output -------------------------------------------------------------------------------------
    @property
    def nodes(self) -> list[dict[str, Any]]:
        if self._nodes is None:
            self._nodes = place_roots(self.roots, flow=self.root_flow, gap=self.root_gap, anchors=self.anchors,
                                      align=self.root_align)
        return self._nodes

    def slot(self, name: str) -> dict[str, Any]:
        """``{parent, pos}`` of an anchored spacer, for a node that moves there in some stage."""
        self.nodes  # noqa: B018 - lay out first
        parent, pos = self.anchors[name]
        return {"parent": parent, "pos": pos}

    def _hidden(self, number: int, show: tuple[str, ...] = (), hide: tuple[str, ...] = ()) -> list[str]:
        children: dict[str, list[str]] = {}
        for node in self.nodes:
            children.setdefault(node.get("parent"), []).append(node["id"])
        hidden = {item for item, stages in self.visibility.items() if number not in stages}
        hidden = (hidden | set(hide)) - set(show)
        stack = [h for h in hidden]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in hidden:
                    hidden.add(child)
                    stack.append(child)
        order = [n["id"] for n in self.nodes] + [e["id"] for e in self.edges]
        return [item for item in order if item in hidden]

    def data(self) -> dict[str, Any]:
        stages = []
        for number, stage in enumerate(self.stages, start=1):
            entry: dict[str, Any] = {"title": stage["title"], "lesson": stage["lesson"]}
            hidden = self._hidden(number)
            if hidden:
                entry["hidden"] = hidden
            if stage["overrides"]:
                entry["overrides"] = stage["overrides"]
            entry["expected_findings"] = stage["expected"]
            stages.append(entry)
        variants = []
        for variant in self.variants:
            base = self.stages[variant["stage"] - 1]
            overrides = copy.deepcopy(base["overrides"])
            for item, change in variant["overrides"].items():
                merged = overrides.setdefault(item, {})
                for key, value in change.items():
                    if key in ("props", "intent") and isinstance(value, dict):
                        merged[key] = {**merged.get(key, {}), **value}
                    else:
                        merged[key] = value
            entry = {"title": variant["title"], "lesson": variant["lesson"], "stage": variant["stage"],
                     "hidden": self._hidden(variant["stage"], variant["show"], variant["hide"]),
                     "overrides": overrides, "expected_findings": variant["expected"]}
            variants.append(entry)
        template: dict[str, Any] = {"id": self.id, "seed": self.seed, "tags": self.tags}
        if variants:
            template["variants"] = variants
        return {"cloudwright": 1, "name": self.title, "description": self.description,
                "settings": {"template": template, **self.settings}, "nodes": self.nodes, "edges": self.edges,
                "suppress": self.suppress, "stages": stages}

    def design(self) -> Diagram:
        """The described design, checked by loading it like a file."""
        import yaml

        return load_text(yaml.safe_dump(self.data(), sort_keys=False, width=120), self.id).diagram

    def write(self, root: Path) -> Path:
        """Write the design in the file format's canonical form."""
        path = root / f"{self.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(self.design()), encoding="utf-8")
        return path

    def is_current(self, root: Path) -> bool:
        """Whether the bundled file holds exactly this description (no hand edits, no stale output)."""
        path = root / f"{self.id}.yaml"
        return path.is_file() and load_design(path) == self.design()


def run(builders: list[Callable[[], Template]], root: Path, argv: list[str] | None = None) -> int:
    """Command line of the generator scripts: write every template, or with ``--check`` list stale ones (exit 1)."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="report stale files instead of writing them")
    args = parser.parse_args(argv)
    if args.check:
        stale = [t.id for t in (build() for build in builders) if not t.is_current(root)]
        if stale:
            print("stale: " + ", ".join(stale))
        return 1 if stale else 0
    for build in builders:
        print(build().write(root).relative_to(root.parent))
    return 0


def _expected(exhibits: tuple[str, ...], fixes: tuple[str, ...], passes: tuple[str, ...]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {"exhibits": list(exhibits), "fixes": list(fixes)}
    if passes:
        result["passes"] = list(passes)
    return result
