"""Rendering ``cloudwright validate``: text for people, JSON for scripts, SARIF 2.1.0 for code review.

Every finding is shown; suppressed ones are marked as such and never counted. The exit code is 1 when an
unsuppressed finding reaches ``--min-severity`` (default ``error``), else 0 (DESIGN.md, command line contract).
The JSON shape is documented in ``docs/cli-json.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from cloudwright import __version__
from cloudwright.cli.output import paint, write_json
from cloudwright.engine.io import LoadedDesign
from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.rules import PILLARS, SEVERITIES, Finding, validate
from cloudwright.engine.rules.finding import SEVERITY_RANK
from cloudwright.engine.rules.registry import RuleSpec, get_rule

JSON_FORMAT_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://github.com/cloudwright/cloudwright"
NO_NODE = "(whole design)"


def render_validation(loaded: LoadedDesign, args: argparse.Namespace) -> int:
    """Validate ``loaded``, print it in ``args.format`` and return the exit code for ``args.min_severity``."""
    findings = validate(loaded.diagram)
    min_severity = getattr(args, "min_severity", "error") or "error"
    failed = any(not f.suppressed and SEVERITY_RANK[f.severity] <= SEVERITY_RANK[min_severity] for f in findings)
    fmt = getattr(args, "format", "text") or "text"
    if fmt == "json":
        write_json(validation_json(loaded, findings, min_severity, failed))
    elif fmt == "sarif":
        write_json(validation_sarif(loaded, findings))
    else:
        sys.stdout.write(validation_text(loaded, findings, sys.stdout))
    return 1 if failed else 0


# --- counting ------------------------------------------------------------------------------------------------

def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings if not f.suppressed)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def pillar_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Unsuppressed findings per Well-Architected pillar (a finding counts once for each pillar it names)."""
    counts = Counter(p for f in findings if not f.suppressed for p in f.pillars)
    return {p: counts.get(p, 0) for p in PILLARS}


def _title(diagram: Diagram, node_id: str) -> str:
    node = diagram.nodes.get(node_id)
    if node is None or not node.label or node.label == node_id:
        return node_id
    return f"{node.label} ({node_id})"


# --- text ----------------------------------------------------------------------------------------------------

def validation_text(loaded: LoadedDesign, findings: list[Finding], stream: TextIO | None = None) -> str:
    """Findings grouped by severity, then by the node they are about, then a per-pillar summary."""
    name = loaded.path or loaded.diagram.name or "design"
    diagram = loaded.diagram
    out: list[str] = []
    counts = severity_counts(findings)
    suppressed = sum(f.suppressed for f in findings)
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity and not f.suppressed]
        if not group:
            continue
        out.append(paint(f"{severity.upper()} ({len(group)})", severity, stream))
        by_node: dict[str, list[Finding]] = {}
        for finding in group:
            by_node.setdefault(finding.nodes[0] if finding.nodes else NO_NODE, []).append(finding)
        for node_id in sorted(by_node, key=lambda n: (n == NO_NODE, n)):
            out.append("  " + paint(_title(diagram, node_id) if node_id != NO_NODE else node_id, "bold", stream))
            for finding in by_node[node_id]:
                out.extend(_finding_lines(finding, severity, stream))
    hidden = [f for f in findings if f.suppressed]
    if hidden:
        out.append(paint(f"SUPPRESSED ({len(hidden)}, not counted)", "dim", stream))
        for finding in hidden:
            nodes = ", ".join(finding.nodes) or NO_NODE
            out.append(paint(f"  {finding.rule} on {nodes}: {finding.suppression_reason}", "dim", stream))
    summary = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in SEVERITIES)
    out.append(f"{name}: {summary}" + (f" ({suppressed} suppressed)" if suppressed else ""))
    pillars = pillar_counts(findings)
    out.append("by pillar: " + " · ".join(f"{p.replace('_', ' ')} {pillars[p]}" for p in PILLARS))
    return "\n".join(out) + "\n"


def _finding_lines(finding: Finding, severity: str, stream: TextIO) -> list[str]:
    lines = [f"    {paint(finding.rule, severity, stream)}  {finding.message}"]
    others = finding.nodes[1:]
    if others:
        lines.append(f"      also: {', '.join(others)}")
    if finding.fix:
        lines.append(f"      fix: {finding.fix}")
    if finding.quick_fix is not None:
        lines.append(f"      quick fix available in the app: {finding.quick_fix.title}")
    if finding.section:
        lines.append(paint(f"      notes: §{finding.section}", "dim", stream))
    return lines


# --- JSON ----------------------------------------------------------------------------------------------------

def finding_json(loaded: LoadedDesign, finding: Finding) -> dict[str, Any]:
    data = finding.to_json()
    data["locations"] = [{"node": n, "line": loaded.node_line(n)} for n in finding.nodes]
    return data


def validation_json(loaded: LoadedDesign, findings: list[Finding], min_severity: str,
                    failed: bool) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT_VERSION,
        "file": loaded.path,
        "min_severity": min_severity,
        "passed": not failed,
        "summary": {**severity_counts(findings), "suppressed": sum(f.suppressed for f in findings),
                    "pillars": pillar_counts(findings)},
        "findings": [finding_json(loaded, f) for f in findings],
    }


# --- SARIF ---------------------------------------------------------------------------------------------------

def _artifact_uri(path: str | None) -> dict[str, str]:
    """A repository-relative URI when the file is under the working directory (what code scanning expects)."""
    if not path:
        return {"uri": "design.yaml"}
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(Path(os.getcwd()).resolve())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": relative.as_posix(), "uriBaseId": "%SRCROOT%"}


def _sarif_rule(spec: RuleSpec | None, finding: Finding) -> dict[str, Any]:
    summary = spec.summary if spec is not None else finding.message
    help_text = f"{summary}\n\nNotes: §{finding.section}" + (f" ({finding.lines})" if finding.lines else "")
    return {
        "id": finding.rule,
        "name": finding.rule.replace("-", "_").replace(".", "_"),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": help_text, "markdown": f"{summary}\n\n*Study notes:* §{finding.section}"},
        "defaultConfiguration": {"level": SARIF_LEVEL[spec.severity if spec else finding.severity]},
        "properties": {"tags": list(finding.pillars), "section": finding.section},
    }


def _fingerprint(finding: Finding) -> str:
    return hashlib.sha256("\0".join((finding.rule, *finding.nodes)).encode()).hexdigest()[:32]


def validation_sarif(loaded: LoadedDesign, findings: list[Finding]) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one run, the rules that produced results, one result per finding."""
    rule_index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    artifact = _artifact_uri(loaded.path)
    for finding in findings:
        if finding.rule not in rule_index:
            try:
                spec: RuleSpec | None = get_rule(finding.rule)
            except KeyError:
                spec = None
            rule_index[finding.rule] = len(rules)
            rules.append(_sarif_rule(spec, finding))
        text = finding.message + (f" Fix: {finding.fix}" if finding.fix else "")
        nodes = finding.nodes or ("",)
        locations = [{
            "physicalLocation": {"artifactLocation": dict(artifact),
                                 "region": {"startLine": (loaded.node_line(n) if n else None) or 1}},
            **({"logicalLocations": [{"name": n, "kind": "resource"}]} if n else {}),
        } for n in nodes]
        result: dict[str, Any] = {
            "ruleId": finding.rule, "ruleIndex": rule_index[finding.rule], "level": SARIF_LEVEL[finding.severity],
            "message": {"text": text}, "locations": locations[:1],
            "partialFingerprints": {"cloudwrightFinding/v1": _fingerprint(finding)},
        }
        if len(locations) > 1:
            result["relatedLocations"] = [{"id": i, **loc} for i, loc in enumerate(locations[1:], 1)]
        if finding.suppressed:
            result["suppressions"] = [{"kind": "inSource", "justification": finding.suppression_reason}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "Cloudwright", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.getcwd()).resolve().as_uri() + "/"}},
            "results": results,
        }],
    }
