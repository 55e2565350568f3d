"""The Cloudwright file format: versioned YAML (JSON accepted), read safely, written atomically.

```yaml
cloudwright: 1            # format version, always first
name: Shop
nodes:
  - {id: vpc, kind: vpc, parent: us-east-1, pos: [40, 60], size: [900, 600], props: {cidr: 10.0.0.0/16}}
edges:
  - {id: alb-web, from: alb, to: web, protocol: tcp, port: 80}
suppress: [{rule: GEN-HA-001, node: web, reason: demo}]
```

Every problem is reported as ``file:line:column: message`` naming the node and field. Loading checks
structure completely (see :mod:`cloudwright.engine.model.check`), so a loaded diagram is always valid.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cloudwright.engine.errors import (
    CloudwrightError,
    DuplicateIdError,
    FormatError,
    LimitError,
    Location,
    ModelError,
    PropertyError,
)
from cloudwright.engine.io.atomic import write_atomic
from cloudwright.engine.io.limits import MAX_EDGES, MAX_ERRORS_REPORTED, MAX_NODES
from cloudwright.engine.io.migrations import migrate
from cloudwright.engine.io.yaml_source import PositionIndex, decode, parse
from cloudwright.engine.io.yaml_writer import dump_yaml
from cloudwright.engine.memory import gc_paused
from cloudwright.engine.model.check import check_diagram, describe_validation_error
from cloudwright.engine.model.diagram import FORMAT_VERSION, Diagram, Edge, Node, Stage, Suppression
from cloudwright.engine.model.ids import id_problem

VERSION_KEY = "cloudwright"


class DesignLoadError(CloudwrightError):
    """A design file could not be loaded; ``errors`` holds every problem found, each with its place."""

    def __init__(self, errors: list[ModelError]) -> None:
        self.errors = errors
        lines = [str(e) for e in errors[:MAX_ERRORS_REPORTED]]
        if len(errors) > MAX_ERRORS_REPORTED:
            lines.append(f"... and {len(errors) - MAX_ERRORS_REPORTED} more problems")
        super().__init__("\n".join(lines))


@dataclass
class LoadedDesign:
    """A loaded diagram with the text it came from, for tools that point back into the file (SARIF)."""

    diagram: Diagram
    path: str | None
    text: str
    _lines: dict[str, int] | None = field(default=None, repr=False)

    def node_line(self, node_id: str) -> int | None:
        if self._lines is None:
            self._lines = _node_lines(self.text)
        return self._lines.get(node_id)


_ID_LINE = re.compile(r"""^\s*(?:-\s*)?(?:\{\s*)?["']?id["']?\s*:\s*["']?([^"',}\s]+)""", re.M)


def _node_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for match in _ID_LINE.finditer(text):
        lines.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    return lines


def is_design_data(data: Any) -> bool:
    return isinstance(data, dict) and (VERSION_KEY in data or "format" in data)


def load_text(text: str, file: str | None = None) -> LoadedDesign:
    with gc_paused():
        data = parse(text, file)
        return LoadedDesign(build_diagram(data, text, file), file, text)


def read_design(path: str | os.PathLike[str]) -> LoadedDesign:
    """Load a design file; raises :class:`DesignLoadError` or a :class:`FormatError` with its place."""
    file = str(path)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise FormatError(f"cannot read file: {exc.strerror}", location=Location(file)) from None
    from cloudwright.engine.io.limits import MAX_FILE_BYTES
    if size > MAX_FILE_BYTES:
        raise LimitError(f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit",
                         location=Location(file))
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read file: {exc.strerror}", location=Location(file)) from None
    return load_text(decode(data, file), file)


def load_design(path: str | os.PathLike[str]) -> Diagram:
    return read_design(path).diagram


def build_diagram(data: Any, text: str = "", file: str | None = None) -> Diagram:
    """Turn parsed data into a checked :class:`Diagram`, collecting every problem with its position."""
    positions = PositionIndex(text, file)
    if not isinstance(data, dict):
        raise FormatError("not a Cloudwright design: the top level must be a mapping with a "
                          f"'{VERSION_KEY}:' version key", location=Location(file, 1, 1))
    version = data.get(VERSION_KEY, data.get("format"))
    if version is None:
        raise FormatError(f"not a Cloudwright design: no '{VERSION_KEY}:' format version at the top",
                          location=Location(file, 1, 1))
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise FormatError(f"format version must be a whole number, not {version!r}",
                          location=positions.locate((VERSION_KEY,)))
    if version > FORMAT_VERSION:
        raise FormatError(f"written by a newer Cloudwright (format {version}); this version reads up to "
                          f"format {FORMAT_VERSION}", location=positions.locate((VERSION_KEY,)))
    data = migrate(data, version)
    errors: list[ModelError] = []

    def fail(error: ModelError, path: tuple[Any, ...]) -> None:
        errors.append(error.with_location(positions.locate(path)))

    unknown = set(data) - {VERSION_KEY, "name", "description", "nodes", "edges", "suppress", "stages", "settings"}
    for key in sorted(unknown, key=str):
        fail(FormatError(f"unknown top-level key '{key}'"), (key,))
    raw_nodes = _list_of(data, "nodes", fail)
    raw_edges = _list_of(data, "edges", fail)
    if len(raw_nodes) > MAX_NODES:
        raise LimitError(f"{len(raw_nodes):,} nodes is over the limit of {MAX_NODES:,}", location=Location(file))
    if len(raw_edges) > MAX_EDGES:
        raise LimitError(f"{len(raw_edges):,} edges is over the limit of {MAX_EDGES:,}", location=Location(file))

    nodes: dict[str, Node] = {}
    node_index: dict[str, int] = {}
    for index, raw in enumerate(raw_nodes):
        node = _build(Node, raw, ("nodes", index), "node", fail)
        if node is None:
            continue
        if not _id_ok(node.id, ("nodes", index, "id"), fail):
            continue
        if node.id in nodes:
            fail(DuplicateIdError(f"duplicate node id '{node.id}' (first used at node #{node_index[node.id] + 1})",
                                  subject=node.id), ("nodes", index, "id"))
            continue
        nodes[node.id] = node
        node_index[node.id] = index

    edges: dict[str, Edge] = {}
    edge_index: dict[str, int] = {}
    for index, raw in enumerate(raw_edges):
        if isinstance(raw, dict) and "id" not in raw and "from" in raw and "to" in raw:
            raw = {"id": _edge_id(raw, edges), **raw}
        edge = _build(Edge, raw, ("edges", index), "edge", fail)
        if edge is None or not _id_ok(edge.id, ("edges", index, "id"), fail):
            continue
        if edge.id in edges:
            fail(DuplicateIdError(f"duplicate edge id '{edge.id}'", subject=edge.id), ("edges", index, "id"))
            continue
        edges[edge.id] = edge
        edge_index[edge.id] = index

    suppress = [s for i, r in enumerate(_list_of(data, "suppress", fail))
                if (s := _build(Suppression, r, ("suppress", i), "suppression", fail)) is not None]
    stages = [s for i, r in enumerate(_list_of(data, "stages", fail))
              if (s := _build(Stage, r, ("stages", i), "stage", fail)) is not None]
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        fail(FormatError("'settings' must be a mapping"), ("settings",))
        settings = {}
    elif not all(isinstance(key, str) for key in settings):
        fail(FormatError("'settings' keys must be text"), ("settings",))
        settings = {}
    name, description = data.get("name", ""), data.get("description", "")
    for key, value in (("name", name), ("description", description)):
        if value is not None and not isinstance(value, str):
            fail(FormatError(f"'{key}' must be text"), (key,))
    diagram = Diagram(name=str(name or ""), description=str(description or ""), nodes=nodes, edges=edges,
                      suppress=suppress, stages=stages, settings=settings)

    for error in check_diagram(diagram):
        if error.subject in node_index:
            path: tuple[Any, ...] = ("nodes", node_index[error.subject], *_field_path(error.field))
        elif error.subject in edge_index:
            path = ("edges", edge_index[error.subject], *_field_path(error.field))
        else:
            path = _field_path(error.field)
        fail(error, path)
    if errors:
        raise DesignLoadError(errors)
    return diagram


def _field_path(field_name: str | None) -> tuple[Any, ...]:
    if not field_name:
        return ()
    return tuple(int(p) if p.isdigit() else p for p in field_name.split("."))


def _list_of(data: dict[str, Any], key: str, fail: Any) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        fail(FormatError(f"'{key}' must be a list"), (key,))
        return []
    return value


def _id_ok(value: str, path: tuple[Any, ...], fail: Any) -> bool:
    problem = id_problem(value)
    if problem is not None:
        fail(FormatError(problem), path)
    return problem is None


def _build(model: type[Any], raw: Any, path: tuple[Any, ...], what: str, fail: Any) -> Any:
    if not isinstance(raw, dict):
        fail(FormatError(f"each {what} must be a mapping, not {type(raw).__name__}"), path)
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        field_path, message = describe_validation_error(exc)
        first = exc.errors()[0]
        label = raw.get("id") if isinstance(raw.get("id"), str) else f"#{path[-1] + 1}"
        if first["type"] == "extra_forbidden":
            message = f"unknown field '{field_path}'"
        elif first["type"] == "missing":
            message = f"missing required field '{field_path}'"
        else:
            message = f"{field_path}: {message}"
        fail(PropertyError(f"{what} '{label}': {message}"), path + tuple(first["loc"]))
        return None


def _edge_id(raw: dict[str, Any], taken: dict[str, Edge]) -> str:
    base = f"{raw.get('from')}->{raw.get('to')}"
    if raw.get("port") is not None:
        base += f":{raw.get('port')}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}#{n}", n + 1
    return candidate


# --- writing -------------------------------------------------------------------------------------------

def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def diagram_to_data(diagram: Diagram) -> dict[str, Any]:
    """Plain data for the file, defaults left out so files stay short and diffs small."""
    data: dict[str, Any] = {VERSION_KEY: FORMAT_VERSION}
    if diagram.name:
        data["name"] = diagram.name
    if diagram.description:
        data["description"] = diagram.description
    if diagram.settings:
        data["settings"] = diagram.settings
    nodes = []
    for node in diagram.nodes.values():
        item: dict[str, Any] = {"id": node.id, "kind": node.kind}
        if node.label:
            item["label"] = node.label
        if node.parent is not None:
            item["parent"] = node.parent
        item["pos"] = [_number(v) for v in node.pos]
        if node.size is not None:
            item["size"] = [_number(v) for v in node.size]
        if node.props:
            item["props"] = node.props
        if node.intent:
            item["intent"] = node.intent
        nodes.append(item)
    data["nodes"] = nodes
    edges = []
    for edge in diagram.edges.values():
        item = {"id": edge.id, "from": edge.source, "to": edge.target}
        if edge.kind != "traffic":
            item["kind"] = edge.kind
        dumped = edge.model_dump(mode="json", by_alias=True)
        if edge.kind == "traffic" or edge.port is not None:
            item["protocol"] = dumped["protocol"]
        if edge.port is not None:
            item["port"] = dumped["port"]
        if edge.label:
            item["label"] = edge.label
        if edge.props:
            item["props"] = edge.props
        edges.append(item)
    data["edges"] = edges
    if diagram.suppress:
        data["suppress"] = [s.model_dump(exclude_defaults=True) for s in diagram.suppress]
    if diagram.stages:
        data["stages"] = [s.model_dump(exclude_defaults=True) for s in diagram.stages]
    return data


def dumps(diagram: Diagram, fmt: str = "yaml") -> str:
    data = diagram_to_data(diagram)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return dump_yaml(data)


def save_design(diagram: Diagram, path: str | os.PathLike[str]) -> None:
    """Write atomically, as JSON when the name ends in ``.json`` and YAML otherwise."""
    fmt = "json" if str(path).lower().endswith(".json") else "yaml"
    write_atomic(path, dumps(diagram, fmt))
