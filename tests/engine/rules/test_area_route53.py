"""Route 53 rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, findings, n


def dns(*records, extra=()):
    """A public zone example.com with an ALB, two instances and the given records."""
    return design(base(), n("g", "global"), n("zone", "route53_zone", "g", name="example.com"),
                  n("alb", "alb", "vpc", subnets=["pub_a", "pub_b"]),
                  n("i1", "ec2", "pub_a"), n("i2", "ec2", "pub_b"), *records, *extra)


def rec(node_id: str = "rec", **props: object):
    return n(node_id, "route53_record", "zone", **{"name": "www.example.com", **props})


ALIAS_ALB = {"type": "A", "alias": True, "targets": ["alb"]}
CASES = {
    "R53-REC-001": (dns(rec(type="A", values=["not-an-ip"])), dns(rec(type="A", values=["203.0.113.7"]))),
    "R53-CNAME-001": (dns(rec(name="example.com", type="CNAME", targets=["alb"])),
                      dns(rec(type="CNAME", targets=["alb"]))),
    "R53-ALIAS-001": (dns(rec(type="A", alias=True, targets=["i1"])), dns(rec(**ALIAS_ALB))),
    "R53-ALIAS-002": (dns(rec(type="A", targets=["alb"])), dns(rec(**ALIAS_ALB))),
    "R53-TTL-001": (dns(rec(type="A", targets=["i1"], ttl=None)), dns(rec(type="A", targets=["i1"], ttl=60))),
    "R53-TTL-002": (dns(rec(type="A", targets=["i1", "i2"], ttl=3600)),
                    dns(rec(type="A", targets=["i1", "i2"], ttl=60))),
    "dns.stale_target": (changed(dns(rec(type="A", targets=["i1", "i2"], ttl=60)), "i1", state="terminated"),
                         dns(rec(type="A", targets=["i1", "i2"], ttl=60))),
    "R53-SIMPLE-001": (dns(rec(**ALIAS_ALB, health_check="hc"), extra=[n("hc", "route53_health_check", "g")]),
                       dns(rec(**ALIAS_ALB), extra=[n("hc", "route53_health_check", "g")])),
    "R53-WEIGHT-001": (dns(rec(**ALIAS_ALB, routing_policy="weighted")),
                       dns(rec(**ALIAS_ALB, routing_policy="weighted", weight=10, set_id="blue"))),
    "R53-LAT-001": (dns(rec(**ALIAS_ALB, routing_policy="latency")),
                    dns(rec(**ALIAS_ALB, routing_policy="latency", region="us-east-1"))),
    "R53-FAIL-001": (dns(rec("p", **ALIAS_ALB, routing_policy="failover", failover="primary"),
                         rec("s", **ALIAS_ALB, routing_policy="failover", failover="secondary")),
                     dns(rec("p", **ALIAS_ALB, routing_policy="failover", failover="primary",
                             evaluate_target_health=True),
                         rec("s", **ALIAS_ALB, routing_policy="failover", failover="secondary"))),
    "R53-GEO-001": (dns(rec("fr", **ALIAS_ALB, routing_policy="geolocation", geo_location="FR")),
                    dns(rec("fr", **ALIAS_ALB, routing_policy="geolocation", geo_location="FR"),
                        rec("df", **ALIAS_ALB, routing_policy="geolocation", geo_location="Default"))),
    "R53-GEOP-001": (dns(rec(**ALIAS_ALB, routing_policy="geoproximity", bias=150)),
                     dns(rec(**ALIAS_ALB, routing_policy="geoproximity", bias=20))),
    "R53-MV-001": (dns(rec(type="A", routing_policy="multivalue", values=[f"203.0.113.{i}" for i in range(9)])),
                   dns(rec(type="A", routing_policy="multivalue", values=[f"203.0.113.{i}" for i in range(3)]))),
    "R53-HC-002": (dns(extra=[n("hc", "route53_health_check", "g", target="i1")]),
                   dns(extra=[n("hc", "route53_health_check", "g", target="alb")])),
    "R53-PRIV-001": (dns(extra=[n("pz", "route53_zone", "g", name="corp.internal", private=True, vpcs=["vpc"])]),
                     changed(dns(extra=[n("pz", "route53_zone", "g", name="corp.internal", private=True,
                                          vpcs=["vpc"])]), "vpc", enable_dns_hostnames=True)),
    "R53-REG-001": (changed(dns(), "zone", registrar="external", ns_delegated=False),
                    changed(dns(), "zone", registrar="external")),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_plain_a_record_for_alb_is_error_only_at_apex() -> None:
    """An A record holding ALB addresses works until they change (warning); at the apex only an alias works."""
    assert findings(dns(rec(type="A", targets=["alb"])), "R53-ALIAS-002")[0].severity == "warning"
    apex = dns(rec(name="example.com", type="A", targets=["alb"]))
    assert findings(apex, "R53-ALIAS-002")[0].severity == "error"


def test_cname_below_apex_to_alb_is_fine() -> None:
    """A CNAME on a subdomain may point at an ALB's DNS name."""
    assert not findings(dns(rec(type="CNAME", targets=["alb"])), "R53-ALIAS-002")


@pytest.mark.parametrize("rule_id, broken", [
    ("R53-CNAME-001", dns(rec(name="example.com", type="CNAME", targets=["alb"]))),
    ("R53-ALIAS-002", dns(rec(type="A", targets=["alb"]))),
    ("R53-TTL-001", dns(rec(type="A", targets=["i1"], ttl=None))),
    ("R53-TTL-002", dns(rec(type="A", targets=["i1", "i2"], ttl=3600))),
    ("dns.stale_target", changed(dns(rec(type="A", targets=["i1", "i2"], ttl=60)), "i1", state="stopped")),
    ("R53-SIMPLE-001", dns(rec(**ALIAS_ALB, health_check="hc"), extra=[n("hc", "route53_health_check", "g")])),
    ("R53-LAT-001", dns(rec(**ALIAS_ALB, routing_policy="latency"))),
    ("R53-HC-002", dns(extra=[n("hc", "route53_health_check", "g", target="i1")])),
    ("R53-PRIV-001", dns(extra=[n("pz", "route53_zone", "g", name="corp.internal", private=True, vpcs=["vpc"])])),
    ("R53-REC-001", dns(rec(**ALIAS_ALB, values=["203.0.113.7"]))),
    ("R53-FAIL-001", dns(rec("p", **ALIAS_ALB, routing_policy="failover", failover="primary"),
                         rec("s", **ALIAS_ALB, routing_policy="failover", failover="secondary"))),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)


def test_health_check_blocked_by_security_group_warns() -> None:
    """A public endpoint whose SG does not admit the checkers' port makes the check always fail."""
    checked = dns(n("sg", "security_group", "vpc", inbound=[{"protocol": "tcp", "port": 80, "cidr": "10.0.0.0/16"}]),
                  extra=[n("hc", "route53_health_check", "g", target="web", port=80),
                         n("web", "ec2", "pub_a", elastic_ip=True, security_groups=["sg"])])
    assert [f.severity for f in findings(checked, "R53-HC-002")] == ["warning"]
    opened = changed(checked, "sg", inbound=[{"protocol": "tcp", "port": 80, "cidr": "0.0.0.0/0"}])
    assert not findings(opened, "R53-HC-002")
