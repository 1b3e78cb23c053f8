"""Replace a deal file so that nobody's save is lost: the lock, the lease, the exchange.

Three kinds of writer meet at a deal file: other trackers, programs that write it in
place (a shell redirect, an editor that truncates and rewrites) and editors that save by
renaming a new file over it. Against each:
- other trackers: an exclusive `flock` on the file's folder (no lock file is left in the
  repository, and an editor's rename cannot hand a second tracker a lock of its own);
- in-place writers: a read lease (Linux, a file you own or root, a local file system).
  The kernel grants it only while nobody has the file open for writing, so a file still
  being written is waited for, not trusted; and a program that opens it for writing
  while we hold it is held in `open` until we let go, and we see that it asked;
- rename-over saves: the new file is swapped in with one atomic RENAME_EXCHANGE, which
  hands back what was at the path at that instant; if that is not the file we read (or
  the lease says someone wants to write it), it is swapped back and nothing is lost.
A file the tracker may not give the same owner, group and extended attributes by rename
(it is not yours) is appended to in place instead, so it keeps them all.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import FileError, Problem, TrackerError

WAIT_SECONDS = 10.0
"""How long to wait while another writer makes no progress (a tracker that holds the lock
without finishing, a program that keeps the file open for writing)."""

TEMP_MAX_AGE_SECONDS = 60.0
"""A temp file older than this was left by a killed writer and is removed."""

# Linux's numbers (<fcntl.h>); Python's fcntl module lacks the lease ones.
F_SETLEASE, F_GETLEASE, F_SETSIG = 1024, 1025, 10

_BUSY_TRACKER = "another tracker has been writing this file"
_BUSY_PROGRAM = "another program has had this file open for writing"


class Changed(Exception):
    """Another program wrote the file while ours was being written; ours was not kept."""


@dataclass(frozen=True)
class Held:
    """The file as we hold it: an fd on its inode with the lease if granted, and the fd
    that holds the trackers' lock."""

    fd: int
    info: os.stat_result
    leased: bool
    lock: int

    def disturbed(self) -> bool:
        """Someone has asked to open the file for writing since we took the lease."""
        return self.leased and fcntl.fcntl(self.fd, F_GETLEASE) != fcntl.F_RDLCK


@contextmanager
def held(target: Path, name: str, *, patient: bool) -> Iterator[Held]:
    """Hold `target` for a write. `patient=False` (the app) raises Changed at once if a
    program has the file open for writing; `patient=True` waits for it to finish."""
    lock = _lock(target, name)
    try:
        fd, info, leased = _lease_when_quiet(target, name, patient)
    except BaseException:
        os.close(lock)
        raise
    try:
        _remove_old_temps(target)
        yield Held(fd, info, leased, lock)
    finally:
        os.close(fd)  # drops the lease: an opener held up goes on
        os.close(lock)


def _lock(target: Path, name: str) -> int:
    """An fd holding the trackers' flock: on the folder, not the file, because an editor's
    rename gives the path a new inode that a second tracker could lock at the same time."""
    try:
        fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:  # a folder we may not list: lock the file itself
        fd = _open(target, name)
    deadline, seen = time.monotonic() + WAIT_SECONDS, identity(target)
    while not _try_flock(fd):
        now = identity(target)
        if now != seen:  # a writer finished: wait afresh for the next
            deadline, seen = time.monotonic() + WAIT_SECONDS, now
        if time.monotonic() > deadline:
            os.close(fd)
            raise TrackerError([Problem(name, None, None, "", f"{_BUSY_TRACKER} for too long; "
                                        "nothing was written, try again")])
        time.sleep(0.005)
    return fd


def _lease_when_quiet(target: Path, name: str, patient: bool) -> tuple[int, os.stat_result, bool]:
    """An fd on the file the path names, leased if the system allows, once nobody has it
    open for writing."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        fd = _open(target, name)
        info = os.fstat(fd)
        leased = _lease(fd)
        if leased is not None and identity(target) == (info.st_dev, info.st_ino):
            return fd, info, leased
        os.close(fd)
        if leased is None and not patient:
            raise Changed
        if time.monotonic() > deadline:
            raise TrackerError([Problem(name, None, None, "", f"{_BUSY_PROGRAM} for too long; "
                                        "nothing was written, try again")])
        time.sleep(0.01)


def _open(target: Path, name: str) -> int:
    try:
        # O_NONBLOCK: a FIFO put in the file's place must not hang us here.
        fd = os.open(target, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        raise FileError(name, "no such file") from None
    except IsADirectoryError:
        raise FileError(name, "is a directory, not a deal file") from None
    except OSError as error:
        raise FileError(name, f"cannot be read: {error.strerror or error}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise FileError(name, f"is {what}, not a deal file; nothing was written")
    return fd


def identity(target: Path) -> tuple[int, int] | None:
    """The (device, inode) the path names now; None if it names nothing."""
    with suppress(OSError):
        now = os.stat(target)
        return now.st_dev, now.st_ino
    return None


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _lease(fd: int) -> bool | None:
    """True: leased; False: no lease to be had here; None: open for writing right now."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # The break notice would be SIGIO, whose default kills; SIGURG's is to ignore it,
        # and we ask F_GETLEASE instead of catching a signal.
        fcntl.fcntl(fd, F_SETSIG, signal.SIGURG)
        fcntl.fcntl(fd, F_SETLEASE, fcntl.F_RDLCK)
    except OSError as error:
        # EACCES: not the owner; EINVAL, ENOLCK: a file system without leases.
        return None if error.errno == errno.EAGAIN else False
    return True


def _remove_old_temps(target: Path) -> None:
    cutoff = time.time() - TEMP_MAX_AGE_SECONDS
    for temp in target.parent.glob(f".{target.name}.*.tmp"):
        with suppress(OSError):
            if temp.lstat().st_mtime < cutoff and temp.is_file():
                temp.unlink()
