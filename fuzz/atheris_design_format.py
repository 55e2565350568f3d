"""Coverage-guided fuzzing of the design loader (``load_text``) with atheris (libFuzzer).

Where the mutation fuzzer (``fuzz_design_format.py``) replays random edits of the corpus, atheris keeps
the inputs that reach new code. Every input must load or raise one clear :class:`CloudwrightError`;
anything else is a crash, which libFuzzer writes as ``crash-<sha1>`` into the working directory.

Run (a few minutes; corpus seeded from the templates and the bad-input files):
    python fuzz/atheris_design_format.py -max_total_time=300 -max_len=20000 /tmp/cw-corpus
Needs ``pip install atheris`` (a wheel for CPython 3.11 on x86-64 Linux; other platforms build it with
clang and libFuzzer).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402

with atheris.instrument_imports(include=["cloudwright"]):
    from cloudwright.engine.errors import CloudwrightError
    from cloudwright.engine.io import load_text

from fuzz.corpus import seed_texts  # noqa: E402


def test_one_input(data: bytes) -> None:
    """One input: decoded as the loader decodes files, then loaded; only CloudwrightError may escape."""
    text = data.decode("utf-8", "replace")
    try:
        load_text(text, "atheris.yaml")
    except CloudwrightError as exc:
        if not str(exc) or "Traceback" in str(exc):
            raise AssertionError(f"unclear error message: {exc!r}") from exc


def seed_corpus(folder: Path) -> None:
    """Write the bundled designs and bad inputs into ``folder`` so libFuzzer starts from real files."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, text in enumerate(seed_texts()):
        target = folder / f"seed-{index:04d}.yaml"
        if not target.exists():
            target.write_bytes(text.encode("utf-8", "replace"))


def main() -> None:
    folders = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    for folder in folders[:1]:
        seed_corpus(folder)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
