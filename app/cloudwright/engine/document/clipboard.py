"""Copy and paste of sub-designs: plain data out, fresh ids in.

A copied fragment holds the selected nodes with their subtrees and the edges between them. Pasting remaps
every id (node ids, parents, references inside properties, edge ends) to ids unused in the target diagram,
so pasting twice gives two independent copies; references to nodes outside the fragment are kept when the
target diagram still has them and dropped otherwise.
"""

from __future__ import annotations

import copy
from typing import Any

from cloudwright.engine.document.edits import AddEdge, AddNode, Batch, _scrubbed, _subtrees
from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.engine.model.ids import fresh_id
from cloudwright.engine.model.refs import iter_refs

MIME_TYPE = "application/x-cloudwright-fragment+json"


def copy_fragment(diagram: Diagram, node_ids: list[str]) -> dict[str, Any]:
    """Plain data for the clipboard: nodes (subtrees included, in diagram order) and inner edges."""
    chosen = _subtrees(diagram, node_ids)
    nodes = [n.model_dump(mode="json") for n in diagram.nodes.values() if n.id in chosen]
    edges = [e.model_dump(mode="json", by_alias=True) for e in diagram.edges.values()
             if e.source in chosen and e.target in chosen]
    return {"nodes": nodes, "edges": edges}


def _fresh(base: str, taken: set[str]) -> str:
    candidate = fresh_id(base, taken)
    taken.add(candidate)
    return candidate


def paste_fragment(diagram: Diagram, fragment: dict[str, Any], *, parent: str | None = None,
                   offset: tuple[float, float] = (20.0, 20.0)) -> tuple[Batch, list[str]]:
    """Build the edit that pastes ``fragment``; returns it and the new ids of the fragment's top nodes.

    Top-level nodes of the fragment go into ``parent`` (when given and legal for them, checked by the
    document) or keep their original parent if it still exists, and are shifted by ``offset``.
    """
    nodes = [Node.model_validate(n) for n in fragment.get("nodes", [])]
    inside = {n.id for n in nodes}
    taken = set(diagram.nodes) | set(diagram.edges)
    mapping = {n.id: _fresh(n.id, taken) for n in nodes}
    edits = []
    tops: list[str] = []
    for node in nodes:
        props = copy.deepcopy(node.props)
        dangling = []
        for path, target, _ in iter_refs(node.kind, node.props):
            if target in mapping:
                _assign(props, path, mapping[target])
            elif target not in diagram.nodes:
                dangling.append(path)
        if dangling:
            props = _scrubbed(props, dangling)
        if node.parent in inside:
            new_parent, pos = mapping[node.parent], node.pos
        else:
            tops.append(mapping[node.id])
            new_parent = parent if parent is not None else (node.parent if node.parent in diagram.nodes else None)
            pos = (node.pos[0] + offset[0], node.pos[1] + offset[1])
        edits.append(AddNode(node.model_copy(update={"id": mapping[node.id], "parent": new_parent,
                                                     "pos": pos, "props": props})))
    for raw in fragment.get("edges", []):
        edge = Edge.model_validate(raw)
        if edge.source in mapping and edge.target in mapping:
            edits.append(AddEdge(edge.model_copy(update={
                "id": _fresh(edge.id, taken), "source": mapping[edge.source], "target": mapping[edge.target]})))
    return Batch(edits, "Paste"), tops


def _assign(props: dict[str, Any], path: tuple, value: str) -> None:
    container: Any = props
    for step in path[:-1]:
        container = container[step]
    container[path[-1]] = value
