"""RDS and Aurora rules (rules.md sections 9 and 10) and the case studies' ``db.read_pressure``.

An RDS node has a ``role`` (primary, standby, read_replica) and ``replica_of``; Aurora is drawn as
``aurora_instance`` nodes (writer/reader) naming their ``aurora_cluster_volume``, reached directly or through
``aurora_endpoint`` nodes. Whether a flow reads or writes comes from the edge's ``access`` property or label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import set_edge_fields, set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import (
    client_security_groups,
    edge_access,
    facts,
    name,
    names,
    open_data_rules,
    restrict_rules_edit,
)
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

RDS_ENGINES = {"mysql", "mariadb", "postgres", "postgresql", "oracle", "sqlserver", "db2", "aurora-mysql",
               "aurora-postgresql", "aurora"}
AURORA_ENGINES = {"aurora", "aurora-mysql", "aurora-postgresql"}
IAM_AUTH_ENGINES = {"mysql", "mariadb", "postgres", "postgresql", "aurora", "aurora-mysql", "aurora-postgresql"}
DEFAULT_PORTS = {"mysql": 3306, "mariadb": 3306, "aurora": 3306, "aurora-mysql": 3306, "postgres": 5432,
                 "postgresql": 5432, "aurora-postgresql": 5432, "oracle": 1521, "sqlserver": 1433, "db2": 50000}
NOTES_REPLICA_LIMIT = 5
AURORA_MAX_STORAGE_GIB = 131072
AURORA_NOTES_STORAGE_GIB = 65536
READER_ROLES = ("reader", "read_replica")


def _replica_limit(engine: str) -> int:
    return 5 if engine in ("oracle", "sqlserver") else 3 if engine == "db2" else 15


def _primaries(ctx: RuleContext) -> list[Node]:
    return [db for db in ctx.index.of_kind("rds") if ctx.props(db).role == "primary"  # type: ignore[attr-defined]
            and not ctx.props(db).replica_of]  # type: ignore[attr-defined]


@rule("RDS-ENG-001", "error", pillars=("operational_excellence",))
def supported_engine(ctx: RuleContext) -> Iterator[Hit]:
    """RDS runs PostgreSQL, MySQL, MariaDB, Oracle, SQL Server, Db2 or Aurora; RDS Custom only Oracle/SQL Server."""
    for db in ctx.index.of_kind("rds"):
        p = ctx.props(db)
        engine = p.engine.lower()  # type: ignore[attr-defined]
        if engine not in RDS_ENGINES:
            yield hit(db.id, f"{name(ctx, db.id)} uses the engine {p.engine!r}, which RDS does not offer.",  # type: ignore[attr-defined]
                      "Choose postgres, mysql, mariadb, oracle, sqlserver, db2 or an Aurora engine, or run this "
                      "database on EC2.")
        elif p.custom and engine not in ("oracle", "sqlserver"):  # type: ignore[attr-defined]
            yield hit(db.id, f"{name(ctx, db.id)} is RDS Custom with {engine}; RDS Custom exists only for Oracle "
                             "and SQL Server.",
                      f"Turn off RDS Custom on {name(ctx, db.id)}.",
                      quick_fix=QuickFix("Turn off RDS Custom", lambda d, i=db.id: set_node_fields(
                          d, i, props={"custom": None})))


DATA_STORE_KINDS = ("rds", "aurora_instance", "elasticache")


def _data_only(ctx: RuleContext, sg_id: str) -> bool:
    """The SG is carried by data stores only (their ports are known)."""
    return all(ctx.diagram.nodes[m].kind in DATA_STORE_KINDS for m in ctx.index.members_of(sg_id))


def _member_ports(ctx: RuleContext, sg_id: str) -> set[int]:
    return {ctx.props(m).effective_port for m in ctx.index.members_of(sg_id)}  # type: ignore[attr-defined]


@rule("RDS-PORT-001", "info", pillars=("security",))
def non_default_port(ctx: RuleContext) -> Iterator[Hit]:
    """A non-default DB port is allowed; security groups and clients must use it."""
    for db in ctx.index.of_kind("rds", "aurora_instance"):
        p = ctx.props(db)
        port = p.effective_port  # type: ignore[attr-defined]
        extra = sorted({str(r.port) for sg in ctx.index.security_groups_of(db.id) if _data_only(ctx, sg.id)
                        for r in ctx.props(sg).inbound  # type: ignore[attr-defined]
                        if not r.port.is_all and not any(r.port.contains(x) for x in _member_ports(ctx, sg.id))})
        if extra:
            yield hit(db.id, f"The security group of {name(ctx, db.id)} also opens port(s) {', '.join(extra)}, which the "
                             f"database does not listen on (it uses {port}).",
                      f"Remove the rules for {', '.join(extra)} from the security group of {name(ctx, db.id)}.",
                      severity="warning")
        default = DEFAULT_PORTS.get(p.engine.lower())  # type: ignore[attr-defined]
        if p.port and default and p.port != default:  # type: ignore[attr-defined]
            yield hit(db.id, f"{name(ctx, db.id)} listens on port {p.port} instead of {p.engine}'s default "  # type: ignore[attr-defined]
                             f"{default}.",
                      f"Open port {p.port} (not {default}) on the security group of {name(ctx, db.id)} and in "  # type: ignore[attr-defined]
                      "the clients' connection strings.")


def _public_placement(ctx: RuleContext, db: Node) -> tuple[bool, list[str]]:
    f = facts(ctx)
    public_subnets = [s for s in f.placed_subnets(db) if f.is_public_subnet(s)]
    return bool(ctx.props(db).publicly_accessible), public_subnets  # type: ignore[attr-defined]


def _public_hits(ctx: RuleContext, kinds: tuple[str, ...]) -> Iterator[Hit]:
    for db in ctx.index.of_kind(*kinds):
        accessible, public_subnets = _public_placement(ctx, db)
        if not accessible and not public_subnets:
            continue
        reasons = []
        if accessible:
            reasons.append("it is publicly accessible")
        if public_subnets:
            reasons.append(f"it sits in the public subnet{'s' if len(public_subnets) > 1 else ''} "
                           f"{names(ctx, public_subnets)}")
        quick = None
        if accessible:
            quick = QuickFix(f"Make {name(ctx, db.id)} private", lambda d, i=db.id: set_node_fields(
                d, i, props={"publicly_accessible": False}))
        yield hit([db.id, *public_subnets], f"{name(ctx, db.id)} can be exposed to the Internet: "
                                            f"{' and '.join(reasons)}.",
                  f"Turn off public access on {name(ctx, db.id)} and place it in private (data) subnets with no "
                  "route to the internet gateway.", quick_fix=quick)


@rule("RDS-NET-001", "warning", pillars=("security",))
def rds_is_private(ctx: RuleContext) -> Iterator[Hit]:
    """RDS belongs in private subnets with public access off."""
    yield from _public_hits(ctx, ("rds",))


def _sg_hits(ctx: RuleContext, kinds: tuple[str, ...], what: str) -> Iterator[Hit]:
    by_sg: dict[str, list[Node]] = defaultdict(list)
    for db in ctx.index.of_kind(*kinds):
        for sg in ctx.index.security_groups_of(db.id):
            by_sg[sg.id].append(db)
    for sg_id, dbs in by_sg.items():
        sg = ctx.diagram.nodes[sg_id]
        port = ctx.props(dbs[0]).effective_port  # type: ignore[attr-defined]
        bad = open_data_rules(ctx, sg, port)
        if not bad:
            continue
        clients = client_security_groups(ctx, [d.id for d in dbs])
        quick = None
        if clients:
            quick = QuickFix(f"Admit port {port} only from {name(ctx, clients[0])}",
                             lambda d, s=sg_id, b=bad, p=port, c=clients[0]: restrict_rules_edit(d, s, b, p, c))
        db_ids = [d.id for d in dbs]
        yield hit([sg_id, *db_ids], f"{name(ctx, sg_id)} (on the {what} {names(ctx, db_ids)}) admits traffic from "
                                    "anywhere or on every port; only the application tier should reach it.",
                  f"Replace those rules of {name(ctx, sg_id)} with TCP {port} from "
                  f"{name(ctx, clients[0]) if clients else 'the application tier security group'}.",
                  quick_fix=quick)


@rule("RDS-SG-001", "warning", pillars=("security",))
def rds_sg_only_from_app(ctx: RuleContext) -> Iterator[Hit]:
    """The database SG admits the DB port from the app tier's SG, never 0.0.0.0/0 or all ports."""
    yield from _sg_hits(ctx, ("rds",), "database")


@rule("RDS-SSH-001", "error", pillars=("security",))
def no_ssh_to_managed_db(ctx: RuleContext) -> Iterator[Hit]:
    """RDS and Aurora give no SSH/RDP access (RDS Custom aside)."""
    f = facts(ctx)
    for db in ctx.index.of_kind("rds", "aurora_instance"):
        if ctx.props(db).custom:  # type: ignore[attr-defined]
            continue
        for edge in f.traffic_in(db.id):
            if edge.port is not None and (edge.port.contains(22) or edge.port.contains(3389)) \
                    and not edge.port.is_all:
                yield hit([db.id, edge.source], f"{name(ctx, edge.source)} opens SSH/RDP ({edge.port}) to "
                                                f"{name(ctx, db.id)}, but managed databases give no OS access.",
                          f"Connect to {name(ctx, db.id)} on its database port; use RDS Custom if you need "
                          "host access.")


@rule("RDS-RR-001", "error", pillars=("reliability", "performance"))
def replica_count(ctx: RuleContext) -> Iterator[Hit]:
    """Replicas per source: above the engine limit AWS refuses (error); above the notes' 5 is allowed (info);
    a source needs automated backups."""
    f = facts(ctx)
    for source_id, replica_ids in f.replicas_of.items():
        source = ctx.diagram.nodes[source_id]
        if source.kind != "rds":
            continue
        replicas = [r for r in replica_ids if ctx.props(r).role == "read_replica"]  # type: ignore[attr-defined]
        if not replicas:
            continue
        p = ctx.props(source)
        limit = _replica_limit(p.engine.lower())  # type: ignore[attr-defined]
        if len(replicas) > limit:
            yield hit([source_id, *replicas], f"{name(ctx, source_id)} has {len(replicas)} read replicas; "
                                              f"{p.engine} allows at most {limit}.",  # type: ignore[attr-defined]
                      f"Remove replicas of {name(ctx, source_id)} down to {limit}, or add a cache in front.")
        elif len(replicas) > NOTES_REPLICA_LIMIT:
            yield hit([source_id, *replicas], f"{name(ctx, source_id)} has {len(replicas)} read replicas, more than "
                                              "the 5 the notes give; AWS allows this today.",
                      "No change needed on current AWS; keep it in mind for the exam.", severity="info")
        if p.backup_retention_days == 0:  # type: ignore[attr-defined]
            yield hit([source_id, *replicas], f"{name(ctx, source_id)} has read replicas but automated backups are "
                                              "off (retention 0); AWS needs backups on the source.",
                      f"Set the backup retention of {name(ctx, source_id)} to at least 1 day.",
                      quick_fix=QuickFix("Keep backups for 7 days", lambda d, i=source_id: set_node_fields(
                          d, i, props={"backup_retention_days": 7})))


def _retarget(ctx: RuleContext, edge_id: str, target: str, title: str) -> QuickFix:
    return QuickFix(title, lambda d, e=edge_id, t=target: set_edge_fields(d, e, to=t))


@rule("RDS-RR-002", "error", pillars=("reliability",), aliases=("db.write_to_replica",))
def writes_go_to_primary(ctx: RuleContext) -> Iterator[Hit]:
    """Read replicas are read-only: writes must go to the primary."""
    f = facts(ctx)
    for db in ctx.index.of_kind("rds"):
        p = ctx.props(db)
        if p.role != "read_replica":  # type: ignore[attr-defined]
            continue
        for edge in f.traffic_in(db.id):
            if edge_access(edge) == "read" and str(edge.props.get("consistency", "")).lower() == "strong":
                yield hit([db.id, edge.source], f"{name(ctx, edge.source)} needs read-after-write consistency but reads "
                                                f"{name(ctx, db.id)}, an asynchronous replica that may lag behind.",
                          f"Read data that must be current from {name(ctx, p.replica_of or 'the primary')}; keep the "  # type: ignore[attr-defined]
                          "replica for reads that tolerate lag.", severity="warning")
            if edge_access(edge) in ("write", "read_write"):
                primary = p.replica_of if p.replica_of in ctx.diagram.nodes else None  # type: ignore[attr-defined]
                quick = _retarget(ctx, edge.id, primary, f"Send the writes to {name(ctx, primary)}") if primary \
                    else None
                yield hit([db.id, edge.source], f"{name(ctx, edge.source)} writes to {name(ctx, db.id)}, a read "
                                                "replica; replicas are read-only.",
                          f"Send the writes of {name(ctx, edge.source)} to "
                          f"{name(ctx, primary) if primary else 'the primary'}; keep only reads on the replica.",
                          quick_fix=quick)


@rule("RDS-MAZ-001", "error", pillars=("reliability",), aliases=("db.read_from_standby",))
def standby_is_not_served(ctx: RuleContext) -> Iterator[Hit]:
    """A Multi-AZ standby serves no reads or writes, and sits in another AZ than its primary."""
    f = facts(ctx)
    for db in ctx.index.of_kind("rds"):
        p = ctx.props(db)
        if p.role != "standby":  # type: ignore[attr-defined]
            continue
        primary = p.replica_of if p.replica_of in ctx.diagram.nodes else None  # type: ignore[attr-defined]
        for edge in f.traffic_in(db.id):
            if edge.source == primary:
                continue
            quick = _retarget(ctx, edge.id, primary, f"Connect to {name(ctx, primary)} instead") if primary else None
            yield hit([db.id, edge.source], f"{name(ctx, edge.source)} connects to {name(ctx, db.id)}, a Multi-AZ "
                                            "standby, which serves no traffic until a failover.",
                      f"Connect {name(ctx, edge.source)} to {name(ctx, primary) if primary else 'the primary'} "
                      "(the same endpoint follows a failover); use a read replica for reads.", quick_fix=quick)
        if primary is not None:
            here, there = ctx.index.az_key(db.id), ctx.index.az_key(primary)
            if here is not None and here == there:
                yield hit([db.id, primary], f"{name(ctx, db.id)} is the standby of {name(ctx, primary)} but sits in "
                                            f"the same AZ ({here}); it would fail with it.",
                          f"Move {name(ctx, db.id)} to a subnet of another AZ.")


@rule("RDS-MAZ-002", "warning", pillars=("reliability",))
def production_db_multi_az(ctx: RuleContext) -> Iterator[Hit]:
    """A production database should be Multi-AZ (read replicas do not count)."""
    f = facts(ctx)
    for db in _primaries(ctx):
        if ctx.props(db).multi_az or not f.is_production(db):  # type: ignore[attr-defined]
            continue
        if any(ctx.props(r).role == "standby" for r in f.replicas_of.get(db.id, [])):  # type: ignore[attr-defined]
            continue
        yield hit(db.id, f"{name(ctx, db.id)} is a single-AZ database: an AZ or instance failure stops the "
                         "application until it is restored (read replicas do not fail over automatically).",
                  f"Set multi_az: true on {name(ctx, db.id)} (a synchronous standby in another AZ).",
                  quick_fix=QuickFix(f"Make {name(ctx, db.id)} Multi-AZ", lambda d, i=db.id: set_node_fields(
                      d, i, props={"multi_az": True})))


@rule("RDS-SUBNET-001", "error", section="RDS Read Replica vs Multi AZ", lines="§RDS Read Replica vs Multi AZ L1641-1647",
      pillars=("reliability",))
def subnet_group_two_azs(ctx: RuleContext) -> Iterator[Hit]:
    """A DB subnet group covers at least two AZs of one VPC."""
    f = facts(ctx)
    for db in ctx.index.of_kind("rds", "aurora_instance"):
        listed = [s for s in ctx.props(db).subnets if s in ctx.diagram.nodes]  # type: ignore[attr-defined]
        if not listed:
            continue
        vpcs = {v.id for s in listed if (v := ctx.index.vpc_of(s)) is not None}
        azs = f.azs_of(db)
        if len(vpcs) > 1:
            yield hit([db.id, *listed], f"The subnets of {name(ctx, db.id)} belong to several VPCs.",
                      f"Keep only subnets of one VPC in the DB subnet group of {name(ctx, db.id)}.")
        elif len(azs) < 2:
            spare = f.spare_subnet(listed[0], azs)
            quick = QuickFix(f"Add {name(ctx, spare)}", lambda d, i=db.id, s=listed, x=spare: set_node_fields(
                d, i, props={"subnets": [*s, x]})) if spare else None
            yield hit([db.id, *listed], f"The DB subnet group of {name(ctx, db.id)} covers one AZ only; AWS needs "
                                        "subnets in at least two AZs, even for a single-AZ database.",
                      f"Add {name(ctx, spare) if spare else 'a subnet of another AZ'} to the subnets of "
                      f"{name(ctx, db.id)}.", quick_fix=quick)


@rule("RDS-ENC-001", "error", pillars=("security",))
def replica_encryption_matches(ctx: RuleContext) -> Iterator[Hit]:
    """A replica has the same encryption at rest as its source."""
    f = facts(ctx)
    for source_id, replica_ids in f.replicas_of.items():
        encrypted = ctx.props(source_id).storage_encrypted  # type: ignore[attr-defined]
        for replica in replica_ids:
            if ctx.props(replica).storage_encrypted != encrypted:  # type: ignore[attr-defined]
                state = "encrypted" if encrypted else "unencrypted"
                yield hit([replica, source_id], f"{name(ctx, replica)} and its source {name(ctx, source_id)} differ "
                                                f"in encryption at rest; a replica of an {state} source is {state}.",
                          f"Set storage_encrypted: {str(encrypted).lower()} on {name(ctx, replica)}.",
                          quick_fix=QuickFix("Match the source's encryption", lambda d, i=replica, v=encrypted:
                                             set_node_fields(d, i, props={"storage_encrypted": v})))


@rule("RDS-TDE-001", "error", pillars=("security",))
def tde_engines(ctx: RuleContext) -> Iterator[Hit]:
    """Transparent Data Encryption exists only for Oracle and SQL Server."""
    for db in ctx.index.of_kind("rds"):
        p = ctx.props(db)
        if p.tde and p.engine.lower() not in ("oracle", "sqlserver"):  # type: ignore[attr-defined]
            yield hit(db.id, f"{name(ctx, db.id)} asks for TDE, which {p.engine} does not have.",  # type: ignore[attr-defined]
                      f"Use storage encryption (KMS) on {name(ctx, db.id)} instead of TDE.",
                      quick_fix=QuickFix("Use KMS storage encryption", lambda d, i=db.id: set_node_fields(
                          d, i, props={"tde": None, "storage_encrypted": True})))


@rule("RDS-IAM-001", "error", pillars=("security",), aliases=("db.iam_auth_engine",))
def iam_auth_engines(ctx: RuleContext) -> Iterator[Hit]:
    """IAM database authentication works with MySQL, MariaDB and PostgreSQL (RDS and Aurora)."""
    for db in ctx.index.of_kind("rds", "aurora_instance"):
        p = ctx.props(db)
        if p.iam_auth and p.engine.lower() not in IAM_AUTH_ENGINES:  # type: ignore[attr-defined]
            yield hit(db.id, f"{name(ctx, db.id)} uses IAM authentication, which {p.engine} does not support.",  # type: ignore[attr-defined]
                      f"Use database users (with Secrets Manager rotation) on {name(ctx, db.id)}.",
                      quick_fix=QuickFix("Turn off IAM authentication", lambda d, i=db.id: set_node_fields(
                          d, i, props={"iam_auth": None})))


@rule("RDS-SSL-001", "warning", pillars=("security",))
def enforce_ssl(ctx: RuleContext) -> Iterator[Hit]:
    """A database holding sensitive data should refuse unencrypted connections."""
    for db in ctx.index.of_kind("rds"):
        if ctx.intent(db, "sensitive") and not ctx.props(db).force_ssl:  # type: ignore[attr-defined]
            yield hit(db.id, f"{name(ctx, db.id)} holds sensitive data but accepts unencrypted connections.",
                      f"Enforce TLS on {name(ctx, db.id)} (rds.force_ssl=1 for PostgreSQL, REQUIRE SSL for MySQL).",
                      quick_fix=QuickFix("Enforce TLS", lambda d, i=db.id: set_node_fields(
                          d, i, props={"force_ssl": True})))


@rule("RDS-STOR-001", "error", pillars=("reliability",))
def storage_autoscaling_ceiling(ctx: RuleContext) -> Iterator[Hit]:
    """Storage auto scaling needs a maximum above the allocated storage."""
    for db in ctx.index.of_kind("rds"):
        p = ctx.props(db)
        if p.storage_autoscaling and (p.max_storage_gib or 0) <= p.allocated_gib:  # type: ignore[attr-defined]
            ceiling = p.allocated_gib * 2  # type: ignore[attr-defined]
            yield hit(db.id, f"{name(ctx, db.id)} has storage auto scaling on but no maximum above its "
                             f"{p.allocated_gib} GiB.",  # type: ignore[attr-defined]
                      f"Set max_storage_gib of {name(ctx, db.id)} above {p.allocated_gib}, e.g. {ceiling}.",  # type: ignore[attr-defined]
                      quick_fix=QuickFix(f"Allow growth to {ceiling} GiB", lambda d, i=db.id, c=ceiling:
                                         set_node_fields(d, i, props={"max_storage_gib": c})))


@rule("db.read_pressure", "info", section="MyClothes", lines="§MyClothes L2343-2362",
      summary="A read-heavy database serves every read from the primary, with no replica or cache",
      pillars=("performance",))
def read_heavy_primary(ctx: RuleContext) -> Iterator[Hit]:
    """A database flagged ``read_heavy`` whose reads all hit the primary: add replicas or a cache."""
    f = facts(ctx)
    read_caches = [c for c in ctx.index.of_kind("elasticache", "dax")
                   if c.kind == "dax" or ctx.props(c).usage == "cache"]  # type: ignore[attr-defined]
    cache_users = {e.source for c in read_caches for e in f.traffic_in(c.id)}
    cache_users |= {ctx.props(u).member_of for u in list(cache_users)  # type: ignore[attr-defined]
                    if u in ctx.diagram.nodes and getattr(ctx.props(u), "member_of", None)}
    readers_by_cluster = {ctx.props(a).cluster for a in ctx.index.of_kind("aurora_instance")  # type: ignore[attr-defined]
                          if ctx.props(a).role in READER_ROLES}  # type: ignore[attr-defined]
    for db in [*_primaries(ctx), *ctx.index.of_kind("aurora_instance")]:
        if not ctx.intent(db, "read_heavy"):
            continue
        p = ctx.props(db)
        if db.kind == "aurora_instance" and (p.role in READER_ROLES or p.cluster in readers_by_cluster):  # type: ignore[attr-defined]
            continue
        if any(ctx.props(r).role == "read_replica" for r in f.replicas_of.get(db.id, [])):  # type: ignore[attr-defined]
            continue
        clients = {e.source for e in f.traffic_in(db.id)}
        clients |= {m for c in list(clients) if c in ctx.diagram.nodes
                    and (m := getattr(ctx.props(c), "member_of", None))}
        if clients & cache_users:
            continue
        yield hit(db.id, f"{name(ctx, db.id)} is read-heavy but every read goes to the primary.",
                  f"Add read replicas of {name(ctx, db.id)} (and send reads there), or put ElastiCache in front of "
                  "it for the hot reads.")


def _aurora_readers(ctx: RuleContext) -> dict[str, list[str]]:
    readers: dict[str, list[str]] = defaultdict(list)
    for inst in ctx.index.of_kind("aurora_instance"):
        p = ctx.props(inst)
        if p.role in READER_ROLES and p.cluster:  # type: ignore[attr-defined]
            readers[p.cluster].append(inst.id)  # type: ignore[attr-defined]
    return readers


@rule("AUR-ENG-001", "error", pillars=("operational_excellence",))
def aurora_engine(ctx: RuleContext) -> Iterator[Hit]:
    """Aurora is MySQL- or PostgreSQL-compatible only."""
    for node in ctx.index.of_kind("aurora_instance", "aurora_cluster_volume"):
        engine = str(ctx.props(node).engine).lower()  # type: ignore[attr-defined]
        if engine not in AURORA_ENGINES:
            yield hit(node.id, f"{name(ctx, node.id)} is Aurora with engine {engine!r}; Aurora is MySQL- or "
                               "PostgreSQL-compatible only.",
                      f"Use aurora-mysql or aurora-postgresql for {name(ctx, node.id)}, or plain RDS for "
                      f"{engine}.")


@rule("AUR-RR-001", "error", pillars=("reliability", "performance"))
def aurora_replica_limit(ctx: RuleContext) -> Iterator[Hit]:
    """An Aurora cluster has at most 15 replicas."""
    for cluster, readers in _aurora_readers(ctx).items():
        if len(readers) > 15:
            yield hit([cluster, *readers], f"{name(ctx, cluster)} has {len(readers)} Aurora replicas; the maximum "
                                           "is 15.",
                      f"Keep at most 15 readers in {name(ctx, cluster)}; use custom endpoints or a cache for more "
                      "read capacity.")


@rule("AUR-STOR-001", "error", pillars=("reliability",))
def aurora_storage(ctx: RuleContext) -> Iterator[Hit]:
    """Aurora grows to 128 TiB today (the notes say 64 TB)."""
    for cluster in ctx.index.of_kind("aurora_cluster_volume"):
        size = ctx.props(cluster).storage_gib  # type: ignore[attr-defined]
        if size is None:
            continue
        if size > AURORA_MAX_STORAGE_GIB:
            yield hit(cluster.id, f"{name(ctx, cluster.id)} needs {size} GiB; an Aurora cluster grows to at most "
                                  "128 TiB.",
                      f"Split the data of {name(ctx, cluster.id)} over several clusters (or shard it).")
        elif size > AURORA_NOTES_STORAGE_GIB:
            yield hit(cluster.id, f"{name(ctx, cluster.id)} needs {size} GiB, more than the notes' 64 TB; current "
                                  "Aurora versions allow up to 128 TiB.",
                      "Use a current Aurora version (128 TiB limit).", severity="info")


@rule("AUR-EP-001", "error", pillars=("reliability",))
def aurora_writes_to_writer(ctx: RuleContext) -> Iterator[Hit]:
    """Writes go to the writer (cluster) endpoint; a reader accepts them only with local write forwarding."""
    f = facts(ctx)
    writer_endpoint: dict[str, str] = {}
    for ep in ctx.index.of_kind("aurora_endpoint"):
        p = ctx.props(ep)
        if p.endpoint_type == "writer" and p.cluster:  # type: ignore[attr-defined]
            writer_endpoint.setdefault(p.cluster, ep.id)  # type: ignore[attr-defined]
    for node in ctx.index.of_kind("aurora_endpoint", "aurora_instance"):
        p = ctx.props(node)
        kind = p.endpoint_type if node.kind == "aurora_endpoint" else (  # type: ignore[attr-defined]
            "reader" if p.role in READER_ROLES else "writer")  # type: ignore[attr-defined]
        if kind == "writer":
            continue
        cluster = ctx.diagram.nodes.get(p.cluster or "")  # type: ignore[attr-defined]
        if cluster is not None and ctx.props(cluster).local_write_forwarding:  # type: ignore[attr-defined]
            continue
        for edge in f.traffic_in(node.id):
            if edge_access(edge) not in ("write", "read_write"):
                continue
            target = writer_endpoint.get(p.cluster or "")  # type: ignore[attr-defined]
            quick = _retarget(ctx, edge.id, target, f"Write through {name(ctx, target)}") if target else None
            yield hit([node.id, edge.source], f"{name(ctx, edge.source)} writes through {name(ctx, node.id)}, which "
                                              "reaches a reader; readers refuse writes.",
                      f"Send the writes of {name(ctx, edge.source)} to the writer endpoint"
                      f"{' ' + name(ctx, target) if target else ''}, or enable local write forwarding.",
                      quick_fix=quick, severity="warning" if kind == "custom_any" else None)


@rule("AUR-GLOB-001", "error", pillars=("reliability",), aliases=("db.aurora_global_limits",))
def aurora_global_limits(ctx: RuleContext) -> Iterator[Hit]:
    """A Global Database has up to 10 secondary regions (notes: 5); primary replicas <= 15 - secondaries."""
    readers = _aurora_readers(ctx)
    for cluster in ctx.index.of_kind("aurora_cluster_volume"):
        regions = ctx.props(cluster).global_secondary_regions  # type: ignore[attr-defined]
        count = len(set(regions))
        if count > 10:
            yield hit(cluster.id, f"{name(ctx, cluster.id)} has {count} secondary regions; Aurora Global Database "
                                  "allows 10.", f"Keep at most 10 secondary regions for {name(ctx, cluster.id)}.")
        elif count > 5:
            yield hit(cluster.id, f"{name(ctx, cluster.id)} has {count} secondary regions, more than the notes' 5; "
                                  "AWS allows up to 10 today.", "No change needed on current AWS.", severity="info")
        if count and len(readers.get(cluster.id, [])) > 15 - count:
            yield hit(cluster.id, f"{name(ctx, cluster.id)} has {len(readers[cluster.id])} replicas and {count} "
                                  f"secondary regions; the primary cluster may have at most {15 - count} replicas.",
                      f"Remove replicas of {name(ctx, cluster.id)} down to {15 - count}.")


@rule("AUR-SEC-001", "warning", pillars=("security",))
def aurora_security(ctx: RuleContext) -> Iterator[Hit]:
    """Aurora instances stay private, behind an SG that admits only the app tier."""
    yield from _public_hits(ctx, ("aurora_instance",))
    yield from _sg_hits(ctx, ("aurora_instance",), "Aurora instance")


@rule("AUR-MM-001", "info", pillars=("operational_excellence",))
def aurora_multi_master(ctx: RuleContext) -> Iterator[Hit]:
    """Aurora Multi-Master is retired; new clusters have one writer."""
    for cluster in ctx.index.of_kind("aurora_cluster_volume"):
        if ctx.props(cluster).multi_master:  # type: ignore[attr-defined]
            yield hit(cluster.id, f"{name(ctx, cluster.id)} uses Aurora Multi-Master, which new clusters cannot "
                                  "use any more.",
                      f"Use a single writer for {name(ctx, cluster.id)} (with local write forwarding if readers must "
                      "accept writes).",
                      quick_fix=QuickFix("Use one writer", lambda d, i=cluster.id: set_node_fields(
                          d, i, props={"multi_master": None})), severity="warning")


@rule("AUR-EP-002", "info", pillars=("performance",))
def reader_endpoint_beside_custom(ctx: RuleContext) -> Iterator[Hit]:
    """Once custom endpoints split the readers, the reader endpoint is normally left unused."""
    f = facts(ctx)
    endpoints = ctx.index.of_kind("aurora_endpoint")
    custom = {ctx.props(ep).cluster for ep in endpoints  # type: ignore[attr-defined]
              if ctx.props(ep).endpoint_type.startswith("custom")}  # type: ignore[attr-defined]
    for ep in endpoints:
        p = ctx.props(ep)
        if p.endpoint_type == "reader" and p.cluster in custom and f.traffic_in(ep.id):  # type: ignore[attr-defined]
            users = [e.source for e in f.traffic_in(ep.id)]
            yield hit([ep.id, *users], f"{names(ctx, users)} read through {name(ctx, ep.id)} although the cluster has "
                                       "custom endpoints: reads land on every reader, including those reserved for "
                                       "other workloads.",
                      f"Send the reads of {names(ctx, users)} to the custom endpoint meant for them.")


@rule("RDS-SECRET-001", "info", pillars=("security",))
def rotate_credentials_with_secrets_manager(ctx: RuleContext) -> Iterator[Hit]:
    """Rotating database credentials is Secrets Manager's job (integrated with RDS)."""
    edges = ctx.diagram.edges
    linked = {end for secret in ctx.index.of_kind("secrets_manager")
              for i in (*ctx.index.out_edges.get(secret.id, ()), *ctx.index.in_edges.get(secret.id, ()))
              for end in (edges[i].source, edges[i].target)}
    for db in ctx.index.of_kind("rds", "aurora_instance"):
        if ctx.intent(db, "rotate_credentials") and db.id not in linked:
            yield hit(db.id, f"The credentials of {name(ctx, db.id)} must rotate, but no Secrets Manager secret is "
                             "linked to it.",
                      f"Store the credentials of {name(ctx, db.id)} in Secrets Manager with automatic rotation.")
