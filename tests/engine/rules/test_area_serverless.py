"""Serverless rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, changed, design, e, findings, n


def sls(*extra, edges=(), fn: dict | None = None, table: dict | None = None, api: dict | None = None):
    """Client -> API Gateway -> Lambda -> DynamoDB in one region."""
    return design(n("r", "region", name="us-east-1"), n("user", "mobile_client"), n("app", "lambda", "r"),
                  n("api", "api_gateway", "r", **{"authorizer": "cognito", **(api or {})}),
                  n("fn", "lambda", "r", **{"role": "role", **(fn or {})}), n("role", "iam_role", "r"),
                  n("ddb", "dynamodb_table", "r", **(table or {})), *extra,
                  edges=[e("user", "api", 443), e("api", "fn"), e("fn", "ddb", 443), *edges])


CASES = {
    "SLS-LAM-001": (sls(fn={"memory_mb": 1000}), sls(fn={"memory_mb": 1024})),
    "SLS-LAM-002": (sls(fn={"timeout_s": 1200}), sls(fn={"timeout_s": 900})),
    "SLS-LAM-003": (sls(fn={"env_bytes": 5000}), sls(fn={"env_bytes": 1000})),
    "SLS-LAM-004": (sls(fn={"tmp_mb": 20000}), sls(fn={"tmp_mb": 512})),
    "SLS-LAM-005": (sls(fn={"package_unzipped_mb": 300}), sls(fn={"package_unzipped_mb": 200})),
    "SLS-LAM-006": (sls(n("fn2", "lambda", "r", reserved_concurrency=600), fn={"reserved_concurrency": 600}),
                    sls(n("fn2", "lambda", "r", reserved_concurrency=400), fn={"reserved_concurrency": 500})),
    "SLS-LAM-007": (sls(fn={"runtime": "cobol85"}), sls(fn={"runtime": "nodejs20.x"})),
    "SLS-LAM-009": (sls(fn={"role": None}), sls()),
    "SLS-DDB-002": (sls(table={"billing_mode": "provisioned"}), sls(table={"billing_mode": "provisioned", "rcu": 5,
                                                                          "wcu": 5})),
    "SLS-DDB-003": (sls(n("dax", "dax", "r", nodes=12), edges=[e("dax", "ddb")]),
                    sls(n("dax", "dax", "r", nodes=3), edges=[e("dax", "ddb")])),
    "SLS-DDB-004": (sls(table={"global_regions": ["us-east-1", "ap-southeast-2"]}),
                    sls(table={"global_regions": ["us-east-1", "ap-southeast-2"], "streams": True})),
    "perf.read_heavy_no_cache": (changed(sls(), "ddb", intent={"read_heavy": True}),
                                 changed(sls(api={"cache": True}), "ddb", intent={"read_heavy": True})),
    "SLS-APIGW-001": (sls(api={"endpoint_type": "private"}), sls()),
    "api.unauthenticated": (sls(api={"authorizer": "none"}), sls(api={"authorizer": "none", "public_api": True})),
    "SLS-COG-002": (changed(sls(), "user", static_aws_credentials=True), sls()),
    "SLS-APIGW-002": (sls(n("vpc", "vpc", "r"), n("az", "az", "vpc"), n("sn", "subnet", "az"), n("db", "rds", "sn"),
                          edges=[e("api", "db", 3306)]), sls()),
    "SLS-APIGW-003": (sls(api={"authorizer": "iam"}), sls(api={"authorizer": "cognito"})),
    "SLS-DDB-001": (sls(edges=[e("app", "ddb", item_kb=600)]), sls(edges=[e("app", "ddb", item_kb=100)])),
    "SLS-DDB-006": (sls(edges=[e("app", "ddb", transaction_items=150)]),
                    sls(edges=[e("app", "ddb", transaction_items=8)])),
    "SLS-COG-003": (sls(n("up", "cognito_user_pool", "r", sync=True)), sls(n("up", "cognito_user_pool", "r"))),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_notes_level_limits_are_only_info() -> None:
    """/tmp above the notes' 512 MB and odd memory sizes are allowed by AWS today."""
    assert [f.severity for f in findings(sls(fn={"tmp_mb": 2048}), "SLS-LAM-004")] == ["info"]
    assert [f.severity for f in findings(sls(fn={"memory_mb": 1000}), "SLS-LAM-001")] == ["info"]


@pytest.mark.parametrize("rule_id, broken", [
    ("SLS-DDB-002", sls(table={"billing_mode": "provisioned"})),
    ("SLS-DDB-003", sls(n("vpc", "vpc", "r"), n("az", "az", "vpc"), n("sn", "subnet", "az"),
                        n("dax", "dax", "sn", nodes=1), edges=[e("dax", "ddb")])),
    ("SLS-DDB-004", sls(table={"global_regions": ["us-east-1", "eu-west-1"]})),
    ("SLS-APIGW-001", sls(api={"endpoint_type": "private"})),
    ("api.unauthenticated", sls(api={"authorizer": "none"})),
    ("SLS-APIGW-003", sls(api={"authorizer": "iam"})),
    ("SLS-COG-002", changed(sls(), "user", static_aws_credentials=True)),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
