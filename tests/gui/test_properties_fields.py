"""Every kind's schema gets working editors: the panel is generated, so no kind may break it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cloudwright.engine.model.props import KIND_PROPS
from cloudwright.gui.panels.properties.editors import create_editor
from cloudwright.gui.panels.properties.fields import fields_of
from cloudwright.gui.panels.properties.tables import RowsEditor


@pytest.mark.parametrize("kind", sorted(KIND_PROPS))
def test_every_field_of_every_kind_has_an_editor_showing_its_default(qtbot, kind: str) -> None:
    """Each field maps to an editor (nested objects excepted) that shows the schema's default value."""
    try:
        defaults = KIND_PROPS[kind]().model_dump(mode="json")
    except ValidationError:
        defaults = {}
    for spec in fields_of(kind):
        editor = RowsEditor(spec, lambda kinds: []) if spec.editor == "rows" else create_editor(spec, lambda k: [])
        if editor is None:
            assert spec.editor == "model", f"{kind}.{spec.name} has no editor"
            continue
        qtbot.addWidget(editor)
        editor.set_value(defaults.get(spec.name))
        if spec.name in defaults and spec.editor not in ("rows", "ref", "ref_list"):
            assert editor.value() == defaults[spec.name], f"{kind}.{spec.name} does not round-trip its default"
