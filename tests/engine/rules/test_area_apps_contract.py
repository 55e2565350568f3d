"""The application-tier rule modules (area_elb ... area_dr) keep the catalogue's contract and are all tested."""

from __future__ import annotations

import importlib

import pytest

from cloudwright.engine.rules import all_rules, get_rule
from cloudwright.engine.rules.catalogue import case_aliases, catalogue
from cloudwright.engine.rules.notes import find_section

AREAS = ("elb", "asg", "rds", "cache", "route53", "architecture", "s3", "cloudfront", "serverless", "messaging",
         "containers", "cost", "dr")
#: Severity set by the case studies where the feature cannot work as drawn (the brief's explicit choice).
SEVERITY_EXCEPTIONS = {"ARCH-STATE-001": "error"}
MINE = [spec for spec in all_rules() if spec.module.rsplit(".", 1)[-1].removeprefix("area_") in AREAS]


@pytest.mark.parametrize("spec", MINE, ids=lambda s: s.id)
def test_rule_keeps_catalogue_severity_and_cites_the_notes(spec) -> None:  # noqa: ANN001
    """A rules.md id keeps its severity, a dotted id is a case-study lesson; each names pillars and a notes section."""
    entry = catalogue().get(spec.id)
    if entry is not None:
        assert spec.severity == SEVERITY_EXCEPTIONS.get(spec.id, entry.severity)
    else:
        assert spec.id in case_aliases(), f"{spec.id} is neither a rules.md id nor a case-study lesson"
        assert spec.severity == case_aliases()[spec.id].severity
    assert spec.pillars and spec.summary
    assert find_section(spec.section, spec.lines) is not None, spec.section


def test_every_rule_has_a_fire_and_silent_case() -> None:
    """Each module's CASES table covers every rule the module registers."""
    covered = set()
    for area in AREAS:
        module = importlib.import_module(f"tests.engine.rules.test_area_{area}")
        covered |= {get_rule(rule_id).id for rule_id in module.CASES}
    assert sorted(spec.id for spec in MINE if spec.id not in covered) == []
