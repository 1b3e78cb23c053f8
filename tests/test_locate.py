"""`tracker.locate`: the line and column of every key, as a user's editor would show them."""

from __future__ import annotations

import tomli

from tracker.locate import LazyPositions, key_name, locate, statement_at

DOC = '''\
[deal]
title = "A deal"   # a comment with "quotes" and [brackets]

[[milestones]]
id = "first"
notes = """
[[milestones]]
id = "not-a-milestone"
"""
plan.batch = 5
plan . every_days = 2

[[milestones]]
id = "second"
plan = { start = 2020-03-14, batch = 100, basis = "a } brace" }
sources = [
  "one",   # first
  'two\\no-escape',
  "three \\" quote",
]
conditions = [{ milestone = "first" }, { milestone = "first", reached = "started" }]

[[milestones]]
id = "third"
"quoted key" = 1
'literal key' = 2
"esc\\u0041ped" = 3

[milestones.plan]
batch = 50

[[milestones.conditions]]
milestone = "second"

[[milestones.conditions]]
milestone = "first"

[[updates]]
milestone = "third"
'''


def test_the_fixture_is_valid_toml() -> None:
    data = tomli.loads(DOC)
    assert len(data["milestones"]) == 3 and "escAped" in data["milestones"][2]


def test_arrays_of_tables_are_indexed_in_order_and_strings_do_not_fool_the_scanner() -> None:
    found = locate(DOC)
    assert found[("deal",)] == (1, 1)
    assert found[("deal", "title")] == (2, 1)
    assert found[("milestones", 0)] == (4, 1)
    assert found[("milestones", 1)] == (13, 1)
    assert found[("milestones", 2)] == (23, 1)
    assert found[("milestones", 1, "id")] == (14, 1)
    assert found[("updates", 0, "milestone")] == (39, 1)
    assert ("milestones", 3) not in found  # the header inside the multi-line string


def test_dotted_keys_with_spaces_are_placed_under_their_table() -> None:
    found = locate(DOC)
    assert found[("milestones", 0, "plan", "batch")] == (10, 1)
    assert found[("milestones", 0, "plan", "every_days")] == (11, 1)


def test_inline_tables_and_their_keys_are_placed_by_column() -> None:
    found = locate(DOC)
    line = DOC.splitlines()[14]
    assert found[("milestones", 1, "plan")] == (15, 1)
    assert found[("milestones", 1, "plan", "batch")] == (15, line.index("batch") + 1)
    assert found[("milestones", 1, "plan", "basis")] == (15, line.index("basis") + 1)
    assert found[("milestones", 1, "sources")] == (16, 1)  # the brace inside the string is skipped


def test_multi_line_arrays_place_each_element_even_after_escaped_quotes() -> None:
    found = locate(DOC)
    assert found[("milestones", 1, "sources", 0)] == (17, 3)
    assert found[("milestones", 1, "sources", 1)] == (18, 3)
    assert found[("milestones", 1, "sources", 2)] == (19, 3)
    assert found[("milestones", 1, "conditions")] == (21, 1)
    assert found[("milestones", 1, "conditions", 1, "reached")][0] == 21


def test_sub_tables_and_nested_arrays_of_tables_attach_to_the_last_milestone() -> None:
    found = locate(DOC)
    assert found[("milestones", 2, "plan")] == (29, 1)
    assert found[("milestones", 2, "plan", "batch")] == (30, 1)
    assert found[("milestones", 2, "conditions", 0)] == (32, 1)
    assert found[("milestones", 2, "conditions", 1, "milestone")] == (36, 1)


def test_quoted_keys_are_found_by_their_decoded_name() -> None:
    found = locate(DOC)
    assert found[("milestones", 2, "quoted key")] == (25, 1)
    assert found[("milestones", 2, "literal key")] == (26, 1)
    assert found[("milestones", 2, "escAped")] == (27, 1)


def test_values_are_placed_where_they_start() -> None:
    positions = LazyPositions(DOC)
    assert positions.value(("deal", "title")) == (2, 9)
    assert positions.value(("milestones", 1, "sources", 1)) == (18, 3)
    assert positions.value(("milestones", 2)) is None  # a header, not a value
    assert positions[("deal", "title")] == (2, 1)


def test_windows_line_endings_give_the_same_positions() -> None:
    assert locate(DOC.replace("\n", "\r\n")) == locate(DOC)


def test_the_statement_of_a_syntax_error_line_is_found_in_broken_text() -> None:
    broken = DOC.replace("batch = 50", "batch = 5,0").replace('id = "third"', 'id = "third')
    assert statement_at(broken, 24) == ("milestones", 2, "id")
    assert statement_at(broken, 30) == ("milestones", 2, "plan", "batch")
    assert statement_at(broken, 19) == ("milestones", 1, "sources")  # inside a multi-line array
    assert statement_at("x = [1,\n  2,,\n]\n", 2) == ("x",)
    assert statement_at("\n\n", 1) is None


def test_key_names_read_like_toml_and_never_carry_raw_control_characters() -> None:
    assert key_name(("milestones", 3, "plan", "batch")) == "milestones[3].plan.batch"
    assert key_name(("milestones", 0, "a key")) == 'milestones[0]."a key"'
    assert key_name(("x", "\x1b[31m")) == 'x."\\x1b[31m"'
