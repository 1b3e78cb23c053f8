"""Recording updates: validated, appended byte for byte, atomic, never lost, undoable."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.errors import StaleFileError, TrackerError
from tracker.evaluate import evaluate
from tracker.load import load
from tracker.write import append_update, make_update, remove_last_update

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "milestones.toml"


def actual(path: Path, milestone: str, as_of: date) -> int | None:
    rows = evaluate(load(path).deal, as_of).rows
    return next(r.state.actual for r in rows if r.milestone.id == milestone)


def test_record_appends_and_the_new_total_counts(deal_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = deal_file.read_bytes()
    code = main(["record", str(deal_file), "prisoners-first-1500", "--date", "2020-05-05",
                 "--total", "950", "--source", "report-850", "--note", "# not a comment"])
    assert code == 0
    assert capsys.readouterr().out.strip() == (
        "recorded: prisoners-first-1500 total 950 on 2020-05-05 (source report-850)")
    after = deal_file.read_bytes()
    assert after.startswith(before)  # every comment and space the user wrote, byte for byte
    assert after[len(before):] == (b'\n[[updates]]\nmilestone = "prisoners-first-1500"\n'
                                   b'date = 2020-05-05\nsource = "report-850"\ntotal = 950\n'
                                   b'note = "# not a comment"\n')
    assert actual(deal_file, "prisoners-first-1500", date(2020, 5, 4)) == 850
    assert actual(deal_file, "prisoners-first-1500", date(2020, 5, 5)) == 950


@pytest.mark.parametrize("args, says", [
    (["nope", "--status", "done"], "no milestone with id 'nope'"),
    (["signing", "--status", "done", "--source", "bogus"], "no source with id 'bogus'"),
    (["prisoners-first-1500", "--total", "800"], "goes down: 800 on 2020-05-05, after 850"),
    (["prisoners-first-1500", "--status", "offered"], "a quantity cannot be 'offered'"),
    (["prisoners-first-1500", "--status", "finished"], "found 'finished'"),
    (["signing", "--total", "5"], "'signing' has no target"),
    (["withdraw-us-troops", "--due", "2021-13"], "due: expected a month from 01 to 12"),
    (["withdraw-us-troops", "--due", "July"], "due: expected a date as YYYY-MM-DD"),
])
def test_a_refused_write_leaves_the_file_untouched(
    deal_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    before, mtime = deal_file.read_bytes(), deal_file.stat().st_mtime_ns
    code = main(["record", str(deal_file), *args[:1], "--date", "2020-05-05", *args[1:]])
    err = capsys.readouterr().err
    assert code == 1
    assert says in err and err.startswith(f"error: {deal_file}:") and "Traceback" not in err
    assert deal_file.read_bytes() == before and deal_file.stat().st_mtime_ns == mtime
    assert [p.name for p in deal_file.parent.iterdir()] == ["milestones.toml"]


def test_an_error_in_the_new_update_says_so(deal_file: Path) -> None:
    update = make_update("prisoners-first-1500", date(2020, 5, 5), status="offered")
    with pytest.raises(TrackerError) as caught:
        append_update(load(deal_file), update)
    message = str(caught.value)
    assert "the update you are recording (status): a quantity cannot be 'offered'" in message
    assert "the file was not changed" in message


def test_an_old_line_the_new_update_breaks_is_blamed_on_it(deal_file: Path) -> None:
    # 900 dated before the 850 already in the file makes that old line go down.
    update = make_update("prisoners-first-1500", date(2020, 4, 1), total=900)
    with pytest.raises(TrackerError) as caught:
        append_update(load(deal_file), update)
    [problem] = caught.value.problems
    assert problem.line is not None and problem.line < SHIPPED.read_bytes().count(b"\n")
    assert "goes down: 850 on 2020-04-27" in problem.message
    assert "because of the update you are recording" in problem.message


def test_a_stale_write_is_refused_and_keeps_the_users_edit(deal_file: Path) -> None:
    loaded = load(deal_file)
    edited = deal_file.read_bytes() + b"# saved in vim a second ago\n"
    deal_file.write_bytes(edited)
    with pytest.raises(StaleFileError) as caught:
        append_update(loaded, make_update("signing", date(2020, 3, 1), note="late"))
    assert "changed on disk since it was read" in str(caught.value)
    assert deal_file.read_bytes() == edited


def test_the_cli_builds_on_the_file_as_it_is_when_it_writes(deal_file: Path) -> None:
    loaded = load(deal_file)
    deal_file.write_bytes(deal_file.read_bytes() + b"# an edit\n")
    written = append_update(loaded, make_update("signing", date(2020, 3, 1), note="x"), latest=True)
    assert deal_file.read_bytes() == SHIPPED.read_bytes() + b"# an edit\n" + written.appended
    assert written.loaded.raw == deal_file.read_bytes()


def test_permissions_are_kept(deal_file: Path) -> None:
    deal_file.chmod(0o640)
    assert main(["record", str(deal_file), "signing", "--date", "2020-03-01", "--status", "done"]) == 0
    assert stat.S_IMODE(deal_file.stat().st_mode) == 0o640


def test_a_symlink_stays_a_link_to_the_updated_file(deal_file: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(deal_file)
    assert main(["record", str(link), "signing", "--date", "2020-03-01", "--status", "done"]) == 0
    assert link.is_symlink() and link.resolve() == deal_file
    assert len(load(deal_file).deal.updates) == len(load(SHIPPED).deal.updates) + 1


def test_crlf_and_a_missing_final_newline_are_followed(deal_file: Path) -> None:
    text = SHIPPED.read_bytes().replace(b"\n", b"\r\n") + b"# last line, no newline"
    deal_file.write_bytes(text)
    written = append_update(load(deal_file), make_update("signing", date(2020, 3, 1), note="x"))
    assert deal_file.read_bytes().startswith(text)
    assert written.appended.startswith(b"\r\n\r\n[[updates]]\r\n")
    assert b"\n" not in written.appended.replace(b"\r\n", b"")


def test_old_temp_files_from_a_killed_writer_are_removed(deal_file: Path) -> None:
    old, young = deal_file.parent / ".milestones.toml.abc.tmp", deal_file.parent / ".milestones.toml.xyz.tmp"
    old.write_bytes(b"half")
    young.write_bytes(b"busy")
    os.utime(old, (time.time() - 120, time.time() - 120))
    append_update(load(deal_file), make_update("signing", date(2020, 3, 1), note="x"))
    assert not old.exists() and young.exists()


def test_undo_restores_the_file_byte_for_byte(deal_file: Path) -> None:
    before = deal_file.read_bytes()
    written = append_update(load(deal_file), make_update("signing", date(2020, 3, 1), note="x"))
    restored = remove_last_update(load(deal_file), written.appended)
    assert deal_file.read_bytes() == before == restored.raw
    assert len(restored.deal.updates) == len(load(SHIPPED).deal.updates)


def test_undo_refuses_when_something_came_after(deal_file: Path) -> None:
    first = append_update(load(deal_file), make_update("signing", date(2020, 3, 1), note="mine"))
    second = append_update(first.loaded, make_update("signing", date(2020, 3, 2), note="theirs"))
    with pytest.raises(TrackerError, match="no longer ends with the update recorded here"):
        remove_last_update(second.loaded, first.appended)
    with pytest.raises(StaleFileError):
        remove_last_update(first.loaded, first.appended)
    assert deal_file.read_bytes() == second.loaded.raw


_CHILD = """
import sys
from datetime import date
from tracker.load import load
from tracker.write import append_update, make_update
path = sys.argv[1]
print("ready", flush=True)
for i in range(10_000):
    append_update(load(path), make_update("signing", date(2020, 3, 1), note=f"kill {i}"))
"""


def test_a_kill_at_any_moment_leaves_the_old_or_the_new_file(deal_file: Path) -> None:
    """30 writers appending in a loop, each SIGKILLed 0-50 ms in: never a broken file."""
    original, rng = SHIPPED.read_bytes(), random.Random(5)
    shipped = len(load(SHIPPED).deal.updates)
    for _ in range(30):
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(deal_file)], cwd=ROOT,
                                 stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        notes = [u.note for u in load(deal_file).deal.updates[shipped:]]  # it parses: not truncated
        assert notes == [f"kill {i}" for i in range(len(notes))]
        assert deal_file.read_bytes().startswith(original)
        deal_file.write_bytes(original)
    leftovers = [p.name for p in deal_file.parent.iterdir() if p.name != "milestones.toml"]
    assert all(n.startswith(".milestones.toml.") and n.endswith(".tmp") for n in leftovers)


def test_racing_cli_writers_all_land(deal_file: Path) -> None:
    milestones = ["signing", "decree-1500", "negotiating-team", "taliban-commitments"]
    runs = [subprocess.Popen([sys.executable, "-m", "tracker", "record", str(deal_file), m, "--date",
                              "2020-05-05", "--status", "done", "--note", f"racer {m}"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for m in milestones]
    results = [(run.wait(timeout=20), run.stderr.read()) for run in runs if run.stderr]
    assert results == [(0, b"")] * len(milestones)
    notes = sorted(u.note for u in load(deal_file).deal.updates if u.note.startswith("racer"))
    assert notes == sorted(f"racer {m}" for m in milestones)
    assert deal_file.read_bytes().startswith(SHIPPED.read_bytes())


def test_racing_threads_lose_nothing(deal_file: Path) -> None:
    def write(i: int) -> None:
        for j in range(5):
            update = make_update("signing", date(2020, 3, 1), note=f"thread {i}.{j}")
            append_update(load(deal_file), update, latest=True)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    notes = sorted(u.note for u in load(deal_file).deal.updates if u.note.startswith("thread"))
    assert notes == sorted(f"thread {i}.{j}" for i in range(4) for j in range(5))
