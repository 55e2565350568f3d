"""CloudFormation template -> laid-out Cloudwright design.

``convert_if_template(text, path, params)`` is the converter the CLI's FILE loader calls: it returns None
for text that is not a template, so every command accepts a template directly. Node ids are the
template's logical ids; containers the template implies (region, AZ columns ``az-1``, ``az-2``, ...,
AWS's default VPC) get hyphenated ids, which no logical id can have. Resources of types nothing models
become generic ``cfn_resource`` nodes and are listed in a warning on stderr: nothing is dropped silently.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cloudwright.engine.io.cfn_import.assemble import build, generic_nodes
from cloudwright.engine.io.cfn_import.context import ImportContext
from cloudwright.engine.io.cfn_import.loader import line_of, looks_like_template, parse_template
from cloudwright.engine.io.cfn_import.mappers import FINISHERS, MAPPERS, PHASES, load_all
from cloudwright.engine.io.cfn_import.mappers.existing import (
    add_placeholders,
    assume_public_routing,
    prune_unused_placeholders,
)
from cloudwright.engine.io.cfn_import.placement import place
from cloudwright.engine.io.design_file import LoadedDesign
from cloudwright.engine.model.diagram import Diagram

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"


@dataclass
class ImportResult:
    diagram: Diagram
    warnings: list[str] = field(default_factory=list)
    unknown: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def _map_one(ctx: ImportContext, logical_id: str, cfn_type: str, mapper: Callable[..., None]) -> None:
    """Run one resource's mapper; properties of a shape it cannot read keep the resource as a generic node.

    Templates in the wild (and half-edited ones) put strings where lists belong, or intrinsics that only
    resolve at deploy time; one odd resource must not lose the whole import.
    """
    edges_before = len(ctx.edges)
    try:
        mapper(ctx, logical_id, ctx.props(logical_id))
    except (TypeError, AttributeError, ValueError, KeyError, IndexError) as exc:
        ctx.nodes.pop(logical_id, None)
        del ctx.edges[edges_before:]
        ctx.unknown[logical_id] = cfn_type
        ctx.warnings.append(f"{logical_id} ({cfn_type}): properties of an unexpected shape ({exc}); "
                            "kept as a generic node")


def import_template(text: str, path: str | None = None, params: dict[str, str] | None = None,
                    *, layout: bool = True) -> ImportResult:
    """Parse, map, place and lay out one template."""
    template = parse_template(text, path)
    if SAM_TRANSFORM in _transforms(template):
        from cfnlint.template.transforms._sam_globals import merge_globals
        merge_globals(template)
    load_all()
    ctx = ImportContext(template, params or {})
    add_placeholders(ctx)
    for phase in PHASES:
        for logical_id in ctx.resources:
            cfn_type = ctx.types[logical_id]
            mapper = MAPPERS.get(cfn_type)
            if mapper is None:
                if phase == 0:
                    ctx.unknown[logical_id] = cfn_type
            elif mapper[0] == phase:
                _map_one(ctx, logical_id, cfn_type, mapper[1])
        for finisher_phase, finish in FINISHERS:
            if finisher_phase == phase:
                finish(ctx)
    generic_nodes(ctx)
    prune_unused_placeholders(ctx)
    assume_public_routing(ctx)
    place(ctx)
    name = Path(path).stem if path else "imported template"
    description = template.get("Description") if isinstance(template.get("Description"), str) else ""
    diagram = build(ctx, name, description)
    if layout:
        from cloudwright.engine.layout import auto_layout
        diagram = auto_layout(diagram)
    if ctx.unknown:
        ctx.warnings.insert(0, f"{len(ctx.unknown)} resource(s) of types Cloudwright does not model, kept as "
                            "generic nodes: " + ", ".join(f"{k} ({v})" for k, v in ctx.unknown.items()))
    if ctx.skipped:
        ctx.warnings.append("not created under the chosen parameters (Condition false): " + ", ".join(ctx.skipped))
    resources = template["Resources"]
    lines = {k: line for k in resources if (line := line_of(resources, k)) is not None}
    return ImportResult(diagram, ctx.warnings, dict(ctx.unknown), lines)


def _transforms(template: dict) -> list[str]:
    value = template.get("Transform", [])
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def convert_if_template(text: str, path: str, params: dict[str, str]) -> LoadedDesign | None:
    """The CLI's converter: a template becomes a design (warnings on stderr); anything else -> None."""
    if not looks_like_template(text):
        return None
    result = import_template(text, path, params)
    for warning in result.warnings:
        sys.stderr.write(f"cloudwright: warning: {path}: {warning}\n")
    return LoadedDesign(result.diagram, path, text, _lines=result.lines)
