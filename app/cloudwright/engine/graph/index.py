"""Indexes over a diagram that rules, reachability and exporters share, built once per run.

The queries encode AWS's implicit defaults so that no caller has to: a subnet with no associated route
table uses its VPC's main table; one with no NACL uses the VPC's default NACL (allow all); a resource
with no security group gets the VPC's default SG.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from cloudwright.engine.model.diagram import Diagram, Node, typed_props
from cloudwright.engine.model.props import Props

#: Kinds that carry security groups in a ``security_groups`` property.
SG_BEARING = ("ec2", "nat_instance", "eks_node", "alb", "clb", "elb", "nlb", "rds", "aurora_instance",
              "elasticache", "lambda", "vpc_endpoint_interface", "efs", "efs_mount_target", "eni", "asg")


class DiagramIndex:
    """Read-only lookups over one diagram state. Build a new one after the diagram changes."""

    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.nodes = diagram.nodes
        self.children: dict[str | None, list[str]] = defaultdict(list)
        self.by_kind: dict[str, list[Node]] = defaultdict(list)
        self._enclosing: dict[tuple[str, tuple[str, ...]], Node | None] = {}
        for node in diagram.nodes.values():
            self.children[node.parent].append(node.id)
            self.by_kind[node.kind].append(node)

    # --- containment -------------------------------------------------------------------------------------
    def props(self, node_id: str) -> Props:
        return typed_props(self.nodes[node_id])

    def of_kind(self, *kinds: str) -> list[Node]:
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        return [n for k in kinds for n in self.by_kind.get(k, [])]

    def ancestors(self, node_id: str) -> Iterable[Node]:
        current = self.nodes[node_id].parent
        while current is not None:
            node = self.nodes[current]
            yield node
            current = node.parent

    def enclosing(self, node_id: str, *kinds: str) -> Node | None:
        """The nearest container of one of ``kinds`` around ``node_id`` (not the node itself).

        Memoised per (node, kinds), and each container's answer is reused by its children, so a design's
        containment is walked once however many rules ask."""
        memo = self._enclosing
        key = (node_id, kinds)
        if key in memo:
            return memo[key]
        chain: list[str] = []  # nodes whose answer is the one found further up
        current: str | None = node_id
        found: Node | None = None
        while current is not None:
            key = (current, kinds)
            if key in memo:
                found = memo[key]
                break
            chain.append(current)
            parent_id = self.nodes[current].parent
            if parent_id is None:
                break
            parent = self.nodes[parent_id]
            if parent.kind in kinds:
                found = parent
                break
            current = parent_id
        for walked in chain:
            memo[(walked, kinds)] = found
        return found

    def descendants(self, node_id: str) -> list[Node]:
        result: list[Node] = []
        stack = list(self.children.get(node_id, ()))
        while stack:
            current = stack.pop()
            result.append(self.nodes[current])
            stack.extend(self.children.get(current, ()))
        return result

    def vpc_of(self, node_id: str) -> Node | None:
        node = self.nodes[node_id]
        return node if node.kind == "vpc" else self.enclosing(node_id, "vpc")

    def subnet_of(self, node_id: str) -> Node | None:
        node = self.nodes[node_id]
        return node if node.kind == "subnet" else self.enclosing(node_id, "subnet")

    def az_of(self, node_id: str) -> Node | None:
        node = self.nodes[node_id]
        return node if node.kind == "az" else self.enclosing(node_id, "az")

    def region_of(self, node_id: str) -> Node | None:
        node = self.nodes[node_id]
        return node if node.kind == "region" else self.enclosing(node_id, "region")

    def az_key(self, node_id: str) -> str | None:
        """A stable name for the AZ a node sits in (the AZ's ``name`` prop, else its id)."""
        az = self.az_of(node_id)
        if az is None:
            return None
        return typed_props(az).name or az.id  # type: ignore[attr-defined]

    def subnets_of_vpc(self, vpc_id: str) -> list[Node]:
        return [n for n in self.by_kind.get("subnet", []) if (v := self.vpc_of(n.id)) is not None and v.id == vpc_id]

    def in_vpc(self, vpc_id: str, *kinds: str) -> list[Node]:
        return [n for n in self.of_kind(*kinds) if (v := self.vpc_of(n.id)) is not None and v.id == vpc_id]

    # --- routing and filtering ---------------------------------------------------------------------------
    @cached_property
    def _route_table_by_subnet(self) -> dict[str, Node]:
        mapping: dict[str, Node] = {}
        for table in self.by_kind.get("route_table", []):
            for subnet in typed_props(table).subnets:  # type: ignore[attr-defined]
                mapping.setdefault(subnet, table)
        return mapping

    @cached_property
    def _main_table_by_vpc(self) -> dict[str, Node]:
        mapping: dict[str, Node] = {}
        for table in self.by_kind.get("route_table", []):
            if typed_props(table).main:  # type: ignore[attr-defined]
                vpc = self.vpc_of(table.id)
                if vpc is not None:
                    mapping.setdefault(vpc.id, table)
        return mapping

    def main_route_table(self, vpc_id: str) -> Node | None:
        """The VPC's main route table, or None when the design relies on AWS's implicit one (local only)."""
        return self._main_table_by_vpc.get(vpc_id)

    def route_table_of(self, subnet_id: str) -> Node | None:
        """The effective route table: explicit association, else the VPC's main table (None = implicit)."""
        table = self._route_table_by_subnet.get(subnet_id)
        if table is not None:
            return table
        vpc = self.vpc_of(subnet_id)
        return self.main_route_table(vpc.id) if vpc is not None else None

    def has_explicit_route_table(self, subnet_id: str) -> bool:
        return subnet_id in self._route_table_by_subnet

    @cached_property
    def _nacl_by_subnet(self) -> dict[str, Node]:
        mapping: dict[str, Node] = {}
        for nacl in self.by_kind.get("nacl", []):
            for subnet in typed_props(nacl).subnets:  # type: ignore[attr-defined]
                mapping.setdefault(subnet, nacl)
        return mapping

    def nacl_of(self, subnet_id: str) -> Node | None:
        """The effective NACL: explicit association, else the VPC's drawn default NACL (None = allow all)."""
        nacl = self._nacl_by_subnet.get(subnet_id)
        if nacl is not None:
            return nacl
        vpc = self.vpc_of(subnet_id)
        return self._default_nacl_by_vpc.get(vpc.id) if vpc is not None else None

    @cached_property
    def _default_nacl_by_vpc(self) -> dict[str, Node]:
        mapping: dict[str, Node] = {}
        for nacl in self.by_kind.get("nacl", []):
            vpc = self.vpc_of(nacl.id)
            if vpc is not None and typed_props(nacl).default:  # type: ignore[attr-defined]
                mapping.setdefault(vpc.id, nacl)
        return mapping

    # --- security groups ---------------------------------------------------------------------------------
    def default_sg(self, vpc_id: str) -> Node | None:
        return self._default_sg_by_vpc.get(vpc_id)

    @cached_property
    def _default_sg_by_vpc(self) -> dict[str, Node]:
        mapping: dict[str, Node] = {}
        for sg in self.by_kind.get("security_group", []):
            vpc = self.vpc_of(sg.id)
            if vpc is not None and typed_props(sg).default:  # type: ignore[attr-defined]
                mapping.setdefault(vpc.id, sg)
        return mapping

    def security_groups_of(self, node_id: str) -> list[Node]:
        """The SGs on a resource; an SG-bearing resource in a VPC with none named gets the default SG."""
        node = self.nodes[node_id]
        ids: list[str] = list(getattr(typed_props(node), "security_groups", []) or [])
        if not ids and node.kind in SG_BEARING:
            asg = getattr(typed_props(node), "member_of", None)
            if asg and asg in self.nodes:
                ids = list(getattr(typed_props(self.nodes[asg]), "security_groups", []) or [])
        if ids:
            return [self.nodes[i] for i in ids if i in self.nodes]
        if node.kind in SG_BEARING:
            vpc = self.vpc_of(node_id)
            default = self.default_sg(vpc.id) if vpc is not None else None
            return [default] if default is not None else []
        return []

    @cached_property
    def _sg_members(self) -> dict[str, list[str]]:
        members: dict[str, list[str]] = defaultdict(list)
        for node in self.diagram.nodes.values():
            if node.kind in SG_BEARING:
                for sg in self.security_groups_of(node.id):
                    members[sg.id].append(node.id)
        return members

    def members_of(self, sg_id: str) -> list[str]:
        """Resources carrying the security group ``sg_id`` (explicitly or as the VPC default)."""
        return self._sg_members.get(sg_id, [])

    # --- auto scaling ------------------------------------------------------------------------------------
    @cached_property
    def _asg_members(self) -> dict[str, list[str]]:
        members: dict[str, list[str]] = defaultdict(list)
        for node in self.of_kind("ec2", "eks_node"):
            asg = typed_props(node).member_of  # type: ignore[attr-defined]
            if asg:
                members[asg].append(node.id)
        return members

    def asg_members(self, asg_id: str) -> list[str]:
        return self._asg_members.get(asg_id, [])

    # --- traffic -----------------------------------------------------------------------------------------
    @cached_property
    def out_edges(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = defaultdict(list)
        for edge in self.diagram.edges.values():
            result[edge.source].append(edge.id)
        return result

    @cached_property
    def in_edges(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = defaultdict(list)
        for edge in self.diagram.edges.values():
            result[edge.target].append(edge.id)
        return result
