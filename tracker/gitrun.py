"""The environment the tracker starts git in: glibc's allocator told to keep freed memory.

`git blame` reads every version of the file into memory and frees it again; glibc hands
the memory back to the kernel after each and faults it in anew, which was 40 % of the CPU
of a blame over 1,000 commits (250 -> 150 ms). A larger pad and trim threshold keep it for
the life of the process. Only glibc reads the variable; other C libraries ignore it.
"""

from __future__ import annotations

import os

TUNABLES = "glibc.malloc.top_pad=67108864:glibc.malloc.trim_threshold=268435456"
"""64 MiB kept above the heap's top, and nothing given back below 256 MiB free."""


def env() -> dict[str, str]:
    """This process's environment for a git process, with the tunables put before any the
    user set (glibc reads them in order, so the user's own settings win)."""
    theirs = os.environ.get("GLIBC_TUNABLES")
    return {**os.environ, "GLIBC_TUNABLES": f"{TUNABLES}:{theirs}" if theirs else TUNABLES}
