"""Reachability speed: one query on a ~1k-component design, and the full internet-exposure matrix of a
design with 1,000 instances. Targets (issue 4): a query < 5 ms, the exposure matrix < 1 s.

Run: ``python benchmarks/bench_reach.py``
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import size_preset, synthetic_diagram  # noqa: E402

from cloudwright.engine.catalog import catalog  # noqa: E402
from cloudwright.engine.reach import Analyzer  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def bench_queries() -> None:
    diagram = size_preset("1k")
    start = time.perf_counter()
    analyzer = Analyzer(diagram)
    build = time.perf_counter() - start
    instances = [n.id for n in diagram.nodes.values() if n.kind == "ec2"]
    rng = random.Random(4)
    ends = [*instances, "internet"]
    pairs = [(rng.choice(ends), rng.choice(ends), rng.choice((22, 443, 3306, 8080))) for _ in range(400)]
    timings: list[float] = []
    for src, dst, port in pairs:  # each query's best of 5 runs: its own cost, not the machine's load
        runs = []
        for _ in range(5):
            analyzer._results.clear()  # measure the walk, not the analyzer's memory of earlier answers
            start = time.perf_counter()
            analyzer.can_reach(src, dst, "tcp", port)
            runs.append(time.perf_counter() - start)
        timings.append(min(runs))
    first = Analyzer(diagram)
    start = time.perf_counter()
    first.can_reach(*pairs[1][:2], "tcp", pairs[1][2])
    cold = time.perf_counter() - start
    print(f"1k design: {len(diagram.nodes):,} nodes; Analyzer build {_ms(build)}; {len(pairs)} random queries")
    print(f"  one query: median {_ms(statistics.median(timings))}, p95 {_ms(sorted(timings)[int(len(timings) * .95)])}, "
          f"max {_ms(max(timings))}, first query on a fresh analyzer {_ms(cold)}  (target < 5 ms)")


def bench_exposure() -> None:
    diagram = synthetic_diagram(4, 3, 4, 21)  # 4 VPCs x 3 AZs x 4 subnets x 21 = 1,008 instances
    instances = sum(1 for n in diagram.nodes.values() if n.kind == "ec2")
    start = time.perf_counter()
    analyzer = Analyzer(diagram)
    build = time.perf_counter() - start
    start = time.perf_counter()
    entries = analyzer.exposure()
    matrix = time.perf_counter() - start
    print(f"exposure: {instances:,} instances, {len(diagram.nodes):,} nodes; Analyzer build {_ms(build)}, "
          f"matrix {_ms(matrix)}, total {_ms(build + matrix)}  (target < 1 s); {len(entries)} exposed")


if __name__ == "__main__":
    start = time.perf_counter()
    catalog()
    print(f"catalogue load (once per process, shared by every analysis): {_ms(time.perf_counter() - start)}")
    bench_queries()
    bench_exposure()
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
