"""The core never imports Textual: scripts and `tracker check` stay fast and work without a UI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter, so nothing pytest or other tests imported can hide an import.
PROBE = """
import contextlib, importlib, io, json, pkgutil, sys
import tracker
names = sorted(
    m.name for m in pkgutil.walk_packages(tracker.__path__, "tracker.")
    if not m.name.startswith("tracker.ui") and m.name != "tracker.__main__"
)
for name in names:
    importlib.import_module(name)
from tracker.cli import main
codes = []
sink = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
    codes.append(main(["check", "milestones.toml"]))
    for fmt in ("text", "markdown", "json"):
        codes.append(main(["report", "milestones.toml", "--as-of", "2020-05-01", "--format", fmt]))
    codes.append(main(["check", "tests/bad/many_errors.toml"]))
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps({"modules": names, "codes": codes, "textual": loaded}))
"""


def test_the_core_and_the_check_and_report_commands_never_import_textual() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert {"tracker.cli", "tracker.load", "tracker.evaluate", "tracker.judge", "tracker.status", "tracker.model",
            "tracker.chronology",
            "tracker.state.session", "tracker.state.view", "tracker.state.watch", "tracker.state.records",
            "tracker.state.editor", "tracker.text", "tracker.words"} <= set(seen["modules"])
    # The team's pieces (merge driver, git-setup, init, blame) are core too.
    assert {"tracker.gitmerge", "tracker.gitsetup", "tracker.init", "tracker.blame"} <= set(seen["modules"])
    assert seen["codes"] == [0, 0, 0, 0, 1]
    assert seen["textual"] == []
