"""Swap a new deal file in for the one held (`tracker.ondisk.held`), or append in place.

The new file is made beside the old with the old one's owner, group, mode and extended
attributes, flushed, and exchanged with it in one RENAME_EXCHANGE; what comes back must be
the file that was read, untouched, or it is put back and Changed is raised. A file whose
owner, group or attributes a new file cannot be given (it is not yours) is appended to in
place instead, which keeps its inode and so all of them, hard links included.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import stat
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from tracker.errors import FileError
from tracker.ondisk import F_SETLEASE, Changed, Held, identity

# Linux's numbers (<linux/fs.h>, <fcntl.h>).
RENAME_EXCHANGE = 2
AT_FDCWD = -100


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
    cannot all be copied, or the folder takes no new file (then it is written in place)."""
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except PermissionError:
        return None
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
        # Looked at last thing before the exchange, so that it rarely has to be undone: the
        # path shows our file for the moment between an exchange and its undoing.
        if hold.disturbed() or identity(target) != (hold.info.st_dev, hold.info.st_ino):
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
