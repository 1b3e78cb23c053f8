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

import ctypes
import errno
import fcntl
import os
import signal
import stat
import sys
import tempfile
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

# Linux's numbers (<fcntl.h>, <linux/fs.h>); Python's fcntl module lacks the lease ones.
F_SETLEASE, F_GETLEASE, F_SETSIG = 1024, 1025, 10
RENAME_EXCHANGE = 2
AT_FDCWD = -100

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
    deadline, seen = time.monotonic() + WAIT_SECONDS, _identity(target)
    while not _try_flock(fd):
        now = _identity(target)
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
        if leased is not None and _identity(target) == (info.st_dev, info.st_ino):
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


def _identity(target: Path) -> tuple[int, int] | None:
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


def check_writable(target: Path, info: os.stat_result, name: str) -> None:
    """Refuse what the user could not write in place, whatever the folder allows."""
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o222:
        raise FileError(name, f"is read-only (mode {mode:04o}), so nothing was written; "
                        "make it writable (chmod u+w) to record into it")
    if not os.access(target, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
        raise FileError(name, "permission denied: you may not write this file, so nothing "
                        "was written")


def replace(hold: Held, target: Path, name: str, data: bytes, expected: bytes) -> None:
    """Make `target` hold `data` in place of `expected`, keeping owner, group, mode and
    extended attributes; raise Changed if another writer got there first."""
    check_writable(target, hold.info, name)
    temp = _prepared(hold, target, name, data) if _renamable(hold.info) else None
    if temp is None:
        _in_place(hold, target, name, data, expected)
    else:
        _swap(hold, target, name, temp, expected)


def _renamable(info: os.stat_result) -> bool:
    """Can a new file be given this one's owner and group? (Only root can give a file away.)"""
    euid = os.geteuid()
    return euid == 0 or (info.st_uid == euid and info.st_gid in {os.getegid(), *os.getgroups()})


def _prepared(hold: Held, target: Path, name: str, data: bytes) -> tuple[Path, int] | None:
    """A temp file beside `target` with `data` on disk and its attributes; None if they
    cannot all be copied (then the file is written in place)."""
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise FileError(name, f"cannot be written: {error.strerror or error} (a new file is "
                        "made beside it and renamed over it); nothing was written") from None
    try:
        with os.fdopen(fd, "wb") as out:
            if not _copy_attributes(hold, out.fileno()):
                os.unlink(temp)
                return None
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            return Path(temp), os.fstat(out.fileno()).st_ino
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise FileError(name, f"cannot be written: {error.strerror or error}; "
                            "it was not changed") from None
        raise


def _copy_attributes(hold: Held, fd: int) -> bool:
    info = hold.info
    try:
        for key in _xattrs(hold.fd):  # an ACL is one of them (system.posix_acl_access)
            os.setxattr(fd, key, os.getxattr(hold.fd, key))
        if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
            os.fchown(fd, info.st_uid, info.st_gid)
        os.fchmod(fd, stat.S_IMODE(info.st_mode))
    except PermissionError:
        return False
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.EINVAL):
            return False
        raise
    return True


def _xattrs(fd: int) -> list[str]:
    try:
        return os.listxattr(fd)
    except OSError:  # a file system without extended attributes has none to keep
        return []


def _swap(hold: Held, target: Path, name: str, temp: tuple[Path, int], expected: bytes) -> None:
    path, ours = temp
    try:
        if hold.disturbed():
            raise Changed
        if not _exchange(path, target):
            _replace_checked(target, name, path, expected)
            return
        out = os.stat(path)  # what was at the path at the instant of the exchange
        if (out.st_dev, out.st_ino) == (hold.info.st_dev, hold.info.st_ino) and (
                _untouched(hold, path, out, expected)):
            os.unlink(path)
            _sync_directory(target.parent)
            return
        _exchange(path, target)  # give the path back to the other writer's file
        if os.stat(path).st_ino != ours:
            _keep(path, target)  # yet another save came between: keep it, never delete it
        raise Changed
    except BaseException:
        with suppress(OSError):
            if os.stat(path).st_ino == ours:
                os.unlink(path)
        raise


def _untouched(hold: Held, path: Path, out: os.stat_result, expected: bytes) -> bool:
    if hold.leased:  # nobody could open it for writing without breaking the lease
        return out.st_size == len(expected) and not hold.disturbed()
    return path.read_bytes() == expected


def _replace_checked(target: Path, name: str, temp: Path, expected: bytes) -> None:
    """Where RENAME_EXCHANGE is missing: check, then rename (a save in between is lost)."""
    if target.read_bytes() != expected:
        raise Changed
    os.replace(temp, target)
    _sync_directory(target.parent)


def _keep(path: Path, target: Path) -> None:
    with suppress(OSError):
        os.rename(path, target.with_name(f"{target.name}.saved-{time.strftime('%Y%m%d-%H%M%S')}"))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically; False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code))


def _in_place(hold: Held, target: Path, name: str, data: bytes, expected: bytes) -> None:
    """Append (or, for undo, cut) in place: the inode, and so owner, group, mode, extended
    attributes and hard links, stay as they are."""
    if hold.leased:  # our own open for writing would break our own lease and wait on it
        fcntl.fcntl(hold.fd, F_SETLEASE, fcntl.F_UNLCK)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError as error:
        raise FileError(name, f"cannot be written: {error.strerror or error}; "
                        "nothing was written") from None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (hold.info.st_dev, hold.info.st_ino) or (
                now.st_size != len(expected)):
            raise Changed
        _write_at(fd, name, data, expected)
    finally:
        os.close(fd)


def _write_at(fd: int, name: str, data: bytes, expected: bytes) -> None:
    try:
        if data.startswith(expected):
            tail, at = data[len(expected):], len(expected)
            while tail:
                done = os.pwrite(fd, tail, at)
                tail, at = tail[done:], at + done
        else:
            os.ftruncate(fd, len(data))
        os.fsync(fd)
    except OSError as error:
        if data.startswith(expected):
            with suppress(OSError):  # a full disk: take back the part that was written
                os.ftruncate(fd, len(expected))
        raise FileError(name, f"cannot be written: {error.strerror or error}; "
                        "it was not changed") from None


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; some filesystems cannot, which is not an error."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_old_temps(target: Path) -> None:
    cutoff = time.time() - TEMP_MAX_AGE_SECONDS
    for temp in target.parent.glob(f".{target.name}.*.tmp"):
        with suppress(OSError):
            if temp.lstat().st_mtime < cutoff and temp.is_file():
                temp.unlink()
