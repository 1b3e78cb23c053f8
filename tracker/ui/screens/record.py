"""`r`: record what happened to the selected milestone, and `u`'s confirmation.

The form builds an `Update` through `tracker.write.make_update`, the same checks as
`tracker record`, then hands it to the app's writer; whatever either refuses is shown
in the form beside the field it concerns, and the file is untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from tracker.errors import Problem, TrackerError
from tracker.model import DealFile, Milestone, Update
from tracker.safe import printable
from tracker.terms import KIND_STATUSES, Reported, typed_figure
from tracker.ui.screens.dialog import DialogScreen
from tracker.ui.widgets.still import StillInput
from tracker.write import make_update

FIELDS = ("date", "value", "source", "note")
"""Where errors are shown; anything else goes under the form."""

_WHAT_FIELDS = {"total": "value", "add": "value", "due": "value", "status": "value", "milestone": "form"}

Writer = Callable[[Update], bool]
"""Writes the update: True if written, False if refused and already explained to the user
(the file changed on disk); raises TrackerError for a problem to show in the form."""


def choices(milestone: Milestone) -> list[tuple[str, str]]:
    """What an update to this milestone may report: counts only where there is a target."""
    options = [("total so far", "total"), ("add to the total", "add")] if milestone.target is not None else []
    if KIND_STATUSES[milestone.kind]:
        options.append(("status", "status"))
    return options + [("due date", "due"), ("note only", "note")]


def field_of(problem: Problem) -> str:
    """The form field a problem belongs to (`form` for the whole update)."""
    key = problem.key.rpartition(".")[2] if problem.key else ""
    if key in FIELDS:
        return key
    return _WHAT_FIELDS.get(key, "form")


class RecordScreen(DialogScreen[Update | None]):
    """Date, what happened (total, add, status, due or a note), source and note."""

    DEFAULT_CSS = """
    #record-form { width: 60; max-height: 100%; }
    .record-row { height: auto; margin-top: 1; }
    .record-row Label { width: 8; }
    .record-row Input, .record-row Select { width: 1fr; }
    #what { width: 22; margin-right: 1; }
    /* A compact drop-down opens over the rows under it: a border and its own background
       tell its options from the form's lines. */
    #record-form Select > SelectOverlay { border: round $primary; background: $panel; }
    #record-buttons { height: auto; margin-top: 1; }
    #record-buttons Button { margin: 0 2 0 0; }
    .field-error { color: $text-error; display: none; height: auto; padding-left: 8; }
    #form-error { padding-left: 0; margin-top: 1; }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without recording")]

    def __init__(self, milestone: Milestone, deal: DealFile, as_of: date, file: str, write: Writer) -> None:
        super().__init__()
        self._milestone = milestone
        self._sources = [(Content(printable(f"{s.id}: {s.title}")), s.id) for s in deal.sources]
        self._as_of = as_of
        self._file = file
        self._write = write

    def compose(self) -> ComposeResult:
        m = self._milestone
        statuses = [(s.value, s.value) for s in Reported if s in KIND_STATUSES[m.kind]]
        options = choices(m)
        with Vertical(id="record-form", classes="dialog"):
            yield Static(Content.assemble(("Record an update: ", "bold"), printable(m.title)))
            with Horizontal(classes="record-row"):
                yield Label("Date")
                yield StillInput(self._as_of.isoformat(), placeholder="YYYY-MM-DD", id="date", compact=True)
            yield Static(id="date-error", classes="field-error", markup=False)
            with Horizontal(classes="record-row"):
                yield Select(options, value=options[0][1], allow_blank=False, id="what", compact=True)
                yield StillInput(placeholder="value", id="value", compact=True)
                yield Select(statuses, prompt="choose", id="status", compact=True)
            yield Static(id="value-error", classes="field-error", markup=False)
            with Horizontal(classes="record-row"):
                yield Label("Source")
                yield Select(self._sources, prompt="none", id="source", compact=True)
            yield Static(id="source-error", classes="field-error", markup=False)
            with Horizontal(classes="record-row"):
                yield Label("Note")
                yield StillInput(placeholder="optional", id="note", compact=True)
            yield Static(id="note-error", classes="field-error", markup=False)
            yield Static(id="form-error", classes="field-error", markup=False)
            with Horizontal(id="record-buttons"):
                yield Button("Record", variant="primary", id="record", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._what_changed()
        self.query_one("#date", Input).focus()  # the form reads top down, as the user does

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self, event: Input.Changed | Select.Changed) -> None:
        """A field the user corrects no longer shows the error it had."""
        name = event.control.id or ""
        pane = {"what": "value", "status": "value"}.get(name, name)
        if pane in FIELDS:
            self.query_one(f"#{pane}-error", Static).display = False

    @on(Select.Changed, "#what")
    def _what_changed(self) -> None:
        what = self.query_one("#what", Select).value
        self.query_one("#value", Input).display = what in ("total", "add", "due")
        self.query_one("#status", Select).display = what == "status"
        self.query_one("#value", Input).placeholder = "YYYY-MM-DD" if what == "due" else "a figure: 12, 1,500, 2.5"

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#record")
    @on(Input.Submitted)
    def submit(self) -> None:
        """Check the form, write the update; stay open and say why if refused."""
        self._show([])
        try:
            update = make_update(self._milestone.id, self._date(), file=self._file, **self._facts())
            written = self._write(update)
        except TrackerError as error:
            self._show(error.problems)
            return
        self.dismiss(update if written else None)

    def _date(self) -> date:
        text = self.query_one("#date", Input).value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise TrackerError([Problem(self._file, None, None, "date",
                                        f"expected a date as YYYY-MM-DD, found {printable(repr(text))}")]) from None

    def _facts(self) -> dict[str, Any]:
        what = self.query_one("#what", Select).value
        value = self.query_one("#value", Input).value.strip()
        source = self.query_one("#source", Select).value
        facts: dict[str, Any] = {"note": self.query_one("#note", Input).value,
                                 "source": None if source is Select.NULL else source}
        if what == "status":
            status = self.query_one("#status", Select).value
            if status is Select.NULL:
                raise TrackerError([Problem(self._file, None, None, "status", "choose a status")])
            facts["status"] = status
        elif what in ("total", "add"):
            try:
                facts[str(what)] = typed_figure(value)  # read as `tracker record --total` reads it
            except ValueError as error:
                raise TrackerError([Problem(self._file, None, None, str(what), str(error))]) from None
        elif what == "due":
            facts["due"] = value
        return facts

    def _show(self, problems: list[Problem]) -> None:
        for name in (*FIELDS, "form"):
            found = [p for p in problems if field_of(p) == name]
            pane = self.query_one(f"#{name}-error", Static)
            pane.display = bool(found)
            pane.update("\n".join(_message(p, name) for p in found))


def _message(problem: Problem, field: str) -> str:
    """The problem without the file name: the form is about that file already."""
    text = problem.message if field != "form" else str(problem).removeprefix(f"{problem.file}:").strip()
    return printable(text)


class ConfirmScreen(DialogScreen[bool]):
    """A yes/no question; escape and `n` say no."""

    DEFAULT_CSS = """
    #confirm-form { width: 60; max-height: 100%; }
    #confirm-buttons { height: auto; margin-top: 1; }
    #confirm-buttons Button { margin: 0 2 0 0; }
    """

    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "No", tooltip="Leave things as they are"),
        Binding("y", "dismiss(True)", "Yes", tooltip="Go ahead"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-form", classes="dialog"):
            yield Static(self._question, markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", variant="error", id="yes", compact=True)
                yield Button("No (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
