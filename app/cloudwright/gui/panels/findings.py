"""The findings dock: the live validator's findings as a filterable, sortable table with one-click fixes.

``FindingsModel`` is a thin Qt adapter over the plain list of engine findings; ``FindingsFilter`` filters by
severity, pillar, text and the nodes selected on the canvas, and sorts by severity. Clicking a finding
selects and reveals its nodes; a finding with a quick fix offers "Fix", applied through the controller as
one undo step. The tooltip of a row shows the fix and the notes' paragraph the rule cites.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cloudwright.engine.rules import PILLARS, SEVERITIES, Finding
from cloudwright.engine.rules.finding import SEVERITY_RANK
from cloudwright.engine.rules.notes import paragraphs
from cloudwright.gui.controller import Controller
from cloudwright.gui.overlays import SEVERITY_COLORS, severity_icon
from cloudwright.gui.validation import Analysis, LiveValidator

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Severity", "Rule", "Message", "Section", "Pillars")
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


@cache
def notes_excerpt(section: str, lines: str) -> str:
    """The notes' paragraph(s) a finding cites, shortened for a tooltip."""
    text = "\n\n".join(paragraphs(section, lines))
    return text if len(text) <= 900 else text[:900].rsplit(" ", 1)[0] + " ..."


class FindingsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = list(findings)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        column = index.column()
        if role == FINDING_ROLE:
            return finding
        if role == SORT_ROLE:
            if column == 0:
                return f"{int(finding.suppressed)}{SEVERITY_RANK.get(finding.severity, 9)}{finding.rule}"
            return str(self.data(index))
        if role == Qt.ItemDataRole.DisplayRole:
            suffix = " (suppressed)" if finding.suppressed else ""
            return (finding.severity + suffix, finding.rule, finding.message, finding.section,
                    ", ".join(p.replace("_", " ") for p in finding.pillars))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return severity_icon(finding.severity)
        if role == Qt.ItemDataRole.ForegroundRole and finding.suppressed:
            return SEVERITY_COLORS["info"].lighter(150)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(finding)
        return None


def _tooltip(finding: Finding) -> str:
    parts = [f"<b>{finding.rule}</b>: {finding.message}"]
    if finding.fix:
        parts.append(f"<b>Fix:</b> {finding.fix}")
    if finding.suppressed:
        parts.append(f"<i>Suppressed: {finding.suppression_reason}</i>")
    excerpt = notes_excerpt(finding.section, finding.lines) if finding.section else ""
    if excerpt:
        parts.append(f"<b>Notes, §{finding.section}</b> {finding.lines}<br>{_html(excerpt)}")
    return "<p>" + "</p><p>".join(parts) + "</p>"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class FindingsFilter(QSortFilterProxyModel):
    """Severity, pillar, free text and node filters; sorts by severity first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severities: set[str] = set(SEVERITIES)
        self.pillar = ""
        self.text = ""
        self.nodes: frozenset[str] = frozenset()
        self.setSortRole(SORT_ROLE)

    def set_filters(self, *, severities: set[str] | None = None, pillar: str | None = None, text: str | None = None,
                    nodes: frozenset[str] | None = None) -> None:
        self.beginFilterChange()
        if severities is not None:
            self.severities = severities
        if pillar is not None:
            self.pillar = pillar
        if text is not None:
            self.text = text.strip().lower()
        if nodes is not None:
            self.nodes = nodes
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: ModelIndex) -> bool:  # noqa: N802 - Qt API
        finding: Finding = self.sourceModel().index(row, 0, parent).data(FINDING_ROLE)
        if finding.severity not in self.severities:
            return False
        if self.pillar and self.pillar not in finding.pillars:
            return False
        if self.nodes and not self.nodes.intersection(finding.nodes):
            return False
        if self.text:
            haystack = " ".join((finding.rule, finding.message, finding.section, " ".join(finding.nodes))).lower()
            return self.text in haystack
        return True


class FindingsPanel(QWidget):
    def __init__(self, controller: Controller, validator: LiveValidator,
                 reveal: Callable[[list[str]], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findings_panel")
        self.controller, self.validator = controller, validator
        self._reveal = reveal or (lambda ids: None)
        self._selecting = False
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)

        bar = QHBoxLayout()
        self.severity_buttons: dict[str, QToolButton] = {}
        for severity in SEVERITIES:
            button = QToolButton()
            button.setCheckable(True)
            button.setChecked(True)
            button.setIcon(severity_icon(severity))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.toggled.connect(self._on_severity_toggled)
            self.severity_buttons[severity] = button
            bar.addWidget(button)
        self.pillar_combo = QComboBox()
        self.pillar_combo.addItem("All pillars", "")
        for pillar in PILLARS:
            self.pillar_combo.addItem(pillar.replace("_", " ").capitalize(), pillar)
        self.pillar_combo.currentIndexChanged.connect(self._on_pillar_changed)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter findings...")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        bar.addWidget(self.pillar_combo)
        bar.addWidget(self.search, 1)

        self.scope = QLabel()
        self.show_all = QPushButton("Show all")
        self.show_all.clicked.connect(self._on_show_all_clicked)
        scope_bar = QHBoxLayout()
        scope_bar.addWidget(self.scope, 1)
        scope_bar.addWidget(self.show_all)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 96), (1, 118), (3, 170), (4, 130)):
            self.table.setColumnWidth(column, width)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fix_button = QPushButton("Fix")
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self._on_fix_clicked)
        detail_bar = QHBoxLayout()
        detail_bar.addWidget(self.detail, 1)
        detail_bar.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addLayout(scope_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(detail_bar)

        validator.analysis_changed.connect(self._on_analysis_changed)
        controller.selection.subscribe(self._on_selection_changed)
        self._on_analysis_changed(validator.analysis)
        self._show_scope()

    # --- following the analysis and the selection -----------------------------------------------------------
    def _on_analysis_changed(self, analysis: Analysis) -> None:
        current = self.current_finding()
        self.model.set_findings(analysis.findings)
        counts = analysis.counts()
        for severity, button in self.severity_buttons.items():
            button.setText(f"{counts.get(severity, 0)}")
            button.setToolTip(f"Show {severity} findings")
        if current is not None:
            self._select_matching(current)
        self._show_detail(self.current_finding())

    def _on_selection_changed(self, ids: tuple[str, ...]) -> None:
        if self._selecting:
            return
        nodes = frozenset(i for i in ids if i in self.controller.diagram.nodes)
        self.proxy.set_filters(nodes=nodes)
        self._show_scope()

    def _show_scope(self) -> None:
        nodes = sorted(self.proxy.nodes)
        shown = ", ".join(nodes[:3]) + (f" and {len(nodes) - 3} more" if len(nodes) > 3 else "")
        self.scope.setText(f"Findings of {shown}" if nodes else "All findings")
        self.show_all.setEnabled(bool(nodes))

    def _on_show_all_clicked(self) -> None:
        self.proxy.set_filters(nodes=frozenset())
        self._show_scope()

    # --- filters ---------------------------------------------------------------------------------------------
    def _on_severity_toggled(self, _checked: bool) -> None:
        self.proxy.set_filters(severities={s for s, b in self.severity_buttons.items() if b.isChecked()})

    def _on_pillar_changed(self, _index: int) -> None:
        self.proxy.set_filters(pillar=self.pillar_combo.currentData())

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_filters(text=text)

    # --- acting on a finding -----------------------------------------------------------------------------------
    def current_finding(self) -> Finding | None:
        index = self.table.currentIndex()
        return index.data(FINDING_ROLE) if index.isValid() else None

    def visible_findings(self) -> list[Finding]:
        return [self.proxy.index(row, 0).data(FINDING_ROLE) for row in range(self.proxy.rowCount())]

    def select_finding(self, finding: Finding) -> None:
        """Make ``finding`` current and select its nodes, as a click does."""
        if self._select_matching(finding):
            self._on_table_clicked(self.table.currentIndex())

    def _select_matching(self, finding: Finding) -> bool:
        for row in range(self.proxy.rowCount()):
            other: Finding = self.proxy.index(row, 0).data(FINDING_ROLE)
            if (other.rule, other.nodes, other.message) == (finding.rule, finding.nodes, finding.message):
                self.table.selectRow(row)
                return True
        return False

    def _on_table_clicked(self, index: QModelIndex) -> None:
        finding: Finding | None = index.data(FINDING_ROLE) if index.isValid() else None
        if finding is None:
            return
        nodes = [n for n in finding.nodes if n in self.controller.diagram.nodes]
        self._selecting = True
        try:
            self.controller.selection.set(nodes)
        finally:
            self._selecting = False
        self._reveal(nodes)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail(current.data(FINDING_ROLE) if current.isValid() else None)

    def _show_detail(self, finding: Finding | None) -> None:
        if finding is None:
            self.detail.setText("<i>Select a finding to see its fix.</i>" if self.model.findings
                                else "<i>No findings.</i>")
            self.fix_button.setEnabled(False)
            self.fix_button.setText("Fix")
            self.detail.setToolTip("")
            return
        fix = f"<br><b>Fix:</b> {_html(finding.fix)}" if finding.fix else ""
        self.detail.setText(f"<b>{finding.rule}</b> {_html(finding.message)}{fix}")
        self.detail.setToolTip(_tooltip(finding))
        self.fix_button.setEnabled(finding.quick_fix is not None and not finding.suppressed)
        self.fix_button.setText(f"Fix: {finding.quick_fix.title}" if finding.quick_fix else "Fix")

    def _on_fix_clicked(self) -> None:
        finding = self.current_finding()
        if finding is None or finding.quick_fix is None:
            return
        try:
            edit = finding.quick_fix.build(self.controller.diagram)
        except (KeyError, ValueError) as exc:
            self.controller.error_raised.emit(f"cannot apply '{finding.quick_fix.title}': {exc}")
            return
        self.controller.request_apply(edit)


class SeverityCounts(QLabel):
    """The status-bar summary: unsuppressed findings per severity, in their colours."""

    def __init__(self, validator: LiveValidator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("severity_counts")
        validator.analysis_changed.connect(self._on_analysis_changed)
        self._on_analysis_changed(validator.analysis)

    def _on_analysis_changed(self, analysis: Analysis) -> None:
        counts = analysis.counts()
        names = {"error": "errors", "warning": "warnings", "info": "info"}
        self.setText("  ".join(f"<span style='color:{SEVERITY_COLORS[s].name()}'>&#9679;</span> {counts[s]} {names[s]}"
                               for s in SEVERITIES))
        self.setToolTip("Findings of the live validation (suppressed ones not counted)")
