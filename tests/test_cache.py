"""The cache of deal files found valid: a hit gives the same deal as a fresh read, a changed
file or a damaged, foreign or unwritable cache is never believed, and never an error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.every_field import hostile
from tracker.cache import Cache
from tracker.load import load
from tracker.portfolio import cached_load, load_entry

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


@pytest.mark.parametrize("damage", ["truncated", "garbage", "foreign", "invalid", "tagged"])
def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(deal: Path, tmp_path: Path, damage: str) -> None:
    where = tmp_path / "cache"
    fresh = cached_load(deal, Cache(where))
    (entry,) = entries(where)
    text = entry.read_text(encoding="utf-8")
    data = json.loads(text)
    if damage == "truncated":
        entry.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "garbage":
        entry.write_bytes(b"\xff\x00garbage")
    elif damage == "foreign":  # another file's entry under this name
        data["key"] = "0" * 64
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "invalid":  # a well-formed entry holding what no valid file holds
        data["data"]["milestones"][0]["kind"] = "nonsense"
        entry.write_text(json.dumps(data), encoding="utf-8")
    else:
        data["data"]["deal"] = {"\x00": "date:not a date"}
        entry.write_text(json.dumps(data), encoding="utf-8")
    assert cached_load(deal, Cache(where)).deal == fresh.deal
    assert Cache(where).get(fresh.raw) is not None  # rebuilt


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
