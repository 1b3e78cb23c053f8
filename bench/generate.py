"""Write a valid deal file of any size, for the benchmark.

    python bench/generate.py --milestones 10000 --updates 100000 [--seed 1] > big.toml

The deal mixes every kind (quantities with plans, some waiting on conditions;
deadlines due by day, month or year; offers accepted and rejected; talks; decrees;
signings; context), parties, sources, acyclic conditions (always on an earlier
milestone), `part_of` wholes, and updates in date order at the end of the file:
running totals that never go down, increments, statuses each kind allows, due
revisions and the odd dispute between two sources. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta

SIGNED = date(2020, 2, 29)
SPAN_DAYS = 730
"""Updates fall within two years of the signing."""
LAST_DAY = SIGNED + timedelta(days=SPAN_DAYS)

_KINDS = (("quantity", 30), ("deadline", 14), ("offer", 9), ("talks", 7), ("decree", 10),
          ("commitment", 8), ("event", 10), ("context", 8), ("signing", 4))
_UNITS = ("prisoners", "troops", "captives", "weapons", "checkpoints", "refugees", "soldiers")
_VERBS = ("frees", "withdraws", "hands over", "returns", "dismantles", "resettles", "demobilises")
_REACHABLE = {"signing": ("done",), "decree": ("done",), "quantity": ("done", "started"),
              "deadline": ("done", "started"), "offer": ("accepted",), "talks": ("started", "done"),
              "commitment": ("started",), "event": ("done", "started")}
_FINAL = ("done", "rejected", "cancelled", "breached", "accepted")


@dataclass
class Spec:
    """What the generator decided about one milestone, to write it and its updates."""

    index: int
    kind: str
    party: int
    target: int | None = None
    batch: int | None = None
    whole: bool = False
    waits: bool = False
    lines: list[str] = field(default_factory=list)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _due(rng: random.Random, start: int) -> str:
    day = SIGNED + timedelta(days=start + rng.randint(30, 500))
    precision = rng.random()
    if precision < 0.4:
        return f'"{day.year}-{day.month:02d}"'
    if precision < 0.55:
        return f'"{day.year}"'
    return day.isoformat()


def header(rng: random.Random, parties: int, sources: int) -> list[str]:
    out = ['# A generated deal for the benchmark (bench/generate.py).', "", "[deal]",
           f'title = "Generated accord with {parties} parties"',
           'summary = """', "A synthetic agreement: every kind of milestone, plans, conditions, \\",
           'parts of wholes and a long log of dated updates.', '"""', "stale_after_days = 45", ""]
    for p in range(parties):
        out += ["[[parties]]", f'id = "p{p}"', f'name = "Party {p} of the accord"',
                f"signatory = {'true' if p < 2 or rng.random() < 0.7 else 'false'}",
                f'role = "Owes its share of the deal ({p})."', ""]
    for s in range(sources):
        published = SIGNED + timedelta(days=s * SPAN_DAYS // max(1, sources - 1))
        inferred = rng.random() < 0.2
        out += ["[[sources]]", f'id = "s{s}"', f'title = "Report {s}: the accord, day by day"',
                f'outlet = "Outlet {s % 7}"', f"published = {published.isoformat()}"]
        if inferred:
            out += ['certainty = "inferred"', 'basis = "Undated; taken as the day of the issue."']
        out += [f'location = "https://example.org/reports/{s}"', ""]
    return out


def milestone(rng: random.Random, i: int, specs: list[Spec], parties: int, whole_left: dict[int, int]) -> Spec:
    """One milestone's TOML and the facts its updates need."""
    kind = "signing" if i == 0 else rng.choices([k for k, _ in _KINDS], [w for _, w in _KINDS])[0]
    spec = Spec(i, kind, rng.randrange(parties))
    lines = ["[[milestones]]", f'id = "m{i}"']
    unit = rng.choice(_UNITS)
    if kind == "quantity":
        lines.append(f'title = "Party {spec.party} {rng.choice(_VERBS)} {unit} (batch {i})"')
    else:
        article = "an" if kind[0] in "aeiou" else "a"
        lines.append(f'title = "Milestone {i}: {article} {kind} under the accord"')
    lines.append(f'kind = "{kind}"')
    if kind != "context":
        to = (spec.party + 1) % parties
        lines += [f'party = "p{spec.party}"', f'to = ["p{to}"]']
    lines.append(f'sources = ["s{rng.randrange(3)}"]')
    if rng.random() < 0.3:
        lines.append(f'notes = "Notes on milestone {i}: what the reports say about it, in a line."')
    if kind == "quantity":
        _quantity(rng, spec, lines, whole_left, unit)
    elif kind == "deadline":
        spec.target = rng.choice((None, 1000 * rng.randint(1, 20)))
        if spec.target:
            lines += [f"target = {spec.target}", 'qualifier = "about"', 'unit = "troops"']
        lines.append(f"due = {_due(rng, i % 200)}")
    elif kind in ("talks", "commitment", "event") and rng.random() < 0.5:
        lines.append(f"due = {_due(rng, i % 200)}")
    lines += _conditions(rng, spec, specs)
    spec.lines = lines + [""]
    return spec


def _quantity(rng: random.Random, spec: Spec, lines: list[str], whole_left: dict[int, int],
              name: str) -> None:
    batch = rng.choice((10, 25, 50, 100, 500))
    target = batch * rng.randint(4, 60)
    parent = next(iter(whole_left), None) if whole_left and rng.random() < 0.6 else None
    if parent is not None:
        target = min(target, whole_left[parent] // batch * batch)
        if target <= 0:
            del whole_left[parent]
            parent, target = None, batch * rng.randint(4, 60)
    unit = f"unit = {_q(name)}"
    if parent is None and rng.random() < 0.15:
        # A whole (no plan of its own) that the next few quantities count towards.
        spec.whole, spec.target, spec.batch = True, target * 3, batch
        lines += [f"target = {target * 3}", unit, 'qualifier = "up_to"']
        whole_left.clear()
        whole_left[spec.index] = target * 3
        return
    spec.target, spec.batch = target, batch
    lines += [f"target = {target}", unit]
    if parent is not None:
        whole_left[parent] -= target
        lines += ['qualifier = "exact"', f'part_of = "m{parent}"']
    if rng.random() < 0.7:
        spec.waits = rng.random() < 0.35
        start = "" if spec.waits else f"start = {(SIGNED + timedelta(days=rng.randint(1, 120))).isoformat()}, "
        lines.append(f"plan = {{ {start}batch = {batch}, every_days = {rng.choice((1, 7, 14, 30))}, "
                     f'basis = "As announced (batch {spec.index})." }}')


def _conditions(rng: random.Random, spec: Spec, specs: list[Spec]) -> list[str]:
    """Conditions on earlier milestones only, so they can never form a cycle."""
    count = 1 if spec.waits else (1 if rng.random() < 0.25 else 0)
    if spec.kind in ("signing", "context") or not specs:
        count = 0
    lines: list[str] = []
    for _ in range(count):
        for _try in range(5):
            other = specs[rng.randrange(max(0, len(specs) - 50), len(specs))]
            if other.kind != "context":
                break
        else:
            continue
        lines += ["", "[[milestones.conditions]]", f'milestone = "m{other.index}"',
                  f'reached = "{rng.choice(_REACHABLE[other.kind])}"',
                  f'text = "Once m{other.index} has got that far."']
    return lines


def plan_updates(rng: random.Random, spec: Spec, count: int, parties: int) -> list[tuple[int, str]]:
    """`count` updates for one milestone as (day offset, TOML body), in date order."""
    days = sorted(rng.randrange(1, SPAN_DAYS) for _ in range(count))
    if spec.index == 0 and days:
        days[0] = 0
    out: list[tuple[int, str]] = []
    total = 0
    statuses = ["done"] if spec.index == 0 else _statuses(rng, spec.kind)
    for n, day in enumerate(days):
        if len(out) > n:
            continue  # this slot went to a disputed figure
        if spec.kind == "context":
            out.append((day, f'note = "Background reported on day {day}."'))
        elif spec.target and not spec.whole and (spec.kind == "quantity" or n % 2):
            # A whole is counted from its parts: a total of its own below theirs is an error.
            step = max(1, (spec.target - total) // max(1, count - n))
            step = rng.randint(max(1, step // 2), step)
            total = min(spec.target, total + step)
            if rng.random() < 0.25 and total < spec.target:
                out.append((day, f"add = {step}"))
                continue
            out.append((day, f"total = {total}"))
            if total > 5 and n + 1 < count and rng.random() < 0.02:
                # Another source gives a lower figure for the same day: a dispute.
                out.append((day, f"total = {total - 5}"))
            elif total == spec.target and spec.kind == "quantity" and n + 1 == count:
                out[-1] = (day, out[-1][1] + '\nstatus = "done"')
        elif statuses:
            status = statuses.pop(0)
            body = f'status = "{status}"'
            if status in ("rejected", "accepted") and rng.random() < 0.7:
                body += f'\nby = "p{(spec.party + 1) % parties}"'
            out.append((day, body))
        elif spec.kind in ("deadline", "talks") and rng.random() < 0.4:
            out.append((day, f"due = {_due(rng, day)}"))
        else:
            out.append((day, f'note = "Update {n} on m{spec.index}: reported progress."'))
    return out


def _statuses(rng: random.Random, kind: str) -> list[str]:
    """A plausible run of statuses for a kind, ending at most once on a final one."""
    if kind == "offer":
        return ["offered", rng.choice(("accepted", "rejected", "rejected"))]
    if kind in ("signing", "decree"):
        return ["done"] if rng.random() < 0.85 else [rng.choice(("cancelled", "done"))]
    if kind in ("talks", "deadline"):
        return ["started", "suspended", "started", "done"][: rng.randint(1, 4)]
    if kind == "commitment":
        return ["started"] + (["breached"] if rng.random() < 0.1 else [])
    if kind == "event":
        return ["started", "done"][: rng.randint(1, 2)]
    return ["started"]


def generate(milestones: int, updates: int, seed: int = 1) -> str:
    """The whole deal file as text."""
    rng = random.Random(seed)
    parties = max(3, min(60, milestones // 150))
    sources = max(3, min(2000, updates // 40))
    out = header(rng, parties, sources)
    specs: list[Spec] = []
    whole_left: dict[int, int] = {}
    for i in range(max(1, milestones)):
        spec = milestone(rng, i, specs, parties, whole_left)
        specs.append(spec)
        out += spec.lines
    shares = [0] * len(specs)
    shares[0] = 1
    active = [s.index for s in specs if s.kind != "context" or rng.random() < 0.3]
    for k in range(max(0, updates - 1)):
        shares[active[rng.randrange(len(active))] if k % 3 else active[k % len(active)]] += 1
    log: list[tuple[int, int, str]] = []
    for spec, count in zip(specs, shares):
        log += [(day, spec.index, body) for day, body in plan_updates(rng, spec, count, parties)]
    log.sort(key=lambda entry: entry[0])  # stable: each milestone keeps its own order
    out += _write_updates(rng, log, sources)
    return "\n".join(out) + "\n"


def _write_updates(rng: random.Random, log: list[tuple[int, int, str]], sources: int) -> list[str]:
    out = ["# Updates: what happened, in date order. New ones go at the end.", ""]
    totals: dict[tuple[int, int], set[int]] = {}
    for day, index, body in log:
        when = SIGNED + timedelta(days=day)
        # A source published on or after the day it reports.
        first = -(-day * max(1, sources - 1) // SPAN_DAYS)
        source = min(sources - 1, first + rng.randrange(3))
        if body.startswith("total"):
            # Each figure of a milestone's day from a source of its own: one source giving two
            # is an error (a day can hold a planned total and a disputed one, or more).
            used = totals.setdefault((day, index), set())
            while source in used and len(used) < sources:
                source = (source + 1) % sources
            used.add(source)
        out += ["[[updates]]", f'milestone = "m{index}"', f"date = {when.isoformat()}"]
        if rng.random() < 0.1:
            out += ['certainty = "inferred"', 'basis = "Reported as \\"yesterday\\" in the issue."']
        out += [f'source = "s{source}"', body, ""]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--milestones", type=int, required=True)
    parser.add_argument("--updates", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sys.stdout.write(generate(args.milestones, args.updates, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
