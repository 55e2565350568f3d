"""Drafts -> a checked :class:`Diagram`: generic nodes for unknown types, edges, prop and ref clean-up."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft
from cloudwright.engine.model.check import check_diagram
from cloudwright.engine.model.diagram import Diagram, Edge, Node, typed_props
from cloudwright.engine.model.refs import iter_refs

INTERNET = "internet"


def generic_nodes(ctx: ImportContext) -> None:
    """Types nothing maps are kept as ``cfn_resource`` nodes, inside the subnet or VPC they mention."""
    for logical_id, cfn_type in ctx.unknown.items():
        mentioned = ctx.mentioned(ctx.props(logical_id))
        subnet = next((m for m in mentioned if ctx.types.get(m) == "AWS::EC2::Subnet"), None)
        vpc = next((m for m in mentioned if ctx.types.get(m) == "AWS::EC2::VPC"), None)
        ctx.add(NodeDraft(logical_id, "cfn_resource", logical_id, {"cfn_type": cfn_type}, cfn_type=cfn_type,
                          subnets=[subnet] if subnet else [], vpc=vpc))


def build(ctx: ImportContext, name: str, description: str) -> Diagram:
    internet = INTERNET if INTERNET not in ctx.nodes else "the-internet"
    # The internet is always there, so reachability and exposure questions can name it.
    ctx.add(NodeDraft(internet, "internet", "Internet", cfn_type="(outside AWS)"))
    nodes: dict[str, Node] = {}
    for draft in _ordered(ctx):
        nodes[draft.id] = _node(ctx, draft)
    for node_id, node in list(nodes.items()):
        # References to resources that were not created, or that stayed generic, are dropped.
        dangling = [path for path, target, kinds in iter_refs(node.kind, node.props)
                    if target not in nodes or (kinds and nodes[target].kind not in kinds)]
        if dangling:
            from cloudwright.engine.document.edits import _scrubbed
            nodes[node_id] = node.model_copy(update={"props": _scrubbed(node.props, dangling)})
    edges = _edges(ctx, nodes, internet)
    diagram = Diagram(name=name, description=description, nodes=nodes, edges=edges)
    errors = check_diagram(diagram)
    if errors:
        raise CloudwrightError(f"import produced an inconsistent design (a Cloudwright bug): {errors[0]}")
    return diagram


def _ordered(ctx: ImportContext) -> list[NodeDraft]:
    """Parents before children, and otherwise template order, so the file reads top-down."""
    order = {node_id: n for n, node_id in enumerate(ctx.nodes)}

    def depth(draft: NodeDraft) -> int:
        level, current = 0, draft.parent
        while current is not None and level < 16:
            level, current = level + 1, ctx.nodes[current].parent if current in ctx.nodes else None
        return level

    return sorted(ctx.nodes.values(), key=lambda d: (depth(d), order[d.id]))


def _node(ctx: ImportContext, draft: NodeDraft) -> Node:
    props = dict(draft.props)
    for _ in range(len(props) + 1):
        node = Node(id=draft.id, kind=draft.kind, label=draft.label if draft.label != draft.id else "",
                    parent=draft.parent, props=props, intent=draft.intent)
        try:
            typed_props(node)
            return node
        except ValidationError as exc:
            key = exc.errors()[0]["loc"][0]
            ctx.warnings.append(f"{draft.id}: {key} = {props.get(str(key))!r} is not a value Cloudwright "
                                "understands; left at its default")
            props.pop(str(key), None)
    return Node(id=draft.id, kind=draft.kind, parent=draft.parent)


def _edges(ctx: ImportContext, nodes: dict[str, Node], internet: str) -> dict[str, Edge]:
    edges: dict[str, Edge] = {}
    seen: set[tuple[Any, ...]] = set()
    for draft in ctx.edges:
        source = internet if draft.source == INTERNET else ctx.folded.get(draft.source, draft.source)
        target = ctx.folded.get(draft.target, draft.target)
        key = (source, target, draft.port, draft.kind)
        if source not in nodes or target not in nodes or key in seen or source == target:
            continue
        seen.add(key)
        edge_id = f"{source}-to-{target}" if draft.port is None else f"{source}-to-{target}-{draft.port}"
        data: dict[str, Any] = {"id": edge_id, "from": source, "to": target, "kind": draft.kind,
                                "protocol": draft.protocol, "label": draft.label}
        if draft.port is not None and draft.kind == "traffic":
            data["port"] = draft.port
        try:
            edges[edge_id] = Edge.model_validate(data)
        except ValidationError as exc:  # e.g. a port outside 0-65535 in a security group rule
            reason = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            ctx.warnings.append(f"{source} -> {target}: {reason}; flow left out")
    return edges
