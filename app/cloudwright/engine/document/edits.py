"""Reversible edits: the only things that change a diagram.

Each edit is small and model-only: ``apply`` and ``revert`` mutate the diagram's dicts in place and return
the change records. Cascades (a container's children, incident edges, references to removed nodes) are
worked out when the edit is *built*, from the diagram as it is then, so undo restores exact order,
positions and references. ``touched`` names the nodes whose structural validity the document re-checks.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from cloudwright.engine.document.changes import (
    Change,
    DiagramChanged,
    EdgeAdded,
    EdgeChanged,
    EdgeRemoved,
    NodeAdded,
    NodeChanged,
    NodeRemoved,
    NodeReparented,
)
from cloudwright.engine.errors import ModelError
from cloudwright.engine.model.diagram import Diagram, Edge, Node, Suppression
from cloudwright.engine.model.refs import iter_refs


class Edit:
    """Base class. ``title`` is what the Edit menu shows ("Undo Move")."""

    title = "Edit"

    def apply(self, diagram: Diagram) -> list[Change]:
        raise NotImplementedError

    def revert(self, diagram: Diagram) -> list[Change]:
        raise NotImplementedError

    def touched(self) -> set[str]:
        """Ids of nodes to re-check after ``apply``."""
        return set()

    def touched_edges(self) -> set[str]:
        return set()

    def merge(self, other: Edit) -> Edit | None:
        """The single edit equivalent to ``self`` then ``other``, when users expect one undo step."""
        return None

    @property
    def is_noop(self) -> bool:
        return False


def _insert_at(mapping: dict[str, Any], index: int, key: str, value: Any) -> dict[str, Any]:
    """``mapping`` with ``key`` inserted at position ``index`` (O(n); only undo of a removal needs it)."""
    items = list(mapping.items())
    items.insert(min(index, len(items)), (key, value))
    return dict(items)


@dataclass
class AddNode(Edit):
    node: Node
    title: str = "Add"

    def apply(self, diagram: Diagram) -> list[Change]:
        if self.node.id in diagram.nodes:
            from cloudwright.engine.errors import DuplicateIdError
            raise DuplicateIdError(f"a node with id '{self.node.id}' already exists", subject=self.node.id)
        diagram.nodes[self.node.id] = self.node
        return [NodeAdded(self.node.id)]

    def revert(self, diagram: Diagram) -> list[Change]:
        del diagram.nodes[self.node.id]
        return [NodeRemoved(self.node.id, self.node.parent)]

    def touched(self) -> set[str]:
        return {self.node.id}


@dataclass
class AddEdge(Edit):
    edge: Edge
    title: str = "Connect"

    def apply(self, diagram: Diagram) -> list[Change]:
        if self.edge.id in diagram.edges:
            from cloudwright.engine.errors import DuplicateIdError
            raise DuplicateIdError(f"an edge with id '{self.edge.id}' already exists", subject=self.edge.id)
        diagram.edges[self.edge.id] = self.edge
        return [EdgeAdded(self.edge.id)]

    def revert(self, diagram: Diagram) -> list[Change]:
        del diagram.edges[self.edge.id]
        return [EdgeRemoved(self.edge.id)]

    def touched_edges(self) -> set[str]:
        return {self.edge.id}


@dataclass
class RemoveEdges(Edit):
    """Remove edges, remembering each one's position for an exact undo."""

    removed: list[tuple[int, Edge]]
    title: str = "Disconnect"

    @classmethod
    def build(cls, diagram: Diagram, edge_ids: list[str], title: str = "Disconnect") -> RemoveEdges:
        order = {eid: i for i, eid in enumerate(diagram.edges)}
        wanted = sorted({e for e in edge_ids if e in diagram.edges}, key=order.__getitem__)
        return cls([(order[e], diagram.edges[e]) for e in wanted], title)

    def apply(self, diagram: Diagram) -> list[Change]:
        for _, edge in self.removed:
            del diagram.edges[edge.id]
        return [EdgeRemoved(e.id) for _, e in self.removed]

    def revert(self, diagram: Diagram) -> list[Change]:
        if not self.removed:
            return []
        edges = dict(diagram.edges)
        for index, edge in self.removed:
            edges = _insert_at(edges, index, edge.id, edge)
        diagram.edges.clear()
        diagram.edges.update(edges)
        return [EdgeAdded(e.id) for _, e in self.removed]

    @property
    def is_noop(self) -> bool:
        return not self.removed


def _scrubbed(props: dict[str, Any], paths: list[tuple]) -> dict[str, Any]:
    """``props`` without the references at ``paths``: a list entry is dropped, a scalar set to None.

    A reference nested in a list of records (a route's target, an SG rule's source) drops that record.
    """
    result = copy.deepcopy(props)
    drops: dict[tuple, set[int]] = {}
    for path in paths:
        int_positions = [i for i, step in enumerate(path) if isinstance(step, int)]
        if int_positions:
            cut = int_positions[0]
            drops.setdefault(path[:cut], set()).add(path[cut])
        else:
            _set_path(result, path, None)
    for list_path, indexes in drops.items():
        container = result
        for step in list_path:
            container = container[step]
        for index in sorted(indexes, reverse=True):
            del container[index]
    return result


def _set_path(data: dict[str, Any], path: tuple, value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@dataclass
class RemoveNodes(Edit):
    """Remove nodes with their whole subtrees, incident edges, references to them and suppressions."""

    removed: list[tuple[int, Node]]
    edges: RemoveEdges
    scrubs: list[tuple[Node, Node]]  # (before, after) for nodes whose references were scrubbed
    suppress_before: list[Suppression] | None = None
    suppress_after: list[Suppression] | None = None
    title: str = "Delete"

    @classmethod
    def build(cls, diagram: Diagram, node_ids: list[str], title: str = "Delete") -> RemoveNodes:
        doomed = _subtrees(diagram, node_ids)
        order = {nid: i for i, nid in enumerate(diagram.nodes)}
        removed = [(order[n], diagram.nodes[n]) for n in sorted(doomed, key=order.__getitem__)]
        edge_ids = [e.id for e in diagram.edges.values() if e.source in doomed or e.target in doomed]
        scrubs = []
        for node in diagram.nodes.values():
            if node.id in doomed:
                continue
            paths = [path for path, target, _ in iter_refs(node.kind, node.props) if target in doomed]
            if paths:
                scrubs.append((node, node.model_copy(update={"props": _scrubbed(node.props, paths)})))
        sup_after = [s for s in diagram.suppress if s.node not in doomed]
        changed_sup = len(sup_after) != len(diagram.suppress)
        return cls(removed, RemoveEdges.build(diagram, edge_ids), scrubs,
                   list(diagram.suppress) if changed_sup else None, sup_after if changed_sup else None, title)

    def apply(self, diagram: Diagram) -> list[Change]:
        changes = self.edges.apply(diagram)
        for before, after in self.scrubs:
            diagram.nodes[before.id] = after
            changes.append(NodeChanged(before.id, frozenset({"props"})))
        for _, node in reversed(self.removed):
            del diagram.nodes[node.id]
            changes.append(NodeRemoved(node.id, node.parent))
        if self.suppress_after is not None:
            diagram.suppress[:] = self.suppress_after
            changes.append(DiagramChanged(frozenset({"suppress"})))
        return changes

    def revert(self, diagram: Diagram) -> list[Change]:
        changes: list[Change] = []
        nodes = diagram.nodes
        if self.removed and self.removed[0][0] >= len(nodes):
            for _, node in self.removed:  # fast path: removed nodes were at the end
                nodes[node.id] = node
        else:
            rebuilt = dict(nodes)
            for index, node in self.removed:
                rebuilt = _insert_at(rebuilt, index, node.id, node)
            nodes.clear()
            nodes.update(rebuilt)
        changes.extend(NodeAdded(n.id) for _, n in self.removed)
        for before, _ in self.scrubs:
            nodes[before.id] = before
            changes.append(NodeChanged(before.id, frozenset({"props"})))
        changes.extend(self.edges.revert(diagram))
        if self.suppress_before is not None:
            diagram.suppress[:] = self.suppress_before
            changes.append(DiagramChanged(frozenset({"suppress"})))
        return changes

    @property
    def is_noop(self) -> bool:
        return not self.removed


def _subtrees(diagram: Diagram, roots: list[str]) -> set[str]:
    children: dict[str | None, list[str]] = {}
    for node in diagram.nodes.values():
        children.setdefault(node.parent, []).append(node.id)
    doomed: set[str] = set()
    stack = [r for r in roots if r in diagram.nodes]
    while stack:
        current = stack.pop()
        if current not in doomed:
            doomed.add(current)
            stack.extend(children.get(current, ()))
    return doomed


@dataclass
class ReplaceNodes(Edit):
    """Replace node objects wholesale (the base of move, reparent and property edits).

    ``merge_key`` marks edits that fold into their predecessor: a nudge series or repeated edits of one
    property, so each is one undo step.
    """

    before: dict[str, Node]
    after: dict[str, Node]
    fields: frozenset[str]
    title: str = "Change"
    merge_key: str | None = None

    def apply(self, diagram: Diagram) -> list[Change]:
        return self._swap(diagram, self.before, self.after)

    def revert(self, diagram: Diagram) -> list[Change]:
        return self._swap(diagram, self.after, self.before)

    def _swap(self, diagram: Diagram, old: dict[str, Node], new: dict[str, Node]) -> list[Change]:
        changes: list[Change] = []
        for node_id, node in new.items():
            if node_id not in diagram.nodes:
                raise ModelError(f"node '{node_id}' does not exist", subject=node_id)
            diagram.nodes[node_id] = node
            if old[node_id].parent != node.parent:
                changes.append(NodeReparented(node_id, old[node_id].parent, node.parent))
            changes.append(NodeChanged(node_id, self.fields))
        return changes

    def touched(self) -> set[str]:
        return set(self.after)

    def merge(self, other: Edit) -> Edit | None:
        if (isinstance(other, ReplaceNodes) and self.merge_key is not None and other.merge_key == self.merge_key
                and set(other.before) == set(self.before)):
            return ReplaceNodes(self.before, other.after, self.fields | other.fields, self.title, self.merge_key)
        return None

    @property
    def is_noop(self) -> bool:
        return all(self.before[k] == self.after[k] for k in self.after)


def move_nodes(diagram: Diagram, positions: dict[str, tuple[float, float]], *, nudge: bool = False) -> ReplaceNodes:
    """Move nodes to new positions (relative to their parents); a nudge merges with the previous nudge."""
    before = {nid: diagram.nodes[nid] for nid in positions}
    after = {nid: node.model_copy(update={"pos": (float(positions[nid][0]), float(positions[nid][1]))})
             for nid, node in before.items()}
    key = "nudge:" + ",".join(sorted(positions)) if nudge else None
    return ReplaceNodes(before, after, frozenset({"pos"}), "Nudge" if nudge else "Move", key)


def resize_node(diagram: Diagram, node_id: str, size: tuple[float, float],
                pos: tuple[float, float] | None = None) -> ReplaceNodes:
    """Resize a container; its children keep their positions."""
    node = diagram.nodes[node_id]
    update: dict[str, Any] = {"size": (float(size[0]), float(size[1]))}
    if pos is not None:
        update["pos"] = (float(pos[0]), float(pos[1]))
    return ReplaceNodes({node_id: node}, {node_id: node.model_copy(update=update)}, frozenset({"size", "pos"}),
                        "Resize")


def reparent_node(diagram: Diagram, node_id: str, new_parent: str | None, pos: tuple[float, float]) -> ReplaceNodes:
    """Move a node into another container (``pos`` relative to the new parent)."""
    node = diagram.nodes[node_id]
    after = node.model_copy(update={"parent": new_parent, "pos": (float(pos[0]), float(pos[1]))})
    return ReplaceNodes({node_id: node}, {node_id: after}, frozenset({"parent", "pos"}), "Move Into")


def set_node_fields(diagram: Diagram, node_id: str, *, label: str | None = None,
                    props: dict[str, Any] | None = None, intent: dict[str, Any] | None = None,
                    merge: bool = True) -> ReplaceNodes:
    """Set the label and/or update properties (``None`` as a value removes the key, restoring the default)."""
    node = diagram.nodes[node_id]
    update: dict[str, Any] = {}
    fields: set[str] = set()
    if label is not None and label != node.label:
        update["label"] = label
        fields.add("label")
    for name, changes in (("props", props), ("intent", intent)):
        if changes:
            merged = dict(getattr(node, name))
            for key, value in changes.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            if merged != getattr(node, name):
                update[name] = merged
                fields.add(name)
    after = node.model_copy(update=update) if update else node
    keys = sorted((props or {}).keys()) + sorted(f"i.{k}" for k in (intent or {})) + (["label"] if label else [])
    key = f"set:{node_id}:{','.join(keys)}" if merge else None
    return ReplaceNodes({node_id: node}, {node_id: after}, frozenset(fields), "Edit Properties", key)


@dataclass
class ReplaceEdge(Edit):
    before: Edge
    after: Edge
    title: str = "Edit Flow"

    def apply(self, diagram: Diagram) -> list[Change]:
        diagram.edges[self.after.id] = self.after
        return [EdgeChanged(self.after.id)]

    def revert(self, diagram: Diagram) -> list[Change]:
        diagram.edges[self.before.id] = self.before
        return [EdgeChanged(self.before.id)]

    def touched_edges(self) -> set[str]:
        return {self.after.id}

    @property
    def is_noop(self) -> bool:
        return self.before == self.after


def set_edge_fields(diagram: Diagram, edge_id: str, **fields: Any) -> ReplaceEdge:
    edge = diagram.edges[edge_id]
    data = edge.model_dump(by_alias=True)
    data.update(fields)
    return ReplaceEdge(edge, Edge.model_validate(data))


@dataclass
class SetDiagramFields(Edit):
    """Name, description, suppressions or settings of the design itself."""

    before: dict[str, Any]
    after: dict[str, Any]
    title: str = "Edit Design"

    @classmethod
    def build(cls, diagram: Diagram, **fields: Any) -> SetDiagramFields:
        return cls({k: copy.deepcopy(getattr(diagram, k)) for k in fields}, fields)

    def apply(self, diagram: Diagram) -> list[Change]:
        for key, value in self.after.items():
            setattr(diagram, key, copy.deepcopy(value))
        return [DiagramChanged(frozenset(self.after))]

    def revert(self, diagram: Diagram) -> list[Change]:
        for key, value in self.before.items():
            setattr(diagram, key, copy.deepcopy(value))
        return [DiagramChanged(frozenset(self.before))]


@dataclass
class Batch(Edit):
    """Several edits as one undo step; applied in order, reverted in reverse order."""

    edits: list[Edit] = field(default_factory=list)
    title: str = "Edit"

    def apply(self, diagram: Diagram) -> list[Change]:
        changes: list[Change] = []
        done: list[Edit] = []
        try:
            for edit in self.edits:
                changes.extend(edit.apply(diagram))
                done.append(edit)
        except Exception:
            for edit in reversed(done):
                edit.revert(diagram)
            raise
        return changes

    def revert(self, diagram: Diagram) -> list[Change]:
        changes: list[Change] = []
        for edit in reversed(self.edits):
            changes.extend(edit.revert(diagram))
        return changes

    def touched(self) -> set[str]:
        return set().union(*(e.touched() for e in self.edits)) if self.edits else set()

    def touched_edges(self) -> set[str]:
        return set().union(*(e.touched_edges() for e in self.edits)) if self.edits else set()

    @property
    def is_noop(self) -> bool:
        return all(e.is_noop for e in self.edits)
