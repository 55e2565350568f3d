"""Change records the Document emits after every applied or reverted edit, for views to follow."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeAdded:
    node_id: str


@dataclass(frozen=True)
class NodeRemoved:
    node_id: str
    parent: str | None


@dataclass(frozen=True)
class NodeChanged:
    """Fields among ``label``, ``props``, ``intent``, ``pos``, ``size``, ``kind``."""

    node_id: str
    fields: frozenset[str]


@dataclass(frozen=True)
class NodeReparented:
    node_id: str
    old_parent: str | None
    new_parent: str | None


@dataclass(frozen=True)
class EdgeAdded:
    edge_id: str


@dataclass(frozen=True)
class EdgeRemoved:
    edge_id: str


@dataclass(frozen=True)
class EdgeChanged:
    edge_id: str


@dataclass(frozen=True)
class DiagramChanged:
    """Design-level data changed (name, description, suppressions, settings) or everything was replaced."""

    fields: frozenset[str]


Change = NodeAdded | NodeRemoved | NodeChanged | NodeReparented | EdgeAdded | EdgeRemoved | EdgeChanged | DiagramChanged
