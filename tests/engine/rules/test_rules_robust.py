"""The network and compute rules never crash on odd but structurally valid designs (random, seeded)."""

import random

from cloudwright.engine.catalog import catalog
from cloudwright.engine.model.check import check_diagram
from cloudwright.engine.rules import all_rules, validate

from .helpers import design, vpc_base

MODULES = {"area_cidr", "area_routing", "area_nat", "area_nacl", "area_sg", "area_peering", "area_hybrid",
           "area_ec2", "area_general", "area_iam"}
TARGETS = ["0.0.0.0/0", "::/0", "10.0.5.0/24", "10.9.0.0/16", "64:ff9b::/96"]


def _random_node(rng: random.Random, index: int, kinds: list[str], ids: list[str]) -> dict:
    kind = rng.choice(kinds)
    node = {"id": f"n{index}", "kind": kind, "parent": rng.choice([*ids, None])}
    if kind == "route_table":
        node.update(parent="vpc", subnets=[rng.choice(ids)],
                    routes=[{"destination": rng.choice(TARGETS), "target": rng.choice(ids)} for _ in range(3)])
    elif kind == "security_group":
        node.update(parent="vpc", inbound=[{"protocol": rng.choice(["tcp", "all"]), "port": rng.choice([22, "all"]),
                                            "cidr": rng.choice(["0.0.0.0/0", "10.0.0.0/16"])}])
    elif kind == "nacl":
        node.update(parent="vpc", subnets=[rng.choice(ids)], inbound=[
            {"rule": 100, "action": rng.choice(["allow", "deny"]), "protocol": "tcp", "port": "1024-65535"}])
    elif rng.random() < 0.5:
        node["security_groups"] = [rng.choice(ids)]
    if rng.random() < 0.2:
        node["intent"] = {rng.choice(["ha", "public", "isolated", "critical", "sensitive"]): True}
    return node


def _valid_design(rng: random.Random, kinds: list[str]):
    nodes = vpc_base(rng.choice([1, 2]))
    ids = [n["id"] for n in nodes]
    for index in range(20):
        nodes.append(_random_node(rng, index, kinds, ids))
        ids.append(nodes[-1]["id"])
    edges = [{"from": rng.choice(ids), "to": rng.choice(ids), "port": rng.choice([22, 80, 443, 3306])}
             for _ in range(10)]
    for _ in range(30):
        diagram = design(nodes, edges)
        errors = check_diagram(diagram)
        if not errors:
            return diagram
        bad = {getattr(e, "subject", None) for e in errors} - {"region", "vpc"}
        if not bad:
            return None
        nodes = [n for n in nodes if n["id"] not in bad]
        kept = {n["id"] for n in nodes}
        edges = [e for e in edges if e["from"] in kept and e["to"] in kept]
    return None


def test_rules_survive_random_valid_designs() -> None:
    """No network/compute rule reports itself as crashed (GEN-ENGINE-001) on 40 random valid designs."""
    kinds = sorted(k.id for k in (catalog().values() if isinstance(catalog(), dict) else catalog()))
    ours = [spec.id for spec in all_rules() if spec.module.rsplit(".", 1)[-1] in MODULES]
    rng = random.Random(7)
    checked = 0
    for _ in range(40):
        diagram = _valid_design(rng, kinds)
        if diagram is None:
            continue
        checked += 1
        crashes = [f.message for f in validate(diagram, rules=ours) if f.rule == "GEN-ENGINE-001"]
        assert crashes == []
    assert checked >= 20
