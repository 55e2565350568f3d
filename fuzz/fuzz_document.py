"""Long random edit scripts over the Document (thousands of steps, random seeds).

Run: ``python fuzz/fuzz_document.py [EXAMPLES] [STEPS]`` (default 200 scripts x 50 steps = 10,000 steps).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, settings  # noqa: E402
from tests.engine.foundation.stateful_document import DocumentMachine  # noqa: E402


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    case = DocumentMachine.TestCase
    case.settings = settings(max_examples=examples, stateful_step_count=steps, deadline=None,
                             suppress_health_check=list(HealthCheck))
    started = time.perf_counter()
    test = case("runTest")
    test.runTest()
    print(f"document scripts: {examples} scripts x up to {steps} steps, {time.perf_counter() - started:.1f} s, "
          "all invariants held")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
