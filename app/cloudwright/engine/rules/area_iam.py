"""IAM, monitoring and security-service rules (rules.md 22, 23, 24): only what a design can show.

Identity and monitoring kinds have no typed schema, so these rules read the raw properties a design (or a
CloudFormation import) gives them: ``statements`` (``{effect, actions, resources}``), ``members``,
``resource_policy``, ``rotation``... A property the design does not set never produces a finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.rules import Hit, QuickFix, RuleContext, hit, rule
from cloudwright.engine.rules.netfacts import INSTANCE_KINDS, facts, title

RESOURCE_POLICY_KINDS = frozenset({"s3_bucket", "sns_topic", "sqs_queue", "kms_key", "api_gateway", "eventbridge",
                                   "lambda", "ecr_repo", "secrets_manager", "glacier_vault", "opensearch",
                                   "elasticsearch", "iot_core", "kinesis_data_stream"})
ALARM_TARGETS = frozenset({"asg", "ec2", "sns_topic", "lambda", "ssm_automation"})
EVENT_TARGETS = frozenset({"lambda", "batch", "ecs_task", "ecs_service", "fargate_task", "sqs_queue", "sns_topic",
                           "kinesis_data_stream", "kinesis_firehose", "step_functions", "codebuild", "ssm_automation",
                           "ec2", "api_gateway", "eventbridge", "cloudwatch_logs", "redshift"})
WAF_TARGETS = frozenset({"alb", "api_gateway", "cloudfront", "appsync", "cognito_user_pool"})
INSPECTOR_TARGETS = frozenset({"ec2", "asg", "eks_node", "ecr_repo", "lambda"})
ENCRYPTION_FIELD = {"rds": "storage_encrypted", "aurora_instance": "storage_encrypted", "ebs": "encrypted",
                    "efs": "encrypted", "dynamodb_table": "encrypted", "redshift": "encrypted"}


def _statements(node: Node) -> list[dict[str, Any]]:
    props = node.props
    raw = props.get("statements") or (props.get("policy") or {}).get("statements") or []
    return [s for s in raw if isinstance(s, dict)]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _targets(ctx: RuleContext, node: Node, key: str = "targets") -> list[str]:
    """What a node points at: its ``key`` property plus its outgoing edges."""
    ids = _as_list(node.props.get(key)) + _as_list(node.props.get("attached_to"))
    ids += [ctx.diagram.edges[e].target for e in ctx.index.out_edges.get(node.id, [])]
    return [i for i in dict.fromkeys(ids) if i in ctx.diagram.nodes]


# --- IAM -----------------------------------------------------------------------------------------------------

@rule("IAM-ROOT-001", "warning", pillars=("security",))
def no_root_credentials(ctx: RuleContext) -> Iterator[Hit]:
    for edge in ctx.diagram.edges.values():
        if str(edge.props.get("principal", "")).lower() == "root":
            yield hit([edge.source, edge.target], f"Flow {edge.id} ({edge.source} -> {edge.target}) runs with the root "
                      "account's credentials.", fix="Create an IAM role or user with only the needed permissions.")
    for user in ctx.index.of_kind("iam_user"):
        if user.props.get("root") and ctx.index.out_edges.get(user.id):
            yield hit(user.id, f"The root account {title(user)} is used by the workload.",
                      fix="Use the root account only for account setup; give the workload an IAM role.")


@rule("IAM-GRP-001", "error", pillars=("security",))
def groups_hold_users(ctx: RuleContext) -> Iterator[Hit]:
    for group in ctx.index.of_kind("iam_group"):
        for member in _as_list(group.props.get("members")):
            node = ctx.diagram.nodes.get(member)
            if node is not None and node.kind != "iam_user":
                yield hit([group.id, member], f"IAM group {title(group)} contains {member} ({node.kind}); groups hold "
                          "users only, never other groups or roles.", fix=f"Remove {member} from {group.id}.")


@rule("IAM-LP-001", "warning", pillars=("security",))
def least_privilege(ctx: RuleContext) -> Iterator[Hit]:
    for node in ctx.index.of_kind("iam_role", "iam_policy", "iam_user", "iam_group"):
        if ctx.intent(node, "admin"):
            continue
        for statement in _statements(node):
            if str(statement.get("effect", "Allow")).lower() != "allow":
                continue
            if "*" in _as_list(statement.get("actions") or statement.get("action")) \
                    and "*" in _as_list(statement.get("resources") or statement.get("resource") or "*"):
                yield hit(node.id, f"{title(node)} is allowed every action on every resource ('*' on '*').",
                          fix=f"Grant {node.id} only the actions and resources it uses.")
                break


@rule("IAM-MFA-001", "warning", pillars=("security",))
def users_use_mfa(ctx: RuleContext) -> Iterator[Hit]:
    for user in ctx.index.of_kind("iam_user"):
        if user.props.get("mfa") is False or (user.props.get("console_access") and not user.props.get("mfa")):
            yield hit(user.id, f"IAM user {title(user)} signs in without MFA.", fix=f"Enable MFA for {user.id}.",
                      quick_fix=QuickFix(f"Require MFA for {user.id}", lambda d, u=user.id: set_node_fields(
                          d, u, props={"mfa": True})))


@rule("IAM-S3ARN-001", "error", pillars=("security",))
def s3_action_resource_scope(ctx: RuleContext) -> Iterator[Hit]:
    bucket_actions = {"s3:listbucket", "s3:getbucketlocation", "s3:listbucketversions"}
    object_actions = {"s3:getobject", "s3:putobject", "s3:deleteobject"}
    for node in ctx.index.of_kind("iam_role", "iam_policy", "iam_user", "iam_group"):
        for statement in _statements(node):
            actions = {a.lower() for a in _as_list(statement.get("actions") or statement.get("action"))}
            resources = _as_list(statement.get("resources") or statement.get("resource"))
            s3 = [r for r in resources if r.startswith("arn:aws:s3:::")]
            if actions & bucket_actions and s3 and all(r.endswith("/*") for r in s3):
                yield hit(node.id, f"{title(node)} grants {', '.join(sorted(actions & bucket_actions))} on "
                          f"{', '.join(s3)}: bucket-level actions take the bucket ARN, without '/*'.",
                          fix="Use arn:aws:s3:::BUCKET for ListBucket and arn:aws:s3:::BUCKET/* for object actions.")
            elif actions & object_actions and s3 and not any("/" in r[len("arn:aws:s3:::"):] for r in s3):
                yield hit(node.id, f"{title(node)} grants {', '.join(sorted(actions & object_actions))} on the bucket "
                          f"ARN {', '.join(s3)}: object-level actions need 'BUCKET/*'.",
                          fix="Add '/*' to the resource of the object-level actions.")


@rule("IAM-PB-001", "error", pillars=("security",))
def boundaries_on_users_and_roles(ctx: RuleContext) -> Iterator[Hit]:
    for group in ctx.index.of_kind("iam_group"):
        if group.props.get("permission_boundary"):
            yield hit(group.id, f"IAM group {title(group)} has a permissions boundary; boundaries attach to users and "
                      "roles only.", fix="Set the boundary on the group's users (or roles) instead.")


@rule("IAM-STS-001", "error", pillars=("security",))
def session_duration(ctx: RuleContext) -> Iterator[Hit]:
    for role in ctx.index.of_kind("iam_role", "sts"):
        seconds = role.props.get("max_session_s") or role.props.get("session_duration_s")
        if not isinstance(seconds, int):
            continue
        if seconds > 43200 or seconds < 900:
            yield hit(role.id, f"{title(role)} asks for {seconds} s sessions; STS credentials last 15 minutes to "
                      "12 hours.", fix=f"Set the session duration of {role.id} between 900 and 43200 seconds.")
        elif seconds > 3600:
            yield hit(role.id, f"{title(role)} uses {seconds // 3600} h sessions, longer than the notes' 1 hour "
                      "(AWS allows up to 12 h; role chaining stays at 1 h).", fix="No change needed.",
                      severity="info")


@rule("IAM-RBP-001", "warning", pillars=("security",))
def resource_policies_where_supported(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_any_raw("resource_policy"):
        if node.props.get("resource_policy") and node.kind not in RESOURCE_POLICY_KINDS:
            yield hit(node.id, f"{title(node)} ({node.kind}) carries a resource-based policy, which that service "
                      "does not support.", fix=f"Grant cross-account access to {node.id} through an IAM role instead.")


@rule("IAM-FED-001", "warning", pillars=("security",), aliases=("identity.web_identity_without_cognito",))
def federate_app_users_with_cognito(ctx: RuleContext) -> Iterator[Hit]:
    for edge in ctx.diagram.edges.values():
        source, target = ctx.diagram.nodes.get(edge.source), ctx.diagram.nodes.get(edge.target)
        if source is None or target is None:
            continue
        if source.kind in ("mobile_client", "user") and target.kind == "sts":
            yield hit([edge.source, edge.target], f"{title(source)} calls STS directly (AssumeRoleWithWebIdentity).",
                      fix="Federate app users through a Cognito identity pool, which hands out the temporary "
                      "credentials.")


@rule("IAM-SCP-001", "error", pillars=("security",), aliases=("identity.scp_on_master",))
def scp_targets(ctx: RuleContext) -> Iterator[Hit]:
    for scp in ctx.index.of_kind("scp"):
        for target in _targets(ctx, scp):
            node = ctx.node(target)
            if node.kind == "account" and node.props.get("management"):
                yield hit([scp.id, target], f"SCP {title(scp)} is attached to the management account {target}, where "
                          "SCPs have no effect.", fix=f"Attach {scp.id} to OUs or member accounts.", severity="info")
            elif node.kind not in ("account", "ou", "organization"):
                yield hit([scp.id, target], f"SCP {title(scp)} is attached to {target} ({node.kind}); SCPs attach to "
                          "organizational units and member accounts.", fix=f"Attach {scp.id} to an OU or account.")


@rule("IAM-RAM-001", "error", pillars=("security",), aliases=("ram.cannot_share_sg_or_default_vpc",))
def ram_shareable_resources(ctx: RuleContext) -> Iterator[Hit]:
    for share in ctx.index.of_kind("ram_share"):
        for resource in _as_list(share.props.get("resources")):
            node = ctx.diagram.nodes.get(resource)
            if node is None:
                continue
            if node.kind == "security_group" or (node.kind == "vpc" and ctx.props(node).is_default):  # type: ignore
                yield hit([share.id, resource], f"RAM share {title(share)} includes {resource} ({node.kind}); "
                          "security groups and the default VPC cannot be shared.",
                          fix=f"Remove {resource} from {share.id}; share subnets of a custom VPC instead.")


@rule("IAM-DIR-001", "error", pillars=("operational_excellence",), aliases=("identity.simple_ad_trust",))
def directory_choice(ctx: RuleContext) -> Iterator[Hit]:
    for directory in ctx.index.of_kind("directory_service"):
        kind = str(directory.props.get("type", "managed_ad")).lower()
        peers = [e for e in ctx.diagram.edges.values() if directory.id in (e.source, e.target)]
        ad = [e.target if e.source == directory.id else e.source for e in peers
              if ctx.diagram.nodes.get(e.target if e.source == directory.id else e.source) is not None
              and ctx.node(e.target if e.source == directory.id else e.source).kind == "active_directory"]
        if kind == "simple_ad" and ad:
            yield hit([directory.id, *ad], f"Simple AD {title(directory)} is joined to the on-premises directory "
                      f"{ad[0]}; Simple AD cannot trust an on-premises AD.",
                      fix=f"Use AWS Managed Microsoft AD (two-way trust) or AD Connector for {directory.id}.")
        elif kind == "ad_connector" and not ad:
            yield hit(directory.id, f"AD Connector {title(directory)} proxies to an on-premises AD, but none is "
                      "connected.", fix=f"Connect {directory.id} to the on-premises Active Directory.")


# --- monitoring ----------------------------------------------------------------------------------------------

@rule("MON-CW-001", "info", pillars=("performance", "reliability"))
def detailed_monitoring_for_scaling(ctx: RuleContext) -> Iterator[Hit]:
    for asg in ctx.index.of_kind("asg"):
        if ctx.props(asg).scaling_policy and not asg.props.get("detailed_monitoring"):  # type: ignore[attr-defined]
            yield hit(asg.id, f"Auto Scaling group {title(asg)} scales on CloudWatch metrics, which basic monitoring "
                      "sends only every 5 minutes, so it reacts late to a load spike.",
                      fix=f"Enable detailed (1-minute) monitoring on the instances of {asg.id}.",
                      quick_fix=QuickFix(f"Enable detailed monitoring for {asg.id}", lambda d, a=asg.id: set_node_fields(
                          d, a, props={"detailed_monitoring": True})))


@rule("MON-CW-002", "warning", pillars=("operational_excellence",))
def memory_metrics_need_agent(ctx: RuleContext) -> Iterator[Hit]:
    for alarm in ctx.index.of_kind("cloudwatch_alarm", "cloudwatch_metric"):
        metric = str(alarm.props.get("metric", "")).lower()
        if not any(word in metric for word in ("mem", "disk", "swap")):
            continue
        for instance in _as_list(alarm.props.get("instance")):
            node = ctx.diagram.nodes.get(instance)
            if node is not None and node.kind in INSTANCE_KINDS and not node.props.get("cw_agent"):
                yield hit([alarm.id, instance], f"{title(alarm)} watches {metric} of {instance}, but EC2 does not "
                          "publish memory or disk metrics without the CloudWatch agent.",
                          fix=f"Install the CloudWatch agent on {instance} (cw_agent: true) with an IAM role allowing "
                          "cloudwatch:PutMetricData.")


@rule("MON-CW-003", "error", pillars=("operational_excellence",))
def metric_dimensions(ctx: RuleContext) -> Iterator[Hit]:
    for metric in ctx.index.of_kind("cloudwatch_metric"):
        count = len(_as_list(metric.props.get("dimensions")))
        if count > 30:
            yield hit(metric.id, f"Metric {title(metric)} has {count} dimensions; CloudWatch allows 30.",
                      fix=f"Drop dimensions of {metric.id} to 30 or fewer.")
        elif count > 10:
            yield hit(metric.id, f"Metric {title(metric)} has {count} dimensions, above the notes' 10 (AWS allows "
                      "30 today).", fix="No change needed.", severity="info")


@rule("MON-CW-004", "error", pillars=("operational_excellence",))
def metric_resolution(ctx: RuleContext) -> Iterator[Hit]:
    for metric in ctx.index.of_kind("cloudwatch_metric"):
        resolution = metric.props.get("resolution_s")
        if isinstance(resolution, int) and resolution not in (1, 5, 10, 30, 60):
            yield hit(metric.id, f"Metric {title(metric)} has a {resolution} s resolution; custom metrics take 60 s "
                      "(standard) or 1, 5, 10, 30 s (high resolution).", fix="Use one of 1, 5, 10, 30 or 60 s.")
    for alarm in ctx.index.of_kind("cloudwatch_alarm"):
        period = alarm.props.get("period_s")
        if isinstance(period, int) and period not in (10, 30) and period % 60:
            yield hit(alarm.id, f"Alarm {title(alarm)} uses a {period} s period; alarm periods are 10 s, 30 s or a "
                      "multiple of 60 s.", fix=f"Set the period of {alarm.id} to 10, 30 or a multiple of 60 seconds.")


@rule("MON-LOG-001", "warning", pillars=("operational_excellence",))
def log_shipping_needs_permissions(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for edge in f.traffic_edges:
        source, target = ctx.node(edge.source), ctx.node(edge.target)
        if target.kind == "cloudwatch_logs" and source.kind in INSTANCE_KINDS and not ctx.props(source).iam_role:  # type: ignore
            yield hit([edge.source, edge.target], f"{title(source)} ships logs to {edge.target} but has no IAM role "
                      "allowing it (logs:PutLogEvents).",
                      fix=f"Install the CloudWatch agent on {edge.source} and attach a role allowing CloudWatch Logs.")


@rule("MON-ALARM-001", "error", pillars=("operational_excellence",))
def alarm_actions(ctx: RuleContext) -> Iterator[Hit]:
    for alarm in ctx.index.of_kind("cloudwatch_alarm"):
        for target in _targets(ctx, alarm, "actions"):
            kind = ctx.node(target).kind
            if kind not in ALARM_TARGETS:
                yield hit([alarm.id, target], f"Alarm {title(alarm)} acts on {target} ({kind}); alarm actions are "
                          "Auto Scaling policies, EC2 actions (stop, terminate, reboot, recover) or SNS notifications.",
                          fix=f"Notify an SNS topic from {alarm.id} and let a subscriber act on {target}.")


@rule("MON-REC-001", "warning", pillars=("reliability",))
def critical_instance_recovery(ctx: RuleContext) -> Iterator[Hit]:
    watched = {t for a in ctx.index.of_kind("cloudwatch_alarm") for t in _targets(ctx, a, "actions")}
    watched |= {i for a in ctx.index.of_kind("cloudwatch_alarm") for i in _as_list(a.props.get("instance"))}
    for node in ctx.index.of_kind("ec2"):
        if node.intent and ctx.intent(node, "critical") and not ctx.props(node).member_of and node.id not in watched:  # type: ignore
            yield hit(node.id, f"Critical instance {title(node)} runs alone (no Auto Scaling group) with no "
                      "recovery alarm.",
                      fix=f"Add a CloudWatch alarm on StatusCheckFailed_System for {node.id} with the recover action.")


@rule("MON-EB-001", "error", pillars=("operational_excellence",))
def eventbridge_targets(ctx: RuleContext) -> Iterator[Hit]:
    for bus in ctx.index.of_kind("eventbridge"):
        for target in _targets(ctx, bus):
            kind = ctx.node(target).kind
            if kind not in EVENT_TARGETS:
                yield hit([bus.id, target], f"EventBridge rule {title(bus)} targets {target} ({kind}), which is not an "
                          "EventBridge target.", fix=f"Target a Lambda function or an SQS queue that writes to {target}.")


@rule("MON-CT-001", "warning", pillars=("security",))
def trail_retention(ctx: RuleContext) -> Iterator[Hit]:
    for trail in ctx.index.of_kind("cloudtrail"):
        days = ctx.intent(trail, "retention_days") or trail.props.get("retention_days")
        if not isinstance(days, int) or days <= 90:
            continue
        sinks = [t for t in _targets(ctx, trail, "destination") if ctx.node(t).kind in ("s3_bucket", "cloudwatch_logs")]
        if not sinks:
            yield hit(trail.id, f"CloudTrail {title(trail)} must keep {days} days of events, but the event history "
                      "keeps only 90.", fix=f"Send {trail.id} to an S3 bucket (query it with Athena) or CloudWatch Logs.")


# --- security services ---------------------------------------------------------------------------------------

@rule("SEC-KMS-001", "error", pillars=("security",), aliases=("kms.cross_region_key",))
def kms_keys_regional(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for node in f.with_any_raw("kms_key"):
        key = node.props.get("kms_key")
        if node.kind == "ebs" or not isinstance(key, str) or key not in ctx.diagram.nodes:
            continue
        here, there = f.region_name(node.id), f.region_name(key)
        if here and there and here != there:
            yield hit([node.id, key], f"{title(node)} ({here}) is encrypted with the KMS key {key} of {there}; KMS "
                      "keys are regional.", fix=f"Use a KMS key of {here} (copies re-encrypt with a destination key).")


@rule("SEC-KMS-002", "error", pillars=("security",))
def shared_snapshot_key(ctx: RuleContext) -> Iterator[Hit]:
    for snapshot in ctx.index.of_kind("ebs_snapshot", "rds_snapshot", "redshift_snapshot"):
        if not _as_list(snapshot.props.get("shared_with")) or not snapshot.props.get("encrypted"):
            continue
        key = ctx.diagram.nodes.get(str(snapshot.props.get("kms_key", "")))
        if key is None or key.props.get("kind", "customer") != "customer":
            yield hit(snapshot.id, f"Encrypted snapshot {title(snapshot)} is shared with other accounts but is not "
                      "encrypted with a customer-managed key they are granted.",
                      fix=f"Re-encrypt {snapshot.id} with a customer-managed KMS key whose key policy grants the "
                      "target accounts.")


@rule("SEC-KMS-005", "error", pillars=("security",))
def key_rotation(ctx: RuleContext) -> Iterator[Hit]:
    for key in ctx.index.of_kind("kms_key"):
        props = key.props
        if not props.get("rotation"):
            continue
        if props.get("kind", "customer") != "customer" or props.get("spec", "symmetric") != "symmetric":
            yield hit(key.id, f"KMS key {title(key)} enables automatic rotation, which exists only for "
                      "customer-managed symmetric keys.", fix=f"Rotate {key.id} manually behind an alias.")
            continue
        days = props.get("rotation_days", 365)
        if isinstance(days, int) and not 90 <= days <= 2560:
            yield hit(key.id, f"KMS key {title(key)} rotates every {days} days; AWS accepts 90 to 2560.",
                      fix=f"Set rotation_days of {key.id} between 90 and 2560 (365 by default).")
        elif days != 365:
            yield hit(key.id, f"KMS key {title(key)} rotates every {days} days; the notes know only yearly rotation "
                      "(AWS allows 90-2560 days today).", fix="No change needed.", severity="info")


@rule("SEC-SEC-001", "warning", pillars=("security",))
def no_plaintext_secrets(ctx: RuleContext) -> Iterator[Hit]:
    for node in facts(ctx).with_any_raw("plaintext_secret", "plaintext_secrets"):
        if node.props.get("plaintext_secret") or node.props.get("plaintext_secrets"):
            yield hit(node.id, f"{title(node)} keeps a secret in plain text in its configuration.",
                      fix="Store the secret in Secrets Manager (with rotation) or SSM Parameter Store SecureString.")


@rule("SEC-HSM-001", "warning", pillars=("reliability",))
def cloudhsm_multi_az(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    clusters: dict[str, list[Node]] = defaultdict(list)
    for hsm in ctx.index.of_kind("cloudhsm"):
        clusters[str(hsm.props.get("cluster") or f.vpc_id(hsm.id) or hsm.id)].append(hsm)
    for cluster, hsms in sorted(clusters.items()):
        azs = {ctx.index.az_key(h.id) for h in hsms} - {None}
        if len(azs) < 2:
            yield hit([h.id for h in hsms], f"CloudHSM cluster {cluster} runs in {len(azs) or 'no'} AZ; one AZ failure "
                      "loses the keys' availability.", fix="Add an HSM in a second AZ.")


@rule("SEC-WAF-001", "error", pillars=("security",), aliases=("security.waf_unsupported_target",))
def waf_targets(ctx: RuleContext) -> Iterator[Hit]:
    for waf in ctx.index.of_kind("waf"):
        for target in _targets(ctx, waf):
            kind = ctx.node(target).kind
            if kind not in WAF_TARGETS:
                yield hit([waf.id, target], f"WAF {title(waf)} is attached to {target} ({kind}); a web ACL protects an "
                          "ALB, API Gateway or CloudFront, not an NLB, CLB or instance.",
                          fix=f"Put CloudFront or an ALB in front of {target} and attach {waf.id} there.")


@rule("SEC-DDOS-001", "warning", pillars=("security",))
def public_web_entry_protected(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    protected = {t for w in ctx.index.of_kind("waf") for t in _targets(ctx, w)}
    for edge in f.traffic_edges:
        target = ctx.node(edge.target)
        if f.is_internet(edge.source) and target.kind in ("alb", "clb", "elb") and f.has_public_ipv4(target.id) \
                and target.id not in protected:
            yield hit(target.id, f"The public web entry point {title(target)} is reached straight from the Internet, "
                      "with no CloudFront or WAF in front.",
                      fix=f"Serve {target.id} through CloudFront with AWS WAF (Route 53 -> CloudFront -> ALB).",
                      severity="info")


@rule("SEC-INS-001", "error", pillars=("security",))
def inspector_targets(ctx: RuleContext) -> Iterator[Hit]:
    for inspector in ctx.index.of_kind("inspector"):
        for target in _targets(ctx, inspector):
            kind = ctx.node(target).kind
            if kind not in INSPECTOR_TARGETS:
                yield hit([inspector.id, target], f"Inspector {title(inspector)} assesses {target} ({kind}); it scans "
                          "EC2 instances (and container images and Lambda functions), not this kind.",
                          fix=f"Remove {target} from the targets of {inspector.id}.")


@rule("SEC-ENC-001", "warning", pillars=("security",))
def encrypt_in_flight_and_at_rest(ctx: RuleContext) -> Iterator[Hit]:
    f = facts(ctx)
    for lb in ctx.index.of_kind("alb", "clb", "elb"):
        if not f.has_public_ipv4(lb.id) or lb.id not in f.internet_flow_nodes:
            continue
        listeners = ctx.props(lb).listeners  # type: ignore[attr-defined]
        plain = [x for x in listeners if x.protocol == "HTTP" and not x.redirect_to_https]
        if plain and not any(x.protocol in ("HTTPS", "TLS", "SSL") for x in listeners):
            yield hit(lb.id, f"Internet-facing {title(lb)} serves users over plain HTTP (port {plain[0].port}).",
                      fix=f"Add an HTTPS listener with an ACM certificate to {lb.id} and redirect HTTP to HTTPS.")
    for node in ctx.diagram.nodes.values():
        field = ENCRYPTION_FIELD.get(node.kind)
        if field is None or not ctx.intent(node, "sensitive"):
            continue
        if not getattr(ctx.props(node), field, node.props.get(field, False)):
            yield hit(node.id, f"{title(node)} holds sensitive data but is not encrypted at rest.",
                      fix=f"Enable KMS encryption on {node.id} ({field}: true).",
                      quick_fix=QuickFix(f"Encrypt {node.id}", lambda d, n=node.id, k=field: set_node_fields(
                          d, n, props={k: True})))
