"""The network as the walk sees it: endpoints with addresses, subnets, VPCs, built once per Analyzer.

Address model (deterministic, so paths and fixes are stable between runs):

* every component inside a subnet gets a private IP in that subnet: the subnet's 5th address onwards
  (AWS reserves the first four), in diagram order; load balancers, interface endpoints, Lambda functions
  and Auto Scaling groups placed by ``subnets`` get one ENI per listed subnet;
* a public IPv4 comes from ``elastic_ip``, ``public_ip`` (None follows the subnet's
  ``auto_assign_public_ip``), an ``elastic_ip`` node associated with it, an internet-facing load balancer,
  a public NAT gateway, or ``publicly_accessible`` (RDS, Redshift, ...); public addresses are drawn from
  a fixed pool in diagram order;
* ``internet`` (and users, admins, devices outside a data centre) is every public address unless the node
  names a ``cidr``/``ip``; a ``corporate_dc`` is its ``cidrs``; a node inside a data centre is its ``ip``
  or ``cidr``, else the data centre's first CIDR;
* AWS public services (S3, DynamoDB, SQS, ...) are addresses inside their managed prefix list, or inside a
  representative public AWS range.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cloudwright.engine.catalog import catalog
from cloudwright.engine.graph.index import SG_BEARING, DiagramIndex
from cloudwright.engine.memory import gc_paused
from cloudwright.engine.model.diagram import Diagram, Node, typed_props
from cloudwright.engine.model.props import Props
from cloudwright.engine.model.types import EPHEMERAL_PORTS, PortRange
from cloudwright.engine.reach.addresses import (
    ANY_V4,
    ANY_V6,
    AWS_PUBLIC_RANGE,
    AWS_PUBLIC_V6,
    PREFIX_LISTS,
    PUBLIC_POOL,
    Net,
    net,
)
from cloudwright.engine.reach.nacls import Entry, compile_entries
from cloudwright.engine.reach.routes import RouteTable, compile_table
from cloudwright.engine.reach.security_groups import CompiledSg, compile_sg, implicit_sg

#: Kinds that sit in subnets but own no network interface.
NO_ENI = frozenset({"ebs", "elastic_ip", "flow_log", "cloudwatch_agent", "placement_group", "capacity_reservation",
                    "route_table", "nacl", "security_group"})
#: Kinds placed by a ``subnets`` list with one ENI per subnet.
MULTI_ENI = frozenset({"alb", "nlb", "clb", "elb", "gwlb", "vpc_endpoint_interface", "lambda", "asg"})
LB_KINDS = frozenset({"alb", "nlb", "clb", "elb", "gwlb"})
#: Kinds that carry security groups (the index's list plus data stores it does not name).
SG_KINDS = frozenset(SG_BEARING) | {"dax", "redshift", "neptune", "documentdb", "amazon_mq", "fsx_lustre",
                                    "fsx_windows", "opensearch", "elasticsearch", "cloudhsm", "directory_service",
                                    "ecs_task", "fargate_task", "eks_pod", "ecs_service"}
#: The outside world (on the internet unless drawn inside a corporate data centre).
EXTERNAL_KINDS = frozenset({"internet", "user", "mobile_client", "admin", "iot_device", "email_recipient",
                            "third_party_idp"})
ONPREM_KINDS = frozenset({"corporate_dc", "on_prem_server", "customer_gateway", "customer_router",
                          "active_directory", "backup_server"})
#: Catalogue categories whose out-of-VPC kinds are not AWS public service endpoints.
_NOT_SERVICE_CATEGORIES = frozenset({"Groups", "External", "Networking", "Artefacts"})
_NOT_SERVICE_KINDS = frozenset({"iam", "iam_user", "iam_group", "iam_role", "iam_policy", "scp", "sso",
                                "route53_zone", "route53_record", "route53_health_check", "waf", "shield",
                                "ram_share", "ecs_task_definition", "ecs_cluster", "eks_cluster",
                                "aurora_cluster_volume", "aurora_endpoint", "target_group", "efs",
                                "guardduty", "inspector", "macie", "aws_config", "cloudtrail"})
#: Kind -> the service name an interface endpoint names (``InterfaceEndpointProps.service``).
SERVICE_NAMES = {"s3_bucket": "s3", "dynamodb_table": "dynamodb", "dynamodb_stream": "dynamodb",
                 "sqs_queue": "sqs", "sns_topic": "sns", "kinesis_data_stream": "kinesis-streams",
                 "kinesis_firehose": "kinesis-firehose", "kms_key": "kms", "secrets_manager": "secretsmanager",
                 "ssm_parameter_store": "ssm", "ecr_repo": "ecr", "cloudwatch_logs": "logs",
                 "cloudwatch_metric": "monitoring", "sts": "sts", "api_gateway": "execute-api",
                 "lambda": "lambda", "step_functions": "states", "eventbridge": "events", "glue": "glue",
                 "athena": "athena", "ses": "email", "cloudfront": "cloudfront", "appsync": "appsync",
                 "iot_core": "iot", "cognito_user_pool": "cognito-idp", "cognito_identity_pool": "cognito-identity",
                 "transfer_family": "transfer", "storage_gateway": "storagegateway", "glacier_vault": "glacier"}


def service_key(name: str) -> str:
    """Normalise a service name for comparison (``kinesis-streams``, ``Kinesis Streams`` -> ``kinesisstreams``)."""
    text = name.lower().rsplit(".", 1)[-1]
    return "".join(c for c in text if c.isalnum())


@dataclass(frozen=True)
class Eni:
    """A network interface of a component inside a VPC."""

    node: str
    kind: str
    subnet: str
    vpc: str
    az: str | None
    region: str | None
    private: Net
    public: Net | None
    ipv6: Net | None
    sgs: tuple[str, ...]
    filtered: bool


@dataclass(frozen=True)
class Outside:
    """A party outside every VPC: the internet, an on-premises network or an AWS public service."""

    node: str
    kind: str
    place: str  # "internet" | "onprem" | "service"
    addr: Net
    addr6: Net | None = None
    service: str | None = None
    region: str | None = None
    dc: str | None = None


Endpoint = Eni | Outside


@dataclass(frozen=True)
class SubnetInfo:
    id: str
    vpc: str
    az: str | None
    cidr: Net
    ipv6: Net | None
    auto_public: bool


@dataclass(frozen=True)
class VpcInfo:
    id: str
    cidrs: tuple[Net, ...]
    region: str | None


class Network:
    """Lookups the evaluators share; everything is computed once per diagram state."""

    def __init__(self, diagram: Diagram, settings: dict[str, Any] | None = None,
                 index: DiagramIndex | None = None) -> None:
        self.diagram = diagram
        self.index = index or DiagramIndex(diagram)
        self.settings = {**diagram.settings, **(settings or {})}
        self.nodes = diagram.nodes
        self.ephemeral = _ephemeral(self.settings.get("ephemeral_ports"))
        self.subnets: dict[str, SubnetInfo] = {}
        self.vpcs: dict[str, VpcInfo] = {}
        self._build_vpcs()
        self._tables: dict[str, RouteTable] = {}
        self._tables_by_subnet: dict[str, RouteTable] = {}
        self._nacl_nodes: dict[str, Node | None] = {}
        self._nacl_entries: dict[tuple[str, str], tuple[Entry, ...]] = {}
        self._sgs: dict[str, CompiledSg] = {}
        self._default_sgs: dict[str, str | None] = {}
        #: vpc -> (attached IGW, detached IGW), filled by the IGW evaluator.
        self.gateways: dict[str, tuple[str | None, str | None]] = {}
        self._enis: dict[str, list[Eni]] = {}
        self._outside: dict[str, Outside] = {}
        with gc_paused():
            self._build_endpoints()

    # --- VPCs and subnets ------------------------------------------------------------------------------
    def _build_vpcs(self) -> None:
        index = self.index
        for vpc in index.of_kind("vpc"):
            props = typed_props(vpc)
            cidrs = [net(props.cidr), *(net(c) for c in props.secondary_cidrs)]  # type: ignore[attr-defined]
            if props.ipv6_cidr is not None:  # type: ignore[attr-defined]
                cidrs.append(net(props.ipv6_cidr))  # type: ignore[attr-defined]
            self.vpcs[vpc.id] = VpcInfo(vpc.id, tuple(cidrs), self._region(vpc.id))
        for subnet in index.of_kind("subnet"):
            vpc = index.vpc_of(subnet.id)
            if vpc is None:
                continue
            props = typed_props(subnet)
            ipv6 = props.ipv6_cidr  # type: ignore[attr-defined]
            self.subnets[subnet.id] = SubnetInfo(subnet.id, vpc.id, self.index.az_key(subnet.id),
                                                 net(props.cidr), net(ipv6) if ipv6 is not None else None,  # type: ignore[attr-defined]
                                                 bool(props.auto_assign_public_ip))  # type: ignore[attr-defined]

    def _region(self, node_id: str) -> str | None:
        region = self.index.region_of(node_id)
        return typed_props(region).name if region is not None else None  # type: ignore[attr-defined]

    # --- endpoints -----------------------------------------------------------------------------------------
    def _build_endpoints(self) -> None:
        index = self.index
        subnet_counter: dict[str, int] = {}
        public_counter = [0]
        eip_for = {typed_props(e).associated_with for e in index.of_kind("elastic_ip")}  # type: ignore[attr-defined]
        service_counter: dict[str, int] = {}
        cat = catalog()
        has_enis: dict[str, bool] = {}  # kind -> whether its nodes may own ENIs (catalogue looked up once per kind)
        for node in self.diagram.nodes.values():
            kind = node.kind
            eligible = has_enis.get(kind)
            if eligible is None:
                eligible = has_enis[kind] = kind not in NO_ENI and kind in cat and not cat.get(kind).container
            props = typed_props(node) if eligible else None
            placed = self._placement(node, props) if props is not None else None
            if placed is None or props is None:
                outside = self._outside_of(node, service_counter)
                if outside is not None:
                    self._outside[node.id] = outside
                continue
            enis = []
            sgs, filtered = self._sgs_of(node, props, placed[0])
            wants_ipv6 = bool(field(props, "ipv6", False)) or node.kind in LB_KINDS
            for subnet_id in placed:
                info = self.subnets[subnet_id]
                n = subnet_counter.get(subnet_id, 0)
                subnet_counter[subnet_id] = n + 1
                public = None
                if self._has_public_ip(node, props, info, node.id in eip_for):
                    public = PUBLIC_POOL.host(1 + public_counter[0])
                    public_counter[0] += 1
                ipv6 = info.ipv6.host(4 + n) if info.ipv6 is not None and wants_ipv6 else None
                enis.append(Eni(node.id, node.kind, subnet_id, info.vpc, info.az, self.vpcs[info.vpc].region,
                                info.cidr.host(4 + n), public, ipv6, sgs, filtered))
            self._enis[node.id] = enis
        for eni_node in index.of_kind("eni"):
            owner = typed_props(eni_node).attached_to  # type: ignore[attr-defined]
            if owner and owner in self._enis and eni_node.id in self._enis:
                self._enis[owner] = [*self._enis[owner], *self._enis[eni_node.id]]

    def _placement(self, node: Node, props: Props) -> list[str] | None:
        """The subnets holding the node's ENIs, or None for a node outside every subnet."""
        if node.parent in self.subnets and node.kind not in MULTI_ENI:
            return [node.parent]  # the common case: drawn straight inside its subnet
        listed = [s for s in (field(props, "subnets") or []) if s in self.subnets]
        parent_subnet = self.index.subnet_of(node.id) if node.parent is not None else None
        if node.kind in MULTI_ENI and listed:
            return listed
        if parent_subnet is not None and parent_subnet.id in self.subnets:
            return [parent_subnet.id]
        if listed and node.kind in SG_KINDS:
            return listed[:1]
        return None

    def _sgs_of(self, node: Node, props: Props, subnet_id: str) -> tuple[tuple[str, ...], bool]:
        """The ENI's SGs (its own, its ASG's, else the VPC's default) and whether SGs filter it at all."""
        sgs = [s for s in (field(props, "security_groups") or []) if s in self.nodes]
        asg = field(props, "member_of")
        if not sgs and asg in self.nodes:
            sgs = [s for s in (field(typed_props(self.nodes[asg]), "security_groups") or []) if s in self.nodes]
        if not sgs and node.kind in SG_BEARING:
            default = self._default_sg(self.subnets[subnet_id].vpc)
            sgs = [default] if default is not None else []
        if node.kind == "nat_gateway":
            return tuple(sgs), bool(sgs)
        if node.kind == "nlb" and not sgs:
            return (), False
        if not sgs and node.kind in SG_KINDS:
            return (implicit_default_sg(self.subnets[subnet_id].vpc),), True
        return tuple(sgs), node.kind in SG_KINDS or bool(sgs)

    def _default_sg(self, vpc: str) -> str | None:
        if vpc not in self._default_sgs:
            found = self.index.default_sg(vpc)
            self._default_sgs[vpc] = found.id if found is not None else None
        return self._default_sgs[vpc]

    def _has_public_ip(self, node: Node, props: Props, subnet: SubnetInfo, has_eip_node: bool) -> bool:
        kind = node.kind
        if kind == "nat_gateway":
            return props.connectivity == "public" and (has_eip_node or props.elastic_ip)  # type: ignore[attr-defined]
        if has_eip_node or field(props, "elastic_ip") is True:
            return True
        if kind in LB_KINDS:
            return props.scheme == "internet-facing"  # type: ignore[attr-defined]
        if field(props, "publicly_accessible") is True:
            return True
        if kind in ("ec2", "nat_instance", "eks_node", "asg", "eni"):
            chosen = field(props, "public_ip")
            return subnet.auto_public if chosen is None else bool(chosen)
        return False

    def _outside_of(self, node: Node, counters: dict[str, int]) -> Outside | None:
        kind = node.kind
        dc = node if kind == "corporate_dc" else self.index.enclosing(node.id, "corporate_dc")
        if dc is not None or kind in ONPREM_KINDS:
            # a customer gateway's ``ip`` is its public tunnel endpoint, not an address of the network
            own = _declared_net(node.props) if kind not in ("customer_gateway", "customer_router") else None
            dc_nets = onprem_cidrs(dc) if dc is not None else []
            addr = own or (dc_nets[0] if dc_nets else net("192.168.0.0/16"))
            return Outside(node.id, kind, "onprem", addr, dc=dc.id if dc is not None else None)
        if kind in EXTERNAL_KINDS:
            return Outside(node.id, kind, "internet", _declared_net(node.props) or ANY_V4, ANY_V6)
        if kind not in catalog():
            return None
        spec = catalog().get(kind)
        if spec.container or spec.category in _NOT_SERVICE_CATEGORIES or kind in _NOT_SERVICE_KINDS:
            return None
        if self.index.vpc_of(node.id) is not None:
            return None
        service = SERVICE_NAMES.get(kind, kind)
        base = {"s3": PREFIX_LISTS["s3"][0], "dynamodb": PREFIX_LISTS["dynamodb"][0],
                "cloudfront": PREFIX_LISTS["cloudfront"][0]}.get(service, AWS_PUBLIC_RANGE)
        n = counters.get(str(base), 0)
        counters[str(base)] = n + 1
        counters["v6"] = counters.get("v6", -1) + 1
        return Outside(node.id, kind, "service", base.host(10 + n), AWS_PUBLIC_V6.host(10 + counters["v6"]),
                       service=service, region=self._region(node.id))

    # --- queries ----------------------------------------------------------------------------------------
    def props(self, node_id: str) -> Any:
        return typed_props(self.nodes[node_id])

    def enis(self, node_id: str) -> list[Eni]:
        return self._enis.get(node_id, [])

    def outside(self, node_id: str) -> Outside | None:
        return self._outside.get(node_id)

    def endpoints(self, node_id: str, depth: int = 0) -> list[Endpoint]:
        """Where a node's traffic starts or ends: its ENIs, an outside party, or what it stands for (an
        ASG's instances, a target group's targets, a DNS record's targets, an EFS file system's mount
        targets)."""
        if node_id in self._enis:
            return list(self._enis[node_id])
        if node_id in self._outside:
            return [self._outside[node_id]]
        node = self.nodes.get(node_id)
        if node is None or depth > 2:
            return []
        members: list[str] = []
        if node.kind == "asg":
            members = self.index.asg_members(node_id)
        elif node.kind in ("target_group", "route53_record"):
            members = list(typed_props(node).targets)  # type: ignore[attr-defined]
        elif node.kind == "efs":
            members = [m.id for m in self.index.of_kind("efs_mount_target")
                       if typed_props(m).efs == node_id]  # type: ignore[attr-defined]
        return [e for m in members for e in self.endpoints(m, depth + 1)]

    @cached_property
    def enis_by_subnet(self) -> dict[str, list[Eni]]:
        result: dict[str, list[Eni]] = {}
        for eni in self.all_enis():
            result.setdefault(eni.subnet, []).append(eni)
        return result

    def enis_by_node(self) -> dict[str, list[Eni]]:
        """Node id -> its ENIs, in diagram order (read-only)."""
        return self._enis

    def all_enis(self) -> list[Eni]:
        return [e for enis in self._enis.values() for e in enis]

    @cached_property
    def interface_endpoints(self) -> dict[tuple[str, str], list[Eni]]:
        """(vpc, service key) -> ENIs of interface endpoints with private DNS (the service name resolves there)."""
        result: dict[tuple[str, str], list[Eni]] = {}
        for node in self.index.of_kind("vpc_endpoint_interface"):
            props = typed_props(node)
            if props.private_dns:  # type: ignore[attr-defined]
                for eni in self.enis(node.id):
                    result.setdefault((eni.vpc, service_key(props.service)), []).append(eni)  # type: ignore[attr-defined]
        return result

    # --- compiled filters and tables (cached) --------------------------------------------------------------
    @cached_property
    def _endpoint_routes(self) -> dict[str, list[tuple[str, str]]]:
        """Route table id -> the (service, gateway endpoint) prefix-list routes the endpoints add to it."""
        result: dict[str, list[tuple[str, str]]] = {}
        for endpoint in self.index.of_kind("vpc_endpoint_gateway"):
            props = typed_props(endpoint)
            for table in props.route_tables:  # type: ignore[attr-defined]
                result.setdefault(table, []).append((props.service, endpoint.id))  # type: ignore[attr-defined]
        return result

    def table(self, subnet_id: str) -> RouteTable:
        """The subnet's effective route table, compiled (main-table fallback, implicit local-only table)."""
        found = self._tables_by_subnet.get(subnet_id)
        if found is None:
            vpc = self.subnets[subnet_id].vpc
            node = self.index.route_table_of(subnet_id)
            key = node.id if node is not None else f"{vpc}#main"
            found = self._tables.get(key)
            if found is None:
                found = compile_table(self.index, vpc, self.vpcs[vpc].cidrs, node,
                                      self._endpoint_routes.get(key, []))
                self._tables[key] = found
            self._tables_by_subnet[subnet_id] = found
        return found

    def nacl(self, subnet_id: str) -> Node | None:
        if subnet_id not in self._nacl_nodes:
            self._nacl_nodes[subnet_id] = self.index.nacl_of(subnet_id)
        return self._nacl_nodes[subnet_id]

    def nacl_entries(self, subnet_id: str, direction: str) -> tuple[Entry, ...]:
        key = (subnet_id, direction)
        found = self._nacl_entries.get(key)
        if found is None:
            found = self._nacl_entries[key] = compile_entries(self.nacl(subnet_id), direction)
        return found

    def sg(self, sg_id: str) -> CompiledSg:
        found = self._sgs.get(sg_id)
        if found is None:
            node = self.nodes.get(sg_id)
            found = self._sgs[sg_id] = compile_sg(node) if node is not None else implicit_sg(sg_id)
        return found


def field(props: Props, name: str, default: Any = None) -> Any:
    """A property by name, declared or extra, without pydantic's slow failing ``getattr``."""
    declared = props.__dict__
    if name in declared:
        return declared[name]
    extra = props.__pydantic_extra__
    return extra.get(name, default) if extra else default


def implicit_default_sg(vpc_id: str) -> str:
    """The id used for a VPC's default security group when the design does not draw it."""
    return f"{vpc_id}#default-sg"


def onprem_cidrs(dc: Node) -> list[Net]:
    """A data centre's CIDRs: ``cidrs``, or the catalogue's single ``cidr`` when only that is written."""
    if "cidrs" not in dc.props and "cidr" in dc.props:
        try:
            return [net(dc.props["cidr"])]
        except ValueError:
            return []
    return [net(c) for c in typed_props(dc).cidrs]  # type: ignore[attr-defined]


def _declared_net(props: dict[str, Any]) -> Net | None:
    for key in ("cidr", "ip"):
        value = props.get(key)
        if isinstance(value, str):
            try:
                return net(value)
            except ValueError:
                return None
    return None


def _ephemeral(value: Any) -> PortRange:
    if value is None:
        return EPHEMERAL_PORTS
    try:
        return PortRange.parse(value)
    except ValueError:
        return EPHEMERAL_PORTS
