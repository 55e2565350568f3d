"""Cost rules: each fires on a minimal design that pays too much and is silent once corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n


def two_regions(*extra, edges=()):
    return design(base(), n("r2", "region", name="eu-west-1"), n("vpc2", "vpc", "r2", cidr="10.1.0.0/16"),
                  n("az2", "az", "vpc2", name="eu-west-1a"), n("sn2", "subnet", "az2"),
                  n("app", "ec2", "app_a"), n("far", "ec2", "sn2"), n("near", "ec2", "app_b"), *extra,
                  edges=list(edges))


def asg(*members_reserved: bool):
    members = [n(f"w{i}", "ec2", "app_a", member_of="asg", purchase_option="reserved" if r else "on_demand")
               for i, r in enumerate(members_reserved)]
    return design(base(), n("asg", "asg", "vpc", subnets=["app_a", "app_b"], min=2, desired=2, max=6,
                            intent={"baseline_always_on": True}), members)


CASES = {
    "COST-AZ-001": (two_regions(edges=[e("app", "near", 80, addressing="public")]),
                    two_regions(edges=[e("app", "near", 80)])),
    "COST-REG-001": (two_regions(edges=[e("app", "far", 443)]), two_regions(edges=[e("app", "near", 443)])),
    "COST-EGR-001": (two_regions(n("user", "user"), edges=[e("app", "user", 443, volume_gb_month=5000)]),
                     two_regions(n("user", "user"), edges=[e("app", "user", 443, volume_gb_month=50)])),
    "COST-RR-001": (two_regions(n("db", "rds", "app_a"), n("rr", "rds", "sn2", role="read_replica", replica_of="db")),
                    two_regions(n("db", "rds", "app_a"), n("rr", "rds", "app_b", role="read_replica",
                                                           replica_of="db"))),
    "COST-S3-001": (two_regions(n("b1", "s3_bucket", "r", versioning=True, replication_to="b2"),
                                n("b2", "s3_bucket", "r2", versioning=True)),
                    two_regions(n("b1", "s3_bucket", "r", versioning=True, replication_to="b2"),
                                n("b2", "s3_bucket", "r", versioning=True))),
    "COST-NLB-001": (design(base(), n("nlb", "nlb", "vpc", cross_zone=True)), design(base(), n("nlb", "nlb", "vpc"))),
    "cost.capacity_not_reserved": (asg(False, False), asg(True, True, False)),
    "COST-EC2-001": (design(base(), n("batch", "asg", "vpc", intent={"fault_tolerant_batch": True})),
                     design(base(), n("batch", "asg", "vpc", mixed_instances=True,
                                      intent={"fault_tolerant_batch": True}))),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The costly design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_baseline_rule_needs_the_always_on_intent() -> None:
    """Without intent baseline_always_on an ASG's On-Demand minimum is not flagged."""
    assert not findings(changed(asg(False, False), "asg", intent={"baseline_always_on": False}),
                        "cost.capacity_not_reserved")


def test_quick_fix_reserves_the_baseline() -> None:
    """The quick fix marks the baseline members reserved; undo restores the finding."""
    assert_quick_fix_round_trip(asg(False, False, False), "cost.capacity_not_reserved")
