"""Disaster recovery, other databases and storage extras (rules.md sections 26, 21 and 17).

The design's DR targets live in ``settings.dr``: ``{rpo_minutes, rto_minutes, strategy, dr_region}``.
"""

from __future__ import annotations

from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.model.props import LB_KINDS
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import OUTSIDE_KINDS, edge_access, facts, name, names
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

PITR_MINUTES = 5
REDSHIFT_SNAPSHOT_MINUTES = 8 * 60
GATEWAY_BACKENDS = {"file": {"s3_bucket", "fsx_windows"}, "volume": {"s3_bucket", "ebs_snapshot", "ebs"},
                    "tape": {"s3_bucket", "glacier_vault"}}
SNOW_DAYS = 7


def _dr(ctx: RuleContext) -> dict:
    value = ctx.settings.get("dr") or {}
    return value if isinstance(value, dict) else {}


def _region(ctx: RuleContext, node_id: str) -> str | None:
    region = ctx.index.region_of(node_id)
    return ctx.props(region).name if region is not None else None  # type: ignore[attr-defined]


@rule("DR-002", "warning", pillars=("reliability",))
def stores_meet_rpo(ctx: RuleContext) -> Iterator[Hit]:
    """Every stateful store's backup or replication interval must fit the design's RPO."""
    rpo = _dr(ctx).get("rpo_minutes")
    if rpo is None:
        return
    rpo = float(rpo)
    f = facts(ctx)
    for db in ctx.index.of_kind("rds", "aurora_instance"):
        p = ctx.props(db)
        if p.role not in ("primary", "writer") or p.replica_of:  # type: ignore[attr-defined]
            continue
        replicated = bool(f.replicas_of.get(db.id))
        if p.backup_retention_days == 0 and not replicated:  # type: ignore[attr-defined]
            yield hit(db.id, f"{name(ctx, db.id)} has no automated backups and no replica, so nothing meets the "
                             f"{rpo:g}-minute RPO.",
                      f"Turn on automated backups for {name(ctx, db.id)} (point-in-time restore, about 5 minutes) or "
                      "add a replica.", quick_fix=QuickFix("Keep backups for 7 days", lambda d, i=db.id:
                                                           set_node_fields(d, i, props={"backup_retention_days": 7})))
        elif rpo < PITR_MINUTES and not replicated:
            yield hit(db.id, f"Point-in-time restore of {name(ctx, db.id)} loses up to about 5 minutes, more than the "
                             f"{rpo:g}-minute RPO.",
                      f"Add a replica of {name(ctx, db.id)} (cross-region or Aurora Global for seconds of lag).")
    for cluster in ctx.index.of_kind("redshift"):
        if rpo < REDSHIFT_SNAPSHOT_MINUTES:
            yield hit(cluster.id, f"{name(ctx, cluster.id)} is snapshotted automatically every 8 hours (or 5 GB), "
                                  f"more than the {rpo:g}-minute RPO allows.",
                      f"Take manual snapshots of {name(ctx, cluster.id)} more often, or keep the source data "
                      "replayable (S3).")
    for table in ctx.index.of_kind("dynamodb_table"):
        p = ctx.props(table)
        if not p.pitr and not p.global_regions:  # type: ignore[attr-defined]
            yield hit(table.id, f"{name(ctx, table.id)} has neither point-in-time recovery nor global replication, so "
                                f"it cannot meet the {rpo:g}-minute RPO.",
                      f"Enable point-in-time recovery on {name(ctx, table.id)}.",
                      quick_fix=QuickFix("Enable point-in-time recovery", lambda d, i=table.id: set_node_fields(
                          d, i, props={"pitr": True})))


def _cross_region_gap(ctx: RuleContext, node: Node, dr_region: str) -> str | None:
    """What ``node`` lacks to have a copy in ``dr_region`` (None when it has one or holds no state)."""
    f = facts(ctx)
    p = ctx.props(node)
    if node.kind == "rds":
        if p.role != "primary" or p.replica_of:  # type: ignore[attr-defined]
            return None
        if any(_region(ctx, r) == dr_region for r in f.replicas_of.get(node.id, [])):
            return None
        return f"a cross-region read replica in {dr_region}"
    if node.kind == "aurora_cluster_volume":
        return None if dr_region in p.global_secondary_regions else f"an Aurora Global Database secondary in {dr_region}"  # type: ignore[attr-defined]
    if node.kind == "dynamodb_table":
        return None if dr_region in p.global_regions else f"a global table replica in {dr_region}"  # type: ignore[attr-defined]
    if node.kind == "s3_bucket":
        target = p.replication_to  # type: ignore[attr-defined]
        if target and target in ctx.diagram.nodes and _region(ctx, target) == dr_region:
            return None
        return f"cross-region replication to a bucket in {dr_region}"
    if node.kind == "redshift":
        return None if p.snapshot_copy_region == dr_region else f"cross-region snapshot copy to {dr_region}"  # type: ignore[attr-defined]
    return None


@rule("DR-004", "warning", section="Disaster Recovery in AWS", lines="§Disaster Recovery in AWS L7595-7641",
      pillars=("reliability",))
def dr_region_copies(ctx: RuleContext) -> Iterator[Hit]:
    """With a DR region declared, every stateful store needs a cross-region copy and traffic needs failover."""
    dr_region = _dr(ctx).get("dr_region")
    if not dr_region:
        return
    for node in ctx.index.of_kind("rds", "aurora_cluster_volume", "dynamodb_table", "s3_bucket", "redshift"):
        if _region(ctx, node.id) == dr_region:
            continue
        gap = _cross_region_gap(ctx, node, dr_region)
        if gap:
            yield hit(node.id, f"The design recovers in {dr_region}, but {name(ctx, node.id)} has no copy there.",
                      f"Give {name(ctx, node.id)} {gap}.")
    failover = [r for r in ctx.index.of_kind("route53_record")
                if ctx.props(r).routing_policy == "failover"]  # type: ignore[attr-defined]
    if not failover and not ctx.index.of_kind("global_accelerator"):
        entries = [n.id for n in ctx.index.of_kind(*LB_KINDS, "cloudfront", "api_gateway")
                   if facts(ctx).reached_from_outside(n.id)]
        yield hit(entries, f"The design recovers in {dr_region}, but nothing moves the users there: no Route 53 "
                           "failover record or Global Accelerator.",
                  "Add Route 53 failover records with a health check on the primary entry point (or Global "
                  "Accelerator with endpoint groups in both regions).")


@rule("dr.high_rto", "info", section="Disaster Recovery in AWS", lines="§Disaster Recovery in AWS L7601-7641",
      summary="A backup-and-restore-only DR plan (hours of RTO)", pillars=("reliability",))
def backup_restore_rto(ctx: RuleContext) -> Iterator[Hit]:
    """Backup and restore is the cheapest strategy but recovers in hours."""
    dr = _dr(ctx)
    if str(dr.get("strategy", "")).lower().replace("-", "_") not in ("backup_restore", "backup_and_restore"):
        return
    rto = dr.get("rto_minutes")
    yield hit([], "The DR plan is backup and restore only: rebuilding from backups takes hours"
                  + (f", longer than the {rto}-minute RTO." if rto is not None and float(rto) < 240 else "."),
              "For a shorter RTO use pilot light (core data replicated, servers off), warm standby or multi-site.",
              severity="warning" if rto is not None and float(rto) < 240 else None)


def _is_web(ctx: RuleContext, node_id: str) -> bool:
    """Serves end users: behind a load balancer (itself or its ASG) or reached from outside AWS."""
    f = facts(ctx)
    asg = getattr(ctx.props(node_id), "member_of", None)
    return node_id in f.lb_of_target or f.reached_from_outside(node_id) or bool(asg and asg in f.lb_of_target)


@rule("DB-RS-001", "warning", pillars=("performance",))
def redshift_not_for_oltp(ctx: RuleContext) -> Iterator[Hit]:
    """Redshift is for analytics, not per-request reads and writes of a web application."""
    f = facts(ctx)
    for cluster in ctx.index.of_kind("redshift"):
        web = [e.source for e in f.traffic_in(cluster.id) if e.source in ctx.diagram.nodes and _is_web(ctx, e.source)]
        if web:
            yield hit([cluster.id, *web], f"The web tier {names(ctx, web)} queries {name(ctx, cluster.id)} per request; "
                                          "Redshift is a warehouse for analytics, not a transactional database.",
                      f"Serve requests from RDS, Aurora or DynamoDB and load {name(ctx, cluster.id)} for analytics.")


@rule("DB-RS-002", "warning", pillars=("reliability",))
def redshift_dr_copy(ctx: RuleContext) -> Iterator[Hit]:
    """Redshift is single-AZ: DR relies on snapshots copied to another region."""
    dr_region = _dr(ctx).get("dr_region")
    for cluster in ctx.index.of_kind("redshift"):
        if ctx.intent(cluster, "dr") and not ctx.props(cluster).snapshot_copy_region:  # type: ignore[attr-defined]
            target = dr_region or "us-west-2"
            yield hit(cluster.id, f"{name(ctx, cluster.id)} must survive a disaster but lives in one AZ with no "
                                  "snapshot copy to another region.",
                      f"Enable automatic cross-region snapshot copy on {name(ctx, cluster.id)}.",
                      quick_fix=QuickFix(f"Copy snapshots to {target}", lambda d, i=cluster.id, r=target:
                                         set_node_fields(d, i, props={"snapshot_copy_region": r})))


@rule("DB-RS-003", "error", pillars=("performance",))
def redshift_node_count(ctx: RuleContext) -> Iterator[Hit]:
    """A Redshift cluster has 1 to 128 nodes."""
    for cluster in ctx.index.of_kind("redshift"):
        count = ctx.props(cluster).nodes  # type: ignore[attr-defined]
        if not 1 <= count <= 128:
            fixed = min(max(count, 1), 128)
            yield hit(cluster.id, f"{name(ctx, cluster.id)} has {count} nodes; a Redshift cluster has 1 to 128.",
                      f"Use {fixed} nodes (or larger node types) for {name(ctx, cluster.id)}.",
                      quick_fix=QuickFix(f"Use {fixed} nodes", lambda d, i=cluster.id, x=fixed: set_node_fields(
                          d, i, props={"nodes": x})))


@rule("DB-RS-004", "info", pillars=("security", "performance"))
def redshift_enhanced_routing(ctx: RuleContext) -> Iterator[Hit]:
    """Enhanced VPC Routing keeps COPY/UNLOAD traffic to S3 inside the VPC."""
    f = facts(ctx)
    for cluster in ctx.index.of_kind("redshift"):
        if ctx.props(cluster).enhanced_vpc_routing:  # type: ignore[attr-defined]
            continue
        edges = [*f.traffic_in(cluster.id), *f.traffic_out(cluster.id)]
        buckets = [x for e in edges for x in (e.source, e.target)
                   if x in ctx.diagram.nodes and ctx.diagram.nodes[x].kind == "s3_bucket"]
        if buckets:
            yield hit([cluster.id, *dict.fromkeys(buckets)], f"{name(ctx, cluster.id)} loads from / unloads to "
                                                             f"{names(ctx, list(dict.fromkeys(buckets)))} without "
                                                             "Enhanced VPC Routing, so that traffic leaves the VPC.",
                      f"Enable Enhanced VPC Routing on {name(ctx, cluster.id)} (with an S3 gateway endpoint).",
                      quick_fix=QuickFix("Enable Enhanced VPC Routing", lambda d, i=cluster.id: set_node_fields(
                          d, i, props={"enhanced_vpc_routing": True})))


@rule("DB-NEP-001", "error", pillars=("reliability",))
def neptune_replicas(ctx: RuleContext) -> Iterator[Hit]:
    """Neptune has at most 15 read replicas."""
    for db in ctx.index.of_kind("neptune"):
        replicas = ctx.props(db).replicas  # type: ignore[attr-defined]
        if replicas > 15:
            yield hit(db.id, f"{name(ctx, db.id)} has {replicas} read replicas; Neptune allows 15.",
                      f"Keep at most 15 replicas for {name(ctx, db.id)}.",
                      quick_fix=QuickFix("Use 15 replicas", lambda d, i=db.id: set_node_fields(
                          d, i, props={"replicas": 15})))


@rule("DB-ATH-001", "error", pillars=("reliability",))
def athena_writes_to_s3(ctx: RuleContext) -> Iterator[Hit]:
    """Athena writes its query results to S3 only."""
    f = facts(ctx)
    for athena in ctx.index.of_kind("athena"):
        wrong = [e.target for e in f.traffic_out(athena.id) if edge_access(e) == "write"
                 and e.target in ctx.diagram.nodes and ctx.diagram.nodes[e.target].kind != "s3_bucket"]
        if wrong:
            yield hit([athena.id, *wrong], f"{name(ctx, athena.id)} writes results to {names(ctx, wrong)}; Athena writes "
                                           "query results to S3 only.",
                      f"Send the results of {name(ctx, athena.id)} to an S3 bucket and load them from there.")


@rule("STO-SNOW-001", "info", pillars=("performance", "cost"), aliases=("data.network_vs_snow",))
def transfer_by_snow(ctx: RuleContext) -> Iterator[Hit]:
    """A network transfer taking more than about a week is faster on a Snow device."""
    for edge in ctx.diagram.edges.values():
        size_gb = float(edge.props.get("transfer_gb", 0) or 0)
        mbps = float(edge.props.get("bandwidth_mbps", 0) or 0)
        if size_gb <= 0 or mbps <= 0:
            continue
        days = size_gb * 8000 / mbps / 86400
        if days > SNOW_DAYS:
            yield hit([edge.source, edge.target], f"Moving {size_gb:g} GB from {name(ctx, edge.source)} to "
                                                  f"{name(ctx, edge.target)} at {mbps:g} Mbit/s takes about "
                                                  f"{days:.0f} days.",
                      "Ship the data on a Snowball Edge (80 TB each) or Snowmobile instead.")


@rule("STO-SNOW-002", "error", pillars=("reliability",), aliases=("data.snowball_direct_to_glacier",))
def snowball_lands_in_s3(ctx: RuleContext) -> Iterator[Hit]:
    """Snowball imports into S3; move data to Glacier with a lifecycle rule afterwards."""
    for edge in ctx.diagram.edges.values():
        source, target = ctx.diagram.nodes.get(edge.source), ctx.diagram.nodes.get(edge.target)
        if source is not None and target is not None and source.kind == "snowball" and target.kind == "glacier_vault":
            yield hit([source.id, target.id], f"{name(ctx, source.id)} imports straight into {name(ctx, target.id)}, "
                                              "but Snowball can only import into S3.",
                      "Import into an S3 bucket and add a lifecycle rule that transitions the objects to Glacier.")


@rule("STO-SGW-001", "error", pillars=("reliability",))
def storage_gateway_backend(ctx: RuleContext) -> Iterator[Hit]:
    """File Gateway stores in S3 (or FSx), Volume Gateway in S3/EBS snapshots, Tape Gateway in S3/Glacier."""
    f = facts(ctx)
    for gateway in ctx.index.of_kind("storage_gateway"):
        mode = ctx.props(gateway).mode  # type: ignore[attr-defined]
        allowed = GATEWAY_BACKENDS[mode]
        wrong = [e.target for e in f.traffic_out(gateway.id) if e.target in ctx.diagram.nodes
                 and ctx.diagram.nodes[e.target].kind not in allowed
                 and ctx.diagram.nodes[e.target].kind not in (*OUTSIDE_KINDS, "corporate_dc", "on_prem_server")]
        if wrong:
            yield hit([gateway.id, *wrong], f"{name(ctx, gateway.id)} is a {mode} gateway but stores into "
                                            f"{names(ctx, wrong)}; a {mode} gateway is backed by "
                                            f"{' / '.join(sorted(allowed))}.",
                      f"Use the gateway type that matches {names(ctx, wrong)}, or back it with "
                      f"{' / '.join(sorted(allowed))}.")


@rule("STO-FSXL-001", "info", pillars=("reliability",), aliases=("storage.scratch_no_replication",))
def lustre_durability(ctx: RuleContext) -> Iterator[Hit]:
    """FSx for Lustre scratch file systems are not replicated; persistent ones stay in one AZ."""
    for fs in ctx.index.of_kind("fsx_lustre"):
        deployment = ctx.props(fs).deployment  # type: ignore[attr-defined]
        if ctx.intent(fs, "ha"):
            yield hit(fs.id, f"{name(ctx, fs.id)} must be highly available, but FSx for Lustre lives in one AZ.",
                      f"Keep the data of {name(ctx, fs.id)} in S3 (linked repository) so it can be rebuilt, or use a "
                      "multi-AZ file system.", severity="warning")
        elif deployment == "scratch":
            yield hit(fs.id, f"{name(ctx, fs.id)} is a scratch file system: its data is not replicated and is lost "
                             "when a server fails.",
                      "Use it only for temporary data, link it to S3, or choose a persistent deployment.",
                      quick_fix=QuickFix("Use a persistent deployment", lambda d, i=fs.id: set_node_fields(
                          d, i, props={"deployment": "persistent"})))


@rule("STO-TF-001", "error", pillars=("security", "reliability"), aliases=("sec.plaintext_protocol",))
def transfer_family_backend(ctx: RuleContext) -> Iterator[Hit]:
    """Transfer Family serves FTP/FTPS/SFTP into S3 or EFS with an IAM role; plain FTP is unencrypted."""
    f = facts(ctx)
    for server in ctx.index.of_kind("transfer_family"):
        p = ctx.props(server)
        wrong = [e.target for e in f.traffic_out(server.id) if e.target in ctx.diagram.nodes
                 and ctx.diagram.nodes[e.target].kind not in ("s3_bucket", "efs")]
        if wrong:
            yield hit([server.id, *wrong], f"{name(ctx, server.id)} stores into {names(ctx, wrong)}; Transfer Family "
                                           "stores only in S3 or EFS.",
                      f"Point {name(ctx, server.id)} at an S3 bucket or EFS file system.")
        stores = [e.target for e in f.traffic_out(server.id) if e.target not in wrong]
        if stores and not p.role:  # type: ignore[attr-defined]
            yield hit(server.id, f"{name(ctx, server.id)} has no IAM role, so it cannot write to "
                                 f"{names(ctx, stores)}.",
                      f"Give {name(ctx, server.id)} an IAM role allowing access to {names(ctx, stores)}.")
        if "FTP" in p.protocols:  # type: ignore[attr-defined]
            yield hit(server.id, f"{name(ctx, server.id)} accepts plain FTP, which sends credentials and files "
                                 "unencrypted.",
                      f"Offer SFTP or FTPS on {name(ctx, server.id)} instead of FTP.", severity="warning",
                      quick_fix=QuickFix("Use SFTP", lambda d, i=server.id: set_node_fields(
                          d, i, props={"protocols": ["SFTP"]})))


#: workload intent -> the kinds the notes choose for it.
WORKLOAD_KINDS = {"oltp": ("rds", "aurora_instance"), "relational": ("rds", "aurora_instance"),
                  "key_value": ("dynamodb_table",), "document": ("dynamodb_table", "documentdb"),
                  "in_memory": ("elasticache",), "graph": ("neptune",), "search": ("elasticsearch", "opensearch"),
                  "olap": ("redshift", "athena"), "warehouse": ("redshift", "athena"),
                  "objects": ("s3_bucket",), "archive": ("glacier_vault", "s3_bucket")}
DATA_KINDS = ("rds", "aurora_instance", "dynamodb_table", "documentdb", "elasticache", "neptune", "elasticsearch",
              "opensearch", "redshift", "athena", "s3_bucket", "glacier_vault")


@rule("DB-CHOOSE-001", "info", pillars=("performance", "cost"))
def database_fits_workload(ctx: RuleContext) -> Iterator[Hit]:
    """A store flagged with a ``workload`` should be the notes' choice for it (graph -> Neptune, ...)."""
    for store in ctx.index.of_kind(*DATA_KINDS):
        workload = str(ctx.intent(store, "workload") or "").lower().replace("-", "_").replace(" ", "_")
        expected = WORKLOAD_KINDS.get(workload)
        if expected and store.kind not in expected:
            yield hit(store.id, f"{name(ctx, store.id)} ({store.kind}) serves a {workload.replace('_', ' ')} workload, "
                                f"which the notes give to {' or '.join(expected)}.",
                      f"Consider {' or '.join(expected)} for the {workload.replace('_', ' ')} data of "
                      f"{name(ctx, store.id)}.")
