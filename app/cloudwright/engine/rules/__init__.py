"""The rules engine: the notes' architecture rules as pure functions over a design.

Write a rule in the module of its area::

    @rule("NET-RT-003", "error", section="Route Tables", lines="L6955-6962", pillars=("reliability",),
          summary="A public subnet routes 0.0.0.0/0 to an attached internet gateway",
          aliases=("net.public_subnet_no_igw_route",))
    def public_subnet_routes_to_igw(ctx: RuleContext) -> Iterator[Hit]:
        for subnet in ctx.index.of_kind("subnet"):
            ...
            yield hit([subnet.id], "…what is wrong, in plain words…", fix="…the concrete change…",
                      quick_fix=QuickFix("Add route", lambda d: …an Edit…))

:func:`validate` runs every registered rule and returns sorted :class:`Finding` objects.
"""

from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.finding import PILLARS, SEVERITIES, Finding, Hit, QuickFix, hit
from cloudwright.engine.rules.registry import RuleSpec, all_rules, get_rule, rule
from cloudwright.engine.rules.runner import validate

__all__ = ["PILLARS", "SEVERITIES", "Finding", "Hit", "QuickFix", "RuleContext", "RuleSpec", "all_rules", "get_rule",
           "hit", "rule", "validate"]
