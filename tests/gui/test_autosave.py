"""Autosave and crash recovery: snapshots appear, crashed sessions are offered back, nothing is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from cloudwright.engine.io.design_file import load_text, save_design
from cloudwright.gui.autosave import Autosave, find_recoverable, install
from cloudwright.gui.controller import Controller
from cloudwright.gui.main_window import MainWindow
from tests.gui.gui_designs import web_design


def _dead_pid() -> int:
    """The pid of a process that has already exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def design_file(tmp_path: Path) -> Path:
    path = tmp_path / "web.yaml"
    save_design(web_design(), path)
    return path


@pytest.fixture
def session(qtbot, tmp_path: Path):
    """Start an app session (controller + autosave) on a design; timers stop when the test ends."""
    started: list[Autosave] = []

    def start(design: Path | None, recovery_dir: Path | None = None) -> tuple[Controller, Autosave]:
        controller = Controller()
        if design is not None:
            assert controller.open(design)
        autosave = Autosave(controller, recovery_dir or tmp_path / "recovery", interval_ms=50)
        autosave.start()
        started.append(autosave)
        return controller, autosave

    yield start
    for autosave in started:
        autosave.timer.stop()
        autosave.controller.deleteLater()


def _crash(autosave: Autosave) -> None:
    """Pretend the owning process died: its lock now names a dead pid."""
    data = json.loads(autosave.lock_path.read_text())
    data["pid"] = _dead_pid()
    autosave.lock_path.write_text(json.dumps(data))
    autosave.timer.stop()
    autosave._key = ""


def test_snapshot_appears_only_when_modified(qtbot, session, tmp_path: Path, design_file: Path) -> None:
    """A modified design gets a recovery snapshot within the autosave interval; a clean one does not."""
    controller, autosave = session(design_file)
    qtbot.wait(120)
    assert not autosave.recovery_path.exists()
    controller.request_set_props("web", label="Front end")
    qtbot.waitUntil(autosave.recovery_path.exists, timeout=2000)
    recovered = load_text(autosave.recovery_path.read_text()).diagram
    assert recovered.nodes["web"].label == "Front end"
    assert json.loads(autosave.lock_path.read_text())["pid"] == os.getpid()


def test_save_removes_the_snapshot(qtbot, session, tmp_path: Path, design_file: Path) -> None:
    """Saving makes the snapshot unnecessary, so it is removed."""
    controller, autosave = session(design_file)
    controller.request_set_props("web", label="Front end")
    assert autosave.snapshot()
    assert controller.save()
    assert not autosave.recovery_path.exists()


def test_recovery_after_crash_restores_changes_as_modified(qtbot, session, tmp_path: Path, design_file: Path) -> None:
    """After a crash the next start offers the snapshot; accepting it restores the edit, marked modified."""
    recovery_dir = tmp_path / "recovery"
    controller, autosave = session(design_file, recovery_dir)
    controller.request_set_props("web", label="Front end")
    assert autosave.snapshot()
    _crash(autosave)

    asked: list[str] = []
    fresh = Controller()
    restarted = Autosave(fresh, recovery_dir)
    assert restarted.offer_recovery(ask=lambda question, _details: asked.append(question) or True)
    assert "web.yaml" in asked[0]
    assert fresh.diagram.nodes["web"].label == "Front end"
    assert fresh.path == design_file.resolve()
    assert fresh.is_modified
    assert load_text(design_file.read_text()).diagram.nodes["web"].label == "Web server"


def test_declined_recovery_is_deleted_not_offered_again(qtbot, session, tmp_path: Path, design_file: Path) -> None:
    """Declining removes the snapshot, so the question is not asked at every start."""
    recovery_dir = tmp_path / "recovery"
    controller, autosave = session(design_file, recovery_dir)
    controller.request_set_props("web", label="Front end")
    autosave.snapshot()
    _crash(autosave)
    assert not Autosave(Controller(), recovery_dir).offer_recovery(ask=lambda *_: False)
    assert find_recoverable(recovery_dir) == ([], [])


def test_live_session_is_not_offered(qtbot, session, tmp_path: Path, design_file: Path) -> None:
    """A snapshot whose lock belongs to a running process is that process's business."""
    recovery_dir = tmp_path / "recovery"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        controller, autosave = session(design_file, recovery_dir)
        controller.request_set_props("web", label="Front end")
        autosave.snapshot()
        data = json.loads(autosave.lock_path.read_text())
        autosave.lock_path.write_text(json.dumps({**data, "pid": sleeper.pid}))
        autosave._key = ""
        assert find_recoverable(recovery_dir)[0] == []
    finally:
        sleeper.kill()
        sleeper.wait()


def test_snapshot_older_than_document_is_not_offered(qtbot, session, tmp_path: Path, design_file: Path) -> None:
    """If the design was saved after the snapshot, the snapshot is outdated and removed."""
    recovery_dir = tmp_path / "recovery"
    controller, autosave = session(design_file, recovery_dir)
    controller.request_set_props("web", label="Front end")
    autosave.snapshot()
    recovery = autosave.recovery_path
    _crash(autosave)
    later = time.time() + 5
    os.utime(design_file, (later, later))
    candidates, outdated = find_recoverable(recovery_dir)
    assert candidates == [] and outdated == [recovery] and not recovery.exists()


def test_half_written_temp_file_is_cleaned_and_reported(qtbot, session, tmp_path: Path) -> None:
    """A temp file from an interrupted write is deleted, never loaded, and a status message says so."""
    recovery_dir = tmp_path / "recovery"
    recovery_dir.mkdir()
    stale = recovery_dir / ".web-0123.recovery.yaml.cloudwright-tmp-abc123"
    stale.write_text("cloudwright: 1\nnodes: [{id: half")
    autosave = Autosave(Controller(), recovery_dir)
    messages: list[str] = []
    autosave.message.connect(messages.append)
    asked: list[str] = []
    assert not autosave.offer_recovery(ask=lambda q, _d: asked.append(q) or True)
    assert not stale.exists() and asked == []
    assert any("half-written" in m for m in messages)


def test_untitled_design_is_recovered_too(qtbot, session, tmp_path: Path) -> None:
    """Unsaved, untitled work is snapshotted and offered back as an untitled design."""
    recovery_dir = tmp_path / "recovery"
    controller, autosave = session(None, recovery_dir)
    controller.request_add_node("s3_bucket", None, (40, 40))
    assert autosave.snapshot()
    _crash(autosave)
    fresh = Controller()
    assert Autosave(fresh, recovery_dir).offer_recovery(ask=lambda *_: True)
    assert fresh.path is None and fresh.is_modified
    assert [n.kind for n in fresh.diagram.nodes.values()] == ["s3_bucket"]


def test_quit_with_unsaved_changes_keeps_a_snapshot(qtbot, session, tmp_path: Path, design_file: Path) -> None:
    """Quitting without saving (no prompt answered) leaves a snapshot the next start offers."""
    recovery_dir = tmp_path / "recovery"
    controller, autosave = session(design_file, recovery_dir)
    controller.request_set_props("web", label="Front end")
    autosave.shutdown()
    candidates, _ = find_recoverable(recovery_dir)
    assert [c.document for c in candidates] == [design_file.resolve()]


def _window_with_autosave(qtbot, recovery_dir: Path, design: Path, answer, monkeypatch):
    """The real main window with autosave installed; its close prompt answers ``answer``."""
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: answer)
    window = MainWindow(settings=QSettings(str(recovery_dir.parent / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.controller.open(design)
    autosave = install(window, recovery_dir)
    window.controller.request_set_props("web", label="Front end")
    assert autosave.snapshot()
    return window, autosave


def test_close_cancel_keeps_window_and_snapshot(qtbot, tmp_path: Path, design_file: Path, monkeypatch) -> None:
    """Cancel on close keeps the window open and the snapshot in place."""
    window, autosave = _window_with_autosave(qtbot, tmp_path / "recovery", design_file,
                                             QMessageBox.StandardButton.Cancel, monkeypatch)
    window.show()
    assert not window.close()
    assert autosave.recovery_path.exists()
    autosave.timer.stop()


def test_close_discard_drops_the_snapshot(qtbot, tmp_path: Path, design_file: Path, monkeypatch) -> None:
    """Discard on close removes the snapshot, so the next start does not offer the thrown-away work."""
    window, autosave = _window_with_autosave(qtbot, tmp_path / "recovery", design_file,
                                             QMessageBox.StandardButton.Discard, monkeypatch)
    window.show()
    assert window.close()
    autosave.shutdown()
    assert list((tmp_path / "recovery").iterdir()) == []


def test_close_save_writes_the_design(qtbot, tmp_path: Path, design_file: Path, monkeypatch) -> None:
    """Save on close writes the design and removes the snapshot."""
    window, autosave = _window_with_autosave(qtbot, tmp_path / "recovery", design_file,
                                             QMessageBox.StandardButton.Save, monkeypatch)
    window.show()
    assert window.close()
    autosave.shutdown()
    assert load_text(design_file.read_text()).diagram.nodes["web"].label == "Front end"
    assert list((tmp_path / "recovery").iterdir()) == []
