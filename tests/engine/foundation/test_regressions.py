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
