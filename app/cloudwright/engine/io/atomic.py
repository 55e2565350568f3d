"""Atomic file writes: a crash mid-save never leaves a half-written design in place of the old one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_MARKER = ".cloudwright-tmp-"


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to a temp file beside ``path``, fsync it, then rename it over ``path``."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARKER}", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp_name, target.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def stale_temp_files(path: str | os.PathLike[str]) -> list[Path]:
    """Half-written temp files a crashed save left beside ``path``."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    return sorted(directory.glob(f".{target.name}{TEMP_MARKER}*"))


def clean_stale_temp_files(path: str | os.PathLike[str]) -> list[Path]:
    """Remove (never load) temp files a crashed save left behind; returns what was removed."""
    removed = []
    for stale in stale_temp_files(path):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed
