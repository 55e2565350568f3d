"""Write templates/dr/*.yaml: Part L of case-studies.md (disaster recovery strategies).

The notes name these strategies only through images, so every topology here is a **proposed** reconstruction
from standard AWS practice (the spec says so, and each description ends with "(proposed)"). Corrections made
while checking them against AWS:

* Route 53 failover uses two records of one name (primary with a health check, secondary), not one record;
  weighted multi-site uses two weighted records, each with a health check;
* the on-premises master replicates into RDS over a Site-to-Site VPN (binlog replication on 3306), so the
  DR VPC carries a VGW, a route back to the data centre and a database SG admitting it;
* the AWS side of pilot light runs behind an Elastic IP so the failover record has a fixed target;
* lifecycle rules move S3 objects into the Glacier storage classes of S3 itself.

Run ``/work/venv/bin/python templates/tools/build_dr_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_vpc_templates import ANY, ec2, region, route, rt, sg, tcp  # noqa: E402
from template_kit import Template, run  # noqa: E402
from vpc_layout import Item, az, box, col, leaf, subnet, vpc  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
CERT = "acm:app.example.com"
DC_CIDR = "192.168.0.0/16"
#: The DR lessons draw a minimal AWS side on purpose; instance-level HA advice is not what they teach.
DR_SUPPRESS = (("avail.single_instance_spof", "a pilot-light or warm-standby side is minimal on purpose"),
               ("db.single_az", "the DR copy's Multi-AZ setting is not this lesson"))


def _dr_vpc(p: str, second: int, region_letter: str, app: tuple[list[Item], list[Item]],
            data: tuple[list[Item], list[Item]], plumbing: list[Item], span: list[Item] = (), hybrid: bool = False,
            pub: tuple[list[Item], list[Item]] = ([], []), label: str = "dr-vpc") -> Item:
    """Public, app and data subnets in two AZs; ``p`` prefixes every id so two regions can share a design."""
    def column(x: str, n: int) -> tuple[str, str, str, list[Item]]:
        i = "ab".index(x)
        return az(f"{p}az_{x}", f"{region_letter}{x}",
                  subnet(f"{p}pub_{x}", f"public {x}", f"10.{second}.{n}.0/24", "public", *pub[i]),
                  subnet(f"{p}priv_{x}", f"app {x}", f"10.{second}.{10 + n}.0/24", "private", *app[i]),
                  subnet(f"{p}data_{x}", f"data {x}", f"10.{second}.{20 + n}.0/24", "data", *data[i]))

    inner = [f"{p}priv_a", f"{p}priv_b", f"{p}data_a", f"{p}data_b"]
    tables = [leaf(f"{p}igw", "igw", "IGW"),
              rt(f"{p}rt_pub", "public route table", [route(ANY, f"{p}igw")], [f"{p}pub_a", f"{p}pub_b"])]
    if hybrid:
        tables += [leaf(f"{p}vgw", "vgw", "VGW"),
                   rt(f"{p}rt_priv", "private route table", [route(DC_CIDR, f"{p}vgw", propagated=True)], inner)]
        tables[1].props["routes"].append(route(DC_CIDR, f"{p}vgw", propagated=True))
    return vpc(f"{p}vpc", label, [column("a", 0), column("b", 1)], plumbing=[*tables, *plumbing], span=list(span),
               cidr=f"10.{second}.0.0/16")


def _dc(*children: Item) -> Item:
    return box("dc", "corporate_dc", "Corporate data center", *children, flow="col", cidrs=[DC_CIDR])


def _vpn() -> Item:
    return leaf("vpn", "vpn_connection", "Site-to-Site VPN", customer_gateway="cgw", gateway="vgw", bgp=True)


def _dns(*records: Item) -> Item:
    return box("global", "global", "Route 53", *records, flow="col")


def _record(node_id: str, label: str, targets: list[str], **props: Any) -> Item:
    return leaf(node_id, "route53_record", label, name="app.example.com", type="A", **props, targets=targets)


def l1_backup_restore() -> Template:
    t = Template("dr/backup_restore", "Backup and restore",
                 "The cheapest strategy with the highest RPO and RTO: on-premises data reaches S3 through Storage "
                 "Gateway or Snowball and ages into the Glacier storage classes; cloud resources are protected by "
                 "EBS and RDS snapshots and AMIs, and everything is rebuilt on demand. (proposed)",
                 "## Disaster Recovery in AWS, 1. Backup and Restore, line 7627", ["dr", "backup", "s3"],
                 proposed=False, suppress=())
    t.settings["dr"] = {"strategy": "backup_restore", "rpo_minutes": 1440, "rto_minutes": 480}
    t.layout(
        _dc(leaf("srv", "on_prem_server", "production servers"),
            leaf("sgw", "storage_gateway", "Storage Gateway (volume)", mode="volume", backend="s3"),
            leaf("snowball", "snowball", "Snowball (bulk)", target="s3")),
        region("reg", "us-east-1", col(
            leaf("s3", "s3_bucket", "backup bucket", versioning=True,
                 lifecycle=[{"transition_days": 30, "storage_class": "GLACIER"}]),
            leaf("glacier", "glacier_vault", "S3 Glacier storage classes"), gap=40),
            col(leaf("ebs_snap", "ebs_snapshot", "scheduled EBS snapshots"),
                leaf("rds_snap", "rds_snapshot", "RDS snapshots"), leaf("ami", "ami", "AMIs"), gap=40)))
    t.rel("srv", "sgw", "backup")
    t.rel("sgw", "s3", "HTTPS upload")
    t.rel("snowball", "s3", "import")
    t.rel("s3", "glacier", "lifecycle after 30 days")
    t.stage("Backups in S3 and Glacier",
            "Data is copied to AWS daily; after a disaster the servers are rebuilt from snapshots and AMIs, which "
            "takes hours: the RPO is the last backup, the RTO the rebuild.", exhibits=("dr.high_rto",))
    return t


def _hybrid_primary(t: Template, extra: list[Item] = ()) -> Item:
    return _dc(*extra, leaf("app_dc", "on_prem_server", "app servers", ip="192.168.10.10", public_ip="80.80.80.50"),
               leaf("db_dc", "on_prem_server", "master DB", ip="192.168.20.10"),
               leaf("cgw", "customer_gateway", "customer gateway", ip="203.0.113.10"))


def _db_sg(app_sg: str) -> Item:
    return sg("db_sg", "db-sg", tcp(3306, sg=app_sg), tcp(3306, DC_CIDR))


def l2_pilot_light() -> Template:
    t = Template("dr/pilot_light", "Pilot light",
                 "Only the core runs in AWS: the database is replicated continuously, while the application servers "
                 "exist as stopped instances or AMIs. On failover they are started and Route 53 switches to them. "
                 "(proposed)",
                 "## Disaster Recovery in AWS, image dr_pilotlight.png, line 7634", ["dr", "pilot-light", "hybrid"],
                 suppress=DR_SUPPRESS)
    t.settings["dr"] = {"strategy": "pilot_light", "rpo_minutes": 5, "rto_minutes": 60}
    t.layout(
        col(leaf("users", "user", "Users"),
            _dns(_record("rec_primary", "primary record", ["app_dc"], routing_policy="failover",
                         failover="primary", health_check="hc_dc", set_id="dc"),
                 _record("rec_dr", "secondary record", ["eip"], routing_policy="failover",
                         failover="secondary", set_id="aws"),
                 leaf("hc_dc", "route53_health_check", "health check (DC)", ip="80.80.80.50", port=80)),
            gap=48, align="center"),
        _hybrid_primary(t), _vpn(),
        region("reg", "us-east-1", _dr_vpc(
            "", 0, "us-east-1",
            pub=([ec2("ec2", "app server (stopped)", ["web_sg"], state="stopped", elastic_ip=True),
                  leaf("eip", "elastic_ip", "Elastic IP", associated_with="ec2")], []),
            app=([], []), data=([leaf("rds", "rds", "RDS (replicating)", engine="mysql", subnets=["data_a", "data_b"],
                                      security_groups=["db_sg"], replication_source="db_dc")], []),
            plumbing=[sg("web_sg", "web-sg", tcp(80, ANY)), _db_sg("web_sg")], hybrid=True)))
    t.rel("rec_primary", "app_dc", "primary")
    t.rel("rec_dr", "ec2", "secondary (failover)")
    t.rel("cgw", "vpn", "IPsec")
    t.rel("vpn", "vgw", "tunnels")
    t.flow("db_dc", "rds", 3306, label="continuous replication (VPN)")
    t.flow("users", "ec2", 80, label="after failover", only=2)
    t.flow("ec2", "rds", 3306, label="reads + writes", only=2)
    t.stage("Normal operation", "The data centre serves users; only the database copy burns in AWS.")
    t.stage("Failover", "The DC fails its health check: the app server is started from its stopped state and "
            "Route 53 answers with the AWS side, which uses the replicated database.",
            overrides={"ec2": {"label": "app server (started)", "props": {"state": "running"}}})
    return t


def l3_warm_standby() -> Template:
    t = Template("dr/warm_standby", "Warm standby",
                 "A scaled-down but fully working copy (load balancer, a minimal Auto Scaling group, a replica "
                 "database) runs all the time. On failover Route 53 switches to it and the group scales to "
                 "production size. (proposed)",
                 "## Disaster Recovery in AWS, image dr_warm.png, line 7636", ["dr", "warm-standby", "hybrid"],
                 suppress=(*DR_SUPPRESS, ("avail.no_auto_scaling", "the standby fleet is an ASG")))
    t.settings["dr"] = {"strategy": "warm_standby", "rpo_minutes": 5, "rto_minutes": 15}
    t.layout(
        col(leaf("users", "user", "Users"),
            _dns(_record("rec_primary", "primary record", ["lb_dc"], routing_policy="failover",
                         failover="primary", health_check="hc_dc", set_id="dc"),
                 _record("rec_dr", "secondary record", ["elb"], routing_policy="failover",
                         failover="secondary", alias=True, ttl=None, evaluate_target_health=True, set_id="aws"),
                 leaf("hc_dc", "route53_health_check", "health check (DC)", ip="80.80.80.50", port=443,
                      protocol="HTTPS")),
            gap=48, align="center"),
        _hybrid_primary(t, [leaf("lb_dc", "on_prem_server", "reverse proxy / LB", public_ip="80.80.80.50")]), _vpn(),
        region("reg", "us-east-1", _dr_vpc(
            "", 0, "us-east-1",
            app=([ec2("ec2", "app (minimum)", ["app_sg"], member_of="asg")], []),
            data=([leaf("rds", "rds", "RDS (promoted on failover)", engine="mysql", subnets=["data_a", "data_b"],
                        security_groups=["db_sg"], replication_source="db_dc")], []),
            span=[leaf("elb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}], target_port=80),
                  leaf("asg", "asg", "app ASG", subnets=["priv_a", "priv_b"], min=1, desired=1, max=8,
                       load_balancers=["elb"], health_check_type="ELB", security_groups=["app_sg"])],
            plumbing=[sg("lb_sg", "lb-sg", tcp(443, ANY)), sg("app_sg", "app-sg", tcp(80, sg="lb_sg")),
                      _db_sg("app_sg")], hybrid=True)))
    t.rel("rec_primary", "lb_dc", "primary")
    t.rel("rec_dr", "elb", "secondary (alias)")
    t.rel("lb_dc", "app_dc", "")
    t.rel("app_dc", "db_dc", "")
    t.rel("cgw", "vpn", "IPsec")
    t.rel("vpn", "vgw", "tunnels")
    t.flow("db_dc", "rds", 3306, label="replication (VPN)")
    t.flow("users", "elb", 443, label="after failover", only=2)
    t.flow("elb", "ec2", 80)
    t.flow("ec2", "rds", 3306, label="reads + writes")
    t.stage("Normal operation", "The data centre serves users; a one-instance copy of the stack stays warm in AWS.")
    t.stage("Failover", "Route 53 switches to the ALB, the database is promoted and the group scales out to "
            "production size.", overrides={"asg": {"props": {"min": 2, "desired": 6}},
                                           "rds": {"label": "RDS (promoted)"}})
    return t


def l4_multi_site() -> Template:
    t = Template("dr/multi_site", "Multi-site (hot site)",
                 "Full production capacity runs in AWS and on premises at the same time, both answering users "
                 "(weighted Route 53 records with health checks): the lowest RTO, at the highest cost. (proposed)",
                 "## Disaster Recovery in AWS, image dr_multi_site.png, line 7638", ["dr", "multi-site", "hybrid"],
                 suppress=DR_SUPPRESS)
    t.settings["dr"] = {"strategy": "multi_site", "rpo_minutes": 15, "rto_minutes": 1}
    members = [ec2(f"app{n}", f"app {n}", ["app_sg"], member_of="asg") for n in (1, 2)]
    t.layout(
        col(leaf("users", "user", "Users"),
            _dns(_record("rec_dc", "DC record (50%)", ["app_dc"], routing_policy="weighted", weight=50,
                         health_check="hc_dc", set_id="dc"),
                 _record("rec_aws", "AWS record (50%)", ["elb"], routing_policy="weighted", weight=50,
                         alias=True, ttl=None, evaluate_target_health=True, set_id="aws"),
                 leaf("hc_dc", "route53_health_check", "health check (DC)", ip="80.80.80.50", port=443,
                      protocol="HTTPS")),
            gap=48, align="center"),
        _hybrid_primary(t), _vpn(),
        region("reg", "us-east-1", _dr_vpc(
            "", 0, "us-east-1", app=([members[0]], [members[1]]),
            data=([leaf("rds", "rds", "RDS (replica of the DC master)", engine="mysql", multi_az=True,
                        subnets=["data_a", "data_b"], security_groups=["db_sg"], replication_source="db_dc")], []),
            span=[leaf("elb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}], target_port=80),
                  leaf("asg", "asg", "app ASG (production size)", subnets=["priv_a", "priv_b"], min=2, desired=2,
                       max=8, load_balancers=["elb"], health_check_type="ELB", security_groups=["app_sg"])],
            plumbing=[sg("lb_sg", "lb-sg", tcp(443, ANY)), sg("app_sg", "app-sg", tcp(80, sg="lb_sg")),
                      _db_sg("app_sg")], hybrid=True)))
    t.rel("rec_dc", "app_dc", "50%")
    t.rel("rec_aws", "elb", "50%")
    t.rel("cgw", "vpn", "IPsec")
    t.rel("vpn", "vgw", "tunnels")
    t.flow("db_dc", "rds", 3306, label="replication (VPN)")
    t.flow("users", "elb", 443, label="half of the users")
    for member in members:
        t.flow("elb", member.id, 80)
        t.flow(member.id, "rds", 3306, label="reads")
    t.stage("Active-active", "Both sites serve half of the users; if one fails its health check, Route 53 sends "
            "everyone to the other, which is already at full size.")
    return t


def l5_multi_region() -> Template:
    t = Template("dr/multi_region", "All-AWS multi-region",
                 "Two regions, each with a load balancer and an Auto Scaling group, share an Aurora Global Database "
                 "(a secondary promoted in under a minute) behind Route 53 failover records with a health check. "
                 "(proposed)",
                 "## Disaster Recovery in AWS, image dr_multi_region.png, line 7640; Aurora Global 1828-1839",
                 ["dr", "multi-region", "aurora-global"], suppress=DR_SUPPRESS)
    t.settings["dr"] = {"strategy": "multi_region", "dr_region": "eu-west-1", "rpo_minutes": 1, "rto_minutes": 1}

    def side(p: str, second: int, name: str, role: str, secondaries: list[str]) -> Item:
        members = [ec2(f"{p}app{n}", f"app {n}", [f"{p}app_sg"], member_of=f"{p}asg") for n in (1, 2)]
        return region(f"{p}reg", name, _dr_vpc(
            p, second, name, app=([members[0]], [members[1]]),
            data=([leaf(f"{p}aur", "aurora_instance", f"Aurora {role}", cluster=f"{p}cluster",
                        **({} if role == "primary" else {"replica_of": "r1_aur"}),
                        role="writer" if role == "primary" else "reader", subnets=[f"{p}data_a", f"{p}data_b"],
                        security_groups=[f"{p}db_sg"])], []),
            span=[leaf(f"{p}elb", "alb", f"ALB {name}", subnets=[f"{p}pub_a", f"{p}pub_b"],
                       security_groups=[f"{p}lb_sg"], listeners=[{"protocol": "HTTPS", "port": 443,
                                                                  "certificate": CERT}], target_port=80),
                  leaf(f"{p}asg", "asg", f"ASG {name}", subnets=[f"{p}priv_a", f"{p}priv_b"], min=2, desired=2, max=8,
                       load_balancers=[f"{p}elb"], health_check_type="ELB", security_groups=[f"{p}app_sg"]),
                  leaf(f"{p}cluster", "aurora_cluster_volume", f"Aurora Global ({role})",
                       global_secondary_regions=secondaries)],
            plumbing=[sg(f"{p}lb_sg", "lb-sg", tcp(443, ANY)), sg(f"{p}app_sg", "app-sg", tcp(80, sg=f"{p}lb_sg")),
                      sg(f"{p}db_sg", "db-sg", tcp(3306, sg=f"{p}app_sg"))], label=f"app-vpc {name}"))

    t.layout(
        col(leaf("users", "user", "Users"),
            _dns(_record("rec_primary", "primary record", ["r1_elb"], routing_policy="failover",
                         failover="primary", alias=True, ttl=None, health_check="hc_r1", set_id="us-east-1"),
                 _record("rec_dr", "secondary record", ["r2_elb"], routing_policy="failover",
                         failover="secondary", alias=True, ttl=None, evaluate_target_health=True, set_id="eu-west-1"),
                 leaf("hc_r1", "route53_health_check", "health check (us-east-1)", target="r1_elb", port=443,
                      protocol="HTTPS", path="/health")),
            gap=48, align="center"),
        col(side("r1_", 0, "us-east-1", "primary", ["eu-west-1"]), side("r2_", 1, "eu-west-1", "secondary", []),
            gap=64))
    t.rel("rec_primary", "r1_elb", "primary")
    t.rel("rec_dr", "r2_elb", "secondary")
    t.rel("r1_aur", "r2_aur", "storage replication < 1 s")
    t.flow("users", "r1_elb", 443, label="HTTPS")
    for p, label, access in (("r1_", "reads + writes", "read_write"), ("r2_", "reads until promotion", "read")):
        for n in (1, 2):
            t.flow(f"{p}elb", f"{p}app{n}", 80)
            t.flow(f"{p}app{n}", f"{p}aur", 3306, label=label, access=access)
    t.stage("Two regions, one global database",
            "us-east-1 serves users and writes to the Aurora primary; eu-west-1 runs the same stack at small "
            "scale, reading from the secondary. If the primary region fails its health check, Route 53 sends users "
            "to eu-west-1 and the secondary is promoted.", passes=("DR-004",))
    t.variant("No Aurora Global secondary", "With eu-west-1 declared as the DR region, the primary database needs a "
              "copy there.", overrides={"r1_cluster": {"props": {"global_secondary_regions": []}}},
              exhibits=("DR-004",))
    return t


BUILDERS = [l1_backup_restore, l2_pilot_light, l3_warm_standby, l4_multi_site, l5_multi_region]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
