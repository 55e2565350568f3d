"""ElastiCache rules: each fires on a minimal broken design and is silent once it is corrected."""

from __future__ import annotations

import pytest

from tests.engine.rules._builders_b import assert_quick_fix_round_trip, base, changed, design, e, findings, n


def cache(**props: object):
    """A web instance using a Redis cache with a replica in the other AZ."""
    values = {"security_groups": ["cache_sg"], "usage": "session_store", **props}
    return design(base(), n("web_sg", "security_group", "vpc"),
                  n("cache_sg", "security_group", "vpc", inbound=[{"protocol": "tcp", "port": 6379, "sg": "web_sg"}]),
                  n("web", "ec2", "app_a", security_groups=["web_sg"]), n("cache", "elasticache", "data_a", **values),
                  n("rep", "elasticache", "data_b", role="replica", replica_of="cache"),
                  edges=[e("web", "cache", 6379)])


def lonely(**props: object):
    return design(base(), n("cache", "elasticache", "data_a", usage="session_store", **props))


CASES = {
    "CACHE-HA-001": (lonely(engine="memcached", automatic_failover=True), lonely(engine="memcached")),
    "CACHE-AUTH-001": (cache(auth="iam", engine="memcached"), cache(auth="iam", tls=True, engine_version="7.1")),
    "CACHE-SG-001": (changed(cache(), "cache_sg", inbound=[{"protocol": "tcp", "port": 6379, "cidr": "0.0.0.0/0"}]),
                     cache()),
    "CACHE-MAZ-001": (lonely(), lonely(multi_az=True, automatic_failover=True, replicas=1)),
    "CACHE-PAT-001": (cache(usage="cache", loading="lazy"), cache(usage="cache", loading="lazy", ttl_s=60)),
    "CACHE-TLS-001": (changed(cache(), "cache", intent={"sensitive": True}),
                      changed(cache(tls=True), "cache", intent={"sensitive": True})),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_then_is_silent_when_corrected(rule_id: str) -> None:
    """The broken design raises the rule; the corrected one does not."""
    broken, fixed = CASES[rule_id]
    assert findings(broken, rule_id), rule_id
    assert not findings(fixed, rule_id), findings(fixed, rule_id)


def test_replica_in_another_az_counts_as_multi_az() -> None:
    """A primary with a replica in another AZ needs no Multi-AZ warning (MyClothes stage 8)."""
    assert not findings(cache(), "CACHE-MAZ-001")


def test_memcached_in_one_az_is_only_info() -> None:
    """Memcached cannot fail over; one AZ is a hint, not a warning."""
    assert [f.severity for f in findings(lonely(engine="memcached"), "CACHE-MAZ-001")] == ["info"]


@pytest.mark.parametrize("rule_id, broken", [
    ("CACHE-HA-001", lonely(engine="memcached", replicas=2)),
    ("CACHE-AUTH-001", cache(auth="iam", engine_version="7.1")),
    ("CACHE-SG-001", changed(cache(), "cache_sg", inbound=[{"protocol": "all", "cidr": "10.0.0.0/16"}])),
    ("CACHE-MAZ-001", lonely()),
    ("CACHE-PAT-001", cache(usage="cache", strategy="lazy_loading")),
    ("CACHE-TLS-001", changed(cache(), "cache", intent={"sensitive": True})),
])
def test_quick_fix_removes_finding_and_undo_restores_it(rule_id: str, broken) -> None:  # noqa: ANN001
    """Applying the quick fix clears the finding; undo brings it back."""
    assert_quick_fix_round_trip(broken, rule_id)
