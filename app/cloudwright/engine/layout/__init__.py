"""Automatic layout for imported or generated designs.

``auto_layout(diagram)`` returns the diagram with every node's ``pos`` (relative to its parent) and every
container's ``size`` set by :class:`~cloudwright.engine.layout.containment.ContainmentLayout`: pure Python,
deterministic, linear in the number of nodes, so it needs no Graphviz and cannot hang on a large template.
"""

from __future__ import annotations

from cloudwright.engine.layout.containment import auto_layout_positions
from cloudwright.engine.model.diagram import Diagram


def auto_layout(diagram: Diagram) -> Diagram:
    """A copy of ``diagram`` laid out; nodes keep their ids, kinds, parents and props."""
    positions, sizes = auto_layout_positions(diagram)
    result = diagram.copy_shallow()
    for node_id, node in diagram.nodes.items():
        update: dict[str, object] = {"pos": positions.get(node_id, (0.0, 0.0))}
        if node_id in sizes:
            update["size"] = sizes[node_id]
        result.nodes[node_id] = node.model_copy(update=update)
    return result


__all__ = ["auto_layout"]
