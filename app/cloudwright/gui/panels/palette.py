"""The component palette: every catalogue kind by category, with its AWS icon, searchable as you type.

A kind is dragged onto the canvas as ``application/x-cloudwright-kind`` (the canvas decides where it
may go), or chosen with a click and then placed with a click on the canvas. The Qt model is a thin
adapter over the engine's catalogue; nothing here knows the containment rules.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from cloudwright.engine.catalog import catalog, icon_path
from cloudwright.gui.canvas.interactions import KIND_MIME

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
ICON_PX = 24


class KindModel(QStandardItemModel):
    """Categories with their kinds; dragging a kind carries its id in the custom MIME type."""

    def __init__(self) -> None:
        super().__init__()
        for category in catalog().categories():
            group = QStandardItem(category)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font()
            font.setBold(True)
            group.setFont(font)
            for spec in catalog().in_category(category):
                row = QStandardItem(QIcon(str(icon_path(spec.id))), spec.label)
                row.setData(spec.id, KIND_ROLE)
                row.setData(f"{spec.label} {spec.id} {category}".lower(), SEARCH_ROLE)
                row.setToolTip(f"<b>{spec.label}</b><br>{spec.description}" if spec.description else spec.label)
                row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
                group.appendRow(row)
            self.appendRow(group)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [KIND_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802 - Qt override
        mime = QMimeData()
        kinds = [i.data(KIND_ROLE) for i in indexes if i.data(KIND_ROLE)]
        if kinds:
            mime.setData(KIND_MIME, kinds[0].encode("utf-8"))
        return mime


class KindFilter(QSortFilterProxyModel):
    """Keeps kinds whose label, id or category contains every word typed; categories follow."""

    def __init__(self) -> None:
        super().__init__()
        self.setRecursiveFilteringEnabled(True)
        self._words: list[str] = []

    def set_query(self, text: str) -> None:
        self._words = text.lower().split()
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        index = self.sourceModel().index(row, 0, parent)
        haystack = index.data(SEARCH_ROLE)
        if haystack is None:
            return not self._words
        return all(word in haystack for word in self._words)


class PaletteWidget(QWidget):
    kind_chosen = Signal(str)  #: a kind clicked, to be placed with the next click on the canvas

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search components…")
        self.search.setClearButtonEnabled(True)
        self.model = KindModel()
        self.proxy = KindFilter()
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(QSize(ICON_PX, ICON_PX))
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.expandAll()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.tree.clicked.connect(self._on_tree_clicked)
        self.setMinimumWidth(220)

    def visible_kinds(self) -> list[str]:
        """Kind ids the current search shows, in palette order."""
        kinds = []
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            kinds.extend(self.proxy.index(r, 0, group).data(KIND_ROLE) for r in range(self.proxy.rowCount(group)))
        return kinds

    def index_of(self, kind: str) -> QModelIndex:
        """The view index showing ``kind`` (invalid when the search hides it)."""
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            for r in range(self.proxy.rowCount(group)):
                index = self.proxy.index(r, 0, group)
                if index.data(KIND_ROLE) == kind:
                    return index
        return QModelIndex()

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self.tree.expandAll()

    def _on_tree_clicked(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind:
            self.kind_chosen.emit(kind)
