"""Write templates/s3/*.yaml and templates/hybrid/*.yaml: S3 patterns (Part G) and Snowball (Part H).

Not reviewed in the spec; checked against AWS before bundling:

* a static website bucket answers 403 until Block Public Access is off for it and a bucket policy allows
  s3:GetObject to everyone; the public stage is intended, so the "keep BPA on" advice does not apply;
* access logs go to a separate logging bucket (logging into the same bucket loops);
* replication needs versioning on both buckets and a role, replicates only new objects, and does not chain;
* Snowball imports into S3 only; a lifecycle rule then moves objects to a Glacier storage class.

Run ``/work/venv/bin/python templates/tools/build_s3_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_vpc_templates import region  # noqa: E402
from template_kit import Template, run  # noqa: E402
from vpc_layout import box, col, leaf, row, spacer  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
CERT = "acm:videos.example.com"
POLICY = "PublicRead: Allow * s3:GetObject arn:aws:s3:::examplebucket/*"


def g1_static_website() -> Template:
    t = Template("s3/static_website", "S3 static website with a public-read bucket policy",
                 "A bucket with index.html and static website hosting is served at its website endpoint. It answers "
                 "403 until Block Public Access is turned off for it and a bucket policy grants s3:GetObject to "
                 "everyone.",
                 "## S3 Websites 2721-2734, S3 Security and Bucket Policies 2651-2719", ["s3", "website"],
                 suppress=())
    t.layout(leaf("browser", "user", "Web browser"),
             region("reg", "us-east-1", leaf("bucket", "s3_bucket", "examplebucket (website)", website=True,
                                             public=True, block_public_access=False, index_document="index.html",
                                             bucket_policy=POLICY, intent={"public": True})))
    t.flow("browser", "bucket", None, label="GET website endpoint")
    t.stage("Website hosting on, bucket still private", "Block Public Access is on and no policy grants reads: the "
            "endpoint answers 403 Forbidden.", exhibits=("s3.website_forbidden",),
            overrides={"bucket": {"props": {"public": False, "block_public_access": True, "bucket_policy": None}}})
    t.stage("Public-read policy", "With Block Public Access off for this bucket and the PublicRead policy, the "
            "site answers 200. Make a bucket public only on purpose, as here.", fixes=("s3.website_forbidden",))
    return t


def g3_access_logs() -> Template:
    t = Template("s3/access_logs", "S3 server access logs",
                 "Every request to a monitored bucket, from any account, allowed or denied, is logged into a separate "
                 "logging bucket that Athena can query. Logging into the monitored bucket itself loops: each log "
                 "write is logged again.",
                 "## S3 Access Logs, lines 2866-2877", ["s3", "logging", "athena"], suppress=())
    t.layout(leaf("requester", "user", "Requesters"),
             region("reg", "us-east-1", row(
                 leaf("monitored", "s3_bucket", "my-app-bucket", logging_to="logbucket"),
                 col(leaf("logbucket", "s3_bucket", "my-log-bucket", acl="log delivery group may write"),
                     leaf("athena", "athena", "Athena"), gap=40), gap=96, align="center")))
    t.only(1, "logbucket", "athena")
    t.flow("requester", "monitored", None, label="any request")
    t.rel("monitored", "logbucket", "log delivery", only=1)
    t.rel("athena", "logbucket", "query", only=1)
    t.stage("Logs in a separate bucket", "Requests to my-app-bucket are logged into my-log-bucket and analysed with "
            "Athena.", passes=("s3.logging_loop",))
    t.stage("Logging into itself", "The bucket logs into itself: every log object written is a new request to log, "
            "and the bucket grows without end.", exhibits=("s3.logging_loop",),
            overrides={"monitored": {"props": {"logging_to": "monitored"}}})
    return t


def g4_replication() -> Template:
    t = Template("s3/replication", "S3 replication (cross-region and same-region)",
                 "Asynchronous replication needs versioning on both buckets and an IAM role, and may cross accounts. "
                 "Only new objects are replicated, deletes with a version id are not, and replication does not "
                 "chain: A to B to C never brings A's objects to C.",
                 "## S3 Replication (Cross Region and Same Region), lines 2879-2902", ["s3", "replication"],
                 suppress=())
    t.layout(
        leaf("role", "iam_role", "replication role"),
        col(region("eu", "eu-west-1", row(
                leaf("src", "s3_bucket", "source bucket", versioning=True, replication_to="dst",
                     replication_role="role"),
                leaf("logs1", "s3_bucket", "log bucket (prod)", versioning=True, replication_to="logs2"),
                leaf("logs2", "s3_bucket", "aggregated logs (SRR)", versioning=True, replication_to="logs3"),
                leaf("logs3", "s3_bucket", "test-account copy", versioning=True), gap=64)),
            region("us", "us-east-1", box("accB", "account", "Account B",
                                          leaf("dst", "s3_bucket", "destination bucket (CRR)", versioning=True))),
            gap=48, align="center"))
    t.only(1, "src", "us", "accB", "dst")
    t.only(2, "logs1", "logs2", "logs3")
    t.rel("src", "dst", "CRR (async, uses the role)", only=1)
    t.rel("logs1", "logs2", "SRR", only=2)
    t.rel("logs2", "logs3", "SRR (logs1's objects do not arrive)", only=2)
    t.stage("Cross-region, cross-account", "New objects of the versioned source bucket in eu-west-1 are copied "
            "to Account B's versioned bucket in us-east-1.", passes=("s3.replication_requires_versioning",))
    t.stage("Same-region chain", "Logs are aggregated into one bucket, which is replicated again to a test "
            "account: objects arriving by replication are not replicated onwards.",
            exhibits=("s3.replication_chaining",))
    t.variant("Versioning off on the destination", "Replication refuses a destination without versioning.",
              overrides={"dst": {"props": {"versioning": False}}}, exhibits=("s3.replication_requires_versioning",))
    return t


def h1_snowball() -> Template:
    t = Template("hybrid/snowball_into_glacier", "Snowball into Glacier",
                 "Snowball cannot import straight into Glacier: the data lands in an S3 bucket, and a lifecycle "
                 "rule then moves it to a Glacier storage class.",
                 "## Architecture: Snowball into Glacier, lines 3515-3523", ["storage", "snowball", "glacier"],
                 suppress=())
    t.layout(
        box("dc", "corporate_dc", "Corporate data center", leaf("data", "on_prem_server", "archive data"),
            leaf("snowball", "snowball", "Snowball Edge"), flow="col", cidrs=["192.168.0.0/16"]),
        region("reg", "us-east-1", row(
            leaf("bucket", "s3_bucket", "import bucket", lifecycle=[{"transition_days": 0, "to": "GLACIER"}]),
            leaf("glacier", "glacier_vault", "S3 Glacier", storage_class="GLACIER"), gap=96)))
    t.rel("data", "snowball", "copy on site")
    t.rel("snowball", "bucket", "import (shipped)")
    t.rel("bucket", "glacier", "lifecycle: transition to Glacier", only=2)
    t.stage("Straight into Glacier (wrong)", "The plan ships the device for import into Glacier, which Snowball "
            "cannot do.", exhibits=("data.snowball_direct_to_glacier",),
            overrides={"snowball~bucket": {"to": "glacier", "label": "import into Glacier?"}})
    t.stage("Into S3, then a lifecycle rule", "The device is imported into S3; the lifecycle rule moves the objects "
            "to Glacier.", fixes=("data.snowball_direct_to_glacier",))
    return t


def g2_cors() -> Template:
    t = Template("s3/cors", "S3 CORS between two website buckets",
                 "A page from the origin bucket fetches coffee.jpg from a second bucket, a different origin. The "
                 "browser first sends a pre-flight request, and the cross-origin bucket must answer with CORS "
                 "headers naming the first origin (or *).",
                 "## S3 CORS, lines 2736-2774", ["s3", "cors", "website"], suppress=())
    origin = "http://my-bucket-html.s3-website-us-east-1.amazonaws.com"
    t.layout(leaf("browser", "user", "Web browser"),
             region("reg", "us-east-1", row(
                 leaf("origin", "s3_bucket", "my-bucket-html (origin)", website=True, public=True,
                      block_public_access=False, index_document="index.html", intent={"public": True}),
                 leaf("xorigin", "s3_bucket", "my-bucket-assets (cross-origin)", website=True, public=True,
                      block_public_access=False, cors_origins=[origin], intent={"public": True}), gap=96)))
    t.flow("browser", "origin", None, label="GET index.html")
    t.flow("browser", "xorigin", None, label="pre-flight, then GET coffee.jpg", cross_origin=origin)
    t.stage("CORS on the assets bucket", "The assets bucket's CORS rule allows GET from the HTML bucket's website "
            "origin, so the browser shows the image.", passes=("s3.cors_missing",))
    t.variant("CORS rule on the wrong bucket", "The rule belongs on the bucket being fetched from, not on the page's "
              "own bucket.", overrides={"xorigin": {"props": {"cors_origins": []}},
                                        "origin": {"props": {"cors_origins": [origin]}}},
              exhibits=("s3.cors_missing",))
    return t


def g6_lifecycle() -> Template:
    t = Template("s3/lifecycle", "S3 lifecycle rules",
                 "Transition and expiration rules by prefix or tag. Scenario 1: thumbnails in One Zone-IA expire "
                 "after 45 days, source photos move to Glacier after 45 days. Scenario 2: in a versioned bucket, "
                 "noncurrent versions move to Standard-IA, then to Glacier Deep Archive, and expire after a year. "
                 "Lifecycle only moves objects to colder classes. (The thumbnail app of scenario 1 is left out.)",
                 "## S3 Lifecycle Rules, lines 3001-3036", ["s3", "lifecycle", "storage-classes"], suppress=())
    t.layout(region("reg", "us-east-1", col(
        row(leaf("src", "s3_bucket", "profile-photos (source)",
                 lifecycle=[{"prefix": "", "transition_days": 45, "to": "GLACIER"}]),
            leaf("glacier", "glacier_vault", "Glacier (storage class)", storage_class="GLACIER"),
            leaf("thumbs", "s3_bucket", "thumbnails", storage_class="ONEZONE_IA",
                 lifecycle=[{"expiration_days": 45}]), gap=96),
        row(leaf("vbucket", "s3_bucket", "company data (versioned)", versioning=True,
                 lifecycle=[{"noncurrent_transition_days": 15, "to": "STANDARD_IA"},
                            {"noncurrent_transition_days": 30, "to": "DEEP_ARCHIVE"},
                            {"noncurrent_expiration_days": 365}]),
            leaf("deep", "glacier_vault", "Glacier Deep Archive (class)", storage_class="DEEP_ARCHIVE"), gap=96),
        gap=48)))
    t.only(1, "src", "glacier", "thumbs")
    t.only(2, "vbucket", "deep")
    t.rel("src", "glacier", "after 45 days", only=1)
    t.rel("vbucket", "deep", "noncurrent versions after 30 days", only=2)
    t.stage("Photos and thumbnails", "Thumbnails can be re-created, so One Zone-IA and a 45-day expiry are enough; "
            "source photos go to Glacier after 45 days.", passes=("s3.lifecycle_from_glacier",))
    t.stage("Versioned company data", "Deleted or overwritten versions stay recoverable at once for 15 days "
            "(Standard-IA), then within 48 hours (Deep Archive) until they expire after 365 days.",
            passes=("s3.lifecycle_from_glacier",))
    t.variant("Back from Glacier by lifecycle", "A lifecycle rule cannot move objects out of Glacier: restore and "
              "copy them instead.", overrides={"src": {"props": {"lifecycle": [
                  {"transition_days": 45, "to": "GLACIER"}, {"transition_days": 90, "to": "STANDARD_IA"}]}}},
              exhibits=("s3.lifecycle_from_glacier",))
    return t


def g8_requester_pays() -> Template:
    t = Template("s3/requester_pays", "S3 Requester Pays",
                 "Normally the bucket owner pays for storage and data transfer. With Requester Pays an "
                 "authenticated requester pays for its own requests and downloads, which suits sharing large "
                 "datasets; anonymous requests are refused.",
                 "## S3 Requester Pays, lines 3139-3153", ["s3", "cost", "multi-account"], suppress=())
    t.layout(
        box("accR", "account", "Requester account", leaf("req", "iam_user", "requester (authenticated)")),
        box("accO", "account", "Bucket owner account", leaf("bucket", "s3_bucket", "large-dataset",
                                                            requester_pays=True)),
        leaf("anon", "user", "anonymous user"))
    t.only((), "anon")
    t.flow("req", "bucket", None, label="GET (x-amz-request-payer)")
    t.stage("Owner pays", "The owner is billed for every download by the requester.",
            overrides={"bucket": {"props": {"requester_pays": False}}}, passes=("s3.requester_pays_anonymous",))
    t.stage("Requester pays", "The requester's account is billed for its requests and downloads.",
            passes=("s3.requester_pays_anonymous",))
    t.variant("Anonymous reader", "Requester Pays needs an authenticated requester to bill.", stage=2,
              show=("anon", "anon-bucket"), exhibits=("s3.requester_pays_anonymous",))
    t.flow("anon", "bucket", None, label="anonymous GET", only=())
    return t


def h3_storage_gateway() -> Template:
    t = Template("hybrid/storage_gateway", "Storage Gateway: file, volume and tape",
                 "A hybrid bridge from on premises to S3. File Gateway exposes buckets over NFS/SMB with a local "
                 "cache and AD integration; Volume Gateway offers iSCSI volumes (cached or stored) backed up as EBS "
                 "snapshots; Tape Gateway is a virtual tape library in S3 and Glacier for existing backup software. "
                 "Without on-premises virtualisation, order the hardware appliance.",
                 "## Storage Gateway Overview, lines 3525-3606", ["storage", "storage-gateway", "hybrid"],
                 suppress=())
    t.layout(
        box("dc", "corporate_dc", "Corporate data center",
            row(leaf("app", "on_prem_server", "application server"), leaf("ad", "active_directory",
                                                                          "Active Directory"), gap=40),
            row(leaf("backup", "backup_server", "tape backup server"), spacer(96, 96), gap=40),
            row(leaf("fgw", "storage_gateway", "File Gateway", mode="file", cache="recent files"),
                leaf("vgw_sg", "storage_gateway", "Volume Gateway (cached)", mode="volume"),
                leaf("tgw_sg", "storage_gateway", "Tape Gateway (VTL)", mode="tape"), gap=40),
            flow="col", cidrs=["192.168.0.0/16"]),
        region("reg", "us-east-1", col(
            row(leaf("s3_std", "s3_bucket", "file share bucket"), leaf("s3_vol", "s3_bucket", "volume storage (S3)"),
                leaf("ebs_snap", "ebs_snapshot", "EBS snapshots"), gap=40),
            row(leaf("s3_tape", "s3_bucket", "virtual tapes (S3)"), leaf("glacier", "glacier_vault",
                                                                       "tape archive (Glacier)"), gap=40),
            gap=40)))
    t.only((1, 2), "app")
    t.only(1, "ad", "fgw", "s3_std")
    t.only(2, "vgw_sg", "s3_vol", "ebs_snap")
    t.only(3, "backup", "tgw_sg", "s3_tape", "glacier")
    t.flow("app", "fgw", None, label="NFS / SMB", only=1)
    t.rel("ad", "fgw", "user authentication")
    t.flow("fgw", "s3_std", None, label="HTTPS")
    t.flow("app", "vgw_sg", None, label="iSCSI", only=2)
    t.flow("vgw_sg", "s3_vol", None, label="HTTPS backup")
    t.rel("s3_vol", "ebs_snap", "stored as EBS snapshots")
    t.flow("backup", "tgw_sg", None, label="iSCSI VTL")
    t.flow("tgw_sg", "s3_tape", None, label="HTTPS")
    t.rel("s3_tape", "glacier", "archived tapes")
    t.stage("File Gateway", "On-premises servers mount S3 buckets as NFS/SMB shares; recent files stay cached "
            "locally and users authenticate against Active Directory.")
    t.stage("Volume Gateway", "Block volumes over iSCSI, backed by S3 and snapshotted as EBS snapshots that can be "
            "restored on premises or in AWS.")
    t.stage("Tape Gateway", "Existing backup software writes to virtual tapes in S3, archived to Glacier.")
    return t


def i5_dlq() -> Template:
    t = Template("msg/sqs_dlq", "SQS dead-letter queue",
                 "A message that keeps failing returns to the queue after each visibility timeout; after "
                 "maxReceiveCount receives (3 here, proposed) SQS moves it to a dead-letter queue, whose retention "
                 "should be at least the source's so nothing expires before someone looks. The producer and "
                 "consumer are drawn as Lambda functions.",
                 "## SQS - Dead Letter Queues 3848-3864 (visibility timeout 3831-3846)", ["messaging", "sqs", "dlq"],
                 suppress=())
    t.layout(
        col(leaf("producer_role", "iam_role", "producer role (SQS)"), leaf("consumer_role", "iam_role",
                                                                         "consumer role (SQS)"), gap=40),
        region("reg", "us-east-1", row(
            leaf("producer", "lambda", "producer", role="producer_role"),
            col(leaf("q", "sqs_queue", "main queue", visibility_timeout_s=30, dead_letter_queue="dlq",
                     max_receives=3, retention_s=345600),
                leaf("dlq", "sqs_queue", "main-dlq", retention_s=1209600), gap=48),
            leaf("consumer", "lambda", "consumer", role="consumer_role"), gap=96, align="center")))
    t.flow("producer", "q", 443, label="SendMessage")
    t.flow("consumer", "q", 443, label="ReceiveMessage (fails)", access="read")
    t.rel("q", "dlq", "redrive after 3 receives")
    t.stage("Poison messages set aside", "A message the consumer cannot process is retried three times, then moved "
            "to main-dlq, which keeps it for 14 days for inspection and redrive.",
            passes=("msg.dlq_retention_short",))
    t.variant("DLQ keeps messages for less time", "A 1-day DLQ loses failed messages that the 4-day queue would "
              "still have kept.", overrides={"dlq": {"props": {"retention_s": 86400}}},
              exhibits=("msg.dlq_retention_short",))
    return t


def i7_delay_fifo() -> Template:
    t = Template("msg/sqs_delay_fifo", "SQS delay queue and FIFO queue",
                 "A delay queue hides new messages for a while (30 s in the notes' example) before consumers can "
                 "see them. A FIFO queue, whose name ends in .fifo, delivers in order and exactly once, with "
                 "deduplication, at up to 300 messages per second per action (3,000 batched). The producer and "
                 "consumer are drawn as Lambda functions.",
                 "## SQS - Delay Queues 3885-3894; ## SQS - FIFO Queues 3896-3908", ["messaging", "sqs", "fifo"],
                 suppress=())
    t.layout(
        col(leaf("producer_role", "iam_role", "producer role (SQS)"), leaf("consumer_role", "iam_role",
                                                                         "consumer role (SQS)"), gap=40),
        region("reg", "us-east-1", row(
            leaf("producer", "lambda", "producer", role="producer_role"),
            col(leaf("dq", "sqs_queue", "delayed-queue", delay_s=30, name="delayed-queue"),
                leaf("fq", "sqs_queue", "DemoQueue.fifo", fifo=True, name="DemoQueue.fifo",
                     content_based_dedup=True), gap=48),
            leaf("consumer", "lambda", "consumer", role="consumer_role"), gap=96, align="center")))
    t.only(1, "dq")
    t.only(2, "fq")
    t.flow("producer", "dq", 443, label="send (hidden for 30 s)")
    t.flow("consumer", "dq", 443, label="receive after the delay", access="read")
    t.flow("producer", "fq", 443, label="send 1, 2, 3, 4")
    t.flow("consumer", "fq", 443, label="receive 1, 2, 3, 4 in order", access="read")
    t.stage("Delay queue", "Messages stay invisible for 30 seconds after they are sent.",
            passes=("msg.fifo_name_suffix",))
    t.stage("FIFO queue", "Messages come out in the order they went in, each exactly once.",
            passes=("msg.fifo_name_suffix",))
    t.variant("FIFO queue without the .fifo suffix", "AWS requires FIFO queue names to end in .fifo.", stage=2,
              overrides={"fq": {"label": "DemoQueue", "props": {"name": "DemoQueue"}}},
              exhibits=("msg.fifo_name_suffix",))
    return t


def _services_region(services: list[tuple[str, str]], endpoints: list[str], right: object) -> object:
    """EC2 services in a private subnet reaching SNS/SQS through interface endpoints (private DNS on)."""
    from build_vpc_templates import ec2, sg, tcp
    from vpc_layout import az, subnet, vpc

    leaves = [ec2(i, label, ["svc_sg"], iam_role="svc_role") for i, label in services]
    leaves += [leaf(f"ep_{svc}", "vpc_endpoint_interface", f"{svc.upper()} endpoint", service=svc,
                    subnets=["priv_a"], security_groups=["ep_sg"], private_dns=True) for svc in endpoints]
    return region("reg", "us-east-1", vpc(
        "vpc", "services-vpc", [az("az_a", "us-east-1a", subnet("priv_a", "private", "10.0.16.0/20", "private",
                                                               *leaves, per_row=3))],
        plumbing=[sg("svc_sg", "services-sg"), sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16"))],
        cidr="10.0.0.0/16", enable_dns_hostnames=True), right)


def i9_sns_sqs_fanout() -> Template:
    t = Template("msg/sns_sqs_fanout", "SNS + SQS fan-out",
                 "Publish once to SNS and every subscribed SQS queue gets its own copy (fraud queue, shipping "
                 "queue): persistence, delayed processing and retries, and queues can be added later. Each queue's "
                 "access policy must let the topic write. The services reach SNS and SQS through interface "
                 "endpoints.",
                 "## SNS and SQS - Fan Out Pattern, lines 3991-4004", ["messaging", "sns", "sqs", "fan-out"],
                 suppress=(("avail.single_instance_spof", "each instance stands for a service fleet"),
                           ("avail.single_az", "each instance stands for a service fleet")))
    t.layout(leaf("svc_role", "iam_role", "services role (SNS, SQS)"), _services_region(
        [("buy", "buying service"), ("fraud", "fraud service"), ("ship", "shipping service")], ["sns", "sqs"],
        col(leaf("topic", "sns_topic", "orders-topic", subscribers=["q_fraud", "q_ship"]),
            leaf("q_fraud", "sqs_queue", "fraud-queue", allowed_publishers=["topic"]),
            leaf("q_ship", "sqs_queue", "shipping-queue", allowed_publishers=["topic"]), gap=40)))
    t.flow("buy", "topic", 443, label="Publish")
    t.rel("topic", "q_fraud", "subscription")
    t.rel("topic", "q_ship", "subscription")
    t.flow("fraud", "q_fraud", 443, label="poll", access="read")
    t.flow("ship", "q_ship", 443, label="poll", access="read")
    t.stage("One publish, two queues", "The buying service publishes each order once; the fraud and shipping "
            "services read their own queue at their own pace.", passes=("msg.queue_policy_missing_publisher",))
    t.variant("Queue policy without the topic", "SNS cannot deliver to a queue whose policy does not allow it.",
              overrides={"q_ship": {"props": {"allowed_publishers": []}}}, exhibits=("MSG-SQS-010",))
    return t


def i12_sns_filtering() -> Template:
    t = Template("msg/sns_filtering", "SNS message filtering",
                 "A JSON filter policy on a subscription (for example state = placed) limits what that queue "
                 "receives; a subscription without a filter gets everything. The buying service reaches SNS "
                 "through an interface endpoint.",
                 "## SNS and SQS - Fan Out Pattern: SNS - Message Filtering, lines 4028-4035",
                 ["messaging", "sns", "filtering"],
                 suppress=(("avail.single_instance_spof", "the instance stands for a service fleet"),
                           ("avail.single_az", "the instance stands for a service fleet")))
    filters = {"q_placed": ["placed"], "q_cancel": ["cancelled"], "email": ["declined"]}
    t.layout(col(leaf("svc_role", "iam_role", "services role (SNS)"), leaf("email", "email_recipient",
                                                                           "declined-orders email"), gap=40),
             _services_region(
                 [("buy", "buying service")], ["sns"],
                 col(leaf("topic", "sns_topic", "orders-topic", subscribers=["q_placed", "q_cancel", "q_all", "email"],
                          filter_policies={k: {"state": v} for k, v in filters.items()}),
                     leaf("q_placed", "sqs_queue", "placed-orders", allowed_publishers=["topic"]),
                     leaf("q_cancel", "sqs_queue", "cancelled-orders", allowed_publishers=["topic"]),
                     leaf("q_all", "sqs_queue", "all-orders", allowed_publishers=["topic"]), gap=32)))
    t.flow("buy", "topic", 443, label="Publish {state: ...}")
    for target, states in filters.items():
        t.rel("topic", target, f"filter state = {states[0]}")
    t.rel("topic", "q_all", "no filter: everything")
    t.stage("Filtered subscriptions", "Placed orders reach placed-orders, cancelled ones cancelled-orders, declined "
            "ones the email; all-orders has no filter and gets every message.")
    return t


def i10_s3_event_fanout() -> Template:
    t = Template("msg/s3_event_fanout", "S3 events fanned out through SNS",
                 "S3 allows only one notification per event type and prefix. To deliver the same event to several "
                 "consumers, notify one SNS topic and subscribe the SQS queues (and a Lambda function) to it; each "
                 "queue's access policy must let the topic send.",
                 "## SNS and SQS - Fan Out Pattern: S3 Events to multiple queues, lines 4006-4012",
                 ["messaging", "s3", "sns", "sqs", "fan-out"], suppress=())
    created = ["s3:ObjectCreated:*"]
    t.layout(
        leaf("fn_role", "iam_role", "function role"),
        region("reg", "us-east-1", row(
            leaf("bucket", "s3_bucket", "media bucket",
                 notifications=[{"events": created, "prefix": "images/", "target": "topic"}]),
            leaf("topic", "sns_topic", "s3-events", subscribers=["q1", "q2", "fn"]),
            col(leaf("q1", "sqs_queue", "queue 1", allowed_publishers=["topic"]),
                leaf("q2", "sqs_queue", "queue 2", allowed_publishers=["topic"]),
                leaf("fn", "lambda", "function", role="fn_role"), gap=40), gap=96, align="center")))
    t.only(2, "topic", "fn")
    t.rel("bucket", "topic", "one rule: ObjectCreated images/", only=2)
    for target in ("q1", "q2", "fn"):
        t.rel("topic", target, "fan-out", only=2)
    t.rel("bucket", "q1", "rule A", only=1)
    t.rel("bucket", "q2", "rule B (same type and prefix)", only=1)
    t.stage("Two rules for one event (refused)", "Two notifications for ObjectCreated on images/ overlap: S3 "
            "refuses the second.", exhibits=("event.duplicate_s3_rule",),
            overrides={"bucket": {"props": {"notifications": [
                {"events": created, "prefix": "images/", "target": "q1"},
                {"events": created, "prefix": "images/", "target": "q2"}]}},
                "q1": {"props": {"allowed_publishers": ["bucket"]}}, "q2": {"props": {"allowed_publishers": ["bucket"]}}})
    t.stage("Fan-out through SNS", "One notification to the topic; both queues and the function subscribe and each "
            "gets its own copy of every event.", fixes=("event.duplicate_s3_rule",))
    return t


def g5_presigned_url() -> Template:
    from build_vpc_templates import ANY, ec2, route, rt, sg, tcp
    from vpc_layout import az, subnet, vpc

    t = Template("s3/presigned_url", "S3 pre-signed URLs",
                 "An application whose role may read and write a private bucket signs a URL that expires (3600 s "
                 "by default, set with --expires-in; at most 7 days with an IAM user's keys, no longer than the "
                 "role session when signed with a role). Whoever holds the URL gets the signer's GET or PUT on that "
                 "one object: premium downloads, one-off uploads.",
                 "## S3 Pre-signed URLs, lines 2904-2917", ["s3", "presigned-url", "security"],
                 suppress=(("avail.single_instance_spof", "the instance stands for any signing application"),
                           ("avail.single_az", "the instance stands for any signing application")))
    t.layout(
        col(leaf("user", "user", "logged-in user"), leaf("app_role", "iam_role", "app role (S3 read/write)"),
            gap=48),
        region("reg", "us-east-1", vpc(
            "vpc", "app-vpc",
            [az("az_a", "us-east-1a", subnet("pub_a", "public", "10.0.0.0/24", "public",
                                             ec2("app", "application (signer)", ["app_sg"], elastic_ip=True,
                                                 iam_role="app_role")))],
            plumbing=[leaf("igw", "igw", "IGW"), rt("rt", "public route table", [route(ANY, "igw")], ["pub_a"]),
                      sg("app_sg", "app-sg", tcp(443, ANY))], rows_per_column=3, cidr="10.0.0.0/16"),
            leaf("bucket", "s3_bucket", "private bucket", block_public_access=True)))
    t.flow("user", "app", 443, label="ask for a link; get a URL valid 3600 s")
    t.flow("user", "bucket", 443, label="GET/PUT with the URL")
    t.stage("Time-limited links", "The bucket stays private; the user reaches one object with a signed URL that "
            "stops working after an hour.", passes=("s3.public_bucket",))
    return t


def g7_event_notifications() -> Template:
    created, removed = ["s3:ObjectCreated:*"], ["s3:ObjectRemoved:*"]
    t = Template("s3/event_notifications", "S3 event notifications to SNS, SQS and Lambda",
                 "Events (ObjectCreated, ObjectRemoved, ObjectRestore, Replication), filtered by key prefix and "
                 "suffix, go to an SNS topic, an SQS queue or a Lambda function, usually within seconds; each "
                 "target's resource policy must allow S3. Versioning makes every write raise its event. Corrected "
                 "from the spec: its '*.jpg' rule had no prefix, so it overlapped the 'videos/' rule for the same "
                 "event type and S3 would refuse the configuration; the .jpg rule is scoped to images/ here.",
                 "## S3 Event Notifications 3116-3137; SQS queue access policy 3825-3829",
                 ["s3", "events", "sns", "sqs", "lambda"], suppress=())
    t.layout(
        col(leaf("uploader", "user", "uploader"), leaf("fn_role", "iam_role", "thumbnail role"), gap=48),
        region("reg", "us-east-1", row(
            leaf("bucket", "s3_bucket", "images bucket", versioning=True, notifications=[
                {"events": created, "prefix": "images/", "suffix": ".jpg", "target": "fn"},
                {"events": removed, "prefix": "", "target": "sns"},
                {"events": created, "prefix": "videos/", "target": "sqs"}]),
            col(leaf("fn", "lambda", "thumbnail function", role="fn_role", invoke_allowed=["bucket"]),
                leaf("sns", "sns_topic", "notify topic", allowed_publishers=["bucket"]),
                leaf("sqs", "sqs_queue", "work queue", allowed_publishers=["bucket"]), gap=40),
            gap=120, align="center")))
    t.flow("uploader", "bucket", 443, label="PUT")
    t.rel("bucket", "fn", "ObjectCreated images/*.jpg")
    t.rel("bucket", "sns", "ObjectRemoved")
    t.rel("bucket", "sqs", "ObjectCreated videos/")
    t.stage("Three rules, three targets", "New images/*.jpg invoke the thumbnail function, deletions notify the "
            "topic and new videos/ wait in the queue; the queue policy allows the bucket to send.",
            passes=("msg.queue_policy_missing_publisher", "event.duplicate_s3_rule"))
    t.variant("Queue policy without the bucket", "S3 cannot deliver to a queue whose access policy does not allow "
              "it.", overrides={"sqs": {"props": {"allowed_publishers": []}}},
              exhibits=("msg.queue_policy_missing_publisher",))
    t.variant("Two rules for ObjectCreated on videos/", "A second ObjectCreated rule on an overlapping prefix is "
              "ambiguous and S3 refuses it; fan out through SNS instead.",
              overrides={"bucket": {"props": {"notifications": [
                  {"events": created, "prefix": "images/", "suffix": ".jpg", "target": "fn"},
                  {"events": created, "prefix": "videos/", "target": "sns"},
                  {"events": created, "prefix": "videos/", "target": "sqs"}]}}},
              exhibits=("event.duplicate_s3_rule",))
    return t


def g9_athena() -> Template:
    t = Template("s3/athena", "Athena over S3 (logs and reports)",
                 "Serverless SQL (Presto) straight over files in S3 (CSV, JSON, ORC, Avro, Parquet), billed per "
                 "data scanned (about $5 per TB; columnar, compressed files scan less), secured with IAM, results "
                 "written to an S3 bucket, JDBC/ODBC for BI tools. The usual sources: ELB logs, VPC Flow Logs, "
                 "CloudTrail.",
                 "## Athena Overview 3155-3173; ## Athena 5380-5400", ["s3", "athena", "analytics"], suppress=())
    t.layout(
        leaf("analyst", "user", "analyst / BI tool (JDBC/ODBC)"),
        region("reg", "us-east-1", row(
            col(leaf("qs", "quicksight", "QuickSight (optional)"), leaf("athena", "athena", "Athena",
                                                                      results_bucket="results"), gap=48),
            col(leaf("logs", "s3_bucket", "logs bucket (ELB, Flow Logs, CloudTrail)"),
                leaf("results", "s3_bucket", "athena-results"), gap=48), gap=120)))
    t.rel("analyst", "athena", "SQL")
    t.rel("qs", "athena", "dashboards")
    t.rel("athena", "logs", "scan")
    t.rel("athena", "results", "write output")
    t.stage("Query the logs in place", "No servers and no loading: the analyst runs SQL over the log files and "
            "pays for the bytes scanned; the results land in their own bucket.")
    return t


def g10_performance() -> Template:
    t = Template("s3/performance", "S3 upload and download performance",
                 "Each prefix takes 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per second. Multipart "
                 "upload is recommended above 100 MB and required above 5 GB (a single PUT takes at most 5 GB). "
                 "Transfer Acceleration sends the bytes to a nearby edge location, which forwards them over AWS's "
                 "network; byte-range fetches parallelise downloads or read only a header.",
                 "## S3 Performance, lines 3050-3101", ["s3", "performance", "multipart", "acceleration"],
                 suppress=())
    t.layout(
        leaf("client", "user", "uploader (USA)"),
        box("edge", "edge_network", "Edge location (USA)", leaf("edge_loc", "cloudfront", "edge location",
                                                                purpose="S3 Transfer Acceleration")),
        region("reg", "ap-southeast-2", leaf("bucket", "s3_bucket", "big-files")), gap=96)
    t.only(2, "edge", "edge_loc")
    t.flow("client", "bucket", 443, label="parts 1..N in parallel (multipart)", only=1, object_gb=20,
           multipart=True)
    t.rel("client", "edge_loc", "fast public hop", only=2)
    t.rel("edge_loc", "bucket", "AWS private network", only=2)
    t.flow("client", "bucket", 443, label="parallel byte-range GETs", only=3, edge_id="client-bucket:443#get")
    t.stage("Multipart upload", "A 20 GB file is sent as parts in parallel; a failed part is retried alone and S3 "
            "assembles the object at the end.", passes=("s3.multipart_required",))
    t.stage("Transfer Acceleration", "The upload from the USA enters AWS at a nearby edge location and crosses to "
            "Australia on AWS's network instead of the public internet.",
            overrides={"bucket": {"props": {"transfer_acceleration": True}}})
    t.stage("Byte-range fetches", "The download asks for byte ranges in parallel (or just the first bytes, to read "
            "a header); a failed range is retried alone.")
    t.variant("20 GB in one PUT", "S3 refuses a single PUT above 5 GB: the upload must be multipart.",
              overrides={"client-bucket:443": {"props": {"object_gb": 20, "multipart": False}}},
              exhibits=("s3.multipart_required",))
    return t


def g11_kms_limitation() -> Template:
    t = Template("s3/kms_limitation", "SSE-KMS request quota",
                 "Every SSE-KMS upload calls KMS GenerateDataKey and every download calls Decrypt; those calls "
                 "count against the regional KMS request quota (5,500, 10,000 or 30,000 per second depending on the "
                 "region; raise it in Service Quotas). S3 Bucket Keys, which the notes predate, cut the calls by "
                 "reusing a bucket-level key. The request rates are proposed.",
                 "## S3 Performance: S3 - KMS Limitation, lines 3064-3074", ["s3", "kms", "encryption", "quotas"],
                 suppress=())
    t.layout(leaf("users", "user", "users"), region("reg", "us-east-1", row(
        leaf("bucket", "s3_bucket", "sse-kms bucket", encryption="sse-kms", kms_key="kms",
             intent={"requests_per_s": 2000}),
        leaf("kms", "kms_key", "KMS key", quota_per_s=5500), gap=120)))
    t.flow("users", "bucket", 443, label="upload / download")
    t.rel("bucket", "kms", "GenerateDataKey / Decrypt")
    t.stage("Within the quota", "2,000 requests a second stay below the 5,500 KMS calls a second this region "
            "allows.", passes=("kms.quota_risk",))
    t.variant("A traffic spike", "At 8,000 requests a second the KMS calls exceed the quota and S3 requests are "
              "throttled; enable Bucket Keys or raise the quota.",
              overrides={"bucket": {"intent": {"requests_per_s": 8000}}}, exhibits=("kms.quota_risk",))
    return t


def g12_encryption_modes() -> Template:
    t = Template("s3/encryption_modes", "S3 encryption options: SSE-S3, SSE-KMS, SSE-C, client-side",
                 "SSE-S3: S3-managed AES-256 keys (header x-amz-server-side-encryption: AES256). SSE-KMS: a KMS key "
                 "you control and audit (header aws:kms). SSE-C: your key travels in headers with every HTTPS "
                 "request and S3 never stores it. Client-side: you encrypt before uploading. Default encryption and "
                 "bucket policies enforce it (the policy is evaluated first). Since January 2023 S3 applies SSE-S3 "
                 "to every new object by default, which the notes predate.",
                 "## S3 Encryption 2580-2649; ## S3 Default Encryption 2856-2864", ["s3", "encryption", "kms"],
                 suppress=())
    t.layout(leaf("client", "user", "client / SDK"), region("reg", "us-east-1", row(
        leaf("bucket", "s3_bucket", "encrypted bucket", encryption="sse-s3"),
        leaf("kms", "kms_key", "KMS key"), gap=120)))
    t.only(2, "kms")
    t.flow("client", "bucket", 443, label="PUT, header AES256", only=1, edge_id="put-sse-s3")
    t.flow("client", "bucket", 443, label="PUT, header aws:kms", only=2, edge_id="put-sse-kms")
    t.rel("bucket", "kms", "data key", only=2)
    t.flow("client", "bucket", 443, label="HTTPS only: PUT + key in headers", only=3, edge_id="put-sse-c")
    t.flow("client", "bucket", 443, label="PUT of client-encrypted object", only=4, edge_id="put-cse")
    t.stage("SSE-S3", "S3 encrypts each object with keys it manages; nothing to run or pay for.")
    t.stage("SSE-KMS", "S3 asks KMS for a data key; the key's policy and CloudTrail show who used it.",
            overrides={"bucket": {"props": {"encryption": "sse-kms", "kms_key": "kms"}}})
    t.stage("SSE-C", "The client sends its own key with every request over HTTPS; S3 encrypts and forgets the "
            "key, so the client must keep it.", overrides={"bucket": {"props": {"encryption": "sse-c"}}},
            passes=("s3.ssec_requires_https",))
    t.stage("Client-side encryption", "The client encrypts before uploading and decrypts after downloading; S3 "
            "only ever stores ciphertext.", overrides={"bucket": {"props": {"encryption": "none",
                                                                            "client_side_encryption": True}},
                                                       "client": {"label": "client / SDK (holds its key)"}})
    t.variant("SSE-C over HTTP", "S3 refuses SSE-C requests that are not HTTPS.", stage=3,
              overrides={"put-sse-c": {"port": 80, "label": "HTTP PUT + key in headers"}},
              exhibits=("s3.ssec_requires_https",))
    return t


def g13_select() -> Template:
    t = Template("s3/select", "S3 Select and Glacier Select",
                 "S3 filters the rows and columns of a CSV (or JSON, Parquet) object on the server with simple SQL "
                 "and returns only the result: less data transferred, less CPU on the client (the notes: up to 400% "
                 "faster, 80% cheaper). For complex queries, use Athena. AWS closed S3 Select to new customers in "
                 "2024; existing users keep it.",
                 "## S3 Select and Glacier Select, lines 3103-3114", ["s3", "select"], suppress=())
    t.layout(leaf("client", "user", "client app"), region("reg", "us-east-1", leaf("bucket", "s3_bucket", "data.csv")),
             gap=160)
    t.flow("client", "bucket", 443, label="SELECT columns WHERE ...")
    t.rel("bucket", "client", "filtered rows only")
    t.stage("Filter on the server", "Instead of downloading the whole CSV and filtering it, the client sends the "
            "query and receives only the matching rows and columns.")
    return t


def i1_sqs_basic() -> Template:
    from build_vpc_templates import ec2, sg, tcp
    from vpc_layout import az, subnet, vpc

    t = Template("msg/sqs_basic", "SQS producers and consumers",
                 "Producers SendMessage (up to 256 KB, kept 4 days by default and up to 14). Consumers (EC2, "
                 "on-premises servers, Lambda) poll up to 10 messages at a time, process them (here: insert into "
                 "RDS) and DeleteMessage. Delivery is at least once with best-effort ordering, so processing must "
                 "be idempotent; consumers scale out side by side. The instances reach SQS through an interface "
                 "endpoint; the spec's region-level EC2 and RDS are drawn in subnets, as AWS requires.",
                 "## Amazon SQS - Standard Queues Overview, lines 3729-3785", ["messaging", "sqs"],
                 suppress=(("avail.single_instance_spof", "each instance stands for a service fleet"),
                           ("avail.single_az", "one AZ keeps the queue lesson readable"),
                           ("db.single_az", "the database's Multi-AZ setting is outside the queue lesson"),
                           ("MSG-SQS-006", "dead-letter queues are the lesson of msg/sqs_dlq")))
    t.layout(
        leaf("svc_role", "iam_role", "services role (SQS)"),
        region("reg", "us-east-1", vpc(
            "vpc", "orders-vpc",
            [az("az_a", "us-east-1a",
                subnet("priv_a", "private", "10.0.16.0/20", "private",
                       ec2("p1", "producer 1 (order service)", ["svc_sg"], iam_role="svc_role"),
                       ec2("p2", "producer 2", ["svc_sg"], iam_role="svc_role"),
                       ec2("c1", "consumer 1", ["svc_sg"], iam_role="svc_role"),
                       ec2("c2", "consumer 2", ["svc_sg"], iam_role="svc_role"),
                       leaf("ep_sqs", "vpc_endpoint_interface", "SQS endpoint", service="sqs", subnets=["priv_a"],
                            security_groups=["ep_sg"], private_dns=True), per_row=3),
                subnet("data_a", "data a", "10.0.32.0/20", "data",
                       leaf("rds", "rds", "orders DB", engine="mysql", subnets=["data_a", "data_b"],
                            security_groups=["db_sg"]))),
             az("az_b", "us-east-1b", subnet("data_b", "data b (DB subnet group)", "10.0.48.0/20", "data"))],
            plumbing=[sg("svc_sg", "services-sg"), sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16")),
                      sg("db_sg", "db-sg", tcp(3306, sg="svc_sg"))],
            cidr="10.0.0.0/16", enable_dns_hostnames=True),
            col(leaf("q", "sqs_queue", "orders", retention_s=345600, visibility_timeout_s=30),
                leaf("c3", "lambda", "consumer 3 (Lambda)", role="svc_role"), gap=48)))
    t.flow("p1", "q", 443, label="SendMessage")
    t.flow("p2", "q", 443, label="SendMessage")
    t.flow("c1", "q", 443, label="ReceiveMessage / Delete", access="read")
    t.flow("c2", "q", 443, label="ReceiveMessage / Delete", access="read")
    t.rel("q", "c3", "event source mapping (poll)")
    t.flow("c1", "rds", 3306, label="insert")
    t.flow("c2", "rds", 3306, label="insert")
    t.stage("Decoupled by a queue", "Producers never wait for consumers: orders wait in the queue (4 days by "
            "default) and any number of consumers take batches of up to 10, insert them and delete them.",
            passes=("net.private_no_egress",))
    return t


def i4_sqs_access_policy() -> Template:
    t = Template("msg/sqs_access_policy", "SQS queue access policy: cross-account consumer, S3 publisher",
                 "A queue's resource policy can let another account receive its messages (Allow the account's "
                 "principal sqs:ReceiveMessage; that account's role must also allow the call) and let an S3 bucket "
                 "publish event notifications (Allow s3.amazonaws.com sqs:SendMessage with aws:SourceArn = the "
                 "bucket). The account ids are proposed; the cross-account poller is drawn as a Lambda function, "
                 "since an EC2 instance would need a whole VPC in the other account.",
                 "## SQS Queue Access Policy, lines 3814-3829", ["messaging", "sqs", "iam", "multi-account"],
                 suppress=(("MSG-SQS-006", "dead-letter queues are the lesson of msg/sqs_dlq"),))
    t.layout(
        box("acc2", "account", "Account 111122223333 (consumer)",
            leaf("consumer", "lambda", "poller", role="poller_role"),
            leaf("poller_role", "iam_role", "poller role (sqs:ReceiveMessage on queue1)"), flow="col"),
        box("acc1", "account", "Account 444455556666 (queue owner)", region("reg", "us-east-1", col(
            leaf("q", "sqs_queue", "queue1", allowed_consumers=["acc2"], allowed_publishers=["bucket"],
                 policy="Allow 111122223333 ReceiveMessage; Allow s3 SendMessage if SourceArn = bucket1"),
            leaf("bucket", "s3_bucket", "bucket1", notifications=[
                {"events": ["s3:ObjectCreated:*"], "prefix": "", "target": "q"}]), gap=48))), gap=120)
    t.only(1, "acc2", "consumer", "poller_role")
    t.only(2, "bucket")
    t.flow("consumer", "q", 443, label="poll cross-account", access="read", only=1)
    t.rel("bucket", "q", "ObjectCreated event", only=2)
    t.stage("Cross-account consumer", "Both sides agree: queue1's policy allows account 111122223333, and the "
            "poller's role allows ReceiveMessage on queue1.")
    t.stage("S3 publishes into the queue", "The policy lets the S3 service send messages, but only on behalf of "
            "bucket1 (aws:SourceArn), so other buckets cannot write to the queue.",
            passes=("msg.queue_policy_missing_publisher",))
    t.variant("Policy without the bucket", "S3 cannot deliver the events: the queue's policy does not allow it.",
              stage=2, overrides={"q": {"props": {"allowed_publishers": []}}},
              exhibits=("msg.queue_policy_missing_publisher",))
    return t


def i8_sns_pubsub() -> Template:
    t = Template("msg/sns_pubsub", "SNS pub/sub",
                 "Instead of calling each service itself, the buying service publishes each order once to a topic; "
                 "every subscriber (SQS, Lambda, HTTP(S), email, SMS, mobile push, Firehose) gets a copy unless a "
                 "filter says otherwise. AWS sources (CloudWatch alarms, Auto Scaling, S3 events, CloudFormation) "
                 "can publish too. Changed from the spec: the services are Lambda functions subscribed directly, "
                 "because SNS pushes HTTP(S) only to publicly reachable endpoints, not to instances in private "
                 "subnets; the analytics queue is read by an analytics function.",
                 "## Amazon SNS - Overview, lines 3930-3989", ["messaging", "sns", "pub-sub"], suppress=())
    t.layout(
        col(leaf("svc_role", "iam_role", "services role"), leaf("email", "email_recipient", "email notification"),
            gap=48),
        region("reg", "us-east-1", row(
            leaf("buy", "lambda", "buying service", role="svc_role"),
            leaf("topic", "sns_topic", "orders-topic", kms_encrypted=True,
                 subscribers=["email", "fraud", "ship", "sqsq"]),
            col(leaf("fraud", "lambda", "fraud service", role="svc_role"),
                leaf("ship", "lambda", "shipping service", role="svc_role"),
                leaf("sqsq", "sqs_queue", "analytics queue", allowed_publishers=["topic"]), gap=40),
            leaf("analytics", "lambda", "analytics service", role="svc_role"), gap=96, align="center")))
    t.only(2, "topic", "sqsq")
    for target in ("fraud", "ship", "analytics"):
        t.flow("buy", target, 443, label="direct call", only=1, edge_id=f"buy-{target}#direct")
    t.rel("buy", "email", "sends the email itself", only=1)
    t.flow("buy", "topic", 443, label="Publish", only=2)
    t.rel("topic", "email", "email subscription", only=2)
    t.rel("topic", "fraud", "Lambda subscription", only=2)
    t.rel("topic", "ship", "Lambda subscription", only=2)
    t.rel("topic", "sqsq", "SQS subscription", only=2)
    t.rel("sqsq", "analytics", "polls", only=2)
    t.stage("Direct integrations", "The buying service calls every consumer itself and sends the email: adding "
            "a consumer means changing and redeploying it, and a slow consumer slows every order.",
            exhibits=("arch.point_to_point_sprawl",))
    t.stage("Publish once to a topic", "The service publishes once; SNS delivers a copy to each subscription, and "
            "new consumers subscribe without touching the producer.", fixes=("arch.point_to_point_sprawl",))
    return t


def i11_sns_fifo_fanout() -> Template:
    t = Template("msg/sns_fifo_fanout", "SNS FIFO + SQS FIFO fan-out",
                 "A FIFO topic orders messages by message group id and drops duplicates (deduplication id), with "
                 "the throughput limits of FIFO. The notes say only SQS FIFO queues can subscribe; AWS has since let "
                 "SQS standard queues subscribe too (losing the ordering there), but still no Lambda, HTTP or email.",
                 "## SNS and SQS - Fan Out Pattern: SNS FIFO + SQS FIFO, lines 4014-4026",
                 ["messaging", "sns", "sqs", "fifo"],
                 suppress=(("avail.single_instance_spof", "the instance stands for a service fleet"),
                           ("avail.single_az", "the instance stands for a service fleet")))
    t.layout(leaf("svc_role", "iam_role", "services role (SNS)"), _services_region(
        [("buy", "buying service")], ["sns"],
        col(leaf("topic", "sns_topic", "orders.fifo", fifo=True, name="orders.fifo",
                 subscribers=["q_fraud", "q_ship"]),
            leaf("q_fraud", "sqs_queue", "fraud.fifo", fifo=True, name="fraud.fifo", allowed_publishers=["topic"]),
            leaf("q_ship", "sqs_queue", "shipping.fifo", fifo=True, name="shipping.fifo",
                 allowed_publishers=["topic"]), gap=40)))
    t.flow("buy", "topic", 443, label="Publish (group id, dedup id)")
    t.rel("topic", "q_fraud", "ordered fan-out")
    t.rel("topic", "q_ship", "ordered fan-out")
    t.stage("Ordered fan-out", "Orders of one customer (one message group) reach both FIFO queues in the order "
            "they were published, each exactly once.", passes=("msg.sns_fifo_non_fifo_subscriber",))
    t.variant("A standard queue subscribes", "AWS accepts an SQS standard queue on a FIFO topic today (it gets "
              "every message, without strict order).",
              overrides={"q_ship": {"label": "shipping (standard)", "props": {"fifo": False,
                                                                              "name": "shipping"}}},
              passes=("msg.sns_fifo_non_fifo_subscriber",))
    return t


def i13_kinesis_data_streams() -> Template:
    t = Template("msg/kinesis_data_streams", "Kinesis Data Streams",
                 "Producers (SDK, KPL, Kinesis Agent) put records (partition key + data blob up to 1 MB) into "
                 "shards. Each shard takes 1 MB/s or 1,000 records/s in and gives 2 MB/s out, shared by the "
                 "consumers or per consumer with enhanced fan-out. Consumers: KCL/SDK applications, Lambda, "
                 "Firehose, Analytics. Retention 1 to 365 days; records can be replayed but not deleted. The "
                 "instances reach Kinesis through an interface endpoint; 6 shards are proposed.",
                 "## Kinesis Overview: Kinesis Data Streams, lines 4050-4075", ["messaging", "kinesis", "streaming"],
                 suppress=(("avail.single_instance_spof", "each instance stands for a producer or consumer fleet"),
                           ("avail.single_az", "each instance stands for a producer or consumer fleet")))
    t.layout(
        col(leaf("client", "mobile_client", "client producer"),
            box("dc", "corporate_dc", "on-premises", leaf("agent", "on_prem_server", "server with Kinesis Agent")),
            leaf("svc_role", "iam_role", "producer/consumer role"), gap=40),
        _services_region(
            [("app", "producer (SDK/KPL)"), ("kcl", "KCL application")], ["kinesis-streams"],
            row(leaf("kds", "kinesis_data_stream", "stream (6 shards)", shards=6, retention_h=24,
                     intent={"ingest_mbps": 4}),
                col(leaf("fn", "lambda", "Lambda consumer", role="svc_role"),
                    leaf("fh", "kinesis_firehose", "Firehose consumer"),
                    leaf("ka", "kinesis_analytics", "Analytics consumer"), gap=40), gap=96, align="center")))
    t.flow("app", "kds", 443, label="PutRecords")
    t.rel("client", "kds", "PutRecord (Cognito credentials)")
    t.rel("agent", "kds", "PutRecords (agent)")
    t.flow("kcl", "kds", 443, label="GetRecords (shared 2 MB/s/shard)", access="read")
    t.rel("fn", "kds", "event source mapping")
    t.rel("fh", "kds", "reads the stream")
    t.rel("ka", "kds", "reads the stream")
    t.stage("One stream, many consumers", "Records with the same partition key land in the same shard, in order; "
            "every consumer reads the whole stream at its own position and can replay up to the retention.",
            passes=("MSG-KDS-001",))
    t.variant("Too few shards", "At 4 MB/s of input, two shards throttle the producers: each takes 1 MB/s.",
              overrides={"kds": {"label": "stream (2 shards)", "props": {"shards": 2}}}, exhibits=("MSG-KDS-001",))
    return t


def i14_kinesis_firehose() -> Template:
    t = Template("msg/kinesis_firehose", "Kinesis Data Firehose",
                 "A fully managed, serverless, near-real-time loader: it buffers (60 s or more, or by size; the "
                 "notes' 32 MB minimum is 1 MB today), can transform records with Lambda, and writes batches to "
                 "S3, Redshift (COPY staged through S3), OpenSearch (ElasticSearch), partners such as Datadog or "
                 "Splunk, or any HTTP endpoint, with an optional backup bucket for all or failed data. It stores "
                 "nothing and cannot replay. Redshift is left out here: Firehose reaches a cluster only through its "
                 "public endpoint, which db/redshift_ingestion shows.",
                 "## Kinesis Overview: Kinesis Data Firehose, lines 4077-4122", ["messaging", "kinesis", "firehose"],
                 suppress=())
    t.layout(
        leaf("app_role", "iam_role", "producer role"),
        region("reg", "us-east-1", row(
            col(leaf("app", "lambda", "direct producer", role="app_role"),
                leaf("kds", "kinesis_data_stream", "source stream"),
                leaf("cw", "cloudwatch_logs", "CloudWatch Logs"),
                leaf("iot", "iot_core", "AWS IoT rule"), gap=32),
            col(leaf("fh", "kinesis_firehose", "delivery stream", buffer_s=60, transform="fn", backup="backup"),
                leaf("fn", "lambda", "transform", role="app_role"), gap=48),
            col(leaf("s3", "s3_bucket", "destination bucket"), leaf("es", "opensearch", "OpenSearch"),
                leaf("backup", "s3_bucket", "backup bucket (failed data)"), gap=32),
            gap=96, align="center")),
        col(leaf("partner", "internet", "Datadog / Splunk"), leaf("http", "internet", "custom HTTP endpoint"),
            gap=48))
    t.flow("app", "fh", 443, label="PutRecordBatch")
    t.rel("kds", "fh", "source")
    t.rel("cw", "fh", "subscription filter")
    t.rel("iot", "fh", "rule action")
    t.rel("fh", "fn", "transform")
    t.flow("fh", "s3", 443, label="batch write")
    t.flow("fh", "es", 443, label="batch write")
    t.flow("fh", "partner", 443, label="batch write")
    t.flow("fh", "http", 443, label="batch write")
    t.flow("fh", "backup", 443, label="failed data")
    t.stage("Load without servers", "Records from four kinds of source are buffered for a minute, transformed, and "
            "written in batches; what fails to deliver lands in the backup bucket.",
            passes=("msg.firehose_realtime_expectation",))
    t.variant("Expected in real time", "A dashboard that needs sub-second data cannot sit behind Firehose's "
              "buffer: use Kinesis Data Streams.", overrides={"fh": {"intent": {"latency_s": 1}}},
              exhibits=("msg.firehose_realtime_expectation",))
    return t


def i15_kinesis_analytics() -> Template:
    t = Template("msg/kinesis_analytics", "Kinesis Data Analytics",
                 "Real-time SQL over a Kinesis data stream or Firehose source, writing results to a stream (for "
                 "Lambda or custom processing) or to Firehose (to S3 or Redshift): fully managed and auto-scaling, "
                 "for time-series analytics, dashboards and metrics. AWS has since retired SQL applications in "
                 "favour of Managed Service for Apache Flink, which keeps the same sources and sinks. Redshift is "
                 "left out, as in the Firehose template (see db/redshift_ingestion).",
                 "## Kinesis Overview: Kinesis Data Analytics, lines 4124-4143", ["messaging", "kinesis", "analytics"],
                 suppress=())
    t.layout(
        leaf("fn_role", "iam_role", "processor role"),
        region("reg", "us-east-1", row(
            col(leaf("src_kds", "kinesis_data_stream", "source stream"),
                leaf("src_fh", "kinesis_firehose", "source Firehose"), gap=48),
            leaf("ka", "kinesis_analytics", "SQL application"),
            col(leaf("out_kds", "kinesis_data_stream", "output stream"),
                leaf("out_fh", "kinesis_firehose", "output Firehose"), gap=48),
            col(leaf("fn", "lambda", "real-time processor", role="fn_role"),
                leaf("s3", "s3_bucket", "results bucket"), gap=48), gap=96, align="center")))
    t.flow("src_kds", "ka", 443, label="input")
    t.flow("src_fh", "ka", 443, label="input")
    t.flow("ka", "out_kds", 443, label="query results")
    t.flow("ka", "out_fh", 443, label="query results")
    t.rel("fn", "out_kds", "event source mapping")
    t.flow("out_fh", "s3", 443, label="deliver")
    t.stage("SQL on streams", "A continuous query aggregates the input per minute; results flow to a stream that "
            "a function processes at once, and to Firehose that archives them in S3.", passes=("MSG-KDA-001",))
    return t


def h5_transfer_family() -> Template:
    t = Template("hybrid/transfer_family", "AWS Transfer Family: FTP, FTPS and SFTP into S3 or EFS",
                 "A managed, multi-AZ file transfer endpoint (SFTP here; FTPS and FTP possible), optionally under "
                 "your own Route 53 name. It assumes an IAM role to read and write S3 or EFS, and authenticates "
                 "users itself or through an identity provider (AD, LDAP, Okta, Cognito, custom). Plain FTP is "
                 "unencrypted and AWS allows it only on VPC-internal endpoints.",
                 "## AWS Transfer Family, lines 3670-3692", ["hybrid", "transfer-family", "sftp", "s3"], suppress=())
    t.layout(
        col(leaf("users", "user", "partners (SFTP clients)"),
            leaf("idp", "third_party_idp", "identity provider (AD / Okta / custom)"), gap=64),
        box("global", "global", "Route 53 and IAM",
            leaf("rec", "route53_record", "ftp.example.com", name="ftp.example.com", type="CNAME", ttl=300,
                 targets=["tf"]),
            leaf("role", "iam_role", "transfer role (S3, EFS)"), flow="col"),
        region("reg", "us-east-1", row(
            leaf("tf", "transfer_family", "AWS Transfer (SFTP)", protocols=["SFTP"], role="role",
                 identity_provider="idp"),
            col(leaf("s3", "s3_bucket", "landing bucket"),
                leaf("efs", "efs", "EFS (alternative target)"), gap=48), gap=96, align="center")), gap=80)
    t.rel("users", "rec", "DNS")
    t.flow("users", "tf", 22, label="SFTP")
    t.rel("tf", "idp", "authenticate")
    t.flow("tf", "s3", 443, label="put / get (role)")
    t.rel("tf", "efs", "put / get (role)")
    t.stage("Managed SFTP into S3", "Partners upload with their SFTP clients to ftp.example.com; the files land in "
            "the bucket, written with the server's role.", passes=("sec.plaintext_protocol",))
    t.variant("Server without a role", "Transfer Family writes to S3 with an IAM role; without one every upload "
              "fails.", overrides={"tf": {"props": {"role": None}}}, exhibits=("STO-TF-001",))
    return t


def i17_amazon_mq() -> Template:
    from build_vpc_templates import ec2, sg, tcp
    from vpc_layout import az, subnet, vpc

    t = Template("msg/amazon_mq_ha", "Amazon MQ with active/standby brokers",
                 "For applications moved to AWS that speak MQTT, AMQP, STOMP, OpenWire or WSS, Amazon MQ runs a "
                 "managed ActiveMQ broker: active in us-east-1a, standby in us-east-1b, sharing durable storage "
                 "(EFS, managed by the service), so a failover keeps the messages. It has queues and topics, runs "
                 "on dedicated machines and does not scale like SQS and SNS. Changed from the spec: the clients "
                 "are drawn in the VPC, since an on-premises client could reach the private brokers only over a "
                 "VPN or Direct Connect, and the storage is not a customer EFS.",
                 "## Amazon MQ, lines 4229-4257", ["messaging", "amazon-mq", "high-availability"],
                 suppress=(("avail.single_instance_spof", "the client stands for the migrated applications"),))
    broker = {"engine": "activemq", "deployment": "active_standby", "protocols": ["amqp", "mqtt"],
              "subnets": ["priv_a", "priv_b"], "security_groups": ["mq_sg"]}
    t.layout(region("reg", "us-east-1", vpc(
        "vpc", "mq-vpc",
        [az("az_a", "us-east-1a", subnet("priv_a", "private a", "10.0.16.0/20", "private",
                                         ec2("client", "client app (AMQP / MQTT)", ["app_sg"]),
                                         leaf("mq_a", "amazon_mq", "MQ broker (active)", role="active", **broker))),
         az("az_b", "us-east-1b", subnet("priv_b", "private b", "10.0.32.0/20", "private",
                                         leaf("mq_b", "amazon_mq", "MQ broker (standby)", role="standby", **broker)))],
        plumbing=[sg("app_sg", "app-sg"), sg("mq_sg", "broker-sg", tcp(5671, sg="app_sg"), tcp(8883, sg="app_sg"))],
        cidr="10.0.0.0/16"),
        leaf("efs", "efs", "broker storage (managed)")))
    t.flow("client", "mq_a", 5671, label="AMQP 5671 / MQTT 8883")
    t.flow("client", "mq_b", 5671, label="after a failover")
    t.rel("mq_a", "efs", "durable storage")
    t.rel("mq_b", "efs", "mounts on failover")
    t.stage("Active and standby", "The client uses a failover URL listing both brokers; if us-east-1a fails, the "
            "standby takes over the same stored messages within a minute or two.", passes=("MSG-MQ-002",))
    t.variant("Both brokers in one AZ", "The pair must span two AZs to survive an AZ failure.",
              overrides={"mq_a": {"props": {"subnets": ["priv_a"]}}, "mq_b": {"props": {"subnets": ["priv_a"]}}},
              exhibits=("MSG-MQ-002",))
    return t


def _sqs_vpc(private: tuple[list[object], list[object]], plumbing: list[object], span: list[object],
             public: bool = False) -> object:
    """Two AZs of private subnets (and public ones for an ALB) reaching SQS through an interface endpoint and S3
    through a gateway endpoint."""
    from build_vpc_templates import ANY, pl_route, route, rt, sg, tcp
    from vpc_layout import az, subnet, vpc

    def column(x: str, n: int, leaves: list[object]) -> tuple[str, str, str, list[object]]:
        subnets = [subnet(f"pub_{x}", f"public {x}", f"10.0.{n}.0/24", "public")] if public else []
        subnets.append(subnet(f"priv_{x}", f"private {x}", f"10.0.{16 * (n + 1)}.0/20", "private", *leaves))
        return az(f"az_{x}", f"us-east-1{x}", *subnets)

    tables = [leaf("igw", "igw", "IGW"), rt("rt_pub", "public route table", [route(ANY, "igw")],
                                           ["pub_a", "pub_b"])] if public else []
    endpoint = leaf("ep_sqs", "vpc_endpoint_interface", "SQS endpoint", service="sqs", subnets=["priv_a", "priv_b"],
                    security_groups=["ep_sg"], private_dns=True)
    return vpc("vpc", "app-vpc", [column("a", 0, [*private[0], endpoint]), column("b", 1, private[1])],
               plumbing=[*tables, rt("rt_priv", "private route table", [pl_route("s3", "gwe_s3")],
                                     ["priv_a", "priv_b"]),
                         leaf("gwe_s3", "vpc_endpoint_gateway", "S3 gateway endpoint", service="s3",
                              route_tables=["rt_priv"]),
                         sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16")), *plumbing],
               span=span, cidr="10.0.0.0/16", enable_dns_hostnames=True)


def i3_sqs_decouple_tiers() -> Template:
    from build_vpc_templates import ANY, ec2, sg, tcp

    t = Template("msg/sqs_decouple_tiers", "SQS decoupling between application tiers (video processing)",
                 "The front end (ALB + Auto Scaling group) puts video jobs on an SQS queue instead of calling the "
                 "processors directly. A separate processing group, with its own compute-optimised instance type, "
                 "scales on the queue length and writes results to S3. Instance types are proposed; the instances "
                 "reach SQS through an interface endpoint and S3 through a gateway endpoint.",
                 "## Amazon SQS - Standard Queues Overview: SQS to decouple 3794-3801; SQS + Auto Scaling Group "
                 "3924-3928", ["messaging", "sqs", "asg", "decoupling"],
                 suppress=(("MSG-SQS-006", "dead-letter queues are the lesson of msg/sqs_dlq"),))
    fe = {"member_of": "asg_fe", "instance_type": "m5.large", "iam_role": "app_role"}
    be = {"member_of": "asg_be", "instance_type": "c5.2xlarge", "iam_role": "app_role"}
    t.layout(
        col(leaf("users", "user", "Users uploading videos"), leaf("app_role", "iam_role", "app role (SQS, S3)"),
            gap=48),
        region("reg", "us-east-1", _sqs_vpc(
            ([ec2("fe1", "front-end 1", ["fe_sg"], **fe), ec2("be1", "processor 1", ["be_sg"], **be)],
             [ec2("fe2", "front-end 2", ["fe_sg"], **fe), ec2("be2", "processor 2", ["be_sg"], **be)]),
            [sg("alb_sg", "alb-sg", tcp(443, ANY)), sg("fe_sg", "front-end-sg", tcp(80, sg="alb_sg")),
             sg("be_sg", "processing-sg", tcp(8080, sg="fe_sg"))],
            [leaf("alb", "alb", "front-end ALB", subnets=["pub_a", "pub_b"], security_groups=["alb_sg"],
                  listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}], targets=["fe1", "fe2"],
                  target_port=80),
             leaf("asg_fe", "asg", "front-end ASG", subnets=["priv_a", "priv_b"], min=2, desired=2, max=6,
                  security_groups=["fe_sg"], load_balancers=["alb"], health_check_type="ELB"),
             leaf("asg_be", "asg", "processing ASG (queue length)", subnets=["priv_a", "priv_b"], min=2, desired=2,
                  max=20, security_groups=["be_sg"], scaling_policy="target tracking: SQS backlog of 10 per instance",
                  intent={"spiky_load": True})], public=True),
            col(leaf("q", "sqs_queue", "video-jobs", visibility_timeout_s=900),
                leaf("s3", "s3_bucket", "processed-videos"), gap=64)))
    t.only(2, "q")
    t.flow("users", "alb", 443, label="HTTPS upload")
    t.flow("alb", "fe1", 80)
    t.flow("alb", "fe2", 80)
    for f in ("fe1", "fe2"):
        for b in ("be1", "be2"):
            t.flow(f, b, 8080, label="process now (synchronous)", only=1)
        t.flow(f, "q", 443, label="SendMessage", only=2)
    for b in ("be1", "be2"):
        t.flow(b, "q", 443, label="ReceiveMessage", access="read", only=2)
        t.flow(b, "s3", 443, label="PutObject")
    t.stage("Tightly coupled", "Each upload waits while a processor encodes the video; a burst of uploads "
            "overwhelms the processors and the front end times out with them.", exhibits=("arch.tight_coupling",))
    t.stage("Decoupled by a queue", "The front end only enqueues the job and answers at once; the processing group "
            "grows with the queue and works through the backlog at its own pace.", fixes=("arch.tight_coupling",),
            overrides={"be_sg": {"props": {"inbound": []}}, "asg_be": {"props": {"load_balancers": []}}})
    return t


def i6_sqs_request_response() -> Template:
    from build_vpc_templates import ec2, sg

    t = Template("msg/sqs_request_response", "SQS request-response with temporary queues",
                 "Requesters send to one request queue with a correlation id and the name of their reply queue; "
                 "responders in an Auto Scaling group answer into that queue, and each requester reads only its "
                 "own. The SQS Temporary Queue Client makes the reply queues cheap virtual queues on one real "
                 "queue. The instances reach SQS through an interface endpoint.",
                 "## SQS - Request Response, lines 3866-3883", ["messaging", "sqs", "request-response"],
                 suppress=(("avail.single_instance_spof", "each requester stands for a client fleet"),
                           ("MSG-SQS-006", "dead-letter queues are the lesson of msg/sqs_dlq")))
    t.layout(
        leaf("app_role", "iam_role", "app role (SQS)"),
        region("reg", "us-east-1", _sqs_vpc(
            ([ec2("req1", "requester 1", ["app_sg"], iam_role="app_role"),
              ec2("r1", "responder 1", ["app_sg"], member_of="asg", iam_role="app_role")],
             [ec2("req2", "requester 2", ["app_sg"], iam_role="app_role"),
              ec2("r2", "responder 2", ["app_sg"], member_of="asg", iam_role="app_role")]),
            [sg("app_sg", "app-sg")],
            [leaf("asg", "asg", "responders ASG", subnets=["priv_a", "priv_b"], min=2, desired=2, max=6,
                  security_groups=["app_sg"], scaling_policy="target tracking: request queue backlog per instance")]),
            col(leaf("rq", "sqs_queue", "request queue"),
                leaf("resp1", "sqs_queue", "response queue 1 (virtual)"),
                leaf("resp2", "sqs_queue", "response queue 2 (virtual)"), gap=40)))
    t.flow("req1", "rq", 443, label="request (correlation id, reply to 1)")
    t.flow("req2", "rq", 443, label="request (correlation id, reply to 2)")
    for r in ("r1", "r2"):
        t.flow(r, "rq", 443, label="poll", access="read")
        t.flow(r, "resp1", 443, label="reply for requester 1")
        t.flow(r, "resp2", 443, label="reply for requester 2")
    t.flow("req1", "resp1", 443, label="read response", access="read")
    t.flow("req2", "resp2", 443, label="read response", access="read")
    t.stage("Replies to the right requester", "Any responder may take a request; it answers into the queue the "
            "request names, and the correlation id tells the requester which request the answer belongs to.")
    return t


def h4_fsx() -> Template:
    from build_vpc_templates import ec2, sg, tcp
    from vpc_layout import az, subnet, vpc

    t = Template("hybrid/fsx", "Amazon FSx for Lustre (scratch and persistent) and FSx for Windows",
                 "FSx for Lustre is a parallel file system for HPC and machine learning that lazily loads from, "
                 "and writes back to, an S3 bucket. Scratch keeps one copy (fast, bursts of 200 MB/s per TiB, lost "
                 "if a server fails); persistent replicates within its one AZ. FSx for Windows File Server is a "
                 "managed SMB/NTFS share joined to Active Directory, Multi-AZ capable and backed up daily to S3; "
                 "on-premises clients reach it over a VPN or Direct Connect (not drawn here, see "
                 "vpc/site_to_site_vpn). Ports are proposed: Lustre 988, SMB 445.",
                 "## Amazon FSx Overview, lines 3608-3668", ["hybrid", "fsx", "lustre", "windows"],
                 suppress=(("avail.single_instance_spof", "each instance stands for a compute fleet"),))
    t.layout(region("reg", "us-east-1", vpc(
        "vpc", "hpc-vpc",
        [az("az1", "us-east-1a", subnet(
            "priv_a", "private a", "10.0.16.0/20", "private",
            ec2("c1", "compute (Linux)", ["compute_sg"]),
            leaf("lustre", "fsx_lustre", "FSx for Lustre (scratch)", deployment="scratch", subnets=["priv_a"],
                 security_groups=["fsx_sg"], data_repository="s3"),
            ec2("win1", "Windows servers", ["win_sg"]),
            leaf("fsxw", "fsx_windows", "FSx for Windows (Multi-AZ)", multi_az=True, subnets=["priv_a", "priv_b"],
                 security_groups=["fsxw_sg"], active_directory="ad", daily_backup=True), per_row=2)),
         az("az2", "us-east-1b", subnet(
             "priv_b", "private b", "10.0.32.0/20", "private", ec2("c2", "compute (Linux)", ["compute_sg"]),
             leaf("ad", "directory_service", "AWS Managed Microsoft AD", edition="managed_ad",
                  subnets=["priv_a", "priv_b"]), per_row=2))],
        plumbing=[sg("compute_sg", "compute-sg"), sg("fsx_sg", "lustre-sg", tcp(988, sg="compute_sg")),
                  sg("win_sg", "windows-sg"), sg("fsxw_sg", "fsx-windows-sg", tcp(445, sg="win_sg"))],
        cidr="10.0.0.0/16"),
        leaf("s3", "s3_bucket", "data repository")))
    t.only((1, 2), "c1", "c2", "lustre", "s3", "compute_sg", "fsx_sg")
    t.only(3, "win1", "fsxw", "ad", "win_sg", "fsxw_sg")
    t.flow("c1", "lustre", 988, label="Lustre mount", only=(1, 2))
    t.flow("c2", "lustre", 988, label="Lustre mount (cross-AZ)", only=(1, 2))
    t.rel("lustre", "s3", "lazy load / write back", only=(1, 2))
    t.flow("win1", "fsxw", 445, label="SMB", only=3)
    t.rel("fsxw", "ad", "authentication", only=3)
    t.stage("Lustre, scratch", "The compute fleet reads the training set from S3 through a scratch file system at "
            "hundreds of MB/s; nothing is replicated, so results are written back to S3.",
            exhibits=("storage.scratch_no_replication",))
    t.stage("Lustre, persistent", "A persistent file system replicates within us-east-1a and keeps its data when a "
            "file server fails: for long-running work, still in one AZ.", fixes=("storage.scratch_no_replication",),
            overrides={"lustre": {"label": "FSx for Lustre (persistent)", "props": {"deployment": "persistent"}}})
    t.stage("FSx for Windows, Multi-AZ", "Windows servers mount an SMB share whose standby waits in us-east-1b; "
            "users sign in with the managed Active Directory.")
    return t


def h2_snow_family() -> Template:
    t = Template("hybrid/snow_family", "Snow Family: offline migration and edge computing",
                 "When a network transfer would take more than a week, ship a device: Snowball Edge (80 TB storage "
                 "optimised, 42 TB compute optimised), Snowcone (8 TB, DataSync built in), Snowmobile (100 PB, for "
                 "more than 10 PB). The job: order, copy, ship back, AWS loads the data into S3 and wipes the "
                 "device. At disconnected sites (ships, trucks, mines) the same devices run EC2 instances and "
                 "Lambda (IoT Greengrass) for preprocessing, ML and transcoding, managed with OpsHub. Since the "
                 "notes AWS has retired Snowmobile and stopped new Snowcone orders. DataSync has no node here; it "
                 "is the label of the online sync edge. The 100 TB over 100 Mbit/s is proposed.",
                 "## AWS Snow Family Overview, lines 3427-3513", ["hybrid", "snow-family", "migration", "edge"],
                 suppress=())
    t.layout(
        col(box("dc", "corporate_dc", "Data center (migration)",
                leaf("servers", "on_prem_server", "servers + Snowball client"),
                leaf("sbe", "snowball", "Snowball Edge Storage Optimized (80 TB)", capacity_tb=80), flow="col"),
            box("edge_site", "corporate_dc", "Edge site (ship, no internet)",
                leaf("sensors", "iot_device", "sensors / cameras"),
                leaf("cone", "snowball", "Snowcone (EC2 + Greengrass)", capacity_tb=8),
                leaf("opshub", "admin", "OpsHub laptop"), flow="col"), gap=48),
        region("reg", "us-east-1", leaf("s3", "s3_bucket", "import bucket")), gap=120)
    t.only(1, "dc", "servers", "sbe")
    t.only(2, "edge_site", "sensors", "cone", "opshub")
    t.flow("servers", "s3", 443, label="over the 100 Mbit/s link: 93 days", only=(), edge_id="servers-s3#network",
           transfer_gb=100000, bandwidth_mbps=100)
    t.rel("servers", "sbe", "copy (local network)", only=1)
    t.rel("sbe", "s3", "ship back; imported into S3", only=1)
    t.rel("sensors", "cone", "capture and preprocess", only=2)
    t.rel("opshub", "cone", "manage", only=2)
    t.rel("cone", "s3", "DataSync when connected (optional)", only=2)
    t.stage("Migration job", "100 TB would take three months over the link; two Snowball Edge devices carry it in "
            "about a week, and AWS imports it into the bucket.", passes=("data.network_vs_snow",))
    t.stage("Edge computing", "On the ship the Snowcone runs the preprocessing next to the sensors; only results "
            "travel, synced with DataSync when a connection exists.")
    t.variant("Copy 100 TB over the network", "At 100 Mbit/s the transfer takes about 93 days: ship a device.",
              show=("servers-s3#network",), hide=("sbe",), exhibits=("data.network_vs_snow",))
    return t


def i16_ordering_trucks() -> Template:
    from build_vpc_templates import ec2, sg, tcp
    from vpc_layout import az, subnet, vpc

    t = Template("msg/ordering_trucks", "Ordering: Kinesis partition keys vs SQS FIFO group ids (trucks)",
                 "Trucks send GPS points that must stay in order per truck. Kinesis: with partition key = truck id, "
                 "each truck's points land in one shard, in order (3 shards: at most 3 parallel consumers, 3 MB/s "
                 "in). SQS FIFO without group ids: one ordered stream, so one consumer. With group id = truck id "
                 "every truck is its own ordered group and consumers work in parallel, up to one per truck, within "
                 "the FIFO throughput (300 messages/s, 3,000 batched; high-throughput mode goes far higher today). "
                 "The consumers reach Kinesis and SQS through interface endpoints.",
                 "## Data Ordering for Kinesis vs SQS FIFO, lines 4151-4196", ["messaging", "kinesis", "sqs", "fifo",
                                                                            "ordering"],
                 suppress=(("MSG-SQS-006", "dead-letter queues are the lesson of msg/sqs_dlq"),))
    trucks = [leaf(f"t{n}", "iot_device", f"truck_{n}") for n in range(1, 6)]
    consumers = [ec2(f"kc{n}", f"consumer shard {n}", ["svc_sg"], iam_role="svc_role") for n in (1, 2, 3)]
    consumers += [ec2("sc1", "FIFO consumer 1", ["svc_sg"], iam_role="svc_role"),
                  ec2("sc2", "FIFO consumer 2", ["svc_sg"], iam_role="svc_role")]
    endpoints = [leaf(f"ep_{s.replace('-', '_')}", "vpc_endpoint_interface", f"{s} endpoint", service=s,
                      subnets=["priv_a"], security_groups=["ep_sg"], private_dns=True)
                 for s in ("kinesis-streams", "sqs")]
    t.layout(
        col(*trucks, leaf("svc_role", "iam_role", "consumer role"), gap=24),
        region("reg", "us-east-1", col(leaf("kds", "kinesis_data_stream", "gps-stream (3 shards)", shards=3),
                                       leaf("fifo", "sqs_queue", "gps.fifo", fifo=True, name="gps.fifo"), gap=64),
               vpc("vpc", "consumers-vpc", [az("az_a", "us-east-1a", subnet(
                   "priv_a", "private", "10.0.16.0/20", "private", *consumers, *endpoints, per_row=3))],
                   plumbing=[sg("svc_sg", "consumers-sg"), sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16"))],
                   cidr="10.0.0.0/16", enable_dns_hostnames=True)), gap=96)
    t.only(1, "kds", "kc1", "kc2", "kc3", "ep_kinesis_streams")
    t.only((2, 3), "fifo", "sc1", "ep_sqs")
    t.only(3, "sc2")
    for n, shard in ((1, 1), (3, 1), (2, 2), (5, 2), (4, 3)):
        t.rel(f"t{n}", "kds", f"shard {shard}", only=1)
    for n in (1, 2, 3):
        t.flow(f"kc{n}", "kds", 443, label=f"reads shard {n}", access="read", only=1)
    for n in range(1, 6):
        t.rel(f"t{n}", "fifo", "send", only=(2, 3))
    t.flow("sc1", "fifo", 443, label="single ordered consumer", access="read", only=(2, 3))
    t.flow("sc2", "fifo", 443, label="groups truck_4, truck_5", access="read", only=3)
    t.stage("Kinesis, partition key = truck id", "Each truck's points stay in order in their shard; three shards "
            "allow three consumers reading in parallel.")
    t.stage("SQS FIFO without group ids", "The whole queue is one ordered stream: a single consumer reads it, and "
            "a second one would sit idle.", passes=("msg.fifo_multiple_consumers_without_groups",))
    t.stage("SQS FIFO, group id = truck id", "Each truck is its own ordered group, so consumers share the trucks and "
            "work in parallel while every truck's points stay in order.",
            overrides={"fifo": {"props": {"message_groups": True}},
                       "sc1-fifo:443": {"label": "groups truck_1..3"}},
            passes=("msg.fifo_multiple_consumers_without_groups",))
    t.variant("A second consumer without group ids", "Without message groups the second consumer gets nothing to "
              "do.", stage=2, show=("sc2", "sc2-fifo:443"), exhibits=("msg.fifo_multiple_consumers_without_groups",))
    return t


BUILDERS = [g1_static_website, g2_cors, g3_access_logs, g4_replication, g6_lifecycle, g8_requester_pays,
            h1_snowball, h3_storage_gateway, i5_dlq, i7_delay_fifo,
            i9_sns_sqs_fanout, i10_s3_event_fanout, i12_sns_filtering, g5_presigned_url, g7_event_notifications,
            g9_athena, g10_performance, g11_kms_limitation, g12_encryption_modes, g13_select,
            i1_sqs_basic, i4_sqs_access_policy, i8_sns_pubsub, i11_sns_fifo_fanout,
            i13_kinesis_data_streams, i14_kinesis_firehose, i15_kinesis_analytics,
            h5_transfer_family, i17_amazon_mq, i3_sqs_decouple_tiers, i6_sqs_request_response,
            h4_fsx, h2_snow_family, i16_ordering_trucks]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
