"""What the user asks for on a screen, posted up to the app, which does it (attributes
down, messages up): no screen reaches back into the app to act."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class RecordUpdate(Message):
    """Open the form to record an update for this milestone (None: none is selected)."""

    milestone: str | None


@dataclass
class EditFile(Message):
    """Open the file in the user's editor at this milestone (or the first error)."""

    milestone: str | None


class UndoRecord(Message):
    """Take back the last update recorded in this session, after asking."""
