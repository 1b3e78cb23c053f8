"""Files that are not what they claim: FIFOs, devices, numbers too long to read, huge values.

Each runs the real command in a process where the defect was about a process (a FIFO
blocks an `open`, a device never ends), with a timeout so a regression fails, not hangs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import deal_text, milestone, update
from tracker.cli import main
from tracker.errors import TrackerError
from tracker.load import parse

HERE = Path(__file__).parent
SHIPPED = HERE.parent / "milestones.toml"


def _run(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "NO_COLOR": "1"}, check=False)


@pytest.mark.parametrize("command", [["check"], ["report"], ["record", "--date", "2020-05-01", "--add", "1"]])
def test_a_fifo_given_as_the_file_is_refused_at_once_not_waited_on(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "milestones.toml"
    os.mkfifo(fifo)
    args = [command[0], str(fifo), *(["prisoners-first-1500", *command[1:]] if command[0] == "record" else [])]
    done = _run(*args, timeout=10)  # before the fix: blocked in open() until killed
    assert done.returncode == 2, done.stderr
    assert f"error: {fifo}: is a FIFO (named pipe), not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_without_reading_it(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    done = _run("check", device, timeout=10)  # before: read without end, or MemoryError
    assert done.returncode == 2, done.stderr
    assert f"error: {device}: is a character device, not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


def _digits(count: int) -> bytes:
    return SHIPPED.read_bytes().replace(b"target = 1500\n", b"target = " + b"9" * count + b"\n", 1)


@pytest.mark.parametrize("command", ["check", "report", "record"])
def test_a_number_of_more_than_4300_digits_is_a_file_error_not_a_traceback(tmp_path: Path, command: str) -> None:
    path = tmp_path / "m.toml"
    path.write_bytes(_digits(5000))
    extra = ["prisoners-first-1500", "--date", "2020-05-01", "--add", "1"] if command == "record" else []
    done = _run(command, str(path), *extra)
    assert done.returncode == 1, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"error: {path}:") and "found a number of 5,000 digits" in line
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_number_too_long_is_placed_at_its_key() -> None:
    raw = _digits(4301)
    with pytest.raises(TrackerError) as caught:
        parse(raw, "m.toml")
    [problem] = caught.value.problems
    line = raw[: raw.index(b"9" * 4301)].count(b"\n") + 1
    assert (problem.line, problem.column) == (line, 10)
    assert problem.key.startswith("milestones[") and problem.key.endswith(".target")


def _many(milestones: int, bad: int) -> bytes:
    """`milestones` rounds of talks, and `bad` updates each naming a round that is not there."""
    return deal_text(*(milestone(f"talks-{i}", f"Round {i}", "talks") for i in range(milestones)),
                     *(update(f"talks-{i}x", "2020-04-01", status="started") for i in range(bad)),
                     title="Big", parties={}, sources={}).encode()


def test_did_you_mean_looks_at_a_few_candidates_not_every_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """500 typos in a 10,000-milestone file took 11 s: difflib compared each with every id."""
    import difflib

    compared = []
    original = difflib.SequenceMatcher.set_seq1
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1",
                        lambda self, a: (compared.append(a), original(self, a))[1])
    with pytest.raises(TrackerError) as caught:
        parse(_many(5000, 40), "m.toml")
    problems = caught.value.problems
    assert len(problems) == 40
    assert problems[7].message == "no milestone with id 'talks-7x'; did you mean 'talks-7'?"
    assert len(compared) < 40 * 200, f"{len(compared):,} comparisons for 40 typos among 5,000 ids"



_BASE = deal_text(milestone("a", "A", "event"), title="T", parties={}, sources={})
"""A deal whose last table is a milestone: a key appended to it is one of that milestone's."""


def _check_resources(path: Path) -> tuple[str, int]:
    """`check`'s stderr and its peak memory in MiB, from the child's own rusage."""
    proc = subprocess.Popen([sys.executable, "-m", "tracker", "check", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 1, err[-500:]
    return err.decode(), usage.ru_maxrss // 1024


def test_a_10_mb_value_costs_memory_in_proportion_and_is_echoed_cut(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(_BASE + 'notes = "' + "x\\u001b" * 1_500_000 + '"\n')
    err, mib = _check_resources(path)
    [line] = err.splitlines()
    assert "expected at most 20,000 characters" in line and "(3,000,000 characters)" in line
    assert len(line) < 500, "the value is cut, not echoed whole"
    assert mib < 400, f"{mib} MiB to check a 9 MB file (it took 1.3 GB)"


def test_a_10_mb_unknown_key_is_named_cut_once(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(_BASE + '"' + "k" * 10_000_000 + '" = 1\n')
    err, mib = _check_resources(path)
    [line] = err.splitlines()
    assert "unknown key 'kkkk" in line and "(9,999,920 more characters)" in line
    assert len(line) < 1000, f"a {len(line):,}-character error line"
    assert mib < 400, f"{mib} MiB to check a 10 MB file (it took 1.2 GB)"


def test_the_app_refuses_a_5000_digit_number_at_start_with_the_error_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.toml"
    path.write_bytes(_digits(5000))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main([str(path)]) == 1  # the file is read before any screen is drawn
    assert "found a number of 5,000 digits" in capsys.readouterr().err
