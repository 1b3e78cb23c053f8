"""The README's annotated example must stay a valid deal file."""

import re
from pathlib import Path

from tracker.load import parse

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_is_a_valid_deal() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", text, re.S)
    assert block, "the README has a TOML example"
    deal, _ = parse(block.group(1).encode(), "README.md")
    assert [m.id for m in deal.milestones] == ["eu-approval", "shares-tendered", "all-shares",
                                                 "ohio-staff"]
    assert deal.updates[0].total == 120000


def test_readme_names_both_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "pip install -e . && tracker" in text
    assert "pip install -e '.[test]' && pytest" in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest" in ci


def test_readme_sample_is_what_the_report_prints() -> None:
    from datetime import date

    from tracker.evaluate import evaluate
    from tracker.load import load
    from tracker.report import render

    text = README.read_text(encoding="utf-8")
    sample = re.search(r"```text\n(.*?)…\n```", text, re.S)
    assert sample, "the README shows a sample of the report"
    report = render(evaluate(load(README.parent / "milestones.toml").deal, date(2020, 4, 29)),
                    "text", color=False)
    assert report.startswith(sample.group(1))
