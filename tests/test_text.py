"""The text toolkit measures and cuts hard strings as a terminal draws them."""

from __future__ import annotations

import pytest

from tracker.text import bar, cells, clip, cut, fit, pack, wrap

CELLS = [  # text, cells a terminal gives it
    ("abc", 3),
    ("", 0),
    ("日本", 4),                       # East Asian wide
    ("ＰＥＡＣＥ", 10),                 # fullwidth
    ("e\u0301", 1),                   # a letter and a combining accent
    ("Z\u0351\u0308\u0334a", 2),      # stacked combining marks
    ("\u00ad", 0),                    # soft hyphen
    ("\u200b", 0),                    # zero-width space
    ("\u2060", 0),                    # word joiner
    ("a\u00adb", 2),
    ("👍", 2),
    ("👍🏽", 2),                       # emoji with a skin-tone modifier
    ("👨\u200d👩\u200d👧", 2),          # a ZWJ family
    ("🕊️", 2),                        # dove with a variation selector 16
    ("❤️", 2),
    ("✅ done", 7),
    ("مرحبا", 5),                     # right-to-left letters take one cell each
]


@pytest.mark.parametrize(("text", "expected"), CELLS, ids=[repr(t) for t, _ in CELLS])
def test_cells_counts_what_a_terminal_draws(text: str, expected: int) -> None:
    assert cells(text) == expected


def test_a_cut_never_splits_a_grapheme_and_ends_in_an_ellipsis() -> None:
    assert cut("abcdef", 4) == "abc…" and cut("abc", 4) == "abc" and cut("abc", 0) == ""
    assert cut("日本日本", 5) == "日本…" and cut("日本日本", 4) == "日…"
    assert cut("👍🏽👍🏽👍🏽", 5) == "👍🏽👍🏽…"
    assert cut("e\u0301e\u0301e\u0301", 2) == "e\u0301…"
    family = "👨\u200d👩\u200d👧"
    assert cut(family * 3, 4) == family + "…"


def test_clip_escapes_file_text_first_and_fit_pads_to_the_width() -> None:
    assert clip("a\x1bb", 10) == "a\\x1bb" and clip("a\x1bbcdef", 5) == "a\\x1…"
    assert fit("日", 4) == "日  " and fit("ab", 4, right=True) == "  ab"
    assert cells(fit("👍🏽" * 5, 7)) == 7


def test_wrap_cuts_long_words_between_graphemes_and_keeps_lines_in_width() -> None:
    assert wrap("one two three", 7) == ["one two", "three"]
    lines = wrap("👍🏽" * 10 + " ok", 7)
    assert all(cells(line) <= 7 for line in lines) and "".join(lines).startswith("👍🏽" * 10)
    assert all(cells(line) <= 3 for line in wrap("日本日本 abcdefg", 3))


def test_pack_measures_cells_not_characters() -> None:
    assert pack(["aaa", "bbb", "ccc"], 8) == ["aaa  bbb", "ccc"]
    assert pack(["日本日", "x"], 8) == ["日本日", "x"]  # 6 + 2 + 1 cells > 8


def test_bars_in_whole_cells_or_eighths() -> None:
    assert bar(0.5, 4) == "██░░" and bar(0.5, 4, eighths=False) == "██░░"
    assert bar(1 / 16, 2) == "▏░" and bar(1 / 16, 2, eighths=False) == "░░"
    assert bar(2.0, 3) == "███" and bar(None, 3) == "░░░" and bar(0.5, 0) == ""
