"""The app on a real pseudo-terminal, read byte for byte as an SSH link carries it.

What the headless pilot cannot show: keys that arrive in one read, a terminal that stops
reading, a process that must be gone when its terminal is, and a resize as tmux does it.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.generate import generate
from bench.ptyterm import Term, python
from tests.ui.conftest import AS_OF, ROOT


def _open(deal: Path, cols: int = 80, rows: int = 24) -> Term:
    term = Term(python("-m", "tracker", str(deal), "--as-of", AS_OF.isoformat()), cols, rows, cwd=str(ROOT))
    assert term.wait_for(lambda text: "850" in text or "m0" in text, 30) is not None, term.text()
    term.settle(0.3, 10)
    return term


def _gone_within(term: Term, seconds: float, read: bool = True) -> float | None:
    """Seconds until the process ended (None if it is still alive after `seconds`)."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if term.proc.poll() is not None:
            return time.perf_counter() - start
        if read:
            term.pump(0.02)
        else:
            time.sleep(0.02)
    return None


def test_keys_in_one_read_settle_on_the_row_they_lead_to_then_the_app_is_silent(deal_file: Path) -> None:
    with _open(deal_file) as term:
        term.send("jjjj")  # one write: a paste, a held key over SSH, tmux send-keys -l
        term.settle(0.3, 5)
        sent, cpu = term.idle(3.0)
        assert sent == 0, f"{sent} bytes sent in the 3 s after the keys"
        assert cpu < 0.05
        # The fifth milestone is selected, so the detail pane is titled with its id.
        assert "decree-1500" in term.text()
        term.send("\x1b[A\x1b[A")  # two arrow keys in one read go back up just as far
        term.settle(0.3, 5)
        assert "prisoners-first-1500" in term.text()
        assert term.idle(1.0)[0] == 0



def test_the_record_form_left_open_sends_nothing(deal_file: Path) -> None:
    # Its date field has the focus; a blinking cursor repainted it every half second.
    with _open(deal_file) as term:
        term.send("r")
        assert term.wait_for(lambda text: "Record an update" in text, 10) is not None, term.text()
        term.settle(0.3, 5)
        sent, _ = term.idle(1.5)
        assert sent == 0, f"{sent} bytes sent in 1.5 s with the form open and nothing typed"

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_right_after_a_burst_of_keys_ends_the_app_within_two_seconds(
        deal_file: Path, sig: signal.Signals) -> None:
    with _open(deal_file) as term:
        term.send("jkjkjjkkjj" * 10)
        term.proc.send_signal(sig)
        assert _gone_within(term, 2.0) is not None, "still running 2 s after the signal"
        assert term.proc.returncode == 128 + sig


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_terminal_nobody_reads_does_not_keep_the_app_alive(deal_file: Path, sig: signal.Signals) -> None:
    # A closed tmux pane or a dead SSH link: the app's writes block, and nothing reads them.
    term = Term(python("-m", "tracker", str(deal_file), "--as-of", AS_OF.isoformat()), 200, 50, cwd=str(ROOT))
    with term:
        time.sleep(2.0)  # long enough to start and fill the terminal's buffer with its frame
        term.send("jjjjjjjjkkkkkkkk" * 20)
        time.sleep(0.5)
        term.proc.send_signal(sig)
        assert _gone_within(term, 2.0, read=False) is not None, "still running 2 s after the signal"


def test_quitting_while_the_terminal_does_not_read_ends_within_a_second(deal_file: Path) -> None:
    term = Term(python("-m", "tracker", str(deal_file), "--as-of", AS_OF.isoformat()), 200, 50, cwd=str(ROOT))
    with term:
        assert term.wait_for(lambda text: "850" in text, 30) is not None
        term.settle(0.3, 10)
        term.send("jjjjjjjjkkkkkkkk" * 20 + "q")
        time.sleep(0.3)  # what the keys redraw is not read: the writes back up
        assert _gone_within(term, 1.5, read=False) is not None, "still running after q"


def test_a_signal_while_a_long_screen_is_being_built_ends_the_app(tmp_path: Path) -> None:
    deal = tmp_path / "big.toml"
    deal.write_text(generate(1000, 5000), encoding="utf-8")
    with _open(deal) as term:
        term.send("l")  # the timeline of 1,000 milestones
        time.sleep(0.3)
        term.proc.send_signal(signal.SIGTERM)
        assert _gone_within(term, 2.0) is not None, "still running 2 s after SIGTERM"


def _screen(deal: Path, size: tuple[int, int], then: Callable[[Term], None] | None = None) -> str:
    with _open(deal, *size) as term:
        if then is not None:
            then(term)
            term.settle(0.5, 10)
        return term.text()


@pytest.mark.parametrize(("before", "after"), [((120, 40), (120, 24)), ((80, 24), (200, 50))],
                         ids=["120x40-to-120x24", "80x24-to-200x50"])
def test_a_resized_screen_is_what_a_fresh_start_at_that_size_draws(
        deal_file: Path, before: tuple[int, int], after: tuple[int, int]) -> None:
    resized = _screen(deal_file, before, lambda term: term.resize(*after))
    fresh = _screen(deal_file, after)
    assert resized == fresh


def test_ctrl_l_draws_over_what_another_program_wrote(deal_file: Path) -> None:
    # Lines the terminal shows are not sent again, so a stray write (a `wall` message, a
    # background job) would stay until they change: ctrl+l sends the whole screen.
    with _open(deal_file) as term:
        clean = term.text()
        term.stream.feed(b"\x1b[10;1HGARBAGE FROM ANOTHER PROGRAM")  # as if written to the tty
        term.send("\x0c")  # ctrl+l
        term.settle(0.3, 5)
        assert term.text() == clean
        assert "GARBAGE" not in term.text()
