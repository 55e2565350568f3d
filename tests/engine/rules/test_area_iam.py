"""IAM, monitoring and security-service rules: fire on the fault, silent on the fix, quick fixes undoable."""

import pytest

from cloudwright.engine.document import Document

from .helpers import design, found, vpc_base

BASE = vpc_base()
NET = {"id": "net", "kind": "internet"}
APP = {"id": "app", "kind": "ec2", "parent": "priv-a"}
STAR = [{"effect": "Allow", "actions": ["*"], "resources": ["*"]}]
R2 = {"id": "r2", "kind": "region", "name": "eu-west-1"}
LB = {"id": "lb", "kind": "alb", "parent": "vpc", "subnets": ["pub-a", "pub-b"]}

CASES = [
    ("IAM-ROOT-001", [*BASE, APP, {"id": "b", "kind": "s3_bucket"}], [*BASE, APP, {"id": "b", "kind": "s3_bucket"}]),
    ("IAM-GRP-001", [{"id": "g", "kind": "iam_group", "members": ["g2"]}, {"id": "g2", "kind": "iam_group"}],
     [{"id": "g", "kind": "iam_group", "members": ["u"]}, {"id": "u", "kind": "iam_user"}]),
    ("IAM-LP-001", [{"id": "r", "kind": "iam_role", "statements": STAR}],
     [{"id": "r", "kind": "iam_role", "statements": [{"effect": "Allow", "actions": ["s3:GetObject"],
                                                      "resources": ["arn:aws:s3:::b/*"]}]}]),
    ("IAM-MFA-001", [{"id": "u", "kind": "iam_user", "mfa": False}], [{"id": "u", "kind": "iam_user", "mfa": True}]),
    ("IAM-S3ARN-001", [{"id": "r", "kind": "iam_role", "statements": [
        {"actions": ["s3:ListBucket"], "resources": ["arn:aws:s3:::b/*"]}]}],
     [{"id": "r", "kind": "iam_role", "statements": [{"actions": ["s3:ListBucket"], "resources": ["arn:aws:s3:::b"]}]}]),
    ("IAM-PB-001", [{"id": "g", "kind": "iam_group", "permission_boundary": "pb"}], [{"id": "g", "kind": "iam_group"}]),
    ("IAM-STS-001", [{"id": "r", "kind": "iam_role", "max_session_s": 86400}],
     [{"id": "r", "kind": "iam_role", "max_session_s": 3600}]),
    ("IAM-RBP-001", [*BASE, {**APP, "resource_policy": {"principal": "*"}}], [*BASE, APP]),
    ("IAM-FED-001", [{"id": "phone", "kind": "mobile_client"}, {"id": "sts", "kind": "sts"}],
     [{"id": "phone", "kind": "mobile_client"}, {"id": "sts", "kind": "cognito_identity_pool"}]),
    ("IAM-SCP-001", [{"id": "acct", "kind": "account", "management": True}, {"id": "scp", "kind": "scp",
                                                                             "targets": ["acct"]}],
     [{"id": "acct", "kind": "account"}, {"id": "scp", "kind": "scp", "targets": ["acct"]}]),
    ("IAM-RAM-001", [*BASE, {"id": "sg", "kind": "security_group", "parent": "vpc"},
                     {"id": "share", "kind": "ram_share", "resources": ["sg"]}],
     [*BASE, {"id": "share", "kind": "ram_share", "resources": ["priv-a"]}]),
    ("IAM-DIR-001", [*BASE, {"id": "ad", "kind": "active_directory"},
                     {"id": "dir", "kind": "directory_service", "parent": "priv-a", "type": "simple_ad"}],
     [*BASE, {"id": "ad", "kind": "active_directory"},
      {"id": "dir", "kind": "directory_service", "parent": "priv-a", "type": "managed_ad"}]),
    ("MON-CW-002", [*BASE, APP, {"id": "al", "kind": "cloudwatch_alarm", "metric": "MemoryUtilization",
                                 "instance": "app"}],
     [*BASE, {**APP, "cw_agent": True}, {"id": "al", "kind": "cloudwatch_alarm", "metric": "MemoryUtilization",
                                         "instance": "app"}]),
    ("MON-CW-003", [{"id": "m", "kind": "cloudwatch_metric", "dimensions": [f"d{n}" for n in range(31)]}],
     [{"id": "m", "kind": "cloudwatch_metric", "dimensions": ["d"]}]),
    ("MON-CW-004", [{"id": "m", "kind": "cloudwatch_metric", "resolution_s": 15}],
     [{"id": "m", "kind": "cloudwatch_metric", "resolution_s": 10}]),
    ("MON-LOG-001", [*BASE, APP, {"id": "logs", "kind": "cloudwatch_logs"}],
     [*BASE, {**APP, "iam_role": "role"}, {"id": "role", "kind": "iam_role"}, {"id": "logs", "kind": "cloudwatch_logs"}]),
    ("MON-ALARM-001", [{"id": "al", "kind": "cloudwatch_alarm", "actions": ["q"]}, {"id": "q", "kind": "sqs_queue"}],
     [{"id": "al", "kind": "cloudwatch_alarm", "actions": ["t"]}, {"id": "t", "kind": "sns_topic"}]),
    ("MON-REC-001", [*BASE, {**APP, "intent": {"critical": True}}],
     [*BASE, {**APP, "intent": {"critical": True}}, {"id": "al", "kind": "cloudwatch_alarm", "actions": ["app"]}]),
    ("MON-EB-001", [{"id": "eb", "kind": "eventbridge", "targets": ["t"]}, {"id": "t", "kind": "dynamodb_table"}],
     [{"id": "eb", "kind": "eventbridge", "targets": ["t"]}, {"id": "t", "kind": "lambda"}]),
    ("MON-CT-001", [{"id": "trail", "kind": "cloudtrail", "intent": {"retention_days": 365}}],
     [{"id": "trail", "kind": "cloudtrail", "intent": {"retention_days": 365}, "destination": "b"},
      {"id": "b", "kind": "s3_bucket"}]),
    ("SEC-KMS-001", [*BASE, R2, {"id": "key", "kind": "kms_key", "parent": "r2"},
                     {"id": "db", "kind": "rds", "parent": "priv-a", "kms_key": "key"}],
     [*BASE, {"id": "key", "kind": "kms_key", "parent": "region"},
      {"id": "db", "kind": "rds", "parent": "priv-a", "kms_key": "key"}]),
    ("SEC-KMS-002", [{"id": "s", "kind": "rds_snapshot", "encrypted": True, "shared_with": ["111122223333"]}],
     [{"id": "s", "kind": "rds_snapshot", "encrypted": True, "shared_with": ["111122223333"], "kms_key": "k"},
      {"id": "k", "kind": "kms_key"}]),
    ("SEC-KMS-005", [{"id": "k", "kind": "kms_key", "rotation": True, "spec": "asymmetric"}],
     [{"id": "k", "kind": "kms_key", "rotation": True}]),
    ("SEC-SEC-001", [*BASE, {**APP, "plaintext_secret": True}], [*BASE, APP]),
    ("SEC-HSM-001", [*BASE, {"id": "h1", "kind": "cloudhsm", "parent": "priv-a"}],
     [*BASE, {"id": "h1", "kind": "cloudhsm", "parent": "priv-a"}, {"id": "h2", "kind": "cloudhsm",
                                                                    "parent": "priv-b"}]),
    ("SEC-WAF-001", [*BASE, {**LB, "kind": "nlb"}, {"id": "waf", "kind": "waf", "attached_to": "lb"}],
     [*BASE, LB, {"id": "waf", "kind": "waf", "attached_to": "lb"}]),
    ("SEC-DDOS-001", [*BASE, NET, LB], [*BASE, NET, LB, {"id": "waf", "kind": "waf", "attached_to": "lb"}]),
    ("SEC-INS-001", [*BASE, {"id": "db", "kind": "rds", "parent": "priv-a"},
                     {"id": "insp", "kind": "inspector", "targets": ["db"]}],
     [*BASE, APP, {"id": "insp", "kind": "inspector", "targets": ["app"]}]),
    ("SEC-ENC-001", [*BASE, NET, LB], [*BASE, NET, {**LB, "listeners": [{"protocol": "HTTPS", "port": 443}]}]),
    ("SEC-ENC-001", [*BASE, {"id": "db", "kind": "rds", "parent": "priv-a", "intent": {"sensitive": True}}],
     [*BASE, {"id": "db", "kind": "rds", "parent": "priv-a", "storage_encrypted": True,
              "intent": {"sensitive": True}}]),
]
EDGES = [{"from": "app", "to": "b", "props": {"principal": "root"}}, {"from": "dir", "to": "ad"},
         {"from": "phone", "to": "sts"}, {"from": "app", "to": "logs"}, {"from": "net", "to": "lb", "port": 443}]


def _edges(nodes: list, good: bool, rule_id: str) -> list:
    ids = {n["id"] for n in nodes}
    edges = [{"id": f"f{i}", **e} for i, e in enumerate(EDGES) if e["from"] in ids and e["to"] in ids]
    if rule_id == "IAM-ROOT-001" and good:
        edges = [{k: v for k, v in e.items() if k != "props"} for e in edges]
    return edges


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    assert found(design(bad, _edges(bad, False, rule_id)), rule_id), f"{rule_id} did not fire"
    assert not found(design(good, _edges(good, True, rule_id)), rule_id), f"{rule_id} fired on the corrected design"


@pytest.mark.parametrize(("rule_id", "bad"), [
    ("IAM-MFA-001", [{"id": "u", "kind": "iam_user", "mfa": False}]),
    ("SEC-ENC-001", [*BASE, {"id": "db", "kind": "rds", "parent": "priv-a", "intent": {"sensitive": True}}]),
])
def test_quick_fix_applies_and_undoes(rule_id: str, bad: list) -> None:
    """Applying the quick fix through the document removes the finding; undo brings it back."""
    doc = Document(design(bad))
    finding = found(doc.diagram, rule_id)[0]
    doc.execute(finding.quick_fix.build(doc.diagram))
    assert not found(doc.diagram, rule_id)
    doc.undo()
    assert found(doc.diagram, rule_id)


def test_scaling_on_basic_monitoring_suggests_detailed_monitoring() -> None:
    """MON-CW-001: an ASG with a scaling policy on 5-minute metrics; the quick fix enables 1-minute metrics."""
    asg = {"id": "asg", "kind": "asg", "parent": "vpc", "subnets": ["priv-a", "priv-b"], "scaling_policy": "target_cpu_50"}
    doc = Document(design([*BASE, asg]))
    finding = found(doc.diagram, "MON-CW-001")[0]
    doc.execute(finding.quick_fix.build(doc.diagram))
    assert not found(doc.diagram, "MON-CW-001")
    doc.undo()
    assert found(doc.diagram, "MON-CW-001")
    assert not found(design([*BASE, {k: v for k, v in asg.items() if k != "scaling_policy"}]), "MON-CW-001")
