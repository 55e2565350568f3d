"""Graph views of a diagram and the queries rules and reachability share."""

from cloudwright.engine.graph.index import DiagramIndex
from cloudwright.engine.graph.projections import containment_tree, reference_graph, traffic_graph

__all__ = ["DiagramIndex", "containment_tree", "reference_graph", "traffic_graph"]
