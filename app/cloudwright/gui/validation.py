"""Live validation: findings follow every edit without blocking the UI.

Each change restarts a short debounce timer (150 ms). When it fires, the validator takes a snapshot of the
diagram (``copy_shallow``: nodes and edges are frozen, so sharing them is safe) and runs the engine's
``validate`` (and, when asked, the internet ``exposure`` and the reachability panel's pinned query) on a
``QThreadPool`` worker. Results come back as
a queued signal and are applied only if the document and its revision are still the ones that were
snapshotted; otherwise a newer run is already due. One run at a time: a change during a run is picked up by
the next one. ``threaded=False`` runs on the UI thread (tests, tiny designs).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from cloudwright.engine.document import Document
from cloudwright.engine.model.diagram import Diagram
from cloudwright.engine.reach import Analyzer, ExposureEntry, Flow, PathResult, ReachError
from cloudwright.engine.rules import SEVERITIES, Finding, validate
from cloudwright.engine.rules.finding import SEVERITY_RANK
from cloudwright.gui.controller import Controller

DEBOUNCE_MS = 150


@dataclass
class Analysis:
    """What one run found, for the document revision it ran on."""

    findings: list[Finding] = field(default_factory=list)
    exposure: list[ExposureEntry] | None = None
    path: PathResult | None = None
    query: Flow | None = None  #: the pinned query this run answered (``path`` None: its ends are gone)
    revision: int = -1
    seconds: float = 0.0

    def worst_by_node(self) -> dict[str, str]:
        """node id -> the worst severity among its unsuppressed findings (for canvas badges)."""
        worst: dict[str, str] = {}
        for finding in self.findings:
            if finding.suppressed:
                continue
            for node in finding.nodes:
                if node not in worst or SEVERITY_RANK[finding.severity] < SEVERITY_RANK[worst[node]]:
                    worst[node] = finding.severity
        return worst

    def counts(self) -> dict[str, int]:
        """Unsuppressed findings per severity."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            if not finding.suppressed:
                counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return counts


def analyse(diagram: Diagram, with_exposure: bool = False, query: Flow | None = None) -> Analysis:
    """The engine's findings of ``diagram``, its exposure and a pinned reachability query when asked.

    Pure; runs on any thread. A query whose ends no longer exist gives no path.
    """
    start = time.perf_counter()
    findings = validate(diagram)
    analyzer = Analyzer(diagram) if with_exposure or query is not None else None
    exposure = analyzer.exposure() if analyzer is not None and with_exposure else None
    path = None
    if analyzer is not None and query is not None:
        with contextlib.suppress(ReachError):
            path = analyzer.can_reach(query.src, query.dst, query.protocol, query.port)
    return Analysis(findings, exposure, path, query, seconds=time.perf_counter() - start)


class _Relay(QObject):
    done = Signal(object, int, object)  #: document, revision, Analysis (emitted from the worker thread)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Analysis], document: Document, revision: int, relay: _Relay) -> None:
        super().__init__()
        self._work, self._document, self._revision, self._relay = work, document, revision, relay

    def run(self) -> None:
        self._relay.done.emit(self._document, self._revision, self._work())


class LiveValidator(QObject):
    analysis_changed = Signal(object)  #: the new :class:`Analysis`, applied for the current revision
    run_started = Signal()  #: a run was handed to the worker

    def __init__(self, controller: Controller, parent: QObject | None = None, *, threaded: bool = True,
                 delay_ms: int = DEBOUNCE_MS, pool: QThreadPool | None = None) -> None:
        super().__init__(parent or controller)
        self.controller = controller
        self.analysis = Analysis()
        self.threaded = threaded
        self.want_exposure = False
        #: A reachability query re-answered on every run while the reachability panel shows it.
        self.query: Flow | None = None
        self._pool = pool or QThreadPool.globalInstance()
        self._running = False
        # Unparented: a running job keeps its relay alive even if the validator (and window) is gone first.
        self._relay = _Relay()
        self._relay.done.connect(self._on_relay_done)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        controller.bridge.changes_applied.connect(self._on_changes_applied)
        controller.bridge.diagram_reset.connect(self.schedule)
        self.schedule()

    @property
    def is_current(self) -> bool:
        """Whether the shown analysis belongs to the document's current revision."""
        return self.analysis.revision == self.controller.document.revision

    def schedule(self) -> None:
        """Validate once the user pauses (the timer restarts on every change)."""
        self.timer.start()

    def set_exposure_wanted(self, wanted: bool) -> None:
        """Also compute the internet exposure on each run (for the overlay)."""
        if wanted != self.want_exposure:
            self.want_exposure = wanted
            self.schedule()

    def run_now(self) -> None:
        """Skip the debounce (tests, explicit refresh)."""
        self.timer.stop()
        self._on_timer_timeout()

    def _on_changes_applied(self, _changes: list) -> None:
        self.schedule()

    def _on_timer_timeout(self) -> None:
        if self._running:
            return
        document = self.controller.document
        revision = document.revision
        snapshot = document.diagram.copy_shallow()
        wanted, query = self.want_exposure, self.query
        self.run_started.emit()
        if not self.threaded:
            self._apply(document, revision, analyse(snapshot, wanted, query))
            return
        self._running = True
        self._pool.start(_Job(lambda: analyse(snapshot, wanted, query), document, revision, self._relay))

    def _on_relay_done(self, document: Document, revision: int, analysis: Analysis) -> None:
        self._running = False
        self._apply(document, revision, analysis)

    def _apply(self, document: Document, revision: int, analysis: Analysis) -> None:
        if document is not self.controller.document or revision != document.revision:
            self.schedule()
            return
        analysis.revision = revision
        self.analysis = analysis
        self.analysis_changed.emit(analysis)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Block until the worker finished (benchmarks and tests); pending results still arrive as events."""
        return self._pool.waitForDone(timeout_ms)
