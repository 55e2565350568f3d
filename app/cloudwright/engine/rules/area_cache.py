"""ElastiCache rules (rules.md section 11): engine features, authentication, security groups, Multi-AZ, TTLs.

An ``elasticache`` node is a node-based cluster (or a Serverless cache); a replica is another
``elasticache`` node whose ``replica_of`` names its primary.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Node
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.design_facts import (
    client_security_groups,
    facts,
    name,
    names,
    open_data_rules,
    restrict_rules_edit,
)
from cloudwright.engine.rules.finding import Hit, QuickFix, hit
from cloudwright.engine.rules.registry import rule

LAZY_STRATEGIES = ("lazy", "lazy_loading", "cache_aside", "cache-aside")


def _caches(ctx: RuleContext) -> list[Node]:
    return ctx.index.of_kind("elasticache")


def _major_version(version: str | None) -> int | None:
    match = re.match(r"\s*(\d+)", version or "")
    return int(match.group(1)) if match else None


@rule("CACHE-HA-001", "error", pillars=("reliability",))
def memcached_has_no_replication(ctx: RuleContext) -> Iterator[Hit]:
    """Replicas, automatic failover and backups are Valkey/Redis features; node-based Memcached has none."""
    for cache in _caches(ctx):
        p = ctx.props(cache)
        if p.engine != "memcached" or p.deployment != "node_based":  # type: ignore[attr-defined]
            continue
        asked = [what for what, on in (("replicas", p.replicas or p.replica_of),  # type: ignore[attr-defined]
                                       ("automatic failover", p.automatic_failover),  # type: ignore[attr-defined]
                                       ("backups", p.backup)) if on]  # type: ignore[attr-defined]
        if asked:
            yield hit(cache.id, f"{name(ctx, cache.id)} is Memcached but asks for {', '.join(asked)}; Memcached "
                                "shards data and cannot replicate, fail over or back up.",
                      f"Use Valkey or Redis for {name(ctx, cache.id)} if it needs {', '.join(asked)}; otherwise "
                      "remove them.",
                      quick_fix=QuickFix("Switch to Redis", lambda d, i=cache.id: set_node_fields(
                          d, i, props={"engine": "redis"})))


@rule("CACHE-AUTH-001", "error", pillars=("security",), aliases=("cache.iam_auth_unsupported",))
def iam_auth_support(ctx: RuleContext) -> Iterator[Hit]:
    """IAM authentication needs Valkey 7.2+ or Redis OSS 7.0+ with TLS; Memcached uses SASL."""
    for cache in _caches(ctx):
        p = ctx.props(cache)
        if p.auth != "iam":  # type: ignore[attr-defined]
            continue
        major = _major_version(p.engine_version)  # type: ignore[attr-defined]
        if p.engine == "memcached":  # type: ignore[attr-defined]
            problem, fix, quick = "Memcached has no IAM authentication", "use SASL", {"auth": "sasl"}
        elif major is not None and major < 7:
            problem = f"{p.engine} {p.engine_version} predates IAM authentication (7.0+)"  # type: ignore[attr-defined]
            fix, quick = "upgrade the engine to 7 or later", {"engine_version": "7.1"}
        elif not p.tls:  # type: ignore[attr-defined]
            problem, fix, quick = "IAM authentication requires in-transit encryption", "turn TLS on", {"tls": True}
        else:
            continue
        yield hit(cache.id, f"{name(ctx, cache.id)} uses IAM authentication, but {problem}.",
                  f"For {name(ctx, cache.id)}: {fix}.",
                  quick_fix=QuickFix(fix.capitalize(), lambda d, i=cache.id, q=quick: set_node_fields(d, i, props=q)))


@rule("CACHE-SG-001", "warning", pillars=("security",))
def cache_sg_only_from_app(ctx: RuleContext) -> Iterator[Hit]:
    """The cache SG should admit the cache port only from the application SG."""
    by_sg: dict[str, list[Node]] = defaultdict(list)
    for cache in _caches(ctx):
        for sg in ctx.index.security_groups_of(cache.id):
            by_sg[sg.id].append(cache)
    for sg_id, caches in by_sg.items():
        port = ctx.props(caches[0]).effective_port  # type: ignore[attr-defined]
        bad = open_data_rules(ctx, ctx.diagram.nodes[sg_id], port)
        if not bad:
            continue
        ids = [c.id for c in caches]
        clients = client_security_groups(ctx, ids)
        quick = QuickFix(f"Admit port {port} only from {name(ctx, clients[0])}",
                         lambda d, s=sg_id, b=bad, p=port, c=clients[0]: restrict_rules_edit(d, s, b, p, c)) \
            if clients else None
        yield hit([sg_id, *ids], f"{name(ctx, sg_id)} (on the cache {names(ctx, ids)}) admits traffic from anywhere "
                                 "or on every port; only the application tier should reach it.",
                  f"Replace those rules of {name(ctx, sg_id)} with TCP {port} from "
                  f"{name(ctx, clients[0]) if clients else 'the application tier security group'}.", quick_fix=quick)


@rule("CACHE-MAZ-001", "warning", pillars=("reliability",))
def production_cache_multi_az(ctx: RuleContext) -> Iterator[Hit]:
    """A production Valkey/Redis cache needs a replica in another AZ with automatic failover."""
    f = facts(ctx)
    replicas: dict[str, list[str]] = defaultdict(list)
    for cache in _caches(ctx):
        source = ctx.props(cache).replica_of  # type: ignore[attr-defined]
        if source:
            replicas[source].append(cache.id)
    for cache in _caches(ctx):
        p = ctx.props(cache)
        if p.deployment != "node_based" or p.role != "primary" or p.replica_of or not f.is_production(cache):  # type: ignore[attr-defined]
            continue
        home = ctx.index.az_key(cache.id)
        if p.engine == "memcached":  # type: ignore[attr-defined]
            if len(f.azs_of(cache)) < 2:
                yield hit(cache.id, f"All nodes of the Memcached cache {name(ctx, cache.id)} sit in one AZ; an AZ "
                                    "outage empties the cache.",
                          f"Spread the nodes of {name(ctx, cache.id)} over several AZs, or use ElastiCache "
                          "Serverless.", severity="info")
            continue
        other_az = [r for r in replicas.get(cache.id, []) if ctx.index.az_key(r) != home]
        if p.multi_az or other_az:  # type: ignore[attr-defined]
            continue
        yield hit(cache.id, f"{name(ctx, cache.id)} has no replica in another AZ with automatic failover: losing "
                            "its node or AZ loses the cached data (and any sessions kept there).",
                  f"Enable Multi-AZ with automatic failover on {name(ctx, cache.id)} (one replica in another AZ).",
                  quick_fix=QuickFix(f"Make {name(ctx, cache.id)} Multi-AZ", lambda d, i=cache.id, r=p.replicas:  # type: ignore[attr-defined]
                                     set_node_fields(d, i, props={"multi_az": True, "automatic_failover": True,
                                                                  "replicas": max(1, r)})))


@rule("CACHE-PAT-001", "info", pillars=("performance", "reliability"))
def lazy_cache_needs_ttl(ctx: RuleContext) -> Iterator[Hit]:
    """A cache filled by lazy loading (``loading: lazy`` or ``strategy: lazy_loading``) without a TTL serves stale data
    until something evicts it. A cache whose filling strategy is not stated gets no finding."""
    for cache in _caches(ctx):
        p = ctx.props(cache)
        lazy = cache.props.get("loading") == "lazy" or str(cache.props.get("strategy", "")).lower() in LAZY_STRATEGIES
        if p.usage == "cache" and lazy and p.ttl_s is None and not p.replica_of:  # type: ignore[attr-defined]
            yield hit(cache.id, f"{name(ctx, cache.id)} is filled lazily (cache-aside) and has no TTL, so a value "
                                "changed in the database stays stale in the cache.",
                      f"Give the entries of {name(ctx, cache.id)} a TTL (e.g. 300 s), or write through on updates.",
                      quick_fix=QuickFix("Expire entries after 300 s", lambda d, i=cache.id: set_node_fields(
                          d, i, props={"ttl_s": 300})))


@rule("CACHE-TLS-001", "info", pillars=("security",))
def cache_tls_for_sensitive_data(ctx: RuleContext) -> Iterator[Hit]:
    """A cache holding sensitive data (intent ``sensitive``) should encrypt traffic in transit."""
    for cache in _caches(ctx):
        p = ctx.props(cache)
        if ctx.intent(cache, "sensitive") and not p.tls and p.deployment == "node_based":  # type: ignore[attr-defined]
            yield hit(cache.id, f"{name(ctx, cache.id)} holds sensitive data but does not encrypt traffic "
                                "in transit.",
                      f"Enable in-transit encryption (TLS) on {name(ctx, cache.id)}.",
                      quick_fix=QuickFix("Enable TLS", lambda d, i=cache.id: set_node_fields(d, i, props={"tls": True})))
