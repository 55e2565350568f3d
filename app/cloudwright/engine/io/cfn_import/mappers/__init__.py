"""Resource mappers, one module per service family, registered by CloudFormation type.

A mapper is ``(ctx, logical_id, props) -> None``; it adds node drafts or folds the resource into the node
it configures. Phases order the work: 0 builds networks (VPCs, subnets, tables, groups), 1 the resources
that live in them, 2 folds secondary resources (routes, rules, associations, listeners), 3 derives what
needs everything else (propagated routes, traffic edges).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cloudwright.engine.io.cfn_import.context import ImportContext

Mapper = Callable[[ImportContext, str, dict[str, Any]], None]
PHASES = (0, 1, 2, 3)
MAPPERS: dict[str, tuple[int, Mapper]] = {}
#: Work that runs once after every resource of a phase was mapped, e.g. wiring traffic edges.
FINISHERS: list[tuple[int, Callable[[ImportContext], None]]] = []


def maps(*cfn_types: str, phase: int = 1) -> Callable[[Mapper], Mapper]:
    def register(func: Mapper) -> Mapper:
        for cfn_type in cfn_types:
            MAPPERS[cfn_type] = (phase, func)
        return func
    return register


def finisher(phase: int) -> Callable[[Callable[[ImportContext], None]], Callable[[ImportContext], None]]:
    def register(func: Callable[[ImportContext], None]) -> Callable[[ImportContext], None]:
        FINISHERS.append((phase, func))
        return func
    return register


def load_all() -> None:
    """Import every mapper module so their registrations run (idempotent)."""
    from cloudwright.engine.io.cfn_import.mappers import (  # noqa: F401
        compute,
        connectivity,
        containers,
        data,
        edge,
        managed,
        network,
        security,
        serverless,
    )
