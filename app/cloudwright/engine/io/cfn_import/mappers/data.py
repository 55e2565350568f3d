"""RDS, ElastiCache, EFS, S3, DynamoDB."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft, as_bool, as_int, tag_name
from cloudwright.engine.io.cfn_import.mappers import maps
from cloudwright.engine.io.cfn_import.mappers.common import DEFAULT_VPC, canonical_az
from cloudwright.engine.io.cfn_import.mappers.security import sg_ids

SUBNET = "AWS::EC2::Subnet"
DB_SUBNET_GROUP = "AWS::RDS::DBSubnetGroup"
CACHE_SUBNET_GROUP = "AWS::ElastiCache::SubnetGroup"


def _group_subnets(ctx: ImportContext, value: Any, group_type: str) -> list[str]:
    group = ctx.ref(value, group_type)
    return ctx.refs(ctx.props(group).get("SubnetIds") or [], SUBNET) if group else []


def _in_zone(ctx: ImportContext, subnets: list[str], zone: str | None) -> list[str]:
    """The subnets, the one in ``zone`` first (where the primary copy runs)."""
    if zone is None:
        return subnets
    first = [s for s in subnets if s in ctx.nodes and ctx.nodes[s].az == zone]
    return first[:1] + [s for s in subnets if s not in first[:1]]


def _placed(draft: NodeDraft, subnets: list[str], zone: str | None) -> NodeDraft:
    draft.subnets, draft.az = subnets[:1], zone
    draft.vpc = None if subnets else DEFAULT_VPC
    return draft


@maps(DB_SUBNET_GROUP, CACHE_SUBNET_GROUP, phase=3)
def subnet_group(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    """A subnet group is folded into the first database or cache that uses it."""
    users = [d.id for d in ctx.nodes.values() if d.id in ctx.resources and logical_id in ctx.refs(
        [ctx.props(d.id).get("DBSubnetGroupName"), ctx.props(d.id).get("CacheSubnetGroupName")])]
    ctx.fold(logical_id, users[0] if users else None)


@maps("AWS::RDS::DBInstance", phase=1)
def db_instance(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    subnets = _group_subnets(ctx, props.get("DBSubnetGroupName"), DB_SUBNET_GROUP)
    cluster = ctx.ref(props.get("DBClusterIdentifier"), "AWS::RDS::DBCluster")
    source = ctx.ref(props.get("SourceDBInstanceIdentifier"), "AWS::RDS::DBInstance")
    if cluster:
        subnets = subnets or _group_subnets(ctx, ctx.props(cluster).get("DBSubnetGroupName"), DB_SUBNET_GROUP)
    zone = canonical_az(props.get("AvailabilityZone"))
    origin = cluster or source
    engine = str(props.get("Engine") or (ctx.props(origin).get("Engine") if origin else "") or "mysql").lower()
    values: dict[str, Any] = {
        "engine": engine, "instance_class": str(props.get("DBInstanceClass", "db.t3.micro")),
        "multi_az": as_bool(props.get("MultiAZ")), "publicly_accessible": as_bool(props.get("PubliclyAccessible")),
        "security_groups": sg_ids(ctx, props.get("VPCSecurityGroups")), "subnets": subnets,
        "storage_encrypted": as_bool(props.get("StorageEncrypted")),
        "backup_retention_days": min(max(as_int(props.get("BackupRetentionPeriod"), 1) or 0, 0), 35)}
    if as_int(props.get("Port")):
        values["port"] = as_int(props.get("Port"))
    kind = "aurora_instance" if cluster else "rds"
    if cluster:
        values["cluster"] = cluster
        values["security_groups"] = values["security_groups"] or sg_ids(
            ctx, ctx.props(cluster).get("VpcSecurityGroupIds"))
    if source:
        values.update(role="read_replica", replica_of=source)
    ctx.add(_placed(NodeDraft(logical_id, kind, logical_id, values, cfn_type="AWS::RDS::DBInstance"),
                    _in_zone(ctx, subnets, zone), zone))


@maps("AWS::RDS::DBCluster", phase=1)
def db_cluster(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    subnets = _group_subnets(ctx, props.get("DBSubnetGroupName"), DB_SUBNET_GROUP)
    vpc = ctx.nodes[subnets[0]].vpc if subnets and subnets[0] in ctx.nodes else DEFAULT_VPC
    ctx.add(NodeDraft(logical_id, "aurora_cluster_volume", logical_id,
                      {"engine": str(props.get("Engine", "aurora-mysql")),
                       "storage_encrypted": as_bool(props.get("StorageEncrypted"))},
                      cfn_type="AWS::RDS::DBCluster", vpc=vpc))


@maps("AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", phase=1)
def cache(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    subnets = _group_subnets(ctx, props.get("CacheSubnetGroupName"), CACHE_SUBNET_GROUP)
    engine = str(props.get("Engine", "redis")).lower()
    replicas = (as_int(props.get("NumCacheClusters"), 1) or 1) - 1 if "NumCacheClusters" in props else as_int(
        props.get("ReplicasPerNodeGroup"), 0)
    values: dict[str, Any] = {
        "engine": engine if engine in ("redis", "memcached", "valkey") else "redis",
        "node_type": str(props.get("CacheNodeType", "cache.t3.micro")), "subnets": subnets,
        "security_groups": sg_ids(ctx, [props.get("VpcSecurityGroupIds"), props.get("SecurityGroupIds")]),
        "multi_az": as_bool(props.get("MultiAZEnabled")),
        "automatic_failover": as_bool(props.get("AutomaticFailoverEnabled")), "replicas": max(replicas or 0, 0)}
    if as_int(props.get("Port")):
        values["port"] = as_int(props.get("Port"))
    zone = canonical_az(props.get("PreferredAvailabilityZone"))
    ctx.add(_placed(NodeDraft(logical_id, "elasticache", logical_id, values, cfn_type=ctx.types[logical_id]),
                    _in_zone(ctx, subnets, zone), zone))


@maps("AWS::EFS::FileSystem", phase=1)
def file_system(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, "efs", tag_name(props.get("FileSystemTags") and {"Tags": props["FileSystemTags"]}
                                                  or {}) or logical_id,
                      {"encrypted": as_bool(props.get("Encrypted")),
                       "performance_mode": "max_io" if props.get("PerformanceMode") == "maxIO" else "general_purpose",
                       "one_zone": "AvailabilityZoneName" in props},
                      cfn_type="AWS::EFS::FileSystem"))


@maps("AWS::EFS::MountTarget", phase=2)
def mount_target(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    efs = ctx.ref(props.get("FileSystemId"), "AWS::EFS::FileSystem")
    subnet_id = ctx.ref(props.get("SubnetId"), SUBNET)
    groups = sg_ids(ctx, props.get("SecurityGroups"))
    if efs in ctx.nodes and subnet_id in ctx.nodes:
        ctx.nodes[efs].vpc = ctx.nodes[efs].vpc or ctx.nodes[subnet_id].vpc
        shared = ctx.nodes[efs].props.setdefault("security_groups", [])
        shared += [g for g in groups if g not in shared]
    ctx.add(NodeDraft(logical_id, "efs_mount_target", logical_id, {"efs": efs, "security_groups": groups},
                      cfn_type="AWS::EFS::MountTarget", subnets=[subnet_id] if subnet_id else [],
                      vpc=None if subnet_id else DEFAULT_VPC))


@maps("AWS::S3::Bucket", phase=1)
def bucket(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    block = props.get("PublicAccessBlockConfiguration")
    blocked = isinstance(block, dict) and all(as_bool(block.get(k)) for k in (
        "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"))
    encryption = props.get("BucketEncryption")
    algorithm = "sse-s3"
    if isinstance(encryption, dict):
        text = str(encryption).lower()
        algorithm = "sse-kms" if "aws:kms" in text else "sse-s3"
    versioning = props.get("VersioningConfiguration") or {}
    values: dict[str, Any] = {
        "block_public_access": blocked or block is None, "encryption": algorithm,
        "versioning": isinstance(versioning, dict) and versioning.get("Status") == "Enabled",
        "website": "WebsiteConfiguration" in props,
        "public": str(props.get("AccessControl", "")) in ("PublicRead", "PublicReadWrite")}
    logging = props.get("LoggingConfiguration") or {}
    target = ctx.ref(logging.get("DestinationBucketName"), "AWS::S3::Bucket") if isinstance(logging, dict) else None
    if target:
        values["logging_to"] = target
    name = props.get("BucketName")
    ctx.add(NodeDraft(logical_id, "s3_bucket", name if isinstance(name, str) else logical_id, values,
                      cfn_type="AWS::S3::Bucket"))


@maps("AWS::S3::BucketPolicy", phase=2)
def bucket_policy(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    """A policy letting anyone (``Principal: "*"``) read without a condition makes the bucket public."""
    target = ctx.ref(props.get("Bucket"), "AWS::S3::Bucket")
    document = props.get("PolicyDocument") or {}
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    for statement in statements if isinstance(statements, list) else [statements]:
        if isinstance(statement, dict) and statement.get("Effect") == "Allow" and statement.get(
                "Principal") in ("*", {"AWS": "*"}) and "Condition" not in statement and target in ctx.nodes:
            ctx.nodes[target].props["public"] = True
    ctx.fold(logical_id, target)


@maps("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", phase=1)
def table(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    replicas = [r.get("Region") for r in props.get("Replicas") or [] if isinstance(r, dict)]
    name = props.get("TableName")
    ctx.add(NodeDraft(logical_id, "dynamodb_table", name if isinstance(name, str) else logical_id,
                      {"billing_mode": "provisioned" if props.get("BillingMode") == "PROVISIONED"
                       or ("ProvisionedThroughput" in props and "BillingMode" not in props) else "on_demand",
                       "streams": "StreamSpecification" in props,
                       "global_regions": [r for r in replicas if isinstance(r, str)]},
                      cfn_type=ctx.types[logical_id]))
