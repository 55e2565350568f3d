"""What a rule reports: a :class:`Hit` from the rule body, a :class:`Finding` once the runner adds metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cloudwright.engine.document.edits import Edit
    from cloudwright.engine.model.diagram import Diagram

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
#: The Well-Architected pillars the notes name.
PILLARS = ("security", "reliability", "performance", "cost", "operational_excellence")


@dataclass(frozen=True)
class QuickFix:
    """A mechanical fix: ``build(diagram)`` returns the engine edit that applies it (one undo step)."""

    title: str
    build: Callable[[Diagram], Edit]


@dataclass(frozen=True)
class Hit:
    """One occurrence found by a rule body; ``severity`` overrides the rule's for two-outcome rules."""

    nodes: tuple[str, ...]
    message: str
    fix: str = ""
    quick_fix: QuickFix | None = None
    severity: str | None = None
    data: dict = field(default_factory=dict, compare=False)


def hit(nodes: list[str] | tuple[str, ...] | str, message: str, fix: str = "", *,
        quick_fix: QuickFix | None = None, severity: str | None = None, **data: object) -> Hit:
    nodes_tuple = (nodes,) if isinstance(nodes, str) else tuple(nodes)
    return Hit(nodes_tuple, message, fix, quick_fix, severity, dict(data))


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    nodes: tuple[str, ...]
    section: str
    fix: str
    pillars: tuple[str, ...] = ()
    lines: str = ""
    quick_fix: QuickFix | None = None
    suppressed: bool = False
    suppression_reason: str = ""
    aliases: tuple[str, ...] = ()
    data: dict = field(default_factory=dict, compare=False)

    def sort_key(self) -> tuple:
        return (self.suppressed, SEVERITY_RANK.get(self.severity, 9), self.rule, self.nodes, self.message)

    def to_json(self) -> dict:
        """The stable JSON shape of ``validate --format json`` (documented in docs/cli-json.md)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "nodes": list(self.nodes),
            "section": self.section,
            "lines": self.lines,
            "fix": self.fix,
            "pillars": list(self.pillars),
            "quick_fix": self.quick_fix.title if self.quick_fix else None,
            "suppressed": self.suppressed,
            **({"suppression_reason": self.suppression_reason} if self.suppressed else {}),
        }
