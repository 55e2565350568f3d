"""RDS and Aurora, ElastiCache, EFS, S3 and DynamoDB."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_export.base import ENGINES, TemplateBuilder, ref
from cloudwright.engine.model.diagram import Node, typed_props

RETAIN = {"DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Snapshot"}


class DataKinds(TemplateBuilder):
    def db_subnet_group(self, node: Node, cfn_type: str, key: str) -> str | None:
        subnets = self.subnet_refs(node)
        if not subnets:
            return None
        group = f"{self.lid(node.id)}SubnetGroup"
        self.add(group, cfn_type, {key: f"subnets of {node.title}"[:255], "SubnetIds": subnets})
        return group

    def _rds(self, node: Node) -> bool:
        props = typed_props(node)
        values: dict[str, Any] = {"DBInstanceClass": props.instance_class,
                                  "PubliclyAccessible": props.publicly_accessible}
        if props.replica_of and self.kind(props.replica_of) == "rds":
            values["SourceDBInstanceIdentifier"] = ref(self.lid(props.replica_of))
        else:
            values.update(Engine=ENGINES.get(props.engine, props.engine), AllocatedStorage="20",
                          MasterUsername="admin", ManageMasterUserPassword=True, MultiAZ=props.multi_az,
                          StorageEncrypted=props.storage_encrypted,
                          BackupRetentionPeriod=props.backup_retention_days)
            group = self.db_subnet_group(node, "AWS::RDS::DBSubnetGroup", "DBSubnetGroupDescription")
            if group:
                values["DBSubnetGroupName"] = ref(group)
        if props.security_groups:
            values["VPCSecurityGroups"] = self.sg_list(props.security_groups)
        if props.port:
            values["Port"] = str(props.port)
        self.add(self.lid(node.id), "AWS::RDS::DBInstance", values, **RETAIN)
        return True

    def _aurora_cluster_volume(self, node: Node) -> bool:
        members = [n for n in self.index.of_kind("aurora_instance") if typed_props(n).cluster == node.id]
        if not members:
            return False
        first = typed_props(members[0])
        values: dict[str, Any] = {"Engine": str(node.props.get("engine") or first.engine),
                                  "MasterUsername": "admin", "ManageMasterUserPassword": True,
                                  "StorageEncrypted": bool(node.props.get("storage_encrypted", first.storage_encrypted))}
        group = self.db_subnet_group(members[0], "AWS::RDS::DBSubnetGroup", "DBSubnetGroupDescription")
        if group:
            values["DBSubnetGroupName"] = ref(group)
        if first.security_groups:
            values["VpcSecurityGroupIds"] = self.sg_list(first.security_groups)
        self.add(self.lid(node.id), "AWS::RDS::DBCluster", values, **RETAIN)
        return True

    def _aurora_instance(self, node: Node) -> bool:
        props = typed_props(node)
        if not props.cluster:
            return self._rds(node)
        self.add(self.lid(node.id), "AWS::RDS::DBInstance", {
            "Engine": str(self.diagram.nodes[props.cluster].props.get("engine") or props.engine),
            "DBClusterIdentifier": ref(self.lid(props.cluster)),
            # Aurora's smallest class is db.t3.medium; the model's generic default is smaller.
            "DBInstanceClass": "db.t3.medium" if props.instance_class in ("db.t3.micro", "db.t3.small")
            else props.instance_class})
        return True

    def _elasticache(self, node: Node) -> bool:
        props = typed_props(node)
        group = self.db_subnet_group(node, "AWS::ElastiCache::SubnetGroup", "Description")
        if props.engine == "memcached":
            values: dict[str, Any] = {"Engine": "memcached", "CacheNodeType": props.node_type, "NumCacheNodes": 1}
            if props.security_groups:
                values["VpcSecurityGroupIds"] = self.sg_list(props.security_groups)
            if group:
                values["CacheSubnetGroupName"] = ref(group)
            self.add(self.lid(node.id), "AWS::ElastiCache::CacheCluster", values)
            return True
        failover = props.automatic_failover or props.multi_az
        values = {"ReplicationGroupDescription": node.title[:255], "Engine": props.engine,
                  "CacheNodeType": props.node_type,
                  "NumCacheClusters": max(props.replicas + 1, 2 if failover else 1),
                  "AutomaticFailoverEnabled": failover, "MultiAZEnabled": props.multi_az}
        if props.security_groups:
            values["SecurityGroupIds"] = self.sg_list(props.security_groups)
        if group:
            values["CacheSubnetGroupName"] = ref(group)
        self.add(self.lid(node.id), "AWS::ElastiCache::ReplicationGroup", values)
        return True

    def _efs(self, node: Node) -> bool:
        props = typed_props(node)
        self.add(self.lid(node.id), "AWS::EFS::FileSystem", {
            "Encrypted": props.encrypted,
            "PerformanceMode": "maxIO" if props.performance_mode == "max_io" else "generalPurpose"})
        return True

    def _efs_mount_target(self, node: Node) -> bool:
        props = typed_props(node)
        subnets = self.subnet_refs(node)
        if not props.efs or not subnets:
            return False
        self.add(self.lid(node.id), "AWS::EFS::MountTarget", {
            "FileSystemId": ref(self.lid(props.efs)), "SubnetId": subnets[0],
            "SecurityGroups": self.sg_list(props.security_groups or typed_props(
                self.diagram.nodes[props.efs]).security_groups)})
        return True

    def _s3_bucket(self, node: Node) -> bool:
        props = typed_props(node)
        values: dict[str, Any] = {
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms" if props.encryption == "sse-kms" else "AES256"}}]}}
        if props.versioning:
            values["VersioningConfiguration"] = {"Status": "Enabled"}
        if props.block_public_access and not props.public:
            values["PublicAccessBlockConfiguration"] = {key: True for key in (
                "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")}
        if props.website:
            values["WebsiteConfiguration"] = {"IndexDocument": "index.html"}
        self.add(self.lid(node.id), "AWS::S3::Bucket", values, DeletionPolicy="Retain", UpdateReplacePolicy="Retain")
        return True

    def _dynamodb_table(self, node: Node) -> bool:
        props = typed_props(node)
        values: dict[str, Any] = {"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                                  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}
        if props.billing_mode == "provisioned":
            values["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        else:
            values["BillingMode"] = "PAY_PER_REQUEST"
        if props.streams:
            values["StreamSpecification"] = {"StreamViewType": "NEW_AND_OLD_IMAGES"}
        self.add(self.lid(node.id), "AWS::DynamoDB::Table", values, DeletionPolicy="Retain",
                 UpdateReplacePolicy="Retain")
        return True
