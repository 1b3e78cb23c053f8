"""`tracker git-setup`: tell git to merge deal files with `tracker merge-driver`.

Two settings make it work: a `.gitattributes` line (committed, so every clone shares it)
naming the deal files, and the repository's `merge.tracker.driver` (local to each clone,
as git keeps drivers out of what a clone receives, so each clone runs this once).
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from tracker.errors import FileError

DRIVER = "tracker"


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          check=False)


def setup(folder: Path, pattern: str, python: str) -> str:
    """Write the attribute and the driver for the repository holding `folder`; say what changed."""
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except FileNotFoundError:
        raise FileError("git", "is not installed; install git first") from None
    if top.returncode != 0:
        raise FileError(str(folder), "is not in a git repository (run `git init` or clone one first)")
    root = Path(top.stdout.strip())
    done = [_attribute(root / ".gitattributes", f"{pattern} merge={DRIVER}")]
    command = f"{shlex.quote(python)} -m tracker merge-driver %O %A %B %P"
    for key, value in ((f"merge.{DRIVER}.name", "tracker deal file: keeps both sides' updates"),
                       (f"merge.{DRIVER}.driver", command)):
        before = _git(root, "config", "--local", "--get", key).stdout.strip()
        if before == value:
            done.append(f"git config {key} was already set")
        else:
            _git(root, "config", "--local", key, value)
            done.append(f"set git config {key} = {value}")
    return "\n".join([*done, "", "Commit .gitattributes so every clone merges deal files this way;",
                      "each clone runs `tracker git-setup` once (git does not copy its config).",
                      f"To undo: git config --remove-section merge.{DRIVER}, and delete the line",
                      f"'{pattern} merge={DRIVER}' from {root / '.gitattributes'}."])


def _attribute(path: Path, line: str) -> str:
    """Add `line` to the attributes file unless it is there already."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if line in (existing.strip() for existing in text.splitlines()):
        return f"{path} already has '{line}'"
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return f"added '{line}' to {path}"
