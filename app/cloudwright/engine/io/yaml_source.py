"""Safe, bounded YAML/JSON parsing with positions for error messages.

Only the safe loaders are used (nothing is ever constructed or executed). Before the data is built, the
input is screened for the known ways a small file becomes a huge one: a size over the limit, alias
expansion ("billion laughs") and nesting deeper than any design needs. Positions are looked up lazily,
only when an error needs one, by composing the YAML node tree and following a path.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
import yaml_rs

from cloudwright.engine.errors import FormatError, LimitError, Location
from cloudwright.engine.io.limits import MAX_ALIAS_EXPANSION, MAX_FILE_BYTES, MAX_NESTING

SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BRACKETS = re.compile(r"[\[\]{}]")
_TAG = re.compile(r"(?:^|[\s\[{,:-])!")
_DEEP_INDENT = re.compile(rf"^ {{{4 * MAX_NESTING},}}", re.M)
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]")
#: A JSON escape of half a surrogate pair; ``json.loads`` turns a lone one into a string no file can hold.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def decode(data: bytes, file: str | None) -> str:
    """Bytes to text, refusing oversized, binary and non-UTF-8 input with a clear reason."""
    if len(data) > MAX_FILE_BYTES:
        raise LimitError(f"file is {len(data) / 1e6:.1f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit",
                         location=Location(file))
    if b"\x00" in data[:65536]:
        raise FormatError("this is a binary file, not a YAML or JSON design", location=Location(file))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (invalid byte at offset {exc.start})", location=Location(file)) from None
    if not text.strip():
        raise FormatError("the file is empty", location=Location(file))
    return text


def _check_expansion(text: str, file: str | None) -> None:
    """Refuse alias bombs: count the nodes the data would expand to, without expanding it."""
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return  # the real parse reports the syntax error with its position
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if node is None or id(node) in sizes:
            continue
        children = _children(node)
        if done:
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            sizes[id(node)] = total
            if total > MAX_ALIAS_EXPANSION:
                raise LimitError(f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION:,} values "
                                 "(an alias bomb?); refused", location=Location(file))
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_depth(data: Any, file: str | None) -> None:
    """Refuse values nested deeper than the limit; walks containers level by level (scalars are never
    queued, so a 100,000-node design is checked in a fraction of a second)."""
    level = [data] if isinstance(data, dict | list) else []
    depth = 1
    while level:
        children: list[Any] = []
        for container in level:
            children.extend(container.values() if isinstance(container, dict) else container)
        if children and depth >= MAX_NESTING:
            raise LimitError(f"data is nested deeper than {MAX_NESTING} levels; refused", location=Location(file))
        level = [c for c in children if isinstance(c, dict | list)]
        depth += 1


def _check_unicode(data: Any, text: str, file: str | None) -> None:
    """Refuse JSON strings holding a lone surrogate (``"\\ud800"``): not a character, so the design could
    never be saved or exported as UTF-8."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                lone = next((m for m in _SURROGATE_ESCAPE.finditer(text) if not _paired(text, m)), None)
                where = lone.start() if lone else 0
                line, column = text.count("\n", 0, where) + 1, where - text.rfind("\n", 0, where)
                raise FormatError(f"invalid Unicode escape {lone.group() if lone else ''} (half of a surrogate "
                                  "pair is not a character)", location=Location(file, line, column)) from None


def _paired(text: str, escape: re.Match[str]) -> bool:
    """Whether this surrogate escape is one half of a high-low pair (which JSON joins into a character)."""
    if escape.group()[3].lower() in "89ab":
        after = _SURROGATE_ESCAPE.match(text, escape.end())
        return after is not None and after.group()[3].lower() in "cdef"
    before = _SURROGATE_ESCAPE.match(text, escape.start() - 6) if escape.start() >= 6 else None
    return before is not None and before.group()[3].lower() in "89ab"


def _quick_depth_screen(text: str, file: str | None) -> None:
    """Flow-style nesting like ``[[[[...]]]]`` is refused before any recursive parser sees it."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise LimitError(f"data is nested deeper than {MAX_NESTING} levels; refused",
                                 location=Location(file))
        elif depth:
            depth -= 1


def parse(text: str, file: str | None = None) -> Any:
    """Parse YAML (or JSON) text into plain Python data, within the limits."""
    json_error: json.JSONDecodeError | None = None
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            json_error = exc  # may still be YAML flow style; fall through
        except RecursionError:
            raise LimitError(f"data is nested deeper than {MAX_NESTING} levels; refused",
                             location=Location(file)) from None
        else:
            _check_depth(data, file)
            if _SURROGATE_ESCAPE.search(text):
                _check_unicode(data, text, file)
            return data
    if "[" in text or "{" in text:
        _quick_depth_screen(text, file)
    if _ALIAS.search(text):
        _check_expansion(text, file)
    if not _TAG.search(text) and not _DEEP_INDENT.search(text):
        data = _parse_fast(text, file)
        if data is not _UNSUPPORTED:
            _check_depth(data, file)
            return data
    try:
        data = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - SafeLoader/CSafeLoader only
    except yaml.MarkedYAMLError as exc:
        if json_error is not None:
            raise FormatError(f"JSON syntax error: {json_error.msg}",
                              location=Location(file, json_error.lineno, json_error.colno)) from None
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "YAML syntax error"
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        raise FormatError(f"YAML syntax error: {problem}", location=loc) from None
    except yaml.YAMLError as exc:
        raise FormatError(f"YAML error: {exc}", location=Location(file)) from None
    except RecursionError:
        raise LimitError(f"data is nested deeper than {MAX_NESTING} levels; refused", location=Location(file)) from None
    _check_depth(data, file)
    return data


_UNSUPPORTED = object()


def _parse_fast(text: str, file: str | None) -> Any:
    """Parse with the Rust ``yaml_rs`` (YAML 1.2 core schema), 20x faster than PyYAML on big designs.

    Files with tags go to PyYAML instead, which refuses unknown tags rather than dropping them. On a parse
    error, PyYAML re-reads the text to report its usual positioned message.
    """
    try:
        return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
                             alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EXPANSION))
    except (TypeError, ValueError, OverflowError, RecursionError) as exc:
        if not isinstance(exc, yaml_rs.YAMLDecodeError):
            return _UNSUPPORTED  # e.g. a mapping used as a key: PyYAML explains it with a position
        return _decode_error(text, file, exc)


def _decode_error(text: str, file: str | None, exc: Exception) -> Any:
    """Turn yaml_rs's error into a positioned FormatError (PyYAML's wording where it has one)."""
    message = str(exc).splitlines()[0]
    try:
        yaml.load(text, Loader=SafeLoader)  # noqa: S506 - safe loader, used for its error position only
    except yaml.MarkedYAMLError as marked:
        mark = marked.problem_mark or marked.context_mark
        problem = marked.problem or marked.context or "YAML syntax error"
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        raise FormatError(f"YAML syntax error: {problem}", location=loc) from None
    except (yaml.YAMLError, RecursionError):
        pass
    match = re.search(r"line (\d+), column (\d+)", message)
    if match:
        loc = Location(file, int(match.group(1)), int(match.group(2)))
        detail = str(exc).splitlines()[-1]
        raise FormatError(f"YAML syntax error: {detail}", location=loc) from None
    duplicate = re.search(r"duplicate mapping key: '(.*)'", message)
    if duplicate:
        raise FormatError(f"duplicate key '{duplicate.group(1)}'",
                          location=_duplicate_key_location(text, file, duplicate.group(1))) from None
    raise FormatError(f"YAML error: {message}", location=Location(file)) from None




def _duplicate_key_location(text: str, file: str | None, key: str) -> Location:
    """Where a key appears for the second time in one mapping."""
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return Location(file)
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key and key in seen:
                    return Location(file, k.start_mark.line + 1, k.start_mark.column + 1)
                if isinstance(k, yaml.ScalarNode):
                    seen.add(k.value)
        stack.extend(_children(node))
    return Location(file)


class PositionIndex:
    """Finds the line and column of a value by its path (``("nodes", 3, "props", "cidr")``)."""

    def __init__(self, text: str, file: str | None) -> None:
        self._text = text
        self._file = file
        self._root: Any = None
        self._composed = False

    def _compose(self) -> Any:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=SafeLoader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def locate(self, path: tuple[Any, ...]) -> Location:
        node = self._compose()
        best = node
        for step in path:
            if node is None:
                break
            node = _child(node, step)
            if node is not None:
                best = node
        if best is None:
            return Location(self._file)
        mark = best.start_mark
        return Location(self._file, mark.line + 1, mark.column + 1)


def _child(node: Any, step: Any) -> Any:
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        return node.value[step] if 0 <= step < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                return value
    return None
