"""The evaluation as text for a terminal, markdown for a note, or JSON for programs.

Every string that comes from the deal file goes through `printable()` in text and
markdown, so a title holding escape codes is shown, never obeyed. JSON keeps the text
exactly, with every control or bidi character written as a JSON escape.
"""

from __future__ import annotations

from tracker.evaluate import Evaluation, PartyRollup, Row
from tracker.report_json import render_json
from tracker.safe import printable
from tracker.status import State, Status
from tracker.text import bar, cells, clip, fit, pack, wrap
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
    silence,
    tally,
)

__all__ = ["render"]

WIDTH = 80
_COLORS = {Status.done: "32", Status.on_track: "32", Status.behind: "33", Status.overdue: "31;1",
           Status.upcoming: "2", Status.waiting: "36", Status.rejected: "35", Status.unknown: "33",
           Status.breached: "41;97;1", Status.blocked: "35;1", Status.at_risk: "33;1",
           Status.contingent: "2;3", Status.lapsed: "2;9"}
_FINISHED = (Status.done, Status.rejected)
_STATUS_W, _DUE_W, _LEFT_W, _GAP = 10, 11, 9, 2
_INDENT = " " * (_STATUS_W + _GAP)


def render(evaluation: Evaluation, fmt: str, color: bool) -> str:
    """The evaluation in `fmt` (text, markdown or json); colour only in text, when asked."""
    if fmt == "text":
        return _text(evaluation, color)
    if fmt == "markdown":
        return _markdown(evaluation)
    if fmt == "json":
        return render_json(evaluation)
    raise ValueError(f"unknown format {fmt!r}: text, markdown or json")


def _paint(text: str, status: Status, color: bool) -> str:
    return f"\x1b[{_COLORS[status]}m{text}\x1b[0m" if color else text


def _counts(evaluation: Evaluation) -> list[str]:
    return [tally(s, n) for s, n in evaluation.counts.items() if n]


def _left(state: State) -> str:
    return "" if state.status in _FINISHED else left(state)


def _text(evaluation: Evaluation, color: bool) -> str:
    titles = wrap(printable(evaluation.deal.deal.title), WIDTH)
    lines = [f"\x1b[1m{title}\x1b[0m" if color else title for title in titles]
    lines += [f"As of {day(evaluation.as_of)} · {len(evaluation.rows)} milestones",
              (f"Progress {bar(evaluation.progress, 40, eighths=False)} {evaluation.progress:.0%}"
               f" of {evaluation.counted} commitments")]
    if evaluation.silent_days is not None and evaluation.last_news is not None:
        lines[-1:-1] = wrap(silence(evaluation.last_news, evaluation.silent_days), WIDTH)
    lines += pack(_counts(evaluation), WIDTH)
    columns = _Columns(evaluation.rows)
    lines += ["", fit("STATUS", _STATUS_W) + " " * _GAP + "MILESTONE",
              _INDENT + columns.line("KIND", "PARTY", "DUE", "LEFT", "PROGRESS")]
    for row in evaluation.rows:
        lines += _text_row(row, columns, color)
    lines += ["", "PARTIES"]
    for party in evaluation.parties:
        lines += _text_party(party)
    if evaluation.context:
        lines += ["", "CONTEXT"]
        for m in evaluation.context:
            sources = f" [{printable(', '.join(m.sources))}]" if m.sources else ""
            text = wrap(f"{printable(m.title)}{sources}", WIDTH - 4)
            lines += ["  · " + text[0]] + ["    " + more for more in text[1:]]
    return "\n".join(lines) + "\n"


class _Columns:
    """Widths of the second line of each row, sized to what the deal holds."""

    def __init__(self, rows: tuple[Row, ...]) -> None:
        self.kind = max((len(r.milestone.kind.value) for r in rows), default=4)
        self.party = min(14, max((cells(printable(r.milestone.party or "")) for r in rows), default=5))
        self.party = max(self.party, 5)
        used = len(_INDENT) + self.kind + self.party + _DUE_W + _LEFT_W + 4 * _GAP
        amounts = [cells(_progress_text(r.state)) for r in rows if _measured(r.state)]
        self.bar = max(4, min(20, WIDTH - used - max(amounts, default=0) - 1))

    def line(self, kind: str, party: str, due: str, left: str, progress: str) -> str:
        gap = " " * _GAP
        return (fit(kind, self.kind) + gap + fit(party, self.party) + gap + fit(due, _DUE_W, True)
                + gap + fit(left, _LEFT_W, True) + gap + progress).rstrip()


def _text_row(row: Row, columns: _Columns, color: bool) -> list[str]:
    state, m = row.state, row.milestone
    word = label(state.status)
    status = _paint(word, state.status, color) + " " * max(1, _STATUS_W - cells(word) + _GAP)
    room_title = WIDTH - len(_INDENT) - max(0, cells(word) + 1 - _STATUS_W - _GAP)  # `⧗ contingent`
    progress = ""
    if state.target is not None:
        progress = bar(state.progress or 0.0, columns.bar, eighths=False) + " " + fraction(state)
    elif _measured(state):
        progress = _progress_text(state)
    second = columns.line(m.kind.value, printable(m.party or NOTHING), due(state), _left(state), progress)
    room = WIDTH - len(_INDENT)
    if cells(second) > room and progress.startswith("reading "):
        # The figures matter more than the word: the sentence below says "reading".
        second = columns.line(m.kind.value, printable(m.party or NOTHING), due(state), _left(state),
                              progress.removeprefix("reading "))
    lines = ["", status + clip(m.title, room_title), _INDENT + clip(second, room)]
    for text in [printable(row.sentence), *_details(row)]:
        lines += [_INDENT + more for more in wrap(text, room)]
    return lines


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


def _text_party(party: PartyRollup) -> list[str]:
    signed = "signatory" if party.signatory else "not a signatory"
    counts = by_status(party.counts) or "nothing"
    lines = ["", clip(f"  {printable(party.name)} ({printable(party.id)}), {signed}", WIDTH)]
    lines += ["    " + text for text in wrap(f"owes {party.owes}: {counts}; is owed {party.owed_to}", WIDTH - 4)]
    for d in party.delivered:
        share = (d.actual or 0) / d.target if d.target else 0.0
        lines.append(clip(f"    {bar(share, 20, eighths=False)} {of(d.actual, d.target, printable(d.unit))}", WIDTH))
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


def _markdown(evaluation: Evaluation) -> str:
    counts = ", ".join(_counts(evaluation))
    lines = [f"# {_md(evaluation.deal.deal.title)}", "",
             (f"As of **{day(evaluation.as_of)}**: {evaluation.progress:.0%} of "
              f"{evaluation.counted} commitments delivered ({_md(evaluation.basis)}); {counts}."),
             *_silence_md(evaluation), "", "## Milestones", "",
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
