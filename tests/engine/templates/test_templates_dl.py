"""Parts D-L of the case studies (not reviewed in the spec; checked against AWS before bundling): the templates
load, lay out tidily and teach their lessons, with the same checks as Part C."""

from __future__ import annotations

import pytest

from tests.engine.templates import part_checks as checks
from tests.engine.templates.part_checks import case_params, final_error_params, finding_params, template_ids

#: Template folders of Parts D-L bundled by the Part C generator scripts (templates/tools/build_*_templates.py).
FOLDERS = ("ec2", "storage", "elb", "asg", "db", "dr", "containers", "edge", "security", "dns", "msg", "s3", "hybrid", "identity")
IDS = template_ids(*FOLDERS)



def test_parts_d_to_l_templates_are_bundled() -> None:
    """The Part D compute and load-balancing lessons ship as templates."""
    assert {"ec2/user_data_webserver", "elb/basic_sg_chain", "elb/cross_zone", "asg/lb_cloudwatch_scaling"} <= set(IDS)


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
    """In the last stage every drawn flow with a port gets through, except flows drawn as blocked on purpose."""
    checks.check_final_flows(template_id)


@pytest.mark.parametrize("template_id", final_error_params(IDS))
def test_final_stage_raises_no_error_it_does_not_teach(template_id: str) -> None:
    """The finished design of each case study works on AWS: no error finding beyond the lesson's own."""
    checks.check_final_errors(template_id)


def test_expected_findings_name_catalogued_rules() -> None:
    """Every rule id a stage names is a rules.md id or one of the case studies' dotted ids."""
    checks.check_catalogued(IDS)
