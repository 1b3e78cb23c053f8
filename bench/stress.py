"""The write-safety runs of issue 11, repeated: `python bench/stress.py` (about 8 minutes).

- kills: a writer appending in a loop is SIGKILLed at a random moment, 700 times;
- twenty: 20 `tracker record` started at once on a 10,000-milestone file;
- editor: an editor saving every 10 ms (by rename like vim, and in place in two halves
  like a shell redirect) against two `record` loops, for 60 s.
Counted: torn files (the file does not load, or the old file is not a prefix of it), lost
records (reported written, not in the file; in the editor run, also how many the editor
itself saved over, which it can see), lost editor saves (a save not in the file at the
end) and refusals. `--quick` runs each for a few seconds. The slow tests
(`pytest -m slow`) run the full counts and require every one of those figures to be 0.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "milestones.toml"
PYTHON = [sys.executable, "-c"]

# A writer that says each note once its record is on disk, so a kill cannot hide a loss.
_WRITER = """
import sys
from datetime import date
from tracker.load import load
from tracker.write import append_update, make_update
from tracker.errors import TrackerError
path, tag, latest = sys.argv[1], sys.argv[2], sys.argv[3] == "latest"
print("ready", flush=True)
for i in range(1_000_000):
    note = f"{tag} {i}"
    try:
        append_update(load(path), make_update("signing", date(2020, 3, 1), note=note), latest=latest)
    except TrackerError as error:
        print("refused", str(error).replace("\\n", " "), flush=True)
        continue
    print("wrote", note, flush=True)
"""

# An editor that adds a line and saves every 10 ms, by rename or in place, and that (as
# vim does) looks at the file again before saving and starts over if it changed: then any
# record lost is the tracker's doing. Each save is said once it is done.
_EDITOR = """
import ctypes, os, sys, time
libc = ctypes.CDLL(None)
path, seconds = sys.argv[1], float(sys.argv[2])
end, n = time.monotonic() + seconds, 0
seen = lambda info: (info.st_ino, info.st_size, info.st_mtime_ns)
while time.monotonic() < end:
    before = seen(os.stat(path))
    text = open(path, "rb").read() + b"# editor save %d\\n" % n
    if n % 2:  # vim: write a new file, look again (as vim does), rename it over
        with open(path + ".swp", "wb") as out:
            out.write(text)
        if seen(os.stat(path)) != before:
            continue
        # Swapped in (not renamed) only to see what the save replaced: a file that is not
        # the one looked at is a record this editor itself saved over.
        libc.renameat2(-100, (path + ".swp").encode(), -100, path.encode(), 2)
        if seen(os.stat(path + ".swp")) != before:
            print("clobbered", flush=True)
        os.unlink(path + ".swp")
    else:  # in place, in two writes with a pause, once the file is open and unchanged
        with open(path, "r+b") as out:
            if seen(os.fstat(out.fileno())) != before or seen(os.stat(path)) != before:
                continue
            half = len(text) // 2
            out.write(text[:half]); out.flush(); time.sleep(0.002)
            out.write(text[half:]); out.truncate()
    print(n, flush=True)
    n += 1
    time.sleep(0.01)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _loads(path: Path, original: bytes) -> bool:
    from tracker.errors import TrackerError
    from tracker.load import load

    try:
        load(path)
    except TrackerError:
        return False
    return path.read_bytes().startswith(original)


def kills(count: int, seed: int = 5) -> dict[str, int]:
    """`count` writers, each killed 0-50 ms after it starts writing."""
    folder, rng = Path(tempfile.mkdtemp(prefix="stress-kill-")), random.Random(seed)
    path, original = folder / "m.toml", SHIPPED.read_bytes()
    torn = lost = landed = 0
    try:
        for _ in range(count):
            path.write_bytes(original)
            child = subprocess.Popen([*PYTHON, _WRITER, str(path), "kill", "app"], cwd=REPO,
                                     env=_env(), stdout=subprocess.PIPE, text=True)
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
            time.sleep(rng.uniform(0, 0.05))
            child.send_signal(signal.SIGKILL)
            said = child.communicate(timeout=30)[0].split("\n")
            wrote = {line[6:] for line in said if line.startswith("wrote ")}
            landed += len(wrote)
            if not _loads(path, original):
                torn += 1
                continue
            lost += len(wrote - _notes(path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"kills": count, "records written": landed, "torn files": torn, "lost records": lost}


def _notes(path: Path) -> set[str]:
    from tracker.load import load

    return {u.note for u in load(path).deal.updates}


def twenty(milestones: int = 10_000, writers: int = 20) -> dict[str, int]:
    """`writers` `tracker record` processes started together on a generated deal."""
    folder = Path(tempfile.mkdtemp(prefix="stress-twenty-"))
    path = folder / "big.toml"
    try:
        with path.open("wb") as out:
            subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--milestones",
                            str(milestones), "--updates", str(milestones * 10)], stdout=out,
                           check=True)
        original = path.read_bytes()
        runs = [subprocess.Popen([sys.executable, "-m", "tracker", "record", str(path), "m0",
                                  "--date", "2030-01-01", "--status", "done", "--note", f"w{i}"],
                                 cwd=REPO, env=_env(), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for i in range(writers)]
        codes = [run.wait(timeout=600) for run in runs]
        ok = {f"w{i}" for i, code in enumerate(codes) if code == 0}
        torn = 0 if _loads(path, original) else 1
        lost = len(ok - _notes(path)) if not torn else len(ok)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"writers": writers, "milestones": milestones, "refused": writers - len(ok),
            "torn files": torn, "lost records": lost}


def editor(seconds: float = 60.0) -> dict[str, int]:
    """An editor saving every 10 ms against two `record` loops."""
    folder = Path(tempfile.mkdtemp(prefix="stress-editor-"))
    path = folder / "m.toml"
    shutil.copyfile(SHIPPED, path)
    original = path.read_bytes()
    try:
        loops = [subprocess.Popen([*PYTHON, _WRITER, str(path), f"loop{i}", "latest"], cwd=REPO,
                                  env=_env(), stdout=subprocess.PIPE, text=True) for i in (1, 2)]
        for loop in loops:
            assert loop.stdout is not None and loop.stdout.readline() == "ready\n"
        said_by_editor = subprocess.run([*PYTHON, _EDITOR, str(path), str(seconds)],
                                        capture_output=True, text=True, timeout=seconds + 120,
                                        check=True).stdout.split()
        edits = [n for n in said_by_editor if n != "clobbered"]
        said: list[str] = []
        for loop in loops:
            loop.send_signal(signal.SIGTERM)
            said += loop.communicate(timeout=120)[0].split("\n")
        wrote = {line[6:] for line in said if line.startswith("wrote ")}
        torn = 0 if _loads(path, original) else 1
        text = path.read_text(encoding="utf-8")
        lost_saves = sum(f"# editor save {n}\n" not in text for n in edits)
        lost = len(wrote - _notes(path)) if not torn else len(wrote)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"seconds": int(seconds), "editor saves": len(edits), "records written": len(wrote),
            "refused": sum(line.startswith("refused") for line in said), "torn files": torn,
            "lost records": lost, "of them saved over by the editor": len(said_by_editor) - len(edits),
            "lost editor saves": lost_saves}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds of each")
    quick = parser.parse_args().quick
    for name, run in (("kills", lambda: kills(20 if quick else 700)),
                      ("twenty", lambda: twenty(1_000 if quick else 10_000)),
                      ("editor", lambda: editor(3 if quick else 60))):
        started = time.monotonic()
        figures = run()
        shown = ", ".join(f"{value:,} {key}" for key, value in figures.items())
        print(f"{name}: {shown} ({time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
