"""S3 rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, changed, design, e, findings, n


def s3(*extra, edges=(), **bucket: object):
    """A region with one bucket (plus extra nodes) and an app instance."""
    return design(n("r", "region", name="us-east-1"), n("b", "s3_bucket", "r", label="uploads", **bucket),
                  n("app", "ec2", "r"), n("fn", "lambda", "r"), n("q", "sqs_queue", "r"), n("t", "sns_topic", "r"),
                  *extra, edges=list(edges))


OTHER = n("b2", "s3_bucket", "r", versioning=True)
THIRD = n("b3", "s3_bucket", "r", versioning=True)
NOTE = {"events": ["s3:ObjectCreated:*"], "prefix": "in/"}
CASES = {
    "S3-NAME-001": (s3(name="My_Bucket"), s3(name="my-bucket")),
    "S3-VER-001": (changed(s3(), "b", intent={"critical": True}),
                   changed(s3(versioning=True), "b", intent={"critical": True})),
    "S3-ENC-001": (s3(encryption="sse-c", edges=[e("app", "b", 80)]), s3(encryption="sse-c", edges=[e("app", "b", 443)])),
    "S3-BPA-001": (s3(block_public_access=False), s3()),
    "S3-WEB-001": (s3(website=True), s3(website=True, public=True, block_public_access=False)),
    "S3-MFA-001": (s3(mfa_delete=True), s3(mfa_delete=True, versioning=True)),
    "S3-LOG-001": (s3(logging_to="b"), s3(OTHER, logging_to="b2")),
    "S3-REP-001": (s3(OTHER, replication_to="b2"), s3(OTHER, replication_to="b2", versioning=True)),
    "S3-REP-002": (s3(changed(design(OTHER), "b2", replication_to="b3").nodes["b2"], THIRD, versioning=True,
                      replication_to="b2"),
                   s3(OTHER, THIRD, versioning=True, replication_to="b2")),
    "S3-CLASS-001": (changed(s3(storage_class="ONEZONE_IA"), "b", intent={"primary_copy": True}),
                     changed(s3(storage_class="STANDARD_IA"), "b", intent={"primary_copy": True})),
    "S3-LC-001": (s3(lifecycle=[{"to": "GLACIER", "days": 90}, {"to": "STANDARD_IA", "days": 180}]),
                  s3(lifecycle=[{"to": "STANDARD_IA", "days": 30}, {"to": "GLACIER", "days": 90}])),
    "S3-LC-002": (s3(lifecycle=[{"noncurrent_days": 30}]), s3(lifecycle=[{"noncurrent_days": 30}], versioning=True)),
    "S3-EVT-001": (s3(n("ddb", "dynamodb_table", "r"), notifications=[{**NOTE, "target": "ddb"}]),
                   s3(notifications=[{**NOTE, "target": "q"}])),
    "S3-EVT-002": (s3(notifications=[{**NOTE, "target": "q"}, {**NOTE, "prefix": "in/img/", "target": "fn"}]),
                   s3(notifications=[{**NOTE, "target": "t"}])),
    "S3-EVT-003": (changed(s3(notifications=[{**NOTE, "target": "q"}]), "q", allowed_publishers=["t"]),
                   changed(s3(notifications=[{**NOTE, "target": "q"}]), "q", allowed_publishers=["b"])),
    "S3-RP-001": (s3(requester_pays=True, public=True), s3(requester_pays=True)),
    "event.s3_recursion": (s3(notifications=[{**NOTE, "target": "fn"}], edges=[e("fn", "b", 443, label="writes")]),
                           s3(OTHER, notifications=[{**NOTE, "target": "fn"}],
                              edges=[e("fn", "b2", 443, label="writes")])),
    "S3-CORS-001": (s3(OTHER, edges=[e("app", "b", 443, cross_origin="https://b2.example.com")]),
                    s3(OTHER, cors_origins=["https://b2.example.com"],
                       edges=[e("app", "b", 443, cross_origin="https://b2.example.com")])),
    "S3-LOCK-001": (s3(object_lock=True), s3(object_lock=True, versioning=True)),
    "S3-ENC-003": (changed(s3(encryption="sse-kms"), "b", intent={"requests_per_s": 20000}),
                   changed(s3(encryption="sse-s3"), "b", intent={"requests_per_s": 20000})),
    "S3-EVT-004": (changed(s3(notifications=[{**NOTE, "target": "q"}]), "b", intent={"every_write_triggers": True}),
                   changed(s3(notifications=[{**NOTE, "target": "q"}], versioning=True), "b",
                           intent={"every_write_triggers": True})),
    "S3-OBJ-001": (s3(edges=[e("app", "b", 443, object_gb=20)]), s3(edges=[e("app", "b", 443, object_gb=20,
                                                                             multipart=True)])),
    "S3-TAG-001": (s3(edges=[e("app", "b", 443, object_tags=12)]), s3(edges=[e("app", "b", 443, object_tags=3)])),
    "S3-AN-001": (s3(analytics_target="GLACIER"), s3(analytics_target="STANDARD_IA")),
    "S3-CLASS-002": (changed(s3(lifecycle=[{"to": "DEEP_ARCHIVE", "days": 180}]), "b", intent={"retrieval_minutes": 60}),
                     changed(s3(lifecycle=[{"to": "GLACIER_IR", "days": 180}]), "b", intent={"retrieval_minutes": 60})),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_public_bucket_with_block_public_access_is_an_error() -> None:
    """A bucket meant to be public but blocked serves 403s."""
    assert findings(s3(public=True), "S3-BPA-001")[0].severity == "error"


def test_recursion_is_silent_when_output_prefix_differs() -> None:
    """Writing under a prefix the trigger does not watch breaks the loop."""
    loop_free = s3(notifications=[{**NOTE, "target": "fn"}],
                   edges=[e("fn", "b", 443, label="writes", prefix="out/")])
    assert not findings(loop_free, "event.s3_recursion")


@pytest.mark.parametrize("rule_id, broken", [
    ("S3-VER-001", changed(s3(), "b", intent={"critical": True})),
    ("S3-BPA-001", s3(block_public_access=False)),
    ("S3-WEB-001", s3(website=True)),
    ("S3-MFA-001", s3(mfa_delete=True)),
    ("S3-LOCK-001", s3(object_lock=True)),
    ("S3-CLASS-001", changed(s3(storage_class="ONEZONE_IA"), "b", intent={"primary_copy": True})),
    ("S3-EVT-004", changed(s3(notifications=[{**NOTE, "target": "q"}]), "b", intent={"every_write_triggers": True})),
    ("S3-LC-002", s3(lifecycle=[{"noncurrent_days": 30}])),
    ("S3-OBJ-001", s3(edges=[e("app", "b", 443, object_gb=20)])),
    ("S3-LOG-001", s3(logging_to="b")),
    ("S3-REP-001", s3(n("b2", "s3_bucket", "r"), replication_to="b2")),
    ("S3-EVT-003", changed(s3(notifications=[{**NOTE, "target": "q"}]), "q", allowed_publishers=["t"])),
    ("S3-CORS-001", s3(OTHER, edges=[e("app", "b", 443, cross_origin="https://x.example.com")])),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
