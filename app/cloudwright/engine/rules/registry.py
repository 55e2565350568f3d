"""The rule registry: ``@rule`` records a rule function with its catalogue metadata."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from cloudwright.engine.rules.finding import PILLARS, SEVERITIES, Hit

if TYPE_CHECKING:
    from cloudwright.engine.rules.context import RuleContext

RuleFunc = Callable[["RuleContext"], Iterable[Hit]]


@dataclass(frozen=True)
class RuleSpec:
    id: str
    severity: str
    section: str
    summary: str
    func: RuleFunc
    pillars: tuple[str, ...] = ()
    lines: str = ""
    aliases: tuple[str, ...] = ()
    module: str = ""


_RULES: dict[str, RuleSpec] = {}
_ALIASES: dict[str, str] = {}
#: alias -> every rule it names (a case-study id may map to several rules.md rules, e.g. ``avail.single_az``).
_ALIAS_TARGETS: dict[str, list[str]] = {}


def rule(rule_id: str, severity: str, *, section: str = "", summary: str = "", pillars: Iterable[str] = (),
         lines: str = "", aliases: Iterable[str] = ()) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule. ``section`` is the notes' section heading; ``lines`` the notes' line references.

    For a rules.md id, an empty ``section``, ``summary`` or ``lines`` is taken from the catalogue, and the
    case studies' dotted ids that map to the rule are added to ``aliases``.
    """
    from cloudwright.engine.rules.catalogue import aliases_for, catalogue_rule

    entry = catalogue_rule(rule_id)
    if entry is not None:
        section = section or entry.section
        summary = summary or entry.summary
        lines = lines or entry.lines
        aliases = tuple(dict.fromkeys((*aliases, *aliases_for(rule_id))))
    if severity not in SEVERITIES:
        raise ValueError(f"{rule_id}: unknown severity {severity!r}")
    bad = [p for p in pillars if p not in PILLARS]
    if bad:
        raise ValueError(f"{rule_id}: unknown pillar(s) {bad}")

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in _RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        spec = RuleSpec(rule_id, severity, section, summary, func, tuple(pillars), lines, tuple(aliases),
                        func.__module__)
        _RULES[rule_id] = spec
        for alias in spec.aliases:
            _ALIASES.setdefault(alias, rule_id)
            _ALIAS_TARGETS.setdefault(alias, []).append(rule_id)
        return func

    return register


@cache
def _load_rule_modules() -> None:
    """Import every module of this package so their ``@rule`` decorators run (once)."""
    from cloudwright.engine import rules as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("area_") or info.name.startswith("rules_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    try:
        importlib.import_module("cloudwright.engine.reach.findings")
    except ModuleNotFoundError:
        pass


def all_rules() -> list[RuleSpec]:
    _load_rule_modules()
    return sorted(_RULES.values(), key=lambda r: r.id)


def get_rule(rule_id: str) -> RuleSpec:
    """A rule by its id or by one of its aliases (the case studies' dotted ids)."""
    _load_rule_modules()
    return _RULES[_ALIASES.get(rule_id, rule_id)]


def canonical_id(rule_id: str) -> str:
    _load_rule_modules()
    return _ALIASES.get(rule_id, rule_id)


def expand_ids(rule_ids: Iterable[str]) -> set[str]:
    """Rule ids with every alias replaced by all the rules it names."""
    _load_rule_modules()
    return {target for r in rule_ids for target in _ALIAS_TARGETS.get(r, [r])}
