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
