"""Compact builders for test designs."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.model.diagram import Diagram, Edge, Node


def design(*nodes: dict[str, Any], edges: list[dict[str, Any]] = ()) -> Diagram:
    built = {n["id"]: Node.model_validate(n) for n in nodes}
    built_edges = {}
    for i, e in enumerate(edges):
        e = {"id": f"e{i}", **e}
        built_edges[e["id"]] = Edge.model_validate(e)
    return Diagram(name="test", nodes=built, edges=built_edges)


def small_vpc() -> Diagram:
    """Region > VPC > AZ > public/private subnets, with an IGW, route table, SGs, web and db."""
    return design(
        {"id": "r", "kind": "region", "size": [900, 700]},
        {"id": "vpc", "kind": "vpc", "parent": "r", "pos": [20, 40], "size": [800, 600],
         "props": {"cidr": "10.0.0.0/16"}},
        {"id": "az-a", "kind": "az", "parent": "vpc", "pos": [120, 40], "size": [300, 500]},
        {"id": "pub-a", "kind": "subnet", "parent": "az-a", "pos": [16, 40], "size": [260, 150],
         "props": {"cidr": "10.0.0.0/24", "tier": "public"}},
        {"id": "priv-a", "kind": "subnet", "parent": "az-a", "pos": [16, 220], "size": [260, 150],
         "props": {"cidr": "10.0.10.0/24"}},
        {"id": "igw", "kind": "igw", "parent": "vpc", "pos": [16, 40]},
        {"id": "rt-pub", "kind": "route_table", "parent": "vpc", "pos": [16, 160],
         "props": {"routes": [{"destination": "0.0.0.0/0", "target": "igw"}], "subnets": ["pub-a"]}},
        {"id": "web-sg", "kind": "security_group", "parent": "vpc", "pos": [16, 280],
         "props": {"inbound": [{"port": 443, "cidr": "0.0.0.0/0"}]}},
        {"id": "db-sg", "kind": "security_group", "parent": "vpc", "pos": [16, 400],
         "props": {"inbound": [{"port": 3306, "sg": "web-sg"}]}},
        {"id": "web", "kind": "ec2", "parent": "pub-a", "pos": [16, 36],
         "props": {"security_groups": ["web-sg"], "public_ip": True}},
        {"id": "db", "kind": "rds", "parent": "priv-a", "pos": [16, 36], "props": {"security_groups": ["db-sg"]}},
        {"id": "internet", "kind": "internet", "pos": [-150, 100]},
        edges=[{"from": "internet", "to": "web", "port": 443}, {"from": "web", "to": "db", "port": 3306}],
    )
