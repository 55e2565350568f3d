"""EC2, Elastic IP, ENI, placement, purchasing, EBS and EFS rules: fire, stay silent when fixed, quick fixes."""

import pytest

from cloudwright.engine.document import Document

from .helpers import design, found, patch, vpc_base

BASE = vpc_base()
NET = {"id": "net", "kind": "internet"}
WEB = {"id": "web", "kind": "ec2", "parent": "pub-a", "public_ip": True}
APP = {"id": "app", "kind": "ec2", "parent": "priv-a"}
VOL = {"id": "vol", "kind": "ebs", "parent": "priv-a", "attached_to": "app"}
SG = {"id": "sg", "kind": "security_group", "parent": "vpc", "inbound": [{"protocol": "tcp", "port": 22,
                                                                           "cidr": "10.0.0.0/16"}]}
PG = {"id": "pg", "kind": "placement_group", "parent": "vpc", "strategy": "cluster"}
BUCKET = {"id": "bucket", "kind": "s3_bucket", "parent": "region"}
EFS = {"id": "fs", "kind": "efs", "parent": "vpc"}
MT_SG = {"id": "mt-sg", "kind": "security_group", "parent": "vpc",
         "inbound": [{"protocol": "tcp", "port": 2049, "sg": "app-sg"}]}
APP_SG = {"id": "app-sg", "kind": "security_group", "parent": "vpc"}
MTS = [{"id": "mt-a", "kind": "efs_mount_target", "parent": "priv-a", "efs": "fs", "security_groups": ["mt-sg"]},
       {"id": "mt-b", "kind": "efs_mount_target", "parent": "priv-b", "efs": "fs", "security_groups": ["mt-sg"]}]
EFS_BASE = [*BASE, EFS, *MTS, MT_SG, APP_SG, {**APP, "security_groups": ["app-sg"]}]
SPREAD = [{"id": f"i{n}", "kind": "ec2", "parent": "priv-a", "placement_group": "pg"} for n in range(8)]
RECORD = {"id": "rec", "kind": "route53_record", "type": "A", "targets": ["web"]}

CASES = [
    ("EC2-IP-001", [*BASE, WEB, RECORD], [*BASE, {**WEB, "elastic_ip": True}, RECORD]),
    ("EC2-EIP-001", [*BASE, WEB, {"id": "e1", "kind": "elastic_ip", "parent": "region", "associated_with": "web"},
                     {"id": "e2", "kind": "elastic_ip", "parent": "region", "associated_with": "web"}],
     [*BASE, WEB, {"id": "e1", "kind": "elastic_ip", "parent": "region", "associated_with": "web"}]),
    ("EC2-EIP-002", [*BASE, *({"id": f"e{n}", "kind": "elastic_ip", "parent": "region"} for n in range(6))],
     [*BASE, *({"id": f"e{n}", "kind": "elastic_ip", "parent": "region"} for n in range(3))]),
    ("EC2-EIP-003", [*BASE, NET, {**WEB, "elastic_ip": True}, {**WEB, "id": "web2", "elastic_ip": True}],
     [*BASE, NET, {**WEB, "elastic_ip": True}]),
    ("EC2-SSH-001", [*BASE, NET, {**APP, "id": "web"}], [*BASE, NET, WEB]),
    ("EC2-CONN-001", [*BASE, {**SG, "inbound": []}, {**APP, "access_method": "instance_connect",
                                                     "security_groups": ["sg"]}],
     [*BASE, SG, {**APP, "access_method": "instance_connect", "security_groups": ["sg"]}]),
    ("EC2-ROLE-001", [*BASE, APP, BUCKET], [*BASE, {**APP, "iam_role": "role"}, BUCKET,
                                            {"id": "role", "kind": "iam_role"}]),
    ("EC2-ROLE-001", [*BASE, {**APP, "static_credentials": True}], [*BASE, APP]),
    ("EC2-ENI-001", [*BASE, APP, {"id": "eni", "kind": "eni", "parent": "priv-b", "attached_to": "app"}],
     [*BASE, APP, {"id": "eni", "kind": "eni", "parent": "priv-a", "attached_to": "app"}]),
    ("EC2-ENI-002", [*BASE, {**APP, "private_ip": "10.0.99.4"}], [*BASE, {**APP, "private_ip": "10.0.10.9"}]),
    ("EC2-PG-001", [*BASE, PG, {**APP, "placement_group": "pg"}, {**APP, "id": "b", "parent": "priv-b",
                                                                  "placement_group": "pg"}],
     [*BASE, PG, {**APP, "placement_group": "pg"}, {**APP, "id": "b", "placement_group": "pg"}]),
    ("EC2-PG-002", [*BASE, {**PG, "strategy": "spread"}, *SPREAD], [*BASE, {**PG, "strategy": "spread"}, *SPREAD[:7]]),
    ("EC2-PG-003", [*BASE, {**PG, "strategy": "partition", "partitions_per_az": 8}],
     [*BASE, {**PG, "strategy": "partition", "partitions_per_az": 7}]),
    ("EC2-PG-004", [*BASE, PG, {**APP, "placement_group": "pg", "intent": {"ha": True}}],
     [*BASE, {**PG, "strategy": "spread"}, {**APP, "placement_group": "pg", "intent": {"ha": True}}]),
    ("EC2-HIB-001", [*BASE, {**APP, "hibernation": True, "instance_type": "t3.micro"}],
     [*BASE, {**APP, "hibernation": True, "instance_type": "m5.large"}]),
    ("EC2-PUR-001", [*BASE, {**APP, "purchase_option": "spot", "role": "database"}],
     [*BASE, {**APP, "role": "database"}]),
    ("EC2-PUR-002", [*BASE, {**APP, "reservation_years": 2}], [*BASE, {**APP, "reservation_years": 3}]),
    ("EC2-CAP-001", [*BASE, {"id": "cr", "kind": "capacity_reservation", "parent": "region"}],
     [*BASE, {"id": "cr", "kind": "capacity_reservation", "parent": "az-a"}]),
    ("EC2-NITRO-001", [*BASE, {**APP, "instance_type": "m4.large"}, {**VOL, "volume_type": "io1", "iops": 40000,
                                                                      "size_gib": 1000}],
     [*BASE, {**APP, "instance_type": "m5.large"}, {**VOL, "volume_type": "io1", "iops": 40000, "size_gib": 1000}]),
    ("EC2-TYPE-001", [*BASE, {**APP, "role": "database"}], [*BASE, {**APP, "role": "database",
                                                                    "instance_type": "r6g.large"}]),
    ("EBS-AZ-001", [*BASE, APP, {**VOL, "parent": "priv-b"}], [*BASE, APP, VOL]),
    ("EBS-ATT-001", [*BASE, APP, {**APP, "id": "b"}, {**VOL, "extra_attachments": ["b"]}], [*BASE, APP, VOL]),
    ("EBS-MA-001", [*BASE, APP, {**VOL, "multi_attach": True}], [*BASE, APP, {**VOL, "multi_attach": True,
                                                                               "volume_type": "io2"}]),
    ("EBS-MA-002", [*BASE, APP, {**VOL, "multi_attach": True, "volume_type": "io2", "filesystem": "xfs"}],
     [*BASE, APP, {**VOL, "multi_attach": True, "volume_type": "io2", "filesystem": "gfs2"}]),
    ("EBS-BOOT-001", [*BASE, APP, {**VOL, "is_root": True, "volume_type": "st1", "size_gib": 500}],
     [*BASE, APP, {**VOL, "is_root": True, "size_gib": 500}]),
    ("EBS-SIZE-001", [*BASE, APP, {**VOL, "volume_type": "st1", "size_gib": 100}],
     [*BASE, APP, {**VOL, "volume_type": "st1", "size_gib": 125}]),
    ("EBS-PERF-001", [*BASE, APP, {**VOL, "volume_type": "io1", "size_gib": 100, "iops": 10000}],
     [*BASE, APP, {**VOL, "volume_type": "io1", "size_gib": 100, "iops": 5000}]),
    ("EBS-ENC-001", [*BASE, APP, {"id": "snap", "kind": "ebs_snapshot", "parent": "region", "encrypted": True},
                     {**VOL, "source_snapshot": "snap"}],
     [*BASE, APP, {"id": "snap", "kind": "ebs_snapshot", "parent": "region", "encrypted": True},
      {**VOL, "source_snapshot": "snap", "encrypted": True}]),
    ("EBS-ENC-003", [*BASE, APP, {"id": "r2", "kind": "region", "name": "eu-west-1"},
                     {"id": "key", "kind": "kms_key", "parent": "r2"}, {**VOL, "encrypted": True, "kms_key": "key"}],
     [*BASE, APP, {"id": "key", "kind": "kms_key", "parent": "region"}, {**VOL, "encrypted": True, "kms_key": "key"}]),
    ("EBS-RAID-001", [*BASE, {**APP, "raid_level": 5}], [*BASE, {**APP, "raid_level": 1}]),
    ("EBS-SHARE-001", [*BASE, APP, {**APP, "id": "b", "parent": "priv-b"}, {**VOL, "shared_content": True},
                       {**VOL, "id": "vol2", "parent": "priv-b", "attached_to": "b", "shared_content": True}],
     [*BASE, APP, {**APP, "id": "b", "parent": "priv-b"}, VOL, {**VOL, "id": "vol2", "parent": "priv-b",
                                                                "attached_to": "b"}]),
    ("AMI-001", [*BASE, {"id": "r2", "kind": "region", "name": "eu-west-1"}, {"id": "ami", "kind": "ami",
                                                                              "parent": "r2"}, {**APP, "ami": "ami"}],
     [*BASE, {"id": "ami", "kind": "ami", "parent": "region"}, {**APP, "ami": "ami"}]),
    ("EFS-OS-001", patch(EFS_BASE, "app", os="windows"), EFS_BASE),
    ("EFS-MT-001", [n for n in EFS_BASE if n["id"] != "mt-a"], EFS_BASE),
    ("EFS-SG-001", patch(EFS_BASE, "mt-sg", inbound=[]), EFS_BASE),
]
FLOWS = [{"from": "net", "to": "web", "port": 22}, {"from": "net", "to": "web2", "port": 443},
         {"from": "app", "to": "bucket", "port": 443}, {"from": "app", "to": "fs"}]


def _edges(nodes: list, rule_id: str) -> list:
    ids = {n["id"] for n in nodes}
    flows = [{**FLOWS[0], "port": 443}, *FLOWS[1:]] if rule_id == "EC2-EIP-003" else FLOWS
    return [{"id": f"f{i}", **e} for i, e in enumerate(flows) if e["from"] in ids and e["to"] in ids]


@pytest.mark.parametrize(("rule_id", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_the_fault_and_not_on_the_fix(rule_id: str, bad: list, good: list) -> None:
    """The rule reports the broken design and stays silent on the corrected one."""
    assert found(design(bad, _edges(bad, rule_id)), rule_id), f"{rule_id} did not fire"
    assert not found(design(good, _edges(good, rule_id)), rule_id), f"{rule_id} fired on the corrected design"


def test_gp3_above_the_notes_limit_is_only_info() -> None:
    """A 20 TiB gp3 volume exceeds the notes' 16 TiB but not today's AWS limit: info, never error."""
    findings = found(design([*BASE, APP, {**VOL, "size_gib": 20000}]), "EBS-SIZE-001")
    assert [f.severity for f in findings] == ["info"]


QUICK = [
    ("EC2-IP-001", [*BASE, WEB, RECORD]),
    ("EC2-ROLE-001", [*BASE, APP, BUCKET]),
    ("EC2-PG-003", [*BASE, {**PG, "strategy": "partition", "partitions_per_az": 8}]),
    ("EC2-PUR-001", [*BASE, {**APP, "purchase_option": "spot", "role": "database"}]),
    ("EC2-PUR-002", [*BASE, {**APP, "reservation_years": 2}]),
    ("EBS-AZ-001", [*BASE, APP, {**VOL, "parent": "priv-b"}]),
    ("EBS-MA-001", [*BASE, APP, {**VOL, "multi_attach": True}]),
    ("EBS-BOOT-001", [*BASE, APP, {**VOL, "is_root": True, "volume_type": "st1", "size_gib": 500}]),
    ("EBS-PERF-001", [*BASE, APP, {**VOL, "volume_type": "io1", "size_gib": 100, "iops": 10000}]),
    ("EBS-ENC-001", [*BASE, APP, {"id": "snap", "kind": "ebs_snapshot", "parent": "region", "encrypted": True},
                     {**VOL, "source_snapshot": "snap"}]),
    ("EFS-MT-001", [n for n in EFS_BASE if n["id"] != "mt-a"]),
    ("EFS-SG-001", patch(EFS_BASE, "mt-sg", inbound=[])),
]


@pytest.mark.parametrize(("rule_id", "bad"), QUICK, ids=[q[0] for q in QUICK])
def test_quick_fix_applies_and_undoes(rule_id: str, bad: list) -> None:
    """Applying the quick fix through the document removes the finding; undo brings it back."""
    doc = Document(design(bad, _edges(bad, rule_id)))
    before = found(doc.diagram, rule_id)
    finding = next(f for f in before if f.quick_fix is not None)
    doc.execute(finding.quick_fix.build(doc.diagram))
    assert finding.message not in [f.message for f in found(doc.diagram, rule_id)]
    doc.undo()
    assert finding.message in [f.message for f in found(doc.diagram, rule_id)]


OWN_CASES = [
    ("storage.raid0_no_redundancy", [*BASE, {**APP, "raid_level": 0}], [*BASE, {**APP, "raid_level": 1}]),
    ("IST-001", [*BASE, {**APP, "instance_store_data": "durable"}], [*BASE, {**APP, "instance_store_data": "scratch"}]),
    ("mon.recovery_instance_store", [*BASE, {**APP, "instance_store_data": "scratch"},
                                     {"id": "al", "kind": "cloudwatch_alarm", "actions": ["app"]}],
     [*BASE, APP, {"id": "al", "kind": "cloudwatch_alarm", "actions": ["app"]}]),
]


@pytest.mark.parametrize(("rule_id", "bad", "good"), OWN_CASES, ids=[c[0] for c in OWN_CASES])
def test_instance_storage_lessons(rule_id: str, bad: list, good: list) -> None:
    """RAID 0, durable data on instance store, and recovery of an instance-store instance are reported."""
    assert found(design(bad), rule_id)
    assert not found(design(good), rule_id)


def test_instance_store_quick_fix_applies_and_undoes() -> None:
    """IST-001's quick fix marks the instance store as scratch space; undo restores the finding."""
    doc = Document(design([*BASE, {**APP, "instance_store_data": "durable"}]))
    doc.execute(found(doc.diagram, "IST-001")[0].quick_fix.build(doc.diagram))
    assert not found(doc.diagram, "IST-001")
    doc.undo()
    assert found(doc.diagram, "IST-001")
