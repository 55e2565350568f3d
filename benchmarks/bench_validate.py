"""Validation speed, split into its parts: reach Analyzer build, internet exposure, full ``validate()``, the
slowest rules, and re-validation after one edit on the 1k design.

    PYTHONPATH=. python benchmarks/bench_validate.py [--skip-50k]

Targets (issues 3 and 4): full validation of 10k < 0.5 s, of 50k < 3 s; re-validation after one edit on 1k
< 20 ms. Every figure is CPU seconds of this process (``time.process_time``, robust to a loaded machine),
with the wall clock in brackets. "cold" is the first validation of freshly built nodes (typed properties are
parsed then cached on the frozen nodes); "warm" validates the same nodes again but builds a new reach analyzer
(the case of an edit that changes the network); "again" is a re-run whose network is unchanged, where the
previous run's analyzer is reused (moves, labels, edges, intents).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from benchmarks.synthetic import size_preset

from cloudwright.engine.document import Document
from cloudwright.engine.document.edits import set_node_fields
from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.reach import Analyzer
from cloudwright.engine.rules import all_rules, validate
from cloudwright.engine.rules import context as rule_context
from cloudwright.engine.rules.context import RuleContext
from cloudwright.engine.rules.runner import _run_one


def timed(func: Callable[[], object], repeat: int = 1) -> tuple[float, float]:
    """Median (CPU seconds, wall seconds) over ``repeat`` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        func()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(cpu), statistics.median(wall)


def fmt(pair: tuple[float, float]) -> str:
    return f"{pair[0] * 1000:.0f} ms ({pair[1] * 1000:.0f} ms wall)"


def fresh_validate(diagram: Diagram) -> None:
    """A full validation that builds its own reach analyzer (no reuse of the previous run's)."""
    rule_context._last_reach = None
    validate(diagram)


def slowest_rules(diagram: Diagram, count: int = 5) -> list[tuple[str, float]]:
    """Each rule's CPU time on a fresh context; the reach rules share one analyzer, so the first pays for it."""
    rule_context._last_reach = None
    ctx = RuleContext(diagram)
    times = []
    for spec in all_rules():
        start = time.process_time()
        _run_one(spec, ctx)
        times.append((spec.id, time.process_time() - start))
    return sorted(times, key=lambda t: -t[1])[:count]


def bench_size(name: str, repeat: int) -> None:
    diagram = size_preset(name)
    cold = timed(lambda: fresh_validate(diagram))
    build = timed(lambda: Analyzer(diagram), repeat)
    analyzer = Analyzer(diagram)

    def exposure() -> None:
        analyzer._exposure = None
        analyzer.exposure()

    expo = timed(exposure, repeat)
    full = timed(lambda: fresh_validate(diagram), repeat)
    again = timed(lambda: validate(diagram), repeat)
    print(f"{name}: {len(diagram.nodes):,} nodes, {len(diagram.edges):,} edges, {len(all_rules())} rules")
    print(f"  Analyzer build {fmt(build)}; exposure {fmt(expo)}")
    print(f"  validate(): cold {fmt(cold)}, warm {fmt(full)}; again with the network unchanged (analyzer "
          f"reused) {fmt(again)}")
    top = ", ".join(f"{rule} {t * 1000:.0f}" for rule, t in slowest_rules(diagram))
    print(f"  slowest rules (CPU ms): {top}")


def bench_revalidation(repeat: int = 7) -> None:
    document = Document(size_preset("1k"))
    validate(document.diagram)
    instances = [n.id for n in document.diagram.nodes.values() if n.kind == "ec2"]
    samples: list[tuple[float, float]] = []
    for i in range(repeat):
        document.execute(set_node_fields(document.diagram, instances[i], label=f"edited {i}"))
        samples.append(timed(lambda: validate(document.diagram)))
    cpu = statistics.median(s[0] for s in samples)
    wall = statistics.median(s[1] for s in samples)
    print(f"re-validation after one edit on 1k ({len(document.diagram.nodes):,} nodes): {fmt((cpu, wall))} "
          "(target < 20 ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description="validation benchmark")
    parser.add_argument("--skip-50k", action="store_true")
    args = parser.parse_args()
    all_rules()
    bench_size("1k", 5)
    bench_size("10k", 3)
    if not args.skip_50k:
        bench_size("50k", 1)
    bench_revalidation()
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
