"""Part C of the case studies (VPC and networking): the templates load, lay out tidily and teach their lessons."""

from __future__ import annotations

import pytest

from tests.engine.templates import part_checks as checks
from tests.engine.templates.part_checks import (
    case_params,
    final_error_params,
    finding_params,
    template,
    template_ids,
)

SPEC_STAGES = {
    "default_vpc": 1, "basics_igw_route_tables": 3, "nat_instance": 1, "nat_gateway": 1, "nat_gateway_ha": 2,
    "nacl_vs_sg": 2, "bastion_host": 1, "peering": 3, "endpoints": 2, "flow_logs_athena": 1, "site_to_site_vpn": 1,
    "direct_connect": 1, "dx_gateway": 1, "dx_plus_vpn": 1, "dx_resiliency": 2, "egress_only_igw": 1,
    "privatelink": 3, "privatelink_ecs": 1, "classiclink": 1, "vpn_cloudhub": 1, "transit_gateway": 2,
    "tgw_vpn_ecmp": 2, "tgw_share_dx": 1, "ram_shared_subnet": 1, "network_costs": 4}

#: Known template/rule disagreements, written up in docs/template-rule-mismatches.md:
#: (template id, case, rule id, what) -> reason; those cases run as strict xfails.
checks.MISMATCHES.update({
    ("vpc/privatelink", "stage 2", "net.service_exposed_via_peering", "exhibits"):
        "NET-PEER-006 needs 3 or more peerings; the spec's lesson peers 2 customer VPCs with the service VPC",
    ("vpc/dx_gateway", "variant 1", "net.cidr_overlap", "exhibits"):
        "no rule checks overlapping VPC CIDRs behind one Direct Connect gateway",
    ("vpc/vpn_cloudhub", "variant 1", "net.cidr_overlap", "exhibits"):
        "no rule checks overlapping on-prem site CIDRs that meet at one VGW (CloudHub)",
    ("vpc/egress_only_igw", "variant 1", "net.ipv6_private_exposed", "exhibits"):
        "NET-EIGW-002 exempts nodes with outbound Internet flows, not only internet-facing ones",
})
IDS = template_ids("vpc")


def test_every_part_c_architecture_is_bundled_with_the_spec_stages() -> None:
    """All 25 Part C case studies ship, each with the number of stages case-studies.md gives it."""
    assert sorted(IDS) == sorted(f"vpc/{name}" for name in SPEC_STAGES)
    for name, stages in SPEC_STAGES.items():
        assert len(template(f"vpc/{name}").stages) == stages, name


@pytest.mark.parametrize("template_id", IDS)
def test_template_is_valid_tidy_and_names_itself(template_id: str) -> None:
    """A template opens without structural errors, round-trips, carries its spec id and is laid out cleanly."""
    checks.check_template(template_id)


@pytest.mark.parametrize(("template_id", "name"), case_params(IDS))
def test_every_stage_and_variant_is_a_valid_design(template_id: str, name: str) -> None:
    """Stepping to any stage (or what-if variant) gives a valid design that round-trips and stays tidy."""
    checks.check_case_is_valid(template_id, name)


@pytest.mark.parametrize(("template_id", "name", "rule_id", "what"), finding_params(IDS))
def test_stage_shows_its_problem_and_not_what_it_fixed(template_id: str, name: str, rule_id: str, what: str) -> None:
    """Each stage raises what it exhibits; what it fixes (or must pass) stays silent."""
    checks.check_expected_finding(template_id, name, rule_id, what)


@pytest.mark.parametrize("template_id", IDS)
def test_final_stage_intended_flows_are_reachable(template_id: str) -> None:
    """In the last stage every drawn flow with a port gets through the network (no REACH-FLOW-001)."""
    checks.check_final_flows(template_id)


@pytest.mark.parametrize("template_id", final_error_params(IDS))
def test_final_stage_raises_no_error_it_does_not_teach(template_id: str) -> None:
    """The finished design of each case study works on AWS: no error finding beyond the lesson's own."""
    checks.check_final_errors(template_id)


def test_expected_findings_name_catalogued_rules() -> None:
    """Every rule id a stage names is a rules.md id or one of the case studies' dotted ids."""
    checks.check_catalogued(IDS)
