"""The diagram model: typed, Qt-free, and checked for structural impossibilities."""

from cloudwright.engine.model.check import check_diagram, check_edge, check_node
from cloudwright.engine.model.diagram import (
           FORMAT_VERSION,
           Diagram,
           Edge,
           Node,
           Stage,
           Suppression,
           typed_props,
)

__all__ = ["FORMAT_VERSION", "Diagram", "Edge", "Node", "Stage", "Suppression", "check_diagram", "check_edge",
           "check_node", "typed_props"]
