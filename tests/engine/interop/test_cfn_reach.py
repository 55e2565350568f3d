"""Imported templates answer reachability the way a network engineer would, and validate cleanly."""

from __future__ import annotations

import pytest

from cloudwright.engine.reach import Analyzer
from cloudwright.engine.rules import validate

from .conftest import SAMPLE_NAMES, import_sample

CASES = [
    # (template, from, to, port, reachable)
    ("alb_asg_rds.yaml", "internet", "LoadBalancer", 443, True),
    ("alb_asg_rds.yaml", "internet", "Database", 3306, False),
    ("alb_asg_rds.yaml", "internet", "WebServerGroup-1", 8080, False),
    ("alb_asg_rds.yaml", "WebServerGroup-2", "Database", 3306, True),
    ("vpc_public_private_nat.yaml", "AppServer", "internet", 443, True),
    ("vpc_public_private_nat.yaml", "BastionHost", "AppServer", 22, True),
    ("vpc_public_private_nat.yaml", "internet", "AppServer", 22, False),
    ("vpc_peering.yaml", "AppServer", "DirectoryServer", 443, True),
    ("vpc_peering.yaml", "DirectoryServer", "AppServer", 22, False),
    ("transit_gateway.yaml", "HostB", "HostA", 22, True),
    ("transit_gateway.yaml", "HostA", "HostB", 22, False),
    ("vpc_endpoints.yaml", "Worker", "Bucket", 443, True),
    ("vpc_endpoints.yaml", "Worker", "Jobs", 443, True),
    ("vpc_endpoints.yaml", "Worker", "internet", 443, False),
    ("site_to_site_vpn.yaml", "on-premises", "AppServer", 443, True),
    ("site_to_site_vpn.yaml", "internet", "AppServer", 443, False),
    ("sam_api.yaml", "internet", "ServerlessRestApi", 443, True),
    ("default_vpc_instance.json", "internet", "EC2Instance", 22, True),
    ("fargate_service.yaml", "LoadBalancer", "Service", 8080, True),
    ("fargate_service.yaml", "internet", "Service", 8080, False),
    ("fargate_service.yaml", "Service", "internet", 443, True),
    ("classic_elb_default_vpc.yaml", "internet", "LoadBalancer", 80, True),
    ("classic_elb_default_vpc.yaml", "LoadBalancer", "WebServerGroup-2", 8080, True),
    ("classic_elb_default_vpc.yaml", "internet", "WebServerGroup-1", 8080, False),
    ("existing_network_nlb.yaml", "internet", "LoadBalancer", 443, True),
    ("existing_network_nlb.yaml", "internet", "AppGroup-2", 8443, False),
]


@pytest.mark.parametrize(("name", "source", "target", "port", "expected"), CASES,
                         ids=[f"{c[1]}->{c[2]}:{c[3]}" for c in CASES])
def test_reachability_answers(name, source, target, port, expected):
    """Internet to ALB yes, to RDS no; private hosts out via NAT; peered and TGW-routed VPCs per their SGs."""
    result = Analyzer(import_sample(name).diagram).can_reach(source, target, "tcp", port)
    assert result.reachable is expected, result.blocking_hop


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_validation_runs_on_every_sample(name):
    """The rules engine runs on each imported sample; an ordinary AWS sample raises no ERROR finding."""
    findings = validate(import_sample(name).diagram)
    errors = [f"{f.rule}: {f.message}" for f in findings if str(f.severity) == "error" and not f.suppressed]
    assert errors == []
