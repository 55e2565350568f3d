"""Loading the FILE argument of a command: a Cloudwright design (or, once importers register, a template)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from cloudwright.engine.errors import FormatError, Location
from cloudwright.engine.io import LoadedDesign, read_design
from cloudwright.engine.io.design_file import load_text
from cloudwright.engine.io.limits import MAX_FILE_BYTES
from cloudwright.engine.io.yaml_source import decode

#: Converters for other file kinds (e.g. CloudFormation): ``(text, path) -> LoadedDesign or None``.
#: A converter returns None when the text is not its kind.
CONVERTERS: list[Callable[[str, str, dict[str, str]], LoadedDesign | None]] = []


def load_input(path: str, params: dict[str, str] | None = None) -> LoadedDesign:
    """Read FILE as a design, or through the first converter that recognises it."""
    if not Path(path).exists():
        raise FormatError("no such file", location=Location(path))
    if Path(path).stat().st_size > MAX_FILE_BYTES:
        return read_design(path)  # refuses it by size, naming the limit
    text = decode(Path(path).read_bytes(), path)
    if not _looks_like_design(text) and _TEMPLATE_HEAD.search(text):
        if not CONVERTERS:
            _register_builtin_converters()
        for convert in CONVERTERS:
            loaded = convert(text, path, params or {})
            if loaded is not None:
                return loaded
    return load_text(text, path)


def add_param_option(parser: argparse.ArgumentParser) -> None:
    """``--param K=V`` (repeatable): CloudFormation parameter values when FILE is a template."""
    parser.add_argument("--param", action="append", default=[], metavar="K=V", type=_param,
                        help="a CloudFormation parameter value when FILE is a template (repeatable)")


def params_of(args: argparse.Namespace) -> dict[str, str]:
    """The ``--param`` values as a dict (later values win)."""
    return dict(getattr(args, "param", None) or [])


def _param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected K=V, got '{text}'")
    return key.strip(), value


_DESIGN_HEAD = re.compile(r"""^\s*["']?(cloudwright|format)["']?\s*:""", re.M)


_TEMPLATE_HEAD = re.compile(r"""^\s*["']?(Resources|AWSTemplateFormatVersion|Transform)["']?\s*:""", re.M)


def _looks_like_design(text: str) -> bool:
    return _DESIGN_HEAD.search(text[:8192]) is not None


def _register_builtin_converters() -> None:
    try:
        from cloudwright.engine.io import cfn_import  # type: ignore[attr-defined]
    except ImportError:
        return
    converter = getattr(cfn_import, "convert_if_template", None)
    if converter is not None:
        CONVERTERS.append(converter)
