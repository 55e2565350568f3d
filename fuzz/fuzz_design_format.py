"""Fuzz the Cloudwright YAML/JSON loader: every input must load or fail with one clear CloudwrightError.

Run: ``python fuzz/fuzz_design_format.py [N] [--seed S]`` (default 100,000 inputs, random seed).
Crashers are written to ``tests/data/bad/fuzz-<hash>.yaml`` so they become regression cases.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cloudwright.engine.errors import CloudwrightError  # noqa: E402
from cloudwright.engine.io import load_text  # noqa: E402
from fuzz.corpus import ROOT, mutate, seed_texts  # noqa: E402


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
    rng = random.Random(seed)
    seeds = seed_texts()
    crashes: list[str] = []
    for _ in range(count):
        text = mutate(rng.choice(seeds), rng)
        problem = check_one(text)
        if problem is not None:
            crashes.append(problem)
            if save_crashers:
                digest = hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:10]
                path = ROOT / "tests" / "data" / "bad" / f"fuzz-{digest}.yaml"
                path.write_text(text, encoding="utf-8", errors="replace")
    return count, crashes


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    started = time.perf_counter()
    count, crashes = run(args.count, seed)
    elapsed = time.perf_counter() - started
    print(f"design format: {count:,} inputs, seed {seed}, {elapsed:.1f} s, {len(crashes)} crashers")
    for crash in crashes[:5]:
        print(crash)
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
