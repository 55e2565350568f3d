"""VPC-attached managed services: Redshift, Neptune, DocumentDB, OpenSearch, DAX, Amazon MQ, FSx, AWS
Directory Service. Each sits in the first of its subnets (from its own properties or its subnet group)
and carries its subnets and security groups."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft
from cloudwright.engine.io.cfn_import.mappers import maps
from cloudwright.engine.io.cfn_import.mappers.common import DEFAULT_VPC
from cloudwright.engine.io.cfn_import.mappers.security import sg_ids

SUBNET = "AWS::EC2::Subnet"
#: type -> kind
KINDS = {
    "AWS::Redshift::Cluster": "redshift", "AWS::Neptune::DBCluster": "neptune",
    "AWS::DocDB::DBCluster": "documentdb", "AWS::OpenSearchService::Domain": "opensearch",
    "AWS::Elasticsearch::Domain": "opensearch", "AWS::DAX::Cluster": "dax", "AWS::AmazonMQ::Broker": "amazon_mq",
    "AWS::FSx::FileSystem": "fsx_lustre", "AWS::DirectoryService::MicrosoftAD": "directory_service",
    "AWS::DirectoryService::SimpleAD": "directory_service",
}
#: property naming a subnet group -> the group's type and its subnet-list property
SUBNET_GROUPS = {
    "ClusterSubnetGroupName": ("AWS::Redshift::ClusterSubnetGroup", "SubnetIds"),
    "DBSubnetGroupName": (("AWS::Neptune::DBSubnetGroup", "AWS::DocDB::DBSubnetGroup"), "SubnetIds"),
    "SubnetGroupName": ("AWS::DAX::SubnetGroup", "SubnetIds"),
}
GROUP_TYPES = ("AWS::Redshift::ClusterSubnetGroup", "AWS::Neptune::DBSubnetGroup", "AWS::DocDB::DBSubnetGroup",
               "AWS::DAX::SubnetGroup")


def _subnets(ctx: ImportContext, props: dict[str, Any]) -> list[str]:
    vpc_options = props.get("VPCOptions") or props.get("VpcSettings") or {}
    direct = [props.get("SubnetIds"), props.get("SubnetId"),
              vpc_options.get("SubnetIds") if isinstance(vpc_options, dict) else None]
    found = ctx.refs(direct, SUBNET)
    for key, (group_types, list_key) in SUBNET_GROUPS.items():
        types = group_types if isinstance(group_types, tuple) else (group_types,)
        group = ctx.ref(props.get(key), *types)
        if group:
            found += [s for s in ctx.refs(ctx.props(group).get(list_key) or [], SUBNET) if s not in found]
    return found


@maps(*KINDS, phase=1)
def managed(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    subnets = _subnets(ctx, props)
    vpc_options = props.get("VPCOptions") if isinstance(props.get("VPCOptions"), dict) else {}
    groups = sg_ids(ctx, [props.get("VpcSecurityGroupIds"), props.get("SecurityGroupIds"),
                          props.get("SecurityGroups"), vpc_options.get("SecurityGroupIds")])
    kind = KINDS[ctx.types[logical_id]]
    values: dict[str, Any] = {"security_groups": groups}
    if kind in ("redshift", "dax", "amazon_mq", "documentdb", "opensearch", "directory_service"):
        values["subnets"] = subnets
    if kind == "amazon_mq":
        values["engine"] = "rabbitmq" if str(props.get("EngineType", "")).upper() == "RABBITMQ" else "activemq"
        values["deployment"] = "single" if str(props.get("DeploymentMode", "SINGLE_INSTANCE")).startswith(
            "SINGLE") else "active_standby"
    if kind == "fsx_lustre" and str(props.get("FileSystemType", "LUSTRE")).upper() == "WINDOWS":
        kind = "fsx_windows"
    ctx.add(NodeDraft(logical_id, kind, logical_id, values, cfn_type=ctx.types[logical_id],
                      subnets=subnets[:1], vpc=None if subnets else DEFAULT_VPC))


@maps(*GROUP_TYPES, phase=3)
def subnet_group(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    users = [d.id for d in ctx.nodes.values() if d.id in ctx.resources and d.cfn_type in KINDS
             and logical_id in ctx.refs(list(ctx.props(d.id).values()))]
    ctx.fold(logical_id, users[0] if users else None)
