"""Facts about a design that several rule areas share: placement, public subnets, LB targets, DB roles.

:func:`facts` builds one :class:`DesignFacts` per :class:`RuleContext` and caches it there, so the ELB,
ASG, database, DNS and architecture rules walk the edges and load balancers once per validation run.
Everything is a dictionary built in one linear pass; lookups are O(1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from cloudwright.engine.model.diagram import Edge, Node
from cloudwright.engine.model.props import LB_KINDS, SgRule
from cloudwright.engine.model.types import PortRange, Protocol
from cloudwright.engine.rules.context import RuleContext

#: Kinds that stand for people or networks outside AWS (the source of Internet flows).
OUTSIDE_KINDS = ("internet", "user", "mobile_client", "admin", "iot_device")
#: Kinds that keep server-side session data for a web tier.
SESSION_STORE_KINDS = ("elasticache", "dynamodb_table")
#: Environments in which production-only advice (Multi-AZ databases, ...) stays silent.
NON_PROD = frozenset({"dev", "development", "test", "testing", "demo", "sandbox", "lab", "staging"})


def facts(ctx: RuleContext) -> DesignFacts:
    """The shared facts of ``ctx``'s diagram, built on first use."""
    cached = getattr(ctx, "_design_facts", None)
    if cached is None:
        cached = DesignFacts(ctx)
        ctx._design_facts = cached  # type: ignore[attr-defined]
    return cached


def name(ctx: RuleContext, node_id: str) -> str:
    """What a message calls a node: its label, else its id."""
    node = ctx.diagram.nodes.get(node_id)
    return node.title if node is not None else node_id


def names(ctx: RuleContext, node_ids: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c' for a message."""
    titles = [name(ctx, n) for n in node_ids]
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def edge_access(edge: Edge) -> str:
    """'read', 'write', 'read_write' or '' for a data flow, from ``props.access`` or the edge's label."""
    access = str(edge.props.get("access", "")).lower().replace("-", "_").replace("+", "_")
    if access in ("read", "write", "read_write"):
        return access
    label = edge.label.lower()
    writes = "write" in label or "insert" in label or "update" in label
    reads = "read" in label or "select" in label or "query" in label
    if writes and reads:
        return "read_write"
    return "write" if writes else "read" if reads else ""


def sg_rule_admits(rule: SgRule, port: int, protocol: Protocol = Protocol.TCP) -> bool:
    """Whether one inbound SG rule covers ``protocol``/``port`` (any peer)."""
    ports: PortRange = rule.port
    return (rule.protocol == Protocol.ALL or rule.protocol == protocol) and ports.contains(port)


def is_world(cidr: object) -> bool:
    return str(cidr) in ("0.0.0.0/0", "::/0")


class DesignFacts:
    """Lazily built lookups over one diagram (see the module docstring)."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.index = ctx.index
        self.nodes = ctx.diagram.nodes

    # --- environment ---------------------------------------------------------------------------------------
    def is_production(self, node: Node) -> bool:
        """Production unless the node's intent ``env`` (or the design's ``settings.env``) says otherwise."""
        env = self.ctx.intent(node, "env") or self.ctx.settings.get("env") or "prod"
        return str(env).lower() not in NON_PROD

    # --- placement -----------------------------------------------------------------------------------------
    def placed_subnets(self, node: Node) -> list[str]:
        """The subnets a node is placed in: its ``subnets`` property, else the subnet it is drawn in."""
        listed = [s for s in (getattr(self.ctx.props(node), "subnets", None) or []) if s in self.nodes]
        if listed:
            return listed
        subnet = self.index.subnet_of(node.id)
        return [subnet.id] if subnet is not None else []

    def az_of_subnet(self, subnet_id: str) -> str | None:
        return self.index.az_key(subnet_id)

    def azs_of(self, node: Node) -> dict[str, list[str]]:
        """AZ name -> the node's subnets in it; a node drawn in an AZ with no subnet maps to ``[]``."""
        result: dict[str, list[str]] = defaultdict(list)
        for subnet in self.placed_subnets(node):
            az = self.az_of_subnet(subnet)
            if az is not None:
                result[az].append(subnet)
        if not result:
            az = self.index.az_key(node.id)
            if az is not None:
                result[az] = []
        return dict(result)

    @cached_property
    def subnets_by_vpc(self) -> dict[str, list[Node]]:
        result: dict[str, list[Node]] = defaultdict(list)
        for subnet in self.index.of_kind("subnet"):
            vpc = self.index.vpc_of(subnet.id)
            if vpc is not None:
                result[vpc.id].append(subnet)
        return result

    def spare_subnet(self, like: str, used_azs: Iterable[str]) -> str | None:
        """A subnet of ``like``'s VPC and tier in an AZ not in ``used_azs`` (for "add a second AZ" fixes)."""
        vpc = self.index.vpc_of(like)
        if vpc is None:
            return None
        tier = self.ctx.props(like).tier  # type: ignore[attr-defined]
        used = set(used_azs)
        for subnet in self.subnets_by_vpc.get(vpc.id, []):
            az = self.az_of_subnet(subnet.id)
            if az is not None and az not in used and self.ctx.props(subnet).tier == tier:  # type: ignore[attr-defined]
                return subnet.id
        return None

    def is_public_subnet(self, subnet_id: str) -> bool:
        """The effective route table sends 0.0.0.0/0 to an attached IGW of the subnet's VPC (NET-RT-003)."""
        table = self.index.route_table_of(subnet_id)
        if table is None:
            return False
        vpc = self.index.vpc_of(subnet_id)
        for route in self.ctx.props(table).routes:  # type: ignore[attr-defined]
            if str(route.destination) != "0.0.0.0/0":
                continue
            target = self.nodes.get(route.target)
            if target is None or target.kind != "igw" or not self.ctx.props(target).attached:  # type: ignore[attr-defined]
                continue
            target_vpc = self.index.vpc_of(target.id)
            if vpc is None or target_vpc is None or target_vpc.id == vpc.id:
                return True
        return False

    def has_public_ip(self, node: Node) -> bool:
        """An instance with an Elastic IP, an explicit public IP, or one auto-assigned by its subnet."""
        props = self.ctx.props(node)
        if getattr(props, "elastic_ip", False):
            return True
        public = getattr(props, "public_ip", None)
        if public is not None:
            return bool(public)
        subnet = self.index.subnet_of(node.id)
        return subnet is not None and bool(self.ctx.props(subnet).auto_assign_public_ip)  # type: ignore[attr-defined]

    # --- traffic -------------------------------------------------------------------------------------------
    def traffic_out(self, node_id: str) -> list[Edge]:
        edges = self.ctx.diagram.edges
        return [edges[e] for e in self.index.out_edges.get(node_id, ()) if edges[e].kind == "traffic"]

    def traffic_in(self, node_id: str) -> list[Edge]:
        edges = self.ctx.diagram.edges
        return [edges[e] for e in self.index.in_edges.get(node_id, ()) if edges[e].kind == "traffic"]

    def reached_from_outside(self, node_id: str) -> bool:
        return any(self.nodes[e.source].kind in OUTSIDE_KINDS for e in self.traffic_in(node_id)
                   if e.source in self.nodes)

    # --- load balancers ------------------------------------------------------------------------------------
    @cached_property
    def tg_owner(self) -> dict[str, str]:
        """Target group id -> the load balancer whose listener forwards to it."""
        owner: dict[str, str] = {}
        for lb in self.index.of_kind(*LB_KINDS):
            for listener in self.ctx.props(lb).listeners:  # type: ignore[attr-defined]
                if listener.target_group and listener.target_group in self.nodes:
                    owner.setdefault(listener.target_group, lb.id)
        return owner

    @cached_property
    def lb_targets(self) -> dict[str, list[str]]:
        """LB id -> what it sends traffic to: its ``targets``, its target groups' targets, ASGs attached to it
        (or to its target groups) and the targets of its drawn traffic edges, in that order, without repeats."""
        found: dict[str, dict[str, None]] = defaultdict(dict)
        for lb in self.index.of_kind(*LB_KINDS):
            props = self.ctx.props(lb)
            for target in props.targets:  # type: ignore[attr-defined]
                found[lb.id][target] = None
            for listener in props.listeners:  # type: ignore[attr-defined]
                tg = self.nodes.get(listener.target_group or "")
                if tg is not None:
                    for target in self.ctx.props(tg).targets:  # type: ignore[attr-defined]
                        found[lb.id][target] = None
        for asg in self.index.of_kind("asg"):
            for attached in self.ctx.props(asg).load_balancers:  # type: ignore[attr-defined]
                lb_id = self.tg_owner.get(attached, attached)
                if lb_id in self.nodes and self.nodes[lb_id].kind in LB_KINDS:
                    found[lb_id][asg.id] = None
        for lb in self.index.of_kind(*LB_KINDS):
            for edge in self.traffic_out(lb.id):
                if edge.target in self.nodes and self.nodes[edge.target].kind not in OUTSIDE_KINDS:
                    found[lb.id][edge.target] = None
        return {lb: [t for t in targets if t in self.nodes] for lb, targets in found.items()}

    def lb_instances(self, lb_id: str) -> list[str]:
        """The instances behind an LB: EC2 targets, plus the members of target ASGs (the ASG itself when it
        has no drawn members)."""
        result: dict[str, None] = {}
        for target in self.lb_targets.get(lb_id, []):
            node = self.nodes[target]
            if node.kind == "asg":
                members = self.index.asg_members(target)
                for member in members or [target]:
                    result[member] = None
            elif node.kind in ("ec2", "eks_node"):
                result[target] = None
        return list(result)

    @cached_property
    def lb_of_target(self) -> dict[str, list[str]]:
        """Target id (EC2, ASG, ...) -> the load balancers sending to it."""
        result: dict[str, list[str]] = defaultdict(list)
        for lb, targets in self.lb_targets.items():
            for target in targets:
                result[target].append(lb)
        return result

    def stickiness_on(self, lb: Node) -> bool:
        """Stickiness enabled on the LB or on one of its target groups."""
        props = self.ctx.props(lb)
        if props.stickiness.enabled:  # type: ignore[attr-defined]
            return True
        for listener in props.listeners:  # type: ignore[attr-defined]
            tg = self.nodes.get(listener.target_group or "")
            if tg is not None and self.ctx.props(tg).stickiness.enabled:  # type: ignore[attr-defined]
                return True
        return False

    @cached_property
    def session_store_users(self) -> set[str]:
        """Nodes (and ASGs of members) with a traffic edge to an ElastiCache or DynamoDB session store."""
        users: set[str] = set()
        for store in self.index.of_kind(*SESSION_STORE_KINDS):
            if store.kind == "elasticache" and self.ctx.props(store).usage == "leaderboard":  # type: ignore[attr-defined]
                continue
            for edge in self.traffic_in(store.id):
                users.add(edge.source)
                member_of = getattr(self.ctx.props(edge.source), "member_of", None) if edge.source in self.nodes else None
                if member_of:
                    users.add(member_of)
        return users

    # --- databases -----------------------------------------------------------------------------------------
    @cached_property
    def replicas_of(self) -> dict[str, list[str]]:
        """Primary id -> ids of the RDS/Aurora nodes whose ``replica_of`` names it."""
        result: dict[str, list[str]] = defaultdict(list)
        for db in self.index.of_kind("rds", "aurora_instance"):
            source = self.ctx.props(db).replica_of  # type: ignore[attr-defined]
            if source and source in self.nodes:
                result[source].append(db.id)
        return result

    def lb_security_groups(self, lb: Node) -> list[Node]:
        return self.index.security_groups_of(lb.id)


def open_data_rules(ctx: RuleContext, sg: Node, port: int) -> list[int]:
    """Indexes of ``sg``'s inbound rules that are too wide for a data store listening on ``port``:
    a source of 0.0.0.0/0 or ::/0, or all ports."""
    bad = []
    for i, rule in enumerate(ctx.props(sg).inbound):  # type: ignore[attr-defined]
        if (rule.cidr is not None and is_world(rule.cidr)) or rule.port.is_all:
            bad.append(i)
    return bad


def client_security_groups(ctx: RuleContext, node_ids: Iterable[str]) -> list[str]:
    """The SGs of whatever sends traffic to ``node_ids`` (the app tier of a database or cache)."""
    found: dict[str, None] = {}
    f = facts(ctx)
    targets = set(node_ids)
    for node_id in targets:
        for edge in f.traffic_in(node_id):
            if edge.source in ctx.diagram.nodes and edge.source not in targets:
                for sg in ctx.index.security_groups_of(edge.source):
                    found[sg.id] = None
    return list(found)


def restrict_rules_edit(diagram, sg_id: str, indexes: list[int], port: int, source_sg: str):  # noqa: ANN001, ANN201
    """The edit replacing the rules at ``indexes`` of ``sg_id`` with one rule: ``port`` from ``source_sg``."""
    from cloudwright.engine.document.edits import set_node_fields

    rules = [r for i, r in enumerate(diagram.nodes[sg_id].props.get("inbound", [])) if i not in indexes]
    rules.append({"protocol": "tcp", "port": port, "sg": source_sg})
    return set_node_fields(diagram, sg_id, props={"inbound": rules})
