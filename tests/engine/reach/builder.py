"""A terse builder for test designs: region > VPC > AZ > subnet > resources, with sensible defaults."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.model.diagram import Diagram, Edge, Node


class Design:
    def __init__(self, region: str = "us-east-1") -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[str, Edge] = {}
        self.settings: dict[str, Any] = {}
        self.add("region", "region", None, name=region)

    def add(self, node_id: str, kind: str, parent: str | None, **props: Any) -> str:
        size = (400.0, 300.0) if kind in ("region", "vpc", "az", "subnet", "corporate_dc") else None
        self.nodes[node_id] = Node(id=node_id, kind=kind, parent=parent, props=props, size=size)
        return node_id

    def vpc(self, vpc_id: str, cidr: str, parent: str = "region", **props: Any) -> str:
        return self.add(vpc_id, "vpc", parent, cidr=cidr, **props)

    def subnet(self, subnet_id: str, vpc: str, cidr: str, az: str = "a", **props: Any) -> str:
        az_id = f"{vpc}-az-{az}"
        if az_id not in self.nodes:
            self.add(az_id, "az", vpc, name=f"us-east-1{az}")
        return self.add(subnet_id, "subnet", az_id, cidr=cidr, **props)

    def sg(self, sg_id: str, vpc: str, inbound: list[dict] | None = None, **props: Any) -> str:
        return self.add(sg_id, "security_group", vpc, inbound=inbound or [], **props)

    def route_table(self, rt_id: str, vpc: str, subnets: list[str], routes: list[dict], **props: Any) -> str:
        return self.add(rt_id, "route_table", vpc, subnets=subnets, routes=routes, **props)

    def edge(self, edge_id: str, src: str, dst: str, port: int | None, protocol: str = "tcp") -> str:
        data = {"id": edge_id, "from": src, "to": dst, "protocol": protocol}
        if port is not None:
            data["port"] = port
        self.edges[edge_id] = Edge.model_validate(data)
        return edge_id

    def build(self) -> Diagram:
        return Diagram(name="test", nodes=dict(self.nodes), edges=dict(self.edges), settings=dict(self.settings))


def three_tier() -> Design:
    """Public web, private app, private DB in one VPC with an IGW and a NAT gateway."""
    d = Design()
    d.add("internet", "internet", None)
    d.vpc("vpc", "10.0.0.0/16")
    d.add("igw", "igw", "vpc")
    d.subnet("public", "vpc", "10.0.1.0/24")
    d.subnet("private", "vpc", "10.0.2.0/24")
    d.subnet("data", "vpc", "10.0.3.0/24")
    d.sg("web-sg", "vpc", [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}])
    d.sg("app-sg", "vpc", [{"protocol": "tcp", "port": 8080, "sg": "web-sg"}])
    d.sg("db-sg", "vpc", [{"protocol": "tcp", "port": 3306, "sg": "app-sg"}])
    d.add("web", "ec2", "public", security_groups=["web-sg"], public_ip=True)
    d.add("app", "ec2", "private", security_groups=["app-sg"])
    d.add("db", "rds", "data", security_groups=["db-sg"])
    d.add("nat", "nat_gateway", "public")
    d.route_table("rt-public", "vpc", ["public"], [{"destination": "0.0.0.0/0", "target": "igw"}])
    d.route_table("rt-private", "vpc", ["private"], [{"destination": "0.0.0.0/0", "target": "nat"}])
    d.add("s3", "s3_bucket", "region")
    return d
