"""Write templates/edge/*.yaml: CloudFront and Global Accelerator lessons of Part F of case-studies.md.

Part F was not reviewed in the spec; checked against AWS before bundling:

* an S3 origin is protected today with an origin access control (OAC); the notes' origin access identity (OAI)
  is the legacy mechanism, so stage 2 uses OAC and says so;
* a public EC2 or ALB origin admits CloudFront through the managed origin-facing prefix list
  (com.amazonaws.global.cloudfront.origin-facing) rather than a hand-kept list of edge IPs;
* the spec's "client -> s3 direct" edge is a bypass attempt, drawn only in stage 1 where it works.

Run ``/work/venv/bin/python templates/tools/build_edge_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_vpc_templates import ANY, ec2, region, route, rt, sg, tcp  # noqa: E402
from template_kit import Template  # noqa: E402
from vpc_layout import Item, az, box, col, leaf, subnet, vpc  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
CERT = "acm:www.example.com"


def _edge(*children: Item, label: str = "CloudFront edge locations") -> Item:
    return box("edge", "edge_network", label, *children, flow="col")


def f13_cloudfront_s3() -> Template:
    t = Template("edge/cloudfront_s3_oai", "CloudFront with a private S3 origin",
                 "Edge locations cache content from the origin. For S3, origin access control (OAC, the successor "
                 "of the notes' origin access identity) plus a bucket policy that admits only the distribution keeps "
                 "users from going around CloudFront.",
                 "## CloudFront Overview, lines 3195-3231, 3260-3264", ["edge", "cloudfront", "s3"], suppress=())
    t.layout(
        leaf("client", "user", "Clients (worldwide)", intent={"global": True}),
        _edge(leaf("cf", "cloudfront", "distribution", origins=[{"target": "s3", "oac": True}], https_only=True)),
        region("reg", "us-east-1", leaf("s3", "s3_bucket", "origin bucket", block_public_access=True,
                                        bucket_policy="allow s3:GetObject to the distribution (OAC)")))
    t.flow("client", "cf", 443, label="HTTPS")
    t.rel("cf", "s3", "origin fetch on a cache miss")
    t.rel("client", "s3", "direct access (bypass)", only=1)
    public_bucket = {"s3": {"props": {"block_public_access": False, "public": True,
                                      "bucket_policy": "allow s3:GetObject to everyone"}},
                     "cf": {"props": {"origins": [{"target": "s3", "oac": False}]}}}
    t.stage("Public bucket behind CloudFront",
            "The distribution reads a public bucket, so anyone can fetch the objects directly and skip the cache, "
            "the geo restrictions and the access logs.", exhibits=("edge.s3_origin_bypass",), overrides=public_bucket)
    t.stage("Private bucket with origin access control",
            "The bucket is private; its policy admits only the distribution's service principal, so every request "
            "goes through CloudFront.", fixes=("edge.s3_origin_bypass",))
    return t


def f14_custom_origin() -> Template:
    t = Template("edge/cloudfront_custom_origin", "CloudFront with an EC2 or ALB custom origin",
                 "A public EC2 origin needs a public IP and a security group admitting CloudFront's origin-facing "
                 "addresses. With an ALB origin, the ALB is public and admits CloudFront, and the instances stay "
                 "private behind it, admitting only the ALB's group.",
                 "## CloudFront Overview, lines 3233-3239", ["edge", "cloudfront", "alb"],
                 suppress=(("avail.no_auto_scaling", "auto scaling is not this lesson"),))
    cloudfront = {"protocol": "tcp", "port": 443, "prefix_list": "cloudfront"}
    t.layout(
        leaf("user", "user", "Users"),
        _edge(leaf("cf", "cloudfront", "distribution", origins=[{"target": "alb"}], https_only=True)),
        region("reg", "us-east-1", vpc(
            "vpc", "web-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "public a", "10.0.0.0/24", "public",
                       ec2("ec2_pub", "public web instance", ["edge_sg"], public_ip=True)),
                subnet("priv_a", "private a", "10.0.16.0/20", "private",
                       ec2("ec2_priv", "private web instance a", ["app_sg"]))),
             az("az_b", "us-east-1b",
                subnet("pub_b", "public b", "10.0.1.0/24", "public"),
                subnet("priv_b", "private b", "10.0.32.0/20", "private",
                       ec2("ec2_priv_b", "private web instance b", ["app_sg"])))],
            plumbing=[leaf("igw", "igw", "IGW"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                      sg("edge_sg", "ec2-edge-sg", dict(cloudfront)), sg("alb_sg", "alb-sg", dict(cloudfront)),
                      sg("app_sg", "app-sg", tcp(80, sg="alb_sg"))],
            span=[leaf("alb", "alb", "public ALB", subnets=["pub_a", "pub_b"], security_groups=["alb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}],
                       targets=["ec2_priv", "ec2_priv_b"], target_port=80)],
            cidr="10.0.0.0/16")))
    t.only(1, "ec2_pub", "edge_sg")
    t.only(2, "alb", "alb_sg", "app_sg", "ec2_priv", "ec2_priv_b")
    t.flow("user", "cf", 443, label="HTTPS")
    t.flow("cf", "ec2_pub", 443, label="from CloudFront", only=1)
    t.flow("cf", "alb", 443, label="from CloudFront", only=2)
    t.flow("alb", "ec2_priv", 80, only=2)
    t.flow("alb", "ec2_priv_b", 80, only=2)
    t.stage("EC2 origin", "The instance is public, but its security group admits only CloudFront's origin-facing "
            "prefix list, so users cannot skip the distribution.", passes=("edge.origin_not_reachable",),
            overrides={"cf": {"props": {"origins": [{"target": "ec2_pub"}]}}})
    t.stage("ALB origin", "The ALB is the public origin, admitting only CloudFront; the instances are private and "
            "admit only the ALB.", passes=("edge.origin_not_reachable",))
    t.variant("Private EC2 origin", "CloudFront cannot reach an instance without a public address (unless it is "
              "configured as a VPC origin).", stage=1,
              overrides={"ec2_pub": {"parent": "priv_a", "pos": [148, 36], "props": {"public_ip": False}}},
              exhibits=("edge.origin_not_reachable",))
    return t


def f19_global_accelerator() -> Template:
    t = Template("edge/global_accelerator", "AWS Global Accelerator",
                 "Users worldwide reach an application in one region (Mumbai). Over the internet that takes many "
                 "hops; with Global Accelerator two static anycast IPs bring users to the nearest edge, and the AWS "
                 "network carries them to the load balancer, with health checks, fast regional failover and Shield. "
                 "It proxies TCP/UDP and caches nothing, unlike CloudFront.",
                 "## AWS Global Accelerator - Overview, lines 3368-3423", ["edge", "global-accelerator"],
                 suppress=(("avail.no_auto_scaling", "the backend is not this lesson"),))
    users = [leaf(f"u_{k}", "user", f"users in {where}", intent={"global": True})
             for k, where in (("us", "America"), ("eu", "Europe"), ("au", "Australia"))]
    t.layout(
        col(*users, gap=40),
        _edge(leaf("ga", "global_accelerator", "accelerator (2 anycast IPs)", endpoints=["alb"],
                   static_ips=["75.2.0.1", "99.83.0.1"], health_checks=True), label="AWS edge locations"),
        region("reg", "ap-south-1", vpc(
            "vpc", "app-vpc",
            [az("az_a", "ap-south-1a", subnet("pub_a", "public a", "10.0.0.0/24", "public"),
                subnet("priv_a", "private a", "10.0.16.0/20", "private", ec2("web_a", "web a", ["app_sg"]))),
             az("az_b", "ap-south-1b", subnet("pub_b", "public b", "10.0.1.0/24", "public"),
                subnet("priv_b", "private b", "10.0.32.0/20", "private", ec2("web_b", "web b", ["app_sg"])))],
            plumbing=[leaf("igw", "igw", "IGW"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                      sg("alb_sg", "alb-sg", tcp(443, ANY)), sg("app_sg", "app-sg", tcp(80, sg="alb_sg"))],
            span=[leaf("alb", "alb", "public ALB", subnets=["pub_a", "pub_b"], security_groups=["alb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}],
                       targets=["web_a", "web_b"], target_port=80)],
            cidr="10.0.0.0/16"), label="ap-south-1 (Mumbai)"))
    t.only(2, "edge", "ga")
    for user in users:
        t.flow(user.id, "alb", 443, label="many internet hops", only=1)
        t.flow(user.id, "ga", 443, label="nearest edge (anycast)", only=2)
    t.rel("ga", "alb", "AWS network", only=2)
    t.flow("alb", "web_a", 80)
    t.flow("alb", "web_b", 80)
    t.stage("Over the public internet", "Every user crosses many networks to reach Mumbai: latency and jitter "
            "depend on the route.", exhibits=("perf.global_users_single_region",))
    t.stage("Global Accelerator", "Users enter AWS at the nearest edge through two fixed anycast IPs; the "
            "accelerator forwards to the ALB over the AWS backbone and fails over within a minute.",
            fixes=("perf.global_users_single_region",))
    return t


def k16_ddos() -> Template:
    t = Template("security/ddos_reference", "DDoS-resilient reference architecture",
                 "Users go through Route 53 and CloudFront (both protected by Shield), with a WAF web ACL at the "
                 "edge (rate limits, SQL injection and XSS rules, geo blocks), then to an ALB that admits only "
                 "CloudFront, and an Auto Scaling group that absorbs what gets through. Firewall Manager can apply "
                 "the rules across an Organization.",
                 "## Web Application Firewall (WAF): Sample Reference Architecture for DDoS Protection, lines "
                 "6710-6716; Shield 6661-6684; WAF 6686-6708", ["security", "ddos", "waf", "shield", "cloudfront"],
                 suppress=())
    cloudfront = {"protocol": "tcp", "port": 443, "prefix_list": "cloudfront"}
    t.layout(
        leaf("users", "user", "Users (and attackers)"),
        col(box("global", "global", "Route 53",
                leaf("r53", "route53_record", "www.example.com", name="www.example.com", type="A", alias=True,
                     ttl=None, targets=["cf"])),
            _edge(leaf("cf", "cloudfront", "distribution", origins=[{"target": "alb"}], https_only=True, waf=True),
                  leaf("waf", "waf", "WAF web ACL", attached_to=["cf"],
                       rules=["rate limit 2,000 req / 5 min per IP", "SQLi + XSS managed rules", "geo block list"])),
            leaf("shield", "shield", "AWS Shield", protects=["r53", "cf", "alb"], tier="standard"),
            gap=40, align="center"),
        region("reg", "us-east-1", vpc(
            "vpc", "web-vpc",
            [az("az_a", "us-east-1a", subnet("pub_a", "public a", "10.0.0.0/24", "public"),
                subnet("priv_a", "private a", "10.0.16.0/20", "private",
                       ec2("web1", "web 1", ["app_sg"], member_of="asg"))),
             az("az_b", "us-east-1b", subnet("pub_b", "public b", "10.0.1.0/24", "public"),
                subnet("priv_b", "private b", "10.0.32.0/20", "private",
                       ec2("web2", "web 2", ["app_sg"], member_of="asg")))],
            plumbing=[leaf("igw", "igw", "IGW"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                      sg("alb_sg", "alb-sg", dict(cloudfront)), sg("app_sg", "app-sg", tcp(80, sg="alb_sg"))],
            span=[leaf("alb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["alb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}], target_port=80),
                  leaf("asg", "asg", "web ASG (scales under load)", subnets=["priv_a", "priv_b"], min=2, desired=2,
                       max=10, load_balancers=["alb"], health_check_type="ELB", security_groups=["app_sg"],
                       scaling_policy="target tracking: ALB requests per target")],
            cidr="10.0.0.0/16")))
    t.rel("users", "r53", "DNS")
    t.flow("users", "cf", 443, label="HTTPS")
    t.rel("waf", "cf", "web ACL")
    t.flow("cf", "alb", 443, label="origin (HTTPS)")
    t.flow("alb", "web1", 80)
    t.flow("alb", "web2", 80)
    for protected in ("r53", "cf", "alb"):
        t.rel("shield", protected, "protects")
    t.stage("Layered protection", "Attack traffic is absorbed at the edge (Shield, WAF rate limits), the ALB "
            "accepts only CloudFront, and the group scales out for what remains.",
            passes=("security.waf_unsupported_target",))
    t.variant("WAF on an instance", "A web ACL attaches to CloudFront, an ALB, API Gateway, AppSync or Cognito, "
              "never to an EC2 instance.", overrides={"waf": {"props": {"attached_to": ["web1"]}}},
              exhibits=("security.waf_unsupported_target",))
    return t


BUILDERS = [f13_cloudfront_s3, f14_custom_origin, f19_global_accelerator, k16_ddos]


def main() -> int:
    for build in BUILDERS:
        print(build().write(OUT).relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
