"""RuleContext: the diagram and the indexes every rule shares, built once per validation run."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from cloudwright.engine.graph.index import DiagramIndex
from cloudwright.engine.model.diagram import Diagram, Node, typed_props
from cloudwright.engine.model.props import Props


class RuleContext:
    def __init__(self, diagram: Diagram, settings: dict[str, Any] | None = None) -> None:
        self.diagram = diagram
        self.index = DiagramIndex(diagram)
        self.settings = {**diagram.settings, **(settings or {})}

    def props(self, node: Node | str) -> Props:
        return typed_props(node if isinstance(node, Node) else self.diagram.nodes[node])

    def node(self, node_id: str) -> Node:
        return self.diagram.nodes[node_id]

    def intent(self, node: Node | str, flag: str, default: Any = None) -> Any:
        """An intent flag, read from ``intent`` or the case studies' ``props: {intent.flag: ...}`` form."""
        target = node if isinstance(node, Node) else self.diagram.nodes[node]
        if flag in target.intent:
            return target.intent[flag]
        return target.props.get(f"intent.{flag}", default)

    @cached_property
    def reach(self) -> Any:
        """The reachability analyzer over this diagram, built on first use (None until that engine exists)."""
        try:
            from cloudwright.engine.reach import Analyzer  # type: ignore[attr-defined]
        except ImportError:
            return None
        global _last_reach
        if _last_reach is not None and _same_network(*_last_reach[:2], self.diagram, self.settings):
            return _last_reach[2]
        analyzer = Analyzer(self.diagram, settings=self.settings, index=self.index)
        _last_reach = (list(self.diagram.nodes.values()), dict(self.settings), analyzer)
        return analyzer


#: The last analyzer built, with the nodes and settings it was built for: live validation re-runs after every
#: edit, and most edits (moves, labels, edges, intents) leave the network as it was.
_last_reach: tuple[list[Node], dict[str, Any], Any] | None = None


def _same_network(nodes: list[Node], settings: dict[str, Any], diagram: Diagram, now: dict[str, Any]) -> bool:
    """Whether everything the analyzer reads is unchanged: each node's id, kind, parent and props, in diagram
    order (addresses are handed out in that order), and the settings. Nodes are frozen: an untouched node is
    the very same object, so the comparison allocates nothing and costs little."""
    if len(nodes) != len(diagram.nodes) or settings != now:
        return False
    for old, new in zip(nodes, diagram.nodes.values(), strict=True):
        if old is not new and (old.id != new.id or old.kind != new.kind or old.parent != new.parent
                               or old.props != new.props):
            return False
    return True
