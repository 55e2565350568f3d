"""Coverage-guided fuzzing of the CloudFormation importer with atheris (libFuzzer).

Every input must import or raise one clear :class:`CloudwrightError`; libFuzzer writes anything else as
``crash-<sha1>`` into the working directory.

Run (corpus seeded from ``tests/data/cfn``):
    python fuzz/atheris_cfn_import.py -max_total_time=300 -max_len=20000 /tmp/cw-cfn-corpus
"""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402

with atheris.instrument_imports(include=["cloudwright"]):
    from cloudwright.engine.errors import CloudwrightError
    from cloudwright.engine.io.cfn_import import import_template


def test_one_input(data: bytes) -> None:
    """One template: imported under default parameters; only CloudwrightError may escape."""
    text = data.decode("utf-8", "replace")
    try:
        with redirect_stderr(io.StringIO()):
            import_template(text, "atheris.yaml", {})
    except CloudwrightError as exc:
        if not str(exc) or "Traceback" in str(exc):
            raise AssertionError(f"unclear error message: {exc!r}") from exc


def main() -> None:
    folders = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    for folder in folders[:1]:
        folder.mkdir(parents=True, exist_ok=True)
        for sample in sorted((ROOT / "tests" / "data" / "cfn").iterdir()):
            if sample.suffix in (".yaml", ".json") and not (folder / sample.name).exists():
                (folder / sample.name).write_bytes(sample.read_bytes())
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
