"""The document: reversible edits, change records, selection and clipboard (Qt-free)."""

from cloudwright.engine.document.document import Document
from cloudwright.engine.document.edits import (
    AddEdge,
    AddNode,
    Batch,
    Edit,
    RemoveEdges,
    RemoveNodes,
    ReplaceEdge,
    ReplaceNodes,
    SetDiagramFields,
    move_nodes,
    reparent_node,
    resize_node,
    set_edge_fields,
    set_node_fields,
)

__all__ = ["AddEdge", "AddNode", "Batch", "Document", "Edit", "RemoveEdges", "RemoveNodes", "ReplaceEdge",
           "ReplaceNodes", "SetDiagramFields", "move_nodes", "reparent_node", "resize_node", "set_edge_fields",
           "set_node_fields"]
