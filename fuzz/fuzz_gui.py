"""The real main window under thousands of random gestures (random seeds), offscreen.

Run: ``python fuzz/fuzz_gui.py [STEPS] [RUNS] [--seed S]`` (default 1,000 steps x 5 runs). Each run starts
from an empty canvas; the driver and the invariants are those of ``tests/gui/test_random_interaction.py``.
A failing run prints its seed, the broken invariant or the exception, and the last actions to replay.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from tests.gui.test_random_interaction import play  # noqa: E402

from cloudwright.gui.canvas.editing import release_clipboard  # noqa: E402
from cloudwright.gui.main_window import MainWindow  # noqa: E402


def run_one(seed: int, steps: int, settings_dir: Path) -> str | None:
    """One run on a fresh window; None when every invariant held, else the failure text."""
    settings = QSettings(str(settings_dir / f"{seed}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1200, 800)
    window.show()
    try:
        play(window, seed, steps)
    except AssertionError as exc:
        return str(exc)
    finally:
        window.validator.wait_idle()
        window.controller.undo_stack.setClean()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", type=int, nargs="?", default=1000)
    parser.add_argument("runs", type=int, nargs="?", default=5)
    parser.add_argument("--seed", type=int, default=None, help="replay one seed (runs is then 1)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    seeds = [args.seed] if args.seed is not None else [random.SystemRandom().randrange(2**32)
                                                       for _ in range(args.runs)]
    failures = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as settings_dir:
        for seed in seeds:
            began = time.perf_counter()
            problem = run_one(seed, args.steps, Path(settings_dir))
            status = "ok" if problem is None else "FAILED"
            print(f"seed {seed}: {args.steps} steps, {time.perf_counter() - began:.1f} s, {status}", flush=True)
            if problem is not None:
                failures += 1
                print(problem, flush=True)
    release_clipboard()
    app.processEvents()
    print(f"gui: {len(seeds)} runs x {args.steps} steps, {time.perf_counter() - started:.1f} s, "
          f"{failures} failing runs")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
