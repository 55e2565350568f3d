"""Live validation in the desktop app: edit-to-findings latency and UI-thread stalls (offscreen).

Prints, for the ~1k and ~5k component synthetic designs:
- the time from a property edit to updated findings in the findings dock (debounce + validation on the
  worker thread + applying the result), median of a few edits;
- the longest gap between 5 ms UI timer ticks while validation runs (the worst frame the UI would show),
  and the same with validation forced onto the UI thread, for comparison.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_live.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from synthetic import size_preset, synthetic_diagram  # noqa: E402

from cloudwright.engine.document import Document  # noqa: E402
from cloudwright.gui.app import application  # noqa: E402
from cloudwright.gui.main_window import MainWindow  # noqa: E402

EDITS = 5


def _window(diagram, tmp: Path) -> MainWindow:
    window = MainWindow(settings=QSettings(str(tmp / "bench.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 900)
    window.show()
    window.controller._replace(Document(diagram), None)
    _wait_for_analysis(window, 120_000)
    return window


def _wait_for_analysis(window: MainWindow, timeout_ms: int) -> float:
    """Spin the event loop until the validator shows the current revision; returns seconds waited."""
    start = time.perf_counter()
    while not window.validator.is_current:
        application().processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if (time.perf_counter() - start) * 1000 > timeout_ms:
            raise TimeoutError("validation did not finish")
    return time.perf_counter() - start


def _edit(window: MainWindow, n: int) -> None:
    sg = next(node.id for node in window.controller.diagram.nodes.values() if node.kind == "security_group")
    port = 8000 + n
    window.controller.request_set_props(sg, props={"inbound": [{"protocol": "tcp", "port": port,
                                                                  "cidr": "10.0.0.0/8"}]})


def edit_to_findings(window: MainWindow) -> list[float]:
    latencies = []
    for n in range(EDITS):
        start = time.perf_counter()
        _edit(window, n)
        _wait_for_analysis(window, 120_000)
        latencies.append(time.perf_counter() - start)
    return latencies


def longest_stall(window: MainWindow, threaded: bool, edit_number: int) -> tuple[float, float]:
    """(longest gap between 5 ms ticks, validation seconds) while one edit is validated."""
    window.validator.threaded = threaded
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    ticker.timeout.connect(tick)
    clock.start()
    ticker.start()
    _edit(window, edit_number)
    _wait_for_analysis(window, 120_000)
    end = time.perf_counter() + 0.1
    while time.perf_counter() < end:
        application().processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    ticker.stop()
    window.validator.threaded = True
    return max(gaps) / 1000, window.validator.analysis.seconds


def idle_stall(seconds: float = 1.0) -> float:
    """The longest gap between 5 ms ticks with nothing to do: the machine's own noise floor."""
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    ticker.timeout.connect(tick)
    clock.start()
    ticker.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        application().processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    ticker.stop()
    return max(gaps) / 1000


def main() -> None:
    application()
    tmp = Path(tempfile.mkdtemp())
    designs = [("1k", size_preset("1k")), ("5k", synthetic_diagram(12, 3, 5, 26))]
    for name, diagram in designs:
        window = _window(diagram, tmp)
        latencies = edit_to_findings(window)
        print(f"{name} ({len(diagram.nodes)} nodes, {len(diagram.edges)} flows): edit -> findings shown "
              f"median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
              f"(includes the 150 ms debounce; validation alone {window.validator.analysis.seconds * 1000:.0f} ms)")
        if name == "1k":
            stalls = [longest_stall(window, threaded=True, edit_number=101 + i) for i in range(5)]
            print(f"1k: longest UI-thread stall while validating on the worker, 5 edits: "
                  f"{', '.join(f'{s * 1000:.0f}' for s, _ in stalls)} ms "
                  f"(idle noise floor on this machine: {idle_stall() * 1000:.0f} ms, load {os.getloadavg()[0]:.1f})")
            stall, seconds = longest_stall(window, threaded=False, edit_number=199)
            print(f"1k: for comparison, validating on the UI thread stalls it {stall * 1000:.0f} ms")
        window.controller.undo_stack.setClean()
        window.close()
        window.deleteLater()


if __name__ == "__main__":
    main()
