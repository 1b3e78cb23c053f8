"""Loading a deal file: every bad file gets a message naming the file, line, column and key.

The corpus in tests/bad/ holds one small file per failure mode; `BAD` says, for each,
every problem the user must be told about. Binary and I/O cases are made here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.errors import FileError, Problem, TrackerError
from tracker.load import load, parse

HERE = Path(__file__).parent
CORPUS = HERE / "bad"
SHIPPED = HERE.parent / "milestones.toml"


@dataclass(frozen=True)
class Want:
    """One problem the user must see: where it is, which key, and words the message must hold."""

    line: int
    column: int
    key: str
    words: tuple[str, ...]


ENUM_KINDS = "'signing', 'decree', 'quantity', 'deadline'"

BAD: dict[str, list[Want]] = {
    "absurd_number": [
        # Decimals are figures now (12.4 t); 1e300 is still refused, as too large.
        Want(8, 10, "milestones[0].target", ("no more than 1,000,000,000,000", "found 1e+300")),
        Want(14, 10, "milestones[1].target", ("no more than 1,000,000,000,000",
                                               "found 1000000000000000000000000000000")),
    ],
    "bad_date_2020_02_30": [
        Want(11, 8, "updates[0].date", ("not valid TOML", "2020-02-30 is not a real date")),
    ],
    "bad_due": [
        Want(8, 7, "milestones[0].due", ("expected a date as YYYY-MM-DD, YYYY-MM or YYYY",
                                          "found 'July 2021'")),
    ],
    "bad_id": [Want(5, 6, "milestones[0].id", ("expected an id of letters", "found 'the signing'"))],
    "bad_number": [
        Want(8, 11, "milestones[0].target", ("not valid TOML", "without commas: 1500 or 1_500")),
    ],
    "bound_without_figure": [Want(10, 1, "updates[0]", ("a `bound` says how a `total` or `add`",))],
    "batch_cannot_add_up": [
        Want(13, 9, "milestones[0].plan.batch", ("batches of 400", "exactly 1,500")),
    ],
    "circular_conditions": [
        Want(8, 14, "milestones[0].conditions", ("circular conditions", "'release'")),
        Want(14, 14, "milestones[1].conditions", ("circular conditions", "'talks'")),
    ],
    "circular_part_of": [
        Want(8, 10, "milestones[0].target", ("parts add up to 3,500", "target of 1,500")),
        Want(9, 11, "milestones[0].part_of", ("circular part_of", "'first'")),
        Want(16, 11, "milestones[1].part_of", ("circular part_of", "'second'")),
    ],
    "condition_missing_milestone": [
        Want(16, 13, "milestones[1].conditions[0].milestone",
             ("no milestone with id 'talk'", "did you mean 'talks'?")),
    ],
    "condition_never_reachable": [
        Want(17, 11, "milestones[1].conditions[0].reached",
             ("'sign' is a signing", "never be 'accepted'", "never be met")),
    ],
    "control_chars_in_key": [
        Want(8, 1, 'milestones[0]."\\x1b]52;c;aGk=\\x07[bold]x"',
             ("unknown key '\\x1b]52;c;aGk=\\x07[bold]x'", "allowed here:", "conditions,")),
    ],
    "date_in_quotes": [
        Want(7, 13, "sources[0].published", ("expected a date written as YYYY-MM-DD, without quotes",
                                              "found '2020-04-28'")),
    ],
    "duplicate_id": [Want(10, 6, "milestones[1].id", ("duplicate id 'sign'", "milestones[0]"))],
    "duplicate_key": [
        Want(8, 29, "milestones[0].title", ("not valid TOML: Cannot overwrite a value",
                                             "already set above")),
    ],
    "duplicate_table": [Want(9, 6, "deal", ("not valid TOML", "Cannot declare [deal] twice"))],
    "empty": [Want(1, 1, "", ("the file is empty", "[deal]"))],
    "key_redefined_as_table": [
        Want(11, 17, "milestones[0].plan", ("not valid TOML", "Cannot declare [milestones.plan] twice",
                                            "key = {...}")),
    ],
    "limit_ends_before_it_starts": [
        Want(8, 1, "milestones[0].limit", ("ends (2030-12-31) before it starts (2031-01-01)",)),
    ],
    "limit_floor_above_ceiling": [
        Want(9, 1, "milestones[0].limit", ("`at_least` (60) is above its `at_most` (40)",)),
    ],
    "limit_without_bounds": [Want(9, 1, "milestones[0].limit", ("needs `at_most`, `at_least` or both",))],
    "many_errors": [
        Want(3, 20, "deal.stale_after_days", ("expected a whole number", "found 'thirty'")),
        Want(7, 1, "parties[0].nmae", ("unknown key 'nmae'; did you mean 'name'?",)),
        Want(12, 8, "milestones[0].kind", (ENUM_KINDS, "found 'signin'", "did you mean 'signing'?")),
        Want(14, 1, "milestones[1]", ("a quantity needs a `target`",)),
        Want(22, 10, "updates[0].status", ("'offered'", "found 'don'", "did you mean 'done'?")),
    ],
    "merge_conflict": [
        Want(13, 1, "", ("git merge conflict", "lines 13-17", "delete the <<<<<<<, ======= and >>>>>>>")),
    ],
    "missing_required_key": [
        Want(4, 1, "milestones[0].kind", ("missing required key 'kind'", "deadline")),
    ],
    "negative_number": [Want(13, 7, "updates[0].add", ("a number of at least 0", "found -100"))],
    "no_deal_table": [Want(1, 1, "deal", ("missing the [deal] table",))],
    "context_with_commitments": [
        Want(12, 9, "milestones[0].party", ("a context milestone is background and has no party",)),
        Want(13, 10, "milestones[0].target", ("has no target",)),
        Want(14, 7, "milestones[0].due", ("has no due date",)),
        Want(15, 8, "milestones[0].plan", ("has no plan",)),
        Want(20, 9, "updates[0].total", ("'civilian-toll' is a context milestone", "not 'total'")),
    ],
    "look_alike_bare_key": [
        Want(6, 2, "milestones[0].t", ("not valid TOML", "'і' (U+0456 CYRILLIC SMALL LETTER "
                                        "BYELORUSSIAN-UKRAINIAN I), a look-alike of a Latin letter")),
    ],
    "look_alike_id": [
        Want(12, 9, "milestones[0].party", ("found 'аfghan-govt'", "'а' (U+0430 CYRILLIC SMALL LETTER A), "
                                             "a look-alike of a Latin letter")),
    ],
    "schema_and_reference_errors": [
        Want(11, 8, "milestones[0].kind", ("found 'talkz'; did you mean 'talks'?",)),
        Want(17, 9, "milestones[1].party", ("no party with id 'nobody'",)),
    ],
    "look_alike_key": [
        Want(6, 1, 'milestones[0]."tіtle"', ("unknown key 'tіtle' (it holds 'і' (U+0456", "a look-alike of a "
                                               "Latin letter", "did you mean 'title'?")),
    ],
    "number_too_long": [
        Want(8, 10, "milestones[0].target", ("expected a whole number", "a number of 5,000 digits")),
    ],
    "parts_exceed_whole": [
        Want(8, 10, "milestones[0].target", ("parts add up to 5,500", "target of 5,000")),
    ],
    "restated_target_without_target": [
        Want(12, 10, "updates[0].target", ("'talks' has no target to restate",)),
    ],
    "same_day_same_source": [
        Want(25, 9, "updates[1].total", ("total 0 for 'freed' on 2020-04-01 (source 'nsc')",
                                        "differs from the 900 that updates[0] gives")),
    ],
    "source_before_signing": [
        Want(12, 13, "sources[1].published", ("published 2019-12-01", "signed (2020-02-29)")),
    ],
    "status_not_allowed_for_kind": [
        Want(12, 10, "updates[0].status", ("a signing cannot be 'rejected'", "allowed: cancelled, done")),
    ],
    "total_goes_down": [
        Want(18, 9, "updates[1].total", ("goes down", "750 on 2020-04-08", "after 850")),
    ],
    "total_without_target": [Want(9, 1, "updates[0]", ("'talks' has no target",))],
    "unclosed_string": [
        Want(6, 21, "milestones[0].title", ("not valid TOML", "a string is not closed")),
    ],
    "unknown_key": [Want(6, 1, "milestones[0].titel", ("unknown key 'titel'; did you mean 'title'?",))],
    "unknown_kind": [
        Want(12, 8, "milestones[1].kind", (ENUM_KINDS, "found 'dealine'", "did you mean 'deadline'?")),
    ],
    "unknown_measure": [
        Want(8, 11, "milestones[0].measure", ("'total' or 'level'", "found 'levels'", "did you mean 'level'?")),
    ],
    "unknown_reference": [
        Want(17, 9, "milestones[0].party", ("no party with id 'talibn'", "did you mean 'taliban'?")),
        Want(23, 10, "updates[0].source", ("no source with id 'bbc'", "known: report-850")),
    ],
    "unknown_status": [
        Want(12, 10, "updates[0].status", ("'offered', 'accepted'", "found 'finished'")),
    ],
    "update_total_and_add": [
        Want(10, 1, "updates[0]", ("either `total` or `add`, not both",)),
        Want(16, 1, "updates[1]", ("needs `total`, `add`, `status`, `due` or `note`",)),
    ],
    "update_unknown_milestone": [
        Want(15, 13, "updates[1].milestone", ("no milestone with id 'signing'", "did you mean 'sign'?")),
    ],
    "wrong_type": [Want(8, 10, "milestones[0].target", ("expected a whole number", "found '1,500'"))],
    "whole_below_parts": [
        Want(25, 9, "updates[1].total", ("'all' has a total of 800 on 2020-04-28",
                                        "below the 850 its parts (first)")),
    ],
    "year_9999": [Want(8, 7, "milestones[0].due", ("a year between 1800 and 2200", "found 9999-07-31"))],
    "year_one": [Want(11, 8, "updates[0].date", ("a date between 1800 and 2200", "found 0001-02-28"))],
    "due_after_missing_milestone": [
        Want(13, 27, "milestones[1].due_after.milestone",
             ("no milestone with id 'signng'", "did you mean 'signing'?")),
    ],
    "circular_due_after": [
        Want(8, 13, "milestones[0].due_after", ("circular timing", "'phase-1'")),
        Want(14, 13, "milestones[1].due_after", ("circular timing", "'phase-2'")),
    ],
    "contingent_without_trigger": [
        Want(9, 1, "milestones[1]", ("contingent term needs a `trigger`",)),
    ],
}

VALID = """\
[deal]
title = "Test deal"

[[milestones]]
id = "sign"
title = "The signing"
kind = "signing"
"""


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(TrackerError) as caught:
        load(path)
    return caught.value.problems


def _matches(problem: Problem, want: Want, file: str) -> None:
    assert (problem.file, problem.line, problem.column, problem.key) == (
        file, want.line, want.column, want.key), str(problem)
    for words in want.words:
        assert words in problem.message, str(problem)
    where = f"{file}:{want.line}:{want.column}:"
    key = want.key
    record = _record_in_file(file, want.key)
    assert problem.record == record, "a record with an id is named by it"
    if record:  # milestones[3] (id "talks").party: which milestone, at a glance
        end = key.index("]") + 1
        key = f'{key[:end]} (id "{record}"){key[end:]}'
    assert str(problem).startswith(where + (f" {key}:" if key else ""))


def _record_in_file(file: str, key: str) -> str:
    """The id written in the table that `key` (`milestones[3].party`) points into."""
    import re

    import tomli

    found = re.match(r"(parties|sources|milestones)\[(\d+)\]", key)
    try:
        data = tomli.loads(Path(file).read_text())
    except (tomli.TOMLDecodeError, ValueError):
        return ""
    if not found or len(data.get(found[1], [])) <= int(found[2]):
        return ""
    ident = data[found[1]][int(found[2])].get("id")
    return ident if isinstance(ident, str) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", ident) else ""


def test_every_corpus_file_has_its_expected_problems_written_down() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.toml")) == sorted(BAD)


@pytest.mark.parametrize("mode", sorted(BAD))
def test_a_bad_file_reports_every_problem_with_file_line_column_and_key(mode: str) -> None:
    path = CORPUS / f"{mode}.toml"
    problems = _problems(path)
    assert [(p.line, p.key) for p in problems] == [(w.line, w.key) for w in BAD[mode]]
    for problem, want in zip(problems, BAD[mode]):
        _matches(problem, want, str(path))


@pytest.mark.parametrize("mode", sorted(BAD))
def test_check_on_a_bad_file_exits_1_with_one_line_per_problem_and_no_traceback(
    mode: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CORPUS / f"{mode}.toml"
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == len(BAD[mode])
    for line, want in zip(lines, BAD[mode]):
        assert line.startswith(f"error: {path}:{want.line}:{want.column}:")
    assert "Traceback" not in err and "\x1b" not in err


def test_many_errors_are_all_reported_at_once_not_only_the_first() -> None:
    problems = _problems(CORPUS / "many_errors.toml")
    assert len(problems) == 5
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_a_near_miss_key_and_a_near_miss_kind_get_a_did_you_mean() -> None:
    [key] = _problems(CORPUS / "unknown_key.toml")
    assert key.message == "unknown key 'titel'; did you mean 'title'?"
    [kind] = _problems(CORPUS / "unknown_kind.toml")
    assert kind.message.endswith("found 'dealine'; did you mean 'deadline'?")


def test_a_merge_conflict_is_named_in_plain_words_once_per_conflict() -> None:
    text = (CORPUS / "merge_conflict.toml").read_text()
    twice = text + "\n[[updates]]\nmilestone = \"free\"\n<<<<<<< ours\ndate = 2020-05-01\n" \
        "=======\ndate = 2020-05-02\n>>>>>>> theirs\ntotal = 900\n"
    with pytest.raises(TrackerError) as caught:
        parse(twice.encode(), "m.toml")
    assert [(p.line, "merge conflict" in p.message) for p in caught.value.problems] == [
        (13, True), (21, True)]


def test_a_line_of_equals_signs_inside_a_string_is_not_a_merge_conflict() -> None:
    text = VALID + 'notes = """\nHeading\n=======\nBody.\n"""\n'
    deal, _ = parse(text.encode(), "m.toml")
    assert "=======" in deal.milestones[0].notes


def _file_error(raw: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Problem:
    path = tmp_path / "deal.toml"
    path.write_bytes(raw)
    with pytest.raises(FileError) as caught:
        load(path)
    assert caught.value.exit_code == 2
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}") and "Traceback" not in err
    [problem] = caught.value.problems
    assert problem.file == str(path)
    return problem


def test_a_nul_byte_is_refused_as_binary_with_its_place(tmp_path: Path, capsys) -> None:
    problem = _file_error(VALID.encode().replace(b"The signing", b"The\x00signing"), tmp_path, capsys)
    assert (problem.line, problem.column) == (6, 13)
    assert "NUL byte" in problem.message and "binary" in problem.message


def test_a_file_that_is_not_utf8_says_so_with_its_place(tmp_path: Path, capsys) -> None:
    raw = VALID.replace("The signing", "Caf\u00e9").encode("latin-1")
    problem = _file_error(raw, tmp_path, capsys)
    assert (problem.line, problem.column) == (6, 13)
    assert "not UTF-8" in problem.message


def test_binary_garbage_is_refused(tmp_path: Path, capsys) -> None:
    problem = _file_error(bytes(range(255, 0, -1)) * 4, tmp_path, capsys)
    assert "not UTF-8" in problem.message


def test_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(FileError, match="is a directory"):
        load(tmp_path)
    assert main(["check", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_a_missing_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(FileError, match="no such file"):
        load(missing)
    assert main(["check", str(missing)]) == 2
    assert f"error: {missing}: no such file" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deal.toml"
    path.write_text(VALID)
    path.chmod(0)
    with pytest.raises(FileError, match="permission denied"):
        load(path)


def test_a_huge_file_is_refused_by_size_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk and no time
    with pytest.raises(FileError, match="MiB are refused"):
        load(path)


@pytest.mark.parametrize("depth", [60, 399, 100_000])
@pytest.mark.parametrize("shape", ["[", "{ x = "])
def test_deep_nesting_gets_a_placed_message_not_a_recursion_error(shape: str, depth: int) -> None:
    close = "]" if shape == "[" else "}"
    text = f'[deal]\ntitle = "Deep"\nsummary = {shape * depth}1{close * depth}\n'
    with pytest.raises(TrackerError) as caught:
        parse(text.encode(), "deep.toml")
    [problem] = caught.value.problems
    assert problem.line == 3 and problem.column is not None
    assert ("brackets nest more than 50 deep" in problem.message
            or problem.key == "deal.summary" and "expected a string" in problem.message)


def test_a_utf8_byte_order_mark_is_accepted_and_columns_do_not_shift() -> None:
    deal, _ = parse(b"\xef\xbb\xbf" + VALID.encode(), "bom.toml")
    assert deal.deal.title == "Test deal"
    with pytest.raises(TrackerError) as caught:
        parse(b"\xef\xbb\xbf[deal]\ntitle = 5\n", "bom.toml")
    assert [(p.line, p.column, p.key) for p in caught.value.problems] == [(2, 9, "deal.title")]


def test_windows_line_endings_are_accepted_and_placed_like_unix_ones() -> None:
    deal, _ = parse(VALID.replace("\n", "\r\n").encode(), "crlf.toml")
    assert deal.milestones[0].id == "sign"
    for mode in ("many_errors", "unclosed_string", "merge_conflict", "update_unknown_milestone"):
        raw = (CORPUS / f"{mode}.toml").read_bytes().replace(b"\n", b"\r\n")
        with pytest.raises(TrackerError) as caught:
            parse(raw, "crlf.toml")
        got = [(p.line, p.column, p.key) for p in caught.value.problems]
        assert got == [(w.line, w.column, w.key) for w in BAD[mode]], mode


def test_a_very_long_line_is_accepted() -> None:
    summary = "word " * 3_900
    text = "# " + "x" * 1_000_000 + "\n" + VALID.replace(
        'title = "Test deal"', f'title = "Test deal"\nsummary = "{summary}"')
    deal, _ = parse(text.encode(), "long.toml")
    assert deal.deal.summary == summary and deal.milestones[0].id == "sign"


def test_a_too_long_value_on_a_long_line_is_placed_and_the_message_stays_short() -> None:
    text = VALID + f'notes = "{"n" * 30_000}"\n'
    with pytest.raises(TrackerError) as caught:
        parse(text.encode(), "long.toml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.key) == (8, 9, "milestones[0].notes")
    assert "at most 20,000 characters" in problem.message and len(problem.message) < 200


def test_the_shipped_file_loads_and_places_every_milestone_on_its_id_line() -> None:
    loaded = load(SHIPPED)
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    for index, milestone in enumerate(loaded.deal.milestones):
        header = loaded.line_of(milestone.id)
        assert lines[header - 1].strip() == "[[milestones]]"
        line, column = loaded.positions[("milestones", index, "id")]
        assert lines[line - 1][column - 1:].startswith(f'id = "{milestone.id}"')
