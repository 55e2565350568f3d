"""Reading a CloudFormation template: YAML (with short-form tags such as ``!Ref``) or JSON.

Parsing is cfn-lint's decoder, the loader AWS maintains, so every tag CloudFormation accepts is read the
way CloudFormation reads it. Errors become a :class:`FormatError` naming the file and line.
"""

from __future__ import annotations

import re
from typing import Any

from cloudwright.engine.errors import FormatError, LimitError, Location
from cloudwright.engine.io.limits import MAX_ID_LENGTH, MAX_NODES

_LOGICAL_ID = re.compile(r"^[A-Za-z0-9]{1,255}\Z")  # \Z: "$" would accept a trailing newline
FOR_EACH = "Fn::ForEach::"

_TEMPLATE_MARKERS = re.compile(
    r"""(AWSTemplateFormatVersion|["']?Type["']?\s*:\s*["']?(AWS|Custom|Alexa)::|Transform["']?\s*:\s*["']?AWS::Serverless)""")
_RESOURCES_KEY = re.compile(r"""(?:^|[{,])\s*["']?Resources["']?\s*:""", re.M)  # also minified JSON


def looks_like_template(text: str) -> bool:
    """Cheap sniffing before the real parse: a ``Resources`` section and a CloudFormation marker."""
    head = text[:200_000]
    return _RESOURCES_KEY.search(head) is not None and _TEMPLATE_MARKERS.search(head) is not None


def parse_template(text: str, path: str | None) -> dict[str, Any]:
    """The template as plain dicts and lists; raises FormatError at the first syntax problem."""
    from cfnlint.decode import decode_str

    template, matches = decode_str(text)
    if matches:
        first = matches[0]
        line = getattr(first, "linenumber", None)
        raise FormatError(f"not a valid CloudFormation template: {first.message}",
                          location=Location(path, line))
    if not isinstance(template, dict):
        raise FormatError("not a valid CloudFormation template: the top level must be a mapping",
                          location=Location(path, 1))
    for section in ("Parameters", "Mappings", "Conditions", "Outputs"):
        if template.get(section) is not None and not isinstance(template[section], dict):
            raise FormatError(f"not a valid CloudFormation template: '{section}' must be a mapping",
                              location=Location(path, line_of(template, section)))
    resources = template.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise FormatError("not a valid CloudFormation template: 'Resources' must be a non-empty mapping",
                          location=Location(path, line_of(template, "Resources")))
    if len(resources) > MAX_NODES:
        raise LimitError(f"{len(resources):,} resources, over the {MAX_NODES:,} limit", location=Location(path))
    for logical_id, resource in resources.items():
        if isinstance(logical_id, str) and logical_id.startswith(FOR_EACH):
            continue  # AWS::LanguageExtensions loop; the importer reports it
        if not isinstance(logical_id, str) or not _LOGICAL_ID.match(logical_id):
            raise FormatError(f"resource id {str(logical_id)[:60]!r} is not a CloudFormation logical id "
                              "(letters and digits only)", location=Location(path, line_of(resources, logical_id)))
        if len(logical_id) > MAX_ID_LENGTH:
            raise LimitError(f"resource id is {len(logical_id)} characters long, over the limit of {MAX_ID_LENGTH}",
                             location=Location(path, line_of(resources, logical_id)))
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            raise FormatError(f"resource '{logical_id}' needs a 'Type'",
                              location=Location(path, line_of(resources, logical_id)))
    return template


def line_of(mapping: Any, key: str) -> int | None:
    """The 1-based line of ``key`` inside a decoded mapping, when the decoder recorded it."""
    for candidate in getattr(mapping, "keys", lambda: [])():
        if candidate == key:
            mark = getattr(candidate, "start_mark", None)
            if mark is not None:
                return int(mark.line) + 1
    mark = getattr(mapping, "start_mark", None)
    return int(mark.line) + 1 if mark is not None else None
