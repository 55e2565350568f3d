"""DR, other-database and storage-extra rules: each fires on a broken design and is silent once corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n


def dr(*extra, edges=(), **settings: object):
    """A primary region with a database, a table and a bucket, and an empty DR region."""
    return design(base(), n("r2", "region", name="us-west-2"), n("vpc2", "vpc", "r2", cidr="10.1.0.0/16"),
                  n("az2", "az", "vpc2"), n("sn2", "subnet", "az2"),
                  n("db", "rds", "data_a", multi_az=True), n("ddb", "dynamodb_table", "r", pitr=True), *extra,
                  edges=list(edges), **settings)


DR_US_WEST = {"dr_region": "us-west-2"}
COPIES = [n("rr", "rds", "sn2", role="read_replica", replica_of="db")]
FAILOVER = [n("g", "global"), n("rec", "route53_record", "g", routing_policy="failover", failover="primary")]


def rs(*extra, edges=(), **props: object):
    return design(base(), n("rs", "redshift", "data_a", **props), n("bucket", "s3_bucket", "r"), *extra,
                  edges=list(edges))


CASES = {
    "DR-002": (changed(dr(dr={"rpo_minutes": 60}), "ddb", pitr=False),
               dr(dr={"rpo_minutes": 60})),
    "DR-004": (dr(dr=DR_US_WEST), design(dr(*COPIES, *FAILOVER, dr=DR_US_WEST),
                                         n("ddb", "dynamodb_table", "r", global_regions=["us-east-1", "us-west-2"],
                                           streams=True), dr=DR_US_WEST)),
    "dr.high_rto": (dr(dr={"strategy": "backup_restore"}), dr(dr={"strategy": "warm_standby"})),
    "DB-RS-001": (rs(n("alb", "alb", "vpc", subnets=["pub_a", "pub_b"], targets=["web"]), n("web", "ec2", "app_a"),
                     edges=[e("web", "rs", 5439)]),
                  rs(n("etl", "ec2", "app_a"), edges=[e("etl", "rs", 5439)])),
    "DB-RS-002": (changed(rs(), "rs", intent={"dr": True}), changed(rs(snapshot_copy_region="us-west-2"), "rs",
                                                                    intent={"dr": True})),
    "DB-RS-003": (rs(nodes=200), rs(nodes=4)),
    "DB-RS-004": (rs(edges=[e("rs", "bucket", 443)]), rs(enhanced_vpc_routing=True, edges=[e("rs", "bucket", 443)])),
    "DB-NEP-001": (design(base(), n("g", "neptune", "data_a", replicas=16)), design(base(), n("g", "neptune", "data_a"))),
    "DB-ATH-001": (design(n("r", "region"), n("ath", "athena", "r"), n("ddb", "dynamodb_table", "r"),
                          edges=[e("ath", "ddb", label="writes results")]),
                   design(n("r", "region"), n("ath", "athena", "r"), n("out", "s3_bucket", "r"),
                          edges=[e("ath", "out", label="writes results")])),
    "STO-SNOW-001": (design(n("dc", "corporate_dc"), n("r", "region"), n("b", "s3_bucket", "r"),
                            edges=[e("dc", "b", transfer_gb=100000, bandwidth_mbps=100)]),
                     design(n("dc", "corporate_dc"), n("r", "region"), n("b", "s3_bucket", "r"),
                            edges=[e("dc", "b", transfer_gb=100, bandwidth_mbps=100)])),
    "STO-SNOW-002": (design(n("r", "region"), n("sb", "snowball", "r"), n("gl", "glacier_vault", "r"),
                            edges=[e("sb", "gl")]),
                     design(n("r", "region"), n("sb", "snowball", "r"), n("b", "s3_bucket", "r"), edges=[e("sb", "b")])),
    "STO-SGW-001": (design(n("r", "region"), n("gw", "storage_gateway", "r", mode="tape"), n("ddb", "dynamodb_table", "r"),
                           edges=[e("gw", "ddb")]),
                    design(n("r", "region"), n("gw", "storage_gateway", "r", mode="tape"), n("gl", "glacier_vault", "r"),
                           edges=[e("gw", "gl")])),
    "STO-FSXL-001": (design(base(), n("fs", "fsx_lustre", "app_a")),
                     design(base(), n("fs", "fsx_lustre", "app_a", deployment="persistent"))),
    "STO-TF-001": (design(n("r", "region"), n("tf", "transfer_family", "r", protocols=["FTP"]), n("role", "iam_role", "r")),
                   design(n("r", "region"), n("tf", "transfer_family", "r", role="role"), n("role", "iam_role", "r"))),
    "DB-CHOOSE-001": (design(base(), n("db", "rds", "data_a", intent={"workload": "graph"})),
                      design(base(), n("db", "neptune", "data_a", intent={"workload": "graph"}))),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_dr_rules_are_silent_without_dr_targets() -> None:
    """No RPO and no DR region declared: nothing to check."""
    assert not findings(dr(), "DR-002") and not findings(dr(), "DR-004")


@pytest.mark.parametrize("rule_id, broken", [
    ("DR-002", changed(dr(dr={"rpo_minutes": 60}), "ddb", pitr=False)),
    ("DB-RS-002", changed(rs(), "rs", intent={"dr": True})),
    ("DB-RS-003", rs(nodes=0)),
    ("DB-RS-004", rs(edges=[e("rs", "bucket", 443)])),
    ("STO-FSXL-001", design(base(), n("fs", "fsx_lustre", "app_a"))),
    ("DB-NEP-001", design(base(), n("g", "neptune", "data_a", replicas=16))),
    ("STO-TF-001", design(n("r", "region"), n("tf", "transfer_family", "r", protocols=["FTP"]))),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
