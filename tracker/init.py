"""`tracker init [FILE]`: start a new deal file with every section and an example of each.

The file loads as written (only `[deal]` is live); each other section holds a commented
example that loads too once its `#` marks are taken off, so a new user copies, not guesses.
"""

from __future__ import annotations

import os
from pathlib import Path

from tracker.errors import FileError

TEMPLATE = '''\
# A deal file for tracker: see the README's "The file format" and tracker/model.py.
#
#   [deal]          what the deal is: a title and a paragraph.
#   [[parties]]     who owes or is owed something.
#   [[sources]]     the reports every fact comes from.
#   [[milestones]]  what was promised, with any target, due date, plan and conditions.
#   [[updates]]     what happened, one dated fact per update, kept at the END of the file;
#                   `tracker record` appends them there.
#
# Each section below has an example: take off the leading "# " of its lines to use it.

[deal]
title = "New deal"                     # required: the deal's name
summary = ""                           # what it is, in a paragraph
stale_after_days = 30                  # flag active milestones with no update for this long

# ---------------------------------------------------------------------------------------
# Parties
# ---------------------------------------------------------------------------------------

# [[parties]]
# id = "acme"                          # ids: letters, digits, - _ .
# name = "Acme Corp"
# signatory = true                     # false: bound by the deal without signing it
# role = "Buyer"

# ---------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------

# [[sources]]
# id = "press-release"
# title = "Acme to acquire Widgetco"
# outlet = "Acme"
# published = 2026-01-02
# certainty = "stated"                 # stated | inferred | approximate
# basis = ""                           # how an inferred date was worked out

# ---------------------------------------------------------------------------------------
# Milestones
# ---------------------------------------------------------------------------------------

# [[milestones]]
# id = "shares-tendered"
# title = "Shares tendered"
# kind = "quantity"        # signing | decree | quantity | deadline | offer | talks |
#                          # commitment | event | context
# party = "acme"           # who owes it
# sources = ["press-release"]
# target = 1000000
# unit = "shares"
# qualifier = "at_least"   # exact | up_to | at_least | about
# due = "2026-09"          # a day (2026-09-30), a month ("2026-09") or a year ("2026")
# plan = { start = 2026-03-01, batch = 100000, every_days = 7 }
# notes = ""

# ---------------------------------------------------------------------------------------
# Updates: what happened, in date order, at the end of the file
# ---------------------------------------------------------------------------------------

# [[updates]]
# milestone = "shares-tendered"
# date = 2026-03-08
# source = "press-release"
# total = 120000           # or add = 20000; or status = "started"; or due = "2026-10"
# note = "First week's count."
# certainty = "stated"     # or "inferred", with basis = "how"
'''


def init(path: Path) -> str:
    """Write the template to `path`, which must not exist yet; say what to do next."""
    try:
        # O_EXCL: an existing file, even one made a moment ago, is never overwritten.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise FileError(str(path), "already exists; init never overwrites a file "
                        "(give another name: tracker init NEW.toml)") from None
    except OSError as error:
        raise FileError(str(path), f"cannot be created: {error.strerror or error}") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
        file.write(TEMPLATE)
    return (f"wrote {path}: a [deal] and an example of every section, commented out.\n"
            f"Edit it, then `tracker check {path}`.")
