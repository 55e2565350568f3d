"""How each field of a kind's typed schema is edited: a plain description derived from its annotation.

The properties panel never hard-codes a kind: it asks :func:`fields_of` for the schema's fields and picks
one editor factory per :class:`FieldSpec` ``editor`` value. Qt-free, so it is testable on its own.
"""

from __future__ import annotations

import ipaddress
import types
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from cloudwright.engine.model.props import Props, Ref, schema_for
from cloudwright.engine.model.types import PortRange

_NETWORKS = (ipaddress.IPv4Network, ipaddress.IPv6Network)


@dataclass(frozen=True)
class FieldSpec:
    """What a field holds, in the terms an editor needs.

    ``editor`` is one of: text, int, float, bool, choice, cidr, ports, ref, ref_list, cidr_list, text_list,
    rows, model (a nested object, shown read-only).
    """

    name: str
    editor: str
    optional: bool = False
    choices: tuple[str, ...] = ()
    ref_kinds: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    row_model: type[BaseModel] | None = None
    cidr_family: str = ""

    @property
    def title(self) -> str:
        return self.name.replace("_", " ").capitalize()


def _strip_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    meta: list[Any] = []
    while get_origin(annotation) is Annotated:
        meta.extend(annotation.__metadata__)
        annotation = get_args(annotation)[0]
    return annotation, meta


def _split_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        if len(args) == 1:
            return args[0], optional
        return Union[tuple(args)], optional  # noqa: UP007 - rebuilding a runtime union
    return annotation, False


def _cidr_family(annotation: Any) -> str:
    args = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,)
    if args and all(isinstance(a, type) and issubclass(a, _NETWORKS) for a in args):
        return "any" if len(args) > 1 else ("ipv4" if args[0] is ipaddress.IPv4Network else "ipv6")
    return ""


def describe(name: str, info: FieldInfo) -> FieldSpec:
    """The editor description of one pydantic field."""
    annotation, meta = _strip_annotated(info.annotation)
    meta = list(info.metadata) + meta
    annotation, optional = _split_optional(annotation)
    annotation, inner_meta = _strip_annotated(annotation)
    meta += inner_meta
    ref_marker = next((m for m in meta if isinstance(m, Ref)), None)
    minimum = next((m.ge for m in meta if isinstance(m, Ge)), None)
    maximum = next((m.le for m in meta if isinstance(m, Le)), None)
    common = {"name": name, "optional": optional}
    if ref_marker is not None and annotation is str:
        return FieldSpec(editor="ref", ref_kinds=ref_marker.kinds, **common)
    if annotation is bool:
        return FieldSpec(editor="bool", **common)
    if annotation is int:
        return FieldSpec(editor="int", minimum=minimum, maximum=maximum, **common)
    if annotation is float:
        return FieldSpec(editor="float", **common)
    if annotation is str:
        return FieldSpec(editor="text", **common)
    if annotation is PortRange:
        return FieldSpec(editor="ports", **common)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return FieldSpec(editor="choice", choices=tuple(str(m.value) for m in annotation), **common)
    if get_origin(annotation) is Literal:
        return FieldSpec(editor="choice", choices=tuple(str(a) for a in get_args(annotation)), **common)
    family = _cidr_family(annotation)
    if family:
        return FieldSpec(editor="cidr", cidr_family=family, **common)
    if get_origin(annotation) is list:
        return _describe_list(name, get_args(annotation)[0], optional)
    return FieldSpec(editor="model", **common)


def _describe_list(name: str, item: Any, optional: bool) -> FieldSpec:
    item, meta = _strip_annotated(item)
    ref_marker = next((m for m in meta if isinstance(m, Ref)), None)
    if ref_marker is not None:
        return FieldSpec(name, "ref_list", optional, ref_kinds=ref_marker.kinds)
    if isinstance(item, type) and issubclass(item, BaseModel):
        return FieldSpec(name, "rows", optional, row_model=item)
    if _cidr_family(item):
        return FieldSpec(name, "cidr_list", optional, cidr_family=_cidr_family(item))
    if item is str:
        return FieldSpec(name, "text_list", optional)
    return FieldSpec(name, "model", optional)


@cache
def fields_of(kind: str) -> tuple[FieldSpec, ...]:
    """Editor descriptions of every field of ``kind``'s schema, in schema order (none for untyped kinds)."""
    schema = schema_for(kind)
    if schema is Props:
        return ()
    return tuple(describe(name, info) for name, info in schema.model_fields.items())


@cache
def row_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Editor descriptions of the columns of a table row model (a route, an SG rule, a NACL entry...)."""
    return tuple(describe(name, info) for name, info in model.model_fields.items())
