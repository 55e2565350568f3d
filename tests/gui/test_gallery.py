"""The case-study gallery and stage bar, driven through real widgets on the main window (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from cloudwright.engine.io.stages import stage_diagram
from cloudwright.engine.io.templates import list_templates, load_template
from cloudwright.gui.main_window import MainWindow
from cloudwright.gui.panels.gallery import (
    STARTUP_KEY,
    GalleryDialog,
    cached_thumbnail,
    gallery_order,
    thumbnail_key,
)
from cloudwright.gui.panels.stage_bar import ADDED_COLOR, CHANGED_COLOR, matching_findings, stage_changes

MYCLOTHES = "classic/myclothes"


@pytest.fixture
def cases(window: MainWindow, tmp_path: Path) -> MainWindow:
    window.case_studies.cache_dir = tmp_path / "thumbs"
    return window


def open_gallery(qtbot, window: MainWindow) -> GalleryDialog:
    dialog = window.case_studies.show_gallery()
    qtbot.waitUntil(lambda: dialog.list.count() > 0, timeout=20_000)
    dialog._thumb_timer.stop()  # thumbnails are tested on their own; keep this test fast
    return dialog


def canvas_ids(window: MainWindow) -> tuple[set[str], set[str]]:
    return set(window.scene.node_ids()), set(window.scene.edge_ids())


def test_gallery_lists_every_bundled_template(qtbot, cases: MainWindow) -> None:
    """Every bundled case study is offered, with its title and stage count."""
    dialog = open_gallery(qtbot, cases)
    infos = sorted(list_templates(), key=gallery_order)
    assert sorted(dialog.shown_ids()) == sorted(info.id for info in list_templates())
    assert dialog.shown_ids() == [info.id for info in infos]
    assert dialog.shown_ids()[:2] == ["classic/whatisthetime", MYCLOTHES]
    item = dialog.list.item([info.id for info in infos].index(MYCLOTHES))
    assert item.text().startswith("MyClothes")
    assert "9 stages" in item.text()
    dialog.close()


def test_gallery_filters_by_title_as_you_type(qtbot, cases: MainWindow) -> None:
    """Typing narrows the list to the titles containing the words; no match disables Open."""
    dialog = open_gallery(qtbot, cases)
    qtbot.keyClicks(dialog.search, "myclo")
    assert dialog.shown_ids() == [MYCLOTHES]
    assert dialog.chosen_id() == MYCLOTHES and dialog.open_button.isEnabled()
    dialog.search.setText("no such architecture")
    assert dialog.shown_ids() == [] and not dialog.open_button.isEnabled()
    dialog.search.clear()
    assert len(dialog.shown_ids()) == len(list_templates())
    dialog.close()


def test_open_from_gallery_is_an_untitled_copy_of_stage_one(qtbot, cases: MainWindow) -> None:
    """Open shows the first stage unsaved and unbound to the bundled file, with the stage bar."""
    dialog = open_gallery(qtbot, cases)
    qtbot.keyClicks(dialog.search, "MyClothes")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    stage_one = stage_diagram(load_template(MYCLOTHES), 1)
    assert cases.controller.path is None
    assert not cases.controller.is_modified
    assert set(cases.controller.diagram.nodes) == set(stage_one.nodes)
    assert canvas_ids(cases) == (set(stage_one.nodes), set(stage_one.edges))
    bar = cases.case_studies.stage_bar
    assert bar.isVisible() and bar.number == 1
    assert bar.title_label.text().startswith("Stage 1 of 9:")
    assert cases.controller.undo_stack.count() == 0


def test_stage_bar_steps_forward_and_back(qtbot, cases: MainWindow) -> None:
    """Next shows exactly the next stage's components; Previous restores the earlier stage."""
    assert cases.case_studies.open_case_study(MYCLOTHES)
    template = load_template(MYCLOTHES)
    bar = cases.case_studies.stage_bar
    for number in range(2, len(template.stages) + 1):
        qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
        expected = stage_diagram(template, number)
        assert bar.number == number
        assert canvas_ids(cases) == (set(expected.nodes), set(expected.edges))
        assert cases.controller.diagram.nodes == expected.nodes
        assert cases.controller.undo_stack.count() == 0 and not cases.controller.is_modified
    assert not bar.next_button.isEnabled()
    qtbot.mouseClick(bar.previous_button, Qt.MouseButton.LeftButton)
    earlier = stage_diagram(template, len(template.stages) - 1)
    assert canvas_ids(cases) == (set(earlier.nodes), set(earlier.edges))
    assert bar.title_label.text() == f"Stage 8 of 9: {template.stages[7].title}"


def test_step_marks_what_the_stage_added_and_changed(qtbot, cases: MainWindow) -> None:
    """Components and flows a stage adds are tinted; components whose settings it changes are marked."""
    template = load_template(MYCLOTHES)
    cases.case_studies.open_case_study(MYCLOTHES)
    bar = cases.case_studies.stage_bar
    bar.step(1)
    changes = stage_changes(stage_diagram(template, 1), stage_diagram(template, 2))
    assert changes.added_nodes or changes.changed_nodes
    tinted = {m.parentItem() for m in bar.marks if m.color == ADDED_COLOR}
    marked = {m.parentItem() for m in bar.marks if m.color == CHANGED_COLOR}
    assert tinted == {cases.scene.item_for_node(n) for n in changes.added_nodes} | {
        cases.scene.item_for_edge(e) for e in changes.added_edges}
    assert marked == {cases.scene.item_for_node(n) for n in changes.changed_nodes}


def test_stage_bar_shows_the_stage_findings(qtbot, cases: MainWindow) -> None:
    """The bar names the stage's problem and confirms the live findings flag it."""
    cases.case_studies.open_case_study(MYCLOTHES)
    bar = cases.case_studies.stage_bar
    assert "state.no_session_store" in bar.findings_label.text()
    cases.validator.run_now()
    qtbot.waitUntil(lambda: "✔ flagged" in bar.findings_label.text(), timeout=20_000)
    assert matching_findings("state.no_session_store", cases.validator.analysis.findings)


def test_stepping_an_edited_stage_asks_first(qtbot, cases: MainWindow, monkeypatch) -> None:
    """An edit of the shown stage is not lost silently: cancelling the prompt keeps the stage and the edit."""
    cases.case_studies.open_case_study(MYCLOTHES)
    bar = cases.case_studies.stage_bar
    cases.controller.request_set_props("web_a", label="my web")
    monkeypatch.setattr(cases, "confirm_discard", lambda: False)
    assert not bar.step(1)
    assert bar.number == 1 and cases.controller.diagram.nodes["web_a"].label == "my web"


def test_opening_another_design_leaves_the_case_study(qtbot, cases: MainWindow, design_file: Path) -> None:
    """File > Open of an ordinary design hides the stage bar."""
    cases.case_studies.open_case_study(MYCLOTHES)
    assert cases.controller.open(design_file)
    assert not cases.case_studies.stage_bar.isVisible()
    assert cases.case_studies.stage_bar.template is None


def test_startup_shows_myclothes_unless_turned_off(qtbot, cases: MainWindow) -> None:
    """A bare start shows MyClothes.com stage 1; unticking the gallery box turns that off."""
    assert cases.case_studies.open_at_startup()
    assert cases.case_studies.stage_bar.template_id == MYCLOTHES
    cases.settings.setValue(STARTUP_KEY, False)
    cases.controller.new()
    assert not cases.case_studies.open_at_startup()
    assert not cases.controller.diagram.nodes


def test_startup_checkbox_writes_the_setting(qtbot, cases: MainWindow) -> None:
    """The gallery's start-up checkbox is remembered in the settings."""
    dialog = open_gallery(qtbot, cases)
    dialog.startup.setChecked(False)
    assert QSettings(cases.settings.fileName(), QSettings.Format.IniFormat).value(STARTUP_KEY) in (False, "false")
    dialog.close()


def test_thumbnails_are_cached_on_disk_by_file_version(qtbot, tmp_path: Path) -> None:
    """A thumbnail is rendered once, then read back; editing the template file draws it again."""
    info = next(i for i in list_templates() if i.id == "serverless/software_updates")
    image = cached_thumbnail(info, tmp_path)
    assert 0 < image.width() <= 240 and 0 < image.height() <= 160
    assert (tmp_path / thumbnail_key(info)).is_file()
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(info.path.read_bytes())
    moved = type(info)(info.id, info.title, info.stages, copy, info.description)
    key = thumbnail_key(moved)
    copy.write_bytes(info.path.read_bytes() + b"\n")
    assert thumbnail_key(moved) != key


def test_restored_window_shows_no_empty_stage_bar(qtbot, cases: MainWindow) -> None:
    """A window state saved while a case study played neither shows an empty bar nor loses its place."""
    cases.case_studies.open_case_study(MYCLOTHES)
    cases.close()
    again = MainWindow(settings=cases.settings)
    qtbot.addWidget(again)
    again.show()
    bar = again.case_studies.stage_bar
    assert not bar.isVisible()
    assert again.case_studies.open_case_study(MYCLOTHES, ask=False)
    assert bar.isVisible() and again.toolBarArea(bar) == Qt.ToolBarArea.TopToolBarArea


def test_gallery_draws_thumbnails_lazily_searched_ones_first(qtbot, cases: MainWindow) -> None:
    """Thumbnails arrive after the list, the ones the search shows first, and land in the disk cache."""
    dialog = open_gallery(qtbot, cases)
    assert dialog._pending, "the list shows before every thumbnail is drawn"
    last = sorted(list_templates(), key=gallery_order)[-1]
    dialog.search.setText(last.title)
    before = len(dialog._pending)
    dialog._thumb_timer.start()
    qtbot.waitUntil(lambda: len(dialog._pending) < before, timeout=20_000)
    dialog._thumb_timer.stop()
    assert (cases.case_studies.cache_dir / thumbnail_key(last)).is_file()
    dialog.close()


def test_fixing_the_stage_problem_yourself_is_acknowledged(qtbot, cases: MainWindow) -> None:
    """Editing stage 1 so the problem goes away turns the bar's problem line into 'fixed by your edits'."""
    cases.case_studies.open_case_study(MYCLOTHES)
    bar = cases.case_studies.stage_bar
    for node_id in ("web_a", "web_b", "web_c"):
        cases.controller.request_set_props(node_id, props={"stores_state": None})
    cases.validator.run_now()
    qtbot.waitUntil(lambda: "fixed by your edits" in bar.findings_label.text(), timeout=20_000)


def test_opening_a_staged_file_offers_its_stages_as_a_copy(qtbot, cases: MainWindow) -> None:
    """A template opened as a file shows whole with the bar; Next shows stage 1 untitled, the file untouched."""
    path = next(i.path for i in list_templates() if i.id == MYCLOTHES)
    text = path.read_text(encoding="utf-8")
    assert cases.controller.open(path)
    bar = cases.case_studies.stage_bar
    assert bar.isVisible() and bar.number == 0 and "9 stages" in bar.title_label.text()
    assert not bar.previous_button.isEnabled()
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    stage_one = stage_diagram(load_template(MYCLOTHES), 1)
    assert bar.number == 1 and cases.controller.path is None
    assert canvas_ids(cases) == (set(stage_one.nodes), set(stage_one.edges))
    assert path.read_text(encoding="utf-8") == text
