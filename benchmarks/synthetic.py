"""Synthetic designs for benchmarks and scale tests.

``synthetic_diagram(n_vpcs, azs, subnets_per_az, instances_per_subnet)`` builds N VPCs, each with AZ columns,
public and private subnets, an IGW, a NAT gateway per AZ, route tables, a NACL, security groups (web, app,
db chained by SG references), instances and traffic edges. Node counts for the standard sizes:
``size_preset("1k")`` ~1,000, ``"10k"`` ~10,000, ``"50k"`` ~50,000.
"""

from __future__ import annotations

import ipaddress

from cloudwright.engine.model.diagram import Diagram, Edge, Node

PRESETS = {"1k": (4, 3, 4, 18), "10k": (20, 3, 6, 25), "50k": (66, 3, 8, 30)}


def size_preset(name: str) -> Diagram:
    return synthetic_diagram(*PRESETS[name])


def synthetic_diagram(n_vpcs: int, azs: int, subnets_per_az: int, instances_per_subnet: int) -> Diagram:
    nodes: dict[str, Node] = {}
    edges: dict[str, Edge] = {}

    def add(node_id: str, kind: str, parent: str | None, pos=(0.0, 0.0), size=None, **props) -> None:
        nodes[node_id] = Node(id=node_id, kind=kind, parent=parent, pos=pos, size=size, props=props)

    add("internet", "internet", None, (0, 0))
    add("region", "region", None, (120, 0), (4000, 4000), name="us-east-1")
    for v in range(n_vpcs):
        vpc = f"vpc{v}"
        base = ipaddress.ip_network(f"10.{v % 250}.0.0/16")
        add(vpc, "vpc", "region", (20, 40 + v * 900), (3600, 860), cidr=str(base))
        add(f"{vpc}-igw", "igw", vpc, (16, 40))
        for tier in ("web", "app", "db"):
            add(f"{vpc}-{tier}-sg", "security_group", vpc, (16, 140 + 100 * ("web", "app", "db").index(tier)))
        nodes[f"{vpc}-web-sg"] = nodes[f"{vpc}-web-sg"].model_copy(update={"props": {
            "inbound": [{"protocol": "tcp", "port": 443, "cidr": "0.0.0.0/0"}]}})
        nodes[f"{vpc}-app-sg"] = nodes[f"{vpc}-app-sg"].model_copy(update={"props": {
            "inbound": [{"protocol": "tcp", "port": 8080, "sg": f"{vpc}-web-sg"}]}})
        nodes[f"{vpc}-db-sg"] = nodes[f"{vpc}-db-sg"].model_copy(update={"props": {
            "inbound": [{"protocol": "tcp", "port": 3306, "sg": f"{vpc}-app-sg"}]}})
        public_subnets, private_subnets = [], []
        subnet_index = 0
        rt_private = []
        for a in range(azs):
            az = f"{vpc}-az{a}"
            add(az, "az", vpc, (120 + a * 1100, 40), (1080, 800), name=f"us-east-1{'abcdef'[a % 6]}")
            for s in range(subnets_per_az):
                subnet = f"{az}-s{s}"
                tier = "public" if s == 0 else "private"
                cidr = list(base.subnets(new_prefix=24))[subnet_index]
                subnet_index += 1
                add(subnet, "subnet", az, (16, 40 + s * 120), (1040, 110), cidr=str(cidr), tier=tier)
                (public_subnets if tier == "public" else private_subnets).append(subnet)
                for i in range(instances_per_subnet):
                    inst = f"{subnet}-i{i}"
                    sg = f"{vpc}-web-sg" if tier == "public" else f"{vpc}-app-sg"
                    add(inst, "ec2", subnet, (16 + i * 100, 36), security_groups=[sg],
                        public_ip=tier == "public")
                    if tier == "public" and i == 0:
                        edges[f"e-{inst}"] = Edge.model_validate(
                            {"id": f"e-{inst}", "from": "internet", "to": inst, "port": 443})
            nat = f"{az}-nat"
            add(nat, "nat_gateway", f"{az}-s0", (16, 36))
            rt = f"{vpc}-rt-private{a}"
            rt_private.append((rt, nat, [f"{az}-s{s}" for s in range(1, subnets_per_az)]))
        add(f"{vpc}-rt-public", "route_table", vpc, (16, 500), routes=[
            {"destination": "0.0.0.0/0", "target": f"{vpc}-igw"}], subnets=public_subnets)
        for rt, nat, subnets in rt_private:
            add(rt, "route_table", vpc, (16, 600), routes=[{"destination": "0.0.0.0/0", "target": nat}],
                subnets=subnets)
        add(f"{vpc}-nacl", "nacl", vpc, (16, 700), subnets=private_subnets, inbound=[
            {"rule": 100, "action": "allow", "protocol": "tcp", "port": "0-65535", "cidr": "10.0.0.0/8"},
            {"rule": 200, "action": "allow", "protocol": "tcp", "port": "1024-65535", "cidr": "0.0.0.0/0"}],
            outbound=[{"rule": 100, "action": "allow", "protocol": "all", "port": "all", "cidr": "0.0.0.0/0"}])
    return Diagram(name=f"synthetic {n_vpcs}x{azs}x{subnets_per_az}x{instances_per_subnet}", nodes=nodes,
                   edges=edges)


if __name__ == "__main__":
    for name in PRESETS:
        d = size_preset(name)
        print(f"{name}: {len(d.nodes):,} nodes, {len(d.edges):,} edges")
