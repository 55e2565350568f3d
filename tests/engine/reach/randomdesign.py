"""Random but structurally valid designs for property tests of the analyzer (seeded, deterministic)."""

from __future__ import annotations

import random

from cloudwright.engine.model.diagram import Diagram

from .builder import Design

_GATEWAYS = ("igw", "egress_only_igw", "nat_gateway", "nat_instance", "vgw")


def random_design(seed: int) -> Diagram:
    rng = random.Random(seed)
    d = Design()
    d.add("internet", "internet", None)
    vpcs = [f"v{v}" for v in range(rng.randint(1, 3))]
    for v, vpc in enumerate(vpcs):
        second = rng.choice([0, v, v + 1])  # sometimes overlapping CIDRs
        d.vpc(vpc, f"10.{second}.0.0/16", **({"ipv6_cidr": f"2600:1f18:{v}::/56"} if rng.random() < .3 else {}))
        for kind, chance in (("igw", .8), ("egress_only_igw", .3), ("vgw", .3)):
            if rng.random() < chance:
                d.add(f"{vpc}-{kind}", kind, vpc, attached=rng.random() < .85)
        subnets = [d.subnet(f"{vpc}-s{s}", vpc, f"10.{second}.{s}.0/24", az=rng.choice("ab"),
                            auto_assign_public_ip=rng.random() < .3,
                            **({"ipv6_cidr": f"2600:1f18:{v}:{s}::/64"} if rng.random() < .3 else {}))
                   for s in range(rng.randint(1, 3))]
        sgs = [f"{vpc}-sg{g}" for g in range(rng.randint(0, 3))]
        for sg in sgs:
            rules = [{"protocol": rng.choice(["tcp", "udp", "all", "icmp"]),
                      "port": rng.choice([22, 443, "0-65535", "1024-65535"]),
                      **rng.choice([{"cidr": "0.0.0.0/0"}, {"cidr": "10.0.0.0/8"}, {"cidr": "::/0"},
                                    {"prefix_list": "s3"}, {"sg": sg}])} for _ in range(rng.randint(0, 3))]
            d.add(sg, "security_group", vpc, inbound=rules, default=rng.random() < .2)
        for i in range(rng.randint(1, 4)):
            kind = rng.choice(["ec2", "ec2", "rds", "nat_gateway", "nat_instance", "lambda", "elasticache",
                               "vpc_endpoint_interface"])
            props: dict = {}
            if kind in ("ec2", "nat_instance"):
                props = {"public_ip": rng.choice([None, True, False]), "ipv6": rng.random() < .3,
                         "source_dest_check": rng.random() < .5}
            elif kind == "rds":
                props = {"publicly_accessible": rng.random() < .3}
            elif kind == "vpc_endpoint_interface":
                props = {"service": rng.choice(["sqs", "s3", "kms"])}
            if sgs and kind != "nat_gateway" and rng.random() < .7:
                props["security_groups"] = [rng.choice(sgs)]
            d.add(f"{vpc}-n{i}", kind, rng.choice(subnets), **props)
        if rng.random() < .5:
            d.add(f"{vpc}-lb", rng.choice(["alb", "nlb"]), vpc, subnets=rng.sample(subnets, rng.randint(1, len(subnets))),
                  listeners=[{"protocol": "HTTPS", "port": 443, "target_port": rng.choice([None, 8080])}],
                  targets=[f"{vpc}-n0"], preserve_client_ip=rng.random() < .5)
        targets = [n for n, node in d.nodes.items() if n.startswith(f"{vpc}-") and node.kind in _GATEWAYS]
        for t in range(rng.randint(0, 2)):
            routes = [rng.choice([{"destination": rng.choice(["0.0.0.0/0", "10.0.0.0/8", "::/0", "192.168.0.0/16"])},
                                  {"prefix_list": "s3"}]) | {"target": rng.choice(targets)}
                      for _ in range(rng.randint(0, 3))] if targets else []
            d.route_table(f"{vpc}-rt{t}", vpc, rng.sample(subnets, rng.randint(0, len(subnets))), routes,
                          main=rng.random() < .3)
        if rng.random() < .5:
            def entries() -> list[dict]:
                numbers = rng.sample(range(1, 300), rng.randint(0, 3))
                return [{"rule": n, "action": rng.choice(["allow", "deny"]), "protocol": rng.choice(["tcp", "all"]),
                         "port": rng.choice([443, "1024-65535", "all"]), "cidr": rng.choice(["0.0.0.0/0", "10.0.0.0/8"])}
                        for n in numbers]
            d.add(f"{vpc}-nacl", "nacl", vpc, subnets=rng.sample(subnets, 1), inbound=entries(), outbound=entries())
        tables = [n for n in d.nodes if n.startswith(f"{vpc}-rt")]
        if rng.random() < .3 and tables:
            d.add(f"{vpc}-vpce", "vpc_endpoint_gateway", vpc, service=rng.choice(["s3", "dynamodb"]),
                  route_tables=tables[:1])
    if len(vpcs) > 1 and rng.random() < .6:
        d.add("pcx", "vpc_peering", "region", vpc_a=vpcs[0], vpc_b=vpcs[1],
              status=rng.choice(["active", "active", "pending"]))
    if len(vpcs) > 1 and rng.random() < .5:
        d.add("tgw", "transit_gateway", "region",
              attachments=[{"vpc": v, "subnets": [f"{v}-s0"] if rng.random() < .5 else []} for v in vpcs])
    for vpc in vpcs:
        tables = [n for n in d.nodes if n.startswith(f"{vpc}-rt")]
        extra = [t for t in ("pcx", "tgw") if t in d.nodes]
        if tables and extra:
            node = d.nodes[tables[0]]
            routes = [*node.props.get("routes", []), {"destination": "10.0.0.0/8", "target": rng.choice(extra)}]
            d.nodes[tables[0]] = node.model_copy(update={"props": {**node.props, "routes": routes}})
    if rng.random() < .5:
        d.add("dc", "corporate_dc", None, cidrs=["192.168.0.0/16"])
        d.add("srv", "on_prem_server", "dc")
        d.add("cgw", "customer_gateway", "dc")
        vgws = [n for n, node in d.nodes.items() if node.kind == "vgw"]
        if vgws:
            d.add("vpn", "vpn_connection", "region", customer_gateway="cgw", gateway=vgws[0])
    d.add("bucket", "s3_bucket", "region")
    d.add("queue", "sqs_queue", "region")
    return d.build()
