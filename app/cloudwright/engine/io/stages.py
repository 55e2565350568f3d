"""Staged templates: one base design, per-stage visibility and property overrides.

A stage lists the nodes (and edges) it shows in ``visible`` (``None`` = everything) minus ``hidden``, and
``overrides`` maps a node or edge id to fields to change (``props`` and ``intent`` are merged, other fields
replaced). Edges whose ends are hidden disappear with them.
"""

from __future__ import annotations

from typing import Any

from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.engine.model.refs import iter_refs


def _merged(item: Node | Edge, changes: dict[str, Any]) -> dict[str, Any]:
    data = item.model_dump(by_alias=True)
    for key, value in changes.items():
        if key in ("props", "intent") and isinstance(value, dict):
            merged = dict(data.get(key) or {})
            for k, v in value.items():
                if v is None:
                    merged.pop(k, None)
                else:
                    merged[k] = v
            data[key] = merged
        else:
            data[key] = value
    return data


def stage_diagram(diagram: Diagram, number: int) -> Diagram:
    """The design as stage ``number`` (1-based) shows it, without stages of its own."""
    if not diagram.stages:
        if number == 1:
            return diagram
        raise CloudwrightError("this design has no stages")
    if not 1 <= number <= len(diagram.stages):
        raise CloudwrightError(f"stage {number} does not exist: this design has stages 1-{len(diagram.stages)}")
    stage = diagram.stages[number - 1]
    visible = set(diagram.nodes) | set(diagram.edges) if stage.visible is None else set(stage.visible)
    visible -= set(stage.hidden)
    # A visible node keeps its ancestors visible, so containment stays valid.
    for node_id in list(visible):
        current = diagram.nodes.get(node_id)
        while current is not None and current.parent is not None:
            visible.add(current.parent)
            current = diagram.nodes.get(current.parent)
    nodes: dict[str, Node] = {}
    for node in diagram.nodes.values():
        if node.id in visible:
            changes = stage.overrides.get(node.id)
            nodes[node.id] = Node.model_validate(_merged(node, changes)) if changes else node
    # References to hidden nodes are dropped, as if those nodes did not exist yet.
    from cloudwright.engine.document.edits import _scrubbed
    for node_id, node in list(nodes.items()):
        dangling = [p for p, target, _ in iter_refs(node.kind, node.props) if target not in nodes]
        if dangling:
            nodes[node_id] = node.model_copy(update={"props": _scrubbed(node.props, dangling)})
    edges: dict[str, Edge] = {}
    for edge in diagram.edges.values():
        explicitly = stage.visible is None or edge.id in visible or not _lists_edges(stage.visible, diagram)
        if edge.source in nodes and edge.target in nodes and edge.id not in stage.hidden and explicitly:
            changes = stage.overrides.get(edge.id)
            edges[edge.id] = Edge.model_validate(_merged(edge, changes)) if changes else edge
    suppress = [s for s in diagram.suppress if s.node is None or s.node in nodes]
    title = f"{diagram.name}: stage {number}, {stage.title}" if diagram.name else stage.title
    return Diagram(name=title, description=stage.lesson or diagram.description, nodes=nodes, edges=edges,
                   suppress=suppress, settings=dict(diagram.settings))


def _lists_edges(visible: list[str] | None, diagram: Diagram) -> bool:
    """Whether a stage's ``visible`` list names edges at all (if not, edges follow their ends)."""
    return visible is not None and any(v in diagram.edges for v in visible)
