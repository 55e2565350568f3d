"""Small designs shared by GUI B's tests (properties, autosave, findings, reachability)."""

from __future__ import annotations

from cloudwright.engine.io.design_file import build_diagram
from cloudwright.engine.model.diagram import Diagram


def web_design() -> Diagram:
    """A VPC with a public and a private subnet, IGW, NAT, route tables, SGs, a NACL, a web server and a DB."""
    return build_diagram({
        "cloudwright": 1,
        "name": "web",
        "nodes": [
            {"id": "internet", "kind": "internet", "pos": [0, 0]},
            {"id": "region", "kind": "region", "pos": [150, 0], "size": [1000, 680]},
            {"id": "vpc", "kind": "vpc", "parent": "region", "pos": [30, 50], "size": [900, 600], "props": {"cidr": "10.0.0.0/16"}},
            {"id": "igw", "kind": "igw", "parent": "vpc", "pos": [10, 40]},
            {"id": "public", "kind": "subnet", "parent": "vpc", "pos": [120, 40], "size": [300, 200],
             "props": {"cidr": "10.0.1.0/24", "tier": "public", "auto_assign_public_ip": True}},
            {"id": "private", "kind": "subnet", "parent": "vpc", "pos": [120, 300], "size": [300, 200],
             "props": {"cidr": "10.0.2.0/24"}},
            {"id": "nat", "kind": "nat_gateway", "parent": "public", "pos": [150, 40]},
            {"id": "rt-public", "kind": "route_table", "parent": "vpc", "pos": [10, 160],
             "props": {"routes": [{"destination": "0.0.0.0/0", "target": "igw"}], "subnets": ["public"]}},
            {"id": "rt-private", "kind": "route_table", "parent": "vpc", "pos": [10, 280],
             "props": {"routes": [{"destination": "0.0.0.0/0", "target": "nat"}], "subnets": ["private"]}},
            {"id": "web-sg", "kind": "security_group", "parent": "vpc", "pos": [500, 40],
             "props": {"inbound": [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}]}},
            {"id": "db-sg", "kind": "security_group", "parent": "vpc", "pos": [500, 160],
             "props": {"inbound": [{"protocol": "tcp", "port": 3306, "sg": "web-sg"}]}},
            {"id": "nacl", "kind": "nacl", "parent": "vpc", "pos": [500, 280],
             "props": {"inbound": [{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}],
                       "outbound": [{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}],
                       "subnets": ["public"]}},
            {"id": "web", "kind": "ec2", "parent": "public", "pos": [20, 40], "label": "Web server",
             "props": {"security_groups": ["web-sg"]}},
            {"id": "db", "kind": "rds", "parent": "private", "pos": [20, 40], "label": "Database",
             "props": {"security_groups": ["db-sg"], "subnets": ["private"]}},
        ],
        "edges": [
            {"from": "internet", "to": "web", "protocol": "tcp", "port": 443},
            {"from": "web", "to": "db", "protocol": "tcp", "port": 3306},
        ],
    })
