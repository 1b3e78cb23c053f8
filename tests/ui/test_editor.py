"""`e`: the editor chosen as git chooses it, given the file so it cannot be read as an
option, and an editor that cannot run said in a notice, with the app still running."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.conftest import AS_OF, ROOT, drive, screen_text, until
from tests.ui.test_app import editor_script
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.state.editor import EditorError, editor_command

SIZE = (80, 24)


def _bin(tmp_path: Path, *names: str) -> str:
    """A PATH holding an executable for each name (and nothing else)."""
    folder = tmp_path / "fakebin"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text("#!/bin/sh\n")
        (folder / name).chmod(0o755)
    return str(folder)


def test_visual_is_preferred_to_editor_then_vi(tmp_path: Path) -> None:
    path, bin_ = tmp_path / "m.toml", _bin(tmp_path, "nano", "vim", "vi")
    assert editor_command({"VISUAL": "nano", "EDITOR": "vim", "PATH": bin_}, path, 7)[0] == f"{bin_}/nano"
    assert editor_command({"EDITOR": "vim", "PATH": bin_}, path, 7)[0] == f"{bin_}/vim"
    assert editor_command({"VISUAL": "  ", "EDITOR": "   ", "PATH": bin_}, path, 7)[0] == f"{bin_}/vi"


@pytest.mark.parametrize("setting,words", [('vim "', "No closing quotation"),
                                           ("no-such-editor-x", "no program 'no-such-editor-x' found")])
def test_an_editor_that_cannot_run_is_an_error_that_says_why(tmp_path: Path, setting: str, words: str) -> None:
    with pytest.raises(EditorError) as caught:
        editor_command({"EDITOR": setting, "PATH": _bin(tmp_path)}, tmp_path / "m.toml", 3)
    assert str(caught.value).startswith(f"cannot run the editor $EDITOR ({setting!r})") and words in str(caught.value)


def test_the_file_is_passed_as_an_absolute_path_so_no_editor_reads_it_as_an_option(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bin_ = _bin(tmp_path, "vim")
    command = editor_command({"EDITOR": "vim", "PATH": bin_}, Path("./-c!touch X"), 12)
    assert command == [f"{bin_}/vim", "+12", str(tmp_path / "-c!touch X")]


@pytest.mark.parametrize("editor,plus", [("vim", True), ("nvim", True), ("nano", True), ("emacs", True),
                                         ("micro", True), ("kak", True), ("hx", True), ("vim.basic", True),
                                         ("code", False), ("subl", False), ("ed", False)])
def test_plus_line_is_given_only_to_editors_known_to_take_it(tmp_path: Path, editor: str, plus: bool) -> None:
    command = editor_command({"EDITOR": f"{editor} -w", "PATH": _bin(tmp_path, editor)}, tmp_path / "m.toml", 9)
    assert ("+9" in command) is plus and command[1] == "-w" and command[-1] == str(tmp_path / "m.toml")


@drive
async def test_an_unclosed_quote_in_editor_is_a_notice_not_a_crash(
        deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", 'vim "')
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert await until(pilot, lambda: any("cannot run the editor" in n.message for n in app._notifications))
        assert app.is_running and "850/1,500" in screen_text(app)


@drive
async def test_e_on_a_broken_file_opens_at_the_first_errors_line(
        deal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, ""))
    good = deal_file.read_bytes()
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        deal_file.write_bytes(good + b'\n[[updates]]\nmilestone = "nope"\n')
        assert await until(pilot, lambda: bool(app.problems))
        await pilot.press("e")
        assert await until(pilot, lambda: (tmp_path / "editor.called").exists())
        assert int((tmp_path / "editor.called").read_text()) == good.count(b"\n") + 2


@drive
async def test_a_file_named_like_an_option_reaches_the_editor_as_a_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    odd = tmp_path / "-c!touch X"
    odd.write_bytes((ROOT / "milestones.toml").read_bytes())
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, ""))
    app = TrackerApp(load(Path("-c!touch X")), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert await until(pilot, lambda: (tmp_path / "editor.argv").exists())
    argv = (tmp_path / "editor.argv").read_text().split("\n")
    assert argv[-1] == str(odd), "the path starts with '/', so vim cannot take it for -c"


def _read(master: int, out: bytearray, done: object, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (callable(done) and done()):
        if select.select([master], [], [], 0.05)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            out.extend(chunk)


def _shown(out: bytearray) -> str:
    import pyte

    screen = pyte.Screen(80, 24)
    pyte.ByteStream(screen).feed(bytes(out))
    return " ".join(" ".join(line.split()) for line in screen.display)


def test_an_editor_that_is_not_installed_leaves_the_app_running_and_q_quits(deal_file: Path) -> None:
    """On a real terminal: before, the app stayed suspended for good and ignored q and SIGTERM."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "EDITOR": "no-such-editor-x"}
    env.pop("VISUAL", None)
    proc = subprocess.Popen([sys.executable, "-m", "tracker", str(deal_file), "--as-of", AS_OF.isoformat()],
                            cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    out = bytearray()
    try:
        _read(master, out, lambda: b"850" in out, 20.0)
        os.write(master, b"e")
        _read(master, out, lambda: "cannot run the editor" in _shown(out), 5.0)
        assert "cannot run the editor" in _shown(out), "the notice says the editor could not be run"
        os.write(master, b"q")
        _read(master, out, lambda: proc.poll() is not None, 5.0)
        assert proc.wait(timeout=1) == 0, "q still quits"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


@drive
async def test_e_runs_visual_before_editor(deal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", editor_script(tmp_path, ""))
    monkeypatch.setenv("EDITOR", "no-such-editor-x")
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert await until(pilot, lambda: (tmp_path / "editor.called").exists()), "$VISUAL was run"
