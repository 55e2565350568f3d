"""A fast, fixed-seed sample of the fuzz runs under fuzz/ (the full runs take 100,000 inputs each)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from fuzz import fuzz_cfn_import, fuzz_design_format  # noqa: E402


def test_design_loader_sample() -> None:
    """Mutated designs and templates load or fail with one clear error (150 inputs, fixed seed)."""
    count, crashes = fuzz_design_format.run(150, seed=7, save_crashers=False)
    assert count == 150 and crashes == []


def test_cloudformation_importer_sample() -> None:
    """Mutated CloudFormation templates import or fail with one clear error (100 inputs, fixed seed)."""
    count, crashes = fuzz_cfn_import.run(100, seed=11, save_crashers=False)
    assert count == 100 and crashes == []
