"""Component labels under the icon: identifiers break at separators before anything is elided."""

from __future__ import annotations

import pytest

from cloudwright.gui.canvas import geometry as geo
from cloudwright.gui.canvas import style
from cloudwright.gui.canvas.labels import two_lines

WIDTH = geo.LEAF_SIZE - 4


@pytest.fixture
def metrics(qapp):  # noqa: ANN001, ANN201 - pytest fixture
    return style.label_metrics()


@pytest.mark.parametrize(("text", "lines"), [
    ("whatisthetime-elb", ["whatisthetime-", "elb"]),
    ("mywordpress.com", ["mywordpress.", "com"]),
    ("my_bucket_name_assets", ["my_bucket_", "name_assets"]),
    ("Internet gateway", ["Internet", "gateway"]),
])
def test_identifiers_break_at_separators_without_eliding(metrics, text: str, lines: list[str]) -> None:  # noqa: ANN001
    """A long identifier is split at '-', '.', '_' (or a space) and shown whole on two lines."""
    assert two_lines(text, metrics, WIDTH) == lines


def test_camel_case_breaks_between_words(metrics) -> None:  # noqa: ANN001
    """An IAM-style CamelCase name breaks before an upper-case letter, never inside a word."""
    first, second = two_lines("LambdaExecutionRole", metrics, WIDTH)
    assert first + second == "LambdaExecutionRole"
    assert second[0].isupper() and first[-1].islower()


def test_every_line_fits_the_cell_and_only_overflow_is_elided(metrics) -> None:  # noqa: ANN001
    """Whatever the label, at most two lines, each within the 96 px cell; short labels stay whole."""
    for text in ["api.whatisthetime.com", "supercalifragilisticexpialidocious", "a-b", "https://x.example.com/a/b/c"]:
        lines = two_lines(text, metrics, WIDTH)
        assert 1 <= len(lines) <= 2
        assert all(metrics.horizontalAdvance(line) <= WIDTH for line in lines)
    assert two_lines("web-1", metrics, WIDTH) == ["web-1"]
