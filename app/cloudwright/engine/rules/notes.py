"""The study notes, indexed by section heading, so a finding can show the paragraphs it cites.

Rules cite the notes as a heading plus line references (``§NAT Gateways, L7015``). The notes file is
``resources/notes/notes.md``, a verbatim copy of the seed, so the line numbers of ``rules.md`` hold in it.
``paragraphs("NAT Gateways", "L7015")`` gives the paragraph of that section holding line 7015.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cloudwright.engine.paths import resources_dir

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_LINE_REF = re.compile(r"L(\d+)(?:\s*-\s*(\d+))?")
_IMAGE = re.compile(r"^\s*<img\b[^>]*>\s*$")
#: rules.md marks the second occurrence of a repeated heading (the "Databases in AWS" chapter) like this.
_LATER = "(databases)"


@dataclass(frozen=True)
class NoteSection:
    heading: str
    level: int
    start: int  # 1-based line of the heading
    end: int  # 1-based last line of the section (before the next heading of any level)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("…", "").replace("...", "")).strip().lower()


@cache
def _notes() -> tuple[list[str], list[NoteSection]]:
    lines = (resources_dir() / "notes" / "notes.md").read_text(encoding="utf-8").splitlines()
    starts = [(i + 1, m) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    sections = []
    for n, (start, match) in enumerate(starts):
        end = starts[n + 1][0] - 1 if n + 1 < len(starts) else len(lines)
        sections.append(NoteSection(match[2], len(match[1]), start, end))
    return lines, sections


def line_numbers(refs: str) -> list[int]:
    """'L22-32, L40' -> [22, ..., 32, 40]."""
    numbers: list[int] = []
    for match in _LINE_REF.finditer(refs):
        low = int(match[1])
        high = int(match[2]) if match[2] else low
        if high < low and match[2] and len(match[2]) < len(match[1]):  # L7016-17 style
            high = int(match[1][: len(match[1]) - len(match[2])] + match[2])
        numbers.extend(range(low, max(low, high) + 1))
    return numbers


@cache
def _normal_headings() -> tuple[tuple[str, NoteSection], ...]:
    return tuple((_normal(s.heading), s) for s in _notes()[1])


@cache
def find_section(heading: str, lines: str = "") -> NoteSection | None:
    """The notes' section a citation names: exact heading, else the heading it abbreviates.

    When the heading occurs more than once, the cited line numbers (or rules.md's "(Databases)" marker, which
    names the later occurrence) pick the right one.
    """
    wanted = _normal(heading)
    later = wanted.endswith(_LATER)
    if later:
        wanted = wanted[: -len(_LATER)].strip()
    headings = _normal_headings()
    candidates = [s for name, s in headings if name == wanted]
    if not candidates:
        candidates = [s for name, s in headings if name.startswith(wanted) or (len(wanted) > 8 and wanted in name)]
    if not candidates:
        return None
    cited = line_numbers(lines)
    if cited:
        for section in candidates:
            if section.start <= cited[0] <= section.end:
                return section
    return candidates[-1] if later else candidates[0]


def paragraphs(heading: str, lines: str = "") -> list[str]:
    """The paragraphs of the cited section that contain the cited lines (the whole section when none are given).

    Image tags and blank lines are dropped; an unknown heading gives an empty list.
    """
    section = find_section(heading, lines)
    if section is None:
        return []
    text, _ = _notes()
    cited = {n for n in line_numbers(lines) if section.start <= n <= section.end}
    result: list[str] = []
    block: list[int] = []
    for number in range(section.start + 1, section.end + 2):
        line = text[number - 1] if number <= section.end else ""
        if line.strip() and not _IMAGE.match(line):
            block.append(number)
            continue
        if block and (not cited or cited.intersection(block)):
            result.append("\n".join(text[n - 1].rstrip() for n in block))
        block = []
    return result


def section_headings() -> list[str]:
    """Every heading of the notes, in order (for completion and tests)."""
    return [s.heading for s in _notes()[1]]


def rule_notes(rule_id: str) -> list[tuple[str, list[str]]]:
    """Every notes citation of a catalogue rule as (heading, paragraphs), for a finding's tooltip."""
    from cloudwright.engine.rules.catalogue import catalogue_rule

    entry = catalogue_rule(rule_id)
    if entry is None:
        return []
    return [(s.heading, paragraphs(s.heading, s.lines)) for s in entry.sources]
