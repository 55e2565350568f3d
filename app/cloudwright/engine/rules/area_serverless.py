"""Serverless rules (rules.md section 20): Lambda limits and roles, DynamoDB/DAX, API Gateway, Cognito.

Limits follow AWS today (section 29's current column); a value above the notes' older number but within
AWS's limit is reported as ``info``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import OUTSIDE_KINDS, facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

RUNTIMES = ("python", "nodejs", "java", "dotnet", "go", "ruby", "provided", "powershell", "custom", "image")
AWS_API_KINDS = ("s3_bucket", "dynamodb_table", "sqs_queue", "sns_topic", "kinesis_data_stream", "kinesis_firehose",
                 "ses", "secrets_manager", "ssm_parameter_store", "kms_key", "step_functions", "eventbridge",
                 "cloudwatch_logs", "athena", "glue", "rekognition")
CLIENT_KINDS = ("user", "mobile_client", "iot_device", "admin")
#: Data stores with no HTTP API that API Gateway could integrate.
NO_API_KINDS = ("rds", "aurora_instance", "aurora_endpoint", "elasticache", "efs", "ebs", "neptune", "documentdb",
                "dax", "redshift")
LAMBDA_MAX_TIMEOUT_S = 900
ENV_MAX_BYTES = 4096
TMP_NOTES_MB, TMP_MAX_MB = 512, 10240
ZIP_DIRECT_MB, UNZIPPED_MAX_MB = 50, 250
DEFAULT_CONCURRENCY = 1000
DAX_MAX_NODES, DAX_PROD_NODES = 10, 3
DDB_ITEM_KB = 400
DDB_TRANSACTION_ITEMS, NOTES_TRANSACTION_ITEMS = 100, 10


def _lambdas(ctx: RuleContext):  # noqa: ANN202
    return ctx.index.of_kind("lambda")


@rule("SLS-LAM-001", "error", pillars=("performance",))
def lambda_memory_step(ctx: RuleContext) -> Iterator[Hit]:
    """Memory is 128 MB-10 GB; the notes' 64 MB step is no longer required (1 MB steps today)."""
    for fn in _lambdas(ctx):
        memory = ctx.props(fn).memory_mb  # type: ignore[attr-defined]
        if memory % 64:
            yield hit(fn.id, f"{name(ctx, fn.id)} has {memory} MB of memory, not a multiple of 64 MB as the notes say; "
                             "AWS accepts any value from 128 to 10,240 MB today.",
                      f"No change needed; round {name(ctx, fn.id)} to {memory // 64 * 64 or 128} MB to match the notes.",
                      severity="info")


@rule("SLS-LAM-002", "error", pillars=("reliability",))
def lambda_timeout(ctx: RuleContext) -> Iterator[Hit]:
    """A Lambda invocation lasts at most 15 minutes; longer jobs belong on ECS, Batch or EC2."""
    for fn in _lambdas(ctx):
        timeout = ctx.props(fn).timeout_s  # type: ignore[attr-defined]
        job = ctx.intent(fn, "job_duration_s")
        longest = max(timeout, int(job) if job else 0)
        if longest > LAMBDA_MAX_TIMEOUT_S:
            yield hit(fn.id, f"{name(ctx, fn.id)} needs to run for {longest} s; a Lambda invocation stops after "
                             f"{LAMBDA_MAX_TIMEOUT_S} s (15 minutes).",
                      "Run this job on ECS/Fargate, AWS Batch or EC2, or split it into steps (Step Functions) under "
                      "15 minutes each.")


@rule("SLS-LAM-003", "error", pillars=("operational_excellence",))
def lambda_env_size(ctx: RuleContext) -> Iterator[Hit]:
    """Environment variables total at most 4 KB."""
    for fn in _lambdas(ctx):
        size = ctx.props(fn).env_bytes  # type: ignore[attr-defined]
        if size > ENV_MAX_BYTES:
            yield hit(fn.id, f"{name(ctx, fn.id)} has {size} bytes of environment variables; Lambda allows 4 KB.",
                      f"Move large settings of {name(ctx, fn.id)} to SSM Parameter Store or Secrets Manager.")


@rule("SLS-LAM-004", "error", pillars=("performance",))
def lambda_tmp_size(ctx: RuleContext) -> Iterator[Hit]:
    """Ephemeral /tmp storage: the notes say 512 MB; AWS allows up to 10 GB today."""
    for fn in _lambdas(ctx):
        tmp = ctx.props(fn).tmp_mb  # type: ignore[attr-defined]
        if tmp > TMP_MAX_MB:
            yield hit(fn.id, f"{name(ctx, fn.id)} needs {tmp} MB of /tmp; Lambda offers at most 10,240 MB.",
                      f"Use EFS (mounted in {name(ctx, fn.id)}) or S3 for the working data.")
        elif tmp > TMP_NOTES_MB:
            yield hit(fn.id, f"{name(ctx, fn.id)} uses {tmp} MB of /tmp, above the notes' 512 MB; AWS allows up to "
                             "10 GB today (billed above 512 MB).", "No change needed on current AWS.", severity="info")


@rule("SLS-LAM-005", "error", pillars=("operational_excellence",))
def lambda_package_size(ctx: RuleContext) -> Iterator[Hit]:
    """A deployment package is at most 250 MB unzipped; zips over 50 MB must be uploaded through S3."""
    for fn in _lambdas(ctx):
        p = ctx.props(fn)
        if (p.package_unzipped_mb or 0) > UNZIPPED_MAX_MB:  # type: ignore[attr-defined]
            yield hit(fn.id, f"{name(ctx, fn.id)} unzips to {p.package_unzipped_mb:g} MB; a Lambda package holds at "  # type: ignore[attr-defined]
                             "most 250 MB.",
                      f"Ship {name(ctx, fn.id)} as a container image (up to 10 GB) or move dependencies to layers.")
        elif (p.package_zip_mb or 0) > ZIP_DIRECT_MB:  # type: ignore[attr-defined]
            yield hit(fn.id, f"The zip of {name(ctx, fn.id)} is {p.package_zip_mb:g} MB, over the 50 MB direct-upload "  # type: ignore[attr-defined]
                             "limit.", f"Upload the package of {name(ctx, fn.id)} through S3.", severity="warning")


@rule("SLS-LAM-006", "warning", pillars=("reliability", "performance"))
def regional_concurrency(ctx: RuleContext) -> Iterator[Hit]:
    """Concurrency is 1,000 per region by default (a quota that can be raised)."""
    by_region: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for fn in _lambdas(ctx):
        region = ctx.index.region_of(fn.id)
        wanted = ctx.props(fn).reserved_concurrency or ctx.intent(fn, "peak_concurrency")  # type: ignore[attr-defined]
        if wanted:
            by_region[region.id if region else ""].append((fn.id, int(wanted)))
    for _, functions in by_region.items():
        total = sum(c for _, c in functions)
        if total > DEFAULT_CONCURRENCY:
            ids = [f for f, _ in functions]
            yield hit(ids, f"{names(ctx, ids)} need {total} concurrent executions together; a region allows 1,000 "
                           "by default, so calls beyond that are throttled.",
                      "Request a Lambda concurrency quota increase for the region, or lower the reserved concurrency.")


@rule("SLS-LAM-007", "error", pillars=("operational_excellence",))
def lambda_runtime(ctx: RuleContext) -> Iterator[Hit]:
    """Runtimes: Node.js, Python, Java, .NET, Go, Ruby, PowerShell, custom runtimes or container images."""
    for fn in _lambdas(ctx):
        runtime = ctx.props(fn).runtime.lower()  # type: ignore[attr-defined]
        if not runtime.startswith(RUNTIMES):
            yield hit(fn.id, f"{name(ctx, fn.id)} asks for the runtime {runtime!r}, which Lambda does not provide.",
                      f"Use a supported runtime for {name(ctx, fn.id)}, a custom runtime (provided.al2023) or a "
                      "container image implementing the Lambda Runtime API.")


@rule("SLS-LAM-009", "warning", pillars=("security",))
def lambda_execution_role(ctx: RuleContext) -> Iterator[Hit]:
    """A Lambda that calls AWS services needs an execution role granting those calls."""
    f = facts(ctx)
    for fn in _lambdas(ctx):
        if ctx.props(fn).role:  # type: ignore[attr-defined]
            continue
        services = [e.target for e in f.traffic_out(fn.id)
                    if e.target in ctx.diagram.nodes and ctx.diagram.nodes[e.target].kind in AWS_API_KINDS]
        if services:
            yield hit([fn.id, *services], f"{name(ctx, fn.id)} calls {names(ctx, services)} but has no execution role, "
                                          "so those calls are denied.",
                      f"Give {name(ctx, fn.id)} an IAM execution role that allows exactly these calls.")


@rule("SLS-DDB-002", "error", pillars=("performance", "cost"))
def capacity_mode(ctx: RuleContext) -> Iterator[Hit]:
    """Provisioned tables declare RCU and WCU; on-demand tables declare none."""
    for table in ctx.index.of_kind("dynamodb_table"):
        p = ctx.props(table)
        if p.billing_mode == "provisioned" and not ((p.rcu or 0) > 0 and (p.wcu or 0) > 0):  # type: ignore[attr-defined]
            yield hit(table.id, f"{name(ctx, table.id)} uses provisioned capacity without read and write capacity "
                                "units.",
                      f"Set rcu and wcu on {name(ctx, table.id)} (with auto scaling), or switch it to on-demand.",
                      quick_fix=QuickFix("Switch to on-demand", lambda d, i=table.id: set_node_fields(
                          d, i, props={"billing_mode": "on_demand", "rcu": None, "wcu": None})))
        elif p.billing_mode == "on_demand" and (p.rcu or p.wcu):  # type: ignore[attr-defined]
            yield hit(table.id, f"{name(ctx, table.id)} is on-demand but declares capacity units, which on-demand "
                                "tables do not take.",
                      f"Remove rcu/wcu from {name(ctx, table.id)}, or switch it to provisioned.",
                      quick_fix=QuickFix("Remove the capacity units", lambda d, i=table.id: set_node_fields(
                          d, i, props={"rcu": None, "wcu": None})))


@rule("SLS-DDB-003", "error", pillars=("performance", "reliability"), aliases=("db.dax_node_count",))
def dax_cluster(ctx: RuleContext) -> Iterator[Hit]:
    """DAX fronts DynamoDB only, with at most 10 nodes; production clusters want 3+ nodes over AZs."""
    f = facts(ctx)
    for dax in ctx.index.of_kind("dax"):
        wrong = [e.target for e in f.traffic_out(dax.id)
                 if e.target in ctx.diagram.nodes and ctx.diagram.nodes[e.target].kind != "dynamodb_table"]
        if wrong:
            yield hit([dax.id, *wrong], f"{name(ctx, dax.id)} caches {names(ctx, wrong)}, but DAX works only in front "
                                        "of DynamoDB.",
                      f"Use ElastiCache in front of {names(ctx, wrong)} instead of DAX.")
        nodes = ctx.props(dax).nodes  # type: ignore[attr-defined]
        if nodes > DAX_MAX_NODES:
            yield hit(dax.id, f"{name(ctx, dax.id)} has {nodes} nodes; a DAX cluster has at most 10.",
                      f"Reduce {name(ctx, dax.id)} to 10 nodes (or use larger node types).",
                      quick_fix=QuickFix("Use 10 nodes", lambda d, i=dax.id: set_node_fields(d, i, props={"nodes": 10})))
        elif nodes < DAX_PROD_NODES and f.is_production(dax):
            yield hit(dax.id, f"{name(ctx, dax.id)} has {nodes} node(s); production DAX clusters need at least 3 "
                              "spread over AZs to survive a node or AZ failure.",
                      f"Run 3 nodes in {name(ctx, dax.id)}, in different AZs.", severity="warning",
                      quick_fix=QuickFix("Use 3 nodes", lambda d, i=dax.id: set_node_fields(d, i, props={"nodes": 3})))


@rule("SLS-DDB-004", "error", pillars=("reliability",))
def global_tables_need_streams(ctx: RuleContext) -> Iterator[Hit]:
    """DynamoDB Global Tables replicate through Streams."""
    for table in ctx.index.of_kind("dynamodb_table"):
        p = ctx.props(table)
        if len(set(p.global_regions)) > 1 and not p.streams:  # type: ignore[attr-defined]
            yield hit(table.id, f"{name(ctx, table.id)} is a global table over {', '.join(p.global_regions)} but has "  # type: ignore[attr-defined]
                                "DynamoDB Streams off; replication needs them.",
                      f"Enable DynamoDB Streams (new and old images) on {name(ctx, table.id)}.",
                      quick_fix=QuickFix("Enable Streams", lambda d, i=table.id: set_node_fields(
                          d, i, props={"streams": True})))


@rule("perf.read_heavy_no_cache", "info", section="DynamoDB Advanced Features",
      lines="§DynamoDB Advanced Features L4721-4740", pillars=("performance", "cost"),
      summary="A read-heavy DynamoDB path has no DAX or API Gateway cache")
def read_heavy_table_without_cache(ctx: RuleContext) -> Iterator[Hit]:
    """A table flagged ``read_heavy`` with no DAX in front and no caching API Gateway upstream."""
    f = facts(ctx)
    for table in ctx.index.of_kind("dynamodb_table"):
        if not ctx.intent(table, "read_heavy"):
            continue
        callers = [e.source for e in f.traffic_in(table.id) if e.source in ctx.diagram.nodes]
        if any(ctx.diagram.nodes[c].kind == "dax" for c in callers):
            continue
        upstream = [e.source for c in callers for e in f.traffic_in(c) if e.source in ctx.diagram.nodes]
        if any(ctx.diagram.nodes[u].kind == "api_gateway" and ctx.props(u).cache for u in upstream):  # type: ignore[attr-defined]
            continue
        yield hit(table.id, f"{name(ctx, table.id)} is read-heavy but every read reaches the table.",
                  f"Put DAX in front of {name(ctx, table.id)} (microsecond reads, no code change), or cache responses "
                  "in API Gateway.")


@rule("SLS-APIGW-001", "error", pillars=("security", "reliability"))
def private_api_not_from_internet(ctx: RuleContext) -> Iterator[Hit]:
    """A private API is reachable only from VPCs through an execute-api interface endpoint."""
    f = facts(ctx)
    for api in ctx.index.of_kind("api_gateway"):
        if ctx.props(api).endpoint_type != "private":  # type: ignore[attr-defined]
            continue
        outside = [e.source for e in f.traffic_in(api.id)
                   if e.source in ctx.diagram.nodes and ctx.diagram.nodes[e.source].kind in OUTSIDE_KINDS]
        if outside:
            yield hit([api.id, *outside], f"Internet clients ({names(ctx, outside)}) call {name(ctx, api.id)}, but it is "
                                          "a private API, reachable only from VPCs through an interface endpoint.",
                      f"Make {name(ctx, api.id)} regional or edge-optimized for Internet clients, or call it from inside "
                      "a VPC through an execute-api endpoint.",
                      quick_fix=QuickFix("Make the API regional", lambda d, i=api.id: set_node_fields(
                          d, i, props={"endpoint_type": "regional"})))


@rule("api.unauthenticated", "warning", section="API Gateway Security", lines="§API Gateway Security L4852-4920",
      summary="A non-public API Gateway API has no authorizer", pillars=("security",))
def api_without_authorizer(ctx: RuleContext) -> Iterator[Hit]:
    """An API not meant to be public needs IAM, Cognito or a Lambda authorizer."""
    for api in ctx.index.of_kind("api_gateway"):
        p = ctx.props(api)
        if p.authorizer == "none" and not p.public_api:  # type: ignore[attr-defined]
            yield hit(api.id, f"{name(ctx, api.id)} accepts calls from anyone: it has no authorizer and is not marked as "
                              "a public API.",
                      f"Protect {name(ctx, api.id)} with a Cognito user pool, IAM or a Lambda authorizer (or mark it "
                      "public_api if it is meant to be open).",
                      quick_fix=QuickFix("Require IAM authorization", lambda d, i=api.id: set_node_fields(
                          d, i, props={"authorizer": "iam"})))


@rule("SLS-COG-002", "warning", pillars=("security",))
def no_long_term_keys_on_clients(ctx: RuleContext) -> Iterator[Hit]:
    """Mobile and web clients must not embed IAM user keys; Cognito Identity Pools give temporary credentials."""
    for client in ctx.index.of_kind(*CLIENT_KINDS):
        if client.props.get("static_aws_credentials") or ctx.intent(client, "static_aws_credentials"):
            yield hit(client.id, f"{name(ctx, client.id)} carries long-term IAM access keys; anyone who unpacks the app "
                                 "can use them.",
                      f"Give {name(ctx, client.id)} temporary credentials through a Cognito Identity Pool (scoped IAM "
                      "role) and remove the embedded keys.",
                      quick_fix=QuickFix("Remove the embedded keys", lambda d, i=client.id: set_node_fields(
                          d, i, props={"static_aws_credentials": None})))


@rule("SLS-APIGW-002", "error", pillars=("reliability",))
def api_integrations(ctx: RuleContext) -> Iterator[Hit]:
    """API Gateway integrates Lambda, HTTP endpoints or AWS service APIs, not database servers directly."""
    edges = ctx.diagram.edges
    for api in ctx.index.of_kind("api_gateway"):
        wrong = [edges[i].target for i in ctx.index.out_edges.get(api.id, ())
                 if edges[i].target in ctx.diagram.nodes and ctx.diagram.nodes[edges[i].target].kind in NO_API_KINDS]
        if wrong:
            yield hit([api.id, *wrong], f"{name(ctx, api.id)} integrates {names(ctx, wrong)} directly; API Gateway calls "
                                        "Lambda functions, HTTP endpoints or AWS service APIs, not database servers.",
                      f"Put a Lambda function (or an HTTP service) between {name(ctx, api.id)} and {names(ctx, wrong)}.")


@rule("SLS-APIGW-003", "error", pillars=("security",))
def iam_auth_for_outside_callers(ctx: RuleContext) -> Iterator[Hit]:
    """IAM (SigV4) authorization suits callers with AWS credentials; app users sign in with Cognito instead."""
    f = facts(ctx)
    pools = {e.source for p in ctx.index.of_kind("cognito_identity_pool") for e in
             (ctx.diagram.edges[i] for i in ctx.index.in_edges.get(p.id, ()))}
    for api in ctx.index.of_kind("api_gateway"):
        if ctx.props(api).authorizer != "iam":  # type: ignore[attr-defined]
            continue
        outside = [e.source for e in f.traffic_in(api.id) if e.source in ctx.diagram.nodes
                   and ctx.diagram.nodes[e.source].kind in OUTSIDE_KINDS and e.source not in pools]
        if outside:
            yield hit([api.id, *outside], f"{name(ctx, api.id)} requires IAM signatures, but its callers outside AWS "
                                          f"({names(ctx, outside)}) have no AWS credentials of their own.",
                      f"Authorize {names(ctx, outside)} with a Cognito user pool (or give them temporary credentials "
                      "through a Cognito identity pool).",
                      quick_fix=QuickFix("Use a Cognito authorizer", lambda d, i=api.id: set_node_fields(
                          d, i, props={"authorizer": "cognito"})), severity="warning")


@rule("SLS-DDB-001", "error", pillars=("reliability",))
def dynamodb_item_size(ctx: RuleContext) -> Iterator[Hit]:
    """A DynamoDB item is at most 400 KB (large payloads go to S3, with a pointer in the item)."""
    f = facts(ctx)
    for table in ctx.index.of_kind("dynamodb_table"):
        for edge in f.traffic_in(table.id):
            size = float(edge.props.get("item_kb", 0) or 0)
            if size > DDB_ITEM_KB:
                yield hit([table.id, edge.source], f"{name(ctx, edge.source)} writes {size:g} KB items to "
                                                   f"{name(ctx, table.id)}; a DynamoDB item is at most 400 KB.",
                          f"Store the large part in S3 and keep its key in the {name(ctx, table.id)} item.")


@rule("SLS-DDB-006", "error", pillars=("reliability",))
def dynamodb_transaction_size(ctx: RuleContext) -> Iterator[Hit]:
    """A transaction covers at most 100 items today (the notes say 10) and 4 MB."""
    f = facts(ctx)
    for table in ctx.index.of_kind("dynamodb_table"):
        for edge in f.traffic_in(table.id):
            items = int(edge.props.get("transaction_items", 0) or 0)
            if items > DDB_TRANSACTION_ITEMS:
                yield hit([table.id, edge.source], f"{name(ctx, edge.source)} writes {items} items per transaction to "
                                                   f"{name(ctx, table.id)}; a DynamoDB transaction takes at most 100.",
                          "Split the transaction, or redesign so fewer items change together.")
            elif items > NOTES_TRANSACTION_ITEMS:
                yield hit([table.id, edge.source], f"{name(ctx, edge.source)} writes {items} items per transaction, "
                                                   "above the notes' 10; DynamoDB accepts up to 100 today.",
                          "No change needed on current AWS.", severity="info")


@rule("SLS-COG-003", "error", pillars=("operational_excellence",))
def cognito_sync_needs_identity_pool(ctx: RuleContext) -> Iterator[Hit]:
    """Cognito Sync works with an Identity Pool (not a User Pool) and is deprecated in favour of AppSync."""
    for pool in ctx.index.of_kind("cognito_user_pool", "cognito_identity_pool"):
        if not (pool.props.get("sync") or ctx.intent(pool, "sync")):
            continue
        user_pool = pool.kind == "cognito_user_pool"
        yield hit(pool.id, f"{name(ctx, pool.id)} uses Cognito Sync"
                           + (", which needs an Identity Pool, not a User Pool." if user_pool
                              else ", which is deprecated."),
                  "Synchronise user data with AppSync (or an Identity Pool for legacy Cognito Sync).",
                  severity=None if user_pool else "info")
