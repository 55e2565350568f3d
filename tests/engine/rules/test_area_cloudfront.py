"""CloudFront and Global Accelerator rules: each fires on a broken design and is silent once corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n


def cdn(origin: dict, *extra, edges=(), **dist: object):
    """A distribution with one origin, an S3 bucket, an ALB, an instance and users."""
    return design(base(), n("g", "global"), n("cf", "cloudfront", "g", label="cdn", origins=[origin], **dist),
                  n("bucket", "s3_bucket", "r"), n("user", "user"),
                  n("alb", "alb", "vpc", subnets=["pub_a", "pub_b"]), n("i", "ec2", "app_a"),
                  n("ddb", "dynamodb_table", "r"), *extra, edges=list(edges))


OAC = {"target": "bucket", "oac": True}
CASES = {
    "CF-ORIGIN-001": (cdn({"target": "ddb"}), cdn(OAC)),
    "CF-OAI-001": (cdn({"target": "bucket"}), cdn(OAC)),
    "CF-OAI-002": (changed(cdn(OAC), "bucket", website=True, public=True, block_public_access=False),
                   changed(cdn({"target": "bucket"}), "bucket", website=True, public=True, block_public_access=False)),
    "CF-EC2-001": (cdn({"target": "i"}), cdn({"target": "i", "vpc_origin": True})),
    "CF-ALB-001": (changed(cdn({"target": "alb"}), "alb", scheme="internal"), cdn({"target": "alb"})),
    "CF-SIGN-001": (cdn(OAC, edges=[e("user", "bucket", 443)]), cdn(OAC, edges=[e("user", "cf", 443)])),
    "CF-USE-001": (changed(cdn(OAC, edges=[e("user", "i", 80)]), "i", intent={"static_content": True}),
                   changed(cdn({"target": "i", "vpc_origin": True}, edges=[e("user", "i", 80)]), "i",
                           intent={"static_content": True})),
    "GA-EP-001": (design(n("g", "global"), n("r", "region"), n("fn", "lambda", "r"),
                         n("ga", "global_accelerator", "g", endpoints=["fn"])),
                  design(base(), n("g", "global"), n("alb", "alb", "vpc"),
                         n("ga", "global_accelerator", "g", endpoints=["alb"]))),
    "perf.global_users_single_region": (
        design(base(), n("user", "user", intent={"global": True}), n("alb", "alb", "vpc"), edges=[e("user", "alb")]),
        design(base(), n("user", "user", intent={"global": True}), n("alb", "alb", "vpc"), n("g", "global"),
               n("cf", "cloudfront", "g", origins=[{"target": "alb"}]), edges=[e("user", "cf")])),
    "CF-BEH-001": (cdn(OAC, behaviors=[{"path": "/*", "origin": "alb"}]),
                   cdn(OAC, behaviors=[{"path": "/*", "origin": "bucket"}])),
    "CF-OG-001": (cdn(OAC, origin_groups=[{"members": ["bucket"]}]),
                  cdn(OAC, n("b2", "s3_bucket", "r"), origin_groups=[{"members": ["bucket", "b2"]}])),
    "CF-FLE-001": (cdn(OAC, fle_fields=["card"]), cdn(OAC, fle_fields=["card"], fle_public_key="pk")),
    "CF-L@E-001": (cdn(OAC, n("edge", "lambda_edge", "g", event="on-cache-hit")),
                   cdn(OAC, n("edge", "lambda_edge", "g", event="origin-request"))),
    "CF-SEC-001": (cdn(OAC, https_only=False), cdn(OAC)),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_private_content_needs_signed_urls() -> None:
    """Premium content behind CloudFront without signed URLs is flagged; requiring them clears it."""
    paid = changed(cdn(OAC), "cf", intent={"private_content": True})
    assert findings(paid, "CF-SIGN-001")
    assert not findings(changed(paid, "cf", signed_urls=True), "CF-SIGN-001")


def test_oai_is_a_migration_hint() -> None:
    """An OAI works but is legacy: info, with a quick fix to OAC."""
    found = findings(cdn({"target": "bucket", "oai": True}), "CF-OAI-001")
    assert [f.severity for f in found] == ["info"]


@pytest.mark.parametrize("rule_id, broken", [
    ("CF-OAI-001", cdn({"target": "bucket"})),
    ("CF-EC2-001", cdn({"target": "i"})),
    ("CF-ALB-001", changed(cdn({"target": "alb"}), "alb", scheme="internal")),
    ("CF-SIGN-001", changed(cdn(OAC), "cf", intent={"private_content": True})),
    ("CF-OAI-002", changed(cdn(OAC), "bucket", website=True)),
    ("CF-SEC-001", cdn(OAC, https_only=False)),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
