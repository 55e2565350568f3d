"""Fuzz the Cloudwright YAML/JSON loader: every input must load or fail with one clear CloudwrightError.

Run: ``python fuzz/fuzz_design_format.py [N] [--seed S]`` (default 100,000 inputs, random seed).
Crashers are written to ``tests/data/bad/fuzz-<hash>.yaml`` so they become regression cases.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cloudwright.engine.errors import CloudwrightError  # noqa: E402
from cloudwright.engine.io import load_text  # noqa: E402
from fuzz.corpus import fuzz_main, run_mutations, seed_texts  # noqa: E402


def check_one(text: str) -> str | None:
    """None when the loader behaved; otherwise the traceback of the escaped exception."""
    try:
        load_text(text, "fuzz.yaml")
    except CloudwrightError as exc:
        message = str(exc)
        if not message or "Traceback" in message:
            return f"unclear error message: {message!r}"
    except Exception:  # noqa: BLE001 - this is what the fuzzer looks for
        return traceback.format_exc()
    return None


def run(count: int, seed: int, save_crashers: bool = True) -> tuple[int, list[str]]:
    return run_mutations(seed_texts(), check_one, count, seed, crasher_prefix="fuzz", save_crashers=save_crashers)


def main() -> int:
    return fuzz_main("design format", run)


if __name__ == "__main__":
    raise SystemExit(main())
