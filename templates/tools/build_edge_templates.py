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
from template_kit import Template, run  # noqa: E402
from vpc_layout import Item, az, box, col, leaf, stack, subnet, vpc  # noqa: E402

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


CLOUDFRONT_IN = {"protocol": "tcp", "port": 443, "prefix_list": "cloudfront"}


def _alb_vpc(backends: tuple[list[Item], list[Item]], backend_label: str = "app-sg") -> Item:
    """A public ALB admitting only CloudFront, in front of private instances (the f14 ALB-origin shape)."""
    targets = [i.id for side in backends for i in side]
    return vpc(
        "vpc", "web-vpc",
        [az("az_a", "us-east-1a", subnet("pub_a", "public a", "10.0.0.0/24", "public"),
            subnet("priv_a", "private a", "10.0.16.0/20", "private", *backends[0])),
         az("az_b", "us-east-1b", subnet("pub_b", "public b", "10.0.1.0/24", "public"),
            subnet("priv_b", "private b", "10.0.32.0/20", "private", *backends[1]))],
        plumbing=[leaf("igw", "igw", "IGW"), rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                  sg("alb_sg", "alb-sg", dict(CLOUDFRONT_IN)), sg("app_sg", backend_label, tcp(443, sg="alb_sg"))],
        span=[leaf("alb", "alb", "public ALB", subnets=["pub_a", "pub_b"], security_groups=["alb_sg"],
                   listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}], targets=targets,
                   target_port=443, target_protocol="HTTPS")],
        cidr="10.0.0.0/16")


def f15_signed_url() -> Template:
    t = Template("edge/cloudfront_signed_url", "CloudFront signed URLs for premium content",
                 "Clients sign in to the application, which signs a CloudFront URL (or cookie) with an expiry, an "
                 "optional IP range and a path. Clients then fetch through CloudFront, and the bucket admits only "
                 "the distribution. Unlike an S3 pre-signed URL it works for any origin, keeps the cache, and "
                 "filters by IP, path and date. The notes' root-managed CloudFront key pair is the legacy way; a "
                 "trusted key group, managed without the root user, is what AWS recommends now, and origin access "
                 "control replaces the OAI.",
                 "## CloudFront Signed URL / Cookies, lines 3266-3305", ["edge", "cloudfront", "signed-url"],
                 suppress=(("avail.single_instance_spof", "the instance stands for any signing application"),
                           ("avail.single_az", "the instance stands for any signing application")))
    t.layout(
        col(leaf("client", "user", "Clients"), leaf("app_role", "iam_role", "app role"), gap=48),
        _edge(leaf("cf", "cloudfront", "distribution (signed URLs)", origins=[{"target": "s3", "oac": True}],
                   signed_urls=True, trusted_key_group="premium-signers", https_only=True,
                   intent={"private_content": True})),
        region("reg", "us-east-1", vpc(
            "vpc", "app-vpc",
            [az("az_a", "us-east-1a", subnet("pub_a", "public", "10.0.0.0/24", "public",
                                             ec2("app", "application (auth + signer)", ["app_sg"], elastic_ip=True,
                                                 iam_role="app_role")))],
            plumbing=[leaf("igw", "igw", "IGW"), rt("rt", "public route table", [route(ANY, "igw")], ["pub_a"]),
                      sg("app_sg", "app-sg", tcp(443, ANY))], rows_per_column=3, cidr="10.0.0.0/16"),
            leaf("s3", "s3_bucket", "premium content (private)", block_public_access=True,
                 bucket_policy="allow s3:GetObject to the distribution (OAC)")))
    t.flow("client", "app", 443, label="sign in; get a signed URL")
    t.flow("client", "cf", 443, label="GET with the signed URL")
    t.rel("cf", "s3", "origin fetch (OAC)")
    t.flow("client", "s3", 443, label="GET with an S3 pre-signed URL", only=(), edge_id="client-s3#presigned")
    t.stage("Signed URLs at the edge", "Only clients holding an unexpired URL signed by the application get the "
            "premium files, and they get them from the cache.",
            passes=("edge.private_content_unsigned", "edge.s3_presigned_with_oai"))
    t.variant("S3 pre-signed URLs on the same bucket", "Sending clients to the bucket with S3 pre-signed URLs "
              "bypasses the distribution (and its cache, geo restriction and WAF).",
              show=("client-s3#presigned",), exhibits=("edge.s3_presigned_with_oai",))
    t.variant("Signed URLs turned off", "Paid content served without signed URLs: anyone with a link gets it.",
              overrides={"cf": {"props": {"signed_urls": False}}}, exhibits=("edge.private_content_unsigned",))
    return t


def f16_multi_origin() -> Template:
    t = Template("edge/cloudfront_multi_origin", "CloudFront with multiple origins by path",
                 "Cache behaviours route by path pattern: /api/* goes to a public ALB (caching kept minimal), "
                 "/images/* and the default /* go to a private S3 bucket read through origin access control. The "
                 "ALB admits only CloudFront's origin-facing addresses; the API instances admit only the ALB.",
                 "## CloudFront Advanced Concepts: Multiple Origin, lines 3325-3338", ["edge", "cloudfront", "alb", "s3"],
                 suppress=(("avail.no_auto_scaling", "auto scaling is not this lesson"),))
    t.layout(
        leaf("user", "user", "Users"),
        _edge(leaf("cf", "cloudfront", "distribution", https_only=True,
                   origins=[{"target": "alb"}, {"target": "s3", "oac": True}],
                   behaviors=[{"path": "/api/*", "origin": "alb"}, {"path": "/images/*", "origin": "s3"},
                              {"path": "/*", "origin": "s3"}])),
        region("reg", "us-east-1", _alb_vpc(([ec2("api_a", "API instance a", ["app_sg"])],
                                             [ec2("api_b", "API instance b", ["app_sg"])])),
               leaf("s3", "s3_bucket", "static bucket (private)", block_public_access=True,
                    bucket_policy="allow s3:GetObject to the distribution (OAC)")))
    t.flow("user", "cf", 443, label="HTTPS")
    t.flow("cf", "alb", 443, label="/api/*")
    t.rel("cf", "s3", "/*, /images/*")
    t.flow("alb", "api_a", 443)
    t.flow("alb", "api_b", 443)
    t.stage("One domain, two origins", "Users see one site; CloudFront sends API calls to the ALB and everything "
            "else to the bucket, caching the static files at the edge.", passes=("CF-BEH-001",))
    t.variant("Behaviour to a missing origin", "A behaviour must point at one of the distribution's origins.",
              overrides={"cf": {"props": {"origins": [{"target": "s3", "oac": True}]}}}, exhibits=("CF-BEH-001",))
    return t


def f17_origin_group() -> Template:
    t = Template("edge/cloudfront_origin_group", "CloudFront origin groups (failover)",
                 "An origin group has a primary and a secondary origin: when the primary returns an error (5xx "
                 "here, proposed) or times out, CloudFront retries the same GET/HEAD/OPTIONS request on the "
                 "secondary. With two S3 buckets in two regions, cross-region replication keeps them in sync. The "
                 "EC2 origins are public and admit only CloudFront's origin-facing addresses.",
                 "## CloudFront Advanced Concepts: Origin Groups, lines 3340-3350",
                 ["edge", "cloudfront", "failover", "s3"],
                 suppress=(("avail.single_instance_spof", "the two origins are the lesson's redundancy"),))
    origin_sg = ["o_sg"]
    t.layout(
        leaf("user", "user", "Users"),
        _edge(leaf("cf", "cloudfront", "distribution", https_only=True,
                   origins=[{"target": "o_a"}, {"target": "o_b"}],
                   origin_groups=[{"members": ["o_a", "o_b"], "failover_on": [500, 502, 503, 504]}])),
        col(region("reg", "us-east-1", vpc(
            "vpc", "web-vpc",
            [az("az_a", "us-east-1a", subnet("pub_a", "public a", "10.0.0.0/24", "public",
                                             ec2("o_a", "Origin A (primary)", origin_sg, elastic_ip=True))),
             az("az_b", "us-east-1b", subnet("pub_b", "public b", "10.0.1.0/24", "public",
                                             ec2("o_b", "Origin B (secondary)", origin_sg, elastic_ip=True)))],
            plumbing=[leaf("igw", "igw", "IGW"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a", "pub_b"]),
                      sg("o_sg", "origin-sg", dict(CLOUDFRONT_IN))], cidr="10.0.0.0/16"),
            leaf("s3_a", "s3_bucket", "bucket A (primary)", versioning=True, replication_to="s3_b",
                 block_public_access=True)),
            region("reg2", "us-west-2", leaf("s3_b", "s3_bucket", "bucket B (secondary)", versioning=True,
                                             block_public_access=True)), gap=48))
    t.only(1, "vpc")
    t.only(2, "s3_a", "reg2", "s3_b")
    t.flow("user", "cf", 443, label="HTTPS")
    t.flow("cf", "o_a", 443, label="primary", only=1)
    t.flow("cf", "o_b", 443, label="retry on failure", only=1)
    t.rel("cf", "s3_a", "primary (OAC)", only=2)
    t.rel("cf", "s3_b", "failover (OAC)", only=2)
    t.rel("s3_a", "s3_b", "cross-region replication", only=2)
    s3_group = {"cf": {"props": {"origins": [{"target": "s3_a", "oac": True}, {"target": "s3_b", "oac": True}],
                                 "origin_groups": [{"members": ["s3_a", "s3_b"],
                                                    "failover_on": [500, 502, 503, 504]}]}}}
    t.stage("Two EC2 origins", "If Origin A answers with a 5xx or times out, CloudFront repeats the request on "
            "Origin B; users see no error.", passes=("CF-OG-001",))
    t.stage("Two buckets, two regions", "Bucket A replicates to bucket B in us-west-2; if us-east-1 fails, "
            "CloudFront reads the same objects from bucket B.", overrides=s3_group, passes=("CF-OG-001",))
    t.variant("No replication between the buckets", "Bucket B would lack the objects when CloudFront fails over.",
              stage=2, overrides={"s3_a": {"props": {"replication_to": None}}}, exhibits=("CF-OG-001",))
    return t


def f18_field_level_encryption() -> Template:
    t = Template("edge/field_level_encryption", "CloudFront field-level encryption",
                 "On top of HTTPS, CloudFront encrypts up to 10 POST fields (here the card number, proposed) at the "
                 "edge with a public key; only the web server holding the private key can read them, so the ALB "
                 "and anything logging in between see ciphertext.",
                 "## CloudFront Advanced Concepts: Field Level Encryption, lines 3352-3366",
                 ["edge", "cloudfront", "encryption"],
                 suppress=(("avail.single_instance_spof", "one web server stands for the fleet holding the key"),
                           ("avail.single_az", "one web server stands for the fleet holding the key")))
    t.layout(
        leaf("client", "user", "Client"),
        _edge(leaf("cf", "cloudfront", "distribution (FLE profile)", origins=[{"target": "alb"}], https_only=True,
                   fle_fields=["card_number"], fle_public_key="fle-public-key-1")),
        region("reg", "us-east-1", _alb_vpc(([ec2("web", "web server (private key)", ["app_sg"])], []))))
    t.flow("client", "cf", 443, label="HTTPS POST")
    t.flow("cf", "alb", 443, label="card_number encrypted")
    t.flow("alb", "web", 443, label="still encrypted")
    t.stage("Encrypted at the edge", "The card number is encrypted where the user connects and stays encrypted "
            "until the web server decrypts it with its private key.", passes=("CF-FLE-001",))
    t.variant("No public key", "Field-level encryption needs a public key uploaded to CloudFront.",
              overrides={"cf": {"props": {"fle_public_key": None}}}, exhibits=("CF-FLE-001",))
    return t


def f20_lambda_at_edge() -> Template:
    t = Template("edge/lambda_at_edge", "Lambda@Edge: request and response hooks, and a global app",
                 "Functions deployed with a distribution (written in us-east-1, replicated to the edges) can change "
                 "the viewer request, origin request, origin response and viewer response, or answer without "
                 "calling the origin. The global application: a static S3 website whose JavaScript calls "
                 "CloudFront, where Lambda@Edge answers the API calls from DynamoDB. The spec's EC2 origin is drawn "
                 "as a private S3 origin (the hooks work the same for any origin).",
                 "## Lambda@Edge, lines 4637-4679", ["edge", "cloudfront", "lambda-edge"], suppress=())
    hooks = [("le_vreq", "viewer request fn", "viewer-request"), ("le_oreq", "origin request fn", "origin-request"),
             ("le_ores", "origin response fn", "origin-response"), ("le_vres", "viewer response fn", "viewer-response")]
    t.layout(
        leaf("user", "user", "Users", intent={"global": True}),
        box("edge", "edge_network", "CloudFront edge locations",
            leaf("cf", "cloudfront", "distribution", origins=[{"target": "origin", "oac": True}], https_only=True),
            stack(col(*[leaf(i, "lambda_edge", label, event=event, distribution="cf") for i, label, event in hooks],
                      gap=24),
                  leaf("le_api", "lambda_edge", "API function (every edge)", event="origin-request",
                       distribution="cf", role="le_role")), gap=64),
        col(leaf("le_role", "iam_role", "edge fn role (DynamoDB)"),
            region("reg", "us-east-1", col(
                leaf("origin", "s3_bucket", "origin (private)", block_public_access=True),
                leaf("site", "s3_bucket", "static website (HTML)", website=True, public=True,
                     block_public_access=False, intent={"public": True}),
                leaf("ddb", "dynamodb_table", "data"), gap=40)), gap=48))
    t.only(1, "le_vreq", "le_oreq", "le_ores", "le_vres", "origin")
    t.only(2, "le_api", "site", "ddb", "le_role")
    t.flow("user", "cf", 443, label="1. viewer request", only=1, edge_id="user-cf:443#hooks")
    for hook, _, _ in hooks:
        t.rel("cf", hook, "runs", only=1)
    t.rel("cf", "origin", "2. origin request / 3. response", only=1)
    t.flow("user", "site", 80, label="load static HTML", only=2)
    t.flow("user", "cf", 443, label="JavaScript API calls", only=2)
    t.rel("cf", "le_api", "trigger", only=2)
    t.flow("le_api", "ddb", 443, label="query", only=2)
    t.stage("Four hooks", "The viewer-request function runs on every request, origin-request and origin-response "
            "only on cache misses, viewer-response on every answer.", passes=("CF-L@E-001",))
    t.stage("A global application", "The page loads from S3; its API calls go to the nearest edge, where a function "
            "answers from DynamoDB without any server.", overrides={"cf": {"props": {"origins": []}}})
    return t


BUILDERS = [f13_cloudfront_s3, f14_custom_origin, f19_global_accelerator, k16_ddos, f15_signed_url, f16_multi_origin,
            f17_origin_group, f18_field_level_encryption, f20_lambda_at_edge]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
