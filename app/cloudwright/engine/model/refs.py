"""Find the fields of a node's properties that name other nodes (see :class:`~.props.Ref`).

Used by the structural check (every reference must exist, with the right kind) and by the document
(removing a node scrubs references to it; pasting remaps them to fresh ids).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from cloudwright.engine.model.props import Props, Ref, schema_for

#: Path into a node's raw ``props`` dict: keys and list indexes.
PropPath = tuple[str | int, ...]

#: Route targets may name the VPC's implicit local route instead of a node.
LOCAL_TARGET = "local"


def _find_ref(annotation: Any) -> tuple[Ref | None, type[BaseModel] | None]:
    """The Ref marker and the nested model class found anywhere inside a type annotation."""
    found_ref: Ref | None = None
    found_model: type[BaseModel] | None = None
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, Ref):
            found_ref = current
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            found_model = current
            continue
        meta = getattr(current, "__metadata__", None)
        if meta:
            stack.extend(meta)
            stack.append(current.__origin__)
        if get_origin(current) is not None:
            stack.extend(get_args(current))
    return found_ref, found_model


@cache
def _ref_fields(model: type[BaseModel]) -> tuple[tuple[str, Ref | None, type[BaseModel] | None], ...]:
    fields = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        ref_marker = next((m for m in info.metadata if isinstance(m, Ref)), None)
        inner_ref, inner_model = _find_ref(annotation)
        marker = ref_marker or inner_ref
        if marker is not None or inner_model is not None:
            fields.append((name, marker, inner_model))
    return tuple(fields)


def iter_refs(kind: str, props: dict[str, Any]) -> Iterator[tuple[PropPath, str, tuple[str, ...]]]:
    """Yield ``(path, referenced_id, allowed_kinds)`` for every reference in raw ``props``.

    >>> list(iter_refs("route_table", {"routes": [{"destination": "0.0.0.0/0", "target": "igw"}]}))
    [(('routes', 0, 'target'), 'igw', ('igw', ...))]  # doctest: +ELLIPSIS
    """
    yield from _walk(schema_for(kind), props, ())


def _walk(model: type[BaseModel], data: Any, prefix: PropPath) -> Iterator[tuple[PropPath, str, tuple[str, ...]]]:
    if not isinstance(data, dict) or model is Props:
        return
    for name, marker, nested in _ref_fields(model):
        value = data.get(name)
        if value is None:
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            path = prefix + ((name,) if index is None else (name, index))
            if nested is not None and isinstance(item, dict):
                yield from _walk(nested, item, path)
            elif marker is not None and isinstance(item, str) and item != LOCAL_TARGET:
                yield path, item, marker.kinds


def get_path(props: dict[str, Any], path: PropPath) -> Any:
    value: Any = props
    for step in path:
        value = value[step]
    return value
