"""The stage bar: step through a case study on the canvas, see what each stage changed and what it teaches.

Stepping replaces the document with the stage's design as a fresh, untitled document and clears the undo
history. A stage is a page of the lesson, not an edit of the user's: as an undo step, Ctrl+Z would
"un-step" the canvas while the bar still named the stage, and the lesson's changes would interleave with
the user's own. If the user edited the shown stage, stepping first asks Save / Discard / Cancel, as
closing would, so no work is lost silently. The nodes and flows a stage adds are tinted for a moment and
the components whose properties it changes keep an amber mark until the next step. The stage's expected
findings (the problem it shows, the problems it fixes) are checked against the live validator's findings
of the shown design, which the Findings panel lists in full.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionGraphicsItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.model.diagram import Diagram, Node
from cloudwright.engine.rules import Finding
from cloudwright.engine.rules.catalogue import case_aliases
from cloudwright.engine.rules.registry import expand_ids
from cloudwright.gui.validation import Analysis

if TYPE_CHECKING:
    from cloudwright.gui.main_window import MainWindow

ADDED_COLOR = QColor("#1d8102")
CHANGED_COLOR = QColor("#e07b00")
#: How long the tint of added components lasts (ms), fading out over the last part.
ADDED_MARK_MS = 3500


@dataclass(frozen=True)
class StageChanges:
    """What one stage changed from the stage before it (ids of the later stage's design)."""

    added_nodes: frozenset[str] = frozenset()
    added_edges: frozenset[str] = frozenset()
    removed: int = 0
    changed_nodes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{len(self.added_nodes)} component(s) added" if self.added_nodes else "",
                 f"{len(self.added_edges)} flow(s) added" if self.added_edges else "",
                 f"{len(self.changed_nodes)} changed" if self.changed_nodes else "",
                 f"{self.removed} removed" if self.removed else ""]
        return ", ".join(p for p in parts if p) or "no change to the design"


def _changed_fields(before: Node, after: Node) -> tuple[str, ...]:
    """Names of the properties, intent flags, label or parent that differ (layout moves are not lessons)."""
    fields = [key for key in sorted(before.props.keys() | after.props.keys())
              if before.props.get(key) != after.props.get(key)]
    fields += [f"intent {key}" for key in sorted(before.intent.keys() | after.intent.keys())
               if before.intent.get(key) != after.intent.get(key)]
    fields += [name for name in ("label", "parent") if getattr(before, name) != getattr(after, name)]
    return tuple(fields)


def stage_changes(before: Diagram | None, after: Diagram) -> StageChanges:
    """The difference between two consecutive stage designs; nothing for the first stage."""
    if before is None:
        return StageChanges()
    changed = {}
    for node_id in after.nodes.keys() & before.nodes.keys():
        fields = _changed_fields(before.nodes[node_id], after.nodes[node_id])
        if fields:
            changed[node_id] = fields
    removed = len(before.nodes.keys() - after.nodes.keys()) + len(before.edges.keys() - after.edges.keys())
    return StageChanges(frozenset(after.nodes.keys() - before.nodes.keys()),
                        frozenset(after.edges.keys() - before.edges.keys()), removed, changed)


def answers_to(rule_id: str) -> set[str]:
    """Every rule id a finding for ``rule_id`` may carry: itself, the rules claiming it as an alias, and the
    rules the case studies' catalogue maps a dotted id to."""
    alias = case_aliases().get(rule_id)
    return {rule_id, *expand_ids([rule_id]), *(alias.maps_to if alias is not None else ())}


def matching_findings(rule_id: str, findings: list[Finding]) -> list[Finding]:
    """The unsuppressed findings that report ``rule_id`` (directly or through an alias)."""
    targets = answers_to(rule_id)
    return [f for f in findings if not f.suppressed and ({f.rule, *f.aliases} & targets)]


class ChangeMark(QGraphicsItem):
    """A frame over a node the stage added (green) or changed (amber, with the changed fields), or a glow
    along a flow it added. A child of the marked item, so it follows it and dies with it."""

    def __init__(self, parent: QGraphicsItem, color: QColor, note: str = "") -> None:
        super().__init__(parent)
        self.color = color
        self.note = note
        self.setZValue(-1 if hasattr(parent, "path") else 40)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        if note:
            self.setToolTip(f"Changed in this stage: {note}")

    def _frame(self) -> QRectF:
        parent = self.parentItem()
        return parent.anchor_rect().adjusted(-5, -5, 5, 5) if hasattr(parent, "anchor_rect") else QRectF()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        parent = self.parentItem()
        if hasattr(parent, "path"):
            return parent.path.boundingRect().adjusted(-8, -8, 8, 8)
        return self._frame().adjusted(-3, -20, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        parent = self.parentItem()
        if hasattr(parent, "path"):
            glow = QColor(self.color)
            glow.setAlpha(110)
            painter.setPen(QPen(glow, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.drawPath(parent.path)
            return
        frame = self._frame()
        fill = QColor(self.color)
        fill.setAlpha(0 if hasattr(parent, "frame") else 40)  # a container is outlined, its contents stay clear
        painter.setPen(QPen(self.color, 2.5))
        painter.setBrush(fill)
        painter.drawRoundedRect(frame, 6, 6)
        if self.note:
            font = QFont()
            font.setPixelSize(10)
            font.setBold(True)
            painter.setFont(font)
            text = _short(self.note, 22)
            width = painter.fontMetrics().horizontalAdvance(text) + 10
            tag = QRectF(frame.right() - width, frame.top() - 16, width, 15)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.color)
            painter.drawRoundedRect(tag, 3, 3)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class StageBar(QToolBar):
    stage_shown = Signal(int)  #: the canvas now shows this stage (1-based)

    def __init__(self, window: MainWindow) -> None:
        super().__init__("Case study", window)
        self.setObjectName("toolbar-stages")
        self.setMovable(False)
        self.window_ = window
        self.controller = window.controller
        self.template_id = ""
        self.template: Diagram | None = None
        self.number = 0
        self.changes = StageChanges()
        self.marks: list[ChangeMark] = []
        self._expected_design: Diagram | None = None
        self._document: object | None = None
        self._fade = QVariantAnimation(self)
        self._fade.setDuration(ADDED_MARK_MS)
        self._fade.setStartValue(1.0)
        self._fade.setKeyValueAt(0.5, 1.0)
        self._fade.setEndValue(0.0)
        self._fade.valueChanged.connect(self._on_fade_value_changed)
        self._fade.finished.connect(self._on_fade_finished)
        self._build()
        self.controller.document_replaced.connect(self._on_controller_document_replaced)
        window.validator.analysis_changed.connect(self._on_validator_analysis_changed)
        self.hide()

    def _build(self) -> None:
        style = self.style()
        self.previous_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack),
                                            "Previous stage (Alt+Left)", "Alt+Left", lambda: self.step(-1),
                                            "Previous")
        self.next_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward),
                                        "Next stage (Alt+Right)", "Alt+Right", lambda: self.step(1), "Next")
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.title_label.font()
        bold.setBold(True)
        self.title_label.setFont(bold)
        self.lesson_label = QLabel()
        self.lesson_label.setWordWrap(True)
        self.lesson_label.setTextFormat(Qt.TextFormat.PlainText)
        self.findings_label = QLabel()
        self.findings_label.setTextFormat(Qt.TextFormat.RichText)
        self.changes_label = QLabel()
        self.changes_label.setStyleSheet("color: #545b64")
        close = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
                             "Leave the case study (the design stays on the canvas)", "", self.leave)
        text = QVBoxLayout()
        text.setContentsMargins(6, 2, 6, 2)
        text.setSpacing(2)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label)
        heading.addWidget(self.changes_label)
        heading.addStretch(1)
        text.addLayout(heading)
        text.addWidget(self.lesson_label)
        text.addWidget(self.findings_label)
        row = QHBoxLayout()
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(self.previous_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        body = QWidget()
        body.setLayout(row)
        body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # A wrapped label asks for several lines whatever its width; cap it so the bar stays compact.
        line = self.lesson_label.fontMetrics().lineSpacing()
        self.lesson_label.setMinimumHeight(line + 2)
        self.lesson_label.setMaximumHeight(line * 3 + 4)
        self.addWidget(body)

    def _button(self, icon: object, tip: str, shortcut: str, slot: object, text: str = "") -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)  # type: ignore[arg-type]
        if text:
            button.setText(text)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
        button.clicked.connect(lambda: slot())  # type: ignore[operator]
        return button

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt override
        """Shown only while a case study plays, whatever a restored window state says."""
        super().setVisible(visible and getattr(self, "template", None) is not None)

    # --- stepping ---------------------------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return len(self.template.stages) if self.template is not None else 0

    def load(self, template_id: str, template: Diagram, number: int = 1) -> bool:
        """Play ``template`` from stage ``number`` (the current design was already confirmed replaceable)."""
        self.template_id, self.template, self.number = template_id, template, 0
        self.show()
        return self.show_stage(max(1, min(number, max(1, self.count))), ask=False)

    def step(self, delta: int) -> bool:
        """Show the previous (-1) or next (+1) stage; False at either end or when the user cancels."""
        target = self.number + delta
        return 1 <= target <= max(1, self.count) and self.show_stage(target)

    def show_stage(self, number: int, ask: bool = True) -> bool:
        """Put stage ``number``'s design on the canvas as a fresh untitled document, marking what it changed."""
        if self.template is None:
            return False
        if ask and self.controller.is_modified and not self.window_.confirm_discard():
            return False
        design = stage_diagram(self.template, number)
        before = stage_diagram(self.template, number - 1) if number > 1 else None
        self.changes = stage_changes(before, design)
        self.number = number
        self._expected_design = design
        self.controller.adopt(design, None)
        self.controller.undo_stack.setClean()
        self.controller.document.mark_clean()
        self._show_texts()
        self._mark_changes()
        self.stage_shown.emit(number)
        return True

    def leave(self) -> None:
        """Stop playing the case study; the shown design stays as an ordinary untitled design."""
        self._clear_marks()
        self.template, self.template_id, self.number, self._document = None, "", 0, None
        self.hide()

    # --- what the bar shows -------------------------------------------------------------------------------------
    def _stage(self) -> object:
        playing = self.template is not None and self.template.stages and self.number >= 1
        return self.template.stages[self.number - 1] if playing else None

    def _show_texts(self) -> None:
        stage = self._stage()
        title = getattr(stage, "title", "") or (self.template.name if self.template else "")
        self.title_label.setText(f"Stage {self.number} of {max(1, self.count)}: {title}")
        self.lesson_label.setText(getattr(stage, "lesson", "") or (self.template.description if self.template else ""))
        self.changes_label.setText(f"({self.changes.summary()})" if self.number > 1 else "")
        self.previous_button.setEnabled(self.number > 1)
        self.next_button.setEnabled(self.number < self.count)
        self._show_expected(None)

    def expected(self) -> dict[str, list[str]]:
        """The shown stage's ``expected_findings``: ``exhibits`` (its problem) and ``fixes``."""
        stage = self._stage()
        found = getattr(stage, "expected_findings", {}) or {}
        return {"exhibits": list(found.get("exhibits", [])), "fixes": list(found.get("fixes", []))}

    def _show_expected(self, findings: list[Finding] | None) -> None:
        expected = self.expected()
        parts = []
        for what, heading, wanted in (("exhibits", "Problem", True), ("fixes", "Fixed", False)):
            for rule_id in expected[what]:
                parts.append(f"{heading}: {_rule_html(rule_id, findings, wanted, self.controller.is_modified)}")
        if not parts:
            parts.append("No finding is expected at this stage.")
        self.findings_label.setText(" · ".join(parts))

    def _on_validator_analysis_changed(self, analysis: Analysis) -> None:
        if self.template is not None and self.number >= 1 and self.controller.document is self._document:
            self._show_expected(analysis.findings)

    def _on_controller_document_replaced(self) -> None:
        if self.controller.document.diagram is self._expected_design and self._expected_design is not None:
            self._document = self.controller.document
        elif self.controller.diagram.stages:
            self.offer(self.controller.diagram)
        elif self.template is not None:
            self.leave()

    def offer(self, design: Diagram) -> None:
        """A staged design opened as a file: the canvas shows it whole; Next steps through its stages as an
        untitled copy, so the file itself is never replaced by a stage."""
        self._clear_marks()
        self.template_id, self.template, self.number = "", design, 0
        self._expected_design, self._document, self.changes = None, self.controller.document, StageChanges()
        self.title_label.setText(f"{design.name or 'This design'}: {len(design.stages)} stages")
        self.lesson_label.setText("The canvas shows the whole file, every stage's components at once. Next steps "
                                  "through the stages as an untitled copy; the file stays as it is.")
        self.changes_label.setText("")
        self.findings_label.setText("")
        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(True)
        self.show()

    # --- change marks -----------------------------------------------------------------------------------------
    def _mark_changes(self) -> None:
        self._clear_marks()
        scene = self.window_.scene
        for node_id in sorted(self.changes.added_nodes):
            item = scene.item_for_node(node_id)
            if item is not None:
                self.marks.append(ChangeMark(item, ADDED_COLOR))
        for edge_id in sorted(self.changes.added_edges):
            item = scene.item_for_edge(edge_id)
            if item is not None:
                self.marks.append(ChangeMark(item, ADDED_COLOR))
        for node_id, fields in sorted(self.changes.changed_nodes.items()):
            item = scene.item_for_node(node_id)
            if item is not None:
                self.marks.append(ChangeMark(item, CHANGED_COLOR, ", ".join(fields)))
        if any(m.color == ADDED_COLOR for m in self.marks):
            self._fade.start()

    def added_marks(self) -> list[ChangeMark]:
        return [m for m in self.marks if shiboken6.isValid(m) and m.color == ADDED_COLOR]

    def _on_fade_value_changed(self, value: float) -> None:
        for mark in self.added_marks():
            mark.setOpacity(float(value))

    def _on_fade_finished(self) -> None:
        for mark in self.added_marks():
            if mark.scene() is not None:
                mark.scene().removeItem(mark)
        self.marks = [m for m in self.marks if shiboken6.isValid(m) and m.color != ADDED_COLOR]

    def _clear_marks(self) -> None:
        self._fade.stop()
        for mark in self.marks:
            if shiboken6.isValid(mark) and mark.scene() is not None:
                mark.scene().removeItem(mark)
        self.marks = []


def _rule_html(rule_id: str, findings: list[Finding] | None, wanted: bool, edited: bool = False) -> str:
    """``rule_id`` in bold with whether the shown design agrees (flagged for a problem, gone for a fix); a
    problem the user's own edits made go away is good news, not a disagreement."""
    name = f"<b>{html.escape(rule_id)}</b>"
    if findings is None:
        return f"{name} <span style='color:#687078'>(checking…)</span>"
    fired = bool(matching_findings(rule_id, findings))
    if fired == wanted:
        verdict = "flagged" if wanted else "no longer flagged"
        return f"{name} <span style='color:#1d8102'>✔ {verdict}</span>"
    if wanted and edited:
        return f"{name} <span style='color:#1d8102'>✔ fixed by your edits</span>"
    verdict = "not flagged" if wanted else "still flagged"
    return f"{name} <span style='color:#d13212'>✘ {verdict}</span>"
