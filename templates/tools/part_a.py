"""Part A of case-studies.md: the classic solution-architecture discussions (seed 2191-2520)."""

from __future__ import annotations

from builder import Grid, Template

WORLD = "0.0.0.0/0"


def tcp(port: int, *, cidr: str | None = None, sg: str | None = None) -> dict[str, object]:
    """One inbound security-group rule."""
    rule: dict[str, object] = {"protocol": "tcp", "port": port}
    rule.update({"cidr": cidr} if cidr else {"sg": sg})
    return rule


def https_listeners(domain: str) -> list[dict[str, object]]:
    return [{"protocol": "HTTPS", "port": 443, "certificate": f"acm:{domain}", "target_port": 80},
            {"protocol": "HTTP", "port": 80, "redirect_to_https": True}]


def whatisthetime() -> Template:
    t = Template("classic/whatisthetime", "WhatIsTheTime.com",
                 "A stateless web app grown from one instance with an Elastic IP, through DNS, to a load balancer "
                 "and a multi-AZ Auto Scaling group with reserved baseline capacity.",
                 "lines 2204-2284", 9, ["classic", "ec2", "elastic-ip", "route53", "elb", "asg", "multi-az"])
    t.node("user", "user", "Users (browser)")
    t.node("global", "global", "Global (Route 53)", stages="4-9")
    t.node("zone", "route53_zone", "whatisthetime.com", "global", stages="4-9")
    t.node("rec", "route53_record", "api.whatisthetime.com", "zone", stages="4-9",
           name="api.whatisthetime.com", type="A", alias=True, ttl=None, targets=["elb"])
    t.vary("rec", "4-5", alias=False, ttl=3600, targets=["ec2_1", "ec2_2", "ec2_3"])
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("vpc", "vpc", "whatisthetime-vpc", "reg", cidr="10.0.0.0/16")
    t.node("az_a", "az", "us-east-1a", "vpc", name="us-east-1a")
    t.node("az_b", "az", "us-east-1b", "vpc", stages="8-9", name="us-east-1b")
    t.node("pub_a", "subnet", "public-a", "az_a", cidr="10.0.0.0/24", tier="public", auto_assign_public_ip=True)
    t.node("pub_b", "subnet", "public-b", "az_b", stages="8-9", cidr="10.0.1.0/24", tier="public")
    t.node("priv_a", "subnet", "private-a", "az_a", stages="6-9", cidr="10.0.10.0/24", tier="private")
    t.node("priv_b", "subnet", "private-b", "az_b", stages="8-9", cidr="10.0.11.0/24", tier="private")
    t.node("igw", "igw", "Internet gateway", "vpc")
    t.node("rt_pub", "route_table", "public route table", "vpc",
           routes=[{"destination": WORLD, "target": "igw"}], subnets=["pub_a", "pub_b"])
    t.node("sg_public", "security_group", "sg-time-public", "vpc", stages="1-5", inbound=[tcp(80, cidr=WORLD)])
    t.node("elb_sg", "security_group", "elb-sg", "vpc", stages="6-9",
           inbound=[tcp(80, cidr=WORLD), tcp(443, cidr=WORLD)])
    t.node("web_sg", "security_group", "web-sg", "vpc", stages="6-9", inbound=[tcp(80, sg="elb_sg")])
    for n in (1, 2, 3):
        t.node(f"ec2_{n}", "ec2", f"time-server-{n}", "pub_a", stages="1-5" if n == 1 else "3-5",
               instance_type="m5.large", elastic_ip=True, security_groups=["sg_public"])
        t.vary(f"ec2_{n}", "4-5", elastic_ip=False, public_ip=True)
        t.flow("user", f"ec2_{n}", 80, label="HTTP to its IP", stages="1-5" if n == 1 else "3-5")
    t.vary("ec2_1", "1", instance_type="t2.micro")
    t.vary("ec2_1", "1-2", intent={"downtime_acceptable": True})
    t.vary("ec2_1", "2", previous_instance_type="t2.micro")
    t.vary("ec2_1", "5", state="terminated")
    t.vary("user-ec2_1", "5", label="times out: instance terminated")
    t.node("elb", "alb", "whatisthetime-elb", "pub_a", stages="6-9", subnets=["pub_a", "pub_b"],
           security_groups=["elb_sg"], listeners=[{"protocol": "HTTP", "port": 80}],
           targets=["web_1", "web_2", "web_3"],
           health_check={"protocol": "HTTP", "port": 80, "path": "/health", "interval_s": 5})
    t.node("asg", "asg", "whatisthetime-asg", "vpc", stages="7-9", subnets=["priv_a", "priv_b"],
           min=2, desired=3, max=6, instance_type="m5.large", security_groups=["web_sg"],
           load_balancers=["elb"], health_check_type="ELB", intent={"baseline_always_on": True})
    t.vary("asg", "7", intent={"baseline_always_on": None})
    t.vary("asg", "9", desired=2)
    for n in (1, 2, 3):
        t.node(f"web_{n}", "ec2", f"web-{n}", "priv_a", stages="6-8" if n == 3 else "6-9",
               instance_type="m5.large", public_ip=False, security_groups=["web_sg"], member_of="asg")
        t.flow("elb", f"web_{n}", 80, label="HTTP + health checks", stages="6-8" if n == 3 else "6-9")
    t.move("web_2", "8-9", "@web_2")
    t.vary("web_1", "9", purchase_option="reserved")
    t.vary("web_2", "9", purchase_option="reserved")
    t.relation("asg", "elb", "registers instances", stages="7-9")
    t.flow("user", "rec", 53, protocol="udp", label="DNS query", stages="4-9")
    t.flow("user", "elb", 80, label="HTTP via the Alias answer", stages="6-9")

    t.grid(None, [[None, Grid([["global"]])], ["user", "reg"]])
    t.grid("global", [["zone"]])
    t.grid("zone", [["rec"]])
    t.grid("reg", [["vpc"]])
    t.grid("vpc", [[Grid([["igw", "rt_pub"], [("sg_public", "elb_sg"), "web_sg"], ["asg", None]], (16, 24)),
                    "az_a", "az_b"]], (24, 16))
    t.grid("az_a", [["pub_a"], ["priv_a"]], (16, 16))
    t.grid("az_b", [["pub_b"], ["priv_b"]], (16, 16))
    t.grid("pub_a", [[("ec2_1", "elb"), "ec2_2", "ec2_3"]])
    t.grid("priv_a", [["web_1", "web_2", "web_3"]])
    t.grid("priv_b", [["@web_2"]])

    t.stage("Starting simple", "One small instance with an Elastic IP serves every user. It works, but when it stops "
            "the site is down: acceptable for now, as the requirements allow downtime at first.",
            exhibits=["avail.single_instance_spof"])
    t.stage("Scaling vertically", "More users: the instance is resized from t2.micro to m5.large. The Elastic IP "
            "stays, but the resize needs a stop and start, so users see an outage.",
            exhibits=["avail.vertical_scaling_downtime", "avail.single_instance_spof"])
    t.stage("Scaling horizontally", "Three instances, each with its own Elastic IP. Users must know every address, "
            "and Elastic IPs are few (5 per region by default).",
            exhibits=["net.clients_bound_to_instance_ips", "net.eip_overuse", "avail.single_az"],
            fixes=["avail.single_instance_spof", "avail.vertical_scaling_downtime"])
    t.stage("DNS in front", "The Elastic IPs are released and a Route 53 A record with a one-hour TTL lists the "
            "instances' public IPs. Those IPs change on stop/start, and clients cache the answer for an hour.",
            exhibits=["dns.a_record_to_instances_long_ttl", "dns.record_to_ephemeral_ip", "avail.single_az"],
            fixes=["net.clients_bound_to_instance_ips", "net.eip_overuse"])
    t.stage("Removing an instance", "time-server-1 is terminated but stays in the record: clients that cached the "
            "answer keep trying it for up to an hour. This stage is meant to fail.",
            exhibits=["dns.stale_target", "dns.a_record_to_instances_long_ttl", "dns.record_to_ephemeral_ip",
                      "avail.single_az"])
    t.stage("Load balancer", "The instances move to a private subnet behind a public load balancer with health "
            "checks, and the record becomes an Alias to it. Only the load balancer's security group may reach the "
            "instances. The instances are still managed by hand, all in one AZ.",
            exhibits=["avail.no_auto_scaling", "avail.single_az"],
            fixes=["dns.stale_target", "dns.a_record_to_instances_long_ttl", "dns.record_to_ephemeral_ip"])
    t.stage("Auto Scaling group", "An Auto Scaling group now adds and removes instances and registers them with the "
            "load balancer. Everything still sits in one Availability Zone.",
            exhibits=["avail.single_az"], fixes=["avail.no_auto_scaling"])
    t.stage("Multi-AZ", "The load balancer is enabled in two AZs and the group spans two private subnets, so losing "
            "an AZ no longer takes the site down. Two instances must always run, still at on-demand prices.",
            exhibits=["cost.capacity_not_reserved"], fixes=["avail.single_az"])
    t.stage("Reserve capacity", "The group's minimum of two instances (one per AZ) is bought as reserved capacity; "
            "only scale-out instances run on demand. The clean final state.",
            fixes=["cost.capacity_not_reserved"])
    return t


TEMPLATES = [whatisthetime]
