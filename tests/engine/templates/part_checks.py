"""Checks shared by the template tests of Parts C-L (test_templates_c.py, test_templates_dl.py).

A *case* is a stage ('stage 2') or a what-if variant ('variant 1', the spec's "checks", kept in
``settings.template.variants``). Each must raise the findings it exhibits and none of those it fixes or must
pass. A rule not registered yet skips its case, so the suite stays green while the rules engine grows.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from cloudwright.engine.catalog import catalog
from cloudwright.engine.io.design_file import dumps, load_design, load_text
from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.model.check import check_diagram
from cloudwright.engine.model.diagram import Diagram, Node, Stage
from cloudwright.engine.rules import validate
from cloudwright.engine.rules.catalogue import case_aliases
from cloudwright.engine.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[3] / "templates"
LEAF, PAD, TOP = 96.0, 16.0, 36.0
#: Known template/rule disagreements, written up in docs/template-rule-mismatches.md:
#: (template id, case, rule id, what) -> reason; those cases run as strict xfails.
MISMATCHES: dict[tuple[str, str, str, str], str] = {
    ("msg/sqs_basic", "stage 1", "net.private_no_egress", "passes"):
        "net.private_no_egress ignores interface endpoints with private DNS (the SQS endpoint is the way out)",
    ("msg/sns_fifo_fanout", "variant 1", "msg.sns_fifo_non_fifo_subscriber", "passes"):
        "MSG-SNS-003 still refuses SQS standard queues on a FIFO topic, which AWS now accepts",
    ("security/inspector_macie", "stage 1", "SEC-INS-001", "passes"):
        "SEC-INS-001 takes Inspector's report edge to its SNS topic for an assessment target",
    ("containers/ecs_scaling", "stage 1", "MON-ALARM-001", "passes"):
        "MON-ALARM-001 does not accept Application Auto Scaling policies on an ECS service as alarm actions",
    ("containers/ecs_scaling", "final", "*", "errors"):
        "MON-ALARM-001 does not accept Application Auto Scaling policies on an ECS service as alarm actions",
    ("identity/federation", "stage 1", "identity.web_identity_without_cognito", "passes"):
        "IAM-FED-001 reads every user-to-STS edge as AssumeRoleWithWebIdentity, SAML included",
    ("identity/federation", "stage 2", "identity.web_identity_without_cognito", "passes"):
        "IAM-FED-001 reads every user-to-STS edge as AssumeRoleWithWebIdentity, SAML included",
    ("msg/kinesis_analytics", "final", "*", "errors"):
        "MSG-KDF-001 does not know that a Kinesis Data Analytics application can read a Firehose delivery stream",
}


def template_ids(*folders: str) -> list[str]:
    return sorted(f"{folder}/{p.stem}" for folder in folders for p in (ROOT / folder).glob("*.yaml"))


@cache
def template(template_id: str) -> Diagram:
    return load_design(ROOT / f"{template_id}.yaml")


def variants(template_id: str) -> list[dict[str, Any]]:
    return template(template_id).settings["template"].get("variants", [])


@cache
def case(template_id: str, name: str) -> Diagram:
    """A stage ('stage 2') or a what-if variant ('variant 1') as a plain design."""
    kind, number = name.split()
    if kind == "stage":
        return stage_diagram(template(template_id), int(number))
    data = dict(variants(template_id)[int(number) - 1])
    what_if = Stage(title=data["title"], lesson=data["lesson"], hidden=data["hidden"], overrides=data["overrides"],
                    expected_findings=data["expected_findings"])
    return stage_diagram(template(template_id).model_copy(update={"stages": [what_if]}), 1)


def expected(template_id: str, name: str) -> dict[str, list[str]]:
    kind, number = name.split()
    if kind == "stage":
        return template(template_id).stages[int(number) - 1].expected_findings
    return variants(template_id)[int(number) - 1]["expected_findings"]


def cases(template_id: str) -> list[str]:
    stages = [f"stage {n}" for n in range(1, len(template(template_id).stages) + 1)]
    return stages + [f"variant {n}" for n in range(1, len(variants(template_id)) + 1)]


def finding_params(ids: list[str]) -> list[object]:
    params = []
    for tid in ids:
        for name in cases(tid):
            for what, rules in expected(tid, name).items():
                for rule_id in rules:
                    key = (tid, name, rule_id, what)
                    marks = [pytest.mark.xfail(strict=True, reason=MISMATCHES[key])] if key in MISMATCHES else []
                    params.append(pytest.param(*key, marks=marks, id=f"{tid}#{name}-{what}-{rule_id}"))
    return params


def cell(node: Node) -> tuple[float, float, float, float]:
    w, h = node.size if node.size is not None else (LEAF, LEAF)
    return node.pos[0], node.pos[1], w, h


def overlaps(diagram: Diagram) -> list[tuple[str, str]]:
    by_parent: dict[str | None, list[Node]] = {}
    for node in diagram.nodes.values():
        by_parent.setdefault(node.parent, []).append(node)
    found = []
    for siblings in by_parent.values():
        for a, b in combinations(siblings, 2):
            ax, ay, aw, ah = cell(a)
            bx, by, bw, bh = cell(b)
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                found.append((a.id, b.id))
    return found


def outside_parent(diagram: Diagram) -> list[str]:
    bad = []
    for node in diagram.nodes.values():
        if node.parent is None:
            continue
        parent = diagram.nodes[node.parent]
        x, y, w, h = cell(node)
        if parent.size is None or not catalog().get(parent.kind).container:
            bad.append(f"{node.id}: parent {parent.id} has no size")
        elif x < PAD or y < TOP or x + w > parent.size[0] - PAD or y + h > parent.size[1]:
            bad.append(f"{node.id} at {(x, y, w, h)} outside {parent.id} {parent.size}")
    return bad


def targets_of(rule_id: str) -> set[str]:
    alias = case_aliases().get(rule_id)
    return set(alias.maps_to) if alias is not None and alias.maps_to else {rule_id}


RANK = {"error": 0, "warning": 1, "info": 2}


def severity_of(rule_id: str) -> str:
    """The severity a lesson's rule id stands for (a dotted id's, else the rules.md rule's)."""
    from cloudwright.engine.rules.catalogue import catalogue

    alias = case_aliases().get(rule_id)
    if alias is not None:
        return alias.severity
    entry = catalogue().get(rule_id)
    return entry.severity if entry is not None else "info"


def fired_rules(diagram: Diagram, at_least: str = "info") -> set[str]:
    """Rule ids (and their dotted aliases) of unsuppressed findings at ``at_least`` severity or worse."""
    fired: set[str] = set()
    for finding in validate(diagram):
        if not finding.suppressed and RANK[finding.severity] <= RANK[at_least]:
            fired.add(finding.rule)
            fired.update(finding.aliases)
    return fired




def case_params(ids: list[str]) -> list[object]:
    return [pytest.param(t, c, id=f"{t}#{c}") for t in ids for c in cases(t)]


def check_case_is_valid(template_id: str, name: str) -> None:
    """A stage or variant is a valid design that round-trips, with no overlap and nothing outside its parent."""
    diagram = case(template_id, name)
    assert [str(e) for e in check_diagram(diagram)] == []
    assert load_text(dumps(diagram)).diagram == diagram
    assert outside_parent(diagram) == []
    assert overlaps(diagram) == []


def check_template(template_id: str) -> None:
    """The whole template: valid, round-trips, names itself; siblings overlap only across stage swaps."""
    diagram = template(template_id)
    assert [str(e) for e in check_diagram(diagram)] == []
    assert load_text(dumps(diagram)).diagram == diagram
    assert diagram.settings["template"]["id"] == template_id
    assert diagram.name and diagram.description
    assert all(st.title and st.lesson and "exhibits" in st.expected_findings for st in diagram.stages)
    assert outside_parent(diagram) == []
    stages = [case(template_id, f"stage {n}") for n in range(1, len(diagram.stages) + 1)]
    clashes = [(a, b) for a, b in overlaps(diagram) if any(a in s.nodes and b in s.nodes for s in stages)]
    assert clashes == []


def check_expected_finding(template_id: str, name: str, rule_id: str, what: str) -> None:
    """An exhibited rule (or a rule its dotted id maps to) fires; a fixed or passing one does not."""
    targets = targets_of(rule_id)
    if not (targets | {rule_id}) & {n for r in all_rules() for n in (r.id, *r.aliases)}:
        pytest.skip(f"{rule_id}: {', '.join(sorted(targets))} not implemented yet")
    # A rule may report a milder fact under the same id (NET-IGW-002: an attached but unused IGW is info); that
    # is not a warning or error lesson's problem. Warning/error pairs the catalogue flags ("W there") both count.
    at_least = "info" if severity_of(rule_id) == "info" else "warning"
    fired = fired_rules(case(template_id, name), at_least) & (targets | {rule_id})
    if what == "exhibits":
        assert fired, f"{template_id} {name}: {rule_id} should fire"
    else:
        assert not fired, f"{template_id} {name}: {rule_id} should not fire, but {sorted(fired)} did"


def check_final_flows(template_id: str) -> None:
    """In the last stage every drawn flow with a port gets through, except flows drawn as blocked on purpose."""
    if "REACH-FLOW-001" not in {r.id for r in all_rules()}:
        pytest.skip("the reachability analyzer is not registered yet")
    final = case(template_id, f"stage {len(template(template_id).stages)}")
    meant = {e.id for e in final.edges.values() if e.props.get("expect") == "blocked"}
    blocked = [f.message for f in validate(final, rules=["REACH-FLOW-001"])
               if not f.suppressed and f.data.get("edge") not in meant]
    assert blocked == []


def check_catalogued(ids: list[str]) -> None:
    """Every rule id a stage or variant names is a rules.md id, a case-study dotted id or a registered rule."""
    from cloudwright.engine.rules.catalogue import catalogue

    known = set(catalogue()) | set(case_aliases()) | {r.id for r in all_rules()}
    named = {r for tid in ids for name in cases(tid) for rules in expected(tid, name).values() for r in rules}
    assert named - known == set()


def check_final_errors(template_id: str) -> None:
    """The last stage, as drawn, raises no error it does not teach: a finished design must work on AWS."""
    number = len(template(template_id).stages)
    final = case(template_id, f"stage {number}")
    taught: set[str] = set()
    for rule_id in expected(template_id, f"stage {number}").get("exhibits", []):
        taught |= targets_of(rule_id) | {rule_id}
    unexpected = sorted({f"{f.rule}: {f.message}" for f in validate(final)
                         if f.severity == "error" and not f.suppressed and f.rule not in taught
                         and not set(f.aliases) & taught})
    assert unexpected == []


def final_error_params(ids: list[str]) -> list[object]:
    return [pytest.param(t, marks=[pytest.mark.xfail(strict=True, reason=MISMATCHES[(t, "final", "*", "errors")])]
                         if (t, "final", "*", "errors") in MISMATCHES else [], id=t) for t in ids]
