"""The first frame imports only what it draws: the screens keys open come with their key."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.ui.conftest import AS_OF, ROOT

# Run in a fresh interpreter: other tests in this process have imported these screens.
SCRIPT = textwrap.dedent("""
    import asyncio, shutil, sys
    from datetime import date
    from pathlib import Path

    from tracker.load import load
    from tracker.ui.app import TrackerApp

    SCREENS = {"r": "record", "f": "filter", "l": "timeline", "p": "parties", "question_mark": "help"}

    def loaded():
        return sorted(name for name in SCREENS.values() if f"tracker.ui.screens.{name}" in sys.modules)

    async def main(path, as_of):
        app = TrackerApp(load(path), as_of=as_of)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            print("first frame:", loaded(), "tracker.write" in sys.modules)
            for key, name in SCREENS.items():
                await pilot.press(key)
                await pilot.pause()
                print(f"after {key}:", name in loaded(), type(app.screen).__name__)
                app.pop_screen()
                await pilot.pause()

    path = Path(sys.argv[1])
    shutil.copy(Path(sys.argv[2]) / "milestones.toml", path)
    asyncio.run(main(path, date.fromisoformat(sys.argv[3])))
""")


def test_screens_opened_by_keys_are_imported_when_their_key_is_pressed(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "deal.toml"), str(ROOT), AS_OF.isoformat()],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "first frame: [] False"  # nor the writer, until `r` or `u`
    assert lines[1:] == ["after r: True RecordScreen", "after f: True FilterScreen", "after l: True TimelineScreen",
                         "after p: True PartiesScreen", "after question_mark: True HelpScreen"]
