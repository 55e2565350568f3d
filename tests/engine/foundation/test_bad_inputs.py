"""Malformed files get exit 2 and one clear line naming the place and the problem: never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cloudwright.cli.main import main

BAD = sorted((Path(__file__).parents[2] / "data" / "bad").iterdir())
LINE = re.compile(r"^cloudwright: \S+?(:\d+:\d+)?: .{10,}$")


@pytest.fixture(autouse=True, scope="module")
def _warm_imports() -> None:
    """Import the readers once, so a file's time is its own, not the interpreter's start-up."""
    main(["validate", str(BAD[0])])
    samples = sorted((Path(__file__).parents[2] / "data" / "cfn").glob("*.yaml"))
    if samples:
        main(["validate", str(samples[0])])


def test_there_are_at_least_thirty_bad_files() -> None:
    """The bad-input corpus covers the ways a file can be wrong."""
    assert len(BAD) >= 30


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_file_gives_exit_2_and_one_clear_line(path: Path, capsys) -> None:
    """Each malformed file is refused quickly with one line naming the file and the problem."""
    started = time.process_time()  # CPU time: the machine's other load does not count against us
    code = main(["validate", str(path)])
    elapsed = time.process_time() - started
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert LINE.match(lines[0]), lines[0]
    assert path.name in lines[0]
    assert "Traceback" not in err and "internal error" not in err
    assert elapsed < 1.0


def test_fifty_megabyte_file_is_refused_fast(tmp_path: Path, capsys) -> None:
    """An oversized file is refused by its size, before it is parsed."""
    big = tmp_path / "huge.yaml"
    with big.open("w") as handle:
        handle.write("cloudwright: 1\nnodes:\n")
        chunk = "".join(f"  - {{id: n{i}, kind: user}}\n" for i in range(20000))
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    started = time.process_time()
    assert main(["validate", str(big)]) == 2
    assert time.process_time() - started < 1.0
    assert "over the 32 MB limit" in capsys.readouterr().err


def test_line_and_column_point_at_the_bad_value() -> None:
    """The reported position is where the user must look."""
    path = next(p for p in BAD if p.name.startswith("17_"))
    result = subprocess.run([sys.executable, "-m", "cloudwright", "validate", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"{path}:4:49: vpc 'v': cidr: '10.0.0.0/33' is not a valid IPv4 network" in result.stderr
