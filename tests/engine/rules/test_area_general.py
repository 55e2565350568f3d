"""GEN rules and legacy EC2-Classic: fire on the fault, silent on the fix."""

import pytest

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()
R2 = [{"id": "r2", "kind": "region", "name": "eu-west-1"},
      {"id": "v2", "kind": "vpc", "parent": "r2", "cidr": "10.8.0.0/16"},
      {"id": "sg2", "kind": "security_group", "parent": "v2"}]
SEVEN_AZS = [{"id": f"z{n}", "kind": "az", "parent": "vpc", "name": f"us-east-1{'abcdefg'[n]}"} for n in range(7)]

CASES = [
    ("GEN-AZ-001", patch(BASE, "az-a", name="eu-west-1a"), BASE),
    ("GEN-AZ-002", [*BASE, *SEVEN_AZS], [*BASE, *SEVEN_AZS[:6]]),
    ("GEN-REG-001", [*BASE, *R2, {"id": "app", "kind": "ec2", "parent": "priv-a", "security_groups": ["sg2"]}],
     [*BASE, *R2, {"id": "app", "kind": "ec2", "parent": "priv-a"}]),
    ("GEN-GLOBAL-001", [*BASE, {"id": "role", "kind": "iam_role", "parent": "region"}],
     [*BASE, {"id": "role", "kind": "iam_role"}]),
    ("GEN-EDGE-001", [*BASE, {"id": "cf", "kind": "cloudfront", "parent": "region"}],
     [*BASE, {"id": "cf", "kind": "cloudfront"}]),
    ("GEN-HA-001", [*BASE, {"id": "db", "kind": "rds", "parent": "priv-a", "intent": {"ha": True}}],
     [*BASE, {"id": "db", "kind": "rds", "parent": "priv-a", "multi_az": True, "intent": {"ha": True}}]),
    ("GEN-HA-001", [*BASE, {"id": "asg", "kind": "asg", "parent": "vpc", "subnets": ["priv-a"],
                            "intent": {"ha": True}}],
     [*BASE, {"id": "asg", "kind": "asg", "parent": "vpc", "subnets": ["priv-a", "priv-b"], "intent": {"ha": True}}]),
    ("NET-CL-001", [*BASE, {"id": "classic", "kind": "ec2_classic", "parent": "region"}], BASE),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    assert found(design(bad), rule_id), f"{rule_id} did not fire"
    assert not found(design(good), rule_id), f"{rule_id} fired on the corrected design"
