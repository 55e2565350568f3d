"""``cloudwright open [FILE]`` (and plain ``cloudwright``): start the desktop app.

The GUI is imported only here, at run time and through importlib, so the CLI never loads Qt for its
other commands.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from cloudwright.engine.errors import CloudwrightError

NAME = "open"
HELP = "open the desktop app, with FILE if given"
ORDER = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?", help="a design to open")


def run(args: argparse.Namespace) -> int:
    if args.file is not None and not Path(args.file).is_file():
        raise CloudwrightError(f"{args.file}: no such file")
    try:
        app = importlib.import_module("cloudwright.gui.app")
    except ImportError as exc:
        raise CloudwrightError(f"the desktop app cannot start: {exc}") from None
    return int(app.run(args.file))
