"""Limits that keep hostile or accidental input from costing time or memory (see docs/limits.md)."""

from cloudwright.engine.model.ids import MAX_ID_LENGTH  # noqa: F401 - the id rules live with the model

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_NESTING = 64
MAX_ALIAS_EXPANSION = 1_000_000
MAX_NODES = 100_000
MAX_EDGES = 200_000
MAX_ERRORS_REPORTED = 50
