"""CloudFront, Route 53, API Gateway, messaging (SQS, SNS, Kinesis) and the simple regional services."""

from __future__ import annotations

from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext, NodeDraft, as_bool, as_int
from cloudwright.engine.io.cfn_import.mappers import finisher, maps
from cloudwright.engine.io.cfn_import.mappers.compute import calls_out

DISTRIBUTION = "AWS::CloudFront::Distribution"
REST_API = "AWS::ApiGateway::RestApi"
HTTP_API = "AWS::ApiGatewayV2::Api"
ZONE = "AWS::Route53::HostedZone"
ORIGIN_CONFIGS = ("AWS::CloudFront::CloudFrontOriginAccessIdentity", "AWS::CloudFront::OriginAccessControl")
#: Types drawn as a plain node of a kind, with no properties a rule reads.
SIMPLE_KINDS = {
    "AWS::IAM::Role": "iam_role", "AWS::IAM::User": "iam_user", "AWS::IAM::Group": "iam_group",
    "AWS::IAM::ManagedPolicy": "iam_policy", "AWS::IAM::Policy": "iam_policy",
    "AWS::KMS::Key": "kms_key", "AWS::SecretsManager::Secret": "secrets_manager",
    "AWS::SSM::Parameter": "ssm_parameter_store", "AWS::Logs::LogGroup": "cloudwatch_logs",
    "AWS::CloudWatch::Alarm": "cloudwatch_alarm", "AWS::CloudTrail::Trail": "cloudtrail",
    "AWS::Events::Rule": "eventbridge", "AWS::Events::EventBus": "eventbridge",
    "AWS::StepFunctions::StateMachine": "step_functions", "AWS::Cognito::UserPool": "cognito_user_pool",
    "AWS::Cognito::IdentityPool": "cognito_identity_pool", "AWS::ECR::Repository": "ecr_repo",
    "AWS::KinesisFirehose::DeliveryStream": "kinesis_firehose", "AWS::WAFv2::WebACL": "waf",
    "AWS::AppSync::GraphQLApi": "appsync", "AWS::GlobalAccelerator::Accelerator": "global_accelerator",
    "AWS::EC2::FlowLog": "flow_log", "AWS::Route53::HealthCheck": "route53_health_check",
}
#: Detail resources folded into the resource a property of theirs names.
DETAILS = {
    "AWS::IAM::InstanceProfile": ("Roles", "AWS::IAM::Role"),
    "AWS::ApiGateway::Resource": ("RestApiId", REST_API), "AWS::ApiGateway::Deployment": ("RestApiId", REST_API),
    "AWS::ApiGateway::Stage": ("RestApiId", REST_API), "AWS::ApiGateway::Authorizer": ("RestApiId", REST_API),
    "AWS::ApiGatewayV2::Stage": ("ApiId", HTTP_API), "AWS::ApiGatewayV2::Route": ("ApiId", HTTP_API),
    "AWS::ApiGatewayV2::Authorizer": ("ApiId", HTTP_API), "AWS::ApiGatewayV2::Deployment": ("ApiId", HTTP_API),
    "AWS::SQS::QueuePolicy": ("Queues", "AWS::SQS::Queue"), "AWS::SNS::TopicPolicy": ("Topics", "AWS::SNS::Topic"),
}


@maps(*SIMPLE_KINDS, phase=1)
def simple(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    ctx.add(NodeDraft(logical_id, SIMPLE_KINDS[ctx.types[logical_id]], logical_id, cfn_type=ctx.types[logical_id]))


@maps(*DETAILS, phase=2)
def detail(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    key, owner_type = DETAILS[ctx.types[logical_id]]
    ctx.fold(logical_id, next(iter(ctx.refs(props.get(key), owner_type)), None))


@maps(DISTRIBUTION, phase=2)
def distribution(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    config = props.get("DistributionConfig") if isinstance(props.get("DistributionConfig"), dict) else {}
    origins = []
    for origin in config.get("Origins") or []:
        if not isinstance(origin, dict):
            continue
        target = next(iter(ctx.refs(origin.get("DomainName"))), None)
        if target is None:
            continue
        s3_config = origin.get("S3OriginConfig") or {}
        origins.append({"target": target, "oac": bool(ctx.ref(origin.get("OriginAccessControlId")) or isinstance(
            origin.get("OriginAccessControlId"), str) and origin.get("OriginAccessControlId")),
            "oai": bool(isinstance(s3_config, dict) and s3_config.get("OriginAccessIdentity"))})
        custom = origin.get("CustomOriginConfig") or {}
        https = not isinstance(custom, dict) or str(custom.get("OriginProtocolPolicy", "https-only")) != "http-only"
        ctx.edge(logical_id, target, 443 if https else as_int(custom.get("HTTPPort"), 80))
    behaviour = config.get("DefaultCacheBehavior") or {}
    policy = str(behaviour.get("ViewerProtocolPolicy", "allow-all")) if isinstance(behaviour, dict) else ""
    geo = ((config.get("Restrictions") or {}).get("GeoRestriction") or {}) if isinstance(
        config.get("Restrictions"), dict) else {}
    ctx.add(NodeDraft(logical_id, "cloudfront", logical_id,
                      {"origins": origins, "https_only": policy in ("redirect-to-https", "https-only"),
                       "waf": "WebACLId" in config, "price_class": str(config.get("PriceClass", "PriceClass_All")),
                       "geo_restriction": [str(c) for c in geo.get("Locations") or []]},
                      cfn_type=DISTRIBUTION))
    ctx.edge("internet", logical_id, 443)


@maps(*ORIGIN_CONFIGS, phase=3)
def origin_access(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    users = [d.id for d in ctx.nodes.values() if d.kind == "cloudfront"
             and logical_id in ctx.refs(ctx.props(d.id))]
    ctx.fold(logical_id, users[0] if users else None)


@maps(ZONE, phase=0)
def hosted_zone(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    name = props.get("Name")
    ctx.add(NodeDraft(logical_id, "route53_zone", name if isinstance(name, str) else logical_id,
                      cfn_type=ZONE))


def _record(ctx: ImportContext, record_id: str, props: dict[str, Any], zone_value: Any) -> None:
    alias = props.get("AliasTarget") if isinstance(props.get("AliasTarget"), dict) else None
    kind = str(props.get("Type", "A")).upper()
    policy = "simple"
    for key, name in (("Weight", "weighted"), ("Failover", "failover"), ("Region", "latency"),
                      ("GeoLocation", "geolocation"), ("MultiValueAnswer", "multivalue")):
        if key in props:
            policy = name
    targets = ctx.refs(alias.get("DNSName") if alias else props.get("ResourceRecords"))
    zone = ctx.ref(zone_value, ZONE)
    values: dict[str, Any] = {"name": str(props.get("Name", "example.com")).rstrip(".") or "example.com",
                              "type": kind if kind in ("A", "AAAA", "CNAME", "MX", "TXT", "NS") else "A",
                              "alias": alias is not None, "targets": targets, "routing_policy": policy,
                              "ttl": None if alias else as_int(props.get("TTL"), 300),
                              "health_check": ctx.ref(props.get("HealthCheckId"), "AWS::Route53::HealthCheck"),
                              "zone": zone}
    ctx.add(NodeDraft(record_id, "route53_record", values["name"], values, cfn_type="AWS::Route53::RecordSet",
                      parent=zone))
    for target in targets:
        ctx.edge(record_id, target, None, kind="relation", label="resolves to")


@maps("AWS::Route53::RecordSet", phase=2)
def record_set(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    _record(ctx, logical_id, props, props.get("HostedZoneId", props.get("HostedZoneName")))


@maps("AWS::Route53::RecordSetGroup", phase=2)
def record_set_group(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    for number, record in enumerate(props.get("RecordSets") or [], start=1):
        if isinstance(record, dict):
            _record(ctx, f"{logical_id}-{number}", record, props.get("HostedZoneId"))
    ctx.folded[logical_id] = f"{logical_id}-1"


@maps(REST_API, HTTP_API, phase=1)
def api(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    types = (props.get("EndpointConfiguration") or {}).get("Types") if isinstance(
        props.get("EndpointConfiguration"), dict) else None
    endpoint = str(types[0]).lower() if isinstance(types, list) and types else "edge"
    if ctx.types[logical_id] == HTTP_API:
        endpoint = "regional"
    add_api(ctx, logical_id, str(props.get("Name") or logical_id) if isinstance(props.get("Name"), str)
            else logical_id, endpoint, ctx.types[logical_id])
    if ctx.types[logical_id] == HTTP_API and props.get("Target"):
        calls_out(ctx, logical_id, props.get("Target"), label="invokes")


def add_api(ctx: ImportContext, logical_id: str, label: str, endpoint: str, cfn_type: str) -> None:
    ctx.add(NodeDraft(logical_id, "api_gateway", label,
                      {"endpoint_type": endpoint if endpoint in ("regional", "edge", "private") else "regional",
                       "public_api": endpoint != "private"}, cfn_type=cfn_type))
    if endpoint != "private":
        ctx.edge("internet", logical_id, 443)


@maps("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Integration", phase=2)
def integration(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    owner = ctx.ref(props.get("RestApiId"), REST_API) or ctx.ref(props.get("ApiId"), HTTP_API)
    if owner in ctx.nodes:
        authorization = str(props.get("AuthorizationType", "NONE")).upper()
        if authorization in ("AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM", "JWT"):
            ctx.nodes[owner].props["authorizer"] = {"AWS_IAM": "iam", "COGNITO_USER_POOLS": "cognito",
                                                   "JWT": "cognito"}.get(authorization, "lambda")
        calls_out(ctx, owner, [props.get("Integration"), props.get("IntegrationUri")], label="invokes")
    ctx.fold(logical_id, owner)


@maps("AWS::SQS::Queue", phase=1)
def queue(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    redrive = props.get("RedrivePolicy") if isinstance(props.get("RedrivePolicy"), dict) else {}
    values: dict[str, Any] = {"fifo": as_bool(props.get("FifoQueue")),
                              "visibility_timeout_s": as_int(props.get("VisibilityTimeout"), 30),
                              "retention_s": as_int(props.get("MessageRetentionPeriod"), 345600),
                              "dead_letter_queue": ctx.ref(redrive.get("deadLetterTargetArn"), "AWS::SQS::Queue")}
    if as_int(redrive.get("maxReceiveCount")) is not None:
        values["max_receives"] = as_int(redrive.get("maxReceiveCount"))
    name = props.get("QueueName")
    ctx.add(NodeDraft(logical_id, "sqs_queue", name if isinstance(name, str) else logical_id, values,
                      cfn_type="AWS::SQS::Queue"))


@maps("AWS::SNS::Topic", phase=1)
def topic(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    name = props.get("TopicName")
    ctx.add(NodeDraft(logical_id, "sns_topic", name if isinstance(name, str) else logical_id,
                      {"fifo": as_bool(props.get("FifoTopic")), "subscribers": []}, cfn_type="AWS::SNS::Topic"))
    for subscription in props.get("Subscription") or []:
        if isinstance(subscription, dict):
            _subscribe(ctx, logical_id, subscription.get("Endpoint"))


def _subscribe(ctx: ImportContext, topic_id: str | None, endpoint: Any) -> str | None:
    subscriber = next(iter(ctx.refs(endpoint)), None)
    if topic_id in ctx.nodes and subscriber:
        ctx.nodes[topic_id].props["subscribers"].append(subscriber)
        ctx.edge(topic_id, subscriber, 443, label="delivers")
    return subscriber


@maps("AWS::SNS::Subscription", phase=2)
def subscription(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    topic_id = ctx.ref(props.get("TopicArn"), "AWS::SNS::Topic")
    _subscribe(ctx, topic_id, props.get("Endpoint"))
    ctx.fold(logical_id, topic_id)


@maps("AWS::Kinesis::Stream", phase=1)
def stream(ctx: ImportContext, logical_id: str, props: dict[str, Any]) -> None:
    mode = (props.get("StreamModeDetails") or {}).get("StreamMode") if isinstance(
        props.get("StreamModeDetails"), dict) else None
    ctx.add(NodeDraft(logical_id, "kinesis_data_stream", logical_id,
                      {"shards": as_int(props.get("ShardCount"), 1) or 1,
                       "mode": "on_demand" if mode == "ON_DEMAND" else "provisioned"},
                      cfn_type="AWS::Kinesis::Stream"))


@finisher(3)
def scrub_auth(ctx: ImportContext) -> None:
    """APIs without an authorizer say so explicitly, so rules read a fact and not a default."""
    for draft in ctx.nodes.values():
        if draft.kind == "api_gateway":
            draft.props.setdefault("authorizer", "none")
