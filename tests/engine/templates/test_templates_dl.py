"""Parts D-L of the case studies (not reviewed in the spec; checked against AWS before bundling): the templates
load, lay out tidily and teach their lessons, with the same checks as Part C."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.engine.templates import part_checks as checks
from tests.engine.templates.part_checks import (
    case_params,
    final_error_params,
    finding_params,
    template,
    template_ids,
)

#: Template folders of Parts D-L bundled by the Part C generator scripts (templates/tools/build_*_templates.py).
FOLDERS = ("core", "ec2", "storage", "elb", "asg", "db", "dr", "containers", "edge", "security", "dns", "msg", "s3", "hybrid",
           "identity", "mon")
IDS = template_ids(*FOLDERS)
TOOLS = Path(__file__).resolve().parents[3] / "templates" / "tools"
#: The generator scripts of Parts C-L (Parts A/B have build_templates.py, checked in test_templates_ab.py).
GENERATORS = sorted(p.stem for p in TOOLS.glob("build_*_templates.py"))

#: The Parts D-L case studies bundled so far, with the number of stages case-studies.md gives each.
SPEC_STAGES = {
    "mon/logs_metric_filter_alarm": 1, "mon/cloudtrail": 2,
    "mon/ec2_recovery": 1, "security/guardduty": 1,
    "msg/sns_sqs_fanout": 1, "msg/sns_filtering": 1,
    "msg/sqs_delay_fifo": 2,
    "msg/sqs_dlq": 1,
    "hybrid/storage_gateway": 3,
    "containers/ecs_iam_roles": 1, "containers/ecs_efs": 1,
    "core/region_az": 1, "db/aurora_autoscaling_custom_endpoints": 2, "db/redshift_snapshot_dr": 1,
    "asg/lb_cloudwatch_scaling": 2, "asg/termination_policy": 1, "containers/ecs_alb_dynamic_ports": 1,
    "containers/ecs_ec2_launch": 1, "containers/ecs_fargate_launch": 1, "containers/eks": 1,
    "containers/fargate_alb": 1, "db/aurora_cluster": 1, "db/aurora_global": 1, "db/dynamodb_dax": 1,
    "db/dynamodb_global_tables": 1, "db/elasticache_db_cache": 1, "db/elasticache_security": 1,
    "db/elasticache_session_store": 1, "db/rds_iam_auth": 1, "db/rds_multi_az": 2, "db/rds_read_replicas": 2,
    "dns/a_record": 1, "dns/cname_vs_alias": 2, "dns/health_checks": 1, "dns/routing_failover": 2,
    "dns/routing_geolocation": 1, "dns/routing_latency": 1, "dns/routing_simple": 1, "dns/routing_weighted": 1,
    "dns/ttl": 2, "dr/backup_restore": 1, "dr/multi_region": 1, "dr/multi_site": 1, "dr/pilot_light": 2,
    "dr/warm_standby": 2, "ec2/elastic_ip": 2, "ec2/eni_failover": 2, "ec2/placement_groups": 3,
    "ec2/sg_referencing": 1, "ec2/user_data_webserver": 1, "edge/cloudfront_custom_origin": 2,
    "edge/cloudfront_s3_oai": 2, "edge/global_accelerator": 2, "elb/alb_path_routing": 1,
    "elb/alb_querystring_hybrid": 1, "elb/basic_sg_chain": 1, "elb/connection_draining": 1, "elb/cross_zone": 2,
    "elb/nlb": 1, "elb/ssl_sni": 1, "elb/sticky_sessions": 2, "hybrid/snowball_into_glacier": 2,
    "identity/organizations_scp": 1, "identity/role_vs_resource_policy": 2, "identity/sts_assume_role": 2,
    "msg/s3_event_fanout": 2, "msg/sqs_asg_scaling": 2, "s3/access_logs": 2, "s3/cors": 1, "s3/lifecycle": 2,
    "s3/replication": 2, "s3/requester_pays": 2, "s3/static_website": 2, "security/cloudhsm_ha": 1,
    "security/ddos_reference": 1, "storage/ebs_multi_attach": 1, "storage/ebs_raid": 2,
    "storage/ebs_snapshot_ami": 2, "storage/efs_multi_az": 1,
    "s3/presigned_url": 1, "s3/event_notifications": 1, "s3/athena": 1, "s3/performance": 3,
    "s3/kms_limitation": 1, "s3/encryption_modes": 4, "s3/select": 1,
    "msg/sqs_basic": 1, "msg/sqs_access_policy": 2, "msg/sns_pubsub": 2, "msg/sns_fifo_fanout": 1,
    "identity/cognito_pools": 2, "identity/directory_services": 3, "identity/sso_ad": 2, "identity/federation": 5,
    "mon/cloudwatch_agent": 1,
    "containers/ecs_eventbridge_s3": 1, "containers/ecs_rolling_update": 2,
    "containers/ecs_scaling": 2, "containers/ecr_pipeline": 1,
    "msg/sqs_decouple_tiers": 2, "msg/sqs_request_response": 1,
    "hybrid/transfer_family": 1, "hybrid/fsx": 3, "hybrid/snow_family": 2,
    "msg/ordering_trucks": 3, "msg/amazon_mq_ha": 1,
    "mon/eventbridge": 1, "mon/config_remediation": 2,
    "security/kms_snapshot_copy": 2, "security/inspector_macie": 2,
    "security/ssm_parameter_store": 1, "security/secrets_manager_rds": 1,
    "db/aurora_serverless": 1, "db/aurora_multi_master": 1, "db/dynamodb_streams": 1,
    "db/redshift_ingestion": 3, "db/redshift_spectrum": 1, "db/glue_etl_catalog": 2,
    "edge/cloudfront_signed_url": 1, "edge/cloudfront_multi_origin": 1, "edge/cloudfront_origin_group": 2,
    "edge/field_level_encryption": 1, "edge/lambda_at_edge": 2,
    "dns/routing_geoproximity": 2, "dns/routing_multivalue": 1, "dns/third_party_registrar": 1,
    "msg/kinesis_data_streams": 1, "msg/kinesis_firehose": 1, "msg/kinesis_analytics": 1,
}


def test_parts_d_to_l_templates_are_bundled_with_the_spec_stages() -> None:
    """Every bundled Part D-L case study keeps the spec's id and number of stages."""
    assert sorted(SPEC_STAGES) == IDS
    for template_id, stages in SPEC_STAGES.items():
        assert len(template(template_id).stages) == stages, template_id


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


@pytest.mark.parametrize("generator", GENERATORS)
def test_yaml_files_match_their_generator(generator: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every bundled Part C-L file is exactly what its generator script writes (no hand drift, nothing stale)."""
    monkeypatch.syspath_prepend(str(TOOLS))
    module = importlib.import_module(generator)
    stale = [t.id for t in (build() for build in module.BUILDERS) if not t.is_current(module.OUT)]
    assert stale == []
