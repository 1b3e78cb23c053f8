"""Any document, valid or broken, is loaded or refused with our own placed error; never a crash.

Valid deals are built from strategies and written with tomli_w; broken ones are random
TOML, or byte-level mutations of the shipped file and of generated deals. Every deal that
loads is evaluated on dates across the whole supported range and rendered in every format.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tracker.dates import MAX_DATE, MIN_DATE
from tracker.errors import TrackerError
from tracker.evaluate import evaluate
from tracker.load import parse
from tracker.report import render
from tracker.terms import KIND_STATUSES, Kind, Reported

SHIPPED = (Path(__file__).resolve().parent.parent / "milestones.toml").read_bytes()
NAME = "deal.toml"
BOUNDED = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

days = st.dates(MIN_DATE, MAX_DATE)
# Any text TOML can hold: every character but surrogates, hostile ones included.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
counts = st.integers(0, 10**12)
small = st.integers(0, 5_000)
# Figures may be decimals (2.5 %, 12.4 t), never NaN or infinite.
figures = st.one_of(small, counts, st.floats(0, 10**12, allow_nan=False, allow_infinity=False))


def _due(value: date, precision: int) -> str:
    return value.isoformat()[: (4, 7, 10)[precision]]


dues = st.builds(_due, days, st.integers(0, 2))


@st.composite
def milestones(draw: st.DrawFn, index: int, earlier: list[dict[str, Any]], parties: list[str],
               sources: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(Kind)))
    m: dict[str, Any] = {"id": f"m{index}", "title": draw(texts.filter(bool)) or "t", "kind": kind.value}
    if parties and draw(st.booleans()):
        m["party"] = draw(st.sampled_from(parties))
        m["to"] = draw(st.lists(st.sampled_from(parties), max_size=2))
    if sources and draw(st.booleans()):
        m["sources"] = draw(st.lists(st.sampled_from(sources), max_size=2, unique=True))
    if draw(st.booleans()):
        m["notes"] = draw(texts)
    if kind is Kind.quantity or (kind is not Kind.context and draw(st.booleans())):
        m["target"] = draw(st.one_of(small, counts, figures))
        m["measure"] = draw(st.sampled_from(["total", "level"]))
        m["qualifier"] = draw(st.sampled_from(["exact", "up_to", "at_least", "about"]))
        m["unit"] = draw(texts)
        batch = draw(st.integers(1, 10**12))
        if isinstance(m["target"], int) and m["target"] and m["target"] % batch == 0 and draw(st.booleans()):
            plan: dict[str, Any] = {"batch": batch, "every_days": draw(st.integers(1, 3660))}
            if draw(st.booleans()):
                plan["start"] = draw(days)
            m["plan"] = plan
    if kind is not Kind.context and draw(st.booleans()):
        m["limit"] = draw(limits())
    if draw(st.booleans()):
        m["due"] = draw(st.one_of(dues, days))
    if earlier and draw(st.booleans()):
        # Only earlier milestones, so conditions never loop; only statuses their kind can reach.
        other = draw(st.sampled_from(earlier))
        can = set(KIND_STATUSES[Kind(other["kind"])])
        if can & {Reported.done, Reported.suspended, Reported.breached}:
            can.add(Reported.started)
        if can & {Reported.accepted, Reported.rejected}:
            can.add(Reported.offered)
        if can:
            reached = draw(st.sampled_from(sorted(can, key=lambda s: s.value)))
            m["conditions"] = [{"milestone": other["id"], "reached": reached.value, "text": draw(texts)}]
    wholes = [e for e in earlier if e.get("target") is not None and e.get("qualifier") == "at_least"]
    if wholes and "target" in m and draw(st.booleans()):
        m["part_of"] = draw(st.sampled_from(wholes))["id"]
    return m


@st.composite
def limits(draw: st.DrawFn) -> dict[str, Any]:
    """A ceiling, a floor or both, sometimes with the dates it is in force."""
    bounds = sorted(draw(st.lists(figures, min_size=1, max_size=2)))
    limit: dict[str, Any] = ({"at_most": bounds[0]} if len(bounds) == 1 and draw(st.booleans())
                             else {"at_least": bounds[0]} if len(bounds) == 1
                             else {"at_least": bounds[0], "at_most": bounds[1]})
    start, end = sorted(draw(st.lists(days, min_size=2, max_size=2)))
    if draw(st.booleans()):
        limit["from"] = start
    if draw(st.booleans()):
        limit["until"] = end
    return limit


@st.composite
def updates(draw: st.DrawFn, ms: list[dict[str, Any]], parties: list[str],
            sources: list[str]) -> dict[str, Any]:
    m = draw(st.sampled_from(ms))
    u: dict[str, Any] = {"milestone": m["id"], "date": draw(days)}
    allowed = sorted(s.value for s in KIND_STATUSES[Kind(m["kind"])])
    measured = "target" in m or "limit" in m
    choices = (["note", "due"] + (["status"] if allowed else []) + (["add", "total"] if measured else [])
               + (["target"] if "target" in m else []))
    fact = draw(st.sampled_from(choices))
    u["note"] = draw(texts) or "n"
    if fact == "status":
        u["status"] = draw(st.sampled_from(allowed))
    elif fact == "due":
        u["due"] = draw(dues)
    elif fact in ("add", "total"):
        u[fact] = draw(figures)
        u["bound"] = draw(st.sampled_from(["exact", "at_least", "at_most", "about"]))
    elif fact == "target":
        u["target"] = draw(figures)
    if sources and draw(st.booleans()):
        u["source"] = draw(st.sampled_from(sources))
    if parties and draw(st.booleans()):
        u["by"] = draw(st.sampled_from(parties))
    if draw(st.booleans()):
        u["certainty"] = draw(st.sampled_from(["stated", "inferred", "approximate"]))
    return u


@st.composite
def deals(draw: st.DrawFn) -> dict[str, Any]:
    parties = [f"p{i}" for i in range(draw(st.integers(0, 3)))]
    sources = [f"s{i}" for i in range(draw(st.integers(0, 2)))]
    ms: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 6))):
        ms.append(draw(milestones(i, ms, parties, sources)))
    doc: dict[str, Any] = {
        "deal": {"title": draw(texts.filter(bool)), "summary": draw(texts),
                 "stale_after_days": draw(st.integers(1, 3660))},
        "parties": [{"id": p, "name": draw(texts.filter(bool)), "signatory": draw(st.booleans())}
                    for p in parties],
        # Published at the start of the range: no source may predate the signing.
        "sources": [{"id": s, "title": draw(texts.filter(bool)), "published": MIN_DATE} for s in sources],
        "milestones": ms,
        "updates": draw(st.lists(updates(ms, parties, sources), max_size=10)),
    }
    return {key: value for key, value in doc.items() if value != []}


toml_scalars = st.one_of(texts, st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.booleans(),
                         st.dates(), st.datetimes(), st.times())
toml_values = st.recursive(toml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)), max_leaves=12)
schema_keys = st.sampled_from(["deal", "parties", "sources", "milestones", "updates", "title", "id",
                               "kind", "target", "date", "milestone", "plan", "conditions"])
random_documents = st.dictionaries(st.one_of(schema_keys, texts), toml_values, max_size=6)


@st.composite
def mutated(draw: st.DrawFn, raw: bytes) -> bytes:
    """`raw` after a few byte-level accidents: deletions, insertions, replacements, cuts, repeats."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate_line", "swap"]))
        if op == "delete":
            del data[at: at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from(
                [b"[", b"]", b'"', b"=", b"\n", b"{", b"<<<<<<< HEAD\n", b"[[milestones]]\n", b"\xef\xbb\xbf"]))
        elif op == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[at:]
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if op == "duplicate_line":
                lines.insert(i, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def _loads_or_refuses(raw: bytes) -> Any:
    """The deal if `raw` loads; None if it is refused with our own error, placed in the file."""
    try:
        deal, _ = parse(raw, NAME)
    except TrackerError as error:
        assert error.problems
        for problem in error.problems:
            # parse() reads no file, so even binary or non-UTF-8 input is placed on a line
            assert problem.file == NAME and problem.line is not None and problem.line >= 1, problem
            assert problem.message and "Traceback" not in problem.message
            text = str(problem)
            assert text.isprintable(), text  # names and keys from the file are escaped
        return None
    return deal


def _evaluates_and_renders(deal: Any, when: list[date]) -> None:
    for as_of in when:
        evaluation = evaluate(deal, as_of)
        assert len(evaluation.rows) + len(evaluation.context) == len(deal.milestones)
        for fmt in ("text", "markdown", "json"):
            render(evaluation, fmt, color=False)


@BOUNDED
@given(doc=deals(), when=st.lists(days, min_size=1, max_size=4))
def test_a_generated_valid_deal_loads_evaluates_and_renders_on_any_date(
        doc: dict[str, Any], when: list[date]) -> None:
    deal = _loads_or_refuses(tomli_w.dumps(doc).encode())
    # The strategy builds deals the checks accept; a refusal is fine but must stay rare.
    assume(deal is not None)
    _evaluates_and_renders(deal, [*when, MIN_DATE, MAX_DATE])


@BOUNDED
@given(doc=random_documents)
def test_random_toml_is_loaded_or_refused_with_a_placed_error(doc: dict[str, Any]) -> None:
    deal = _loads_or_refuses(tomli_w.dumps(doc).encode())
    if deal is not None:
        _evaluates_and_renders(deal, [date(2020, 1, 1)])


@BOUNDED
@given(raw=mutated(SHIPPED), when=st.lists(days, min_size=1, max_size=3))
def test_a_mutated_shipped_file_is_loaded_or_refused_with_a_placed_error(raw: bytes, when: list[date]) -> None:
    deal = _loads_or_refuses(raw)
    if deal is not None:
        _evaluates_and_renders(deal, when)


@BOUNDED
@given(data=st.data())
def test_a_mutated_generated_deal_is_loaded_or_refused_with_a_placed_error(data: st.DataObject) -> None:
    raw = data.draw(mutated(tomli_w.dumps(data.draw(deals())).encode()))
    deal = _loads_or_refuses(raw)
    if deal is not None:
        _evaluates_and_renders(deal, [data.draw(days)])
