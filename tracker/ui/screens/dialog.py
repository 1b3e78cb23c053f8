"""The box every dialog is drawn in: centred, as tall as its content, on the surface colour."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class DialogScreen(ModalScreen[ResultT]):
    """A modal whose box is the child with the `dialog` class; each dialog sets its width
    (and whatever else differs) by the box's id, which outranks the class."""

    DEFAULT_CSS = """
    DialogScreen { align: center middle; }
    DialogScreen .dialog {
        max-width: 100%;
        height: auto;
        padding: 0 1;
        border: round $border;
        background: $surface;
    }
    """
