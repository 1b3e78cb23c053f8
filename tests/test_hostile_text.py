"""Text from the file that attacks the terminal is shown as typed, never obeyed.

Every free-text field of a deal (titles, notes, party and source names, units, condition
texts, update notes) holds the same hostile string; the text and markdown reports must
show it literally, send no control byte, and keep every line within 80 columns.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

import pytest
from rich.cells import cell_len

from tracker.evaluate import Evaluation, evaluate
from tracker.model import DealFile
from tracker.report import render
from tracker.text import cells

AS_OF = date(2020, 1, 3)

MARKUP = {
    "rich_style": "[bold red]loud[/]",
    "rich_close": "[/] closed [/bold]",
    "rich_link": "[link=https://x]click me[/link]",
    "textual_action": "[@click=app.quit]quit[/]",
    "unbalanced_bracket": "[unbalanced [ [[ ]",
}

ESCAPES = {  # name: (raw text, how it must be shown in the text report)
    "esc": ("a\x1bb", "a\\x1bb"),
    "csi_clear": ("\x1b[2J\x1b[H cleared", "\\x1b[2J\\x1b[H cleared"),
    "osc52_clipboard": ("\x1b]52;c;aGVsbG8=\x07", "\\x1b]52;c;aGVsbG8=\\x07"),
    "osc8_link": ("\x1b]8;;https://evil\x1b\\here\x1b]8;;\x1b\\", "\\x1b]8;;https://evil\\x1b\\here"),
    "bel": ("ding\x07", "ding\\x07"),
    "backspace": ("safe\x08\x08\x08\x08evil", "safe\\x08\\x08\\x08\\x08evil"),
    "carriage_return": ("shown\rhidden", "shown\\x0dhidden"),
    "bidi_override": ("\u202etxt.exe", "\\u202etxt.exe"),
    "c1_csi": ("\x9b2J", "\\x9b2J"),
    "del_and_nel": ("a\x7fb\x85c", "a\\x7fb\\x85c"),
    "line_separator": ("one\u2028two", "one\\u2028two"),
    "newline_and_tab": ("one\ntwo\tthree", "one\\x0atwo\\x09three"),
}

UNICODE = {
    "long_word": "x" * 290,
    "long_words": " ".join(["Antidisestablishmentarianism" * 3] * 3),
    "rtl_arabic": "اتفاق السلام بين الولايات المتحدة وطالبان",
    "rtl_hebrew": "הסכם שלום " * 8,
    "combining": "Z\u0351\u0308\u0334a\u0353\u0335l\u0335\u0326g\u0300\u0301o" * 6,
    "emoji": "🕊️ peace 👍🏽 deal 🤝 done ✅ " * 4,
    "east_asian_wide": "米国とタリバンの和平合意" * 6,
    "fullwidth": "ＰＥＡＣＥ　ＤＥＡＬ" * 8,
    "mixed": "合意 [b]x[/b] \x1b[31m 🕊️ مرحبا e\u0301 " * 5,
}

ALL = {**MARKUP, **{k: raw for k, (raw, _) in ESCAPES.items()}, **UNICODE}


def _deal(text: str) -> DealFile:
    """A deal with `text` in every free-text field, cut to each field's limit."""
    short, name, unit = text[:300], text[:200], text[:60]
    return DealFile.model_validate({
        "deal": {"title": short, "summary": text},
        "parties": [{"id": "a", "name": name, "role": text}, {"id": "b", "name": name}],
        "sources": [
            {"id": "s1", "title": short, "outlet": text, "published": date(2019, 12, 1),
             "basis": text, "location": text},
            {"id": "s2", "title": short, "published": date(2019, 12, 2)},
        ],
        "milestones": [
            {"id": "m", "title": short, "kind": "quantity", "party": "a", "to": ["b"],
             "target": 10, "unit": unit, "notes": text, "sources": ["s1"], "due": "2020-02"},
            {"id": "o", "title": short, "kind": "offer", "party": "a", "to": ["b"]},
            {"id": "w", "title": short, "kind": "event", "party": "b",
             "conditions": [{"milestone": "m", "text": text}]},
            {"id": "c", "title": short, "kind": "context", "sources": ["s1", "s2"]},
        ],
        "updates": [
            {"milestone": "m", "date": date(2020, 1, 2), "total": 3, "source": "s1", "note": text},
            {"milestone": "m", "date": date(2020, 1, 2), "total": 4, "source": "s2", "note": text},
            {"milestone": "o", "date": date(2020, 1, 2), "status": "rejected", "by": "b", "note": text},
        ],
    })


def _evaluation(text: str) -> Evaluation:
    return evaluate(_deal(text), AS_OF)


def _unsafe(out: str) -> list[str]:
    """Characters a terminal could obey: controls (C0, DEL, C1), format and bidi characters."""
    return [c for c in out if c != "\n" and (
        not c.isprintable() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp"))]


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("color", [False, True])
def test_no_control_character_from_the_file_reaches_the_terminal(name: str, fmt: str, color: bool) -> None:
    out = render(_evaluation(ALL[name]), fmt, color=color)
    if color and fmt == "text":  # the report's own SGR codes are the only escapes allowed
        out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert _unsafe(out) == []


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escape_sequences_are_shown_visibly_escaped_in_text(name: str) -> None:
    raw, shown = ESCAPES[name]
    out = render(_evaluation(raw), "text", color=False)
    assert shown in out
    # The deal title, the milestone titles, the party names and the condition text each show it.
    assert out.count(shown) >= 5


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escape_sequences_are_shown_visibly_escaped_in_markdown(name: str) -> None:
    raw, shown = ESCAPES[name]
    out = render(_evaluation(raw), "markdown", color=False)
    # markdown escapes the backslash and brackets again, so a rendered note reads `\x1b[2J`
    written = shown.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    assert written in out


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_markup_appears_as_typed(name: str) -> None:
    text = MARKUP[name]
    plain = render(_evaluation(text), "text", color=True)
    assert plain.count(text) >= 5
    md = render(_evaluation(text), "markdown", color=False)
    assert text.replace("[", "\\[").replace("]", "\\]") in md


def test_markdown_shows_entities_and_strikethrough_as_typed() -> None:
    md = render(_evaluation("&#x1b;[2J &lt;b&gt; ~~gone~~"), "markdown", color=False)
    assert "\\&#x1b;\\[2J \\&lt;b\\&gt; \\~\\~gone\\~\\~" in md


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("color", [False, True])
def test_every_line_of_the_text_report_fits_80_columns(name: str, color: bool) -> None:
    out = render(_evaluation(ALL[name]), "text", color=color)
    for line in re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines():
        # rich's cell count is an independent measure of what a terminal draws
        assert cell_len(line) <= 80 and cells(line) <= 80, line


@pytest.mark.parametrize("name", sorted(UNICODE))
def test_columns_stay_aligned_under_wide_and_right_to_left_text(name: str) -> None:
    lines = render(_evaluation(UNICODE[name]), "text", color=False).splitlines()
    header = next(line for line in lines if line.lstrip().startswith("KIND"))
    rows = [line for line in lines if re.match(r" {12}(quantity|offer|event) ", line)]
    assert len(rows) == 3
    due_end = header.index("DUE") + len("DUE")
    assert rows[0][:due_end].endswith("Feb 2020") and rows[0][due_end:].startswith("  ")
    bar = next(line for line in rows if "█" in line or "░" in line)
    assert bar.index("█") == header.index("PROGRESS")
    titles = [line for line in lines if re.match(r". (on track|rejected|waiting) ", line)]
    assert len(titles) == 3 and all(cell_len(line[:12]) == 12 for line in titles)


def test_a_very_long_word_is_cut_with_an_ellipsis_and_wrapped_not_overflowing() -> None:
    lines = render(_evaluation("x" * 290), "text", color=False).splitlines()
    # the deal title is shown whole, in pieces that fit a line
    assert "".join(lines[:4]) == "x" * 290 and all(cell_len(line) < 80 for line in lines[:4])
    title = next(line for line in lines if line.startswith("▸ on track"))
    assert title.endswith("x…") and cell_len(title) == 80


def test_wide_characters_are_never_cut_in_half() -> None:
    lines = render(_evaluation("合" * 150), "text", color=False).splitlines()
    title = next(line for line in lines if line.startswith("▸ on track"))
    # 12 columns of status, 33 wide characters (66 columns) and the ellipsis: 79, not 80
    assert title == "▸ on track  " + "合" * 33 + "…"


@pytest.mark.parametrize("name", sorted(ALL))
def test_json_keeps_the_text_exactly_with_every_control_escaped(name: str) -> None:
    text = ALL[name]
    out = render(_evaluation(text), "json", color=True)
    assert _unsafe(out) == []
    data = json.loads(out)
    assert data["title"] == text[:300]
    assert data["parties"][0]["name"] == text[:200]
    assert data["milestones"][0]["unit"] == text[:60]
    assert data["context"][0]["notes"] == ""


def test_json_escapes_characters_past_the_basic_plane_as_surrogate_pairs() -> None:
    out = render(_evaluation("tag\U000e0041 deal"), "json", color=False)
    assert "tag\\udb40\\udc41 deal" in out and json.loads(out)["title"] == "tag\U000e0041 deal"
