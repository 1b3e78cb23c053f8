"""The evaluation as text for a terminal, markdown for a note, or JSON for programs.

Every string that comes from the deal file goes through `printable()` in text and
markdown, so a title holding escape codes is shown, never obeyed. JSON keeps the text
exactly, with every control or bidi character written as a JSON escape.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.evaluate import Evaluation, PartyRollup, Row
from tracker.report_json import render_json
from tracker.safe import printable
from tracker.status import State, Status
from tracker.text import bar, cells, clip, fit, fold, pack, wrap
from tracker.words import (
    NOTHING,
    by_status,
    day,
    due,
    fact,
    fraction,
    label,
    left,
    of,
    plural,
    silence,
    tally,
)

__all__ = ["WIDTH", "render"]

WIDTH = 80
"""The text report's width when nothing else is said (a file, a pipe)."""
NARROWEST = 40
"""The fewest columns `--width` may ask for: the status, the indent and a short title."""
_COLORS = {Status.done: "32", Status.on_track: "32", Status.behind: "33", Status.overdue: "31;1",
           Status.upcoming: "2", Status.waiting: "36", Status.rejected: "35", Status.unknown: "33",
           Status.breached: "41;97;1", Status.blocked: "35;1", Status.at_risk: "33;1",
           Status.contingent: "2;3", Status.lapsed: "2;9"}
_FINISHED = (Status.done, Status.rejected)
_STATUS_W, _DUE_W, _LEFT_W, _GAP = 10, 11, 9, 2
_INDENT = " " * (_STATUS_W + _GAP)


@dataclass(frozen=True)
class _Layout:
    """How wide the text report is, and whether text longer than its room is cut or wrapped."""

    width: int = WIDTH
    """Columns of every line (a wider figure line may run over when nothing is cut)."""
    whole: bool = False
    """Never cut: a title too long for its line goes on in the next lines (a file, a pipe)."""
    own_window: bool = False
    """The at-risk window is the user's own setting: say so, as the file does not give it."""

    def lines(self, text: str, room: int) -> list[str]:
        """Text from the file, escaped: one line cut to `room`, or all of it wrapped."""
        return fold(text, room, self.whole)


def render(evaluation: Evaluation, fmt: str, color: bool, width: int = WIDTH, whole: bool = False,
           window_from: str | None = None) -> str:
    """The evaluation in `fmt` (text, markdown or json); colour only in text, when asked.
    Text is `width` columns wide; with `whole` nothing is cut (what goes to a file or pipe).
    `window_from="settings"`: the at-risk window came from the user's settings, and is said."""
    if fmt == "text":
        return _text(evaluation, color, _Layout(max(width, NARROWEST), whole, window_from == "settings"))
    if fmt == "markdown":
        return _markdown(evaluation, window_from == "settings")
    if fmt == "json":
        return render_json(evaluation, window_from=window_from)
    raise ValueError(f"unknown format {fmt!r}: text, markdown or json")


def _paint(text: str, status: Status, color: bool) -> str:
    return f"\x1b[{_COLORS[status]}m{text}\x1b[0m" if color else text


def _counts(evaluation: Evaluation) -> list[str]:
    return [tally(s, n) for s, n in evaluation.counts.items() if n]


def _left(state: State) -> str:
    return "" if state.status in _FINISHED else left(state)


def _text(evaluation: Evaluation, color: bool, layout: _Layout) -> str:
    width = layout.width
    titles = wrap(printable(evaluation.deal.deal.title), width)
    lines = [f"\x1b[1m{title}\x1b[0m" if color else title for title in titles]
    lines.append(f"As of {day(evaluation.as_of)} · {plural(len(evaluation.rows), 'milestone')}")
    if layout.own_window:
        lines += wrap(_window(evaluation), width)
    # The bar gives way first on a narrow report, then the share goes on a line of its own.
    if evaluation.silent_days is not None and evaluation.last_news is not None:
        lines += wrap(silence(evaluation.last_news, evaluation.silent_days), width)
    lines += pack([f"Progress {bar(evaluation.progress, max(4, min(40, width - 40)), eighths=False)}",
                   f"{evaluation.progress:.0%} of {evaluation.counted} commitments"], width, sep=" ")
    lines += pack(_counts(evaluation), width)
    columns = _Columns(evaluation.rows, layout)
    room = width - len(_INDENT)
    # As the rows lay out their figures (`_figures`): in columns, the progress on a line of
    # its own when it does not fit beside them, else side by side as they fit.
    heads = [columns.line("KIND", "PARTY", "DUE", "LEFT", "PROGRESS")]
    if cells(heads[0]) > room:
        heads = [columns.line("KIND", "PARTY", "DUE", "LEFT", ""), "PROGRESS"]
    if cells(heads[0]) > room:
        heads = pack(["KIND", "PARTY", "DUE", "LEFT", "PROGRESS"], room)
    lines += ["", fit("STATUS", _STATUS_W) + " " * _GAP + "MILESTONE", *(_INDENT + h for h in heads)]
    for row in evaluation.rows:
        lines += _text_row(row, columns, color)
    lines += ["", "PARTIES"]
    for party in evaluation.parties:
        lines += _text_party(party, layout)
    if evaluation.context:
        lines += ["", "CONTEXT"]
        for m in evaluation.context:
            sources = f" [{printable(', '.join(m.sources))}]" if m.sources else ""
            text = wrap(f"{printable(m.title)}{sources}", width - 4) or [""]
            lines += ["  · " + text[0]] + ["    " + more for more in text[1:]]
    return "\n".join(lines) + "\n"


class _Columns:
    """Widths of the second line of each row, sized to what the deal holds."""

    def __init__(self, rows: tuple[Row, ...], layout: _Layout) -> None:
        self.layout = layout
        self.kind = max((len(r.milestone.kind.value) for r in rows), default=4)
        widest = max((cells(printable(r.milestone.party or "")) for r in rows), default=5)
        # Cut, a party id gets 14 columns; whole, the column is as wide as the longest id.
        self.party = max(widest if layout.whole else min(14, widest), 5)
        used = len(_INDENT) + self.kind + self.party + _DUE_W + _LEFT_W + 4 * _GAP
        amounts = [cells(_progress_text(r.state)) for r in rows if _measured(r.state)]
        self.bar = max(4, min(20, layout.width - used - max(amounts, default=0) - 1))

    def line(self, kind: str, party: str, due: str, left: str, progress: str) -> str:
        gap = " " * _GAP
        return (fit(kind, self.kind) + gap + fit(party, self.party) + gap + fit(due, _DUE_W, True)
                + gap + fit(left, _LEFT_W, True) + gap + progress).rstrip()


def _text_row(row: Row, columns: _Columns, color: bool) -> list[str]:
    state, m = row.state, row.milestone
    word = label(state.status)
    status = _paint(word, state.status, color) + " " * max(1, _STATUS_W - cells(word) + _GAP)
    layout = columns.layout
    room_title = layout.width - len(_INDENT) - max(0, cells(word) + 1 - _STATUS_W - _GAP)  # `⧗ contingent`
    room = layout.width - len(_INDENT)
    title = layout.lines(m.title, room_title)
    lines = ["", status + title[0], *(_INDENT + more for more in title[1:])]
    lines += [_INDENT + line for line in _figures(state, columns, room)]
    for text in [printable(row.sentence), *_details(row)]:
        lines += [_INDENT + more for more in wrap(text, room)]
    return lines


def _figures(state: State, columns: _Columns, room: int) -> list[str]:
    """The row's second line: kind, party, due, days left and progress, in their columns.
    When it is wider than `room`, the progress goes on a line of its own, so a narrow
    report loses no figure (on a terminal, what is still too wide is cut)."""
    m = state.milestone
    progress = ""
    if state.target is not None:
        progress = bar(state.progress or 0.0, columns.bar, eighths=False) + " " + fraction(state)
    elif _measured(state):
        progress = _progress_text(state)
    party = printable(m.party or NOTHING)
    lines = [columns.line(m.kind.value, party, due(state), _left(state), progress)]
    if cells(lines[0]) > room and progress.startswith("reading "):
        # The figures matter more than the word: the sentence below says "reading".
        progress = progress.removeprefix("reading ")
        lines = [columns.line(m.kind.value, party, due(state), _left(state), progress)]
    if cells(lines[0]) > room and progress:
        lines = [columns.line(m.kind.value, party, due(state), _left(state), ""), progress]
    if cells(lines[0]) > room:  # narrower than the columns: the figures side by side, as they fit
        lines = pack([f for f in (m.kind.value, party, due(state), _left(state), progress) if f], room)
    return lines if columns.layout.whole else [clip(line, room) for line in lines]


def _progress_text(state: State) -> str:
    """The amount beside a bar, or for a limit alone `reading 1,620 (≤1,550)`: a limit is
    kept or not, so it has no bar to fill."""
    return fraction(state) if state.target is not None else "reading " + fraction(state)


def _measured(state: State) -> bool:
    """A milestone with figures to show: a target to reach, or a limit to keep."""
    return state.target is not None or state.milestone.limit is not None


def _details(row: Row) -> list[str]:
    """What it waits on, what the sources disagree on, and whether it is stale, in lines."""
    state = row.state
    out = [f"waits on: {printable(g.milestone)} ({g.reached.value})"
           + (", blocked by a decision" if g.blocked else "")
           + (f" — {printable(g.text)}" if g.text else "") for g in state.waiting_on]
    for dispute in state.disputes:
        claims = " vs ".join(f"{printable(c.value)} ({printable(', '.join(c.sources))})"
                             for c in dispute.claims)
        out.append(f"disputed {printable(fact(dispute.field))}: {claims}")
    if row.stale and state.last_update:
        out.append(f"stale: no update for {state.stale_days:,} days (last {day(state.last_update)})")
    return out


def _text_party(party: PartyRollup, layout: _Layout) -> list[str]:
    signed = "signatory" if party.signatory else "not a signatory"
    counts = by_status(party.counts) or "nothing"
    name = layout.lines(f"{printable(party.name)} ({printable(party.id)}), {signed}", layout.width - 2)
    lines = ["", *("  " + text for text in name)]
    lines += ["    " + text for text in wrap(f"owes {party.owes}: {counts}; is owed {party.owed_to}",
                                              layout.width - 4)]
    for d in party.delivered:
        share = (d.actual or 0) / d.target if d.target else 0.0
        delivered = layout.lines(f"{bar(share, 20, eighths=False)} {of(d.actual, d.target, printable(d.unit))}",
                                 layout.width - 4)
        lines += ["    " + text for text in delivered]
    return lines


def _md(text: str) -> str:
    """A string from the file, shown literally in a markdown table cell or line."""
    text = printable(text)
    # `&` would start an entity (`&#27;`), `~` a strikethrough: both shown as typed instead.
    for char in "\\|*_`[]<>&~":
        text = text.replace(char, "\\" + char)
    return text


def _silence_md(evaluation: Evaluation) -> list[str]:
    if evaluation.silent_days is None or evaluation.last_news is None:
        return []
    return ["", f"*{silence(evaluation.last_news, evaluation.silent_days)}*"]


def _window(evaluation: Evaluation, key: str = "at_risk_days") -> str:
    """The at-risk window, said when the reader's own settings chose it (not the file)."""
    return f"At risk: due within {evaluation.deal.deal.at_risk_days} days (your settings' {key})"


def _markdown(evaluation: Evaluation, own_window: bool = False) -> str:
    counts = ", ".join(_counts(evaluation))
    lines = [f"# {_md(evaluation.deal.deal.title)}", "",
             (f"As of **{day(evaluation.as_of)}**: {evaluation.progress:.0%} of "
              f"{evaluation.counted} commitments delivered ({_md(evaluation.basis)}); {counts}."),
             *_silence_md(evaluation), *(["", f"*{_window(evaluation, '`at_risk_days`')}*"] if own_window else []),
             "", "## Milestones", "",
             "| Status | Milestone | Kind | Party | Progress | Due | Left |",
             "|---|---|---|---|---|---|---|"]
    lines += [_md_row(row) for row in evaluation.rows]
    lines += ["", "## Details", ""]
    for row in evaluation.rows:
        extra = "".join(f" {_md(text.rstrip('.'))}." for text in _details(row))
        lines.append(f"- **{_md(row.milestone.title)}** (`{_md(row.milestone.id)}`): "
                     f"{_md(row.sentence)}{extra}")
    lines += ["", "## Parties", "", "| Party | Signed | Owes | Status | Delivered |", "|---|---|---|---|---|"]
    for p in evaluation.parties:
        delivered = ", ".join(of(d.actual, d.target, _md(d.unit)) for d in p.delivered)
        lines.append(f"| {_md(p.name)} | {'yes' if p.signatory else 'no'} | {p.owes} | {by_status(p.counts)} "
                     f"| {delivered} |")
    if evaluation.context:
        lines += ["", "## Context", ""] + [f"- {_md(m.title)}" for m in evaluation.context]
    return "\n".join(lines) + "\n"


def _md_row(row: Row) -> str:
    """One milestone as a table row, in the text report's words."""
    s, m = row.state, row.milestone
    unit = f" {_md(m.unit)}" if m.unit else ""
    progress = f"{fraction(s)}{unit} ({s.progress:.0%})" if s.progress is not None else ""
    if s.progress is None and _measured(s):
        progress = f"reading {fraction(s)}{unit}"
    return (f"| {label(s.status)} | {_md(m.title)} | {m.kind.value} | {_md(m.party or NOTHING)} "
            f"| {progress} | {due(s)} | {_left(s)} |")
