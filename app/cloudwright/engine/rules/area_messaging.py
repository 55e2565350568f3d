"""Messaging rules (rules.md section 18): SQS, SNS, Kinesis Data Streams, Firehose and Data Analytics.

A queue's consumers are the targets of its outgoing flows (event source mappings) and the sources of
incoming flows marked as reads (pollers); an SNS topic lists its ``subscribers``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from cloudwright.engine.document.edits import AddNode, Batch, set_node_fields
from cloudwright.engine.model.diagram import Diagram, Node
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import edge_access, facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

MAX_MESSAGE_BYTES, NOTES_MESSAGE_BYTES = 1048576, 262144
MAX_DELAY_S = 900
MAX_RETENTION_S = 1209600
FIFO_RATE = 300
SNS_NOTES_SUBSCRIPTIONS, SNS_MAX_SUBSCRIPTIONS = 10_000_000, 12_500_000
SNS_SUBSCRIBER_KINDS = {"sqs_queue", "lambda", "kinesis_firehose", "user", "mobile_client", "email_recipient",
                        "admin", "ec2", "alb", "nlb", "clb", "elb", "api_gateway", "on_prem_server", "internet",
                        "corporate_dc", "cfn_resource"}
#: Firehose destinations: S3, Redshift, OpenSearch, a transform Lambda, and HTTP endpoints (partners, an ALB, API
#: Gateway or a server of one's own).
FIREHOSE_DESTINATIONS = {"s3_bucket", "redshift", "elasticsearch", "opensearch", "lambda", "on_prem_server",
                         "internet", "cfn_resource", "alb", "api_gateway", "ec2"}
KDA_KINDS = {"kinesis_data_stream", "kinesis_firehose", "lambda"}
OPEN_PROTOCOLS = {"mqtt", "amqp", "stomp", "openwire", "wss"}
#: Stores that neither consume a stream nor feed Firehose by themselves.
STORE_KINDS = ("s3_bucket", "redshift", "elasticsearch", "opensearch", "dynamodb_table", "rds", "aurora_instance")


def _queues(ctx: RuleContext) -> list[Node]:
    return ctx.index.of_kind("sqs_queue")


def _consumers(ctx: RuleContext, queue: Node) -> list[str]:
    f = facts(ctx)
    found = {e.target: None for e in f.traffic_out(queue.id) if e.target in ctx.diagram.nodes}
    found.update({e.source: None for e in f.traffic_in(queue.id) if edge_access(e) == "read"})
    return list(found)


def _dlq_ids(ctx: RuleContext) -> set[str]:
    return {q for x in _queues(ctx) if (q := ctx.props(x).dead_letter_queue)}  # type: ignore[attr-defined]


@rule("MSG-SQS-002", "error", pillars=("reliability",))
def message_size(ctx: RuleContext) -> Iterator[Hit]:
    """SQS messages are at most 1 MiB today (the notes say 256 KB); bigger payloads go to S3."""
    for queue in _queues(ctx):
        size = ctx.props(queue).max_message_bytes  # type: ignore[attr-defined]
        if size > MAX_MESSAGE_BYTES:
            yield hit(queue.id, f"{name(ctx, queue.id)} expects {size}-byte messages; SQS accepts at most 1 MiB.",
                      f"Store large payloads in S3 and send a pointer through {name(ctx, queue.id)} (extended client).")
        elif size > NOTES_MESSAGE_BYTES:
            yield hit(queue.id, f"{name(ctx, queue.id)} expects messages above the notes' 256 KB; SQS accepts up to "
                                "1 MiB today.", "No change needed on current AWS.", severity="info")


@rule("MSG-SQS-003", "info", pillars=("reliability",))
def ordering_needs_fifo(ctx: RuleContext) -> Iterator[Hit]:
    """Standard queues deliver at least once, in best-effort order: strict order or no duplicates need FIFO."""
    for queue in _queues(ctx):
        if ctx.intent(queue, "requires_ordering") and not ctx.props(queue).fifo:  # type: ignore[attr-defined]
            yield hit(queue.id, f"{name(ctx, queue.id)} must keep messages in order without duplicates, but a standard "
                                "queue reorders and may deliver twice.",
                      f"Make {name(ctx, queue.id)} a FIFO queue (name ending in .fifo).", severity="error",
                      quick_fix=QuickFix("Make it a FIFO queue", lambda d, i=queue.id: _make_fifo(d, i)))


def _make_fifo(diagram: Diagram, queue_id: str):  # noqa: ANN202
    props: dict[str, object] = {"fifo": True}
    queue_name = diagram.nodes[queue_id].props.get("name")
    if queue_name and not str(queue_name).endswith(".fifo"):
        props["name"] = f"{queue_name}.fifo"
    return set_node_fields(diagram, queue_id, props=props)


@rule("MSG-SQS-005", "warning", pillars=("reliability",))
def visibility_covers_processing(ctx: RuleContext) -> Iterator[Hit]:
    """The visibility timeout must outlast processing, or messages are processed twice."""
    for queue in _queues(ctx):
        visibility = ctx.props(queue).visibility_timeout_s  # type: ignore[attr-defined]
        for consumer in _consumers(ctx, queue):
            node = ctx.diagram.nodes[consumer]
            needed = ctx.props(node).timeout_s if node.kind == "lambda" else ctx.intent(node, "processing_time_s")  # type: ignore[attr-defined]
            if needed and int(needed) > visibility:
                advised = min(43200, 6 * int(needed))
                yield hit([queue.id, consumer], f"{name(ctx, consumer)} may take {needed} s per message but "
                                                f"{name(ctx, queue.id)} hides a message for only {visibility} s: slow "
                                                "messages reappear and are processed twice.",
                          f"Raise the visibility timeout of {name(ctx, queue.id)} to at least {needed} s (AWS advises "
                          f"{advised} s for Lambda consumers).",
                          quick_fix=QuickFix(f"Set the visibility timeout to {advised} s", lambda d, i=queue.id, v=advised:
                                             set_node_fields(d, i, props={"visibility_timeout_s": v})))


def _unique_id(diagram: Diagram, base: str) -> str:
    candidate, n = base, 2
    while candidate in diagram.nodes:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _add_dlq(diagram: Diagram, queue_id: str) -> Batch:
    queue = diagram.nodes[queue_id]
    dlq_id = _unique_id(diagram, f"{queue_id}_dlq")
    dlq = Node(id=dlq_id, kind="sqs_queue", parent=queue.parent, label=f"{queue.title} DLQ",
               pos=(queue.pos[0] + 120, queue.pos[1]),
               props={"retention_s": MAX_RETENTION_S, "fifo": bool(queue.props.get("fifo", False))})
    return Batch([AddNode(dlq), set_node_fields(diagram, queue_id, props={"dead_letter_queue": dlq_id,
                                                                          "max_receives": 5})], "Add a DLQ")


@rule("MSG-SQS-006", "warning", pillars=("reliability",), aliases=("msg.dlq_retention_short",))
def dead_letter_queue(ctx: RuleContext) -> Iterator[Hit]:
    """Work queues need a dead-letter queue, which keeps messages at least as long as the source."""
    dlqs = _dlq_ids(ctx)
    for queue in _queues(ctx):
        p = ctx.props(queue)
        dlq = ctx.diagram.nodes.get(p.dead_letter_queue or "")  # type: ignore[attr-defined]
        if dlq is None:
            if queue.id in dlqs or not _consumers(ctx, queue):
                continue
            yield hit(queue.id, f"{name(ctx, queue.id)} has no dead-letter queue: a message that always fails is "
                                "retried until it expires, blocking work and hiding the error.",
                      f"Add a dead-letter queue to {name(ctx, queue.id)} with maxReceiveCount around 5 and 14 days of "
                      "retention.", quick_fix=QuickFix("Add a dead-letter queue", lambda d, i=queue.id: _add_dlq(d, i)))
        elif ctx.props(dlq).retention_s < p.retention_s:  # type: ignore[attr-defined]
            yield hit([queue.id, dlq.id], f"The dead-letter queue {name(ctx, dlq.id)} keeps messages for less time "
                                          f"than {name(ctx, queue.id)}, so failed messages can expire before anyone "
                                          "looks at them.",
                      f"Set the retention of {name(ctx, dlq.id)} to 14 days.", severity="info",
                      quick_fix=QuickFix("Keep DLQ messages 14 days", lambda d, i=dlq.id: set_node_fields(
                          d, i, props={"retention_s": MAX_RETENTION_S})))


@rule("MSG-SQS-007", "error", pillars=("reliability",))
def delay_range(ctx: RuleContext) -> Iterator[Hit]:
    """Delay queues delay delivery by 0 to 15 minutes."""
    for queue in _queues(ctx):
        delay = ctx.props(queue).delay_s  # type: ignore[attr-defined]
        if not 0 <= delay <= MAX_DELAY_S:
            yield hit(queue.id, f"{name(ctx, queue.id)} delays messages by {delay} s; SQS allows 0 to 900 s.",
                      f"Set the delay of {name(ctx, queue.id)} within 0-900 s (use EventBridge Scheduler or Step "
                      "Functions for longer waits).",
                      quick_fix=QuickFix("Delay 900 s", lambda d, i=queue.id: set_node_fields(
                          d, i, props={"delay_s": MAX_DELAY_S})))


@rule("MSG-SQS-008", "error", pillars=("reliability",), aliases=("msg.fifo_name_suffix", "msg.fifo_throughput"))
def fifo_name_and_rate(ctx: RuleContext) -> Iterator[Hit]:
    """A FIFO queue's name ends in .fifo (and only FIFO names do); FIFO throughput is 300 msg/s per API action
    (3,000 batched) unless high-throughput mode is on."""
    for queue in _queues(ctx):
        p = ctx.props(queue)
        queue_name = p.name  # type: ignore[attr-defined]
        if queue_name and p.fifo != queue_name.endswith(".fifo"):  # type: ignore[attr-defined]
            fixed = f"{queue_name}.fifo" if p.fifo else queue_name.removesuffix(".fifo")  # type: ignore[attr-defined]
            yield hit(queue.id, f"{name(ctx, queue.id)} is {'a FIFO' if p.fifo else 'a standard'} queue named "  # type: ignore[attr-defined]
                                f"{queue_name!r}; FIFO queue names, and only those, end in .fifo.",
                      f"Rename the queue to {fixed!r}.",
                      quick_fix=QuickFix(f"Rename to {fixed}", lambda d, i=queue.id, x=fixed: set_node_fields(
                          d, i, props={"name": x})))
        rate = ctx.intent(queue, "msgs_per_s")
        batched = ctx.intent(queue, "batching")
        if p.fifo and rate and int(rate) > FIFO_RATE * (10 if batched else 1):  # type: ignore[attr-defined]
            yield hit(queue.id, f"{name(ctx, queue.id)} must carry {rate} messages/s, above FIFO's "
                                f"{FIFO_RATE * (10 if batched else 1)} msg/s{' with batching' if batched else ''}.",
                      f"Enable high-throughput FIFO on {name(ctx, queue.id)}, batch sends, or use several message "
                      "groups / queues.", severity="warning")


@rule("msg.fifo_multiple_consumers_without_groups", "warning", section="Data Ordering for Kinesis vs SQS FIFO",
      lines="§Data Ordering for Kinesis vs SQS FIFO L4168-4196", pillars=("performance",),
      summary="A FIFO queue without message group ids has more than one consumer")
def fifo_consumers_need_groups(ctx: RuleContext) -> Iterator[Hit]:
    """Without message groups a FIFO queue serves one consumer at a time; extra consumers sit idle."""
    for queue in _queues(ctx):
        consumers = _consumers(ctx, queue)
        if ctx.props(queue).fifo and not ctx.props(queue).message_groups and len(consumers) > 1:  # type: ignore[attr-defined]
            yield hit([queue.id, *consumers], f"{names(ctx, consumers)} consume the FIFO queue {name(ctx, queue.id)}, "
                                              "which has no message group ids, so only one of them works at a time.",
                      f"Send messages to {name(ctx, queue.id)} with message group ids (one group per ordered "
                      "stream), so the consumers can work in parallel.",
                      quick_fix=QuickFix("Use message groups", lambda d, i=queue.id: set_node_fields(
                          d, i, props={"message_groups": True})))


@rule("MSG-SQS-010", "error", pillars=("security", "reliability"))
def queue_policy_allows_topic(ctx: RuleContext) -> Iterator[Hit]:
    """An SQS queue subscribed to an SNS topic must allow the topic in its access policy."""
    for topic in ctx.index.of_kind("sns_topic"):
        for sub in ctx.props(topic).subscribers:  # type: ignore[attr-defined]
            queue = ctx.diagram.nodes.get(sub)
            if queue is None or queue.kind != "sqs_queue" or "allowed_publishers" not in queue.props:
                continue
            if topic.id not in ctx.props(queue).allowed_publishers:  # type: ignore[attr-defined]
                yield hit([topic.id, queue.id], f"{name(ctx, queue.id)} subscribes to {name(ctx, topic.id)} but its "
                                                "access policy does not let the topic send messages: they are dropped.",
                          f"Allow {name(ctx, topic.id)} (sqs:SendMessage) in the policy of {name(ctx, queue.id)}.",
                          quick_fix=QuickFix("Allow the topic", lambda d, q=queue.id, t=topic.id: set_node_fields(
                              d, q, props={"allowed_publishers": [*d.nodes[q].props.get("allowed_publishers", []),
                                                                   t]})))


@rule("MSG-SNS-001", "error", pillars=("reliability",))
def sns_subscriber_kinds(ctx: RuleContext) -> Iterator[Hit]:
    """SNS delivers to SQS, Lambda, Firehose, HTTP(S) endpoints, email, SMS and mobile push."""
    for topic in ctx.index.of_kind("sns_topic"):
        for sub in ctx.props(topic).subscribers:  # type: ignore[attr-defined]
            node = ctx.diagram.nodes.get(sub)
            if node is not None and node.kind not in SNS_SUBSCRIBER_KINDS:
                yield hit([topic.id, sub], f"{name(ctx, sub)} ({node.kind}) cannot subscribe to {name(ctx, topic.id)}; "
                                           "SNS delivers to SQS, Lambda, Firehose, HTTP(S), email, SMS and mobile push.",
                          f"Subscribe a Lambda function or SQS queue to {name(ctx, topic.id)} that writes to "
                          f"{name(ctx, sub)}.")


@rule("MSG-SNS-003", "error", pillars=("reliability",), aliases=("msg.sns_fifo_non_fifo_subscriber",))
def fifo_topic_subscribers(ctx: RuleContext) -> Iterator[Hit]:
    """A FIFO topic delivers only to SQS FIFO queues."""
    for topic in ctx.index.of_kind("sns_topic"):
        if not ctx.props(topic).fifo:  # type: ignore[attr-defined]
            continue
        for sub in ctx.props(topic).subscribers:  # type: ignore[attr-defined]
            node = ctx.diagram.nodes.get(sub)
            if node is None or (node.kind == "sqs_queue" and ctx.props(node).fifo):  # type: ignore[attr-defined]
                continue
            quick = QuickFix("Make the queue FIFO", lambda d, i=sub: _make_fifo(d, i)) if node.kind == "sqs_queue" \
                else None
            yield hit([topic.id, sub], f"{name(ctx, sub)} subscribes to the FIFO topic {name(ctx, topic.id)}, which "
                                       "delivers only to SQS FIFO queues.",
                      f"Subscribe an SQS FIFO queue instead of {name(ctx, sub)} (it can feed {name(ctx, sub)}).",
                      quick_fix=quick)


@rule("MSG-SNS-004", "warning", pillars=("reliability",))
def critical_subscriber_behind_queue(ctx: RuleContext) -> Iterator[Hit]:
    """SNS keeps nothing: a critical consumer should read from an SQS queue subscribed to the topic."""
    for topic in ctx.index.of_kind("sns_topic"):
        for sub in ctx.props(topic).subscribers:  # type: ignore[attr-defined]
            node = ctx.diagram.nodes.get(sub)
            if node is not None and node.kind != "sqs_queue" and ctx.intent(node, "critical"):
                yield hit([topic.id, sub], f"{name(ctx, sub)} is critical but receives {name(ctx, topic.id)} directly; "
                                           "messages it misses while down are lost.",
                          f"Subscribe an SQS queue to {name(ctx, topic.id)} and let {name(ctx, sub)} consume the queue "
                          "(fan-out).")


@rule("MSG-KDS-001", "error", pillars=("performance", "reliability"))
def stream_shards(ctx: RuleContext) -> Iterator[Hit]:
    """A shard ingests 1 MB/s or 1,000 records/s: a provisioned stream needs enough shards."""
    for stream in ctx.index.of_kind("kinesis_data_stream"):
        p = ctx.props(stream)
        if p.mode != "provisioned":  # type: ignore[attr-defined]
            continue
        mbps = float(ctx.intent(stream, "ingest_mbps") or 0)
        records = float(ctx.intent(stream, "records_per_s") or 0)
        needed = max(math.ceil(mbps), math.ceil(records / 1000))
        if needed > p.shards:  # type: ignore[attr-defined]
            load = " and ".join(x for x in (f"{mbps:g} MB/s" if mbps else "", f"{records:g} records/s" if records else "")
                                if x)
            yield hit(stream.id, f"{name(ctx, stream.id)} must take {load} but has {p.shards} shard(s); it needs "  # type: ignore[attr-defined]
                                 f"{needed}, so producers are throttled.",
                      f"Give {name(ctx, stream.id)} {needed} shards, or use on-demand mode.",
                      quick_fix=QuickFix(f"Use {needed} shards", lambda d, i=stream.id, k=needed: set_node_fields(
                          d, i, props={"shards": k})))


@rule("MSG-KDS-002", "error", pillars=("reliability",))
def stream_retention(ctx: RuleContext) -> Iterator[Hit]:
    """Kinesis Data Streams retain data from 24 hours to 365 days."""
    for stream in ctx.index.of_kind("kinesis_data_stream"):
        hours = ctx.props(stream).retention_h  # type: ignore[attr-defined]
        if not 24 <= hours <= 8760:
            fixed = min(max(hours, 24), 8760)
            yield hit(stream.id, f"{name(ctx, stream.id)} retains data for {hours} h; Kinesis allows 24 h to 365 days.",
                      f"Set the retention of {name(ctx, stream.id)} to {fixed} h.",
                      quick_fix=QuickFix(f"Retain {fixed} h", lambda d, i=stream.id, x=fixed: set_node_fields(
                          d, i, props={"retention_h": x})))


@rule("MSG-KDF-001", "error", pillars=("reliability",))
def firehose_destinations(ctx: RuleContext) -> Iterator[Hit]:
    """Firehose delivers to S3, Redshift (staged through S3), OpenSearch, partners or HTTP endpoints."""
    f = facts(ctx)
    for hose in ctx.index.of_kind("kinesis_firehose"):
        targets = [e.target for e in f.traffic_out(hose.id) if e.target in ctx.diagram.nodes]
        kinds = {ctx.diagram.nodes[t].kind for t in targets}
        wrong = [t for t in targets if ctx.diagram.nodes[t].kind not in FIREHOSE_DESTINATIONS]
        if wrong:
            yield hit([hose.id, *wrong], f"{name(ctx, hose.id)} delivers to {names(ctx, wrong)}, which Firehose cannot "
                                         "write to (S3, Redshift, OpenSearch, partners or HTTP endpoints only).",
                      f"Deliver to S3 and load {names(ctx, wrong)} from there, or use Kinesis Data Streams with a "
                      "consumer.")
        if "redshift" in kinds and "s3_bucket" not in kinds:
            yield hit(hose.id, f"{name(ctx, hose.id)} delivers to Redshift without an intermediate S3 bucket; Firehose "
                               "stages data in S3 and then runs COPY.",
                      f"Add the staging S3 bucket to the delivery of {name(ctx, hose.id)}.")


@rule("MSG-KDF-003", "warning", pillars=("performance",))
def firehose_is_near_real_time(ctx: RuleContext) -> Iterator[Hit]:
    """Firehose buffers (60 s or more) and cannot replay: real time or replay needs Data Streams."""
    for hose in ctx.index.of_kind("kinesis_firehose"):
        latency = ctx.intent(hose, "latency_s")
        if ctx.intent(hose, "replay") or (latency is not None and float(latency) < 60):
            yield hit(hose.id, f"{name(ctx, hose.id)} is expected to deliver in real time or to replay data, but "
                               "Firehose buffers for a minute or more and keeps nothing.",
                      f"Use Kinesis Data Streams (about 200 ms, replayable) where {name(ctx, hose.id)} is.")


@rule("MSG-KDA-001", "error", pillars=("reliability",))
def analytics_sources_and_sinks(ctx: RuleContext) -> Iterator[Hit]:
    """Kinesis Data Analytics (SQL) reads from and writes to Data Streams or Firehose."""
    f = facts(ctx)
    for app in ctx.index.of_kind("kinesis_analytics"):
        ends = [e.source for e in f.traffic_in(app.id)] + [e.target for e in f.traffic_out(app.id)]
        wrong = [x for x in ends if x in ctx.diagram.nodes and ctx.diagram.nodes[x].kind not in KDA_KINDS]
        if wrong:
            yield hit([app.id, *wrong], f"{name(ctx, app.id)} is wired to {names(ctx, wrong)}; Kinesis Data Analytics "
                                        "reads from and writes to Kinesis Data Streams or Firehose.",
                      f"Connect {name(ctx, app.id)} through a Kinesis data stream or Firehose.")


@rule("MSG-KDS-004", "error", pillars=("reliability",))
def stream_consumers(ctx: RuleContext) -> Iterator[Hit]:
    """Kinesis Data Streams are read by KCL/SDK apps, Lambda, Firehose or Analytics: stores need a consumer."""
    f = facts(ctx)
    for stream in ctx.index.of_kind("kinesis_data_stream"):
        stores = [e.target for e in f.traffic_out(stream.id) if e.target in ctx.diagram.nodes
                  and ctx.diagram.nodes[e.target].kind in STORE_KINDS]
        if stores:
            yield hit([stream.id, *stores], f"{name(ctx, stream.id)} is drawn writing into {names(ctx, stores)}, but a "
                                            "stream delivers nothing by itself: a consumer must read it.",
                      f"Put Kinesis Data Firehose (or a Lambda consumer) between {name(ctx, stream.id)} and "
                      f"{names(ctx, stores)}.")


@rule("MSG-KDF-002", "error", pillars=("reliability",))
def firehose_sources(ctx: RuleContext) -> Iterator[Hit]:
    """Firehose is fed by producers, Kinesis Data Streams, CloudWatch, IoT or SNS, not by queues or stores."""
    f = facts(ctx)
    for hose in ctx.index.of_kind("kinesis_firehose"):
        wrong = [e.source for e in f.traffic_in(hose.id) if e.source in ctx.diagram.nodes
                 and ctx.diagram.nodes[e.source].kind in (*STORE_KINDS, "sqs_queue", "kinesis_firehose")]
        if wrong:
            yield hit([hose.id, *wrong], f"{name(ctx, hose.id)} is drawn fed by {names(ctx, wrong)}, which push nothing "
                                         "by themselves; Firehose takes records from producers, Kinesis Data Streams, "
                                         "CloudWatch, IoT or SNS.",
                      f"Read {names(ctx, wrong)} with a Lambda function (or producer) that puts records into "
                      f"{name(ctx, hose.id)}.")


@rule("MSG-MQ-001", "warning", pillars=("operational_excellence", "performance"))
def mq_only_for_open_protocols(ctx: RuleContext) -> Iterator[Hit]:
    """Amazon MQ is for applications that speak MQTT, AMQP, STOMP, OpenWire or WSS; otherwise SQS/SNS scale better."""
    for broker in ctx.index.of_kind("amazon_mq"):
        protocols = {p.lower() for p in ctx.props(broker).protocols}  # type: ignore[attr-defined]
        if not protocols & OPEN_PROTOCOLS:
            yield hit(broker.id, f"{name(ctx, broker.id)} serves no open messaging protocol "
                                 f"({', '.join(sorted(protocols)) or 'none listed'}); Amazon MQ only pays off when "
                                 "migrating applications that speak MQTT, AMQP, STOMP, OpenWire or WSS.",
                      f"Use SQS (queues) or SNS (topics) instead of {name(ctx, broker.id)}: serverless and far more "
                      "scalable.")


@rule("MSG-MQ-002", "error", pillars=("reliability",))
def mq_active_standby_two_azs(ctx: RuleContext) -> Iterator[Hit]:
    """An active/standby broker pair runs in two AZs (with shared storage for failover)."""
    f = facts(ctx)
    for broker in ctx.index.of_kind("amazon_mq"):
        if ctx.props(broker).deployment != "active_standby":  # type: ignore[attr-defined]
            continue
        azs = f.azs_of(broker)
        if len(azs) != 2:
            yield hit(broker.id, f"{name(ctx, broker.id)} is an active/standby broker in {len(azs)} AZ(s); the pair "
                                 "needs exactly two subnets in two AZs.",
                      f"Give {name(ctx, broker.id)} one subnet in each of two AZs.")


@rule("MSG-SNS-002", "error", pillars=("reliability",))
def topic_subscription_quota(ctx: RuleContext) -> Iterator[Hit]:
    """A topic holds about 10-12.5 million subscriptions (the notes give both figures)."""
    for topic in ctx.index.of_kind("sns_topic"):
        wanted = int(ctx.intent(topic, "subscriptions") or 0) or len(ctx.props(topic).subscribers)  # type: ignore[attr-defined]
        if wanted > SNS_MAX_SUBSCRIPTIONS:
            yield hit(topic.id, f"{name(ctx, topic.id)} needs {wanted:,} subscriptions; a topic holds about 12.5 million.",
                      f"Shard the subscribers of {name(ctx, topic.id)} over several topics.")
        elif wanted > SNS_NOTES_SUBSCRIPTIONS:
            yield hit(topic.id, f"{name(ctx, topic.id)} needs {wanted:,} subscriptions, above the notes' 10 million "
                                "(they also say 12.5 million).",
                      "Check the current SNS quota; shard the topic if needed.", severity="warning")


@rule("MSG-CHOOSE-001", "info", pillars=("reliability", "performance"))
def replay_needs_kinesis(ctx: RuleContext) -> Iterator[Hit]:
    """Consumers that must replay data or read it in order per key need Kinesis, not SQS or SNS."""
    for node in ctx.index.of_kind("sqs_queue", "sns_topic"):
        if ctx.intent(node, "replay"):
            yield hit(node.id, f"{name(ctx, node.id)} must let consumers replay data, but "
                               f"{'SQS deletes messages once consumed' if node.kind == 'sqs_queue' else 'SNS keeps nothing'}.",
                      f"Use a Kinesis data stream (retention up to 365 days, replay, order per shard) instead of "
                      f"{name(ctx, node.id)}.")
