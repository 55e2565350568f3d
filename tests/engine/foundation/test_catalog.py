"""The component catalogue: complete, consistent, with real AWS icons."""

from __future__ import annotations

import pytest

from cloudwright.engine.catalog import ROOT, catalog, icon_path

CASE_STUDY_KINDS = """user mobile_client admin internet iot_device on_prem_server customer_gateway customer_router
third_party_idp active_directory backup_server email_recipient igw egress_only_igw nat_gateway nat_instance
route_table nacl vgw dx_endpoint dx_gateway transit_gateway vpc_endpoint_gateway vpc_endpoint_interface
endpoint_service eni flow_log vpn_cloudhub ec2 asg alb nlb clb elb lambda lambda_edge ecs_cluster ecs_service
ecs_task fargate_task ecr_repo eks_node eks_pod beanstalk_env codebuild ami ebs_snapshot rds_snapshot
redshift_snapshot launch_template ebs efs efs_mount_target s3_bucket glacier_vault storage_gateway fsx_lustre
fsx_windows snowball transfer_family rds aurora_cluster_volume aurora_instance aurora_endpoint elasticache
dynamodb_table dynamodb_stream dax redshift athena glue quicksight elasticsearch sqs_queue sns_topic
kinesis_data_stream kinesis_firehose kinesis_analytics eventbridge iot_core ses amazon_mq route53_zone
route53_record route53_health_check cloudfront global_accelerator api_gateway waf shield cognito_user_pool
cognito_identity_pool sts iam iam_role iam_user kms_key cloudhsm ssm_parameter_store secrets_manager guardduty
inspector macie directory_service sso organization ou scp cloudwatch_metric cloudwatch_alarm cloudwatch_logs
cloudwatch_agent cloudtrail aws_config ssm_automation region vpc az subnet corporate_dc dx_location cage account
edge_network global ec2_classic security_group elastic_ip vpc_peering vpn_connection""".split()


def test_catalogue_covers_every_case_study_kind() -> None:
    """Every kind the case studies and rules name can be placed on the canvas."""
    missing = [k for k in CASE_STUDY_KINDS if k not in catalog()]
    assert not missing
    assert len(catalog()) >= 120


@pytest.mark.parametrize("spec", list(catalog()), ids=lambda s: s.id)
def test_every_kind_has_a_real_icon_and_real_parents(spec) -> None:
    """Each kind's icon is an AWS PNG the installed diagrams package ships; its parents are real containers."""
    path = icon_path(spec.id)
    assert path.is_file(), path
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert spec.parents, "a kind must be placeable somewhere"
    for parent in spec.parents:
        assert parent == ROOT or (parent in catalog() and catalog().get(parent).container), parent


def test_containment_follows_aws_diagram_conventions() -> None:
    """Region > VPC > AZ > subnet > resource; global services sit outside any region."""
    cat = catalog()
    assert cat.get("vpc").may_sit_in("region")
    assert cat.get("az").may_sit_in("vpc")
    assert cat.get("subnet").may_sit_in("az")
    assert cat.get("rds").may_sit_in("subnet") and not cat.get("rds").may_sit_in("vpc")
    assert cat.get("cloudfront").may_sit_in(None) and not cat.get("cloudfront").may_sit_in("vpc")
    assert not cat.get("route53_record").may_sit_in("region")
    assert "subnet" in cat.placement_hint("rds").lower()


def test_icons_resolve_through_one_function_into_the_diagrams_package() -> None:
    """Icons are never copied into the project: they live in the installed diagrams package."""
    assert "site-packages" in str(icon_path("ec2")) or "diagrams" in str(icon_path("ec2").parents[3])
