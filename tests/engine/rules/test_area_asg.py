"""ASG rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n


def tier(**asg_props: object):
    """An ALB in front of an ASG of two instances across two AZs."""
    props = {"subnets": ["app_a", "app_b"], "min": 2, "desired": 2, "max": 4, "health_check_type": "ELB",
             **asg_props}
    return design(base(), n("alb", "alb", "vpc", subnets=["pub_a", "pub_b"]), n("asg", "asg", "vpc", **props),
                  n("w1", "ec2", "app_a", member_of="asg"), n("w2", "ec2", "app_b", member_of="asg"),
                  n("lt", "launch_template", "r"), n("lc", "launch_config", "r"), n("alarm", "cloudwatch_alarm"),
                  edges=[e("alb", "asg", 80)])


def manual(*instances: str):
    nodes = [n(i, "ec2", "app_a") for i in instances]
    return design(base(), n("alb", "alb", "vpc", subnets=["pub_a", "pub_b"], targets=list(instances)), nodes)


CASES = {
    "ASG-CAP-001": (tier(min=3, desired=2, max=4), tier()),
    "ASG-AZ-001": (tier(subnets=["app_a"]), tier()),
    "ASG-HA-001": (changed(tier(min=1), "asg", intent={"ha": True}), changed(tier(), "asg", intent={"ha": True})),
    "ASG-NET-001": (design(tier(), n("vpc2", "vpc", "r", cidr="10.1.0.0/16"),
                           n("sg2", "security_group", "vpc2"), n("asg2", "asg", "vpc", subnets=["app_a"],
                                                                  security_groups=["sg2"])),
                    tier()),
    "ASG-LT-001": (tier(launch_template="lt", launch_config="lc"), tier(launch_template="lt")),
    "ASG-LT-002": (tier(launch_config="lc"), tier(launch_template="lt")),
    "ASG-LB-001": (tier(health_check_type="EC2"), tier()),
    "ASG-POL-001": (tier(scaling_policy="step"),
                    design(tier(scaling_policy="step"), edges=[e("alarm", "asg")])),
    "avail.no_auto_scaling": (manual("w1", "w2"), manual("w1")),
    "ASG-POL-002": (design(tier(), n("q", "sqs_queue", "r"), edges=[e("q", "asg")]),
                    design(tier(scaling_policy="sqs backlog per instance"), n("q", "sqs_queue", "r"),
                           edges=[e("q", "asg")])),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_spot_mix_with_launch_configuration_is_an_error() -> None:
    """AWS refuses a Spot/On-Demand mix described by a launch configuration."""
    assert findings(tier(launch_config="lc", mixed_instances=True), "ASG-LT-002")[0].severity == "error"


@pytest.mark.parametrize("rule_id, broken", [
    ("ASG-CAP-001", tier(min=3, desired=2, max=2)),
    ("ASG-AZ-001", tier(subnets=["app_a"])),
    ("ASG-HA-001", changed(tier(min=1), "asg", intent={"min_running": 3})),
    ("ASG-LT-001", tier(launch_template="lt", launch_config="lc")),
    ("ASG-LB-001", tier(health_check_type="EC2")),
    ("ASG-POL-002", design(tier(), n("q", "sqs_queue", "r"), edges=[e("q", "asg")])),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
