"""Network facts the NET/SG/EC2 rules share, computed once per validation run.

These are the helper predicates of rules.md section 0 (``rt(S)``, ``is_public_subnet``, ``has_public_ipv4``,
``lookup``), with AWS's defaults for unset properties: the main route table (None = only the local route),
the default NACL (allow all), the default SG. They are static facts about configuration, not a packet walk:
whether a whole path works is the reachability analyzer's job.

``facts(ctx)`` returns the shared instance for one :class:`RuleContext`. Every query is O(1) or O(size of the
answer) after a linear build, so all rules together stay linear in the size of the design.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from cloudwright.engine.model.diagram import Edge, Node, typed_props
from cloudwright.engine.model.props import NaclEntry, Route, SgRule
from cloudwright.engine.model.types import ALL_PORTS, EPHEMERAL_PORTS, IPNetwork, PortRange, Protocol
from cloudwright.engine.rules.context import RuleContext

#: Nodes that stand for the Internet side of a flow (DESIGN: "the outside world").
INTERNET_KINDS = frozenset({"internet", "user", "mobile_client", "admin", "iot_device", "email_recipient"})
#: Managed front doors: a flow from the Internet to these does not need a public IP on what is behind them.
FRONT_DOORS = frozenset({"alb", "nlb", "clb", "elb", "gwlb", "cloudfront", "global_accelerator", "api_gateway"})
INSTANCE_KINDS = frozenset({"ec2", "nat_instance", "eks_node"})
DATA_STORE_KINDS = frozenset({"rds", "aurora_instance", "elasticache", "redshift", "documentdb", "neptune", "dax"})
LB_KINDS = frozenset({"alb", "nlb", "clb", "elb", "gwlb"})
#: Regional AWS services reached over their public endpoints (or a VPC endpoint), not inside a VPC.
AWS_API_KINDS = frozenset({"s3_bucket", "dynamodb_table", "sqs_queue", "sns_topic", "kinesis_data_stream",
                           "kinesis_firehose", "secrets_manager", "ssm_parameter_store", "kms_key",
                           "cloudwatch_logs", "cloudwatch_metric", "eventbridge", "step_functions", "ses",
                           "ecr_repo", "athena", "glue", "sts"})
PUBLIC_INTERNET = ipaddress.ip_network("203.0.113.10/32")  # a representative Internet address (TEST-NET-3)
ANY_V4 = ipaddress.ip_network("0.0.0.0/0")
ANY_V6 = ipaddress.ip_network("::/0")
RFC1918 = tuple(ipaddress.ip_network(c) for c in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
CGNAT = ipaddress.ip_network("100.64.0.0/10")
#: Ephemeral port ranges by who opens the connection (rules.md NET-NACL-005).
EPHEMERAL_LINUX = PortRange(32768, 60999)
EPHEMERAL_WINDOWS = PortRange(49152, 65535)


def facts(ctx: RuleContext) -> NetFacts:
    """The shared :class:`NetFacts` of a validation run (built on first use)."""
    cached = ctx.__dict__.get("_netfacts")
    if cached is None:
        cached = ctx.__dict__["_netfacts"] = NetFacts(ctx)
    return cached


def is_private_range(net: IPNetwork) -> bool:
    return any(net.subnet_of(r) for r in RFC1918) if net.version == 4 else False


_NON_PUBLIC_V4 = tuple(ipaddress.ip_network(c) for c in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4"))


def is_public_address(text: str) -> bool:
    """Whether an address can be reached over the Internet (documentation ranges count as public examples)."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    if address.version == 6:
        return address.is_global
    return not any(address in net for net in _NON_PUBLIC_V4)


class NetFacts:
    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.index = ctx.index
        self.nodes = ctx.diagram.nodes
        self._vpc: dict[str, str | None] = {}
        self._region: dict[str, str | None] = {}

    # --- where things are ------------------------------------------------------------------------------
    def vpc_id(self, node_id: str) -> str | None:
        """The VPC a node sits in (memoised; containers are walked once)."""
        if node_id in self._vpc:
            return self._vpc[node_id]
        node = self.nodes[node_id]
        if node.kind == "vpc":
            result: str | None = node.id
        elif node.parent is None or node.parent not in self.nodes:
            result = None
        else:
            result = self.vpc_id(node.parent)
        self._vpc[node_id] = result
        return result

    def region_name(self, node_id: str) -> str | None:
        """The name of the region a node is drawn in (memoised per container)."""
        if node_id in self._region:
            return self._region[node_id]
        node = self.nodes[node_id]
        if node.kind == "region":
            result: str | None = typed_props(node).name  # type: ignore[attr-defined]
        elif node.parent is None or node.parent not in self.nodes:
            result = None
        else:
            result = self.region_name(node.parent)
        self._region[node_id] = result
        return result

    def with_raw(self, kinds: Iterable[str], key: str) -> list[Node]:
        """Nodes of ``kinds`` whose file sets ``key``: a cheap pre-filter before reading typed props."""
        wanted = set(kinds)
        return [n for n in self.by_raw_key.get(key, ()) if n.kind in wanted]

    @cached_property
    def by_raw_key(self) -> dict[str, list[Node]]:
        """Property name -> the nodes whose file sets it (one pass over the design)."""
        result: dict[str, list[Node]] = defaultdict(list)
        for node in self.nodes.values():
            for key in node.props:
                result[key].append(node)
        return result

    def with_any_raw(self, *keys: str) -> list[Node]:
        """Nodes of any kind whose file sets one of ``keys`` (in design order)."""
        seen = {id(n): n for key in keys for n in self.by_raw_key.get(key, ())}
        return [n for n in self.nodes.values() if id(n) in seen] if len(keys) > 1 else list(seen.values())

    def subnets_of(self, node_id: str) -> list[str]:
        """The subnets a resource occupies: its parent subnet, else the ``subnets`` it lists."""
        subnet = self.index.subnet_of(node_id)
        if subnet is not None:
            return [subnet.id]
        listed = getattr(typed_props(self.nodes[node_id]), "subnets", None) or []
        return [s for s in listed if s in self.nodes and self.nodes[s].kind == "subnet"]

    def azs_of(self, node_id: str) -> set[str]:
        azs = {self.index.az_key(s) for s in self.subnets_of(node_id)}
        if not azs:
            azs = {self.index.az_key(node_id)}
        return {a for a in azs if a is not None}

    @cached_property
    def subnets_by_vpc(self) -> dict[str, list[Node]]:
        result: dict[str, list[Node]] = defaultdict(list)
        for subnet in self.index.of_kind("subnet"):
            vpc = self.vpc_id(subnet.id)
            if vpc is not None:
                result[vpc].append(subnet)
        return result

    def in_vpc(self, vpc_id: str, kind: str) -> list[Node]:
        return self._by_vpc_kind.get((vpc_id, kind), [])

    @cached_property
    def _by_vpc_kind(self) -> dict[tuple[str, str], list[Node]]:
        result: dict[tuple[str, str], list[Node]] = defaultdict(list)
        for kind in ("igw", "egress_only_igw", "vgw", "route_table", "nacl", "security_group", "nat_gateway",
                     "vpc_endpoint_gateway", "vpc_endpoint_interface", "flow_log"):
            for node in self.index.of_kind(kind):
                vpc = self.vpc_id(node.id)
                if vpc is not None:
                    result[(vpc, kind)].append(node)
        return result

    def vpc_cidrs(self, vpc_id: str) -> list[IPNetwork]:
        props = typed_props(self.nodes[vpc_id])
        cidrs: list[IPNetwork] = [props.cidr, *props.secondary_cidrs]  # type: ignore[attr-defined]
        if props.ipv6_cidr is not None:  # type: ignore[attr-defined]
            cidrs.append(props.ipv6_cidr)  # type: ignore[attr-defined]
        return cidrs

    def attached_igws(self, vpc_id: str) -> list[Node]:
        return [g for g in self.in_vpc(vpc_id, "igw") if typed_props(g).attached]  # type: ignore[attr-defined]

    def attached(self, gateway_id: str) -> bool:
        return bool(getattr(typed_props(self.nodes[gateway_id]), "attached", True))

    # --- routing -----------------------------------------------------------------------------------------
    def route_table(self, subnet_id: str) -> Node | None:
        return self.index.route_table_of(subnet_id)

    def routes(self, subnet_id: str) -> list[Route]:
        table = self.route_table(subnet_id)
        return list(typed_props(table).routes) if table is not None else []  # type: ignore[attr-defined]

    @cached_property
    def endpoints_by_table(self) -> dict[str, list[Node]]:
        """Gateway endpoints by the route tables they are associated with (their prefix-list routes)."""
        result: dict[str, list[Node]] = defaultdict(list)
        for endpoint in self.index.of_kind("vpc_endpoint_gateway"):
            for table in typed_props(endpoint).route_tables:  # type: ignore[attr-defined]
                result[table].append(endpoint)
        return result

    def default_route(self, subnet_id: str, v6: bool = False) -> Route | None:
        """The route of ``rt(S)`` whose destination is exactly 0.0.0.0/0 (``::/0`` with ``v6``)."""
        wanted = ANY_V6 if v6 else ANY_V4
        for route in self.routes(subnet_id):
            if route.destination == wanted:
                return route
        return None

    def target_kind(self, target: str) -> str:
        node = self.nodes.get(target)
        return node.kind if node is not None else target

    def is_public_subnet(self, subnet_id: str, v6: bool = False) -> bool:
        """rules.md ``is_public_subnet``: the effective table sends the default route to the VPC's attached IGW."""
        route = self.default_route(subnet_id, v6)
        if route is None or route.target not in self.nodes:
            return False
        target = self.nodes[route.target]
        return target.kind == "igw" and self.attached(target.id) and self.vpc_id(target.id) == self.vpc_id(subnet_id)

    def lookup(self, subnet_id: str, address: IPNetwork) -> str | None:
        """rules.md ``lookup(rt(S), addr)``: the target of the longest matching route (``local`` for the VPC).

        ``address`` may be a network: a route matches when it contains the whole network. Propagated routes
        lose ties to static ones. None means no route (the packet is dropped).
        """
        best: tuple[int, int, str] | None = None
        vpc = self.vpc_id(subnet_id)
        candidates: list[tuple[IPNetwork, int, str]] = []
        if vpc is not None:
            candidates.extend((c, 0, "local") for c in self.vpc_cidrs(vpc))
        for route in self.routes(subnet_id):
            if route.destination is not None:
                candidates.append((route.destination, 1 if route.propagated else 0, route.target))
        for network, rank, target in candidates:
            if network.version != address.version or not address.subnet_of(network):  # type: ignore[arg-type]
                continue
            key = (network.prefixlen, -rank, target)
            if best is None or key[:2] > best[:2]:
                best = key
        return best[2] if best is not None else None

    def service_route(self, subnet_id: str, service: str) -> str | None:
        """Where S's traffic to S3/DynamoDB goes: a gateway endpoint's prefix-list route beats the default route."""
        table = self.route_table(subnet_id)
        if table is not None:
            for route in typed_props(table).routes:  # type: ignore[attr-defined]
                if route.prefix_list == service:
                    return route.target
            for endpoint in self.endpoints_by_table.get(table.id, []):
                if typed_props(endpoint).service == service:  # type: ignore[attr-defined]
                    return endpoint.id
        route = self.default_route(subnet_id)
        return route.target if route is not None else None

    # --- addresses ---------------------------------------------------------------------------------------
    def has_public_ipv4(self, node_id: str) -> bool:
        """rules.md ``has_public_ipv4``: an EIP, an auto-assigned public IP, or a managed kind's own flag."""
        node = self.nodes[node_id]
        props = typed_props(node)
        if node.kind in INSTANCE_KINDS:
            if props.elastic_ip or node_id in self.eips_by_target:  # type: ignore[attr-defined]
                return True
            if props.public_ip is not None:  # type: ignore[attr-defined]
                return bool(props.public_ip)  # type: ignore[attr-defined]
            asg = props.member_of  # type: ignore[attr-defined]
            if asg and asg in self.nodes and typed_props(self.nodes[asg]).public_ip is not None:  # type: ignore
                return bool(typed_props(self.nodes[asg]).public_ip)  # type: ignore[attr-defined]
            subnet = self.index.subnet_of(node_id)
            return bool(subnet is not None and typed_props(subnet).auto_assign_public_ip)  # type: ignore
        if node.kind == "nat_gateway":
            return props.connectivity == "public"  # type: ignore[attr-defined]
        if node.kind in LB_KINDS:
            return props.scheme == "internet-facing"  # type: ignore[attr-defined]
        if node.kind in ("rds", "aurora_instance"):
            return bool(props.publicly_accessible)  # type: ignore[attr-defined]
        if node.kind == "eni":
            return bool(props.public_ip or props.elastic_ip or node_id in self.eips_by_target)  # type: ignore
        return False

    @cached_property
    def eips_by_target(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = defaultdict(list)
        for eip in self.index.of_kind("elastic_ip"):
            target = typed_props(eip).associated_with  # type: ignore[attr-defined]
            if target:
                result[target].append(eip.id)
        return result

    def address_of(self, node_id: str) -> IPNetwork | None:
        """A network that holds the node's address: its private IP, else its subnet's CIDR.

        Internet-side nodes get a representative public address; on-prem nodes their data centre's first
        CIDR. None when the model does not place the node.
        """
        node = self.nodes[node_id]
        if node.kind in INTERNET_KINDS:
            declared = node.props.get("ip") or node.props.get("cidr")
            if isinstance(declared, str):
                try:
                    return ipaddress.ip_network(declared, strict=False)
                except ValueError:
                    pass
            return PUBLIC_INTERNET
        private_ip = getattr(typed_props(node), "private_ip", None)
        if private_ip:
            try:
                return ipaddress.ip_network(private_ip)
            except ValueError:
                pass
        subnets = self.subnets_of(node_id)
        if subnets:
            return typed_props(self.nodes[subnets[0]]).cidr  # type: ignore[attr-defined]
        dc = self.index.enclosing(node_id, "corporate_dc")
        if dc is not None:
            cidrs = typed_props(dc).cidrs  # type: ignore[attr-defined]
            return cidrs[0] if cidrs else None
        return None

    def on_prem_cidrs(self, dc: Node) -> list[IPNetwork]:
        props = typed_props(dc)
        cidrs = list(props.cidrs)  # type: ignore[attr-defined]
        raw = dc.props.get("cidr")
        if raw and "cidrs" not in dc.props:
            try:
                cidrs = [ipaddress.ip_network(raw)]
            except ValueError:
                pass
        return cidrs

    # --- flows -------------------------------------------------------------------------------------------
    @cached_property
    def traffic_edges(self) -> list[Edge]:
        return [e for e in self.ctx.diagram.edges.values() if e.kind == "traffic"
                and e.source in self.nodes and e.target in self.nodes]

    def is_internet(self, node_id: str) -> bool:
        return self.nodes[node_id].kind in INTERNET_KINDS

    @cached_property
    def internet_flow_nodes(self) -> set[str]:
        """Nodes with a drawn flow to or from the Internet side."""
        result: set[str] = set()
        for edge in self.traffic_edges:
            if self.is_internet(edge.source):
                result.add(edge.target)
            if self.is_internet(edge.target):
                result.add(edge.source)
        return result

    @cached_property
    def subnets_with_internet_flows(self) -> set[str]:
        return {s for n in self.internet_flow_nodes for s in self.subnets_of(n)}

    def subnet_intent(self, subnet: Node) -> str | None:
        """'public', 'private' or 'isolated' from intent flags, else the subnet's explicitly set ``tier``."""
        for flag in ("isolated", "public", "private"):
            if self.ctx.intent(subnet, flag):
                return flag
        tier = self.ctx.intent(subnet, "tier") or subnet.props.get("tier")
        if tier in ("public", "private", "isolated"):
            return tier
        if tier == "data":
            return "private"
        return None

    def needs_egress(self, node_id: str) -> bool:
        return bool(self.ctx.intent(node_id, "needs_egress"))

    # --- security groups ---------------------------------------------------------------------------------
    def sgs(self, node_id: str) -> list[Node]:
        """The security groups on a resource (default-SG fallback); names of other kinds are ignored."""
        return [g for g in self.index.security_groups_of(node_id) if g.kind == "security_group"]

    def sg_ids(self, node_id: str) -> set[str]:
        return {sg.id for sg in self.sgs(node_id)}

    def sg_admits(self, sgs: Iterable[Node], protocol: Protocol, port: int, source: str | None,
                  direction: str = "inbound") -> bool:
        """Whether any of ``sgs`` allows ``protocol``/``port`` from (or to) the node ``source``.

        A rule matches by peer SG membership, by a CIDR holding the source's address, or (for a default SG
        whose inbound rules were never set) by the default self-reference (rules.md SG-DEF-001).
        """
        source_sgs = self.sg_ids(source) if source is not None else set()
        address = self.address_of(source) if source is not None else None
        for sg in sgs:
            for rule in self.sg_rules(sg, direction):
                if not rule.protocol.matches(protocol):
                    continue
                if protocol not in (Protocol.ICMP, Protocol.ICMPV6) and not rule.port.contains(port):
                    continue
                if rule.sg is not None and rule.sg in source_sgs:
                    return True
                if rule.cidr is not None and address is not None and address.version == rule.cidr.version \
                        and address.subnet_of(rule.cidr):  # type: ignore[arg-type]
                    return True
                if rule.prefix_list is not None and source is not None and self._in_prefix_list(source, rule):
                    return True
        return False

    def sg_rules(self, sg: Node, direction: str = "inbound") -> list[SgRule]:
        props = typed_props(sg)
        rules = list(getattr(props, direction))
        if direction == "inbound" and props.default and "inbound" not in sg.props:  # type: ignore[attr-defined]
            rules.append(SgRule(protocol=Protocol.ALL, port=ALL_PORTS, sg=sg.id))
        return rules

    def _in_prefix_list(self, source: str, rule: SgRule) -> bool:
        kind = self.nodes[source].kind
        return (rule.prefix_list == "cloudfront" and kind == "cloudfront") or rule.prefix_list == kind

    # --- NACLs -------------------------------------------------------------------------------------------
    def nacl_entries(self, subnet_id: str, direction: str) -> list[NaclEntry] | None:
        """The effective NACL's entries by rule number; None = AWS's default NACL (allow everything).

        A drawn default NACL whose entries were never set also allows everything, as AWS creates it.
        """
        nacl = self.index.nacl_of(subnet_id)
        if nacl is None:
            return None
        props = typed_props(nacl)
        if props.default and not props.inbound and not props.outbound:  # type: ignore[attr-defined]
            return None
        return sorted(getattr(props, direction), key=lambda e: e.rule)

    @staticmethod
    def nacl_allowed_ports(entries: list[NaclEntry] | None, protocol: Protocol, address: IPNetwork,
                           ports: PortRange) -> list[PortRange]:
        """The parts of ``ports`` that first-match evaluation of ``entries`` allows for ``address``.

        >>> NetFacts.nacl_allowed_ports(None, Protocol.TCP, ANY_V4, PortRange(1, 2))
        [PortRange(low=1, high=2)]
        """
        if entries is None:
            return [ports]
        open_ranges = [ports]
        allowed: list[PortRange] = []
        for entry in entries:
            if not open_ranges:
                break
            if entry.cidr.version != address.version or not address.subnet_of(entry.cidr):  # type: ignore
                continue
            if not entry.protocol.matches(protocol):
                continue
            entry_ports = ALL_PORTS if entry.protocol in (Protocol.ALL, Protocol.ICMP) else entry.port
            remaining: list[PortRange] = []
            for current in open_ranges:
                hit = current.overlap(entry_ports)
                if hit is None:
                    remaining.append(current)
                    continue
                if entry.action == "allow":
                    allowed.append(hit)
                if current.low < hit.low:
                    remaining.append(PortRange(current.low, hit.low - 1))
                if hit.high < current.high:
                    remaining.append(PortRange(hit.high + 1, current.high))
            open_ranges = remaining
        return sorted(allowed, key=lambda r: r.low)

    def ephemeral_range(self, initiator: str) -> PortRange:
        """The client port range of connections ``initiator`` opens (rules.md NET-NACL-005)."""
        node = self.nodes[initiator]
        if node.kind in ("ec2", "eks_node", "nat_instance"):
            os_name = typed_props(node).os  # type: ignore[attr-defined]
            return EPHEMERAL_WINDOWS if os_name == "windows" else EPHEMERAL_LINUX
        return EPHEMERAL_PORTS


def flow_port(edge: Edge, target: Node) -> int | None:
    """The destination port of a flow: the edge's own port, else the target's service port."""
    if edge.port is not None:
        return edge.port.low if edge.port.low == edge.port.high else None
    props: Any = typed_props(target)
    if hasattr(props, "effective_port"):
        return props.effective_port
    if target.kind in ("efs", "efs_mount_target"):
        return 2049
    if target.kind in LB_KINDS and getattr(props, "listeners", None):
        return props.listeners[0].port
    return None


def title(node: Node) -> str:
    """How a message names a node: "Public A (pub-a)", or just the id when there is no distinct label."""
    return f"{node.label} ({node.id})" if node.label and node.label != node.id else node.id


def usable_ips(cidr: IPNetwork) -> int:
    """Addresses AWS lets you use in a subnet: all but 5 (network, router, DNS, spare, broadcast)."""
    return max(cidr.num_addresses - 5, 0)


# --- quick-fix builders (edits computed from the diagram as it is when the fix is applied) --------------------

def route_dicts(diagram: Any, table_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in diagram.nodes[table_id].props.get("routes", [])]


def set_routes(diagram: Any, table_id: str, routes: list[dict[str, Any]]) -> Any:
    from cloudwright.engine.document.edits import set_node_fields

    return set_node_fields(diagram, table_id, props={"routes": routes}, merge=False)


def upsert_route(diagram: Any, table_id: str, destination: str, target: str) -> Any:
    """Point ``destination`` of ``table_id`` at ``target``: replace an existing route, else add one."""
    routes = [r for r in route_dicts(diagram, table_id) if str(r.get("destination")) != destination]
    return set_routes(diagram, table_id, [*routes, {"destination": destination, "target": target}])


def new_route_table(diagram: Any, vpc_id: str, subnet_id: str, routes: list[dict[str, Any]]) -> Any:
    """An edit adding a route table in ``vpc_id`` associated with ``subnet_id``."""
    from cloudwright.engine.document.edits import AddNode

    base = f"rt-{subnet_id}"
    table_id = base
    n = 2
    while table_id in diagram.nodes:
        table_id, n = f"{base}-{n}", n + 1
    return AddNode(Node(id=table_id, kind="route_table", parent=vpc_id, pos=(16.0, 40.0),
                        props={"subnets": [subnet_id], "routes": routes}), "Add route table")


def unique_id(diagram: Any, base: str) -> str:
    candidate, n = base, 2
    while candidate in diagram.nodes:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def edge_protocol(edge: Edge) -> Protocol:
    """The flow's protocol as a :class:`Protocol` (an unset edge protocol is the plain string default)."""
    from cloudwright.engine.model.types import parse_protocol

    return parse_protocol(edge.protocol)
