"""A portfolio and a digest of changes, as text for a person, markdown for a note, or JSON.

As in `tracker.report`, every string from a file goes through `printable()` (text) or `_md`
(markdown), and JSON keeps it exactly, with control characters escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from tracker.digest import Change
from tracker.evaluate import NEEDS_ATTENTION, Row
from tracker.portfolio import Entry, Item, Portfolio, Summary
from tracker.report import NARROWEST, WIDTH, _md
from tracker.report_json import _json_safe, to_dict
from tracker.safe import printable
from tracker.text import cells, fold, hang, pack, wrap
from tracker.words import day, due, label, left, plural, tally

Digest = list[tuple[Entry, str, tuple[Change, ...]]]
"""Each file with its deal's title and its changes (a file that did not load: no changes)."""


def render_portfolio(book: Portfolio, fmt: str, width: int = WIDTH, whole: bool = True) -> str:
    """The portfolio in `fmt`; text is `width` columns wide, nothing cut with `whole`."""
    if fmt == "json":
        return _dump(portfolio_dict(book))
    if fmt == "markdown":
        return _portfolio_markdown(book)
    return _portfolio_text(book, max(width, NARROWEST), whole)


def _dump(data: dict[str, Any]) -> str:
    """Indented JSON with each entry of a list on one line of its own: json's indenting
    encoder is pure Python, and over 1,000 deals' reports it took 11 s; this takes 0.3."""
    fields = []
    for key, value in data.items():
        name = json.dumps(key)
        if isinstance(value, list) and value:
            items = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in value)
            fields.append(f"  {name}: [\n    {items}\n  ]")
        else:
            fields.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return _json_safe("{\n" + ",\n".join(fields) + "\n}") + "\n"


def _counts(summary: Summary) -> list[str]:
    return [tally(s, n) for s, n in summary.counts.items() if n]


def next_text(summary: Summary) -> str:
    row = summary.next_due
    return f"{due(row.state)} ({left(row.state)}) {row.milestone.title}" if row else "nothing due"


def urgent_text(row: Row | None) -> str:
    return f"{label(row.state.status)}: {row.milestone.title}" if row else "nothing"


def quiet_text(days: int | None) -> str:
    if days is None:
        return "nothing reported by this date"
    return "today" if days == 0 else f"{days:,} day{'s' * (days != 1)} ago"


def _portfolio_text(book: Portfolio, width: int, whole: bool) -> str:
    """Each deal's block, then what needs attention and the agenda, in `width` columns: text
    from the files cut to fit with `…`, or with `whole` wrapped, as the one-deal report does."""
    broken = f" ({len(book.broken)} with errors)" if book.broken else ""
    lines = wrap(f"Portfolio as of {day(book.as_of)} · {plural(len(book.deals), 'deal')}{broken}", width)
    lines += [line for note in _own_window(s.entry for s in book.deals) for line in wrap(note, width)]
    for s in book.deals:
        lines += ["", *fold(s.title, width, whole), *hang("  ", str(s.entry.path), width, whole)]
        if s.evaluation is None:  # a problem is a sentence: wrapped, never cut
            lines += ["  " + more for more in wrap(printable(f"error: {s.headline}"), width - 2)]
            continue
        lines += ["  " + more for more in pack([s.headline, *_counts(s)], width - 2)]
        lines += [*hang("  next due: ", next_text(s), width, whole),
                  *hang("  most urgent: ", urgent_text(s.most_urgent), width, whole),
                  *("  " + more for more in wrap(f"last update: {quiet_text(s.quiet_days)}", width - 2))]
    lines += ["", *wrap(f"NEEDS ATTENTION ({len(book.attention)})", width)]
    lines += [line for item in book.attention for line in _item_text(item, why_text(item.row), width, whole)]
    lines += ["", *wrap(f"AGENDA: due in the next {book.weeks} weeks ({len(book.agenda)})", width)]
    lines += [line for item in book.agenda for line in _item_text(item, due(item.row.state), width, whole)]
    return "\n".join(lines) + "\n"


def _own_window(entries: Iterable[Entry], key: str = "at_risk_days") -> list[str]:
    """The settings' at-risk window, said when it judged a deal (as the one-deal report
    says it); nothing when every file sets its own or the default is in force."""
    days = next((e.loaded.window for e in entries if e.loaded and e.loaded.window_from == "settings"), None)
    return [] if days is None else [f"At risk: due within {days} days where a file sets none "
                                    f"(your settings' {key})"]


def why_text(row: Row) -> str:
    """Days left or late, else why a row with no trouble in its status needs attention."""
    if row.state.status not in NEEDS_ATTENTION and row.state.disputes:
        return "disputed"
    return left(row.state) or ("stale" if row.stale else "")


def _item_text(item: Item, when: str, width: int, whole: bool) -> list[str]:
    """The milestone's status, when, and title, and under the title its deal's."""
    head = f"  {label(item.row.state.status):<12} {when:>11}  "
    return [*hang(head, item.row.milestone.title, width, whole),
            *hang(" " * cells(head), item.title, width, whole)]


def _portfolio_markdown(book: Portfolio) -> str:
    lines = [f"# Portfolio as of {day(book.as_of)}",
             *(f"\n*{note}*" for note in _own_window((s.entry for s in book.deals), "`at_risk_days`")), "",
             "| Deal | File | Headline | Counts | Next due | Most urgent | Last update |",
             "|---|---|---|---|---|---|---|"]
    for s in book.deals:
        if s.evaluation is None:
            lines.append(f"| {_md(s.title)} | {_md(str(s.entry.path))} | error: {_md(s.headline)} | | | | |")
            continue
        lines.append(f"| {_md(s.title)} | {_md(str(s.entry.path))} | {s.headline} | {', '.join(_counts(s))} "
                     f"| {_md(next_text(s))} | {_md(urgent_text(s.most_urgent))} | {quiet_text(s.quiet_days)} |")
    lines += ["", "## Needs attention", ""]
    lines += [f"- {label(i.row.state.status)} {left(i.row.state)}: **{_md(i.row.milestone.title)}** "
              f"({_md(i.title)})" for i in book.attention] or ["Nothing."]
    lines += ["", f"## Due in the next {book.weeks} weeks", ""]
    lines += [f"- {due(i.row.state)}: **{_md(i.row.milestone.title)}** ({_md(i.title)})"
              for i in book.agenda] or ["Nothing."]
    return "\n".join(lines) + "\n"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def portfolio_dict(book: Portfolio) -> dict[str, Any]:
    """`{"as_of", "weeks", "deals": [{"file", "report" | "error"}], "attention", "agenda"}`."""
    deals: list[dict[str, Any]] = []
    for s in book.deals:
        if s.evaluation is None:
            deals.append({"file": str(s.entry.path), "error": s.headline,
                          "problems": [str(p) for p in s.entry.problems]})
        else:
            window_from = s.entry.loaded.window_from if s.entry.loaded else None
            deals.append({"file": str(s.entry.path), "report": to_dict(s.evaluation, window_from=window_from),
                          "next_due": _item_dict(s.next_due), "most_urgent": _item_dict(s.most_urgent),
                          "quiet_days": s.quiet_days})
    return {"as_of": book.as_of.isoformat(), "weeks": book.weeks, "deals": deals,
            "attention": [{"file": str(i.entry.path), "deal": i.title, **_item_dict(i.row)}
                          for i in book.attention],
            "agenda": [{"file": str(i.entry.path), "deal": i.title, **_item_dict(i.row)}
                       for i in book.agenda]}


def _item_dict(row: Row | None) -> dict[str, Any]:
    if row is None:
        return {}
    s = row.state
    return {"milestone": row.milestone.id, "title": row.milestone.title, "status": s.status.value,
            "due": _iso(s.due_date), "days_left": s.days_left, "sentence": row.sentence}


def render_digest(digest: Digest, since: date, as_of: date, fmt: str, width: int = WIDTH,
                  whole: bool = True) -> str:
    """The weekly note in `fmt`; text is `width` columns wide, nothing cut with `whole`."""
    if fmt == "json":
        return _dump({"since": since.isoformat(), "as_of": as_of.isoformat(),
                      "deals": [_digest_dict(entry, title, found) for entry, title, found in digest]})
    if fmt == "markdown":
        return _digest_markdown(digest, since, as_of)
    return _digest_text(digest, since, as_of, max(width, NARROWEST), whole)


def _digest_markdown(digest: Digest, since: date, as_of: date) -> str:
    lines = [f"# What changed from {day(since)} to {day(as_of)}",
             *(f"\n*{note}*" for note in _own_window((e for e, _, _ in digest), "`at_risk_days`"))]
    for entry, title, found in digest:
        lines += ["", f"## {_md(title)}", ""]
        if entry.loaded is None:
            lines.append(f"- error: {_md(entry.first_problem)}")
        lines += [_change_markdown(c) for c in found]
        if entry.loaded is not None and not found:
            lines.append("- nothing changed")
    return "\n".join(lines) + "\n"


def _change_markdown(c: Change) -> str:
    when = f" {day(c.when)}" if c.when else ""
    return f"- {c.kind}{when}: **{_md(c.title)}** (`{_md(c.milestone)}`): {_md(c.text)}"


def _digest_text(digest: Digest, since: date, as_of: date, width: int, whole: bool) -> str:
    """Each deal's title and file (cut to `width`, or with `whole` wrapped), then its
    changes: sentences, wrapped at any width, as the one-deal report wraps its own."""
    lines = wrap(f"What changed from {day(since)} to {day(as_of)}", width)
    lines += [line for note in _own_window(e for e, _, _ in digest) for line in wrap(note, width)]
    for entry, title, found in digest:
        lines += ["", *fold(title, width, whole), *hang("  ", str(entry.path), width, whole)]
        if entry.loaded is None:
            lines += ["  " + more for more in wrap(printable(f"error: {entry.first_problem}"), width - 2)]
        lines += [line for c in found for line in _change_text(c, width)]
        if entry.loaded is not None and not found:
            lines.append("  nothing changed")
    return "\n".join(lines) + "\n"


_CHANGE_INDENT = " " * 11
"""Under the kind of change (`  status   `): where its words go on."""


def _change_text(c: Change, width: int) -> list[str]:
    text = wrap(printable(f"{c.title}: {c.text}"), width - len(_CHANGE_INDENT))
    if c.when:  # the day on the kind's line, the words under it
        return [f"  {c.kind:<8} {day(c.when)}", *(_CHANGE_INDENT + more for more in text)]
    return [f"  {c.kind:<8} {text[0]}", *(_CHANGE_INDENT + more for more in text[1:])]


def _digest_dict(entry: Entry, title: str, found: tuple[Change, ...]) -> dict[str, Any]:
    if entry.loaded is None:
        return {"file": str(entry.path), "error": entry.first_problem}
    return {"file": str(entry.path), "title": title, "changes": [
        {"kind": c.kind, "milestone": c.milestone, "title": c.title, "date": _iso(c.when),
         "text": c.text, "from": c.before.value if c.before else None,
         "to": c.after.value if c.after else None} for c in found]}
