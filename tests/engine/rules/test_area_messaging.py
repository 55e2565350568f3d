"""Messaging rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n


def mq(*extra, edges=(), queue: dict | None = None, topic: dict | None = None):
    """A producer, a topic fanning out to a queue with a DLQ, and a Lambda consumer."""
    return design(n("r", "region"), n("app", "lambda", "r"), n("worker", "lambda", "r", timeout_s=30),
                  n("q", "sqs_queue", "r", label="orders", **{"dead_letter_queue": "dlq", "visibility_timeout_s": 180,
                                                               **(queue or {})}),
                  n("dlq", "sqs_queue", "r", retention_s=1209600),
                  n("t", "sns_topic", "r", **{"subscribers": ["q"], **(topic or {})}), *extra,
                  edges=[e("app", "t"), e("q", "worker"), *edges])


def stream(*extra, edges=(), **props: object):
    return design(n("r", "region"), n("ks", "kinesis_data_stream", "r", **props), n("hose", "kinesis_firehose", "r"),
                  n("bucket", "s3_bucket", "r"), n("ddb", "dynamodb_table", "r"), n("kda", "kinesis_analytics", "r"),
                  n("rs_vpc", "vpc", "r"), n("az", "az", "rs_vpc"), n("sn", "subnet", "az"), n("rs", "redshift", "sn"),
                  *extra, edges=list(edges))


CASES = {
    "MSG-SQS-002": (mq(queue={"max_message_bytes": 2_000_000}), mq()),
    "MSG-SQS-003": (changed(mq(), "q", intent={"requires_ordering": True}),
                    changed(mq(queue={"fifo": True}), "q", intent={"requires_ordering": True})),
    "MSG-SQS-005": (mq(queue={"visibility_timeout_s": 10}), mq()),
    "MSG-SQS-006": (mq(queue={"dead_letter_queue": None}), mq()),
    "MSG-SQS-007": (mq(queue={"delay_s": 1800}), mq(queue={"delay_s": 60})),
    "MSG-SQS-008": (mq(queue={"fifo": True, "name": "orders"}), mq(queue={"fifo": True, "name": "orders.fifo"})),
    "msg.fifo_multiple_consumers_without_groups": (
        mq(n("w2", "lambda", "r"), queue={"fifo": True}, edges=[e("q", "w2")]),
        mq(n("w2", "lambda", "r"), queue={"fifo": True, "message_groups": True}, edges=[e("q", "w2")])),
    "MSG-SQS-010": (mq(queue={"allowed_publishers": ["app"]}), mq(queue={"allowed_publishers": ["t"]})),
    "MSG-SNS-001": (mq(n("ddb", "dynamodb_table", "r"), topic={"subscribers": ["ddb"]}), mq()),
    "MSG-SNS-003": (mq(topic={"fifo": True}), mq(topic={"fifo": True}, queue={"fifo": True})),
    "MSG-SNS-004": (changed(mq(topic={"subscribers": ["q", "worker"]}), "worker", intent={"critical": True}),
                    changed(mq(), "worker", intent={"critical": True})),
    "MSG-KDS-001": (changed(stream(shards=1), "ks", intent={"ingest_mbps": 3}),
                    changed(stream(shards=3), "ks", intent={"ingest_mbps": 3})),
    "MSG-KDS-002": (stream(retention_h=12), stream(retention_h=48)),
    "MSG-KDF-001": (stream(edges=[e("hose", "ddb")]), stream(edges=[e("hose", "bucket")])),
    "MSG-KDF-003": (changed(stream(), "hose", intent={"latency_s": 1}), changed(stream(), "hose", intent={"latency_s": 120})),
    "MSG-KDA-001": (stream(edges=[e("ddb", "kda")]), stream(edges=[e("ks", "kda"), e("kda", "hose")])),
    "MSG-KDS-004": (stream(edges=[e("ks", "bucket")]), stream(edges=[e("ks", "hose"), e("hose", "bucket")])),
    "MSG-KDF-002": (mq(n("hose", "kinesis_firehose", "r"), edges=[e("q", "hose")]),
                    mq(n("hose", "kinesis_firehose", "r"), edges=[e("app", "hose")])),
    "MSG-MQ-001": (design(base(), n("mq", "amazon_mq", "app_a", protocols=["custom"])),
                   design(base(), n("mq", "amazon_mq", "app_a", protocols=["AMQP"]))),
    "MSG-MQ-002": (design(base(), n("mq", "amazon_mq", "app_a", deployment="active_standby")),
                   design(base(), n("mq", "amazon_mq", "app_a", deployment="active_standby",
                                    subnets=["app_a", "app_b"]))),
    "MSG-SNS-002": (changed(mq(), "t", intent={"subscriptions": 20_000_000}),
                    changed(mq(), "t", intent={"subscriptions": 5_000_000})),
    "MSG-CHOOSE-001": (changed(mq(), "q", intent={"replay": True}), mq()),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_redshift_delivery_needs_staging_bucket() -> None:
    """Firehose to Redshift stages in S3 first."""
    assert findings(stream(edges=[e("hose", "rs")]), "MSG-KDF-001")
    assert not findings(stream(edges=[e("hose", "rs"), e("hose", "bucket")]), "MSG-KDF-001")


def test_short_dlq_retention_is_info() -> None:
    """A DLQ keeping messages for less time than its source is a hint."""
    short = changed(mq(), "dlq", retention_s=60)
    assert [f.severity for f in findings(short, "MSG-SQS-006")] == ["info"]


@pytest.mark.parametrize("rule_id, broken", [
    ("MSG-SQS-003", changed(mq(), "q", intent={"requires_ordering": True})),
    ("MSG-SQS-005", mq(queue={"visibility_timeout_s": 10})),
    ("MSG-SQS-006", mq(queue={"dead_letter_queue": None})),
    ("MSG-SQS-007", mq(queue={"delay_s": 1800})),
    ("MSG-SQS-008", mq(queue={"fifo": True, "name": "orders"})),
    ("MSG-SQS-010", mq(queue={"allowed_publishers": ["app"]})),
    ("MSG-SNS-003", mq(topic={"fifo": True})),
    ("MSG-KDS-002", stream(retention_h=12)),
    ("MSG-KDS-001", changed(stream(shards=1), "ks", intent={"ingest_mbps": 3})),
    ("msg.fifo_multiple_consumers_without_groups", mq(n("w2", "lambda", "r"), queue={"fifo": True},
                                                     edges=[e("q", "w2")])),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
