"""The pure half of following the file: when a poll reads, parses, or stays quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.load import Loaded, load
from tracker.state import watch
from tracker.state.watch import RACY_NS, Broken, Changed, Fine, Gone, Watcher, stamp

ROOT = Path(__file__).resolve().parents[2]


def later(path: Path) -> int:
    """A clock reading long after the file's last change (so it is not racy)."""
    info = os.stat(path)
    return max(info.st_mtime_ns, info.st_ctime_ns) + 10 * RACY_NS


@pytest.fixture
def quiet(deal_file: Path) -> tuple[Watcher, Loaded]:
    return Watcher(deal_file, now_ns=later(deal_file)), load(deal_file)


def test_an_unchanged_file_is_only_stat_ed(quiet: tuple[Watcher, Loaded], deal_file: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    watcher, shown = quiet
    monkeypatch.setattr(watch, "read", lambda path: pytest.fail("read an unchanged file"))
    for _ in range(3):
        assert watcher.poll(shown, now_ns=later(deal_file)) is None


def test_an_in_place_write_is_read_and_parsed(quiet: tuple[Watcher, Loaded], deal_file: Path) -> None:
    watcher, shown = quiet
    raw = shown.raw
    new = raw.replace(b"total = 850", b"total = 870")
    with open(deal_file, "r+b") as out:
        out.write(new)
    outcome = watcher.poll(shown, now_ns=later(deal_file))
    assert isinstance(outcome, Changed) and outcome.loaded.raw == new
    assert watcher.poll(outcome.loaded, now_ns=later(deal_file)) is None


def test_a_rename_over_save_with_the_same_size_and_time_is_seen_by_its_inode(
        quiet: tuple[Watcher, Loaded], deal_file: Path) -> None:
    watcher, shown = quiet
    raw = shown.raw
    before = os.stat(deal_file)
    new = raw.replace(b"total = 850", b"total = 870")
    temp = deal_file.with_suffix(".swp")
    temp.write_bytes(new)
    os.utime(temp, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(temp, deal_file)
    assert stamp(deal_file).ino != before.st_ino  # type: ignore[union-attr]
    outcome = watcher.poll(shown, now_ns=later(deal_file))
    assert isinstance(outcome, Changed) and outcome.loaded.raw == new


def test_the_same_bytes_saved_again_are_fine_and_not_parsed(
        quiet: tuple[Watcher, Loaded], deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    watcher, shown = quiet
    raw = shown.raw
    deal_file.write_bytes(raw)
    monkeypatch.setattr(watch, "reload", lambda *a: pytest.fail("parsed the bytes on screen"))
    assert watcher.poll(shown, now_ns=later(deal_file)) == Fine()


def test_a_broken_save_is_looked_at_twice_before_it_is_believed(
        quiet: tuple[Watcher, Loaded], deal_file: Path) -> None:
    watcher, shown = quiet
    raw = shown.raw
    # Cut inside a string, so the half file cannot happen to be a valid deal.
    half = raw[: raw.index(b'title = "', len(raw) // 2) + len(b'title = "x')]
    deal_file.write_bytes(half)
    first = watcher.poll(shown, now_ns=later(deal_file))
    assert isinstance(first, Broken) and not first.settled
    deal_file.write_bytes(raw + b"# saved in full\n")
    second = watcher.poll(shown, force=True, now_ns=later(deal_file))
    assert isinstance(second, Changed), "the half-written save was never reported"


def test_a_save_read_while_it_is_still_being_written_is_read_again_not_parsed(
        quiet: tuple[Watcher, Loaded], deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    watcher, shown = quiet
    full = shown.raw.replace(b"total = 850", b"total = 870")
    deal_file.write_bytes(full)
    # The read raced the editor's write: it got the first half, the file now holds it all.
    monkeypatch.setattr(watch, "read", lambda path: full[: len(full) // 2])
    monkeypatch.setattr(watch, "reload", lambda *a: pytest.fail("parsed a half-read file"))
    assert watcher.poll(shown, now_ns=later(deal_file)) is None, "said something about a half file"
    monkeypatch.undo()
    outcome = watcher.poll(shown, now_ns=later(deal_file))
    assert isinstance(outcome, Changed) and outcome.loaded.raw == full


def test_a_broken_save_looked_at_again_is_not_parsed_again(
        quiet: tuple[Watcher, Loaded], deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    watcher, shown = quiet
    deal_file.write_bytes(shown.raw + b'\n[[updates]]\nmilestone = "nope"\n')
    first = watcher.poll(shown, now_ns=later(deal_file))
    assert isinstance(first, Broken) and not first.settled
    monkeypatch.setattr(watch, "reload", lambda *a: pytest.fail("parsed the same broken bytes twice"))
    again = watcher.poll(shown, force=True, now_ns=later(deal_file))
    assert isinstance(again, Broken) and again.settled and again.error is first.error


def test_a_save_that_stays_broken_is_reported_with_its_line(
        quiet: tuple[Watcher, Loaded], deal_file: Path) -> None:
    watcher, shown = quiet
    raw = shown.raw
    deal_file.write_bytes(raw + b'\n[[updates]]\nmilestone = "nope"\n')
    assert isinstance(watcher.poll(shown, now_ns=later(deal_file)), Broken)
    again = watcher.poll(shown, force=True, now_ns=later(deal_file))
    assert isinstance(again, Broken) and again.settled
    assert any(p.line and p.line > raw.count(b"\n") for p in again.error.problems)
    assert watcher.poll(shown, now_ns=later(deal_file)) is None
    deal_file.write_bytes(raw)
    assert watcher.poll(shown, now_ns=later(deal_file)) == Fine()


def test_a_removed_file_is_reported_once_and_followed_when_it_returns(
        quiet: tuple[Watcher, Loaded], deal_file: Path) -> None:
    watcher, shown = quiet
    raw = shown.raw
    deal_file.unlink()
    gone = watcher.poll(shown)
    assert isinstance(gone, Gone) and "no such file" in str(gone.error)
    assert watcher.poll(shown) is None
    deal_file.write_bytes(raw + b"# back\n")
    back = watcher.poll(shown)
    assert isinstance(back, Changed) and back.loaded.raw.endswith(b"# back\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_reported_and_followed_when_readable_again(
        quiet: tuple[Watcher, Loaded], deal_file: Path) -> None:
    watcher, shown = quiet
    deal_file.chmod(0)
    gone = watcher.poll(shown, now_ns=later(deal_file))
    assert isinstance(gone, Gone) and "permission denied" in str(gone.error)
    deal_file.chmod(0o644)
    assert watcher.poll(shown, now_ns=later(deal_file)) == Fine()


def test_a_just_changed_file_is_compared_again_until_its_time_has_settled(
        deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two saves within the filesystem's timestamp tick can leave the stamp unchanged."""
    info = os.stat(deal_file)
    fresh = max(info.st_mtime_ns, info.st_ctime_ns) + 1
    watcher, shown = Watcher(deal_file, now_ns=fresh), load(deal_file)
    raw = shown.raw
    reads: list[Path] = []
    monkeypatch.setattr(watch, "read", lambda path: reads.append(path) or raw)
    assert watcher.poll(shown, now_ns=fresh) == Fine() and len(reads) == 1
    assert watcher.poll(shown, now_ns=fresh + RACY_NS) == Fine() and len(reads) == 2
    assert watcher.poll(shown, now_ns=fresh + RACY_NS) is None and len(reads) == 2


def test_the_watch_module_does_not_import_textual() -> None:
    probe = "import sys, tracker.state.watch; print(any(m.startswith('textual') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env={"PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "False", result.stderr
