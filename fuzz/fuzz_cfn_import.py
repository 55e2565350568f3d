"""Fuzz the CloudFormation importer (YAML with short-form tags, and JSON).

Every input must end in an imported design or one clear CloudwrightError; nothing else may escape.
Run: ``python fuzz/fuzz_cfn_import.py [N] [--seed S]`` (default 100,000 inputs, random seed).
"""

from __future__ import annotations

import io
import sys
import traceback
from contextlib import redirect_stderr
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cloudwright.engine.errors import CloudwrightError  # noqa: E402
from cloudwright.engine.io.cfn_import import import_template  # noqa: E402
from fuzz.corpus import ROOT, fuzz_main, run_mutations  # noqa: E402

CFN_TOKENS = ["!Ref X", "!GetAtt A.B", "!Sub '${AWS::Region}'", "!Select [0, !GetAZs '']", "!If [C, a, b]",
              "!FindInMap [M, k, v]", "!ImportValue x", "!Cidr [10.0.0.0/16, 4, 8]", "Fn::If", "Condition: C",
              "Type: AWS::EC2::Subnet", "Type: AWS::EC2::VPC", "Type: AWS::Serverless::Function", "DependsOn: X",
              "Properties:", "VpcId: !Ref VPC", "CidrBlock: 10.0.0.0/33", "Transform: AWS::Serverless-2016-10-31"]


def seeds() -> list[str]:
    folder = ROOT / "tests" / "data" / "cfn"
    texts = [p.read_text() for p in sorted(folder.glob("*")) if p.suffix in (".yaml", ".json", ".yml")]
    return texts or ["Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"]


def check_one(text: str) -> str | None:
    try:
        with redirect_stderr(io.StringIO()):
            import_template(text, "fuzz.yaml", {})
    except CloudwrightError as exc:
        if not str(exc) or "Traceback" in str(exc):
            return f"unclear error message: {exc!r}"
    except Exception:  # noqa: BLE001 - what the fuzzer looks for
        return traceback.format_exc()
    return None


def run(count: int, seed: int, save_crashers: bool = True) -> tuple[int, list[str]]:
    return run_mutations(seeds(), check_one, count, seed, crasher_prefix="fuzz-cfn", save_crashers=save_crashers,
                         tokens=CFN_TOKENS)


def main() -> int:
    return fuzz_main("cloudformation import", run)


if __name__ == "__main__":
    raise SystemExit(main())
