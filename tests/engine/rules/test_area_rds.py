"""RDS and Aurora rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n

APP_SG = n("app_sg", "security_group", "vpc")
DB_SG = n("db_sg", "security_group", "vpc", inbound=[{"protocol": "tcp", "port": 3306, "sg": "app_sg"}])


def db(*extra, edges=(), **props: object):
    """An app instance using a MySQL primary in the data subnets."""
    values = {"subnets": ["data_a", "data_b"], "security_groups": ["db_sg"], "multi_az": True, **props}
    return design(base(), APP_SG, DB_SG, n("app", "ec2", "app_a", security_groups=["app_sg"]),
                  n("rds", "rds", "data_a", label="userdb", **values), *extra,
                  edges=[e("app", "rds", 3306, label="read/write"), *edges])


def replica(node_id: str = "rr", **props: object):
    return n(node_id, "rds", "data_b", role="read_replica", replica_of="rds", **props)


def aurora(*extra, edges=(), **cluster: object):
    return design(base(), n("cl", "aurora_cluster_volume", "r", **cluster),
                  n("w", "aurora_instance", "data_a", cluster="cl", role="writer"),
                  n("rd", "aurora_instance", "data_b", cluster="cl", role="reader"),
                  n("wep", "aurora_endpoint", "r", cluster="cl", endpoint_type="writer"),
                  n("rep", "aurora_endpoint", "r", cluster="cl", endpoint_type="reader"),
                  n("app", "ec2", "app_a"), *extra, edges=list(edges))


OPEN_SG = [{"protocol": "tcp", "port": 3306, "cidr": "0.0.0.0/0"}]
CASES = {
    "RDS-ENG-001": (db(engine="mongodb"), db()),
    "RDS-PORT-001": (db(port=3307), db(port=3306)),
    "RDS-NET-001": (db(publicly_accessible=True), db()),
    "RDS-SG-001": (changed(db(), "db_sg", inbound=OPEN_SG), db()),
    "RDS-SSH-001": (db(edges=[e("app", "rds", 22, edge_id="ssh")]), db()),
    "RDS-RR-001": (db(*[replica(f"r{i}") for i in range(16)]), db(*[replica(f"r{i}") for i in range(3)])),
    "RDS-RR-002": (db(replica(), edges=[e("app", "rr", 3306, label="writes")]),
                   db(replica(), edges=[e("app", "rr", 3306, label="reads")])),
    "RDS-MAZ-001": (db(n("sb", "rds", "data_b", role="standby", replica_of="rds"), edges=[e("app", "sb", 3306)]),
                    db(n("sb", "rds", "data_b", role="standby", replica_of="rds"))),
    "RDS-MAZ-002": (db(multi_az=False), db()),
    "RDS-SUBNET-001": (db(subnets=["data_a"]), db()),
    "RDS-ENC-001": (db(replica(storage_encrypted=False), storage_encrypted=True),
                    db(replica(storage_encrypted=True), storage_encrypted=True)),
    "RDS-TDE-001": (db(tde=True), db(engine="oracle", tde=True)),
    "RDS-IAM-001": (db(engine="oracle", iam_auth=True), db(iam_auth=True)),
    "RDS-SSL-001": (changed(db(), "rds", intent={"sensitive": True}),
                    changed(db(force_ssl=True), "rds", intent={"sensitive": True})),
    "RDS-STOR-001": (db(storage_autoscaling=True), db(storage_autoscaling=True, max_storage_gib=100)),
    "db.read_pressure": (changed(db(), "rds", intent={"read_heavy": True}),
                         changed(db(replica()), "rds", intent={"read_heavy": True})),
    "AUR-ENG-001": (aurora(engine="oracle"), aurora()),
    "AUR-RR-001": (aurora(*[n(f"x{i}", "aurora_instance", "data_b", cluster="cl", role="reader")
                            for i in range(15)]), aurora()),
    "AUR-STOR-001": (aurora(storage_gib=200000), aurora(storage_gib=1000)),
    "AUR-EP-001": (aurora(edges=[e("app", "rep", 3306, label="writes")]),
                   aurora(edges=[e("app", "wep", 3306, label="writes")])),
    "AUR-GLOB-001": (aurora(global_secondary_regions=[f"r{i}" for i in range(11)]),
                     aurora(global_secondary_regions=["eu-west-1"])),
    "AUR-SEC-001": (changed(aurora(), "w", publicly_accessible=True), aurora()),
    "AUR-MM-001": (aurora(multi_master=True), aurora()),
    "AUR-EP-002": (aurora(n("cep", "aurora_endpoint", "r", cluster="cl", endpoint_type="custom_reader"),
                          edges=[e("app", "rep", 3306, label="reads")]),
                   aurora(n("cep", "aurora_endpoint", "r", cluster="cl", endpoint_type="custom_reader"),
                          edges=[e("app", "cep", 3306, label="reads")])),
    "RDS-SECRET-001": (changed(db(), "rds", intent={"rotate_credentials": True}),
                       changed(db(n("sec", "secrets_manager", "r"), edges=[e("sec", "rds", kind="relation")]), "rds",
                               intent={"rotate_credentials": True})),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_six_replicas_are_info_not_error() -> None:
    """AWS allows 15 MySQL replicas; more than the notes' 5 is only a note."""
    found = findings(db(*[replica(f"r{i}") for i in range(6)]), "RDS-RR-001")
    assert [f.severity for f in found] == ["info"]


def test_non_production_database_needs_no_multi_az() -> None:
    """A design marked as a dev environment gets no Multi-AZ warning."""
    assert not findings(changed(db(multi_az=False), "rds", intent={"env": "dev"}), "RDS-MAZ-002")


def test_local_write_forwarding_allows_writes_to_readers() -> None:
    """Writes to a reader are fine when the cluster forwards them."""
    assert not findings(aurora(edges=[e("app", "rep", 3306, label="writes")], local_write_forwarding=True),
                        "AUR-EP-001")


@pytest.mark.parametrize("rule_id, broken", [
    ("RDS-NET-001", db(publicly_accessible=True)),
    ("RDS-SG-001", changed(db(), "db_sg", inbound=OPEN_SG)),
    ("RDS-RR-002", db(replica(), edges=[e("app", "rr", 3306, label="writes")])),
    ("RDS-MAZ-001", db(n("sb", "rds", "data_b", role="standby", replica_of="rds"), edges=[e("app", "sb", 3306)])),
    ("RDS-MAZ-002", db(multi_az=False)),
    ("RDS-SUBNET-001", db(subnets=["data_a"])),
    ("RDS-ENC-001", db(replica(storage_encrypted=False), storage_encrypted=True)),
    ("RDS-STOR-001", db(storage_autoscaling=True)),
    ("AUR-EP-001", aurora(edges=[e("app", "rep", 3306, label="writes")])),
    ("AUR-MM-001", aurora(multi_master=True)),
    ("AUR-SEC-001", changed(aurora(), "w", publicly_accessible=True)),
    ("RDS-ENG-001", db(engine="mysql", custom=True)),
    ("RDS-IAM-001", db(engine="oracle", iam_auth=True)),
    ("RDS-RR-001", db(replica(), backup_retention_days=0)),
    ("RDS-SSL-001", changed(db(), "rds", intent={"sensitive": True})),
    ("RDS-TDE-001", db(tde=True)),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)


def test_strong_reads_from_a_replica_warn() -> None:
    """Reading a lagging replica where read-after-write consistency is needed is a warning."""
    found = findings(db(replica(), edges=[e("app", "rr", 3306, label="reads", consistency="strong")]), "RDS-RR-002")
    assert [f.severity for f in found] == ["warning"]


def test_extra_ports_on_the_database_sg_warn() -> None:
    """A DB security group opening ports the engine does not use is flagged."""
    loose = changed(db(), "db_sg", inbound=[{"protocol": "tcp", "port": 3306, "sg": "app_sg"},
                                            {"protocol": "tcp", "port": 22, "sg": "app_sg"}])
    assert [f.severity for f in findings(loose, "RDS-PORT-001")] == ["warning"]


def test_a_data_sg_shared_with_a_cache_may_open_its_port() -> None:
    """One data-tier SG for RDS and Redis may open both engines' ports."""
    shared = design(changed(db(), "db_sg", inbound=[{"protocol": "tcp", "port": 3306, "sg": "app_sg"},
                                                    {"protocol": "tcp", "port": 6379, "sg": "app_sg"}]),
                    n("cache", "elasticache", "data_b", security_groups=["db_sg"]))
    assert not [f for f in findings(shared, "RDS-PORT-001") if f.severity == "warning"]
