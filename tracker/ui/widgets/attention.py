"""What needs a look: overdue, behind, rejected, waiting, unknown, disputed or stale rows."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.reactive import var

from tracker.evaluate import Evaluation, Row
from tracker.safe import printable
from tracker.status import SEVERITY, Status
from tracker.text import cells, clip_apart, shared_prefixes
from tracker.ui.render import DISPUTED, STALE, plain, status
from tracker.ui.widgets.lines import LineList


def attention_rows(evaluation: Evaluation) -> list[Row]:
    """The rows needing attention, the most serious first (file order breaks ties)."""
    return sorted(evaluation.attention, key=lambda r: SEVERITY.index(r.state.status))


def prompt(row: Row, width: int = 0, shared: int = 0) -> Content:
    """`✗ overdue  ≠ First 1,500 …`: status, flags (before the title, which may be cut:
    given a `width`, where it tells this title from one that starts the same)."""
    state = row.state
    flags = (f"{DISPUTED} " if state.disputes else "") + (f"{STALE} " if row.stale else "")
    if state.status is Status.done:
        shown = Content.styled(f"{DISPUTED} disputed".ljust(11), "$text-warning")
        flags = flags.replace(f"{DISPUTED} ", "")
    else:
        shown = status(state.status, 11)
    title = row.milestone.title
    if width:
        title = clip_apart(title, shared, max(1, width - 11 - cells(flags)))
    return Content.assemble(shown, (flags, "$text-warning"), plain(title))


class AttentionPane(LineList):
    """The attention list; enter (or a click) jumps to that milestone in the table. Drawn a
    line at a time: thousands of rows needing a look cost only the few on screen."""

    CURSOR_ON_TOP = False
    DEFAULT_CSS = """
    AttentionPane {
        border: none;
        border-top: solid $border-blurred;
        border-left: vkey $border-blurred;
        border-title-color: $text-warning;
        padding: 0;
        background: $background;
        scrollbar-size-vertical: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus { border-top: solid $border; border-left: vkey $border; }
        /* The cursor shows the row's status colour, so its ground is the primary colour only
           as strong as keeps every status readable ($attention-cursor, see palette.py). */
        & > .lines--cursor { background: $attention-cursor; }
        &:focus > .lines--cursor { background: $attention-cursor-focused; text-style: bold; }
    }
    """
    evaluation: var[Evaluation | None] = var(None, init=False)

    @dataclass
    class Jump(Message):
        """Show this milestone in the table and the detail pane."""

        milestone: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        self._shared: dict[str, int] = {}

    def watch_evaluation(self, evaluation: Evaluation | None) -> None:
        if evaluation is None:
            return
        self.rows = attention_rows(evaluation)
        self._shared = shared_prefixes([r.milestone.title for r in self.rows])
        self.border_title = f"Needs attention ({len(self.rows)})" if self.rows else "Nothing needs attention"
        self.reset(len(self.rows), self.cursor_row)

    def row_content(self, index: int, width: int) -> Content:
        row = self.rows[index]
        shared = self._shared.get(printable(row.milestone.title), 0)
        return prompt(row, width, shared).truncate(width, ellipsis=True)

    def chosen(self) -> None:
        self.post_message(self.Jump(self.rows[self.cursor_row].milestone.id))

    def clicked(self, index: int) -> None:
        self.move_cursor(index)
        self.chosen()
