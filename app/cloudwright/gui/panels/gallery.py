"""File > New from Case Study: a gallery of the bundled case studies, and the way one opens.

The dialog lists every template (:func:`list_templates`, read on a worker thread so the dialog shows at
once) with its title, stage count and description, filtered by title as the user types. Thumbnails are the
final stage drawn by the same headless renderer as PNG export, made one at a time on idle ticks and cached
on disk under ``QStandardPaths.CacheLocation``/thumbnails, keyed by the template file's path, size and
modification time, so a second opening costs nothing and an edited template is drawn afresh.

A case study always opens as an untitled copy of its first stage (the document never gets the bundled
file's path, so Save asks for a new name) with the :class:`StageBar` to step through it. Start-up uses the
same path to show ``classic/myclothes`` unless a file was given or the user turned that off.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRunnable,
    QSize,
    QStandardPaths,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cloudwright.engine.errors import CloudwrightError
from cloudwright.engine.io.atomic import write_atomic
from cloudwright.engine.io.design_file import load_design
from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.io.templates import TemplateInfo, list_templates, load_template
from cloudwright.gui.panels.stage_bar import StageBar

if TYPE_CHECKING:
    from cloudwright.gui.main_window import MainWindow

THUMB_SIZE = QSize(240, 160)
#: Bump when the renderer's look changes, so cached thumbnails are drawn again.
THUMB_VERSION = 1
#: The notes' worked case studies come first (Part A in the notes' order); the other architectures follow by id.
FIRST_PREFIXES = ("classic/", "serverless/", "vpc/")
NOTES_ORDER = ("classic/whatisthetime", "classic/myclothes", "classic/mywordpress", "classic/fast_instantiation",
               "classic/beanstalk")
STARTUP_KEY = "startup/open_case_study"
STARTUP_TEMPLATE = "classic/myclothes"
ID_ROLE = Qt.ItemDataRole.UserRole


def thumbnail_dir() -> Path:
    """Where thumbnails are cached: the platform's cache folder for this app."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(base) / "thumbnails"


def thumbnail_key(info: TemplateInfo) -> str:
    """A file name that changes whenever the template file (or the thumbnail look) does."""
    stat = info.path.stat()
    text = f"{info.path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{THUMB_VERSION}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest() + ".png"


def render_thumbnail(info: TemplateInfo) -> QImage:
    """The template's final stage, drawn and scaled to fit :data:`THUMB_SIZE`."""
    from cloudwright.gui import render
    design = load_design(info.path)
    final = stage_diagram(design, max(1, len(design.stages)))
    image = render.render_image(final, scale=0.5)
    return image.scaled(THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def cached_thumbnail(info: TemplateInfo, directory: Path | None = None) -> QImage:
    """The thumbnail from the disk cache, rendered and stored first when missing or stale."""
    path = (directory or thumbnail_dir()) / thumbnail_key(info)
    if path.is_file():
        image = QImage(str(path))
        if not image.isNull():
            return image
    image = render_thumbnail(info)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, bytes(data.data()))
    return image


class _Relay(QObject):
    loaded = Signal(object)  #: the list of TemplateInfo (emitted from the worker thread)


class _ListJob(QRunnable):
    def __init__(self, relay: _Relay) -> None:
        super().__init__()
        self._relay = relay

    def run(self) -> None:
        self._relay.loaded.emit(list_templates())


class GalleryDialog(QDialog):
    """The case-study gallery; ``chosen_id()`` names the template to open once accepted."""

    loaded = Signal()  #: the template list is shown (thumbnails keep arriving)

    def __init__(self, parent: QWidget | None = None, settings: object | None = None,
                 cache_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from Case Study")
        self.resize(980, 680)
        self.settings = settings
        self.cache_dir = cache_dir
        self.infos: dict[str, TemplateInfo] = {}
        self._pending: list[QListWidgetItem] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by title…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB_SIZE)
        self.list.setGridSize(QSize(THUMB_SIZE.width() + 24, THUMB_SIZE.height() + 56))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.details = QLabel("Loading case studies…")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 4)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.startup = QCheckBox("Show MyClothes.com when Cloudwright starts without a file")
        self.startup.setChecked(startup_enabled(settings))
        self.startup.toggled.connect(self._on_startup_toggled)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.startup)
        layout.addWidget(self.buttons)
        self._placeholder = _placeholder_icon()
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setInterval(0)
        self._thumb_timer.timeout.connect(self._on_thumb_timer_timeout)
        # Unparented: a running job keeps its relay alive even if the dialog is closed first.
        self._relay = _Relay()
        self._relay.loaded.connect(self._on_relay_loaded)
        QThreadPool.globalInstance().start(_ListJob(self._relay))

    # --- what tests and the window read ---------------------------------------------------------------------
    def chosen_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None and not item.isHidden() else None

    def shown_ids(self) -> list[str]:
        """The template ids the current search shows, in order."""
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count()) if not self.list.item(i).isHidden()]

    def select(self, template_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == template_id:
                self.list.setCurrentRow(i)
                return

    # --- filling ----------------------------------------------------------------------------------------------
    def _on_relay_loaded(self, infos: list[TemplateInfo]) -> None:
        infos = sorted(infos, key=gallery_order)
        self.infos = {info.id: info for info in infos}
        self.setWindowTitle(f"New from Case Study: {len(infos)} architectures")
        for info in infos:
            stages = f"{info.stages} stages" if info.stages > 1 else "1 stage"
            item = QListWidgetItem(self._placeholder, f"{info.title}\n{stages}")
            item.setData(ID_ROLE, info.id)
            item.setToolTip(f"{info.id}\n\n{info.description}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.list.addItem(item)
            self._pending.append(item)
        self._on_search_text_changed(self.search.text())
        self._thumb_timer.start()
        self.loaded.emit()

    def _on_thumb_timer_timeout(self) -> None:
        """Draw one missing thumbnail per idle tick, the ones the search shows first."""
        if not self._pending:
            self._thumb_timer.stop()
            return
        self._pending.sort(key=lambda it: it.isHidden())
        item = self._pending.pop(0)
        info = self.infos[item.data(ID_ROLE)]
        try:
            image = cached_thumbnail(info, self.cache_dir)
        except (CloudwrightError, OSError):
            return
        item.setIcon(QIcon(QPixmap.fromImage(image)))

    def thumbnails_done(self) -> bool:
        return not self._pending

    # --- slots ------------------------------------------------------------------------------------------------
    def _on_search_text_changed(self, text: str) -> None:
        words = text.lower().split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            title = item.text().split("\n")[0].lower()
            item.setHidden(not all(w in title for w in words))
        current = self.list.currentItem()
        if current is None or current.isHidden():
            shown = [self.list.item(i) for i in range(self.list.count()) if not self.list.item(i).isHidden()]
            self.list.setCurrentItem(shown[0] if shown else None)
        self._on_list_current_item_changed(self.list.currentItem(), None)

    def _on_list_current_item_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        visible = item is not None and not item.isHidden()
        self.open_button.setEnabled(visible)
        if not visible:
            if self.infos:
                self.details.setText("No case study has that in its title.")
            return
        info = self.infos[item.data(ID_ROLE)]
        stages = f"{info.stages} stages" if info.stages > 1 else "1 stage"
        self.details.setText(f"<b>{_escape(info.title)}</b> &nbsp; <span style='color:#545b64'>{info.id} · "
                             f"{stages}</span><br>{_escape(info.description)}")

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        if not item.isHidden():
            self.list.setCurrentItem(item)
            self.accept()

    def _on_startup_toggled(self, checked: bool) -> None:
        if self.settings is not None:
            self.settings.setValue(STARTUP_KEY, checked)


class CaseStudies(QObject):
    """The main window's case-study commands: the gallery, opening a template, and its stage bar."""

    def __init__(self, window: MainWindow, cache_dir: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.cache_dir = cache_dir
        self.stage_bar = StageBar(window)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.stage_bar)
        self.stage_bar.hide()
        self.gallery: GalleryDialog | None = None

    def show_gallery(self) -> GalleryDialog:
        """Open the gallery (window-modal, not blocking); accepting it opens the chosen case study."""
        dialog = GalleryDialog(self.window, self.window.settings, self.cache_dir)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_gallery_accepted(dialog))
        self.gallery = dialog
        dialog.open()
        return dialog

    def _on_gallery_accepted(self, dialog: GalleryDialog) -> None:
        chosen = dialog.chosen_id()
        if chosen:
            self.open_case_study(chosen)

    def open_case_study(self, template_id: str, stage: int = 1, ask: bool = True) -> bool:
        """Show ``template_id`` at ``stage`` as an untitled copy, with the stage bar; False if refused."""
        if ask and not self.window.confirm_discard():
            return False
        try:
            template = load_template(template_id)
        except (CloudwrightError, OSError) as exc:
            self.window.controller.error_raised.emit(str(exc).splitlines()[0])
            return False
        return self.stage_bar.load(template_id, template, stage)

    def open_at_startup(self) -> bool:
        """What a bare ``cloudwright`` shows: MyClothes.com's first stage, unless turned off in settings."""
        return startup_enabled(self.window.settings) and self.open_case_study(STARTUP_TEMPLATE, ask=False)


def gallery_order(info: TemplateInfo) -> tuple[int, int, str]:
    """The worked case studies (classic in the notes' order, serverless, VPC) first, then the rest by id."""
    group = next((i for i, prefix in enumerate(FIRST_PREFIXES) if info.id.startswith(prefix)), len(FIRST_PREFIXES))
    rank = NOTES_ORDER.index(info.id) if info.id in NOTES_ORDER else len(NOTES_ORDER)
    return group, rank, info.id


def startup_enabled(settings: object | None) -> bool:
    """Whether start-up shows a case study (on unless the user unticked it in the gallery)."""
    if settings is None:
        return True
    value = settings.value(STARTUP_KEY, True)
    return value not in (False, "false", "0", 0)


def _placeholder_icon() -> QIcon:
    pixmap = QPixmap(THUMB_SIZE)
    pixmap.fill(QColor("#f2f3f3"))
    return QIcon(pixmap)


def _escape(text: str) -> str:
    return html.escape(text)
