"""Part A of case-studies.md: the classic solution-architecture discussions (seed 2191-2520)."""

from __future__ import annotations

from builder import Grid, Spacer, Template

WORLD = "0.0.0.0/0"
#: The user's column, lined up with the first subnet row's leaves (region > VPC > AZ > subnet > leaf).
USER_AT_FIRST_ROW = Grid([[Spacer(0, 120)], ["user"]], (0, 24))
#: A dedicated health-check path (the AWS default "/" only proves the home page renders).
HEALTH = {"protocol": "HTTP", "port": 80, "path": "/health", "interval_s": 10}


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
        t.vary(f"ec2_{n}", "3-5", intent={"ha": True})
        t.flow("user", f"ec2_{n}", 80, label="HTTP to its IP", stages="1-5" if n == 1 else "3-5")
    t.vary("ec2_1", "1", instance_type="t2.micro")
    t.vary("ec2_1", "1-2", intent={"downtime_acceptable": True})
    t.vary("ec2_1", "2", previous_instance_type="t2.micro")
    t.vary("ec2_1", "5", state="terminated")
    t.vary("user-ec2_1", "5", label="times out: instance terminated")
    t.node("elb", "alb", "whatisthetime-elb", "pub_a", stages="6-9", subnets=["pub_a", "pub_b"],
           security_groups=["elb_sg"], listeners=https_listeners("whatisthetime.com"),
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
    t.relation("user", "rec", "DNS query", stages="4-9")
    t.flow("user", "elb", 443, label="HTTPS via the Alias answer", stages="6-9")

    t.grid(None, [[None, Grid([["global"]])], [USER_AT_FIRST_ROW, "reg"]])
    t.grid("global", [["zone"]])
    t.grid("zone", [["rec"]])
    t.grid("reg", [["vpc"]])
    t.grid("vpc", [[Grid([["igw", "rt_pub"], [("sg_public", "elb_sg"), "web_sg"], ["asg", None]], (16, 40)),
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
    t.variant("Record as a plain A record", "Point the record at the load balancer with a normal A record instead "
              "of an Alias: the load balancer's addresses change, so the record goes stale.", 6,
              exhibits=["dns.non_alias_to_aws_resource"],
              changes={"rec": {"props": {"alias": False, "ttl": 300}}})
    return t



def myclothes() -> Template:
    t = Template("classic/myclothes", "MyClothes.com",
                 "A shopping-cart web tier kept horizontally scalable: ELB stickiness, client cookies and a "
                 "server-side session store compared, user data in RDS, reads scaled with replicas or a cache, "
                 "every tier multi-AZ and security groups chained. The security groups are drawn from the start "
                 "(the notes only discuss them in stage 9), so every flow is allowed in every stage.",
                 "lines 2286-2390", 9, ["classic", "elb", "stickiness", "elasticache", "rds", "multi-az", "sg"])
    t.node("user", "user", "Shopper (browser)")
    t.vary("user", "3", cookie="cart", cookie_bytes=4096, intent={"cookie_state": True})
    t.vary("user", "4-9", cookie="session_id")
    t.node("global", "global", "Global (Route 53)")
    t.node("zone", "route53_zone", "myclothes.com", "global")
    t.node("rec", "route53_record", "myclothes.com", "zone", name="myclothes.com", type="A", alias=True, ttl=None,
           targets=["elb"])
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("vpc", "vpc", "myclothes-vpc", "reg", cidr="10.0.0.0/16")
    for i, z in enumerate("abc"):
        t.node(f"az_{z}", "az", f"us-east-1{z}", "vpc", name=f"us-east-1{z}")
        t.node(f"pub_{z}", "subnet", f"public-{z}", f"az_{z}", cidr=f"10.0.{i}.0/24", tier="public")
        t.node(f"app_{z}", "subnet", f"app-{z}", f"az_{z}", cidr=f"10.0.{10 + i}.0/24", tier="private")
        t.node(f"data_{z}", "subnet", f"data-{z}", f"az_{z}", stages="4-9", cidr=f"10.0.{20 + i}.0/24", tier="data")
        t.grid(f"az_{z}", [[f"pub_{z}"], [f"app_{z}"], [f"data_{z}"]], (16, 16))
    t.node("igw", "igw", "Internet gateway", "vpc")
    t.node("rt_pub", "route_table", "public route table", "vpc",
           routes=[{"destination": WORLD, "target": "igw"}], subnets=["pub_a", "pub_b", "pub_c"])
    t.node("elb_sg", "security_group", "elb-sg", "vpc", inbound=[tcp(443, cidr=WORLD), tcp(80, cidr=WORLD)])
    t.node("web_sg", "security_group", "web-sg", "vpc", inbound=[tcp(80, sg="elb_sg")])
    t.node("cache_sg", "security_group", "cache-sg", "vpc", stages="4-9", inbound=[tcp(6379, sg="web_sg")])
    t.node("db_sg", "security_group", "db-sg", "vpc", stages="5-9", inbound=[tcp(3306, sg="web_sg")])
    t.node("elb", "alb", "myclothes-elb", "pub_a", subnets=["pub_a", "pub_b", "pub_c"], security_groups=["elb_sg"],
           listeners=https_listeners("myclothes.com"), targets=["web_a", "web_b", "web_c"],
           health_check={"protocol": "HTTP", "port": 80, "path": "/health", "interval_s": 10})
    t.vary("elb", "2", stickiness={"enabled": True, "type": "duration", "duration_s": 86400})
    t.node("asg", "asg", "web-asg", "vpc", subnets=["app_a", "app_b", "app_c"], min=3, desired=3, max=9,
           instance_type="m5.large", security_groups=["web_sg"], load_balancers=["elb"], health_check_type="ELB")
    for z in "abc":
        t.node(f"web_{z}", "ec2", f"web-{z}", f"app_{z}", instance_type="m5.large", security_groups=["web_sg"],
               member_of="asg")
        t.vary(f"web_{z}", "1-2", stores_state=True)
        t.vary(f"web_{z}", "3", cookie_state_bytes=4096)
        first = z == "a"  # label one edge of each fan-out, so the picture stays readable
        t.flow("elb", f"web_{z}", 80, label="HTTP" if first else "")
        t.flow(f"web_{z}", "cache", 6379, label="session by id" if first else "", stages="4-9")
        t.vary(f"web_{z}-cache", "7-9", label="sessions, product cache" if first else "")
        t.flow(f"web_{z}", "rds", 3306, label="read/write" if first else "", stages="5-9", access="read_write")
        t.vary(f"web_{z}-rds", "6", label="writes" if first else "", access="write")
        t.vary(f"web_{z}-rds", "7-9", label="miss reads, writes" if first else "")
        for r in ("rr_1", "rr_2"):
            t.flow(f"web_{z}", r, 3306, label="reads" if first else "", stages="6", access="read")
    t.node("cache", "elasticache", "sessions-cache", "data_a", stages="4-9", engine="redis",
           node_type="cache.m5.large", usage="session_store", security_groups=["cache_sg"],
           subnets=["data_a", "data_b"], multi_az=True, automatic_failover=True, replicas=1)
    t.vary("cache", "4-7", multi_az=False, automatic_failover=False, replicas=0)
    t.vary("cache", "7-9", usage="cache", strategy="lazy_loading", label="sessions + product cache")
    t.node("cache_rep", "elasticache", "sessions-cache replica", "data_b", stages="8-9", engine="redis",
           node_type="cache.m5.large", role="replica", replica_of="cache", security_groups=["cache_sg"])
    t.node("rds", "rds", "userdb (primary)", "data_a", stages="5-9", engine="mysql", instance_class="db.m5.large",
           multi_az=True, security_groups=["db_sg"], subnets=["data_a", "data_b"], intent={"read_heavy": True})
    t.vary("rds", "5-7", multi_az=False)
    t.node("rds_sb", "rds", "userdb standby", "data_b", stages="8-9", engine="mysql", instance_class="db.m5.large",
           role="standby", replica_of="rds", security_groups=["db_sg"])
    for i, (r, z) in enumerate((("rr_1", "b"), ("rr_2", "c")), start=1):
        t.node(r, "rds", f"userdb replica {i}", f"data_{z}", stages="6", engine="mysql",
               instance_class="db.m5.large", role="read_replica", replica_of="rds", security_groups=["db_sg"])
        t.relation("rds", r, "async replica", stages="6")
    t.relation("rds", "rds_sb", "sync standby", stages="8-9")
    t.relation("cache", "cache_rep", "replica", stages="8-9")
    t.relation("user", "rec", "DNS lookup (Alias)")
    t.flow("user", "elb", 443, label="HTTPS")
    t.vary("user-elb", "2", label="HTTPS + stickiness cookie")
    t.vary("user-elb", "3", label="HTTPS + cart cookie")
    t.vary("user-elb", "4-9", label="HTTPS + session-id cookie")

    t.grid(None, [[None, Grid([["global"]])], [USER_AT_FIRST_ROW, "reg"]])
    t.grid("global", [["zone"]])
    t.grid("zone", [["rec"]])
    t.grid("reg", [["vpc"]])
    t.grid("vpc", [[Grid([["igw", "rt_pub"], ["elb_sg", "web_sg"], ["asg", "cache_sg"], ["db_sg", None]], (16, 40)),
                    "az_a", "az_b", "az_c"]], (24, 16))
    t.grid("pub_a", [["elb"]])
    for z in "abc":
        t.grid(f"app_{z}", [[f"web_{z}"]])
    t.grid("data_a", [["cache", "rds"]])
    t.grid("data_b", [["cache_rep", ("rr_1", "rds_sb")]])
    t.grid("data_c", [[None, "rr_2"]])

    t.stage("Basic setup", "Route 53 points at a multi-AZ load balancer in front of three instances. The cart lives "
            "in the memory of whichever instance served the request, so the next request, sent elsewhere, loses it.",
            exhibits=["state.no_session_store"])
    t.stage("Stickiness", "The load balancer pins each shopper to one instance with a cookie, so the cart survives "
            "while that instance lives. Lose the instance and the cart is gone; load can become uneven.",
            exhibits=["state.sticky_only"], fixes=["state.no_session_store"])
    t.stage("User cookies", "The browser carries the whole cart in a cookie, so any instance can serve it. Requests "
            "grow with the cart, cookies are capped at 4 KB and can be tampered with, so they must be validated.",
            exhibits=["state.client_cookie_state"], fixes=["state.sticky_only"])
    t.stage("Server session", "The cookie holds only a session id; instances keep the cart in ElastiCache under that "
            "id, so any instance can rebuild it and nobody can tamper with it. The single cache node is one AZ.",
            exhibits=["db.single_az"], fixes=["state.client_cookie_state"])
    t.stage("User data in RDS", "User details (addresses...) go to one RDS instance that every web instance reads and "
            "writes. Most traffic is reads, and all of it hits the primary, in one AZ.",
            exhibits=["db.single_az", "db.read_pressure"])
    t.stage("Read replicas", "Writes go to the primary, reads to two asynchronous read replicas (up to five). "
            "Replicas do not make the primary highly available.",
            exhibits=["db.single_az"], fixes=["db.read_pressure"])
    t.stage("Cache-aside (lazy loading) [notes: Write Through]", "The alternative to replicas: instances look in "
            "ElastiCache first; on a miss they read RDS and store the result, so the next read hits the cache. "
            "Without a TTL or invalidation, cached data can go stale.",
            exhibits=["cache.stale_data", "db.single_az"])
    t.stage("Multi-AZ", "RDS gets a synchronous standby and ElastiCache a replica with automatic failover in "
            "us-east-1b. The load balancer and the Auto Scaling group already spanned three AZs.",
            exhibits=["cache.stale_data"], fixes=["db.single_az"])
    t.stage("Security groups", "The chain: the load balancer accepts HTTPS from anywhere, instances only from the load "
            "balancer's group, ElastiCache and RDS only from the instances' group. Stale cache data is the one "
            "advisory left, on purpose.",
            exhibits=["cache.stale_data"])
    t.variant("Loose security groups", "The optional teaching variant of stage 8: web, cache and database accept "
              "traffic from anywhere instead of from the tier in front; stage 9's chain clears these.", 8,
              exhibits=["sg.backend_open_to_world", "sg.data_tier_unrestricted"],
              changes={"web_sg": {"props": {"inbound": [tcp(80, cidr=WORLD)]}},
                       "cache_sg": {"props": {"inbound": [tcp(6379, cidr=WORLD)]}},
                       "db_sg": {"props": {"inbound": [tcp(3306, cidr=WORLD)]}}})
    t.variant("All ports open on the load balancer", "The notes literally say the ELB accepts all ports from "
              "anywhere; opening 0-65535 instead of 80/443 is flagged.", 9,
              exhibits=["sg.all_ports_open"],
              changes={"elb_sg": {"props": {"inbound": [{"protocol": "tcp", "port": "0-65535", "cidr": WORLD}]}}})
    return t


def mywordpress() -> Template:
    t = Template("classic/mywordpress", "MyWordPress.com",
                 "A scalable WordPress: the database moves from RDS Multi-AZ to Aurora (less operations, built-in "
                 "readers), and uploaded images move from per-instance EBS to EFS once several instances serve them.",
                 "lines 2393-2432", 4, ["classic", "rds", "aurora", "ebs", "efs", "multi-az"])
    t.node("user", "user", "Visitors and authors")
    t.node("global", "global", "Global (Route 53)")
    t.node("zone", "route53_zone", "mywordpress.com", "global")
    t.node("rec", "route53_record", "mywordpress.com", "zone", name="mywordpress.com", type="A", alias=True,
           ttl=None, targets=["elb"])
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("vpc", "vpc", "wordpress-vpc", "reg", cidr="10.0.0.0/16")
    for i, z in enumerate("ab"):
        t.node(f"az_{z}", "az", f"us-east-1{z}", "vpc", name=f"us-east-1{z}")
        t.node(f"pub_{z}", "subnet", f"public-{z}", f"az_{z}", cidr=f"10.0.{i}.0/24", tier="public")
        t.node(f"app_{z}", "subnet", f"app-{z}", f"az_{z}", cidr=f"10.0.{10 + i}.0/24", tier="private")
        t.node(f"data_{z}", "subnet", f"data-{z}", f"az_{z}", cidr=f"10.0.{20 + i}.0/24", tier="data")
        t.node(f"ebs_{z}", "ebs", f"wp-uploads-{z}", f"az_{z}", stages="3", volume_type="gp2", size_gib=100,
               attached_to=f"wp_{z}", shared_content=True)
        t.node(f"wp_{z}", "ec2", f"wordpress-{z}", f"app_{z}", instance_type="m5.large", security_groups=["web_sg"],
               member_of="asg")
        t.node(f"mt_{z}", "efs_mount_target", f"EFS mount target {z}", f"app_{z}", stages="4", efs="efs",
               security_groups=["efs_sg"])
        t.grid(f"az_{z}", [[f"pub_{z}"], [f"app_{z}"], [f"ebs_{z}"], [f"data_{z}"]], (16, 16))
        t.grid(f"app_{z}", [[f"wp_{z}", f"mt_{z}"]])
        first = z == "a"  # label one edge of each pair, so the picture stays readable
        t.flow("elb", f"wp_{z}", 80, label="HTTP" if first else "")
        t.flow(f"wp_{z}", "rds", 3306, label="read/write" if first else "", stages="1", access="read_write")
        t.flow(f"wp_{z}", "aur_w", 3306, label="writes" if first else "", stages="2-4", access="write")
        t.flow(f"wp_{z}", "aur_r1", 3306, label="reads" if first else "", stages="2-4", access="read")
        t.relation(f"wp_{z}", f"ebs_{z}", "uploads" if first else "", stages="3")
        t.flow(f"wp_{z}", f"mt_{z}", 2049, label="NFS" if first else "", stages="4")
        t.relation(f"mt_{z}", "efs", "same file system" if first else "", stages="4")
    t.vary("wp_b-ebs_b", "3", label="GET image: not found here")
    t.node("igw", "igw", "Internet gateway", "vpc")
    t.node("rt_pub", "route_table", "public route table", "vpc",
           routes=[{"destination": WORLD, "target": "igw"}], subnets=["pub_a", "pub_b"])
    t.node("elb_sg", "security_group", "elb-sg", "vpc", inbound=[tcp(443, cidr=WORLD), tcp(80, cidr=WORLD)])
    t.node("web_sg", "security_group", "web-sg", "vpc", inbound=[tcp(80, sg="elb_sg")])
    t.node("db_sg", "security_group", "db-sg", "vpc", inbound=[tcp(3306, sg="web_sg")])
    t.node("efs_sg", "security_group", "efs-sg", "vpc", stages="4", inbound=[tcp(2049, sg="web_sg")])
    t.node("elb", "alb", "wordpress-elb", "pub_a", subnets=["pub_a", "pub_b"], security_groups=["elb_sg"],
           listeners=https_listeners("mywordpress.com"), targets=["wp_a", "wp_b"], health_check=HEALTH)
    t.node("asg", "asg", "wordpress-asg", "vpc", subnets=["app_a", "app_b"], min=2, desired=2, max=6,
           instance_type="m5.large", security_groups=["web_sg"], load_balancers=["elb"], health_check_type="ELB")
    t.node("rds", "rds", "wordpress-db (primary)", "data_a", stages="1", engine="mysql", multi_az=True,
           security_groups=["db_sg"], subnets=["data_a", "data_b"], intent={"read_heavy": True})
    t.node("rds_sb", "rds", "wordpress-db (standby)", "data_b", stages="1", engine="mysql", role="standby",
           replica_of="rds", security_groups=["db_sg"])
    t.relation("rds", "rds_sb", "sync replication, failover", stages="1")
    t.node("aur_vol", "aurora_cluster_volume", "Aurora storage (6 copies, 3 AZs)", "reg", stages="2-4")
    t.node("aur_wep", "aurora_endpoint", "writer endpoint", "reg", stages="2-4", cluster="aur_vol", type="writer")
    t.node("aur_rep", "aurora_endpoint", "reader endpoint", "reg", stages="2-4", cluster="aur_vol", type="reader")
    t.node("aur_w", "aurora_instance", "aurora-writer", "data_a", stages="2-4", role="writer",
           instance_class="db.r5.large", cluster="aur_vol", security_groups=["db_sg"], intent={"read_heavy": True})
    t.node("aur_r1", "aurora_instance", "aurora-reader-1", "data_b", stages="2-4", role="reader",
           instance_class="db.r5.large", cluster="aur_vol", replica_of="aur_w", security_groups=["db_sg"])
    for inst in ("aur_w", "aur_r1"):
        t.relation(inst, "aur_vol", "shared storage" if inst == "aur_w" else "", stages="2-4")
    t.relation("aur_wep", "aur_w", "DNS: writer", stages="2-4")
    t.relation("aur_rep", "aur_r1", "DNS: readers", stages="2-4")
    t.node("efs", "efs", "wordpress-efs", "reg", stages="4", encrypted=True, security_groups=["efs_sg"])
    t.relation("user", "rec", "DNS lookup (Alias)")
    t.flow("user", "elb", 443, label="HTTPS: pages")
    t.vary("user-elb", "3-4", label="HTTPS: pages, image upload and fetch")

    t.grid(None, [[None, Grid([["global"]])], [USER_AT_FIRST_ROW, "reg"]])
    t.grid("global", [["zone"]])
    t.grid("zone", [["rec"]])
    t.grid("reg", [["vpc", Grid([["efs"]])], [Grid([[None, None, "aur_wep", "aur_vol", "aur_rep"]], (88, 16))]],
           (40, 24))
    t.grid("vpc", [[Grid([["igw", "rt_pub"], ["elb_sg", "web_sg"], ["db_sg", "efs_sg"], ["asg", None]], (16, 48)),
                    "az_a", "az_b"]], (24, 16))
    t.grid("pub_a", [["elb"]])
    t.grid("data_a", [[("rds", "aur_w")]])
    t.grid("data_b", [[("rds_sb", "aur_r1")]])

    t.stage("RDS layer", "Every WordPress instance uses one Multi-AZ MySQL database. It survives an AZ failure, but "
            "every read of this read-heavy blog goes to the primary.",
            exhibits=["db.read_pressure"])
    t.stage("Aurora", "RDS is swapped for Aurora MySQL: a writer and a reader share six-way replicated storage, "
            "reads go to the reader endpoint and operations get simpler.",
            fixes=["db.read_pressure"])
    t.stage("Images on EBS", "Each instance keeps uploads on its own EBS volume in its own AZ. An image uploaded "
            "through one instance cannot be found when the next request lands on the other. Meant to fail.",
            exhibits=["storage.ebs_for_shared_content"])
    t.stage("Images on EFS", "EFS puts a mount target in each AZ and every instance mounts the same file system "
            "over NFS, allowed only from the web tier's security group.",
            fixes=["storage.ebs_for_shared_content"])
    t.variant("Attach a volume across AZs", "Attaching wp-uploads-a (us-east-1a) to wordpress-b (us-east-1b) is not "
              "possible: an EBS volume attaches only to instances in its own AZ.", 3,
              exhibits=["storage.ebs_cross_az_attach"],
              changes={"ebs_a": {"props": {"attached_to": "wp_b"}}})
    return t


def fast_instantiation() -> Template:
    t = Template("classic/fast_instantiation", "Instantiating applications quickly",
                 "A full stack (EC2 + EBS + RDS) starts faster when work is done ahead of time: a golden AMI for "
                 "installed software, user data for dynamic configuration, or both, and disks and databases "
                 "restored from snapshots. The stages are alternatives, not a progression. A conceptual diagram "
                 "kept in one AZ, so the HA advice is suppressed.",
                 "lines 2434-2452", 3, ["classic", "ami", "user-data", "snapshots", "ec2", "rds"])
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("base_ami", "ami", "Stock Amazon Linux 2 AMI", "reg", stages="1")
    t.node("golden_ami", "ami", "Golden AMI (app pre-installed)", "reg", stages="2-3")
    t.node("ebs_snap", "ebs_snapshot", "data-disk snapshot", "reg", stages="3")
    t.node("rds_snap", "rds_snapshot", "DB snapshot (schema + data)", "reg", stages="3")
    t.node("vpc", "vpc", "app-vpc", "reg", cidr="10.0.0.0/16")
    t.node("az_a", "az", "us-east-1a", "vpc", name="us-east-1a")
    t.node("app_a", "subnet", "app-a", "az_a", cidr="10.0.10.0/24", tier="private")
    t.node("data_a", "subnet", "data-a", "az_a", stages="3", cidr="10.0.20.0/24", tier="data")
    t.node("app_sg", "security_group", "app-sg", "vpc")
    t.node("db_sg", "security_group", "db-sg", "vpc", stages="3", inbound=[tcp(3306, sg="app_sg")])
    t.node("ec2", "ec2", "app-server", "app_a", instance_type="m5.large", security_groups=["app_sg"],
           ami="golden_ami", user_data="dynamic configuration only")
    t.vary("ec2", "1", ami="base_ami", user_data="installs every package (slow boot)")
    t.vary("ec2", "2", user_data=None, label="app-server (golden AMI)")
    t.vary("ec2", "3", label="app-server (golden AMI + user data)")
    t.node("ebs", "ebs", "data volume (restored)", "az_a", stages="3", attached_to="ec2", snapshot="ebs_snap")
    t.node("rds", "rds", "app-db (restored)", "data_a", stages="3", engine="mysql", security_groups=["db_sg"],
           snapshot="rds_snap")
    t.relation("base_ami", "ec2", "launch, then user data installs everything", stages="1")
    t.relation("golden_ami", "ec2", "launch", stages="2-3")
    t.relation("ebs_snap", "ebs", "restore", stages="3")
    t.relation("rds_snap", "rds", "restore (no bulk insert)", stages="3")
    t.relation("ec2", "ebs", "attached", stages="3")
    t.flow("ec2", "rds", 3306, label="MySQL", stages="3", access="read_write")
    t.suppress("avail.single_az", "a conceptual one-AZ diagram about start-up time, not availability")
    t.suppress("db.single_az", "a conceptual one-AZ diagram about start-up time, not availability")

    t.grid(None, [["reg"]])
    t.grid("reg", [[Grid([[("base_ami", "golden_ami")], ["ebs_snap"], ["rds_snap"]], (24, 40)), "vpc"]], (48, 16))
    t.grid("vpc", [[Grid([["app_sg"], ["db_sg"]], (16, 48)), "az_a"]], (24, 16))
    t.grid("az_a", [["app_a"], ["ebs"], ["data_a"]], (16, 16))
    t.grid("app_a", [["ec2"]])
    t.grid("data_a", [["rds"]])

    t.stage("User data only", "The instance boots a stock AMI and a user-data script installs everything: flexible "
            "but slow to start. (Installing packages needs outbound access, which this sketch leaves out.)")
    t.stage("Golden AMI", "Software and dependencies are baked into a golden AMI, so instances boot ready to serve.")
    t.stage("Hybrid and snapshot restores", "Golden AMI plus user data for the settings that change per environment "
            "(what Elastic Beanstalk does); the data disk and the database are restored from snapshots instead of "
            "being loaded row by row.")
    return t


def beanstalk() -> Template:
    t = Template("classic/beanstalk", "Elastic Beanstalk: web and worker tiers",
                 "Most web apps share one shape: load balancer, multi-AZ Auto Scaling group, database and cache. "
                 "Beanstalk packages it as a managed web server environment, and a worker environment pulls jobs "
                 "from SQS and scales on the queue depth.",
                 "lines 2454-2519", 3, ["classic", "beanstalk", "elb", "asg", "sqs", "worker"])
    t.node("user", "user", "Users")
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("vpc", "vpc", "beanstalk-vpc", "reg", cidr="10.0.0.0/16")
    t.node("sqs", "sqs_queue", "work-queue", "reg", stages="3")
    t.node("cw_alarm", "cloudwatch_alarm", "queue-depth alarm", "reg", stages="3", threshold=100,
           metric="ApproximateNumberOfMessagesVisible")
    t.node("env_web", "beanstalk_env", "myapp-web environment", "vpc", stages="2-3", tier="web",
           cname="myapp-web.us-east-1.elasticbeanstalk.com", platform="Node.js")
    t.node("env_worker", "beanstalk_env", "myapp-worker environment", "vpc", stages="3", tier="worker",
           queue="sqs")
    t.node("global", "global", "Global (IAM)")
    t.node("web_role", "iam_role", "web-instance-role", "global", allows=["sqs:SendMessage on work-queue"])
    t.node("wrk_role", "iam_role", "worker-instance-role", "global", stages="3",
           allows=["sqs:ReceiveMessage", "sqs:DeleteMessage on work-queue"])
    t.node("igw", "igw", "Internet gateway", "vpc")
    t.node("rt_pub", "route_table", "public route table", "vpc",
           routes=[{"destination": WORLD, "target": "igw"}], subnets=["pub_a", "pub_b", "pub_c"])
    t.node("elb_sg", "security_group", "elb-sg", "vpc", inbound=[tcp(443, cidr=WORLD), tcp(80, cidr=WORLD)])
    t.node("web_sg", "security_group", "web-sg", "vpc", inbound=[tcp(80, sg="elb_sg")])
    t.node("data_sg", "security_group", "data-sg", "vpc", stages="1",
           inbound=[tcp(3306, sg="web_sg"), tcp(6379, sg="web_sg")])
    t.node("worker_sg", "security_group", "worker-sg", "vpc", stages="3")
    t.node("elb", "alb", "web-elb", "pub_a", subnets=["pub_a", "pub_b", "pub_c"], security_groups=["elb_sg"],
           listeners=https_listeners("myapp.example.com"), targets=["web_a", "web_b", "web_c"],
           health_check=HEALTH)
    t.vary("elb", "2-3", member_of="env_web")
    t.node("asg_web", "asg", "web-asg", "vpc", subnets=["app_a", "app_b", "app_c"], min=3, desired=3, max=9,
           instance_type="t3.small", security_groups=["web_sg"], load_balancers=["elb"], health_check_type="ELB")
    t.vary("asg_web", "2-3", member_of="env_web")
    t.node("asg_wrk", "asg", "worker-asg", "vpc", stages="3", subnets=["app_a", "app_b", "app_c"], min=1, desired=2,
           max=10, instance_type="t3.small", security_groups=["worker_sg"], member_of="env_worker",
           scaling_policy="queue depth (ApproximateNumberOfMessagesVisible)")
    for i, z in enumerate("abc"):
        t.node(f"az_{z}", "az", f"us-east-1{z}", "vpc", name=f"us-east-1{z}")
        t.node(f"pub_{z}", "subnet", f"public-{z}", f"az_{z}", cidr=f"10.0.{i}.0/24", tier="public")
        t.node(f"app_{z}", "subnet", f"app-{z}", f"az_{z}", cidr=f"10.0.{10 + i}.0/24", tier="private")
        t.node(f"data_{z}", "subnet", f"data-{z}", f"az_{z}", stages="1", cidr=f"10.0.{20 + i}.0/24", tier="data")
        t.node(f"nat_{z}", "nat_gateway", f"NAT gateway {z}", f"pub_{z}", stages="2-3")
        t.node(f"rt_app_{z}", "route_table", f"app route table {z}", "vpc", stages="2-3",
               routes=[{"destination": WORLD, "target": f"nat_{z}"}], subnets=[f"app_{z}"])
        t.node(f"web_{z}", "ec2", f"web-{z}", f"app_{z}", instance_type="t3.small", security_groups=["web_sg"],
               member_of="asg_web", iam_role="web_role")
        first = z == "a"  # label one edge of each fan-out, so the picture stays readable
        t.flow("elb", f"web_{z}", 80, label="HTTP" if first else "")
        t.flow(f"web_{z}", "rds", 3306, label="writes" if first else "", stages="1", access="write")
        t.flow(f"web_{z}", "rds_rr", 3306, label="reads" if first else "", stages="1", access="read")
        t.flow(f"web_{z}", "cache", 6379, label="cache" if first else "", stages="1")
        t.flow(f"web_{z}", "sqs", 443, label="SendMessage" if first else "", stages="3")
        t.grid(f"az_{z}", [[f"pub_{z}"], [f"app_{z}"], [f"data_{z}"]], (16, 16))
    for w, z in (("wrk_a", "a"), ("wrk_b", "b")):
        t.node(w, "ec2", f"worker-{z}", f"app_{z}", stages="3", instance_type="t3.small",
               security_groups=["worker_sg"], member_of="asg_wrk", iam_role="wrk_role")
        t.flow(w, "sqs", 443, label="ReceiveMessage" if z == "a" else "", stages="3")
        t.grid(f"app_{z}", [[f"web_{z}", w]])
    t.grid("app_c", [["web_c"]])
    t.node("rds", "rds", "app-db (primary)", "data_a", stages="1", engine="mysql", multi_az=True,
           security_groups=["data_sg"], subnets=["data_a", "data_b"])
    t.node("rds_rr", "rds", "app-db read replica", "data_b", stages="1", engine="mysql", role="read_replica",
           replica_of="rds", security_groups=["data_sg"])
    t.node("cache", "elasticache", "app-cache (optional)", "data_c", stages="1", engine="redis", replicas=1,
           multi_az=True, automatic_failover=True, security_groups=["data_sg"], subnets=["data_c", "data_a"],
           ttl_s=600)
    t.relation("rds", "rds_rr", "async replication", stages="1")
    t.relation("sqs", "cw_alarm", "queue length metric", stages="3")
    t.relation("cw_alarm", "asg_wrk", "scale out / in", stages="3")
    t.flow("user", "elb", 443, label="HTTPS")

    t.grid(None, [[None, Grid([["global"]])], [USER_AT_FIRST_ROW, "reg"]])
    t.grid("global", [["web_role", "wrk_role"]])
    t.grid("reg", [["vpc", Grid([["sqs"], ["cw_alarm"]], (24, 64))]], (40, 16))
    t.grid("vpc", [[Grid([["igw", "rt_pub", "elb_sg"], ["rt_app_a", "rt_app_b", "rt_app_c"],
                          ["web_sg", "data_sg", "worker_sg"], ["asg_web", "env_web", None],
                          ["asg_wrk", "env_worker", None]], (16, 16)),
                    "az_a", "az_b", "az_c"]], (24, 16))
    t.grid("pub_a", [["elb", "nat_a"]])
    t.grid("pub_b", [[None, "nat_b"]])
    t.grid("pub_c", [[None, "nat_c"]])
    t.grid("data_a", [["rds"]])
    t.grid("data_b", [["rds_rr"]])
    t.grid("data_c", [["cache"]])

    t.stage("Three-tier web app", "Load balancer, a multi-AZ Auto Scaling group, and data subnets with a Multi-AZ "
            "RDS, a read replica and an optional cache. Rebuilding this for every app is the painful part.")
    t.stage("Web server environment", "The same load balancer and Auto Scaling group wrapped in a Beanstalk web "
            "environment: the developer ships code, Beanstalk handles capacity, load balancing, scaling and health. "
            "Private instances reach AWS endpoints through a NAT gateway per AZ.")
    t.stage("Web tier + worker tier", "The web tier posts jobs to SQS; a worker environment, which no client "
            "reaches, pulls and runs them, and a queue-depth alarm scales the workers.")
    return t


TEMPLATES = [whatisthetime, myclothes, mywordpress, fast_instantiation, beanstalk]
