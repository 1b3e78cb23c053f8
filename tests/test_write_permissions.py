"""A record obeys the file's own permissions and keeps its owner, group, mode and extended
attributes, whoever records. The other users are real: created here, and each record runs
in a process that has become that user (skipped only where the system cannot do that)."""

from __future__ import annotations

import grp
import io
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

# Every module is imported before a child drops root: it could not read them after.
import tracker.load
import tracker.ondisk
import tracker.write
from tracker.cli import main

SHIPPED = Path(__file__).resolve().parents[1] / "milestones.toml"
USERS = ("trk-alice", "trk-bob")
SHARED, OTHER = "trk-shared", "trk-other"
RECORD = ["signing", "--date", "2020-03-01", "--status", "done", "--note", "recorded"]


def _ensure(kind: str, name: str, *options: str) -> bool:
    """Create a user or group unless it exists; True if made here."""
    try:
        (pwd.getpwnam if kind == "user" else grp.getgrnam)(name)
        return False
    except KeyError:
        command = ["useradd", "-M", "-N", "-s", "/usr/sbin/nologin", *options, name] if (
            kind == "user") else ["groupadd", name]
        subprocess.run(command, check=True, capture_output=True)
        return True


@pytest.fixture(scope="module")
def users() -> Iterator[None]:
    if os.geteuid() != 0 or not shutil.which("useradd") or not shutil.which("groupadd"):
        pytest.skip("needs root and useradd to create the other users")
    made = [("group", g) for g in (SHARED, OTHER) if _ensure("group", g)]
    made += [("user", u) for u in USERS if _ensure("user", u, "-G", SHARED)]
    yield
    for kind, name in reversed(made):
        subprocess.run(["userdel" if kind == "user" else "groupdel", name], check=False,
                       capture_output=True)


@pytest.fixture
def folder(users: None) -> Iterator[Path]:
    """A folder every user may write in (pytest's own tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="tracker-perm-", dir="/tmp"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _file(folder: Path, owner: str, group: str, mode: int) -> Path:
    path = folder / "milestones.toml"
    shutil.copyfile(SHIPPED, path)
    os.chown(path, pwd.getpwnam(owner).pw_uid if owner != "root" else 0, grp.getgrnam(group).gr_gid)
    path.chmod(mode)
    return path


def record_as(user: str, path: Path) -> tuple[int, str]:
    """`tracker record` run by `user`, in a process that has become that user."""
    account = pwd.getpwnam(user)
    groups = [g.gr_gid for g in grp.getgrall() if user in g.gr_mem]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root for good, then record
        code = 99
        try:
            os.close(read)
            sys.stdout = sys.stderr = io.TextIOWrapper(os.fdopen(write, "wb"), write_through=True)
            if user != "root":
                os.setgroups(groups)
                os.setgid(account.pw_gid)
                os.setuid(account.pw_uid)
            code = main(["record", str(path), *RECORD])
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as out:
        said = out.read().decode()
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), said


def _owner(path: Path) -> tuple[str, str, int]:
    info = path.stat()
    return pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name, stat.S_IMODE(
        info.st_mode)


def _recorded(path: Path) -> bool:
    return tracker.load.load(path).deal.updates[-1].note == "recorded"


@pytest.mark.parametrize("user", ["trk-alice", "root"])
def test_a_read_only_file_is_refused_even_for_its_owner(folder: Path, user: str) -> None:
    path = _file(folder, user, SHARED, 0o444)
    code, said = record_as(user, path)
    assert code == 2 and "is read-only (mode 0444)" in said and "nothing was written" in said
    assert path.read_bytes() == SHIPPED.read_bytes() and _owner(path) == (user, SHARED, 0o444)
    assert "Traceback" not in said


def test_a_colleagues_file_that_the_user_may_not_write_is_refused(folder: Path) -> None:
    """The folder is writable by all, the file only by bob: alice cannot record into it."""
    path = _file(folder, "trk-bob", OTHER, 0o644)
    code, said = record_as("trk-alice", path)
    assert code == 2 and "permission denied: you may not write this file" in said
    assert path.read_bytes() == SHIPPED.read_bytes()
    assert _owner(path) == ("trk-bob", OTHER, 0o644)


def test_a_shared_file_keeps_its_owner_when_a_group_member_records(folder: Path) -> None:
    path = _file(folder, "trk-bob", SHARED, 0o664)
    code, said = record_as("trk-alice", path)
    assert (code, said.strip()) == (0, "recorded: signing status done on 2020-03-01")
    assert _recorded(path) and path.read_bytes().startswith(SHIPPED.read_bytes())
    assert _owner(path) == ("trk-bob", SHARED, 0o664)


def test_the_group_is_kept_when_the_owner_is_not_in_it(folder: Path) -> None:
    path = _file(folder, "trk-alice", OTHER, 0o664)
    code, said = record_as("trk-alice", path)
    assert code == 0, said
    assert _recorded(path) and _owner(path) == ("trk-alice", OTHER, 0o664)


@pytest.mark.parametrize("user", ["trk-alice", "root"])
def test_extended_attributes_are_kept(folder: Path, user: str) -> None:
    path = _file(folder, user, SHARED, 0o640)
    try:
        os.setxattr(path, "user.origin", b"shared/seeds")
    except OSError:
        pytest.skip("this file system has no user extended attributes")
    code, said = record_as(user, path)
    assert code == 0, said
    assert _recorded(path) and os.getxattr(path, "user.origin") == b"shared/seeds"
    assert _owner(path) == (user, SHARED, 0o640)



def test_a_file_the_user_may_write_in_a_folder_they_may_not_is_appended_in_place(
        folder: Path) -> None:
    """No new file can be made beside it, but the file itself is writable: it is recorded."""
    locked = folder / "locked"
    locked.mkdir(mode=0o755)
    path = _file(locked, "trk-alice", SHARED, 0o644)
    code, said = record_as("trk-alice", path)
    assert code == 0, said
    assert _recorded(path) and _owner(path) == ("trk-alice", SHARED, 0o644)
    assert sorted(p.name for p in locked.iterdir()) == ["milestones.toml"]
