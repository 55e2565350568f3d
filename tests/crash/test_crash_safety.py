"""Kill -9 in the middle of saving and in the middle of editing: nothing the user saved or autosaved is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cloudwright.engine.io import load_design
from cloudwright.engine.io.atomic import clean_stale_temp_files, stale_temp_files

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

SAVER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {bench!r})
    from synthetic import synthetic_diagram
    from cloudwright.engine.io import save_design
    base = synthetic_diagram(3, 2, 3, 6)
    versions = [base.model_copy(update={{"name": f"version {{i}}"}}) for i in range(2)]
    save_design(versions[0], sys.argv[1])
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        save_design(versions[i % 2], sys.argv[1])
""")


def test_sigkill_during_saves_never_corrupts_the_file(tmp_path: Path) -> None:
    """Killed at random moments while saving over and over, the file always loads as a whole version."""
    target = tmp_path / "design.yaml"
    script = tmp_path / "saver.py"
    script.write_text(SAVER.format(bench=str(ROOT / "benchmarks")))
    rng = random.Random(20261129)
    saw_temp = False
    for _ in range(8):
        child = subprocess.Popen([sys.executable, str(script), str(target)], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.02, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        loaded = load_design(target)
        assert loaded.name in ("version 0", "version 1")
        assert len(loaded.nodes) > 100
        saw_temp = saw_temp or bool(stale_temp_files(target))
        clean_stale_temp_files(target)
        assert stale_temp_files(target) == []


EDITOR = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from cloudwright.gui.app import application
    from cloudwright.gui.main_window import MainWindow
    from cloudwright.gui.autosave import Autosave
    app = application()
    window = MainWindow()
    window.controller.open(sys.argv[1])
    autosave = Autosave(window.controller, Path(sys.argv[2]))
    autosave.start()
    window.controller.request_set_props("web", label="edited before the crash")
    autosave.snapshot()
    window.controller.request_set_props("web", label="edited after the last autosave")
    print("edited", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_sigkill_while_editing_recovers_up_to_the_last_autosave(tmp_path: Path, qtbot) -> None:
    """After a crash, the next start offers the autosaved edits; the saved file itself is untouched."""
    from cloudwright.engine.io import save_design
    from cloudwright.gui.autosave import Autosave
    from cloudwright.gui.main_window import MainWindow
    from tests.engine.foundation.builders import small_vpc

    design = tmp_path / "shop.yaml"
    save_design(small_vpc(), design)
    original = design.read_text()
    recovery = tmp_path / "recovery"
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(script), str(design), str(recovery)], capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "edited" in result.stdout
    assert design.read_text() == original  # the crash did not touch the saved design
    (recovery / ".half.recovery.yaml.cloudwright-tmp-x").write_text("cloudwright: 1\nnodes: [")

    window = MainWindow()
    # The recovered design is (rightly) unsaved; closing the test window must not wait on the prompt.
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "confirm_discard", lambda: True))
    autosave = Autosave(window.controller, recovery)
    questions: list[str] = []
    messages: list[str] = []
    autosave.message.connect(messages.append)
    assert autosave.offer_recovery(ask=lambda question, details: questions.append(question) or True)
    assert questions and "closed unexpectedly" in questions[0]
    assert window.controller.document.diagram.nodes["web"].label == "edited before the crash"
    assert window.controller.is_modified
    assert any("half-written" in m for m in messages)
    assert not list(recovery.glob("*cloudwright-tmp*"))
