"""GUI speed, offscreen: open + first paint of a 5,000-component design, a full-view frame, moving one node,
and app start to a usable window. Prints figures against the targets.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui.py [--vpcs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QPointF, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from synthetic import synthetic_diagram  # noqa: E402

from cloudwright.engine.io import save_design  # noqa: E402
from cloudwright.engine.model.diagram import Diagram, Edge  # noqa: E402
from cloudwright.gui.app import application  # noqa: E402
from cloudwright.gui.main_window import MainWindow  # noqa: E402

TARGETS = {"open": 2.0, "frame": 0.016, "move": 0.016, "start": 1.5}


def design(vpcs: int) -> Diagram:
    """About 480 components per VPC, plus a flow from every public instance to a private one."""
    diagram = synthetic_diagram(vpcs, 3, 6, 25)
    edges = dict(diagram.edges)
    for node in list(diagram.nodes.values()):
        if node.kind == "ec2" and node.parent and node.parent.endswith("-s0"):
            target = node.id.replace("-s0-", "-s1-")
            if target in diagram.nodes:
                edge_id = f"{node.id}-app"
                edges[edge_id] = Edge.model_validate({"id": edge_id, "from": node.id, "to": target, "port": 8080})
    return diagram.model_copy(update={"edges": edges})


def report(name: str, figures: tuple[float, float], target: float, unit: str = "ms") -> None:
    """Print wall-clock and CPU time (the main thread's); on a shared, loaded machine CPU time is the
    fairer figure, and the verdict follows it."""
    wall, cpu = figures
    scale = 1000 if unit == "ms" else 1
    verdict = "ok" if cpu < target else "SLOW"
    print(f"{name:<46} wall {wall * scale:8.2f} {unit}  cpu {cpu * scale:8.2f} {unit}"
          f"   (target < {target * scale:g} {unit})  {verdict}")


def timed(action) -> tuple[float, float]:  # noqa: ANN001 - any callable
    wall, cpu = time.perf_counter(), time.thread_time()
    action()
    return time.perf_counter() - wall, time.thread_time() - cpu


def bench_open(window: MainWindow, path: Path) -> tuple[float, float]:
    def open_and_paint() -> None:
        window.controller.open(path)
        window.view.fit_all()
        window.view.viewport().repaint()
    return timed(open_and_paint)


def bench_frame(window: MainWindow, frames: int = 20) -> tuple[float, float]:
    window.view.fit_all()
    viewport = window.view.viewport()
    viewport.repaint()
    times = [timed(viewport.repaint) for _ in range(frames)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def _mouse(window: MainWindow, kind: QMouseEvent.Type, scene_point: QPointF) -> None:
    viewport = window.view.viewport()
    local = QPointF(window.view.mapFromScene(scene_point))
    button = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    QApplication.sendEvent(viewport, QMouseEvent(kind, local, viewport.mapToGlobal(local), button, held,
                                                 Qt.KeyboardModifier.NoModifier))


def bench_move(window: MainWindow, app: QApplication, node_id: str, events: int = 60) -> tuple[float, float]:
    """Drag one component across its subnet: event handling plus the repaint it causes, per event."""
    while window.scene.refining:  # let the routes settle after opening, as an idle app would
        app.processEvents()
    window.view.set_zoom(1.0)
    item = window.scene.item_for_node(node_id)
    window.view.centerOn(item)
    app.processEvents()
    start_point = item.sceneBoundingRect().center()
    _mouse(window, QMouseEvent.Type.MouseButtonPress, start_point)
    times = []
    for step in range(1, events + 1):
        point = start_point + QPointF(step * 3, (step % 7) * 2)

        def move(point: QPointF = point) -> None:
            _mouse(window, QMouseEvent.Type.MouseMove, point)
            app.processEvents()  # paints what the move made dirty, as the event loop would
        times.append(timed(move))
    _mouse(window, QMouseEvent.Type.MouseButtonRelease, start_point + QPointF(events * 3, 0))
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def bench_start() -> tuple[float, float]:
    """From launching a fresh interpreter to a shown, painted main window (CPU: the child's user+sys)."""
    code = ("from cloudwright.gui.app import application, create_window\n"
            "app = application(); w = create_window(); app.processEvents(); w.view.viewport().repaint()\n"
            "import os, sys; t = os.times(); sys.stdout.write(f'{t.user + t.system}')\n"
            "os._exit(0)\n")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return time.perf_counter() - start, float(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vpcs", type=int, default=10, help="10 VPCs = about 5,000 components")
    args = parser.parse_args()
    app = application()
    diagram = design(args.vpcs)
    print(f"design: {len(diagram.nodes):,} components, {len(diagram.edges):,} flows")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        save_design(diagram, path)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        report("open + first paint (file to pixels)", bench_open(window, path), TARGETS["open"], "s")
        report("full-view frame (fit, all items)", bench_frame(window), TARGETS["frame"])
        node_id = next(n for n in diagram.nodes if n.endswith("-s1-i3"))
        report("move one node, per mouse-move event + repaint", bench_move(window, app, node_id), TARGETS["move"])
        window.controller.undo_stack.setClean()
        window.close()
    report("app start to usable window (fresh process)", bench_start(), TARGETS["start"], "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
