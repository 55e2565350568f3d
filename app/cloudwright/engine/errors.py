"""Typed errors for structural impossibilities and bad input.

Advice about a design is a rule finding; an impossibility (unknown kind, dangling reference, containment
cycle, malformed file) is one of these errors, refused at load time and at the document boundary.
"""

from __future__ import annotations

from dataclasses import dataclass


class CloudwrightError(Exception):
    """Base class of every error the CLI turns into one line on stderr and exit code 2."""


@dataclass(frozen=True)
class Location:
    """Where in a file a problem sits; any part may be unknown."""

    file: str | None = None
    line: int | None = None
    column: int | None = None

    def prefix(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts) + ": " if parts else ""


class ModelError(CloudwrightError):
    """A structural impossibility in a diagram.

    ``subject`` names the node or edge concerned and ``field`` the property path, so a loader can
    attach a file location and the GUI can point at the item.
    """

    code = "model"

    def __init__(self, message: str, *, subject: str | None = None, field: str | None = None,
                 location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.subject = subject
        self.field = field
        self.location = location or Location()

    def with_location(self, location: Location) -> ModelError:
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.args = self.args
        clone.location = location
        return clone

    def __str__(self) -> str:
        return f"{self.location.prefix()}{self.message}"


class UnknownKindError(ModelError):
    code = "unknown-kind"


class DuplicateIdError(ModelError):
    code = "duplicate-id"


class ContainmentError(ModelError):
    code = "containment"


class CycleError(ModelError):
    code = "cycle"


class DanglingReferenceError(ModelError):
    code = "dangling-reference"


class PropertyError(ModelError):
    code = "property"


class FormatError(ModelError):
    """The file itself is malformed: syntax, wrong top-level shape, unsupported version, limits."""

    code = "format"


class LimitError(FormatError):
    """Hostile or oversized input refused before it can cost time or memory."""

    code = "limit"
