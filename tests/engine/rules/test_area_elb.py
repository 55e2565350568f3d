"""ELB rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n

WEB_SG = n("web_sg", "security_group", "vpc", inbound=[{"protocol": "tcp", "port": 80, "sg": "lb_sg"}])
LB_SG = n("lb_sg", "security_group", "vpc", inbound=[{"protocol": "tcp", "port": "80-443", "cidr": "0.0.0.0/0"}])


def web(**lb_props: object):
    """An internet-facing ALB in two public subnets in front of two instances."""
    props = {"subnets": ["pub_a", "pub_b"], "security_groups": ["lb_sg"], "targets": ["web_a", "web_b"],
             "health_check": {"path": "/health"}, **lb_props}
    return design(base(), WEB_SG, LB_SG, n("alb", "alb", "vpc", label="shop-alb", **props),
                  n("web_a", "ec2", "app_a", security_groups=["web_sg"]),
                  n("web_b", "ec2", "app_b", security_groups=["web_sg"]))


LISTENER_HTTPS = [{"protocol": "HTTPS", "port": 443, "certificate": "acm:shop"}]
CASES = {
    "ELB-TYPE-001": (web(listeners=[{"protocol": "TCP", "port": 80}]), web(listeners=[{"protocol": "HTTP"}])),
    "ELB-TYPE-002": (design(base(), n("clb", "clb", "vpc", subnets=["pub_a", "pub_b"], targets=["i"]),
                            n("i", "ec2", "app_a")),
                     design(base(), n("nlb", "nlb", "vpc", subnets=["pub_a", "pub_b"], targets=["i"],
                                      listeners=[{"protocol": "TCP", "port": 80}]), n("i", "ec2", "app_a"))),
    "ELB-SCHEME-001": (web(subnets=["app_a", "app_b"]), web()),
    "ELB-AZ-001": (web(subnets=["pub_a"]), web()),
    "ELB-SG-002": (changed(web(), "web_sg", inbound=[{"protocol": "tcp", "port": 80, "cidr": "0.0.0.0/0"}]), web()),
    "ELB-HC-001": (web(health_check={"path": "/"}), web()),
    "ELB-TG-001": (design(base(), n("nlb", "nlb", "vpc", subnets=["pub_a", "pub_b"],
                                    listeners=[{"protocol": "TCP", "port": 80, "target_group": "tg"}]),
                          n("tg", "target_group", "vpc", target_type="lambda", targets=["fn"]),
                          n("fn", "lambda", "r")),
                   design(base(), n("nlb", "nlb", "vpc", subnets=["pub_a", "pub_b"],
                                    listeners=[{"protocol": "TCP", "port": 80, "target_group": "tg"}]),
                          n("tg", "target_group", "vpc", target_type="instance", targets=["i"]),
                          n("i", "ec2", "app_a"))),
    "elb.ip_target_public": (
        design(base(), n("alb", "alb", "vpc", subnets=["pub_a", "pub_b"],
                         listeners=[{"protocol": "HTTP", "port": 80, "target_group": "tg"}]),
               n("tg", "target_group", "vpc", target_type="ip", ip_targets=["10.0.10.5", "54.1.2.3"])),
        design(base(), n("alb", "alb", "vpc", subnets=["pub_a", "pub_b"],
                         listeners=[{"protocol": "HTTP", "port": 80, "target_group": "tg"}]),
               n("tg", "target_group", "vpc", target_type="ip", ip_targets=["10.0.10.5", "192.168.1.9"]))),
    "ELB-TG-002": (web(targets=[]), web()),
    "ELB-STICKY-001": (web(stickiness={"enabled": True, "type": "source_ip"}),
                       web(stickiness={"enabled": True, "type": "duration"})),
    "ELB-STICKY-002": (web(stickiness={"enabled": True, "type": "app", "cookie_name": "AWSALB"}),
                       web(stickiness={"enabled": True, "type": "app", "cookie_name": "CART"})),
    "ELB-STICKY-003": (web(stickiness={"enabled": True}), web()),
    "ELB-XZ-001": (design(base(), n("nlb", "nlb", "vpc", subnets=["pub_a", "pub_b"], targets=["i1", "i2", "i3"],
                                    listeners=[{"protocol": "TCP", "port": 80}]),
                          n("i1", "ec2", "app_a"), n("i2", "ec2", "app_a"), n("i3", "ec2", "app_b")),
                   design(base(), n("nlb", "nlb", "vpc", subnets=["pub_a", "pub_b"], targets=["i1", "i3"],
                                    listeners=[{"protocol": "TCP", "port": 80}]),
                          n("i1", "ec2", "app_a"), n("i3", "ec2", "app_b"))),
    "ELB-TLS-001": (web(listeners=[{"protocol": "HTTPS", "port": 443}]), web(listeners=LISTENER_HTTPS)),
    "ELB-TLS-002": (design(base(), n("clb", "clb", "vpc", subnets=["pub_a", "pub_b"], targets=["i"],
                                     listeners=[{"protocol": "HTTPS", "port": 443, "certificate": "a",
                                                 "certificates": ["b"]}]), n("i", "ec2", "app_a")),
                    design(base(), n("clb", "clb", "vpc", subnets=["pub_a", "pub_b"], targets=["i"],
                                     listeners=[{"protocol": "HTTPS", "port": 443, "certificate": "a"}]),
                           n("i", "ec2", "app_a"))),
    "ELB-TLS-003": (changed(web(), "alb", intent={"end_to_end_encryption": True}), web()),
    "ELB-DRAIN-001": (web(deregistration_delay_s=7200), web(deregistration_delay_s=0)),
    "ELB-NLB-001": (changed(web(), "alb", intent={"requires_static_ip": True}), web()),
    "ELB-SG-001": (changed(web(), "web_sg", inbound=[]), web()),
    "ELB-ALB-001": (design(base(), n("c1", "clb", "vpc"), n("c2", "clb", "vpc")), design(base(), n("c1", "clb", "vpc"))),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_internal_lb_reached_from_internet() -> None:
    """An internal LB with a direct Internet flow is an error."""
    internal = web(scheme="internal", subnets=["app_a", "app_b"])
    internal.nodes["user"] = n("user", "user")
    internal.edges["u"] = e("user", "alb", 443, edge_id="u")
    assert [f.severity for f in findings(internal, "ELB-SCHEME-001")] == ["error"]
    assert not findings(web(scheme="internal", subnets=["app_a", "app_b"]), "ELB-SCHEME-001")
    in_public = web(scheme="internal")
    in_public.nodes["user"] = n("user", "user")
    in_public.edges["u"] = e("user", "alb", 443, edge_id="u")
    assert_quick_fix_round_trip(in_public, "ELB-SCHEME-001")


def test_single_az_nlb_is_a_warning_and_alb_an_error() -> None:
    """AWS refuses a one-AZ ALB but accepts a one-AZ NLB."""
    assert findings(web(subnets=["pub_a"]), "ELB-AZ-001")[0].severity == "error"
    nlb = design(base(), n("nlb", "nlb", "vpc", subnets=["pub_a"], listeners=[{"protocol": "TCP", "port": 80}]))
    assert findings(nlb, "ELB-AZ-001")[0].severity == "warning"


@pytest.mark.parametrize("rule_id, broken", [
    ("ELB-AZ-001", web(subnets=["pub_a"])),
    ("ELB-SG-002", changed(web(), "web_sg", inbound=[{"protocol": "tcp", "port": 80, "cidr": "0.0.0.0/0"}])),
    ("ELB-HC-001", web(health_check={"path": "/"})),
    ("ELB-STICKY-002", web(stickiness={"enabled": True, "type": "app", "cookie_name": "AWSALBAPP"})),
    ("ELB-STICKY-001", web(stickiness={"enabled": True, "type": "flow"})),
    ("ELB-DRAIN-001", web(deregistration_delay_s=-1)),
    ("ELB-SG-001", changed(web(), "web_sg", inbound=[])),
    ("ELB-SG-001", changed(web(), "lb_sg", inbound=[])),
    ("ELB-XZ-001", CASES["ELB-XZ-001"][0]),
    ("ELB-TG-001", CASES["elb.ip_target_public"][0]),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
