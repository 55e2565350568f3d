"""Entry point of the ``cloudwright`` command.

Each sub-command is a module in :mod:`cloudwright.cli.commands` with ``NAME``, ``HELP``, ``add_arguments``
and ``run``; they are discovered, so a new command is a new module. Every error a user can cause becomes
one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from cloudwright import __version__
from cloudwright.cli import commands
from cloudwright.engine.errors import CloudwrightError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"cloudwright: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _command_modules() -> list:
    found = []
    for info in pkgutil.iter_modules(commands.__path__):
        if not info.name.startswith("_"):
            found.append(importlib.import_module(f"{commands.__name__}.{info.name}"))
    return sorted(found, key=lambda m: getattr(m, "ORDER", 50))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cloudwright", description="Design, check and explore AWS architectures.")
    parser.add_argument("--version", action="version", version=f"cloudwright {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in _command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list:
        args_list = ["open"]
    try:
        try:
            args = parser.parse_args(args_list)
        except SystemExit as exc:  # argparse: --help, --version and usage errors
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        if not hasattr(args, "run"):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return int(args.run(args) or 0)
    except CloudwrightError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            sys.stderr.write(f"cloudwright: {line}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"cloudwright: {exc}\n")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        if os.environ.get("CLOUDWRIGHT_DEBUG"):
            raise
        sys.stderr.write(f"cloudwright: internal error: {type(exc).__name__}: {exc} "
                         "(set CLOUDWRIGHT_DEBUG=1 for details)\n")
        return EXIT_USAGE
