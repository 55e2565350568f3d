"""Autosave and crash recovery: never a silent loss.

While a design has unsaved changes, an atomic snapshot of the model (the engine's ``dumps`` written with
``write_atomic``) goes to a recovery file every 30 s and on quit. Each open document has its own recovery
file under ``QStandardPaths.AppDataLocation``/recovery, and a lock file holding the owning process id and
the document's path. A clean save or an explicit Discard removes the recovery file.

At start, a recovery file whose lock is stale (the process is gone) or missing, and which is newer than its
document, is offered for recovery; a recovered design opens as modified. Half-written temp files a crash
left behind are removed (never loaded) and reported. Closing with unsaved changes asks Save / Discard /
Cancel (the main window's prompt; :func:`install` makes Discard drop the snapshot). The recovery question
goes through an injectable callable so tests can answer it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.io.atomic import TEMP_MARKER, clean_stale_temp_files, write_atomic
from cloudwright.engine.io.design_file import dumps, load_text
from cloudwright.gui.controller import Controller

if TYPE_CHECKING:
    from cloudwright.gui.main_window import MainWindow

AUTOSAVE_INTERVAL_MS = 30_000
RECOVERY_SUFFIX = ".recovery.yaml"
LOCK_SUFFIX = ".lock"

#: ``ask(question, details) -> True`` to recover.
AskRecover = Callable[[str, str], bool]


def default_recovery_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "recovery"


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` exists (a lock held by a dead process is stale)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def recovery_key(path: Path | None, session: str) -> str:
    """The file-name stem of a document's recovery files: stable per file path, per session if untitled."""
    if path is None:
        return f"untitled-{session}"
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:12]
    return f"{path.stem}-{digest}"


@dataclass(frozen=True)
class RecoveryCandidate:
    """A snapshot left by a session that did not end cleanly."""

    recovery: Path
    lock: Path
    document: Path | None
    saved_at: datetime

    @property
    def name(self) -> str:
        return self.document.name if self.document else "an untitled design"


def clean_temp_files(directory: Path) -> list[Path]:
    """Remove half-written temp files of interrupted atomic writes in ``directory`` (never load them)."""
    removed = []
    for stale in sorted(directory.glob(f".*{TEMP_MARKER}*")) if directory.is_dir() else []:
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed


def _read_lock(lock: Path) -> tuple[int, Path | None]:
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
        document = data.get("document")
        return int(data.get("pid", 0)), Path(document) if document else None
    except (OSError, ValueError, TypeError, AttributeError):
        return 0, None


def find_recoverable(directory: Path) -> tuple[list[RecoveryCandidate], list[Path]]:
    """Snapshots of crashed sessions newer than their documents; also the outdated snapshots removed."""
    candidates: list[RecoveryCandidate] = []
    outdated: list[Path] = []
    if not directory.is_dir():
        return candidates, outdated
    for recovery in sorted(directory.glob(f"*{RECOVERY_SUFFIX}")):
        lock = recovery.with_name(recovery.name.removesuffix(RECOVERY_SUFFIX) + LOCK_SUFFIX)
        pid, document = _read_lock(lock) if lock.exists() else (0, None)
        if pid == os.getpid() or pid_alive(pid):
            continue
        saved = recovery.stat().st_mtime
        if document is not None and document.exists() and document.stat().st_mtime >= saved:
            outdated.append(recovery)
            for stale in (recovery, lock):
                with contextlib.suppress(OSError):
                    stale.unlink()
            continue
        candidates.append(RecoveryCandidate(recovery, lock, document, datetime.fromtimestamp(saved)))
    return candidates, outdated


class Autosave(QObject):
    """Keeps a recovery snapshot of the controller's document while it has unsaved changes."""

    message = Signal(str)  #: a status-bar message (snapshot written, temp file cleaned, recovery removed)

    def __init__(self, controller: Controller, directory: Path | None = None,
                 interval_ms: int = AUTOSAVE_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent or controller)
        self.controller = controller
        self.directory = directory or default_recovery_dir()
        self._session = f"{os.getpid()}-{id(self):x}"
        self._key = ""
        self._saved_revision: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        controller.path_changed.connect(self._on_controller_path_changed)
        controller.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)

    # --- files --------------------------------------------------------------------------------------------
    @property
    def recovery_path(self) -> Path:
        return self.directory / f"{self._key}{RECOVERY_SUFFIX}"

    @property
    def lock_path(self) -> Path:
        return self.directory / f"{self._key}{LOCK_SUFFIX}"

    def start(self) -> None:
        """Take the lock for the current document and start the 30 s timer."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        self.timer.start()

    def _take_lock(self) -> None:
        self._key = recovery_key(self.controller.path, self._session)
        self._write_lock(os.getpid())

    def _write_lock(self, pid: int) -> None:
        """Owner ``pid`` (0: released with a snapshot left to offer) and the document the snapshot belongs to."""
        document = str(self.controller.path.resolve()) if self.controller.path else None
        write_atomic(self.lock_path, json.dumps({"pid": pid, "document": document}))

    def _drop_files(self, *, keep_lock: bool) -> None:
        paths = [self.recovery_path] + ([] if keep_lock else [self.lock_path])
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink()
        self._saved_revision = None

    # --- snapshots ----------------------------------------------------------------------------------------
    def snapshot(self) -> bool:
        """Write the model atomically to the recovery file if it changed since the last snapshot."""
        if not self._key:
            return False
        if not self.controller.is_modified:
            return False
        revision = self.controller.document.revision
        if revision == self._saved_revision and self.recovery_path.exists():
            return False
        write_atomic(self.recovery_path, dumps(self.controller.diagram))
        self._saved_revision = revision
        return True

    def _on_timer_timeout(self) -> None:
        try:
            if self.snapshot():
                self.message.emit(f"Autosaved a recovery copy at {datetime.now():%H:%M:%S}")
        except OSError as exc:
            self.message.emit(f"Autosave failed: {exc}")

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        if clean and self._key:
            self._drop_files(keep_lock=True)

    def _on_controller_path_changed(self, _path: object) -> None:
        if not self._key:
            return
        self._drop_files(keep_lock=False)
        self._take_lock()
        if self.controller.is_modified:
            self.snapshot()

    def shutdown(self) -> None:
        """On quit: keep a snapshot if changes are unsaved (offered next time), else remove every file."""
        self.timer.stop()
        if not self._key:
            return
        if self.controller.is_modified:
            with contextlib.suppress(OSError):
                self.snapshot()
                self._write_lock(pid=0)
        else:
            self._drop_files(keep_lock=False)
        self._key = ""

    def discard(self) -> None:
        """The user chose to throw the changes away (the window is closing): the snapshot and lock go too."""
        self.timer.stop()
        if self._key:
            self._drop_files(keep_lock=False)
            self._key = ""

    # --- recovery at start ------------------------------------------------------------------------------------
    def offer_recovery(self, ask: AskRecover | None = None, parent: QWidget | None = None) -> bool:
        """Clean stale temp files, then offer each crashed session's snapshot; True when one was recovered."""
        for removed in clean_temp_files(self.directory):
            self.message.emit(f"Removed a half-written recovery file left by a crash: {removed.name}")
        candidates, outdated = find_recoverable(self.directory)
        for old in outdated:
            self.message.emit(f"Removed an outdated recovery copy ({old.name}): its design was saved later")
        ask = ask or (lambda question, details: _ask_recover(parent, question, details))
        for candidate in candidates:
            question = (f"Cloudwright closed unexpectedly while {candidate.name} had unsaved changes.\n"
                        f"A copy saved at {candidate.saved_at:%Y-%m-%d %H:%M:%S} can be recovered.")
            if ask(question, str(candidate.recovery)):
                return self._recover(candidate)
            for path in (candidate.recovery, candidate.lock):
                with contextlib.suppress(OSError):
                    path.unlink()
        return False

    def _recover(self, candidate: RecoveryCandidate) -> bool:
        try:
            loaded = load_text(candidate.recovery.read_text(encoding="utf-8"), str(candidate.recovery))
        except (CloudwrightError, OSError, UnicodeDecodeError) as exc:
            self.message.emit(f"Could not recover {candidate.name}: {str(exc).splitlines()[0]}")
            return False
        if candidate.document is not None:
            for removed in clean_stale_temp_files(candidate.document):
                self.message.emit(f"Removed a half-written save left by a crash: {removed.name}")
        self.controller.adopt(loaded.diagram, candidate.document)
        for path in (candidate.recovery, candidate.lock):
            with contextlib.suppress(OSError):
                path.unlink()
        self._take_lock()
        self.snapshot()
        self.message.emit(f"Recovered unsaved changes to {candidate.name}")
        return True


def _ask_recover(parent: QWidget | None, question: str, details: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved changes?", question, parent=parent)
    box.setInformativeText("Recover opens the copy as an unsaved design; Discard deletes the copy.")
    box.setDetailedText(details)
    recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Discard)
    box.setDefaultButton(recover)
    box.exec()
    return box.clickedButton() is recover


def install(window: MainWindow, directory: Path | None = None) -> Autosave:
    """Give ``window`` autosave: offer crashed sessions back, snapshot every 30 s, and honour Discard on close.

    The window's own Save / Discard / Cancel prompt (``confirm_discard``) stays in charge; when it lets a
    still-modified design close, the user chose Discard, so the snapshot goes too.
    """
    autosave = Autosave(window.controller, directory)
    autosave.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    ask_window = window.confirm_discard

    def confirm_discard() -> bool:
        if not ask_window():
            return False
        if window.controller.is_modified:
            autosave.discard()
        return True

    window.confirm_discard = confirm_discard  # type: ignore[method-assign]
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(autosave.shutdown)
    try:
        autosave.offer_recovery(parent=window)
        autosave.start()
    except OSError as exc:
        window.statusBar().showMessage(f"Autosave is off: cannot write to {autosave.directory} ({exc})")
    return autosave
