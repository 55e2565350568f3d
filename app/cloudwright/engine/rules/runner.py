"""Run the registered rules over a diagram: deterministic, suppression-aware, isolated per rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cloudwright.engine.memory import gc_paused
from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.finding import SEVERITY_RANK, Finding
from cloudwright.engine.rules.registry import RuleSpec, all_rules, expand_ids


def validate(diagram: Diagram, *, rules: Iterable[str] | None = None, settings: dict[str, Any] | None = None,
             min_severity: str = "info", include_suppressed: bool = True) -> list[Finding]:
    """All findings of ``diagram``, sorted by severity, rule id and nodes.

    A rule that crashes on an odd design reports itself as a finding (``GEN-ENGINE-001``) instead of
    taking the whole validation down.
    """
    with gc_paused():
        return _validate(diagram, rules, settings, min_severity, include_suppressed)


def _validate(diagram: Diagram, rules: Iterable[str] | None, settings: dict[str, Any] | None, min_severity: str,
              include_suppressed: bool) -> list[Finding]:
    ctx = RuleContext(diagram, settings)
    wanted = expand_ids(rules) if rules is not None else None
    limit = SEVERITY_RANK[min_severity]
    suppress_all = {s.rule: s.reason for s in diagram.suppress if s.node is None}
    suppress_node = {(s.rule, s.node): s.reason for s in diagram.suppress if s.node is not None}
    findings: list[Finding] = []
    for spec in all_rules():
        if wanted is not None and spec.id not in wanted:
            continue
        for finding in _run_one(spec, ctx):
            if SEVERITY_RANK[finding.severity] > limit:
                continue
            reason = _suppression(spec, finding, suppress_all, suppress_node)
            if reason is not None:
                if not include_suppressed:
                    continue
                finding = Finding(**{**finding.__dict__, "suppressed": True, "suppression_reason": reason})
            findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return findings


def _suppression(spec: RuleSpec, finding: Finding, whole: dict[str, str],
                 per_node: dict[tuple[str, str], str]) -> str | None:
    for rule_id in (spec.id, *spec.aliases):
        if rule_id in whole:
            return whole[rule_id] or "suppressed for this design"
        for node in finding.nodes:
            if (rule_id, node) in per_node:
                return per_node[(rule_id, node)] or f"suppressed for {node}"
    return None


def _run_one(spec: RuleSpec, ctx: RuleContext) -> list[Finding]:
    try:
        hits = list(spec.func(ctx))
    except Exception as exc:  # noqa: BLE001 - one broken rule must not hide every other finding
        return [Finding("GEN-ENGINE-001", "warning", f"rule {spec.id} could not be evaluated: {exc!r}", (),
                        "Cloudwright", "Report this design to the Cloudwright developers.")]
    return [Finding(spec.id, h.severity or spec.severity, h.message, h.nodes, spec.section, h.fix, spec.pillars,
                    spec.lines, h.quick_fix, aliases=spec.aliases, data=h.data) for h in hits]
