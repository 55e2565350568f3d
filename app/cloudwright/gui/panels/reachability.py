"""The reachability tool: can A reach B on a port, hop by hop, with the path lit up on the canvas.

Source and destination come from lists of the design's components or from the canvas selection. A run asks
the engine's :class:`Analyzer`; the hops are listed like a traceroute (number, marked on the return leg,
component, verdict and code, reason) and drawn on the canvas (numbered rings: green pass, red block with a
bubble, dashed when only on the return leg); the engine's suggested fixes can be applied from here, each as
one undo step. The exposure overlay toggle lives here too. While a result is shown, the live validator
re-answers the query on its worker after every edit, so the picture follows the design.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cloudwright.engine.catalog import catalog
from cloudwright.engine.reach import Analyzer, PathResult, ReachError
from cloudwright.gui.controller import Controller
from cloudwright.gui.overlays import BLOCK_COLOR, PASS_COLOR, UNKNOWN_COLOR, CanvasOverlays
from cloudwright.gui.validation import Analysis, LiveValidator

COMMON_PORTS = ((22, "SSH"), (80, "HTTP"), (443, "HTTPS"), (3306, "MySQL"), (5432, "PostgreSQL"),
                (6379, "Redis"), (3389, "RDP"), (1433, "SQL Server"), (1521, "Oracle"), (11211, "Memcached"),
                (2049, "NFS"), (53, "DNS"), (8080, "HTTP alt"))
HOP_COLUMNS = ("#", "Component", "Verdict", "Reason")
CODE_COLUMN = 2
VERDICT_COLORS = {"pass": PASS_COLOR, "block": BLOCK_COLOR, "unknown": UNKNOWN_COLOR}


class ReachabilityPanel(QWidget):
    def __init__(self, controller: Controller, validator: LiveValidator, overlays: CanvasOverlays,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reachability_panel")
        self.controller, self.validator, self.overlays = controller, validator, overlays
        self.result: PathResult | None = None

        self.source = QComboBox()
        self.destination = QComboBox()
        for combo in (self.source, self.destination):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.from_selection = QPushButton("From selection")
        self.from_selection.setToolTip("Use the first selected component as source and the second as destination, "
                                       "or a selected flow's ends, protocol and port")
        self.from_selection.clicked.connect(self._on_from_selection_clicked)
        self.protocol = QComboBox()
        self.protocol.addItems(["tcp", "udp", "icmp"])
        self.port = QComboBox()
        self.port.setEditable(True)
        for port, name in COMMON_PORTS:
            self.port.addItem(f"{port} ({name})", port)
        self.port.setCurrentIndex(2)
        self.run_button = QPushButton("Check path")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self.clear)

        form = QFormLayout()
        form.addRow("From", self.source)
        form.addRow("To", self.destination)
        form.addRow("", self.from_selection)
        flow = QHBoxLayout()
        flow.addWidget(self.protocol)
        flow.addWidget(self.port, 1)
        form.addRow("Protocol / port", flow)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)

        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.hops = QTableWidget(0, len(HOP_COLUMNS))
        self.hops.setHorizontalHeaderLabels(HOP_COLUMNS)
        self.hops.verticalHeader().setVisible(False)
        self.hops.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hops.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hops.setWordWrap(True)
        self.hops.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.hops.horizontalHeader().setSectionResizeMode(len(HOP_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.hops.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hops.horizontalHeader().setSectionResizeMode(CODE_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.hops.setColumnWidth(CODE_COLUMN, 112)
        self.hops.cellClicked.connect(self._on_hop_clicked)
        self.fixes = QListWidget()
        self.fixes.setMaximumHeight(90)
        self.apply_fix = QPushButton("Apply fix")
        self.apply_fix.setEnabled(False)
        self.apply_fix.clicked.connect(self._on_apply_fix_clicked)
        self.fixes.currentRowChanged.connect(lambda row: self.apply_fix.setEnabled(row >= 0))
        self.exposure = QCheckBox("Show internet exposure on the canvas")
        self.exposure.setToolTip("Tint every component the internet can reach; hover one for its open ports")
        self.exposure.toggled.connect(overlays.set_exposure_visible)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.verdict)
        layout.addWidget(self.hops, 1)
        layout.addWidget(QLabel("Suggested fixes"))
        layout.addWidget(self.fixes)
        layout.addWidget(self.apply_fix, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.exposure)

        controller.bridge.diagram_reset.connect(self._on_diagram_reset)
        controller.bridge.node_added.connect(self._refill_components)
        controller.bridge.node_removed.connect(self._refill_components)
        controller.bridge.node_changed.connect(self._on_node_changed)
        validator.analysis_changed.connect(self._on_analysis_changed)
        self._refill_components()

    # --- components ---------------------------------------------------------------------------------------
    def _refill_components(self, *_args: object) -> None:
        kinds = catalog()
        nodes = sorted((n for n in self.controller.diagram.nodes.values()
                        if not (n.kind in kinds and kinds.get(n.kind).container)), key=lambda n: n.title.lower())
        for combo in (self.source, self.destination):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for node in nodes:
                combo.addItem(node.title if node.title == node.id else f"{node.title} ({node.id})", node.id)
            index = combo.findData(current)
            combo.setCurrentIndex(index if index >= 0 else -1)
            combo.blockSignals(False)

    def _on_node_changed(self, _node_id: str, fields: object) -> None:
        if "label" in fields:  # type: ignore[operator]
            self._refill_components()

    def _on_diagram_reset(self) -> None:
        self.clear()
        self._refill_components()

    def set_endpoints(self, source: str, destination: str) -> None:
        self.source.setCurrentIndex(self.source.findData(source))
        self.destination.setCurrentIndex(self.destination.findData(destination))

    def set_flow(self, protocol: str, port: int | None) -> None:
        self.protocol.setCurrentText(protocol)
        if port is not None:
            index = self.port.findData(port)
            if index >= 0:
                self.port.setCurrentIndex(index)
            else:
                self.port.setEditText(str(port))

    def _on_from_selection_clicked(self) -> None:
        diagram = self.controller.diagram
        edges = [diagram.edges[i] for i in self.controller.selection.ids if i in diagram.edges]
        if len(edges) == 1 and len(self.controller.selection) == 1:
            edge = edges[0]
            self.set_endpoints(edge.source, edge.target)
            self.set_flow(str(edge.protocol) if str(edge.protocol) in ("tcp", "udp", "icmp") else "tcp",
                          edge.port.low if edge.port is not None else None)
            return
        ids = [i for i in self.controller.selection.ids if i in diagram.nodes]
        if ids:
            self.source.setCurrentIndex(self.source.findData(ids[0]))
        if len(ids) > 1:
            self.destination.setCurrentIndex(self.destination.findData(ids[1]))

    def _port_value(self) -> int | None:
        if self.protocol.currentText() == "icmp":
            return None
        index = self.port.findText(self.port.currentText())
        if index >= 0:
            return int(self.port.itemData(index))
        text = self.port.currentText().split("(")[0].strip()
        if not text.isdigit():
            raise ReachError(f"'{self.port.currentText()}' is not a port number")
        return int(text)

    # --- running --------------------------------------------------------------------------------------------
    def run(self) -> PathResult | None:
        """Ask the engine and show the answer on the panel and the canvas."""
        source, destination = self.source.currentData(), self.destination.currentData()
        if source is None or destination is None:
            self.verdict.setText("Pick a source and a destination (or select two components and use "
                                 "<i>From selection</i>).")
            return None
        try:
            result = Analyzer(self.controller.diagram).can_reach(source, destination, self.protocol.currentText(),
                                                                 self._port_value())
        except ReachError as exc:
            self.verdict.setText(f"<span style='color:{BLOCK_COLOR.name()}'>{exc}</span>")
            return None
        self.show_result(result)
        return result

    def show_result(self, result: PathResult | None) -> None:
        self.result = result
        self.validator.query = result.flow if result is not None else None
        self.overlays.show_path(result)
        self.hops.setRowCount(0)
        self.fixes.clear()
        self.apply_fix.setEnabled(False)
        if result is None:
            self.verdict.clear()
            return
        color = {True: PASS_COLOR, False: BLOCK_COLOR}.get(result.reachable, UNKNOWN_COLOR)
        block = result.blocking_hop
        why = f": blocked at <b>{block.node}</b> ({block.reason})" if block is not None else ""
        self.verdict.setText(f"<b style='color:{color.name()}'>{result.status.capitalize()}</b> "
                             f"{result.flow.describe()}{why}")
        self.hops.setRowCount(len(result.hops))
        for row, hop in enumerate(result.hops):
            number = f"{row + 1}" if hop.leg == "forward" else f"{row + 1} \u21a9"
            cells = (number, hop.node, f"{hop.verdict}\n{hop.code}", hop.reason)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{hop.leg} leg: {hop.reason} [{hop.code}]")
                if column == CODE_COLUMN:
                    item.setForeground(VERDICT_COLORS.get(hop.verdict, QColor("#16191f")))
                self.hops.setItem(row, column, item)
        self.hops.resizeRowsToContents()
        for fix in result.fixes:
            self.fixes.addItem(QListWidgetItem(fix.title))
        if result.fixes:
            self.fixes.setCurrentRow(0)

    def clear(self) -> None:
        self.show_result(None)

    def _on_hop_clicked(self, row: int, _column: int) -> None:
        if self.result is not None and self.result.hops[row].node in self.controller.diagram.nodes:
            self.controller.selection.set([self.result.hops[row].node])

    def _on_apply_fix_clicked(self) -> None:
        row = self.fixes.currentRow()
        if self.result is None or not 0 <= row < len(self.result.fixes):
            return
        fix = self.result.fixes[row]
        try:
            edit = fix.build(self.controller.diagram)
        except (KeyError, ValueError) as exc:
            self.controller.error_raised.emit(f"cannot apply '{fix.title}': {exc}")
            return
        if self.controller.request_apply(edit):
            self.run()

    def _on_analysis_changed(self, analysis: Analysis) -> None:
        """The validator re-answered the pinned query on its worker: show the fresh answer."""
        if self.result is None or self.validator.query is None or analysis.query != self.validator.query:
            return
        if analysis.path is None:
            self.clear()
        else:
            self.show_result(analysis.path)
