"""Compact builders for rule tests: a design from a list of node dicts, and the findings of one rule."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.model.diagram import Diagram, Edge, Node
from cloudwright.engine.rules import Finding, validate

NODE_FIELDS = ("id", "kind", "label", "parent", "pos", "size", "intent")


def node(spec: dict[str, Any]) -> Node:
    """{'id': 'web', 'kind': 'ec2', 'parent': 'pub-a', 'public_ip': True} -> Node (other keys are props)."""
    fields = {k: v for k, v in spec.items() if k in NODE_FIELDS}
    props = {k: v for k, v in spec.items() if k not in NODE_FIELDS}
    return Node(**fields, props=props)


def design(nodes: list[dict[str, Any]], edges: list[dict[str, Any]] = (), **fields: Any) -> Diagram:
    built = [node(n) for n in nodes]
    built_edges = [Edge.model_validate({"id": e.get("id", f"e{i}"), **e}) for i, e in enumerate(edges)]
    return Diagram(nodes={n.id: n for n in built}, edges={e.id: e for e in built_edges}, **fields)


def patch(nodes: list[dict[str, Any]], node_id: str, **changes: Any) -> list[dict[str, Any]]:
    """A copy of ``nodes`` where ``node_id`` has ``changes`` (a value of ``...`` removes the key)."""
    result = []
    for spec in nodes:
        if spec["id"] == node_id:
            spec = {**spec, **changes}
            spec = {k: v for k, v in spec.items() if v is not ...}
        result.append(spec)
    return result


def without(nodes: list[dict[str, Any]], *node_ids: str) -> list[dict[str, Any]]:
    return [n for n in nodes if n["id"] not in node_ids]


def found(diagram: Diagram, rule_id: str) -> list[Finding]:
    """The unsuppressed findings of one rule."""
    return [f for f in validate(diagram, rules=[rule_id]) if f.rule == rule_id and not f.suppressed]


def vpc_base(azs: int = 2) -> list[dict[str, Any]]:
    """A correct two-tier VPC: public and private subnets per AZ, an IGW, a NAT gateway per AZ, route tables."""
    nodes: list[dict[str, Any]] = [
        {"id": "region", "kind": "region", "name": "us-east-1"},
        {"id": "vpc", "kind": "vpc", "parent": "region", "cidr": "10.0.0.0/16"},
        {"id": "igw", "kind": "igw", "parent": "vpc"},
    ]
    public, letters = [], "abc"
    for i in range(azs):
        az = letters[i]
        nodes += [
            {"id": f"az-{az}", "kind": "az", "parent": "vpc", "name": f"us-east-1{az}"},
            {"id": f"pub-{az}", "kind": "subnet", "parent": f"az-{az}", "cidr": f"10.0.{i}.0/24", "tier": "public"},
            {"id": f"priv-{az}", "kind": "subnet", "parent": f"az-{az}", "cidr": f"10.0.{10 + i}.0/24",
             "tier": "private"},
            {"id": f"nat-{az}", "kind": "nat_gateway", "parent": f"pub-{az}"},
            {"id": f"rt-priv-{az}", "kind": "route_table", "parent": "vpc", "subnets": [f"priv-{az}"],
             "routes": [{"destination": "0.0.0.0/0", "target": f"nat-{az}"}]},
        ]
        public.append(f"pub-{az}")
    nodes.append({"id": "rt-pub", "kind": "route_table", "parent": "vpc", "subnets": public,
                  "routes": [{"destination": "0.0.0.0/0", "target": "igw"}]})
    return nodes
