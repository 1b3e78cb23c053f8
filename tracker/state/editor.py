"""`e`: the command that hands the terminal to the user's editor at a line (the app runs it).

The editor is `$VISUAL`, else `$EDITOR`, else `vi` (as git and most tools choose). It is
checked before the terminal is handed over: an editor that cannot run (a typo, a missing
program, an unclosed quote) is said in a notice and the app carries on, never left
suspended. The file goes as an absolute path, so a name such as `-c!cmd` is never read
as an option, and `+LINE` is passed only to editors known to take it.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path

TAKES_PLUS_LINE = frozenset({"vi", "vim", "nvim", "view", "gvim", "mvim", "ex", "nano", "pico", "rnano",
                             "emacs", "emacsclient", "micro", "kak", "hx", "helix", "ne", "joe",
                             "jed", "mg", "vis", "jove", "zile", "mcedit", "kate", "gedit"})
"""Editors that read `+N` as "open at line N"; any other gets only the file."""


class EditorError(Exception):
    """The editor named by the environment cannot be run; the message says why."""


def editor_command(env: Mapping[str, str], path: Path, line: int) -> list[str]:
    """The command that opens `path` at `line`, or EditorError saying why it cannot run."""
    name, setting = next(((n, env[n]) for n in ("VISUAL", "EDITOR") if env.get(n, "").strip()),
                         ("", "vi"))
    label = f"${name} ({setting!r})" if name else "vi"
    try:
        words = shlex.split(setting)
    except ValueError as error:  # EDITOR='vim "': the quote is never closed
        raise EditorError(f"cannot run the editor {label}: {error}") from None
    program = shutil.which(words[0], path=env.get("PATH"))
    if program is None:
        raise EditorError(f"cannot run the editor {label}: no program {words[0]!r} found")
    base = os.path.basename(words[0]).split(".")[0]  # vim.basic, nvim.appimage
    place = [f"+{line}"] if base in TAKES_PLUS_LINE else []
    # An absolute path begins with "/", so no editor reads it as an option.
    return [program, *words[1:], *place, os.path.abspath(path)]
