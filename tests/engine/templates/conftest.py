"""Shared checks for the bundled case-study templates (used by test_templates_ab.py and test_templates_c.py).

Each ``test_templates_*.py`` picks its templates by id prefix and calls these helpers, so every part of
``case-studies.md`` is held to the same bar: it loads, passes the structural checks, round-trips, is laid
out without overlaps, and each stage raises the findings it teaches and not those it fixes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from itertools import combinations

import pytest

from cloudwright.engine.catalog import catalog
from cloudwright.engine.io.design_file import dumps, load_text
from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.io.templates import list_templates, load_template, variant_diagram
from cloudwright.engine.io.templates import variants as template_variants
from cloudwright.engine.model.check import check_diagram
from cloudwright.engine.model.diagram import Diagram, Node
from cloudwright.engine.rules import Finding, validate
from cloudwright.engine.rules.catalogue import case_aliases
from cloudwright.engine.rules.registry import all_rules, expand_ids, get_rule

LEAF = 96.0
PAD = 16.0
TOP = 36.0

#: Known template/rule disagreements, written up in docs/template-rule-mismatches.md:
#: (template id, stage (-n for variant n), rule id, "exhibits" | "fixes" | "reachable" | "unexpected_error")
#: -> reason.
#: Those cases run as strict xfails, so the suite turns red (and the mark must go) once the rule is fixed.
MISMATCHES: dict[tuple[str, int, str, str], str] = {
    ("serverless/myblog", 2, "edge.s3_origin_bypass", "fixes"):
        "CF-OAI-001 reports the legacy-OAI hint under the edge.s3_origin_bypass alias",
}


def template_ids(*prefixes: str) -> list[str]:
    return [t.id for t in list_templates() if t.id.startswith(prefixes)]


@cache
def template(template_id: str) -> Diagram:
    return load_template(template_id)


@cache
def stage(template_id: str, number: int) -> Diagram:
    return stage_diagram(template(template_id), number)


def variants(template_id: str) -> list[dict[str, object]]:
    """The what-if variants of a template (the spec's "Checks"), kept in ``settings.template.variants``."""
    return template_variants(template(template_id))


@cache
def variant(template_id: str, index: int) -> Diagram:
    """Variant ``index`` (1-based) as a plain design: its stage definition applied to the base."""
    return variant_diagram(template(template_id), index)


def variant_params(*prefixes: str) -> list[object]:
    return [pytest.param(tid, i, id=f"{tid}~{i}")
            for tid in template_ids(*prefixes) for i in range(1, len(variants(tid)) + 1)]


def variant_finding_params(*prefixes: str) -> list[object]:
    """One pytest param per rule a variant exhibits: (template, variant, rule)."""
    params = []
    for tid in template_ids(*prefixes):
        for i, data in enumerate(variants(tid), start=1):
            for rule_id in data["expected_findings"].get("exhibits", []):
                key = (tid, -i, rule_id, "exhibits")
                marks = [pytest.mark.xfail(strict=True, reason=MISMATCHES[key])] if key in MISMATCHES else []
                params.append(pytest.param(tid, i, rule_id, marks=marks, id=f"{tid}~{i}-{rule_id}"))
    return params


def stage_params(*prefixes: str, mismatch: str | None = None) -> list[object]:
    """One pytest param per (template, stage); known ``mismatch`` cases of that kind run as strict xfails."""
    params = []
    for tid in template_ids(*prefixes):
        for n in range(1, len(template(tid).stages) + 1):
            reasons = [r for (t, s, _, what), r in MISMATCHES.items() if (t, s, what) == (tid, n, mismatch)]
            marks = [pytest.mark.xfail(strict=True, reason=reasons[0])] if reasons else []
            params.append(pytest.param(tid, n, marks=marks, id=f"{tid}#{n}"))
    return params


def unexpected_errors(template_id: str, number: int) -> list[str]:
    """Error findings of a stage that its lesson does not exhibit (a stage shows one problem at a time)."""
    exhibits = set(template(template_id).stages[number - 1].expected_findings.get("exhibits", []))
    return [f"{f.rule}: {f.message}" for f in validated(stage(template_id, number))
            if f.severity == "error" and not f.suppressed and not ({f.rule, *f.aliases} & exhibits)]


def box(node: Node) -> tuple[float, float, float, float]:
    """(x, y, w, h) in the parent's coordinates: a leaf is its 96 x 96 cell."""
    w, h = node.size if node.size is not None else (LEAF, LEAF)
    return node.pos[0], node.pos[1], w, h


def _overlap(a: Node, b: Node) -> bool:
    ax, ay, aw, ah = box(a)
    bx, by, bw, bh = box(b)
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def overlapping_siblings(diagram: Diagram) -> list[tuple[str, str]]:
    by_parent: dict[str | None, list[Node]] = {}
    for node in diagram.nodes.values():
        by_parent.setdefault(node.parent, []).append(node)
    return [(a.id, b.id) for siblings in by_parent.values() for a, b in combinations(siblings, 2) if _overlap(a, b)]


def outside_parent(diagram: Diagram) -> list[str]:
    """Children that leave their container's padded content area (title band on top, 16 px at the sides)."""
    bad = []
    for node in diagram.nodes.values():
        if node.parent is None:
            continue
        parent = diagram.nodes[node.parent]
        if parent.size is None or not catalog().get(parent.kind).container:
            bad.append(f"{node.id}: parent {parent.id} has no size")
            continue
        x, y, w, h = box(node)
        pw, ph = parent.size
        if x < PAD or y < TOP or x + w > pw - PAD or y + h > ph:
            bad.append(f"{node.id} at {(x, y, w, h)} outside {parent.id} {(pw, ph)}")
    return bad


def shown_together(template_id: str, a: str, b: str) -> list[int]:
    """Stages that show both nodes."""
    stages = len(template(template_id).stages)
    return [n for n in range(1, stages + 1) if a in stage(template_id, n).nodes and b in stage(template_id, n).nodes]


def registered_ids() -> set[str]:
    return {r.id for r in all_rules()}


def unimplemented(rule_ids: Iterable[str]) -> set[str]:
    """The ids that name neither a registered rule nor an alias of one."""
    missing = set()
    for rule_id in rule_ids:
        try:
            get_rule(rule_id)
        except KeyError:
            missing.add(rule_id)
    return missing


_FINDINGS: dict[int, tuple[Diagram, list[Finding]]] = {}


def validated(diagram: Diagram) -> list[Finding]:
    """The findings of a (cached, unchanging) stage design, computed once per test session."""
    known = _FINDINGS.get(id(diagram))
    if known is None or known[0] is not diagram:
        known = _FINDINGS[id(diagram)] = (diagram, validate(diagram))
    return known[1]


def findings_of(diagram: Diagram) -> set[str]:
    """Rule ids of the unsuppressed findings, with the case studies' dotted aliases they answer to."""
    fired: set[str] = set()
    for finding in validated(diagram):
        if not finding.suppressed:
            fired.add(finding.rule)
            fired.update(finding.aliases)
    return fired


def final_stage_params(*prefixes: str) -> list[object]:
    """One pytest param per template's final stage, with the known reachability mismatches as xfails."""
    params = []
    for tid in template_ids(*prefixes):
        key = (tid, len(template(tid).stages), "REACH-FLOW-001", "reachable")
        marks = [pytest.mark.xfail(strict=True, reason=MISMATCHES[key])] if key in MISMATCHES else []
        params.append(pytest.param(tid, marks=marks, id=tid))
    return params


def finding_params(*prefixes: str) -> list[object]:
    """One pytest param per expected finding: (template, stage, rule, 'exhibits' | 'fixes')."""
    params = []
    for tid in template_ids(*prefixes):
        for n, st in enumerate(template(tid).stages, start=1):
            for what in ("exhibits", "fixes"):
                for rule_id in st.expected_findings.get(what, []):
                    key = (tid, n, rule_id, what)
                    marks = [pytest.mark.xfail(strict=True, reason=MISMATCHES[key])] if key in MISMATCHES else []
                    params.append(pytest.param(*key, marks=marks, id=f"{tid}#{n}-{what}-{rule_id}"))
    return params


def rule_targets(rule_id: str) -> set[str]:
    """Every rule a stage's rule id may be reported as: itself, the rules that registered it as an alias, and
    the rules.md rules the catalogue maps a dotted id to."""
    alias = case_aliases().get(rule_id)
    mapped = set(alias.maps_to) if alias is not None else set()
    return {rule_id, *expand_ids([rule_id]), *mapped}


def implemented(rule_id: str) -> bool:
    """Whether the rules engine answers to this id: a registered rule, or an alias some rule claims."""
    return not unimplemented([rule_id])


def check_expected_finding(template_id: str, number: int, rule_id: str, what: str) -> None:
    """An exhibited rule (or one of the rules its alias names) fires; a fixed one (none of them) does not."""
    check_finding(stage(template_id, number), f"{template_id} stage {number}", rule_id, what)


def check_finding(diagram: Diagram, where: str, rule_id: str, what: str) -> None:
    if not implemented(rule_id):
        pytest.skip(f"{rule_id} is not implemented yet")
    fired = findings_of(diagram) & rule_targets(rule_id)
    if what == "exhibits":
        assert fired, f"{where}: {rule_id} should fire"
    else:
        assert not fired, f"{where}: {rule_id} should be fixed, but {sorted(fired)} fired"


def used_rule_ids(prefixes: Iterable[str]) -> set[str]:
    """Every rule id the stages and variants of these templates expect."""
    ids = {r for tid in template_ids(*prefixes) for st in template(tid).stages
           for rules in st.expected_findings.values() for r in rules}
    ids |= {r for tid in template_ids(*prefixes) for data in variants(tid)
            for rules in data["expected_findings"].values() for r in rules}
    return ids


def round_trips(diagram: Diagram) -> bool:
    return load_text(dumps(diagram)).diagram == diagram


def structural_errors(diagram: Diagram) -> list[str]:
    return [str(e) for e in check_diagram(diagram)]
