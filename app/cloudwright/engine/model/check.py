"""Structural checks: the impossibilities a diagram may never contain.

Unknown kinds, bad property values, parents a kind may not have, containment cycles and references to
missing nodes (or nodes of the wrong kind) are refused at load time and at the document boundary.
Everything else a design can get wrong is advice, and belongs to the rules engine.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from cloudwright.engine.catalog import catalog
from cloudwright.engine.errors import (
    ContainmentError,
    CycleError,
    DanglingReferenceError,
    FormatError,
    ModelError,
    PropertyError,
    UnknownKindError,
)
from cloudwright.engine.model.diagram import Diagram, Edge, Node, typed_props
from cloudwright.engine.model.ids import id_problem
from cloudwright.engine.model.refs import iter_refs


def describe_validation_error(exc: ValidationError) -> tuple[str, str]:
    """The dotted field path and a readable message of pydantic's first error."""
    first = exc.errors()[0]
    path = ".".join(str(p) for p in first["loc"])
    message = first["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if "input" in first and first["type"] not in ("value_error", "missing") and not isinstance(
            first["input"], dict | list):
        message = f"{message} (got {first['input']!r})"
    return path, message


def check_node(diagram: Diagram, node: Node) -> list[ModelError]:
    """Problems of one node: its id, its kind, its properties, its parent and its references."""
    problem = id_problem(node.id)
    if problem is not None:
        return [FormatError(f"node {problem}", subject=node.id, field="id")]
    cat = catalog()
    if node.kind not in cat:
        return [UnknownKindError(f"node '{node.id}': unknown kind '{node.kind}'", subject=node.id, field="kind")]
    errors: list[ModelError] = []
    try:
        typed_props(node)
    except ValidationError as exc:
        path, message = describe_validation_error(exc)
        errors.append(PropertyError(f"{node.kind} '{node.id}': {path}: {message}", subject=node.id,
                                    field=f"props.{path}"))
    spec = cat.get(node.kind)
    if node.parent is not None and node.parent not in diagram.nodes:
        errors.append(DanglingReferenceError(
            f"{node.kind} '{node.id}': parent '{node.parent}' does not exist", subject=node.id, field="parent"))
    else:
        parent_kind = diagram.nodes[node.parent].kind if node.parent is not None else None
        if not spec.may_sit_in(parent_kind):
            where = f"in {parent_kind} '{node.parent}'" if node.parent else "outside any container"
            errors.append(ContainmentError(
                f"{node.kind} '{node.id}' cannot sit {where}: {cat.placement_hint(node.kind)}",
                subject=node.id, field="parent"))
        elif parent_kind is not None and not cat.get(parent_kind).container:
            errors.append(ContainmentError(
                f"{node.kind} '{node.id}': parent '{node.parent}' is a {parent_kind}, which holds nothing",
                subject=node.id, field="parent"))
    for path, target, kinds in iter_refs(node.kind, node.props):
        field = "props." + ".".join(str(p) for p in path)
        other = diagram.nodes.get(target)
        if other is None:
            errors.append(DanglingReferenceError(
                f"{node.kind} '{node.id}': {field[6:]} refers to '{target}', which does not exist",
                subject=node.id, field=field))
        elif kinds and other.kind not in kinds:
            errors.append(DanglingReferenceError(
                f"{node.kind} '{node.id}': {field[6:]} refers to {other.kind} '{target}', "
                f"but must name a {' or '.join(kinds)}", subject=node.id, field=field))
    return errors


def check_edge(diagram: Diagram, edge: Edge) -> list[ModelError]:
    problem = id_problem(edge.id)
    if problem is not None:
        return [FormatError(f"edge {problem}", subject=edge.id, field="id")]
    errors: list[ModelError] = []
    for end, field in ((edge.source, "from"), (edge.target, "to")):
        if end not in diagram.nodes:
            errors.append(DanglingReferenceError(
                f"edge '{edge.id}': '{field}' names '{end}', which does not exist", subject=edge.id, field=field))
    return errors


def find_cycle(diagram: Diagram, start: str) -> list[str] | None:
    """The containment cycle through ``start``, if following parents from it comes back to it."""
    seen: list[str] = []
    current: str | None = start
    visited: set[str] = set()
    while current is not None and current in diagram.nodes:
        if current in visited:
            return seen[seen.index(current):] + [current]
        visited.add(current)
        seen.append(current)
        current = diagram.nodes[current].parent
    return None


def check_cycles(diagram: Diagram, node_ids: Iterable[str] | None = None) -> list[ModelError]:
    """Containment cycles, each reported once. Linear in the number of nodes."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = known acyclic
    errors: list[ModelError] = []
    for start in node_ids if node_ids is not None else diagram.nodes:
        path: list[str] = []
        current: str | None = start
        while current is not None and current in diagram.nodes and state.get(current) is None:
            state[current] = 1
            path.append(current)
            current = diagram.nodes[current].parent
        if current is not None and state.get(current) == 1:
            loop = path[path.index(current):] + [current]
            errors.append(CycleError(f"containment cycle: {' -> '.join(loop)}", subject=start, field="parent"))
        for visited in path:
            state[visited] = 2
    return errors


def check_diagram(diagram: Diagram) -> list[ModelError]:
    """Every structural problem of a diagram, in file order (nodes, then edges, then suppressions)."""
    errors: list[ModelError] = []
    for node in diagram.nodes.values():
        errors.extend(check_node(diagram, node))
    errors.extend(check_cycles(diagram))
    for edge in diagram.edges.values():
        errors.extend(check_edge(diagram, edge))
    for index, sup in enumerate(diagram.suppress):
        if sup.node is not None and sup.node not in diagram.nodes:
            errors.append(DanglingReferenceError(
                f"suppression of {sup.rule}: node '{sup.node}' does not exist", field=f"suppress.{index}.node"))
    return errors
