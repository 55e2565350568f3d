"""Time every rule module on the synthetic designs: where validation spends its time, module by module.

Run: ``/work/venv/bin/python benchmarks/rule_modules.py [1k|10k|50k ...]`` (default 10k). Typed properties are
warmed by one full validation first, so the figures are the rules' own cost; the slowest rules are listed too.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import size_preset  # noqa: E402

from cloudwright.engine.rules import all_rules, validate  # noqa: E402
from cloudwright.engine.rules.context import RuleContext  # noqa: E402


def main(sizes: list[str]) -> None:
    for size in sizes:
        diagram = size_preset(size)
        validate(diagram)
        ctx = RuleContext(diagram)
        per_module: dict[str, float] = defaultdict(float)
        per_rule: list[tuple[float, str]] = []
        for spec in all_rules():
            start = time.perf_counter()
            list(spec.func(ctx))
            spent = time.perf_counter() - start
            per_module[spec.module.rsplit(".", 1)[-1]] += spent
            per_rule.append((spent, spec.id))
        total = sum(per_module.values())
        print(f"{size}: {len(diagram.nodes)} nodes, {len(per_rule)} rules, {total * 1000:.0f} ms in rule bodies")
        for module, spent in sorted(per_module.items(), key=lambda kv: -kv[1]):
            print(f"  {module:<28} {spent * 1000:8.1f} ms")
        print("  slowest rules: " + ", ".join(f"{rid} {t * 1000:.1f} ms" for t, rid in sorted(per_rule)[-5:][::-1]))


if __name__ == "__main__":
    main(sys.argv[1:] or ["10k"])
