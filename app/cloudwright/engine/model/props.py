"""Typed properties per component kind.

A node stores its properties as plain data (what the file says); :func:`typed_props` validates them against
the kind's schema below and returns a frozen pydantic object with AWS defaults filled in, which is what
rules, reachability and exporters read. Fields that point at other nodes are annotated with :class:`Ref`,
so structural checks can verify every reference exists and has the right kind.

Schemas allow extra keys: templates and imports may carry facts no rule reads yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cloudwright.engine.model.types import (
    ALL_PORTS,
    Cidr,
    IPv4Cidr,
    IPv6Cidr,
    Ports,
    Protocol,
    ProtocolField,
)


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the id of another node of one of ``kinds`` (empty: any kind)."""

    kinds: tuple[str, ...] = ()


def ref(*kinds: str) -> Ref:
    return Ref(tuple(kinds))


SUBNET = ref("subnet")
SG = ref("security_group")
INSTANCE_KINDS = ("ec2", "nat_instance", "eks_node")
LB_KINDS = ("alb", "nlb", "clb", "elb", "gwlb")
ROUTE_TARGET_KINDS = ("igw", "egress_only_igw", "nat_gateway", "nat_instance", "vpc_peering", "vgw",
                      "transit_gateway", "vpc_endpoint_gateway", "eni", "ec2", "network_firewall", "gwlb",
                      "vpn_cloudhub")
SubnetRef = Annotated[str, SUBNET]
SgRef = Annotated[str, SG]


class Props(BaseModel):
    """Base of every schema: frozen, extra keys kept."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True, validate_default=True)


# --- shared pieces ---------------------------------------------------------------------------------

class SgRule(Props):
    """One allow rule of a security group; its peer is a CIDR, another SG or a managed prefix list."""

    protocol: ProtocolField = Protocol.TCP
    port: Ports = ALL_PORTS
    cidr: Cidr | None = None
    sg: Annotated[str | None, SG] = None
    prefix_list: Literal["s3", "dynamodb", "cloudfront"] | None = None
    description: str = ""

    @model_validator(mode="after")
    def _one_peer(self) -> SgRule:
        peers = [p for p in (self.cidr, self.sg, self.prefix_list) if p is not None]
        if len(peers) != 1:
            raise ValueError("a security-group rule needs exactly one of cidr, sg or prefix_list")
        return self


def _allow_all_egress() -> list[SgRule]:
    return [SgRule(protocol=Protocol.ALL, port=ALL_PORTS, cidr="0.0.0.0/0")]


class NaclEntry(Props):
    """A numbered NACL entry; entries are evaluated by ascending rule number, first match wins."""

    rule: int = Field(ge=1, le=32766)
    action: Literal["allow", "deny"] = "allow"
    protocol: ProtocolField = Protocol.ALL
    port: Ports = ALL_PORTS
    cidr: Cidr = Field(default="0.0.0.0/0")


class Route(Props):
    """A route: a destination (CIDR or managed prefix list) sent to a target node (or ``local``)."""

    destination: Cidr | None = None
    prefix_list: Literal["s3", "dynamodb"] | None = None
    target: Annotated[str, ref(*ROUTE_TARGET_KINDS)]
    propagated: bool = False

    @model_validator(mode="after")
    def _one_destination(self) -> Route:
        if (self.destination is None) == (self.prefix_list is None):
            raise ValueError("a route needs exactly one of destination or prefix_list")
        return self


class HealthCheck(Props):
    protocol: str = "HTTP"
    port: int | Literal["traffic-port"] = "traffic-port"
    path: str = "/"
    interval_s: int = 30
    enabled: bool = True


class Listener(Props):
    protocol: Literal["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "SSL", "GENEVE"] = "HTTP"
    port: int = Field(default=80, ge=1, le=65535)
    certificate: str | None = None
    target_group: Annotated[str | None, ref("target_group")] = None
    target_port: int | None = Field(default=None, ge=1, le=65535)
    redirect_to_https: bool = False
    certificates: list[str] = []


class Stickiness(Props):
    enabled: bool = False
    type: Literal["duration", "app", "source_ip", "flow"] = "duration"
    cookie_name: str | None = None
    duration_s: int = 86400


# --- networking --------------------------------------------------------------------------------------

class RegionProps(Props):
    name: str = "us-east-1"


class AzProps(Props):
    name: str = ""


class VpcProps(Props):
    cidr: IPv4Cidr = Field(default="10.0.0.0/16")
    secondary_cidrs: list[IPv4Cidr] = []
    ipv6_cidr: IPv6Cidr | None = None
    enable_dns_support: bool = True
    enable_dns_hostnames: bool = False
    is_default: bool = False


class SubnetProps(Props):
    cidr: IPv4Cidr = Field(default="10.0.0.0/24")
    ipv6_cidr: IPv6Cidr | None = None
    tier: Literal["public", "private", "data"] = "private"
    auto_assign_public_ip: bool = False
    required_hosts: int | None = Field(default=None, ge=0)


class RouteTableProps(Props):
    routes: list[Route] = []
    subnets: list[SubnetRef] = []
    main: bool = False


class NaclProps(Props):
    inbound: list[NaclEntry] = []
    outbound: list[NaclEntry] = []
    subnets: list[SubnetRef] = []
    default: bool = False


class SecurityGroupProps(Props):
    inbound: list[SgRule] = []
    outbound: list[SgRule] = Field(default_factory=_allow_all_egress)
    default: bool = False


class GatewayProps(Props):
    """IGW, egress-only IGW and VGW: attached to the VPC they are drawn in unless ``attached`` is false."""

    attached: bool = True


class NatGatewayProps(Props):
    connectivity: Literal["public", "private"] = "public"
    availability_mode: Literal["zonal", "regional"] = "zonal"
    elastic_ip: bool = True
    security_groups: list[SgRef] = []


class ElasticIpProps(Props):
    associated_with: Annotated[str | None, ref(*INSTANCE_KINDS, "nat_gateway", "eni", "nlb")] = None


class EniProps(Props):
    attached_to: Annotated[str | None, ref(*INSTANCE_KINDS)] = None
    private_ip: str | None = None
    security_groups: list[SgRef] = []
    public_ip: bool = False
    elastic_ip: bool = False


class VpcPeeringProps(Props):
    vpc_a: Annotated[str, ref("vpc")]
    vpc_b: Annotated[str, ref("vpc")]
    status: Literal["active", "pending", "rejected", "deleted"] = "active"


class TgwAttachment(Props):
    vpc: Annotated[str | None, ref("vpc")] = None
    vpn: Annotated[str | None, ref("vpn_connection")] = None
    dx_gateway: Annotated[str | None, ref("dx_gateway")] = None
    peer: Annotated[str | None, ref("transit_gateway")] = None
    subnets: list[SubnetRef] = []
    route_table: Annotated[str | None, ref("tgw_route_table")] = None
    propagate: bool = True


class TransitGatewayProps(Props):
    attachments: list[TgwAttachment] = []
    sg_referencing: bool = False


class TgwRoute(Props):
    destination: Cidr
    attachment: Annotated[str | None, ref("vpc", "vpn_connection", "dx_gateway", "transit_gateway")] = None
    blackhole: bool = False


class TgwRouteTableProps(Props):
    transit_gateway: Annotated[str | None, ref("transit_gateway")] = None
    routes: list[TgwRoute] = []


class CustomerGatewayProps(Props):
    ip: str = "203.0.113.10"
    behind_nat: bool = False
    nat_public_ip: str | None = None
    auth: Literal["psk", "certificate"] = "psk"
    bgp_asn: int = 65000


class VpnConnectionProps(Props):
    customer_gateway: Annotated[str | None, ref("customer_gateway", "customer_router")] = None
    gateway: Annotated[str | None, ref("vgw", "transit_gateway", "vpn_cloudhub")] = None
    static_routes: list[Cidr] = []
    bgp: bool = False
    outside_ip_type: Literal["public_ipv4", "private_ipv4", "ipv6"] = "public_ipv4"


class DxConnectionProps(Props):
    bandwidth: str = "1Gbps"
    gateway: Annotated[str | None, ref("vgw", "dx_gateway", "transit_gateway")] = None
    on_prem: Annotated[str | None, ref("corporate_dc", "customer_router", "customer_gateway")] = None
    vpn_over_dx: bool = False
    macsec: bool = False
    location: str = ""


class DxGatewayProps(Props):
    associations: list[Annotated[str, ref("vgw", "transit_gateway")]] = []


class GatewayEndpointProps(Props):
    service: Literal["s3", "dynamodb"] = "s3"
    route_tables: list[Annotated[str, ref("route_table")]] = []
    policy_restricted: bool = False


class InterfaceEndpointProps(Props):
    service: str = "sqs"
    subnets: list[SubnetRef] = []
    security_groups: list[SgRef] = []
    private_dns: bool = True
    endpoint_service: Annotated[str | None, ref("endpoint_service")] = None


class EndpointServiceProps(Props):
    load_balancer: Annotated[str | None, ref(*LB_KINDS)] = None
    allowed_principals: list[str] = []


class OnPremProps(Props):
    cidrs: list[Cidr] = Field(default_factory=lambda: ["192.168.0.0/16"])


class FlowLogProps(Props):
    scope: Annotated[str | None, ref("vpc", "subnet", "eni")] = None
    destination: Literal["s3", "cloudwatch_logs"] = "cloudwatch_logs"


# --- compute -----------------------------------------------------------------------------------------

class InstanceProps(Props):
    """EC2 and NAT instances. ``public_ip``: None follows the subnet's auto-assign setting."""

    instance_type: str = "t3.micro"
    security_groups: list[SgRef] = []
    public_ip: bool | None = None
    elastic_ip: bool = False
    ipv6: bool = False
    source_dest_check: bool = True
    os: Literal["linux", "windows", "mac"] = "linux"
    role: str | None = None
    iam_role: Annotated[str | None, ref("iam_role")] = None
    member_of: Annotated[str | None, ref("asg")] = None
    state: Literal["running", "stopped", "terminated"] = "running"
    purchase_option: Literal["on_demand", "reserved", "spot", "savings_plan", "dedicated_host",
                             "dedicated_instance"] = "on_demand"
    stores_state: bool = False
    cookie_state_bytes: int | None = Field(default=None, ge=0)
    private_ip: str | None = None
    access_method: Literal["ssh", "instance_connect", "ssm", "none"] | None = None
    placement_group: Annotated[str | None, ref("placement_group")] = None
    hibernation: bool = False
    reservation_years: int | None = None
    ami: Annotated[str | None, ref("ami")] = None
    raid_level: int | None = None
    static_credentials: bool = False
    instance_store_data: Literal["none", "scratch", "durable"] = "none"


class LoadBalancerProps(Props):
    scheme: Literal["internet-facing", "internal"] = "internet-facing"
    subnets: list[SubnetRef] = []
    security_groups: list[SgRef] = []
    listeners: list[Listener] = Field(default_factory=lambda: [Listener()])
    targets: list[Annotated[str, ref()]] = []
    target_port: int | None = Field(default=None, ge=1, le=65535)
    health_check: HealthCheck | None = Field(default_factory=HealthCheck)
    stickiness: Stickiness = Field(default_factory=Stickiness)
    cross_zone: bool | None = None
    preserve_client_ip: bool = False
    elastic_ips: bool = False
    deregistration_delay_s: int = 300


class TargetGroupProps(Props):
    target_type: Literal["instance", "ip", "lambda", "alb"] = "instance"
    protocol: str = "HTTP"
    port: int = Field(default=80, ge=1, le=65535)
    targets: list[Annotated[str, ref()]] = []
    health_check: HealthCheck | None = Field(default_factory=HealthCheck)
    stickiness: Stickiness = Field(default_factory=Stickiness)
    deregistration_delay_s: int = 300
    cross_zone: bool | None = None
    ip_targets: list[str] = []


class AsgProps(Props):
    subnets: list[SubnetRef] = []
    min: int = Field(default=1, ge=0)
    desired: int = Field(default=2, ge=0)
    max: int = Field(default=4, ge=0)
    instance_type: str = "t3.micro"
    security_groups: list[SgRef] = []
    public_ip: bool | None = None
    load_balancers: list[Annotated[str, ref(*LB_KINDS, "target_group")]] = []
    health_check_type: Literal["EC2", "ELB"] = "EC2"
    launch_template: Annotated[str | None, ref("launch_template")] = None
    launch_config: Annotated[str | None, ref("launch_config")] = None
    mixed_instances: bool = False
    scaling_policy: str | None = None
    stores_state: bool = False
    cookie_state_bytes: int | None = Field(default=None, ge=0)


class LambdaProps(Props):
    runtime: str = "python3.12"
    memory_mb: int = Field(default=128, ge=128, le=10240)
    timeout_s: int = Field(default=3, ge=1)
    subnets: list[SubnetRef] = []
    security_groups: list[SgRef] = []
    role: Annotated[str | None, ref("iam_role")] = None
    reserved_concurrency: int | None = None
    env_bytes: int = Field(default=0, ge=0)
    tmp_mb: int = Field(default=512, ge=512)
    package_zip_mb: float | None = None
    package_unzipped_mb: float | None = None


# --- data --------------------------------------------------------------------------------------------

DB_ENGINE_PORTS = {"mysql": 3306, "mariadb": 3306, "aurora-mysql": 3306, "aurora": 3306,
                   "postgres": 5432, "postgresql": 5432, "aurora-postgresql": 5432,
                   "oracle": 1521, "sqlserver": 1433, "redis": 6379, "memcached": 11211}


class RdsProps(Props):
    engine: str = "mysql"
    port: int | None = Field(default=None, ge=1, le=65535)
    instance_class: str = "db.t3.micro"
    multi_az: bool = False
    role: Literal["primary", "standby", "read_replica"] = "primary"
    replica_of: Annotated[str | None, ref("rds", "aurora_instance")] = None
    publicly_accessible: bool = False
    security_groups: list[SgRef] = []
    subnets: list[SubnetRef] = []
    storage_encrypted: bool = False
    backup_retention_days: int = Field(default=7, ge=0, le=35)
    iam_auth: bool = False
    custom: bool = False
    tde: bool = False
    force_ssl: bool = False
    allocated_gib: int = Field(default=20, ge=1)
    storage_autoscaling: bool = False
    max_storage_gib: int | None = None

    @property
    def effective_port(self) -> int:
        return self.port or DB_ENGINE_PORTS.get(self.engine, 3306)


class AuroraInstanceProps(RdsProps):
    engine: str = "aurora-mysql"
    role: Literal["writer", "reader", "primary", "standby", "read_replica"] = "writer"
    cluster: Annotated[str | None, ref("aurora_cluster_volume")] = None


class AuroraClusterProps(Props):
    engine: str = "aurora-mysql"
    storage_gib: int | None = Field(default=None, ge=1)
    local_write_forwarding: bool = False
    multi_master: bool = False
    global_secondary_regions: list[str] = []
    global_write_forwarding: bool = False


class AuroraEndpointProps(Props):
    cluster: Annotated[str | None, ref("aurora_cluster_volume")] = None
    endpoint_type: Literal["writer", "reader", "custom_reader", "custom_any"] = "writer"


class CacheProps(Props):
    engine: Literal["redis", "memcached", "valkey"] = "redis"
    port: int | None = Field(default=None, ge=1, le=65535)
    node_type: str = "cache.t3.micro"
    role: Literal["primary", "replica"] = "primary"
    replica_of: Annotated[str | None, ref("elasticache")] = None
    replicas: int = Field(default=0, ge=0)
    multi_az: bool = False
    automatic_failover: bool = False
    security_groups: list[SgRef] = []
    subnets: list[SubnetRef] = []
    usage: Literal["cache", "session_store", "leaderboard", "other"] = "cache"
    ttl_s: int | None = None
    deployment: Literal["node_based", "serverless"] = "node_based"
    engine_version: str | None = None
    auth: Literal["none", "token", "rbac", "iam", "sasl"] = "none"
    tls: bool = False
    backup: bool = False
    loading: Literal["lazy", "write_through"] = "lazy"

    @property
    def effective_port(self) -> int:
        return self.port or DB_ENGINE_PORTS.get(self.engine, 6379)


class EbsProps(Props):
    volume_type: Literal["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"] = "gp3"
    size_gib: int = Field(default=8, ge=1, le=65536)
    iops: int | None = None
    attached_to: Annotated[str | None, ref(*INSTANCE_KINDS)] = None
    multi_attach: bool = False
    encrypted: bool = False
    shared_content: bool = False
    extra_attachments: list[Annotated[str, ref(*INSTANCE_KINDS)]] = []
    is_root: bool = False
    source_snapshot: Annotated[str | None, ref("ebs_snapshot")] = None
    kms_key: Annotated[str | None, ref("kms_key")] = None
    filesystem: str | None = None


class PlacementGroupProps(Props):
    strategy: Literal["cluster", "spread", "partition"] = "spread"
    partitions_per_az: int = Field(default=1, ge=1)


class EfsProps(Props):
    security_groups: list[SgRef] = []
    performance_mode: Literal["general_purpose", "max_io"] = "general_purpose"
    throughput_mode: Literal["bursting", "provisioned", "elastic"] = "bursting"
    encrypted: bool = False
    one_zone: bool = False


class EfsMountTargetProps(Props):
    efs: Annotated[str | None, ref("efs")] = None
    security_groups: list[SgRef] = []


class S3Notification(Props):
    """An S3 event notification: which events under which key prefix go to which target."""

    events: list[str] = Field(default_factory=lambda: ["s3:ObjectCreated:*"])
    prefix: str = ""
    target: Annotated[str, ref()]


class S3Props(Props):
    name: str | None = None
    versioning: bool = False
    block_public_access: bool = True
    public: bool = False
    website: bool = False
    encryption: Literal["sse-s3", "sse-kms", "sse-c", "none"] = "sse-s3"
    replication_to: Annotated[str | None, ref("s3_bucket")] = None
    logging_to: Annotated[str | None, ref("s3_bucket")] = None
    requester_pays: bool = False
    lifecycle: list[dict[str, Any]] = []
    mfa_delete: bool = False
    object_lock: bool = False
    storage_class: str = "STANDARD"
    notifications: list[S3Notification] = []
    cors_origins: list[str] = []


class DynamoProps(Props):
    billing_mode: Literal["on_demand", "provisioned"] = "on_demand"
    streams: bool = False
    global_regions: list[str] = []
    rcu: int | None = None
    wcu: int | None = None
    pitr: bool = False


class DaxProps(Props):
    nodes: int = Field(default=3, ge=0)
    subnets: list[SubnetRef] = []
    security_groups: list[SgRef] = []


class RedshiftProps(Props):
    nodes: int = 1
    snapshot_copy_region: str | None = None
    enhanced_vpc_routing: bool = False
    subnets: list[SubnetRef] = []
    security_groups: list[SgRef] = []


class NeptuneProps(Props):
    replicas: int = Field(default=0, ge=0)
    security_groups: list[SgRef] = []


class FsxLustreProps(Props):
    deployment: Literal["scratch", "persistent"] = "scratch"


class TransferFamilyProps(Props):
    protocols: list[Literal["SFTP", "FTPS", "FTP", "AS2"]] = Field(default_factory=lambda: ["SFTP"])
    role: Annotated[str | None, ref("iam_role")] = None


class StorageGatewayProps(Props):
    mode: Literal["file", "volume", "tape"] = "file"


# --- edge, DNS, integration --------------------------------------------------------------------------

class Origin(Props):
    target: Annotated[str, ref()]
    oac: bool = False
    oai: bool = False
    vpc_origin: bool = False


class CacheBehavior(Props):
    """A path pattern served from one origin (named by the origin's target node)."""

    path: str = "/*"
    origin: Annotated[str, ref()]


class OriginGroup(Props):
    """Origins CloudFront fails over between: the first is the primary, the second the secondary."""

    members: list[Annotated[str, ref()]] = []


class CloudFrontProps(Props):
    origins: list[Origin] = []
    behaviors: list[CacheBehavior] = []
    origin_groups: list[OriginGroup] = []
    fle_fields: list[str] = []
    fle_public_key: str | None = None
    signed_urls: bool = False
    https_only: bool = True
    waf: bool = False
    geo_restriction: list[str] = []
    price_class: str = "PriceClass_All"


class Route53RecordProps(Props):
    name: str = "example.com"
    type: Literal["A", "AAAA", "CNAME", "ALIAS", "MX", "TXT", "NS"] = "A"
    ttl: int | None = Field(default=300, ge=0)
    alias: bool = False
    targets: list[Annotated[str, ref()]] = []
    routing_policy: Literal["simple", "weighted", "latency", "failover", "geolocation", "geoproximity",
                            "multivalue", "ip_based"] = "simple"
    health_check: Annotated[str | None, ref("route53_health_check")] = None
    zone: Annotated[str | None, ref("route53_zone")] = None
    values: list[str] = []
    evaluate_target_health: bool = False
    set_id: str | None = None
    weight: int | None = None
    region: str | None = None
    failover: Literal["primary", "secondary"] | None = None
    geo_location: str | None = None
    bias: int = 0
    coordinates: str | None = None


class Route53ZoneProps(Props):
    name: str = ""
    private: bool = False
    vpcs: list[Annotated[str, ref("vpc")]] = []
    registrar: Literal["route53", "external"] = "route53"
    ns_delegated: bool = True


class Route53HealthCheckProps(Props):
    type: Literal["endpoint", "cloudwatch_alarm", "calculated"] = "endpoint"
    protocol: str = "HTTP"
    port: int = 80
    path: str = "/"
    interval_s: int = 30
    failure_threshold: int = 3
    target: Annotated[str | None, ref()] = None
    ip: str | None = None


class LambdaEdgeProps(Props):
    event: str = "viewer-request"
    distribution: Annotated[str | None, ref("cloudfront")] = None


class GlobalAcceleratorProps(Props):
    endpoints: list[Annotated[str, ref()]] = []


class ApiGatewayProps(Props):
    endpoint_type: Literal["regional", "edge", "private"] = "regional"
    authorizer: Literal["none", "iam", "cognito", "lambda"] = "none"
    public_api: bool = False
    cache: bool = False


class SqsProps(Props):
    fifo: bool = False
    visibility_timeout_s: int = Field(default=30, ge=0, le=43200)
    retention_s: int = Field(default=345600, ge=60, le=1209600)
    dead_letter_queue: Annotated[str | None, ref("sqs_queue")] = None
    max_receives: int | None = None
    allowed_publishers: list[Annotated[str, ref()]] = []
    name: str | None = None
    delay_s: int = 0
    max_message_bytes: int = 262144
    message_groups: bool = False


class SnsProps(Props):
    fifo: bool = False
    subscribers: list[Annotated[str, ref()]] = []


class KinesisProps(Props):
    shards: int = Field(default=1, ge=1)
    mode: Literal["provisioned", "on_demand"] = "provisioned"
    retention_h: int = 24


class MqProps(Props):
    engine: Literal["activemq", "rabbitmq"] = "activemq"
    deployment: Literal["single", "active_standby", "cluster"] = "single"
    protocols: list[str] = Field(default_factory=lambda: ["openwire"])
    subnets: list[SubnetRef] = []
    security_groups: list[SgRef] = []


class BeanstalkProps(Props):
    tier: Literal["web", "worker"] = "web"
    queue: Annotated[str | None, ref("sqs_queue")] = None


class EcsClusterProps(Props):
    launch_types: list[Literal["EC2", "FARGATE"]] = Field(default_factory=lambda: ["FARGATE"])
    capacity_providers: list[str] = []


class EcsServiceProps(Props):
    """An ECS service, task or Fargate task: launch type, deployment limits, role and networking."""

    launch_type: Literal["EC2", "FARGATE"] = "FARGATE"
    desired: int = Field(default=1, ge=0)
    min_healthy_pct: int = Field(default=100, ge=0)
    max_pct: int = Field(default=200, ge=0)
    autoscaling: bool = False
    capacity_provider: str | None = None
    task_role: Annotated[str | None, ref("iam_role")] = None
    container_port: int = Field(default=80, ge=1, le=65535)
    subnets: list[SubnetRef] = []
    security_groups: list[SgRef] = []


#: kind id -> its property schema. Kinds not listed use :class:`Props` (anything, nothing required).
KIND_PROPS: dict[str, type[Props]] = {
    "region": RegionProps,
    "az": AzProps,
    "vpc": VpcProps,
    "subnet": SubnetProps,
    "route_table": RouteTableProps,
    "nacl": NaclProps,
    "security_group": SecurityGroupProps,
    "igw": GatewayProps,
    "egress_only_igw": GatewayProps,
    "vgw": GatewayProps,
    "nat_gateway": NatGatewayProps,
    "elastic_ip": ElasticIpProps,
    "eni": EniProps,
    "vpc_peering": VpcPeeringProps,
    "transit_gateway": TransitGatewayProps,
    "tgw_route_table": TgwRouteTableProps,
    "customer_gateway": CustomerGatewayProps,
    "vpn_connection": VpnConnectionProps,
    "dx_connection": DxConnectionProps,
    "dx_gateway": DxGatewayProps,
    "vpc_endpoint_gateway": GatewayEndpointProps,
    "vpc_endpoint_interface": InterfaceEndpointProps,
    "endpoint_service": EndpointServiceProps,
    "corporate_dc": OnPremProps,
    "flow_log": FlowLogProps,
    "ec2": InstanceProps,
    "nat_instance": InstanceProps,
    "eks_node": InstanceProps,
    "alb": LoadBalancerProps,
    "nlb": LoadBalancerProps,
    "clb": LoadBalancerProps,
    "elb": LoadBalancerProps,
    "gwlb": LoadBalancerProps,
    "target_group": TargetGroupProps,
    "asg": AsgProps,
    "lambda": LambdaProps,
    "rds": RdsProps,
    "aurora_instance": AuroraInstanceProps,
    "elasticache": CacheProps,
    "ebs": EbsProps,
    "placement_group": PlacementGroupProps,
    "efs": EfsProps,
    "efs_mount_target": EfsMountTargetProps,
    "s3_bucket": S3Props,
    "dynamodb_table": DynamoProps,
    "dax": DaxProps,
    "redshift": RedshiftProps,
    "neptune": NeptuneProps,
    "fsx_lustre": FsxLustreProps,
    "transfer_family": TransferFamilyProps,
    "storage_gateway": StorageGatewayProps,
    "aurora_cluster_volume": AuroraClusterProps,
    "aurora_endpoint": AuroraEndpointProps,
    "route53_zone": Route53ZoneProps,
    "route53_health_check": Route53HealthCheckProps,
    "global_accelerator": GlobalAcceleratorProps,
    "lambda_edge": LambdaEdgeProps,
    "beanstalk_env": BeanstalkProps,
    "amazon_mq": MqProps,
    "ecs_cluster": EcsClusterProps,
    "ecs_service": EcsServiceProps,
    "ecs_task": EcsServiceProps,
    "fargate_task": EcsServiceProps,
    "cloudfront": CloudFrontProps,
    "route53_record": Route53RecordProps,
    "api_gateway": ApiGatewayProps,
    "sqs_queue": SqsProps,
    "sns_topic": SnsProps,
    "kinesis_data_stream": KinesisProps,
}


def schema_for(kind: str) -> type[Props]:
    return KIND_PROPS.get(kind, Props)
