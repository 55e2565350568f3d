"""Write templates/dns/*.yaml: the Route 53 lessons of Part F of case-studies.md.

Part F was not reviewed in the spec; checked against AWS before bundling:

* the servers a record points at are EC2 instances with Elastic IPs in public subnets (with an IGW, a public
  route table and a security group admitting HTTP), so the records' values stay valid across stop/start and
  Route 53's health checkers can reach them;
* records live in a public hosted zone; a set of weighted, latency, failover or geolocation records shares
  one name and carries a set identifier; latency records name their region;
* the IP values come from the documentation ranges, as the spec proposes.

Run ``/work/venv/bin/python templates/tools/build_dns_templates.py``.
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
#: One web server per region is the point of these lessons.
DNS_SUPPRESS = (("avail.single_instance_spof", "each server stands for a site; instance-level HA is not this lesson"),
                ("avail.single_az", "each server stands for a site; AZ-level HA is not this lesson"))


def _servers(p: str, name: str, servers: list[tuple[str, str, str]], second: int = 0) -> Item:
    """A region with one public subnet per listed AZ letter holding (id, label, az letter) web servers."""
    letters = sorted({x for _, _, x in servers})
    azs = [az(f"{p}az_{x}", f"{name}{x}", subnet(
        f"{p}pub_{x}", f"public {x}", f"10.{second}.{'abc'.index(x)}.0/24", "public",
        *[ec2(i, label, [f"{p}web_sg"], elastic_ip=True) for i, label, where in servers if where == x]))
        for x in letters]
    subnets = [f"{p}pub_{x}" for x in letters]
    return region(f"{p}reg", name, vpc(
        f"{p}vpc", f"web-vpc {name}", azs,
        plumbing=[leaf(f"{p}igw", "igw", "IGW"), rt(f"{p}rt", "public route table", [route(ANY, f"{p}igw")], subnets),
                  sg(f"{p}web_sg", "web-sg", tcp(80, ANY))],
        rows_per_column=3, cidr=f"10.{second}.0.0/16"))


def _zone(*records: Item, label: str = "example.com") -> Item:
    return box("global", "global", "Route 53", box("zone", "route53_zone", label, *records, flow="col"), flow="col")


def _rec(node_id: str, label: str, targets: list[str], name: str = "app.example.com", **props: Any) -> Item:
    return leaf(node_id, "route53_record", label, name=name, type="A", zone="zone", targets=targets, **props)


def f1_a_record() -> Template:
    t = Template("dns/a_record", "Route 53 A record to a public server",
                 "The browser asks Route 53 for myapp.mydomain.com, gets the server's IPv4 address (an A record), "
                 "then talks HTTP to it. Record types: A, AAAA, CNAME, Alias. The server has an Elastic IP, so the "
                 "record stays valid when it restarts.",
                 "## Route 53 Overview, lines 1960-2018", ["dns", "route53"], suppress=DNS_SUPPRESS)
    t.layout(
        leaf("browser", "user", "Web browser"),
        col(_zone(_rec("rec", "myapp.mydomain.com", ["srv"], name="myapp.mydomain.com", ttl=300,
                       values=["198.51.100.10"]), label="mydomain.com"), align="center"),
        _servers("", "us-east-1", [("srv", "application server", "a")]))
    t.rel("browser", "rec", "DNS query")
    t.flow("browser", "srv", 80, label="HTTP")
    t.stage("Name to address", "One DNS lookup, then HTTP straight to the server's Elastic IP.",
            passes=("dns.record_to_ephemeral_ip",))
    t.variant("Record to an auto-assigned IP", "Without an Elastic IP the address changes at the next stop/start and "
              "the record points at someone else's server.",
              overrides={"srv": {"props": {"elastic_ip": False, "public_ip": True}}},
              exhibits=("dns.record_to_ephemeral_ip",))
    return t


def f5_weighted() -> Template:
    t = Template("dns/routing_weighted", "Weighted routing",
                 "Several records share one name, each with a weight (they need not sum to 100): canary releases "
                 "or traffic split between regions, optionally with health checks. The 70/20/10 split is proposed; "
                 "the notes give only the 70%.",
                 "## Routing Policy - Weighted, lines 2060-2078", ["dns", "route53", "routing"],
                 suppress=DNS_SUPPRESS)
    weights = {"e1": 70, "e2": 20, "e3": 10}
    t.layout(
        leaf("client", "user", "Client"),
        col(_zone(*[_rec(f"r{n}", f"weighted #{n} ({w})", [f"e{n}"], name="weighted.example.com", ttl=60,
                         routing_policy="weighted", weight=w, set_id=f"instance-{n}",
                         **({"health_check": "hc1"} if n == 1 else {}))
                    for n, w in ((1, 70), (2, 20), (3, 10))]),
            box("checks", "global", "health checks",
                leaf("hc1", "route53_health_check", "instance 1 check", target="e1", port=80, path="/health")),
            gap=32, align="center"),
        _servers("", "us-east-1", [("e1", "instance 1", "a"), ("e2", "instance 2", "a"), ("e3", "instance 3", "b")]))
    for n, (eid, w) in enumerate(weights.items(), start=1):
        t.flow("client", eid, 80, label=f"{w}%")
        t.rel(f"r{n}", eid, "")
    t.stage("70 / 20 / 10", "Route 53 answers with one of the three addresses in proportion to the weights; a "
            "weight of 0 takes a record out without deleting it.")
    return t


def f6_latency() -> Template:
    t = Template("dns/routing_latency", "Latency-based routing",
                 "Each user is sent to the AWS region with the lowest latency from that user: users near us-east-1 "
                 "go there, users near ap-southeast-2 go to Sydney.",
                 "## Routing Policy - Latency, lines 2080-2091", ["dns", "route53", "routing", "multi-region"],
                 suppress=DNS_SUPPRESS)
    t.layout(
        col(leaf("users_us", "user", "users (Americas, Europe)"), leaf("users_au", "user", "users (Asia-Pacific)"),
            gap=96),
        col(_zone(_rec("r_us", "latency (us-east-1)", ["e_us"], name="latency.example.com", ttl=60,
                       routing_policy="latency", region="us-east-1", set_id="us"),
                  _rec("r_au", "latency (ap-southeast-2)", ["e_au"], name="latency.example.com", ttl=60,
                       routing_policy="latency", region="ap-southeast-2", set_id="au")), align="center"),
        col(_servers("us_", "us-east-1", [("e_us", "app US", "a")]),
            _servers("au_", "ap-southeast-2", [("e_au", "app AU", "a")], second=1), gap=48))
    t.flow("users_us", "e_us", 80, label="lowest latency")
    t.flow("users_au", "e_au", 80, label="lowest latency")
    t.rel("r_us", "e_us", "")
    t.rel("r_au", "e_au", "")
    t.stage("Two regions, one name", "Route 53 measures latency between user networks and regions and answers "
            "with the closest region's record.", passes=("R53-LAT-001",))
    return t


def f7_health_checks() -> Template:
    t = Template("dns/health_checks", "Route 53 health checks",
                 "About 15 checkers around the world probe an endpoint (HTTP, HTTPS or TCP) every 30 s (10 s when "
                 "fast); after 3 failures it is unhealthy, after 3 passes healthy again, and unhealthy records drop "
                 "out of answers. Checks can also follow a CloudWatch alarm.",
                 "## Route 53 Health Checks, lines 2093-2113", ["dns", "route53", "health-checks"],
                 suppress=DNS_SUPPRESS)
    t.layout(
        col(_zone(_rec("rec", "app record", ["ep"], ttl=60, routing_policy="failover", failover="primary",
                       health_check="hc", set_id="primary"),
                  _rec("rec_b", "backup record", ["ep_b"], ttl=60, routing_policy="failover",
                       failover="secondary", set_id="backup")),
            box("checks", "global", "health checks",
                leaf("hc", "route53_health_check", "app health check", target="ep", protocol="HTTP", port=80,
                     path="/health", interval_s=30, failure_threshold=3)), gap=32, align="center"),
        _servers("", "us-east-1", [("ep", "endpoint", "a"), ("ep_b", "backup endpoint", "b")]))
    t.rel("hc", "ep", "probe from ~15 locations")
    t.rel("hc", "rec", "health gates the answer")
    t.stage("A checked endpoint", "The endpoint answers /health; while it fails three probes in a row, Route 53 "
            "answers with the backup instead.", passes=("avail.no_health_check",))
    return t


def f8_failover() -> Template:
    t = Template("dns/routing_failover", "Failover routing",
                 "A primary record with a health check and a secondary (DR) record: Route 53 answers with the "
                 "secondary while the primary is unhealthy. Without a health check the primary never fails over.",
                 "## Routing Policy - Failover, lines 2115-2121", ["dns", "route53", "failover"],
                 suppress=DNS_SUPPRESS)
    t.layout(
        leaf("client", "user", "Web browser"),
        col(_zone(_rec("r_p", "PRIMARY record", ["p"], ttl=60, routing_policy="failover",
                       failover="primary", health_check="hc", set_id="primary"),
                  _rec("r_s", "SECONDARY record", ["s"], ttl=60, routing_policy="failover",
                       failover="secondary", set_id="secondary")),
            box("checks", "global", "health checks",
                leaf("hc", "route53_health_check", "primary health check", target="p", port=80, path="/health")),
            gap=32, align="center"),
        _servers("", "us-east-1", [("p", "primary instance", "a"), ("s", "secondary (DR) instance", "b")]))
    t.rel("hc", "p", "health probe")
    t.flow("client", "p", 80, label="served by the primary", only=1)
    t.flow("client", "s", 80, label="after failover", only=2)
    t.stage("Primary healthy", "Answers point at the primary.", passes=("avail.no_health_check",))
    t.stage("Primary failed", "The health check fails three times: Route 53 answers with the secondary until the "
            "primary recovers.", passes=("avail.no_health_check",),
            overrides={"p": {"label": "primary instance (failing /health)", "props": {"health": "failing"}}})
    t.variant("Primary without a health check", "A failover primary with no health check always counts as healthy.",
              overrides={"r_p": {"props": {"health_check": None}}}, exhibits=("avail.no_health_check",))
    return t


def f9_geolocation() -> Template:
    t = Template("dns/routing_geolocation", "Geolocation routing",
                 "The answer depends on where the user is (continent or country): UK users get the London server, "
                 "everyone else the default record. Unlike latency routing, it follows location, not speed.",
                 "## Routing Policy - Geolocation, lines 2123-2132", ["dns", "route53", "routing"],
                 suppress=DNS_SUPPRESS)
    t.layout(
        col(leaf("uk_user", "user", "user in the UK"), leaf("other_user", "user", "user elsewhere"), gap=96),
        col(_zone(_rec("r_uk", "www (United Kingdom)", ["e_uk"], name="www.example.com", ttl=300,
                       routing_policy="geolocation", geo_location="GB", set_id="uk"),
                  _rec("r_def", "www (Default)", ["e_def"], name="www.example.com", ttl=300,
                       routing_policy="geolocation", geo_location="default", set_id="default")), align="center"),
        col(_servers("eu_", "eu-west-2", [("e_uk", "UK server", "a")]),
            _servers("us_", "us-east-1", [("e_def", "default server", "a")], second=1), gap=48))
    t.flow("uk_user", "e_uk", 80, label="GB match")
    t.flow("other_user", "e_def", 80, label="default")
    t.rel("r_uk", "e_uk", "")
    t.rel("r_def", "e_def", "")
    t.stage("UK and everyone else", "A UK resolver location matches the GB record; every other location falls back "
            "to the Default record.", passes=("dns.geolocation_no_default",))
    t.variant("No default record", "Users outside the UK would get no answer at all.", hide=("r_def",),
              exhibits=("dns.geolocation_no_default",))
    return t


def f2_ttl() -> Template:
    t = Template("dns/ttl", "DNS TTL caching",
                 "Clients cache an answer for its TTL (here 300 s): after the record is changed, they keep using the "
                 "old address until the cached entry expires. Every non-Alias record needs a TTL.",
                 "## Route 53 - TTL, lines 2020-2030", ["dns", "route53", "ttl"], suppress=DNS_SUPPRESS)
    t.layout(
        leaf("browser", "user", "Web browser (DNS cache)"),
        col(_zone(_rec("rec", "myapp.mydomain.com", ["new"], name="myapp.mydomain.com", ttl=300,
                       values=["198.51.100.20"]), label="mydomain.com"), align="center"),
        _servers("", "us-east-1", [("old", "old server", "a"), ("new", "new server", "a")]))
    t.only(2, "new")
    t.rel("browser", "rec", "query (after the TTL expires)")
    t.flow("browser", "old", 80, label="cached answer, until the TTL expires")
    t.flow("browser", "new", 80, label="after expiry", only=2)
    t.stage("Answer cached for 300 s", "The browser resolved myapp.mydomain.com to the old server and keeps that "
            "answer for five minutes.", passes=("dns.ttl_required",),
            overrides={"rec": {"props": {"targets": ["old"], "values": ["198.51.100.10"]}}})
    t.stage("Record changed", "The record now points at the new server, but clients see it only when their cached "
            "entry expires: a long TTL means slow changes, a short one means more queries.",
            passes=("dns.ttl_required",))
    return t


def f3_cname_vs_alias() -> Template:
    from build_compute_templates import _web_vpc

    t = Template("dns/cname_vs_alias", "CNAME vs Alias",
                 "A CNAME maps a name to any host name but is not allowed at the zone apex. An Alias maps a name to "
                 "an AWS resource (load balancer, CloudFront, ...), works at the apex, costs nothing and follows the "
                 "resource's health. (The notes' example host is in us-east-2; drawn here in us-east-1.)",
                 "## CNAME vs Alias, lines 2032-2046", ["dns", "route53", "alias"],
                 suppress=(*DNS_SUPPRESS, ("avail.no_auto_scaling", "the backend is not this lesson")))
    host = "lb1-1234.us-east-1.elb.amazonaws.com"
    t.layout(
        col(_zone(_rec("rec_app", "myapp.mydomain.com", ["lb"], name="myapp.mydomain.com", alias=True, ttl=None),
                  _rec("rec_apex", "mydomain.com (apex)", ["lb"], name="mydomain.com", alias=True, ttl=None),
                  label="mydomain.com"), align="center"),
        region("reg", "us-east-1", _web_vpc(
            priv=([ec2("web_a", "web a", ["app_sg"])], [ec2("web_b", "web b", ["app_sg"])]),
            span=[leaf("lb", "alb", "lb1-1234", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": "acm:mydomain.com"}],
                       targets=["web_a", "web_b"], target_port=80, dns_name=host)],
            plumbing=[sg("lb_sg", "lb-sg", tcp(443, ANY)), sg("app_sg", "app-sg", tcp(80, sg="lb_sg"))])))
    t.rel("rec_app", "lb", "target")
    t.rel("rec_apex", "lb", "target")
    t.flow("lb", "web_a", 80)
    t.flow("lb", "web_b", 80)
    cname = {"type": "CNAME", "alias": False, "ttl": 300}
    t.stage("CNAMEs to the load balancer", "The subdomain CNAME works but costs a query and ignores the target's "
            "health; the apex CNAME is refused by DNS itself.", exhibits=("dns.non_alias_to_aws_resource",),
            overrides={"rec_app": {"props": cname}, "rec_apex": {"props": cname}})
    t.stage("Alias records", "Both names are Alias A records to the load balancer, including the apex.",
            fixes=("dns.non_alias_to_aws_resource",))
    return t


def f4_simple() -> Template:
    t = Template("dns/routing_simple", "Simple routing with several values",
                 "One record, one or more values, no health checks: with several values the client picks one at "
                 "random, a form of client-side load balancing.",
                 "## Routing Policy - Simple, lines 2048-2058", ["dns", "route53", "routing"], suppress=DNS_SUPPRESS)
    t.layout(
        leaf("browser", "user", "Web browser"),
        col(_zone(_rec("rec", "foo.example.com", ["e1", "e2", "e3"], name="foo.example.com", ttl=60,
                       values=["198.51.100.11", "198.51.100.12", "198.51.100.13"])),
            box("checks", "global", "health checks",
                leaf("hc", "route53_health_check", "server 1 check", target="e1", port=80)), gap=32, align="center"),
        _servers("", "us-east-1", [("e1", "server 1", "a"), ("e2", "server 2", "a"), ("e3", "server 3", "b")]))
    t.only((), "checks", "hc")
    t.rel("browser", "rec", "query: 3 addresses")
    t.flow("browser", "e2", 80, label="picked at random")
    t.stage("Three answers, the client chooses", "Route 53 returns all three addresses; the browser uses one. "
            "A dead server stays in the answer, since simple records take no health check.",
            passes=("dns.simple_health_check",))
    t.variant("Health check on a simple record", "Simple routing ignores health checks; use multi-value or failover.",
              overrides={"rec": {"props": {"health_check": "hc"}}}, show=("checks", "hc"),
              exhibits=("dns.simple_health_check",))
    return t


def f10_geoproximity() -> Template:
    t = Template("dns/routing_geoproximity", "Geoproximity routing with bias",
                 "Traffic goes to the resource nearest the user, and a bias (1 to 99 grows a region's area, -1 to "
                 "-99 shrinks it) moves the dividing line. Resources are AWS regions or latitude/longitude for "
                 "non-AWS ones. The notes tie it to Route 53 Traffic Flow; Route 53 now offers geoproximity on plain "
                 "records too, as drawn here.",
                 "## Routing Policy - Geoproximity, lines 2134-2159", ["dns", "route53", "routing"],
                 suppress=DNS_SUPPRESS)
    t.layout(
        col(leaf("west_users", "user", "users in the west"), leaf("east_users", "user", "users in the east"), gap=96),
        col(_zone(_rec("r_w", "app (us-west-1, bias 0)", ["res_w"], ttl=60, routing_policy="geoproximity",
                       region="us-west-1", bias=0, set_id="west"),
                  _rec("r_e", "app (us-east-1, bias 0)", ["res_e"], ttl=60, routing_policy="geoproximity",
                       region="us-east-1", bias=0, set_id="east")), align="center"),
        col(_servers("w_", "us-west-1", [("res_w", "resource west", "a")]),
            _servers("e_", "us-east-1", [("res_e", "resource east", "a")], second=1), gap=48))
    t.flow("west_users", "res_w", 80, label="nearer the west")
    t.flow("east_users", "res_e", 80, label="nearer the east")
    t.rel("r_w", "res_w", "")
    t.rel("r_e", "res_e", "")
    t.stage("No bias", "Each user goes to the nearer region: the line between them sits halfway across the "
            "country.", passes=("R53-GEOP-001",))
    t.stage("Bias 50 on us-east-1", "us-east-1's area grows: the dividing line moves west and central users now "
            "reach the east resource.",
            overrides={"r_e": {"label": "app (us-east-1, bias 50)", "props": {"bias": 50}},
                       "west_users-res_w:80": {"label": "a smaller western area"},
                       "east_users-res_e:80": {"label": "east, plus the centre"}})
    t.variant("Bias out of range", "A bias is between -99 and 99.", stage=2,
              overrides={"r_e": {"props": {"bias": 150}}}, exhibits=("R53-GEOP-001",))
    return t


def f11_multivalue() -> Template:
    t = Template("dns/routing_multivalue", "Multi-value answer routing",
                 "Route 53 returns up to 8 healthy values per query; each value has its own health check, so a "
                 "failed instance drops out of the answers. The client picks one: this is not a load balancer.",
                 "## Routing Policy - Multi Value, lines 2161-2172", ["dns", "route53", "routing", "health-checks"],
                 suppress=DNS_SUPPRESS)
    records = []
    checks = []
    for n in (1, 2, 3):
        records.append(_rec(f"r{n}", f"example.com value {n}", [f"e{n}"], name="example.com", ttl=60,
                            routing_policy="multivalue", health_check=f"hc{n}", set_id=f"v{n}"))
        checks.append(leaf(f"hc{n}", "route53_health_check", f"check {n}" + (" (failing)" if n == 3 else ""),
                           target=f"e{n}", port=80, path="/health"))
    t.layout(
        leaf("client", "user", "Client"),
        col(_zone(*records), box("checks", "global", "health checks", *checks, flow="row"), gap=40,
            align="center"),
        _servers("", "us-east-1", [("e1", "instance 1", "a"), ("e2", "instance 2", "a"),
                                  ("e3", "instance 3 (unhealthy)", "a")]))
    t.flow("client", "e1", 80, label="healthy answer")
    t.flow("client", "e2", 80, label="healthy answer")
    for n in (1, 2, 3):
        t.rel(f"r{n}", f"e{n}", "")
    t.stage("Healthy answers only", "Instance 3 fails its check, so Route 53 answers with instances 1 and 2 only; "
            "the client connects to one of them.", passes=("R53-MV-001",))
    return t


def f12_third_party_registrar() -> Template:
    t = Template("dns/third_party_registrar", "Third-party registrar with Route 53 DNS",
                 "A registrar sells the domain; a DNS service answers for it. A domain bought elsewhere (GoDaddy, "
                 "proposed) can use a Route 53 public hosted zone: set the domain's NS records at the registrar to "
                 "the zone's four name servers.",
                 "## 3rd Party Domains & Route 53, lines 2174-2189", ["dns", "route53", "registrar"], suppress=())
    t.layout(
        box("ext", "corporate_dc", "3rd-party registrar (GoDaddy)",
            leaf("registrar", "on_prem_server", "example.com: NS -> ns-1.awsdns-01.org ...")),
        box("global", "global", "Route 53", box("zone", "route53_zone", "example.com hosted zone",
                                                  leaf("www", "route53_record", "www.example.com", name="www.example.com",
                                                       type="A", ttl=300, zone="zone", values=["198.51.100.10"]),
                                                  name="example.com", registrar="external", ns_delegated=True,
                                                  name_servers=["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk",
                                                                "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"])),
        gap=120)
    t.rel("registrar", "zone", "NS delegation")
    t.stage("Delegated to Route 53", "Resolvers ask the .com servers, which point at the registrar's NS records, "
            "which name Route 53's servers: the hosted zone answers.", passes=("R53-REG-001",))
    t.variant("NS records left at the registrar's DNS", "The hosted zone exists but nobody asks it.",
              overrides={"zone": {"props": {"ns_delegated": False}}}, exhibits=("R53-REG-001",))
    return t


BUILDERS = [f1_a_record, f2_ttl, f3_cname_vs_alias, f4_simple, f5_weighted, f6_latency, f7_health_checks, f8_failover, f9_geolocation,
            f10_geoproximity, f11_multivalue, f12_third_party_registrar]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
