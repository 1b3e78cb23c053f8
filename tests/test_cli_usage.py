"""The command line describes itself: version, help, typos, usage lines, plurals, record's
refusals, and shell completion."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.builders import deal_text, milestone, update
from tracker.cli import main
from tracker.cliargs import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "fictional-arms-treaty.toml"
TODAY = date(2021, 6, 1)


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "deal.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("tracker 0.")


def test_the_version_is_written_once_and_the_installed_package_agrees() -> None:
    # pyproject.toml reads tracker.__version__; the cache key and --version use it directly.
    from importlib import metadata

    import tracker
    from tracker import cache

    assert metadata.version("tracker") == tracker.__version__
    assert cache.version().split(":")[0] == tracker.__version__


def test_top_level_help_lists_every_command_and_explains_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert f"\n  {command} " in out
    assert "FILE is a deal file" in out and "%%" not in out


def test_a_mistyped_command_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chek"]) == 2
    assert capsys.readouterr().err.strip() == "tracker: unknown command 'chek'; did you mean 'check'?"


def test_a_file_named_like_a_command_is_still_opened_as_a_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chek").write_text("", encoding="utf-8")
    main(["chek"])  # no terminal here: the app refuses, but not as a mistyped command
    assert "did you mean" not in capsys.readouterr().err


def test_a_subcommand_error_shows_that_command_s_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["check", "--bogus"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tracker check ") and "tracker check: error: unrecognized" in err


def test_counts_are_singular_for_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deal = tmp_path / "deal.toml"
    deal.write_text(deal_text(milestone("s", "S", "signing"), update("s", "2020-01-01", status="done"),
                              title="T", parties={}, sources={}), encoding="utf-8")
    assert main(["check", str(deal)]) == 0
    assert "ok: 1 milestone, 1 update, 0 parties, 0 sources" in capsys.readouterr().out
    # A folder says the same of each file, and the portfolio of one deal says "1 deal".
    assert main(["check", str(tmp_path)]) == 0
    assert "ok: 1 milestone, 1 update, 0 parties, 0 sources" in capsys.readouterr().out
    assert main(["report", str(tmp_path), "--as-of", "2020-02-01"]) == 0
    assert "Portfolio as of 1 Feb 2020 · 1 deal\n" in capsys.readouterr().out


def test_record_status_lists_only_what_the_kind_allows(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    deal = _copy(tmp_path)
    before = deal.read_bytes()
    assert main(["record", str(deal), "signing", "--date", "2020-01-01", "--status", "banana"],
                today=TODAY) == 1
    err = capsys.readouterr().err
    assert "expected a status a signing takes: 'cancelled' or 'done'; found 'banana'" in err and "offered" not in err
    assert deal.read_bytes() == before


def test_record_after_today_asks_for_future(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deal = _copy(tmp_path)
    before = deal.read_bytes()
    args = ["record", str(deal), "north-warheads", "--date", "2021-06-02", "--add", "1"]
    assert main(args, today=TODAY) == 1
    assert "--future" in capsys.readouterr().err and deal.read_bytes() == before
    assert main([*args, "--future"], today=TODAY) == 0
    assert main(["record", str(deal), "north-warheads", "--date", "2021-06-01", "--add", "1"],
                today=TODAY) == 0


def _bash_complete(script: str, words: list[str], cwd: Path) -> list[str]:
    line = " ".join(words)
    program = (f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}\n"
               "_tracker\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=60, check=True)
    return done.stdout.split()


def test_bash_completion_is_valid_and_completes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    subprocess.run(["bash", "-n"], input=script, text=True, check=True, timeout=30)
    assert _bash_complete(script, ["tracker", "rep"], tmp_path) == ["report"]
    assert "--future" in _bash_complete(script, ["tracker", "record", "--fu"], tmp_path)
    assert _bash_complete(script, ["tracker", "report", "--format", "ma"], tmp_path) == ["markdown"]
    deal = _copy(tmp_path)
    assert _bash_complete(script, ["tracker", "record", str(deal), "north-"], tmp_path) == ["north-warheads"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_parse(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "record" in script and "--ids" in script
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    subprocess.run([shell, "-n"], input=script, text=True, check=True, timeout=30)
