"""The thin adapter between engine edits and Qt's undo stack.

One :class:`EditCommand` wraps one engine :class:`~cloudwright.engine.document.Edit`: ``redo`` applies it
through the document, ``undo`` reverts it, ``mergeWith`` asks the edit itself whether two steps are one.
The first ``redo`` (run by ``QUndoStack.push``) performs the edit; when the document refuses it with a
:class:`ModelError`, the command records the error and marks itself obsolete so the stack drops it.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from cloudwright.engine.document import Document, Edit
from cloudwright.engine.errors import ModelError

#: The ``id()`` of commands that may merge; which ones actually merge is the edit's decision.
MERGEABLE_ID = 1


class EditCommand(QUndoCommand):
    """An engine edit on the Qt undo stack."""

    def __init__(self, document: Document, edit: Edit) -> None:
        super().__init__(edit.title)
        self.document = document
        self.edit = edit
        self.error: ModelError | None = None

    def redo(self) -> None:
        try:
            self.document.apply(self.edit)
        except ModelError as exc:
            self.error = exc
            self.setObsolete(True)

    def undo(self) -> None:
        self.document.revert(self.edit)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGEABLE_ID if getattr(self.edit, "merge_key", None) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, EditCommand) or other.error is not None:
            return False
        merged = self.edit.merge(other.edit)
        if merged is None:
            return False
        self.edit = merged
        return True
