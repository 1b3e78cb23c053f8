"""The cache of deal files found valid: a hit gives the same deal as a fresh read, a changed
file or a damaged, foreign or unwritable cache is never believed, and never an error."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.every_field import hostile
from tracker.cache import Cache, cached_load
from tracker.cli import main
from tracker.load import load
from tracker.portfolio import load_entry
from tracker.portfolio_cli import open_many

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def deal(tmp_path: Path) -> Path:
    path = tmp_path / "deal.toml"
    shutil.copy(ROOT / "milestones.toml", path)
    return path


def entries(where: Path) -> list[Path]:
    return sorted(where.glob("*.json"))


def test_a_hit_gives_exactly_the_deal_a_fresh_read_gives(deal: Path, tmp_path: Path) -> None:
    where = tmp_path / "cache"
    generated = tmp_path / "generated.toml"
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--milestones", "300",
                          "--updates", "2000"], capture_output=True, check=True)
    generated.write_bytes(out.stdout)
    every = tmp_path / "every.toml"
    every.write_text(hostile()[0], encoding="utf-8")
    for path in [deal, generated, every, *sorted((ROOT / "examples").glob("*.toml"))]:
        fresh = load(path)
        assert cached_load(path, Cache(where)).deal == fresh.deal  # a miss, written
        assert Cache(where).get(fresh.raw) is not None
        hit = cached_load(path, Cache(where))
        assert hit.deal == fresh.deal and hit.raw == fresh.raw, path
        assert hit.line_of(fresh.deal.milestones[-1].id) == fresh.line_of(fresh.deal.milestones[-1].id)


def test_a_changed_file_is_read_again(deal: Path, tmp_path: Path) -> None:
    where = tmp_path / "cache"
    cached_load(deal, Cache(where))
    text = deal.read_text(encoding="utf-8")
    deal.write_text(text.replace('title = "US-Taliban peace agreement (February 2020)"',
                                 'title = "Changed"', 1), encoding="utf-8")
    assert cached_load(deal, Cache(where)).deal.deal.title == "Changed"
    assert len(entries(where)) == 2
    deal.write_text(text + "\n[[updates]]\nmilestone = 'nowhere'\ndate = 2020-04-30\ntotal = 1\n",
                    encoding="utf-8")
    broken = load_entry(deal, Cache(where))  # a broken file is never cached, and says why
    assert broken.loaded is None and "nowhere" in broken.first_problem
    assert len(entries(where)) == 2


def _rewrite(entry: Path, header: dict[str, str], data: dict[str, Any], resum: bool) -> None:
    """`entry` holding `data`, under its old header or (`resum`) one whose hash matches."""
    body = json.dumps(data).encode()
    if resum:
        header = {**header, "sum": hashlib.sha256(body).hexdigest()}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)


# Each: a change to the entry's JSON, and whether its hash is made to match (a forged entry,
# which only the build's checks of keys and types can refuse).
DAMAGES: dict[str, tuple[Callable[[dict[str, Any]], object], bool]] = {
    "edited": (lambda d: d["milestones"][0].update(title="Edited"), False),
    "invalid": (lambda d: d["milestones"][0].update(kind="nonsense"), True),
    "a string for a number": (lambda d: d["milestones"][1].update(target="1500"), True),
    "a bool for a number": (lambda d: d["milestones"][1].update(target=True), True),
    "a list for a table": (lambda d: d.update(deal=[1]), True),
    "unknown key": (lambda d: d["deal"].update(titel="x"), True),
    "missing key": (lambda d: d["deal"].pop("title"), True),
    "not a real date": (lambda d: d["updates"][0].update(date="2020-02-30"), True),
    "a number for a date": (lambda d: d["updates"][0].update(date=20200301), True),
}


@pytest.mark.parametrize("damage", ["truncated", "garbage", "foreign", *DAMAGES])
def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(deal: Path, tmp_path: Path, damage: str) -> None:
    where = tmp_path / "cache"
    fresh = cached_load(deal, Cache(where))
    (entry,) = entries(where)
    text = entry.read_bytes()
    head, _, body = text.partition(b"\n")
    header, data = json.loads(head), json.loads(body)
    if damage == "truncated":
        entry.write_bytes(text[: len(text) // 2])
    elif damage == "garbage":
        entry.write_bytes(b"\xff\x00garbage")
    elif damage == "foreign":  # another file's entry under this name
        _rewrite(entry, {**header, "key": "0" * 64}, data, resum=False)
    else:
        change, resum = DAMAGES[damage]
        change(data)
        _rewrite(entry, header, data, resum)
    assert Cache(where).deal(fresh.raw) is None
    assert cached_load(deal, Cache(where)).deal == fresh.deal
    assert Cache(where).deal(fresh.raw) == fresh.deal  # rebuilt


def test_a_cache_folder_that_cannot_be_written_is_not_used(deal: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    assert cached_load(deal, Cache(blocked)).deal == load(deal).deal  # not a folder at all
    where = tmp_path / "cache"
    where.mkdir()
    where.chmod(0o555)
    try:
        if os.access(where, os.W_OK):
            pytest.skip("running as root: permissions do not stop writes")
        assert cached_load(deal, Cache(where)).deal == load(deal).deal
        assert entries(where) == []
    finally:
        where.chmod(0o755)


def test_the_key_is_the_bytes_and_the_version(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    first = cache.key(b"x")
    assert cache.key(b"x") == first and cache.key(b"y") != first
    cache.version = "99.0"  # another tracker never reads this one's entries
    assert cache.key(b"x") != first


def test_a_hit_builds_no_validator(deal: Path) -> None:
    """The start-up cost of one file: on a hit the schema's validators are never built."""
    code = ("import sys; from pathlib import Path; from tracker.cache import Cache, cached_load\n"
            "from tracker.model import DealFile\n"
            "deal = cached_load(Path(sys.argv[1]), Cache())\n"
            "print(len(deal.deal.milestones), DealFile.__pydantic_complete__)")
    run = lambda: subprocess.run([sys.executable, "-c", code, str(deal)], capture_output=True,  # noqa: E731
                                 text=True, check=True).stdout.split()
    assert run() == ["17", "True"]  # a miss validates the file
    assert run() == ["17", "False"]  # a hit does not even build the validators


@pytest.mark.parametrize("command", [["check"], ["report", "--as-of", "2020-04-29", "--format", "json"]])
def test_one_file_goes_through_the_cache_and_no_cache_bypasses_it(
        deal: Path, command: list[str], capsys: pytest.CaptureFixture[str], _own_cache: Path) -> None:
    kept = _own_cache / "tracker" / "deals"
    assert main([*command, str(deal), "--no-cache"]) == 0
    fresh = capsys.readouterr()
    assert not kept.exists()
    for _ in range(2):  # a miss, written; then a hit, read
        assert main([*command, str(deal)]) == 0
        assert capsys.readouterr() == fresh
        assert len(list(kept.glob("*.json"))) == 1


def test_a_broken_file_says_the_same_through_the_cache_and_is_never_kept(
        deal: Path, capsys: pytest.CaptureFixture[str], _own_cache: Path) -> None:
    deal.write_text(deal.read_text(encoding="utf-8").replace('kind = "signing"', 'kind = "sining"', 1),
                    encoding="utf-8")
    assert main(["check", str(deal), "--no-cache"]) == 1
    fresh = capsys.readouterr()
    assert "sining" in fresh.err
    for _ in range(2):
        assert main(["check", str(deal)]) == 1
        assert capsys.readouterr() == fresh
    assert list((_own_cache / "tracker" / "deals").glob("*.json")) == []


def test_the_app_opens_one_file_through_the_cache(deal: Path, _own_cache: Path) -> None:
    kept = _own_cache / "tracker" / "deals"
    loaded, folders = open_many([deal], deal, no_cache=True)  # type: ignore[misc]
    assert folders is None and not kept.exists()
    again, _ = open_many([deal], deal)  # type: ignore[misc]
    assert again.deal == loaded.deal and len(list(kept.glob("*.json"))) == 1


def test_the_status_colours_are_worked_out_once_a_theme(monkeypatch: pytest.MonkeyPatch, _own_cache: Path) -> None:
    """Working the colours out took 90 ms of every start: a second start reads them."""
    from tracker.ui import app as ui

    worked: list[bool] = []
    real = ui.status_variables
    monkeypatch.setattr(ui, "status_variables", lambda v, dark: worked.append(dark) or real(v, dark))
    first = ui.TrackerApp(load(ROOT / "milestones.toml")).get_css_variables()
    assert len(worked) == 1
    again = ui.TrackerApp(load(ROOT / "milestones.toml")).get_css_variables()
    assert again == first and len(worked) == 1
    (entry,) = (_own_cache / "tracker" / "colours").glob("*.json")
    head, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(head + b"\n" + body.replace(b"#", b"!"))  # damaged: worked out again
    assert ui.TrackerApp(load(ROOT / "milestones.toml")).get_css_variables() == first and len(worked) == 2
