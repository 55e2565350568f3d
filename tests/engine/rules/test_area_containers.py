"""Container rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n

ALB_SG = n("alb_sg", "security_group", "vpc")


def ecs(launch: str = "FARGATE", *extra, edges=(), host_rule: dict | None = None, **service: object):
    """An ALB in front of one ECS service in a cluster with one container instance."""
    host_sg = n("host_sg", "security_group", "vpc",
                inbound=[host_rule or {"protocol": "tcp", "port": "32768-65535", "sg": "alb_sg"}])
    task_sg = n("task_sg", "security_group", "vpc", inbound=[{"protocol": "tcp", "port": 80, "sg": "alb_sg"}])
    return design(base(), ALB_SG, host_sg, task_sg,
                  n("alb", "alb", "vpc", subnets=["pub_a", "pub_b"], security_groups=["alb_sg"]),
                  n("cl", "ecs_cluster", "vpc", launch_types=[launch]),
                  n("host", "ec2", "cl", security_groups=["host_sg"]),
                  n("svc", "ecs_service", "cl", **{"launch_type": launch, "security_groups": ["task_sg"],
                                                   "task_role": "role", **service}),
                  n("role", "iam_role", "r"), n("bucket", "s3_bucket", "r"), *extra,
                  edges=[e("alb", "svc", 80), e("svc", "bucket", 443), *edges])


CASES = {
    "CTR-ECS-001": (design(base(), n("cl", "ecs_cluster", "vpc", launch_types=["EC2"])),
                    design(base(), n("cl", "ecs_cluster", "vpc", launch_types=["EC2"]), n("h", "ec2", "cl"))),
    "CTR-ECS-002": (ecs("FARGATE", n("vpc2", "vpc", "r", cidr="10.1.0.0/16"), n("az2", "az", "vpc2"), n("s2", "subnet", "az2"),
                        subnets=["app_a", "s2"]), ecs(subnets=["app_a", "app_b"])),
    "CTR-ROLE-001": (ecs(task_role=None), ecs()),
    "CTR-LB-001": (ecs("EC2", host_rule={"protocol": "tcp", "port": 80, "sg": "alb_sg"}), ecs("EC2")),
    "CTR-LB-002": (changed(ecs(), "task_sg", inbound=[]), ecs()),
    "CTR-SCALE-001": (ecs("EC2", autoscaling=True), ecs("EC2", autoscaling=True, capacity_provider="cp")),
    "CTR-ROLL-001": (ecs(min_healthy_pct=100, max_pct=100), ecs()),
    "CTR-EB-001": (ecs("FARGATE", n("rule", "eventbridge", "r"), edges=[e("rule", "svc")], task_role=None),
                   ecs("FARGATE", n("rule", "eventbridge", "r"), edges=[e("rule", "svc")])),
    "CTR-FG-001": (design(base(), n("cl", "ecs_cluster", "vpc"), n("sn", "subnet", "az_a", cidr="10.0.99.0/28"),
                          n("svc", "ecs_service", "cl", subnets=["sn"], desired=20)),
                   design(base(), n("cl", "ecs_cluster", "vpc"), n("sn", "subnet", "az_a", cidr="10.0.99.0/28"),
                          n("svc", "ecs_service", "cl", subnets=["sn"], desired=5))),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


@pytest.mark.parametrize("rule_id, broken", [
    ("CTR-SCALE-001", ecs("EC2", autoscaling=True)),
    ("CTR-ROLL-001", ecs(min_healthy_pct=100, max_pct=100)),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
