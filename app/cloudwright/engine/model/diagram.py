"""The diagram model: nodes, edges and the design-level settings around them.

A :class:`Diagram` is plain data (pydantic), flat and keyed by id: containment is the ``parent`` field,
never geometry. Node positions are relative to the parent container, like Qt's item coordinates, so a
container moves as one edit. Nodes and edges are frozen; the :class:`~cloudwright.engine.document.Document`
replaces them on every change, which keeps undo exact and lets :func:`typed_props` cache safely.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from cloudwright.engine.model.props import Props, schema_for
from cloudwright.engine.model.types import Ports, ProtocolField

FORMAT_VERSION = 1


class Node(BaseModel):
    """A component or container; ``props`` holds the file's values, :func:`typed_props` their typed view."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: str
    label: str = ""
    parent: str | None = None
    pos: tuple[float, float] = (0.0, 0.0)
    size: tuple[float, float] | None = None
    props: dict[str, Any] = Field(default_factory=dict)
    intent: dict[str, Any] = Field(default_factory=dict)

    _typed: tuple[dict[str, Any], str, Props] | None = PrivateAttr(default=None)

    @field_validator("id", "kind")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("pos", "size")
    @classmethod
    def _hundredths(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        """Geometry is kept to 0.01 px, so what is saved is exactly what is loaded."""
        if value is None:
            return None
        x, y = (round(float(v), 2) for v in value)
        if x != x or y != y or abs(x) == float("inf") or abs(y) == float("inf"):
            raise ValueError("coordinates must be finite numbers")
        return (x + 0.0, y + 0.0)

    @property
    def title(self) -> str:
        """What a person sees: the label, or the id when there is none."""
        return self.label or self.id

    def with_(self, **changes: Any) -> Node:
        """A validated copy with ``changes`` applied (``model_copy`` would skip validation and carry the
        cached typed view of the old properties over)."""
        return Node.model_validate({**self.__dict__, **changes})

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Node:  # type: ignore[override]
        if update:
            return self.with_(**update)
        copied = super().model_copy(deep=deep)
        object.__setattr__(copied, "__pydantic_private__", {"_typed": None})
        return copied

    def __eq__(self, other: object) -> bool:
        """Equal when the data is equal; the cached typed view is not part of a node's identity."""
        if not isinstance(other, Node):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]


class Edge(BaseModel):
    """An intended flow (``traffic``) or a non-network relation (``relation``, e.g. "replicates to")."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    id: str
    source: str = Field(alias="from")
    target: str = Field(alias="to")
    kind: Literal["traffic", "relation"] = "traffic"
    protocol: ProtocolField = "tcp"
    port: Ports | None = None
    label: str = ""
    props: dict[str, Any] = Field(default_factory=dict)

    @property
    def title(self) -> str:
        """The label, else protocol/port for a flow; a relation has no protocol to show."""
        if self.label or self.kind == "relation":
            return self.label
        return f"{self.protocol}/{self.port}" if self.port is not None else str(self.protocol)


class Suppression(BaseModel):
    """A rule silenced for one node (or the whole design), with the reason shown next to the finding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    node: str | None = None
    reason: str = ""


class Stage(BaseModel):
    """One step of a staged template: which nodes and edges are visible and what changes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    lesson: str = ""
    visible: list[str] | None = None
    hidden: list[str] = []
    overrides: dict[str, dict[str, Any]] = {}
    expected_findings: dict[str, list[str]] = {}


class Diagram(BaseModel):
    """A whole design. ``nodes`` and ``edges`` are ordered dicts keyed by id (lists in the file)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    name: str = ""
    description: str = ""
    nodes: dict[str, Node] = Field(default_factory=dict)
    edges: dict[str, Edge] = Field(default_factory=dict)
    suppress: list[Suppression] = []
    stages: list[Stage] = []
    settings: dict[str, Any] = Field(default_factory=dict)

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def children_of(self, parent: str | None) -> list[Node]:
        return [n for n in self.nodes.values() if n.parent == parent]

    def copy_shallow(self) -> Diagram:
        """A copy whose dicts can change independently (nodes and edges are frozen, so sharing is safe)."""
        return self.model_copy(update={"nodes": dict(self.nodes), "edges": dict(self.edges),
                                       "suppress": list(self.suppress), "stages": list(self.stages)})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Diagram):
            return NotImplemented
        return (self.name == other.name and self.description == other.description
                and list(self.nodes.items()) == list(other.nodes.items())
                and list(self.edges.items()) == list(other.edges.items())
                and self.suppress == other.suppress and self.stages == other.stages
                and self.settings == other.settings)

    __hash__ = None  # type: ignore[assignment]


def typed_props(node: Node) -> Props:
    """The node's properties validated against its kind's schema, with defaults; cached per node object.

    Raises pydantic's ``ValidationError`` for bad values; the structural check turns that into a
    :class:`~cloudwright.engine.errors.PropertyError` naming the field.
    """
    private = node.__pydantic_private__  # read directly: pydantic's ``__getattr__`` for ``_typed`` is ~20x slower
    cached = private.get("_typed") if private else None
    # ``model_copy(update={"props": ...})`` copies private attributes too: the cache is only valid for the
    # very props dict it was computed from (and the same kind).
    if cached is not None and cached[0] is node.props and cached[1] == node.kind:
        return cached[2]
    typed = schema_for(node.kind).model_validate(node.props)
    object.__setattr__(node, "__pydantic_private__", {"_typed": (node.props, node.kind, typed)})
    return typed
