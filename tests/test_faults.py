"""Faults around the tool: no terminal, a dumb terminal, a closed pipe, a huge file, a file gone.

Each runs the real command in a subprocess, as a user or a script would, and checks the
exit code, the words a person reads, and that no traceback or escape code leaks out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.terminal import on_a_terminal
from tracker.errors import FileError
from tracker.load import load
from tracker.write import append_update, make_update

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "milestones.toml"
TRACKER = [sys.executable, "-m", "tracker"]
HANG_GUARD = 300  # seconds; a guard against a hang, not a speed target (speed lives in bench/)


def _env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(TRACKER + args, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          timeout=HANG_GUARD, **kwargs)  # type: ignore[call-overload]


def _on_a_terminal(args: list[str], env: dict[str, str], stdin_tty: bool = True) -> tuple[int, str]:
    """Run with stdout and stderr on a pseudo-terminal; what the terminal was sent, decoded."""
    code, sent = on_a_terminal(args, env, stdin_tty=stdin_tty, timeout=HANG_GUARD)
    return code, sent.decode("utf-8", "replace")


def test_report_into_a_pipe_has_no_escape_codes_even_on_a_colour_terminal_type() -> None:
    done = _run(["report", "--as-of", "2020-04-29"], env=_env())
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and done.stderr == ""
    assert "850/1,500" in done.stdout and "overdue" in done.stdout


def test_report_on_a_terminal_is_coloured_so_the_dumb_case_below_can_fail() -> None:
    code, out = _on_a_terminal(["report", "--as-of", "2020-04-29"], _env())
    assert code == 0 and "\x1b[31;1m✗ overdue\x1b[0m" in out


def test_report_on_a_dumb_terminal_has_no_colour() -> None:
    code, out = _on_a_terminal(["report", "--as-of", "2020-04-29"], _env(TERM="dumb"))
    assert code == 0
    assert "\x1b" not in out and "✗ overdue" in out and "850/1,500" in out


def test_report_into_a_pipe_closed_early_exits_quietly() -> None:
    proc = subprocess.Popen(TRACKER + ["report", "--as-of", "2020-04-29"], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # `tracker report | head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=HANG_GUARD) == 0
    assert first.startswith(b"US-Taliban") and "Traceback" not in err and "Error" not in err


@pytest.mark.parametrize("stdout_tty", [False, True], ids=["piped", "stdin_only_not_a_tty"])
def test_the_app_without_a_terminal_says_so_and_points_at_report(stdout_tty: bool) -> None:
    if stdout_tty:
        code, err = _on_a_terminal([str(SHIPPED)], _env(), stdin_tty=False)
    else:
        done = _run([str(SHIPPED)], env=_env(), stdin=subprocess.DEVNULL)
        code, err = done.returncode, done.stderr
        assert done.stdout == ""
    assert code == 2
    assert "the app needs a terminal" in err and "tracker report" in err
    assert "Traceback" not in err and "\x1b[?" not in err  # no traceback, no terminal modes set


def _many_updates(path: Path, count: int, milestones: int = 100) -> None:
    """A valid deal with `count` updates spread over `milestones` quantities, one a day."""
    lines = ['[deal]\ntitle = "A deal with many updates"\n\n[[parties]]\nid = "p"\nname = "P"\n']
    for i in range(milestones):
        lines.append(f'[[milestones]]\nid = "m{i}"\ntitle = "Quantity {i}"\nkind = "quantity"\n'
                     f'party = "p"\ntarget = {10 ** 9}\nunit = "items"\n')
    start = date(1900, 1, 1)
    for i in range(count):
        day = start + timedelta(days=i // milestones)
        lines.append(f'[[updates]]\nmilestone = "m{i % milestones}"\ndate = {day}\nadd = 3\n'
                     f'note = "delivery {i}"\n')
    path.write_text("\n".join(lines), encoding="utf-8")


def test_check_on_100000_updates_finishes_or_refuses_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    _many_updates(path, 100_000)
    done = _run(["check", str(path)], env=_env())
    assert "Traceback" not in done.stderr
    if done.returncode == 0:
        assert done.stdout.strip() == f"{path}: ok: 100 milestones, 100000 updates, 1 party, 0 sources"
    else:
        assert done.returncode in (1, 2) and "refused" in done.stderr and "MiB" in done.stderr


def test_report_on_100000_updates_finishes_with_every_milestone(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    _many_updates(path, 100_000)
    done = _run(["report", str(path), "--as-of", "2200-12-31", "--format", "markdown"], env=_env())
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stdout.count("| ✓ done |") + done.stdout.count("| ▸ on track |") == 100
    assert "3,000/1,000,000,000" in done.stdout  # 1,000 updates of 3 each per milestone


def _deal(tmp_path: Path) -> Path:
    path = tmp_path / "deal.toml"
    path.write_bytes(SHIPPED.read_bytes())
    return path


def test_a_file_deleted_between_load_and_record_is_not_recreated(tmp_path: Path) -> None:
    path = _deal(tmp_path)
    loaded = load(path)
    path.unlink()
    update = make_update("prisoners-first-1500", date(2020, 5, 1), total=900, file=str(path))
    with pytest.raises(FileError) as caught:
        append_update(loaded, update, latest=True)
    assert caught.value.exit_code == 2
    [problem] = caught.value.problems
    assert problem.file == str(path) and "no such file" in problem.message
    assert not path.exists() and list(tmp_path.iterdir()) == []  # no half-written or temp file


def test_record_on_a_deleted_file_says_so_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "gone.toml"
    done = _run(["record", str(path), "prisoners-first-1500", "--date", "2020-05-01", "--total", "900"],
                env=_env())
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"error: {path}: no such file\n"
    assert not path.exists()


def test_a_file_replaced_by_a_directory_before_record_is_refused(tmp_path: Path) -> None:
    path = _deal(tmp_path)
    loaded = load(path)
    path.unlink()
    path.mkdir()
    update = make_update("prisoners-first-1500", date(2020, 5, 1), total=900, file=str(path))
    with pytest.raises(FileError) as caught:
        append_update(loaded, update, latest=True)
    assert "is a directory" in str(caught.value)
    assert path.is_dir() and list(path.iterdir()) == []


def test_the_app_on_a_dumb_terminal_points_at_report_instead_of_sending_escape_codes() -> None:
    code, out = _on_a_terminal(["milestones.toml", "--as-of", "2020-04-29"], _env(TERM="dumb"))
    assert code == 2
    assert "TERM=dumb" in out and "tracker report" in out
    assert "\x1b" not in out and "Traceback" not in out
