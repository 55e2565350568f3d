"""Seed inputs for the fuzzers: real designs and templates, plus mutation helpers."""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seed_texts() -> list[str]:
    """Every bundled template and example design, and the bad-input corpus (as text)."""
    texts = []
    for folder in (ROOT / "templates", ROOT / "docs" / "examples", ROOT / "tests" / "data"):
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.suffix in (".yaml", ".yml", ".json") and path.stat().st_size < 200_000:
                    texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts or ["cloudwright: 1\nnodes: []\n"]


TOKENS = ["\n", " ", "  ", "- ", ": ", "{", "}", "[", "]", ",", "&a ", "*a", "!!python/object:os.system ", "!Ref ",
          "'", '"', "#", "|", ">", "~", "null", "true", "-1", "0", "99999999999999999999", "1e309", "nan",
          "10.0.0.0/33", "0.0.0.0/0", "::/0", "id: x", "kind: vpc", "parent: ", "props: ", "\t", "\x00", "\u202e",
          "cloudwright: 2", "format: 0", "<<: *a", "? ", "%YAML 1.1\n", "---\n", "...\n"]


def mutate(text: str, rng: random.Random, rounds: int = 3) -> str:
    """Byte- and token-level mutations of a YAML text."""
    for _ in range(rng.randint(1, rounds)):
        if not text:
            text = rng.choice(TOKENS)
            continue
        pos = rng.randrange(len(text) + 1)
        op = rng.randrange(7)
        if op == 0:
            text = text[:pos] + rng.choice(TOKENS) + text[pos:]
        elif op == 1:
            end = min(len(text), pos + rng.randint(1, 40))
            text = text[:pos] + text[end:]
        elif op == 2:
            text = text[:pos]
        elif op == 3:
            lines = text.splitlines(keepends=True)
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                text = "".join(lines)
        elif op == 4:
            text = text[:pos] + chr(rng.randrange(1, 0x3000)) + text[pos + 1:]
        elif op == 5:
            lines = text.splitlines(keepends=True)
            if lines:
                i = rng.randrange(len(lines))
                lines.insert(i, lines[i])
                text = "".join(lines)
        else:
            end = min(len(text), pos + rng.randint(1, 20))
            text = text[:pos] + text[pos:end] * rng.randint(2, 5) + text[end:]
    return text


def run_mutations(corpus: list[str], check_one, count: int, seed: int, *, crasher_prefix: str,
                  save_crashers: bool = True, tokens: list[str] | None = None) -> tuple[int, list[str]]:
    """Feed ``count`` mutated corpus texts to ``check_one`` (None = behaved, else a description).

    Crashing inputs are written to ``tests/data/bad/<prefix>-<hash>.yaml`` to become regression cases.
    """
    import hashlib

    rng = random.Random(seed)
    if tokens:
        TOKENS.extend(t for t in tokens if t not in TOKENS)
    crashes: list[str] = []
    for _ in range(count):
        text = mutate(rng.choice(corpus), rng)
        problem = check_one(text)
        if problem is not None:
            crashes.append(problem)
            if save_crashers:
                digest = hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:10]
                out = ROOT / "tests" / "data" / "bad" / f"{crasher_prefix}-{digest}.yaml"
                out.write_text(text, encoding="utf-8", errors="replace")
    return count, crashes


def fuzz_main(name: str, run) -> int:
    """Command line shared by the fuzzers: ``[COUNT] [--seed S]``; exit 1 when a crasher was found."""
    import argparse
    import time

    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    started = time.perf_counter()
    count, crashes = run(args.count, seed)
    print(f"{name}: {count:,} inputs, seed {seed}, {time.perf_counter() - started:.1f} s, {len(crashes)} crashers")
    for crash in crashes[:5]:
        print(crash)
    return 1 if crashes else 0
