"""Engine foundation speed: load + structural check, save, one edit + undo, at 1k / 10k / 50k nodes.

Targets (issue "Engine foundation"): load + check of 10k nodes < 1 s; save < 1 s; edit + undo < 1 ms.
Run: ``python benchmarks/bench_engine.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import size_preset  # noqa: E402

from cloudwright.engine.document import Document, move_nodes, set_node_fields  # noqa: E402
from cloudwright.engine.io import load_design, save_design  # noqa: E402


def best_of(func, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    print(f"{'size':>5} {'nodes':>7} {'save s':>8} {'load+check s':>13} {'json load s':>12} "
          f"{'move+undo ms':>13} {'prop+undo ms':>13}")
    for name in ("1k", "10k", "50k"):
        diagram = size_preset(name)
        with tempfile.TemporaryDirectory() as tmp:
            path, json_path = Path(tmp) / "d.yaml", Path(tmp) / "d.json"
            repeat = 3 if name != "50k" else 1
            save = best_of(lambda d=diagram, p=path: save_design(d, p), repeat)
            save_design(diagram, json_path)
            load = best_of(lambda p=path: load_design(p), repeat)
            load_json = best_of(lambda p=json_path: load_design(p), repeat)
        doc = Document(diagram)
        node_id = next(n.id for n in diagram.nodes.values() if n.kind == "ec2")
        samples_move, samples_prop = [], []
        for i in range(200):
            started = time.perf_counter()
            doc.execute(move_nodes(doc.diagram, {node_id: (i, i)}))
            doc.undo()
            samples_move.append(time.perf_counter() - started)
            started = time.perf_counter()
            doc.execute(set_node_fields(doc.diagram, node_id, props={"instance_type": f"m5.{i}xlarge"}))
            doc.undo()
            samples_prop.append(time.perf_counter() - started)
        print(f"{name:>5} {len(diagram.nodes):>7,} {save:>8.3f} {load:>13.3f} {load_json:>12.3f} "
              f"{statistics.median(samples_move) * 1000:>13.3f} {statistics.median(samples_prop) * 1000:>13.3f}")


if __name__ == "__main__":
    main()
