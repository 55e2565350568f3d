"""Hostile inputs, timed: designs at and past the node limit, alias bombs, and a CloudFormation template with
hundreds of nested conditions (ours against cfn-lint on the same file, cfn-lint under a timeout).

Run: ``python benchmarks/bench_hostile.py [--cfn-lint-timeout SECONDS]`` (default 300). Prints wall and CPU
seconds; on a shared machine the CPU figure is the one to compare.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engine.hardening.test_hostile_cfn import nested_if_template  # noqa: E402
from tests.engine.hardening.test_hostile_sizes import many_nodes  # noqa: E402

from cloudwright.engine.errors import CloudwrightError  # noqa: E402
from cloudwright.engine.io import load_text  # noqa: E402
from cloudwright.engine.io.cfn_import import import_template  # noqa: E402
from cloudwright.engine.io.limits import MAX_NODES  # noqa: E402


def timed(work: Callable[[], object]) -> tuple[float, float, str]:
    """(wall s, CPU s, outcome) of one call; a CloudwrightError is an outcome, not a failure."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        result = work()
        outcome = f"ok ({result})"
    except CloudwrightError as exc:
        outcome = f"refused: {str(exc).splitlines()[0][:90]}"
    return time.perf_counter() - wall, time.process_time() - cpu, outcome


def report(label: str, figures: tuple[float, float, str]) -> None:
    wall, cpu, outcome = figures
    print(f"{label:<44} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {outcome}", flush=True)


def bench_sizes() -> None:
    for fmt in ("json", "yaml"):
        for count in (MAX_NODES, MAX_NODES + 1):
            text = many_nodes(count, fmt)
            report(f"{count:,} nodes ({fmt}, {len(text) / 2**20:.1f} MiB)",
                   timed(lambda text=text, fmt=fmt: f"{len(load_text(text, 'x.' + fmt).diagram.nodes):,} nodes"))
    bomb = "cloudwright: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    report("YAML alias bomb (10^9 values)", timed(lambda: load_text(bomb, "bomb.yaml")))


def bench_cfn(timeout: float) -> None:
    text = nested_if_template()
    import_template(text, "warm.json", {})
    report(f"cfn: 400 conditions, 25-deep Fn::If ({len(text) // 1024} KiB)",
           timed(lambda: f"{len(import_template(text, 'hostile.json', {}).diagram.nodes)} nodes"))
    lint = shutil.which("cfn-lint") or str(Path(sys.executable).with_name("cfn-lint"))
    if not Path(lint).exists():
        print("cfn-lint: not installed")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.json"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        try:
            run = subprocess.run([lint, str(path)], capture_output=True, text=True, timeout=timeout)
            print(f"{'cfn-lint on the same template':<44} wall {time.perf_counter() - started:6.2f} s  "
                  f"exit {run.returncode}, {len(run.stdout.splitlines())} lines of findings")
        except subprocess.TimeoutExpired:
            print(f"{'cfn-lint on the same template':<44} wall > {timeout:.0f} s (stopped)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cfn-lint-timeout", type=float, default=300.0)
    parser.add_argument("--skip-sizes", action="store_true", help="only the CloudFormation comparison")
    args = parser.parse_args()
    if not args.skip_sizes:
        bench_sizes()
    bench_cfn(args.cfn_lint_timeout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
