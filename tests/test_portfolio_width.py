"""`report DIR` and `report DIR --since` laid out as the one-deal report is: the terminal's
width or `--width N` on a terminal, a line too long cut with `…`; into a pipe 80 columns or
`--width`, and nothing cut."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.builders import deal_folder, deal_text, milestone, update
from tests.terminal import on_a_terminal
from tracker.cli import main
from tracker.text import cells

DEAL_TITLE = ("Northland and Southland agree to exchange every prisoner of war held since the armistice "
              "of the long winter")
MILESTONE_TITLE = ("Northland hands the joint commission the list of every prisoner it holds, by name, "
                   "rank and the camp where each is held")
AS_OF, SINCE = "2030-04-01", "2030-01-01"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two deals: one with a long title and an overdue milestone with a long title."""
    long = deal_text(milestone("list", MILESTONE_TITLE, "commitment", party="a", due="2030-03-01"),
                     update("list", "2030-02-01", status="started", source="s1"), title=DEAL_TITLE)
    short = deal_text(milestone("sign", "Sign", "signing", party="a", due="2031-01-01"), title="Short")
    return deal_folder(tmp_path / "deals", {"long.toml": long, "short.toml": short})


def _on_a_terminal(args: list[str], columns: int) -> list[str]:
    """The lines `tracker report ARGS` sends to a terminal `columns` wide."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | {"TERM": "xterm-256color", "NO_COLOR": "1"}
    code, sent = on_a_terminal(["report", *args], env, size=(columns, 50), timeout=30)
    assert code == 0, sent
    return sent.decode("utf-8").replace("\r\n", "\n").splitlines()


def _cut(lines: list[str], title: str) -> bool:
    """Whether some line ends in the start of `title`, cut with `…`."""
    start = title[:20]
    return any(line.endswith("…") and start in line and title.startswith(line[line.index(start):-1])
               for line in lines)


@pytest.mark.parametrize("since", [[], ["--since", SINCE]], ids=["portfolio", "digest"])
def test_width_60_on_a_terminal_fits_the_folder_and_cuts_a_long_title(folder: Path, since: list[str]) -> None:
    lines = _on_a_terminal([str(folder), "--as-of", AS_OF, "--width", "60", *since], 160)
    assert max(cells(line) for line in lines) <= 60, "\n".join(lines)
    assert _cut(lines, DEAL_TITLE), "\n".join(lines)
    if not since:  # the overdue milestone is in what needs attention, and its next due date
        assert _cut(lines, MILESTONE_TITLE), "\n".join(lines)


def test_a_terminal_without_width_fits_its_own_columns(folder: Path) -> None:
    lines = _on_a_terminal([str(folder), "--as-of", AS_OF], 70)
    assert max(cells(line) for line in lines) <= 70 and _cut(lines, MILESTONE_TITLE), "\n".join(lines)


@pytest.mark.parametrize("since", [[], ["--since", SINCE]], ids=["portfolio", "digest"])
@pytest.mark.parametrize("width", [None, 60])
def test_a_pipe_gets_80_columns_or_width_and_every_word(
        folder: Path, since: list[str], width: int | None, capsys: pytest.CaptureFixture[str]) -> None:
    asked = ["--width", str(width)] if width else []
    assert main(["report", str(folder), "--as-of", AS_OF, *asked, *since]) == 0
    out = capsys.readouterr().out
    assert max(cells(line) for line in out.splitlines()) <= (width or 80), out
    assert "…" not in out
    words = " ".join(out.split())  # a long title goes on over the next lines
    assert DEAL_TITLE in words and MILESTONE_TITLE in words
    assert f"{folder / 'long.toml'}" in "".join(out.split())  # a path has no spaces to break at
