"""Shared helpers for the interop tests: import a bundled CloudFormation sample."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from cloudwright.engine.io.cfn_import import ImportResult, import_template

CFN_DIR = Path(__file__).resolve().parents[2] / "data" / "cfn"
SAMPLE_NAMES = sorted(p.name for p in CFN_DIR.iterdir())


def import_sample(name: str, params: dict[str, str] | None = None) -> ImportResult:
    """The sample imported once per test session (imports are deterministic; tests only read them)."""
    return _imported(name, tuple(sorted((params or {}).items())))


@cache
def _imported(name: str, params: tuple[tuple[str, str], ...]) -> ImportResult:
    path = CFN_DIR / name
    return import_template(path.read_text(encoding="utf-8"), str(path), dict(params))


@pytest.fixture(scope="module")
def nat_vpc() -> ImportResult:
    return import_sample("vpc_public_private_nat.yaml")
