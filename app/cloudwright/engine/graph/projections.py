"""networkx projections of a diagram: containment tree, traffic graph, reference graph."""

from __future__ import annotations

import networkx as nx

from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.model.refs import iter_refs


def containment_tree(diagram: Diagram) -> nx.DiGraph:
    """parent -> child edges; top-level nodes hang off the pseudo-node ``None``-free roots."""
    graph = nx.DiGraph()
    for node in diagram.nodes.values():
        graph.add_node(node.id, kind=node.kind)
        if node.parent is not None:
            graph.add_edge(node.parent, node.id)
    return graph


def traffic_graph(diagram: Diagram) -> nx.MultiDiGraph:
    """Intended flows: one directed edge per traffic edge, keyed by edge id, with protocol and port."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n.id, {"kind": n.kind}) for n in diagram.nodes.values())
    for edge in diagram.edges.values():
        if edge.kind == "traffic":
            graph.add_edge(edge.source, edge.target, key=edge.id, protocol=str(edge.protocol),
                           port=None if edge.port is None else str(edge.port))
    return graph


def reference_graph(diagram: Diagram) -> nx.MultiDiGraph:
    """Network references: route table -> target, instance -> SG, SG rule -> peer SG, ... keyed by field."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n.id, {"kind": n.kind}) for n in diagram.nodes.values())
    for node in diagram.nodes.values():
        for path, target, _ in iter_refs(node.kind, node.props):
            graph.add_edge(node.id, target, key=".".join(str(p) for p in path))
    return graph
