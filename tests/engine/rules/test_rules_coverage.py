"""docs/rules-coverage.md accounts for every rule and cannot drift from the registry."""

import importlib.util
from pathlib import Path

from cloudwright.engine.rules import all_rules
from cloudwright.engine.rules.catalogue import catalogue

ROOT = Path(__file__).resolve().parents[3]
MY_MODULES = {"area_cidr", "area_routing", "area_nat", "area_nacl", "area_sg", "area_peering", "area_hybrid",
              "area_ec2", "area_general", "area_iam"}


def _coverage_module():
    spec = importlib.util.spec_from_file_location("rules_coverage", ROOT / "docs" / "tools" / "rules_coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_coverage_matches_the_registry() -> None:
    """The committed coverage document equals a fresh render (run docs/tools/rules_coverage.py to update it)."""
    committed = (ROOT / "docs" / "rules-coverage.md").read_text(encoding="utf-8")
    assert committed == _coverage_module().render(), "docs/rules-coverage.md is stale: run docs/tools/rules_coverage.py"


def test_coverage_lists_every_catalogue_and_registered_rule() -> None:
    """Every rules.md rule and every registered rule has a row in the coverage document."""
    text = (ROOT / "docs" / "rules-coverage.md").read_text(encoding="utf-8")
    for rule_id in [*catalogue(), *(s.id for s in all_rules())]:
        assert f"| {rule_id} |" in text, rule_id


def test_network_and_compute_rules_keep_catalogue_ids_and_severities() -> None:
    """Rules of the NET/SG/EC2/EBS/EFS/GEN/IAM/MON/SEC modules use rules.md's severity and cite the notes."""
    for spec in all_rules():
        if spec.module.rsplit(".", 1)[-1] not in MY_MODULES:
            continue
        entry = catalogue().get(spec.id)
        if entry is None:
            assert "." in spec.id, f"{spec.id} is neither a rules.md id nor a case-study lesson id"
            continue
        assert spec.severity == entry.severity, spec.id
        assert spec.section and spec.pillars, spec.id
