"""Designs the fuzzers turned up that once crashed a rule: every rule must evaluate them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudwright.cli.inputs import load_input
from cloudwright.engine.rules import validate

CASES = sorted((Path(__file__).parents[2] / "data" / "regressions").iterdir())


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_every_rule_evaluates_the_design(path: Path) -> None:
    """No rule crashes (GEN-ENGINE-001) on an odd but loadable design."""
    findings = validate(load_input(str(path)).diagram)
    assert [f.message for f in findings if f.rule == "GEN-ENGINE-001"] == []


def _template_stages() -> list[tuple[str, int]]:
    from cloudwright.engine.io.templates import list_templates

    return [(info.id, n) for info in list_templates() for n in range(1, max(info.stages, 1) + 1)]


@pytest.mark.parametrize("template_id, stage", _template_stages(), ids=lambda v: str(v))
def test_every_rule_evaluates_every_template_stage(template_id: str, stage: int) -> None:
    """Every bundled case-study stage is checked by every rule without one failing."""
    from cloudwright.engine.io.stages import stage_diagram
    from cloudwright.engine.io.templates import load_template

    findings = validate(stage_diagram(load_template(template_id), stage))
    assert [f.message for f in findings if f.rule == "GEN-ENGINE-001"] == []


def test_no_rule_fails_on_random_valid_designs() -> None:
    """All rules (reachability included) evaluate 60 random valid designs without failing (fixed seeds)."""
    import random

    from cloudwright.engine.catalog import catalog
    from tests.engine.rules.test_rules_robust import _valid_design

    kinds = sorted(k.id for k in catalog())
    failures = {}
    for seed in range(60):
        diagram = _valid_design(random.Random(seed), kinds)
        if diagram is not None:
            for finding in validate(diagram):
                if finding.rule == "GEN-ENGINE-001":
                    failures.setdefault(finding.message, seed)
    assert failures == {}
