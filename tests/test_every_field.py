"""Every string field of the model, found by walking the schema, is shown escaped by every command."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.every_field import ATTACK, hostile, raw_controls, string_fields
from tracker.cli import main
from tracker.evaluate import evaluate
from tracker.load import parse
from tracker.report import render

AS_OF = date(2020, 4, 1)


def test_the_walk_finds_every_string_field_and_each_either_holds_the_attack_or_refuses_it() -> None:
    text, taken, refused = hostile()
    assert sorted(taken + refused, key=str) == sorted(string_fields(), key=str)
    assert ("Milestone", "unit") in {(m.__name__, n) for m, n in taken}
    assert all(n in ("id", "party", "due", "milestone", "part_of", "source", "by") for _, n in refused)
    deal, _ = parse(text.encode(), "m.toml")
    assert deal.milestones[1].unit == ATTACK, "the file's text is kept exactly in the model"


@pytest.mark.parametrize("fmt,color", [("text", False), ("text", True), ("markdown", False), ("json", False)])
def test_no_string_field_reaches_the_terminal_raw_in_the_report(fmt: str, color: bool) -> None:
    deal, _ = parse(hostile()[0].encode(), "m.toml")
    out = render(evaluate(deal, AS_OF), fmt, color=color)
    if color:
        out = out.replace("\x1b[", "<CSI>")  # the report's own colours are the only escapes
        assert "\x1b" not in out
    assert raw_controls(out.replace("<CSI>", "")) == []


def test_no_string_field_reaches_the_terminal_raw_from_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"m{ATTACK[:12]}.toml"
    path.write_text(hostile()[0])
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert raw_controls(out + err) == [], "the file name in the ok line is escaped"
    assert "\\x1b]52" in out


# An option, not a second file: `check a.toml b.toml` and `tracker a.toml b.toml` are valid.
@pytest.mark.parametrize("argv", [["check", "milestones.toml", "--" + ATTACK], ["milestones.toml", "--" + ATTACK]])
def test_argparse_echoes_a_bad_argument_escaped(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err and raw_controls(err) == [], "the argument is shown, not sent to the terminal"
