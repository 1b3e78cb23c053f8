"""Another program writing the file while a record is made: its save is never lost.

The other writers are real processes (a shell redirect that pauses half-way, a program
that opened the file for writing before the record's rename and writes after it), or an
editor's rename-save made at the last instant before the record's own rename.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import tracker.write
from tracker.cli import main
from tracker.errors import StaleFileError
from tracker.load import load
from tracker.write import append_update, make_update

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "milestones.toml"
THEIRS = (b'\n[[updates]]\nmilestone = "prisoners-first-1500"\ndate = 2020-05-01\ntotal = 900\n'
          b'note = "saved by the other program"\n')


def _until(condition: Any, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_record_during_a_shell_redirect_lands_after_the_whole_save(deal_file: Path) -> None:
    """`{ cat part1; sleep 1; cat part2; } > m.toml` while recording: both land."""
    save = SHIPPED.read_bytes() + THEIRS
    cut = save.index(b"\n[[updates]]", len(save) // 2) + 1  # part1 alone is valid TOML
    (deal_file.parent / "part1").write_bytes(save[:cut])
    (deal_file.parent / "part2").write_bytes(save[cut:])
    shell = subprocess.Popen(["sh", "-c", f"{{ cat part1; sleep 1; cat part2; }} > {deal_file.name}"],
                             cwd=deal_file.parent)
    _until(lambda: deal_file.stat().st_size == cut)
    # `tracker record` in this process, so that it reads the file while the shell pauses.
    code = main(["record", str(deal_file), "signing", "--date", "2020-03-01", "--status", "done",
                 "--note", "mine"])
    assert shell.wait(timeout=60) == 0
    assert code == 0
    after = deal_file.read_bytes()
    assert after.startswith(save), "the shell's second half was lost"
    assert [u.note for u in load(deal_file).deal.updates[-2:]] == ["saved by the other program", "mine"]


def _hold_open_then_write(deal_file: Path) -> subprocess.Popen[bytes]:
    """A program that opens the file for appending, pauses, then writes and closes."""
    return subprocess.Popen(["sh", "-c", f"exec 3>>{deal_file.name}; sleep 0.5; printf '%s' \"$0\" >&3",
                             THEIRS.decode()], cwd=deal_file.parent)


@pytest.mark.parametrize("latest", [True, False], ids=["record", "app"])
def test_a_program_that_opens_the_file_during_a_record_keeps_its_save(
        deal_file: Path, monkeypatch: pytest.MonkeyPatch, latest: bool) -> None:
    """It opened the file before the rename and writes after it: not into a deleted file."""
    writers: list[subprocess.Popen[bytes]] = []
    validate = tracker.write._validate

    def meanwhile(*args: Any) -> Any:
        if not writers:  # the first attempt only: the program opens the file now
            writers.append(_hold_open_then_write(deal_file))
            time.sleep(0.2)
        return validate(*args)

    monkeypatch.setattr(tracker.write, "_validate", meanwhile)
    update = make_update("signing", date(2020, 3, 1), note="mine")
    if latest:
        append_update(load(deal_file), update, latest=True)
    else:
        with pytest.raises(StaleFileError):
            append_update(load(deal_file), update)
    assert writers[0].wait(timeout=30) == 0
    after = deal_file.read_bytes()
    assert after.startswith(SHIPPED.read_bytes() + THEIRS), "the program's save was lost"
    notes = [u.note for u in load(deal_file).deal.updates[-2:]]
    assert notes == (["saved by the other program", "mine"] if latest else
                     [load(SHIPPED).deal.updates[-1].note, "saved by the other program"])


@pytest.mark.parametrize("latest", [True, False], ids=["record", "app"])
def test_an_editor_save_at_the_instant_before_the_rename_is_not_overwritten(
        deal_file: Path, monkeypatch: pytest.MonkeyPatch, latest: bool) -> None:
    editor = SHIPPED.read_bytes() + b"# saved in the editor\n"
    saves: list[bytes] = []

    def save_first(rename: Any) -> Any:
        def racing(*args: Any) -> Any:
            if not saves:  # vim's write-and-rename, landing just before ours
                saves.append(editor)
                (deal_file.parent / ".editor.swp").write_bytes(editor)
                os.rename(deal_file.parent / ".editor.swp", deal_file)
            return rename(*args)
        return racing

    monkeypatch.setattr(os, "replace", save_first(os.replace))
    swap = sys.modules.get("tracker.swap")  # the rename of this fix; main has only os.replace
    if swap is not None:
        monkeypatch.setattr(swap, "_exchange", save_first(swap._exchange))
    update = make_update("signing", date(2020, 3, 1), note="mine")
    if latest:
        written = append_update(load(deal_file), update, latest=True)
        assert deal_file.read_bytes() == editor + written.appended
    else:
        with pytest.raises(StaleFileError):
            append_update(load(deal_file), update)
        assert deal_file.read_bytes() == editor
    assert saves and sorted(p.name for p in deal_file.parent.iterdir()) == ["milestones.toml"]
