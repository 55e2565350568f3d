"""Evaluating CloudFormation intrinsic functions under one choice of parameters.

Values that only exist once the stack is deployed stay symbolic: a ``Ref``/``GetAtt`` to a resource becomes
a :class:`ResourceRef` (which the mappers turn into a link between nodes), ``Fn::ImportValue`` and
parameters without a value become :class:`Unresolved`. ``Fn::GetAZs`` returns the placeholder names
``az-1``, ``az-2``, ... so that subnets land in AZ columns whatever region the stack is deployed to.
Conditions are evaluated once each, under the chosen parameters.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from dataclasses import dataclass
from typing import Any

AZ_COUNT = 6
#: Parameter types that name existing network resources -> the resource type they stand for.
EXISTING_TYPES = {"AWS::EC2::VPC::Id": "AWS::EC2::VPC", "AWS::EC2::Subnet::Id": "AWS::EC2::Subnet",
                  "AWS::EC2::SecurityGroup::Id": "AWS::EC2::SecurityGroup"}
MAX_CIDR_COUNT = 256  #: CloudFormation's own limit, which also bounds the work a template can ask for
PSEUDO = {"AWS::AccountId": "123456789012", "AWS::StackName": "stack", "AWS::Partition": "aws",
          "AWS::URLSuffix": "amazonaws.com", "AWS::NotificationARNs": [],
          "AWS::StackId": "arn:aws:cloudformation:stack/stack/id"}


@dataclass(frozen=True)
class ResourceRef:
    """``Ref`` (attribute None) or ``Fn::GetAtt`` of a resource of the template."""

    logical_id: str
    attribute: str | None = None


@dataclass(frozen=True)
class Unresolved:
    """A value known only at deploy time; ``refs`` are the template resources it mentions."""

    text: str
    refs: tuple[ResourceRef, ...] = ()


class _NoValue:
    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()
_SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")


def az_names() -> list[str]:
    return [f"az-{i}" for i in range(1, AZ_COUNT + 1)]


def refs_in(value: Any) -> list[ResourceRef]:
    """Every resource reference inside a resolved value, in order."""
    found: list[ResourceRef] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, ResourceRef):
            found.append(item)
        elif isinstance(item, Unresolved):
            found.extend(item.refs)
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


class Resolver:
    """Resolves values of one template under ``params`` (overrides of parameter defaults)."""

    def __init__(self, template: dict[str, Any], params: dict[str, str], warnings: list[str]) -> None:
        self.template = template
        self.resources: dict[str, Any] = template.get("Resources") or {}
        self.mappings: dict[str, Any] = template.get("Mappings") or {}
        self.warnings = warnings
        self.region = params.get("AWS::Region", "us-east-1")
        #: placeholder id -> resource type, for parameters that name existing VPCs, subnets and groups
        self.existing: dict[str, str] = {}
        self.parameters = self._parameters(template.get("Parameters") or {}, params)
        self._conditions_raw: dict[str, Any] = template.get("Conditions") or {}
        self._conditions: dict[str, bool] = {}
        self._cidr_lookups: set[str] = set()  #: VPCs whose CidrBlock is being resolved (a cycle guard)

    def _parameters(self, declared: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        unknown = sorted(set(params) - set(declared) - {"AWS::Region"})
        if unknown:
            self.warnings.append(f"--param names no template parameter: {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name, spec in declared.items():
            spec = spec if isinstance(spec, dict) else {}
            kind = str(spec.get("Type", "String"))
            element = kind[5:-1] if kind.startswith("List<") else kind
            if element in EXISTING_TYPES:
                # An existing VPC, subnet or group: a placeholder node stands for it (two for a list).
                count = 2 if element == "AWS::EC2::Subnet::Id" else 1
                ids = [f"{name}-{n}" for n in range(1, count + 1)] if kind.startswith("List<") else [str(name)]
                self.existing.update(dict.fromkeys(ids, EXISTING_TYPES[element]))
                refs = [ResourceRef(i) for i in ids]
                values[name] = refs if kind.startswith("List<") else refs[0]
                continue
            raw = params.get(name, spec.get("Default"))
            if raw is None:
                values[name] = Unresolved(f"parameter {name}")
                continue
            if kind.startswith("List<") or kind == "CommaDelimitedList":
                values[name] = raw if isinstance(raw, list) else [p.strip() for p in str(raw).split(",")]
            else:
                values[name] = str(raw) if not isinstance(raw, list) else raw
        return values

    # --- conditions ----------------------------------------------------------------------------------
    def condition(self, name: str) -> bool:
        """The truth of a named condition, computed once (cycles and unknown names count as false)."""
        if name not in self._conditions:
            self._conditions[name] = False
            if name not in self._conditions_raw:
                self.warnings.append(f"condition '{name}' is not defined; treated as false")
            else:
                self._conditions[name] = self._truth(self._conditions_raw[name])
        return self._conditions[name]

    def _truth(self, expr: Any) -> bool:
        if isinstance(expr, bool):
            return expr
        if isinstance(expr, str):
            return expr.lower() == "true"
        if not isinstance(expr, dict) or len(expr) != 1:
            return False
        (fn, args), = expr.items()
        if fn == "Condition":
            return self.condition(str(args))
        if fn == "Fn::Not":
            return not self._truth(args[0] if isinstance(args, list) else args)
        if fn == "Fn::And":
            return all(self._truth(a) for a in args)
        if fn == "Fn::Or":
            return any(self._truth(a) for a in args)
        if fn == "Fn::Equals":
            if not (isinstance(args, list) and len(args) == 2):
                return False  # malformed; resolving it again would come straight back here
            left, right = (self.resolve(a) for a in args)
            return _comparable(left) == _comparable(right)
        return bool(self.resolve(expr))

    # --- values --------------------------------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        """The value with every intrinsic function evaluated (``NO_VALUE`` entries removed)."""
        if isinstance(value, dict):
            if len(value) == 1:
                (key, args), = value.items()
                if isinstance(key, str) and (key in ("Ref", "Condition") or key.startswith("Fn::")):
                    return self._function(key, args)
            resolved = {str(k): self.resolve(v) for k, v in value.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        if isinstance(value, list):
            return [v for v in (self.resolve(item) for item in value) if v is not NO_VALUE]
        if isinstance(value, str):
            return str(value)
        return value

    def _function(self, name: str, args: Any) -> Any:
        handler = _FUNCTIONS.get(name)
        if handler is None:
            return Unresolved(f"{name}", tuple(refs_in(self._shallow_refs(args))))
        try:
            return handler(self, args)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            return Unresolved(f"{name} could not be evaluated", tuple(refs_in(self._shallow_refs(args))))

    def _shallow_refs(self, args: Any) -> Any:
        try:
            return self.resolve(args)
        except RecursionError:
            return None

    def ref(self, name: str) -> Any:
        if name in self.parameters:
            return self.parameters[name]
        if name == "AWS::Region":
            return self.region
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in PSEUDO:
            return PSEUDO[name]
        if name in self.resources:
            return ResourceRef(name)
        return Unresolved(f"Ref {name}")

    def get_att(self, logical_id: str, attribute: str) -> Any:
        resource = self.resources.get(logical_id)
        if not isinstance(resource, dict):
            return Unresolved(f"GetAtt {logical_id}.{attribute}")
        if resource.get("Type") == "AWS::EC2::VPC" and attribute == "CidrBlock":
            if logical_id in self._cidr_lookups:  # the block is defined through itself
                return Unresolved(f"GetAtt {logical_id}.CidrBlock")
            self._cidr_lookups.add(logical_id)
            try:
                return self.resolve((resource.get("Properties") or {}).get("CidrBlock"))
            finally:
                self._cidr_lookups.discard(logical_id)
        return ResourceRef(logical_id, attribute)


def _comparable(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _ref(r: Resolver, args: Any) -> Any:
    return r.ref(str(args))


def _get_att(r: Resolver, args: Any) -> Any:
    if isinstance(args, str):
        logical_id, _, attribute = args.partition(".")
    else:
        logical_id, attribute = str(args[0]), r.resolve(args[1])
    return r.get_att(logical_id, str(attribute))


def _sub(r: Resolver, args: Any) -> Any:
    if isinstance(args, list):
        text, variables = str(args[0]), {k: r.resolve(v) for k, v in (args[1] or {}).items()}
    else:
        text, variables = str(args), {}
    refs: list[ResourceRef] = []
    symbolic = False

    def replace(match: re.Match[str]) -> str:
        nonlocal symbolic
        name = match.group(1).strip()
        if name in variables:
            value = variables[name]
        elif "." in name and name.split(".", 1)[0] in r.resources:
            value = r.get_att(*name.split(".", 1))
        else:
            value = r.ref(name)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        symbolic = True
        refs.extend(refs_in(value))
        return match.group(0)

    result = _SUB_VAR.sub(replace, text).replace("${!", "${")
    return Unresolved(result, tuple(refs)) if symbolic else result


def _join(r: Resolver, args: Any) -> Any:
    delimiter, items = str(args[0]), r.resolve(args[1])
    if not isinstance(items, list):
        return Unresolved("Fn::Join", tuple(refs_in(items)))
    if all(isinstance(i, str | int | float) for i in items):
        return delimiter.join(str(i) for i in items)
    return Unresolved(delimiter.join(i if isinstance(i, str) else "?" for i in items), tuple(refs_in(items)))


def _select(r: Resolver, args: Any) -> Any:
    index, items = r.resolve(args[0]), r.resolve(args[1])
    if isinstance(items, list):
        return items[int(index)]
    return Unresolved("Fn::Select", tuple(refs_in(items)))


def _split(r: Resolver, args: Any) -> Any:
    delimiter, text = str(args[0]), r.resolve(args[1])
    return text.split(delimiter) if isinstance(text, str) else Unresolved("Fn::Split", tuple(refs_in(text)))


def _if(r: Resolver, args: Any) -> Any:
    return r.resolve(args[1] if r.condition(str(args[0])) else args[2])


def _find_in_map(r: Resolver, args: Any) -> Any:
    name, top, second = (r.resolve(a) for a in args[:3])
    try:
        return r.resolve(r.mappings[name][top][second])
    except (KeyError, TypeError):
        default = args[3].get("DefaultValue") if len(args) > 3 and isinstance(args[3], dict) else None
        if default is not None:
            return r.resolve(default)
        return Unresolved(f"Fn::FindInMap {name}/{top}/{second}")


def _import_value(r: Resolver, args: Any) -> Any:
    name = r.resolve(args)
    return Unresolved(f"import {name if isinstance(name, str) else getattr(name, 'text', name)}")


def _get_azs(r: Resolver, args: Any) -> Any:
    return az_names()


def _cidr(r: Resolver, args: Any) -> Any:
    block, count, bits = (r.resolve(a) for a in args[:3])
    if not 1 <= int(count) <= MAX_CIDR_COUNT:
        raise ValueError("Fn::Cidr makes 1 to 256 blocks")
    network = ipaddress.ip_network(str(block), strict=False)
    new_prefix = network.max_prefixlen - int(bits)
    wanted = int(count)
    blocks = [str(b) for b in itertools.islice(network.subnets(new_prefix=new_prefix), wanted)]
    if len(blocks) < wanted:
        raise ValueError(f"Fn::Cidr asks for {wanted} blocks of /{new_prefix} but {block} holds {len(blocks)}")
    return blocks


def _base64(r: Resolver, args: Any) -> Any:
    return r.resolve(args)


def _length(r: Resolver, args: Any) -> Any:
    items = r.resolve(args)
    return len(items) if isinstance(items, list) else Unresolved("Fn::Length")


def _condition(r: Resolver, args: Any) -> Any:
    return r.condition(str(args))


def _logic(r: Resolver, args: Any, fn: str) -> Any:
    return r._truth({fn: args})


_FUNCTIONS = {
    "Ref": _ref, "Fn::GetAtt": _get_att, "Fn::Sub": _sub, "Fn::Join": _join, "Fn::Select": _select,
    "Fn::Split": _split, "Fn::If": _if, "Fn::FindInMap": _find_in_map, "Fn::ImportValue": _import_value,
    "Fn::GetAZs": _get_azs, "Fn::Cidr": _cidr, "Fn::Base64": _base64, "Fn::Length": _length,
    "Condition": _condition,
    "Fn::Equals": lambda r, a: _logic(r, a, "Fn::Equals"), "Fn::Not": lambda r, a: _logic(r, a, "Fn::Not"),
    "Fn::And": lambda r, a: _logic(r, a, "Fn::And"), "Fn::Or": lambda r, a: _logic(r, a, "Fn::Or"),
}
