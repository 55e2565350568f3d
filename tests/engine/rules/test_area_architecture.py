"""Architecture rules and case-study lessons: each fires on a broken design and is silent once corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import (
    assert_quick_fix_round_trip,
    base,
    changed,
    design,
    e,
    findings,
    n,
    with_edges,
)


def shop(*extra, edges=(), web: dict | None = None, **alb: object):
    """MyClothes: users -> ALB -> three web instances of an ASG (state in memory unless told otherwise)."""
    web_props = {"member_of": "asg", **(web or {})}
    return design(base(("a", "b", "c")), n("user", "user"),
                  n("alb", "alb", "vpc", label="myclothes-elb", subnets=["pub_a", "pub_b", "pub_c"], **alb),
                  n("asg", "asg", "vpc", subnets=["app_a", "app_b", "app_c"], min=3, desired=3, max=9),
                  n("web_a", "ec2", "app_a", label="web-a", **web_props),
                  n("web_b", "ec2", "app_b", label="web-b", **web_props),
                  n("web_c", "ec2", "app_c", label="web-c", **web_props), *extra,
                  edges=[e("user", "alb", 443), e("alb", "asg", 80), *edges])


CACHE = n("cache", "elasticache", "data_a", usage="session_store")
SESSION_EDGES = [e("web_a", "cache", 6379), e("web_b", "cache", 6379), e("web_c", "cache", 6379)]


def chain(*extra):
    return design(n("r", "region"), n("a", "lambda", "r"), n("api", "api_gateway", "r"), n("b", "lambda", "r"),
                  n("c", "lambda", "r"), n("q", "sqs_queue", "r"), *extra)


CASES = {
    "ARCH-WEB-001": (design(base(), n("user", "user"), n("web", "ec2", "pub_a"), edges=[e("user", "web", 80)]),
                     shop()),
    "ARCH-STATE-001": (shop(web={"stores_state": True}), shop(CACHE, web={"stores_state": True}, edges=SESSION_EDGES)),
    "ARCH-COOKIE-001": (shop(web={"cookie_state_bytes": 8000}), shop(web={"cookie_state_bytes": 2000})),
    "state.client_cookie_state": (shop(web={"cookie_state_bytes": 2000}), shop()),
    "BEAN-ENV-001": (design(n("r", "region"), n("env", "beanstalk_env", "r", tier="worker")),
                     design(n("r", "region"), n("q", "sqs_queue", "r"),
                            n("env", "beanstalk_env", "r", tier="worker", queue="q"))),
    "arch.not_serverless": (design(base(), n("web", "ec2", "app_a"), serverless_required=True),
                            design(n("r", "region"), n("fn", "lambda", "r"), serverless_required=True)),
    "SLS-PAT-005": (with_edges(chain(), e("a", "api"), e("api", "b"), e("b", "c")),
                    with_edges(chain(), e("a", "api"), e("api", "b"), e("b", "q"), e("q", "c"))),
    "arch.point_to_point_sprawl": (
        with_edges(chain(n("d", "lambda", "r")), e("a", "b"), e("a", "c"), e("a", "d")),
        with_edges(chain(n("d", "lambda", "r"), n("t", "sns_topic", "r")), e("a", "t"))),
    "arch.tight_coupling": (changed(with_edges(chain(), e("a", "b")), "b", intent={"spiky_load": True}),
                            changed(with_edges(chain(), e("a", "q"), e("q", "b")), "b", intent={"spiky_load": True})),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_myclothes_stage_1_has_no_session_store_error() -> None:
    """A stateful web tier behind an LB with no store and no stickiness is an error (state.no_session_store)."""
    found = findings(shop(web={"stores_state": True}), "state.no_session_store")
    assert [(f.rule, f.severity) for f in found] == [("ARCH-STATE-001", "error")]
    assert "web-a" in found[0].message and "myclothes-elb" in found[0].fix


def test_stickiness_moves_the_lesson_to_sticky_only() -> None:
    """MyClothes stage 2: stickiness clears the error and raises state.sticky_only instead."""
    sticky = shop(web={"stores_state": True}, stickiness={"enabled": True})
    assert not findings(sticky, "ARCH-STATE-001")
    assert findings(sticky, "ELB-STICKY-003")


def test_single_instance_is_info_when_downtime_is_acceptable() -> None:
    """WhatIsTheTime stage 1 tolerates downtime: the SPOF is only a hint."""
    single = design(base(), n("user", "user"), n("web", "ec2", "pub_a", intent={"downtime_ok": True}),
                    edges=[e("user", "web", 80)])
    assert [f.severity for f in findings(single, "avail.single_instance_spof")] == ["info"]


def test_quick_fix_enables_stickiness() -> None:
    """The quick fix of ARCH-STATE-001 enables stickiness; undo restores the finding."""
    assert_quick_fix_round_trip(shop(web={"stores_state": True}), "ARCH-STATE-001")
