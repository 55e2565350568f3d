"""S3 rules (rules.md section 14) and the case studies' ``event.s3_recursion``.

A bucket carries its versioning, public-access, website, replication, logging, lifecycle and event
notification settings; notifications name their target node.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cloudwright.engine.document.edits import Batch, set_edge_fields, set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import edge_access, facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
IP_LIKE = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
NOTIFICATION_TARGETS = ("sns_topic", "sqs_queue", "lambda", "eventbridge")
CLASS_RANK = {"STANDARD": 0, "INTELLIGENT_TIERING": 1, "STANDARD_IA": 2, "ONEZONE_IA": 3, "GLACIER_IR": 4,
              "GLACIER": 5, "GLACIER_FLEXIBLE_RETRIEVAL": 5, "DEEP_ARCHIVE": 6}
GLACIER_CLASSES = ("GLACIER", "GLACIER_FLEXIBLE_RETRIEVAL", "DEEP_ARCHIVE")
KMS_QUOTA_PER_S = 5500
SINGLE_PUT_GB, NOTES_OBJECT_GB, MAX_OBJECT_GB = 5, 5000, 50000
MAX_OBJECT_TAGS = 10
#: Fastest retrieval, in minutes, of the archive classes (Glacier expedited 1-5 min, Deep Archive standard 12 h).
RETRIEVAL_MINUTES = {"GLACIER": 5, "GLACIER_FLEXIBLE_RETRIEVAL": 5, "DEEP_ARCHIVE": 720}


def _buckets(ctx: RuleContext) -> list[Node]:
    return ctx.index.of_kind("s3_bucket")


def _enable_versioning(*bucket_ids: str) -> QuickFix:
    return QuickFix("Enable versioning", lambda d, ids=bucket_ids: Batch(
        [set_node_fields(d, b, props={"versioning": True}) for b in ids], "Enable versioning"))


def _meant_public(ctx: RuleContext, bucket: Node) -> bool:
    p = ctx.props(bucket)
    return bool(p.public or p.website or ctx.intent(bucket, "public"))  # type: ignore[attr-defined]


@rule("S3-NAME-001", "error", pillars=("operational_excellence",))
def bucket_names(ctx: RuleContext) -> Iterator[Hit]:
    """Bucket names: 3-63 lowercase letters, digits, dots and hyphens, not an IP address, globally unique."""
    seen: dict[str, str] = {}
    for bucket in _buckets(ctx):
        bucket_name = ctx.props(bucket).name  # type: ignore[attr-defined]
        if not bucket_name:
            continue
        if not BUCKET_NAME.match(bucket_name) or IP_LIKE.match(bucket_name) or ".." in bucket_name:
            yield hit(bucket.id, f"The bucket name {bucket_name!r} of {name(ctx, bucket.id)} is not valid: use 3-63 "
                                 "lowercase letters, digits, dots and hyphens, starting and ending with a letter or "
                                 "digit, not shaped like an IP address.",
                      f"Rename {name(ctx, bucket.id)}, e.g. to {re.sub(r'[^a-z0-9.-]+', '-', bucket_name.lower())!r}.")
        if bucket_name in seen:
            yield hit([seen[bucket_name], bucket.id], f"{name(ctx, seen[bucket_name])} and {name(ctx, bucket.id)} "
                                                      f"share the bucket name {bucket_name!r}; names are global.",
                      f"Give {name(ctx, bucket.id)} a unique name.")
        seen.setdefault(bucket_name, bucket.id)


@rule("S3-VER-001", "warning", pillars=("reliability",))
def versioning_on(ctx: RuleContext) -> Iterator[Hit]:
    """Version buckets whose data matters (intent ``critical``): a delete or overwrite then keeps the old version."""
    for bucket in _buckets(ctx):
        if not ctx.props(bucket).versioning and ctx.intent(bucket, "critical"):  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} holds important data without versioning: an overwrite or "
                                 "delete loses the previous object for good.",
                      f"Enable versioning on {name(ctx, bucket.id)} (and a lifecycle rule for old versions).",
                      quick_fix=_enable_versioning(bucket.id))


@rule("S3-ENC-001", "error", pillars=("security",), aliases=("s3.ssec_requires_https",))
def ssec_over_https(ctx: RuleContext) -> Iterator[Hit]:
    """SSE-C sends the key with every request, so S3 accepts it over HTTPS only."""
    f = facts(ctx)
    for bucket in _buckets(ctx):
        if ctx.props(bucket).encryption != "sse-c":  # type: ignore[attr-defined]
            continue
        plain = [e.source for e in f.traffic_in(bucket.id)
                 if e.port is not None and e.port.contains(80) and not e.port.contains(443)]
        if plain:
            yield hit([bucket.id, *plain], f"Requests from {names(ctx, plain)} reach {name(ctx, bucket.id)} over HTTP, "
                                           "but the bucket uses SSE-C, which S3 refuses without HTTPS.",
                      f"Use HTTPS (443) from {names(ctx, plain)} to {name(ctx, bucket.id)}.")


@rule("S3-BPA-001", "warning", pillars=("security",))
def block_public_access(ctx: RuleContext) -> Iterator[Hit]:
    """Keep Block Public Access on unless the bucket is meant to be public; BPA on defeats a public policy."""
    for bucket in _buckets(ctx):
        p = ctx.props(bucket)
        if not p.block_public_access and not _meant_public(ctx, bucket):  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} has Block Public Access off although nothing says it must "
                                 "be public: one wrong policy would expose it.",
                      f"Turn Block Public Access on for {name(ctx, bucket.id)}.",
                      quick_fix=QuickFix("Turn Block Public Access on", lambda d, i=bucket.id: set_node_fields(
                          d, i, props={"block_public_access": True})))
        elif p.public and p.block_public_access:  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} is meant to be public, but Block Public Access is on, so "
                                 "its public policy has no effect (visitors get 403).",
                      f"Turn Block Public Access off for {name(ctx, bucket.id)} (only this bucket).",
                      quick_fix=QuickFix("Turn Block Public Access off", lambda d, i=bucket.id: set_node_fields(
                          d, i, props={"block_public_access": False})), severity="error")
        elif p.public and not p.block_public_access:  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} is public on purpose: everything in it is readable by "
                                 "anyone.", f"Keep only public content in {name(ctx, bucket.id)}.", severity="info")


@rule("S3-WEB-001", "error", pillars=("reliability",), aliases=("s3.website_forbidden",))
def website_is_public(ctx: RuleContext) -> Iterator[Hit]:
    """A static website bucket needs public reads and Block Public Access off, or visitors get 403."""
    for bucket in _buckets(ctx):
        p = ctx.props(bucket)
        if p.website and (p.block_public_access or not p.public):  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} hosts a website but its objects are not publicly readable "
                                 "(Block Public Access on or no public-read policy): visitors get 403.",
                      f"Turn Block Public Access off and allow public reads on {name(ctx, bucket.id)}, or serve it "
                      "privately through CloudFront with OAC instead of website hosting.",
                      quick_fix=QuickFix("Allow public reads", lambda d, i=bucket.id: set_node_fields(
                          d, i, props={"public": True, "block_public_access": False})))


@rule("S3-MFA-001", "error", pillars=("security",))
def mfa_delete_needs_versioning(ctx: RuleContext) -> Iterator[Hit]:
    """MFA Delete exists only on versioned buckets."""
    for bucket in _buckets(ctx):
        p = ctx.props(bucket)
        if p.mfa_delete and not p.versioning:  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} asks for MFA Delete without versioning; MFA Delete "
                                 "protects versions, so it needs versioning on.",
                      f"Enable versioning on {name(ctx, bucket.id)}.", quick_fix=_enable_versioning(bucket.id))


@rule("S3-LOG-001", "error", pillars=("operational_excellence", "cost"), aliases=("s3.logging_loop",))
def logging_not_to_itself(ctx: RuleContext) -> Iterator[Hit]:
    """Access logs written into the logged bucket create logs about logs, without end."""
    for bucket in _buckets(ctx):
        if ctx.props(bucket).logging_to == bucket.id:  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} writes its access logs into itself: every log write is "
                                 "logged again and the bucket grows without end.",
                      f"Send the access logs of {name(ctx, bucket.id)} to a separate logging bucket.",
                      quick_fix=QuickFix("Stop logging into itself", lambda d, i=bucket.id: set_node_fields(
                          d, i, props={"logging_to": None})))


@rule("S3-REP-001", "error", pillars=("reliability",))
def replication_needs_versioning(ctx: RuleContext) -> Iterator[Hit]:
    """Replication needs versioning on both source and destination."""
    for bucket in _buckets(ctx):
        target = ctx.props(bucket).replication_to  # type: ignore[attr-defined]
        if not target or target not in ctx.diagram.nodes:
            continue
        off = [b for b in (bucket.id, target) if not ctx.props(b).versioning]  # type: ignore[attr-defined]
        if off:
            yield hit([bucket.id, target], f"{name(ctx, bucket.id)} replicates to {name(ctx, target)}, but versioning "
                                           f"is off on {names(ctx, off)}; S3 replication needs it on both buckets.",
                      f"Enable versioning on {names(ctx, off)} before replicating.",
                      quick_fix=_enable_versioning(*off))


@rule("S3-REP-002", "warning", pillars=("reliability",), aliases=("s3.replication_chaining",))
def replication_does_not_chain(ctx: RuleContext) -> Iterator[Hit]:
    """A -> B -> C replication does not copy A's objects to C."""
    nodes = ctx.diagram.nodes
    for bucket in _buckets(ctx):
        middle = ctx.props(bucket).replication_to  # type: ignore[attr-defined]
        if not middle or middle not in nodes or middle == bucket.id:
            continue
        last = ctx.props(middle).replication_to  # type: ignore[attr-defined]
        if last and last in nodes and last not in (bucket.id, middle):
            yield hit([bucket.id, middle, last], f"{name(ctx, bucket.id)} replicates to {name(ctx, middle)}, which "
                                                 f"replicates to {name(ctx, last)}; replication does not chain, so "
                                                 f"objects of {name(ctx, bucket.id)} never reach {name(ctx, last)}.",
                      f"Replicate {name(ctx, bucket.id)} to {name(ctx, last)} directly if it needs those objects.")


@rule("S3-CLASS-001", "warning", pillars=("reliability",))
def one_zone_for_primary_data(ctx: RuleContext) -> Iterator[Hit]:
    """One Zone-IA loses the data with its AZ: not for the only copy."""
    for bucket in _buckets(ctx):
        if ctx.props(bucket).storage_class.upper() == "ONEZONE_IA" and ctx.intent(bucket, "primary_copy"):  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} keeps the primary copy of its data in One Zone-IA, which is "
                                 "lost if that AZ is.",
                      f"Use Standard-IA for {name(ctx, bucket.id)} (or keep One Zone-IA only for re-creatable data).",
                      quick_fix=QuickFix("Use Standard-IA", lambda d, i=bucket.id: set_node_fields(
                          d, i, props={"storage_class": "STANDARD_IA"})))


def _transitions(rules: list[dict]) -> Iterator[tuple[int, str, str]]:
    """(index, from_class, to_class) for every transition of a bucket's lifecycle list."""
    previous = None
    for i, entry in enumerate(rules):
        target = str(entry.get("to") or entry.get("transition") or "").upper()
        source = str(entry.get("from") or previous or "").upper()
        if target:
            if source:
                yield i, source, target
            previous = target


@rule("S3-LC-001", "error", pillars=("cost",), aliases=("s3.lifecycle_from_glacier",))
def no_lifecycle_out_of_glacier(ctx: RuleContext) -> Iterator[Hit]:
    """Lifecycle rules only move objects to colder classes; Glacier objects must be restored and copied."""
    for bucket in _buckets(ctx):
        for _, source, target in _transitions(ctx.props(bucket).lifecycle):  # type: ignore[attr-defined]
            if source in GLACIER_CLASSES and CLASS_RANK.get(target, 9) < CLASS_RANK[source]:
                yield hit(bucket.id, f"A lifecycle rule of {name(ctx, bucket.id)} moves objects from {source} back to "
                                     f"{target}; lifecycle transitions only go to colder classes.",
                          f"Remove that transition; restore and copy the objects of {name(ctx, bucket.id)} instead.")


@rule("S3-LC-002", "info", pillars=("cost",))
def noncurrent_rule_needs_versioning(ctx: RuleContext) -> Iterator[Hit]:
    """Rules on noncurrent versions only make sense on a versioned bucket."""
    for bucket in _buckets(ctx):
        p = ctx.props(bucket)
        if not p.versioning and any("noncurrent" in str(k).lower() for r in p.lifecycle for k in r):  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} has a lifecycle rule for noncurrent versions but no "
                                 "versioning, so there are none.",
                      f"Enable versioning on {name(ctx, bucket.id)}, or drop the noncurrent-version rule.",
                      quick_fix=_enable_versioning(bucket.id), severity="error")


@rule("S3-EVT-001", "error", pillars=("reliability",))
def notification_targets(ctx: RuleContext) -> Iterator[Hit]:
    """S3 event notifications go to SNS, SQS, Lambda or EventBridge."""
    for bucket in _buckets(ctx):
        for note in ctx.props(bucket).notifications:  # type: ignore[attr-defined]
            target = ctx.diagram.nodes.get(note.target)
            if target is not None and target.kind not in NOTIFICATION_TARGETS:
                yield hit([bucket.id, target.id], f"{name(ctx, bucket.id)} sends event notifications to "
                                                  f"{name(ctx, target.id)} ({target.kind}); S3 notifies only SNS, SQS, "
                                                  "Lambda or EventBridge.",
                          f"Notify an SQS queue, SNS topic or Lambda function that then calls {name(ctx, target.id)}.")


@rule("S3-EVT-002", "error", pillars=("reliability",), aliases=("event.duplicate_s3_rule",))
def no_overlapping_notifications(ctx: RuleContext) -> Iterator[Hit]:
    """Two notifications of one bucket cannot share an event type on overlapping prefixes: fan out with SNS."""
    for bucket in _buckets(ctx):
        notes = ctx.props(bucket).notifications  # type: ignore[attr-defined]
        for i, first in enumerate(notes):
            for second in notes[i + 1:]:
                shared = set(first.events) & set(second.events)
                overlap = first.prefix.startswith(second.prefix) or second.prefix.startswith(first.prefix)
                if shared and overlap:
                    yield hit([bucket.id, first.target, second.target],
                              f"{name(ctx, bucket.id)} has two notifications for {', '.join(sorted(shared))} on "
                              f"overlapping prefixes ({first.prefix or '/'} and {second.prefix or '/'}); S3 refuses "
                              "that.",
                              f"Send the event to one SNS topic and subscribe {name(ctx, first.target)} and "
                              f"{name(ctx, second.target)} to it (fan-out).")


@rule("S3-EVT-003", "error", pillars=("security", "reliability"))
def queue_policy_allows_bucket(ctx: RuleContext) -> Iterator[Hit]:
    """An SQS queue notified by S3 must allow the bucket in its access policy."""
    for bucket in _buckets(ctx):
        for note in ctx.props(bucket).notifications:  # type: ignore[attr-defined]
            queue = ctx.diagram.nodes.get(note.target)
            if queue is None or queue.kind != "sqs_queue" or "allowed_publishers" not in queue.props:
                continue
            if bucket.id not in ctx.props(queue).allowed_publishers:  # type: ignore[attr-defined]
                yield hit([bucket.id, queue.id], f"{name(ctx, bucket.id)} notifies {name(ctx, queue.id)}, whose access "
                                                 "policy does not allow the bucket to send messages.",
                          f"Allow {name(ctx, bucket.id)} in the access policy of {name(ctx, queue.id)}.",
                          quick_fix=QuickFix("Allow the bucket", lambda d, q=queue.id, b=bucket.id: set_node_fields(
                              d, q, props={"allowed_publishers": [*d.nodes[q].props.get("allowed_publishers", []),
                                                                   b]})))


@rule("S3-RP-001", "error", pillars=("cost", "security"), aliases=("s3.requester_pays_anonymous",))
def requester_pays_not_anonymous(ctx: RuleContext) -> Iterator[Hit]:
    """Requester Pays needs authenticated requesters: public or anonymous reads fail."""
    f = facts(ctx)
    for bucket in _buckets(ctx):
        if not ctx.props(bucket).requester_pays:  # type: ignore[attr-defined]
            continue
        anonymous = [e.source for e in f.traffic_in(bucket.id)
                     if e.source in ctx.diagram.nodes and ctx.diagram.nodes[e.source].kind in ("internet", "user")]
        if ctx.props(bucket).public or anonymous:  # type: ignore[attr-defined]
            yield hit([bucket.id, *anonymous], f"{name(ctx, bucket.id)} uses Requester Pays but is read anonymously; "
                                               "S3 must know whom to bill, so those requests fail.",
                      f"Let only authenticated AWS principals read {name(ctx, bucket.id)}, or turn Requester Pays off.")


@rule("event.s3_recursion", "error", section="S3 Event Notifications", lines="§S3 Event Notifications L3126-3137",
      summary="A function triggered by a bucket writes its output back into the same bucket (and prefix)",
      pillars=("cost", "reliability"))
def s3_trigger_writes_back(ctx: RuleContext) -> Iterator[Hit]:
    """A Lambda triggered by bucket X that writes into X (same prefix) triggers itself forever."""
    f = facts(ctx)
    for bucket in _buckets(ctx):
        triggered = {n.target: n.prefix for n in ctx.props(bucket).notifications  # type: ignore[attr-defined]
                     if n.target in ctx.diagram.nodes and ctx.diagram.nodes[n.target].kind == "lambda"}
        for edge in f.traffic_out(bucket.id):
            if edge.target in ctx.diagram.nodes and ctx.diagram.nodes[edge.target].kind == "lambda":
                triggered.setdefault(edge.target, "")
        for fn, prefix in triggered.items():
            for edge in f.traffic_out(fn):
                if edge.target != bucket.id or edge_access(edge) == "read":
                    continue
                out_prefix = edge.props.get("prefix")
                if out_prefix is not None and not str(out_prefix).startswith(prefix):
                    continue
                unsure = out_prefix is None and prefix != ""
                yield hit([bucket.id, fn], f"{name(ctx, fn)} is triggered by writes to {name(ctx, bucket.id)} and "
                                           "writes its output back there"
                                           + (" (under an unstated prefix), which may trigger it again"
                                              if unsure else ", which triggers it again") + ": an endless, costly loop.",
                          f"Write the output of {name(ctx, fn)} to another bucket, or under a prefix the trigger "
                          f"({prefix or 'the whole bucket'}) does not watch.",
                          severity="warning" if unsure else None)


@rule("S3-CORS-001", "error", pillars=("reliability",), aliases=("s3.cors_missing",))
def cors_on_target_bucket(ctx: RuleContext) -> Iterator[Hit]:
    """A page served from one origin that fetches from another bucket needs CORS on the target bucket.

    The fetch is a flow into the bucket whose ``cross_origin`` property names the page's origin.
    """
    for edge in ctx.diagram.edges.values():
        if not edge.props.get("cross_origin"):
            continue
        source, target = ctx.diagram.nodes.get(edge.source), ctx.diagram.nodes.get(edge.target)
        if source is None or target is None or target.kind != "s3_bucket":
            continue
        origin = str(edge.props["cross_origin"])
        allowed = ctx.props(target).cors_origins  # type: ignore[attr-defined]
        if origin not in allowed and "*" not in allowed:
            yield hit([target.id, source.id], f"Pages from {origin} fetch from {name(ctx, target.id)}, another "
                                              "origin, but its CORS configuration does not allow that origin: "
                                              "browsers block the requests.",
                      f"Add a CORS rule allowing {origin} on {name(ctx, target.id)} (the bucket being fetched from).",
                      quick_fix=QuickFix(f"Allow {origin} in CORS", lambda d, i=target.id, o=origin: set_node_fields(
                          d, i, props={"cors_origins": [*d.nodes[i].props.get("cors_origins", []), o]})))



@rule("S3-LOCK-001", "error", pillars=("security", "reliability"))
def object_lock_needs_versioning(ctx: RuleContext) -> Iterator[Hit]:
    """Object Lock protects object versions, so it needs versioning."""
    for bucket in _buckets(ctx):
        p = ctx.props(bucket)
        if p.object_lock and not p.versioning:  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} uses Object Lock without versioning; Object Lock works on "
                                 "object versions, so S3 requires versioning.",
                      f"Enable versioning on {name(ctx, bucket.id)}.", quick_fix=_enable_versioning(bucket.id))


@rule("S3-ENC-003", "warning", pillars=("performance",), aliases=("kms.quota_risk",))
def kms_request_quota(ctx: RuleContext) -> Iterator[Hit]:
    """Every SSE-KMS upload and download calls KMS, which has a regional request quota (5,500/s and up)."""
    for bucket in _buckets(ctx):
        rate = ctx.intent(bucket, "requests_per_s")
        if ctx.props(bucket).encryption == "sse-kms" and rate and float(rate) > KMS_QUOTA_PER_S:  # type: ignore[attr-defined]
            yield hit(bucket.id, f"{name(ctx, bucket.id)} expects {float(rate):g} requests/s with SSE-KMS; each one "
                                 "calls KMS, whose regional quota starts at 5,500 requests/s, so requests get throttled.",
                      f"Enable S3 Bucket Keys on {name(ctx, bucket.id)} (far fewer KMS calls), request a KMS quota "
                      "increase, or use SSE-S3.")


@rule("S3-EVT-004", "warning", pillars=("reliability",))
def every_write_event_needs_versioning(ctx: RuleContext) -> Iterator[Hit]:
    """Two simultaneous writes to one unversioned key may raise a single event."""
    for bucket in _buckets(ctx):
        p = ctx.props(bucket)
        if p.notifications and not p.versioning and ctx.intent(bucket, "every_write_triggers"):  # type: ignore[attr-defined]
            yield hit(bucket.id, f"Every write to {name(ctx, bucket.id)} must raise an event, but without versioning "
                                 "two simultaneous writes to one key can produce a single notification.",
                      f"Enable versioning on {name(ctx, bucket.id)}.", quick_fix=_enable_versioning(bucket.id))


@rule("S3-OBJ-001", "error", pillars=("reliability", "performance"), aliases=("s3.multipart_required",))
def object_size(ctx: RuleContext) -> Iterator[Hit]:
    """Objects are at most 50 TB today (the notes say 5 TB); uploads above 5 GB must be multipart."""
    f = facts(ctx)
    for bucket in _buckets(ctx):
        for edge in f.traffic_in(bucket.id):
            size_gb = float(edge.props.get("object_gb", 0) or 0)
            if size_gb > MAX_OBJECT_GB:
                yield hit([bucket.id, edge.source], f"{name(ctx, edge.source)} stores {size_gb:g} GB objects in "
                                                    f"{name(ctx, bucket.id)}; an S3 object is at most 50 TB.",
                          "Split the data into several objects.")
            elif size_gb > SINGLE_PUT_GB and not edge.props.get("multipart", False):
                yield hit([bucket.id, edge.source], f"{name(ctx, edge.source)} uploads {size_gb:g} GB objects to "
                                                    f"{name(ctx, bucket.id)} in a single PUT, which S3 refuses above "
                                                    "5 GB.",
                          "Use multipart upload (recommended above 100 MB).",
                          quick_fix=QuickFix("Use multipart upload", lambda d, i=edge.id: set_edge_fields(
                              d, i, props={**d.edges[i].props, "multipart": True})))
            elif size_gb > NOTES_OBJECT_GB:
                yield hit([bucket.id, edge.source], f"{name(ctx, edge.source)} stores {size_gb:g} GB objects, above the "
                                                    "notes' 5 TB; S3 accepts up to 50 TB today.",
                          "No change needed on current AWS.", severity="info")


@rule("S3-TAG-001", "error", pillars=("operational_excellence",))
def object_tag_limit(ctx: RuleContext) -> Iterator[Hit]:
    """An S3 object carries at most 10 tags."""
    f = facts(ctx)
    for bucket in _buckets(ctx):
        for edge in f.traffic_in(bucket.id):
            tags = int(edge.props.get("object_tags", 0) or 0)
            if tags > MAX_OBJECT_TAGS:
                yield hit([bucket.id, edge.source], f"{name(ctx, edge.source)} puts {tags} tags on objects of "
                                                    f"{name(ctx, bucket.id)}; an object takes at most 10.",
                          "Keep at most 10 tags per object (move the rest into object metadata or a database).")


@rule("S3-AN-001", "error", pillars=("cost",))
def storage_class_analysis_target(ctx: RuleContext) -> Iterator[Hit]:
    """Storage Class Analysis recommends moves from Standard to Standard-IA only."""
    for bucket in _buckets(ctx):
        target = str(bucket.props.get("analytics_target", "") or "").upper()
        if target and target != "STANDARD_IA":
            yield hit(bucket.id, f"{name(ctx, bucket.id)} expects Storage Class Analysis to recommend moves to {target}; "
                                 "it only advises on Standard to Standard-IA.",
                      f"Use S3 Intelligent-Tiering or your own access metrics to decide on {target} for "
                      f"{name(ctx, bucket.id)}.")


@rule("S3-CLASS-002", "info", pillars=("reliability", "cost"))
def archive_retrieval_fits_rto(ctx: RuleContext) -> Iterator[Hit]:
    """Glacier retrieves in minutes (expedited) to hours; Deep Archive in 12-48 h: the retrieval must fit the need."""
    for bucket in _buckets(ctx):
        need = ctx.intent(bucket, "retrieval_minutes")
        if need is None:
            continue
        for entry in ctx.props(bucket).lifecycle:  # type: ignore[attr-defined]
            target = str(entry.get("to") or entry.get("transition") or "").upper()
            fastest = RETRIEVAL_MINUTES.get(target)
            if fastest is not None and float(need) < fastest:
                yield hit(bucket.id, f"{name(ctx, bucket.id)} moves objects to {target}, whose fastest retrieval takes "
                                     f"about {fastest:g} minutes, but the data must be back within {float(need):g} "
                                     "minutes.",
                          f"Keep that data of {name(ctx, bucket.id)} in a class that retrieves in time (Standard-IA, "
                          "Glacier Instant Retrieval).", severity="warning")
