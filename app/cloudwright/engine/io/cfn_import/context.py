"""The state of one import: resolved resources in, node and edge drafts out.

Mappers add :class:`NodeDraft` objects (one per modelled resource, keyed by logical id) and fold secondary
resources (routes, rules, associations, listeners) into the props of the node they configure. Where a
draft finally sits (subnet, VPC, region, top level) is decided later by :mod:`.placement`, from the
``subnets``/``vpc``/``az`` hints the mappers leave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cloudwright.engine.io.cfn_import.intrinsics import Resolver, ResourceRef, Unresolved, refs_in


@dataclass
class NodeDraft:
    """A node under construction; ``subnets``, ``vpc`` and ``az`` are placement hints."""

    id: str
    kind: str
    label: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    intent: dict[str, Any] = field(default_factory=dict)
    cfn_type: str = ""
    subnets: list[str] = field(default_factory=list)
    vpc: str | None = None
    az: str | None = None
    parent: str | None = None


@dataclass
class EdgeDraft:
    source: str
    target: str
    port: int | str | None = None
    protocol: str = "tcp"
    label: str = ""
    kind: str = "traffic"


class ImportContext:
    """Everything the mappers share: resolved properties, drafts, warnings."""

    def __init__(self, template: dict[str, Any], params: dict[str, str]) -> None:
        self.warnings: list[str] = []
        self.resolver = Resolver(template, params, self.warnings)
        self.template = template
        self.types: dict[str, str] = {}
        self.resources: dict[str, dict[str, Any]] = {}
        self.skipped: list[str] = []
        for logical_id, resource in (template.get("Resources") or {}).items():
            if str(logical_id).startswith("Fn::ForEach::"):
                self.warnings.append(f"{logical_id}: Fn::ForEach loops are not expanded; the resources it "
                                     "would make are not shown")
                continue
            condition = resource.get("Condition")
            if condition is not None and not self.resolver.condition(str(condition)):
                self.skipped.append(str(logical_id))
                continue
            self.types[str(logical_id)] = str(resource["Type"])
            self.resources[str(logical_id)] = resource
        self.types.update({k: v for k, v in self.resolver.existing.items() if k not in self.types})
        self._props: dict[str, dict[str, Any]] = {}
        self.nodes: dict[str, NodeDraft] = {}
        self.edges: list[EdgeDraft] = []
        self.folded: dict[str, str] = {}
        self.unknown: dict[str, str] = {}

    @property
    def region(self) -> str:
        return self.resolver.region

    def props(self, logical_id: str) -> dict[str, Any]:
        """The resource's ``Properties`` with intrinsics evaluated (cached)."""
        if logical_id not in self._props:
            raw = self.resources[logical_id].get("Properties") or {}
            resolved = self.resolver.resolve(raw)
            self._props[logical_id] = resolved if isinstance(resolved, dict) else {}
        return self._props[logical_id]

    def add(self, draft: NodeDraft) -> NodeDraft:
        self.nodes[draft.id] = draft
        return draft

    def fold(self, logical_id: str, into: str | None) -> None:
        """Record that a resource was absorbed into another node's props (or warn when it could not be)."""
        if into is None:
            self.warnings.append(f"{logical_id} ({self.types.get(logical_id, '?')}): the resource it "
                                 "configures is not in the template; not shown")
        else:
            self.folded[logical_id] = into

    def edge(self, source: str | None, target: str | None, port: int | str | None = None, *,
             protocol: str = "tcp", label: str = "", kind: str = "traffic") -> None:
        if source and target and source != target:
            self.edges.append(EdgeDraft(source, target, port, protocol, label, kind))

    # --- reading references ---------------------------------------------------------------------------
    def ref(self, value: Any, *types: str) -> str | None:
        """The logical id a value points at (``Ref``/``GetAtt``), if it is a resource of ``types``."""
        for found in refs_in(value) if isinstance(value, ResourceRef | Unresolved) else []:
            if found.logical_id in self.types and (not types or self.types[found.logical_id] in types):
                return found.logical_id
        return None

    def refs(self, values: Any, *types: str) -> list[str]:
        """The logical ids a list of values point at, in order, without repeats."""
        items = values if isinstance(values, list) else [values]
        result: list[str] = []
        for item in items:
            for found in refs_in(item):
                if found.logical_id in self.types and (not types or self.types[found.logical_id] in types) \
                        and found.logical_id not in result:
                    result.append(found.logical_id)
        return result

    def mentioned(self, value: Any) -> list[str]:
        """Every resource mentioned anywhere inside ``value`` (environment variables, ARNs, policies)."""
        return self.refs(value)

    def warn_unresolved(self, logical_id: str, field_name: str, value: Any) -> None:
        shown = value.text if isinstance(value, Unresolved) else repr(value)
        self.warnings.append(f"{logical_id}: {field_name} is {shown}, which is only known at deploy time")


def tag_name(props: dict[str, Any]) -> str:
    """The ``Name`` tag, which AWS consoles show as the resource's name."""
    for tag in props.get("Tags") or []:
        if isinstance(tag, dict) and tag.get("Key") == "Name" and isinstance(tag.get("Value"), str):
            return tag["Value"]
    return ""


def as_bool(value: Any, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return default


def as_int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
