"""Status colours worked out from the theme, as CSS variables (`$status-done`, …).

A theme's `$text-success` and friends are pale tints meant for its own widgets: some sit
below 3:1 on the panels the tracker draws on, and on a 16-colour terminal (`TERM=screen`,
`linux`) most of them downgrade to the same white. Here each status starts from its theme
colour and is moved, as little as it takes, until it reads at 4.5:1 on every background a
status word is drawn on and still downgrades to its own ANSI hue, so the six statuses stay
six colours there too. The cursor's text gets the same check (gruvbox draws it at 2.4:1).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color, ColorParseError, rgb_to_lab

# Indices into Rich's 16-colour palette, the colours a 16-colour terminal will show: the
# one to aim for on a light ground first, on a dark one last.
_RED, _GREEN, _YELLOW, _BLUE, _MAGENTA, _CYAN = (1, 9), (2, 10), (3, 11), (4, 12), (5, 13), (6, 14)
_GREY, _WHITE = (8, 7), (15,)

SOURCES: dict[str, tuple[str, list[tuple[int, ...]]]] = {
    "done": ("success", [_GREEN]), "on-track": ("primary", [_BLUE, _WHITE, _GREY]),
    "behind": ("warning", [_YELLOW]), "overdue": ("error", [_RED]), "waiting": ("accent", [_CYAN]),
    "rejected": ("error", [_MAGENTA]), "upcoming": ("muted", [_GREY, _WHITE]),
    "unknown": ("warning", [_YELLOW]),
    "blocked": ("error", [_RED, _MAGENTA]), "at-risk": ("warning", [_YELLOW, _RED]),
    "contingent": ("muted", [_GREY, _WHITE]), "lapsed": ("muted", [_GREY, _WHITE]),
}
"""Status variable: the theme colour it starts from, and the ANSI hues it may downgrade to,
in order. Rejected shares the error colour but leans to magenta: final, not merely late.
Upcoming starts from the text colour 40% of the way to the background, like `$text-muted`.
On most dark themes no blue light enough to read on their panels still downgrades to blue
(Rich's bright blue is dark), so there on track falls back to white, the plain colour of
things going as planned.
The timing statuses come last, so the six above keep their own colours: blocked is a red
(the shade overdue left, else magenta), at risk a yellow, contingent and lapsed greys, each
told apart from its neighbour by its mark, its word and a style (`render.STYLE`)."""

STATUS_VARIABLES = frozenset({f"status-{name}" for name in SOURCES} | {"attention-cursor", "attention-cursor-focused"})
"""The variables `status_variables` always gives (the cursor's text only when it must change)."""

_ANSI = {
    "done": "ansi_green", "on-track": "ansi_blue", "behind": "warning", "overdue": "ansi_red",
    "waiting": "ansi_cyan", "rejected": "ansi_magenta", "unknown": "warning",
    "blocked": "ansi_bright_red", "at-risk": "ansi_bright_yellow", "contingent": "ansi_bright_black",
    "lapsed": "ansi_bright_black",
}
"""ANSI themes leave the colours to the terminal; their accent would clash with done or rejected."""

_APART = 20.0
"""How far apart (CIE76) two statuses' colours should be: a glance tells them apart."""

_TARGETS = (4.5, 3.2, 3.05)
"""WCAG AA for body text if the hue allows, else a little over the 3:1 the tests ask of
what is drawn (the margin covers Textual's own blending)."""


def luminance(color: Color) -> float:
    """WCAG relative luminance."""
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = color.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def standard(color: Color) -> int:
    """The colour number a 16-colour terminal gets for `color` (Rich's downgrade)."""
    number = RichColor.from_rgb(*color.rgb).downgrade(ColorSystem.STANDARD).number
    return number or 0


def status_variables(variables: dict[str, str], dark: bool) -> dict[str, str]:
    """`status-*` variables, the attention list's cursor and readable cursor text, for a
    theme's generated variables."""
    if variables.get("background", "").startswith("ansi_"):
        cursor = variables["block-cursor-blurred-background"]
        # Bright black, the usual grey, is 3:1 at best on a dark terminal.
        upcoming = {"status-upcoming": "ansi_white" if dark else "ansi_bright_black"}
        return {f"status-{name}": variables.get(colour, colour) for name, colour in _ANSI.items()} | upcoming | {
            "attention-cursor": cursor, "attention-cursor-focused": cursor}
    try:
        return _worked_out(variables, dark)
    except (ColorParseError, KeyError):  # a user's theme with colours we cannot read
        return {f"status-{name}": variables.get(f"text-{source}", variables.get("foreground", "ansi_default"))
                for name, (source, _) in SOURCES.items()} | {
            "attention-cursor": "transparent", "attention-cursor-focused": "transparent"}


def _worked_out(variables: dict[str, str], dark: bool) -> dict[str, str]:
    background = Color.parse(variables["background"])
    cursors = [_cursor_ground(background, Color.parse(variables["primary"]), dark, most) for most in (0.2, 0.4)]
    grounds = _backgrounds(variables, cursors)
    chosen: dict[int, Color] = {}
    found = {"attention-cursor": cursors[0].hex, "attention-cursor-focused": cursors[1].hex}
    for name, (source, families) in SOURCES.items():
        start = (Color.parse(variables["foreground"]).blend(background, 0.4) if source == "muted"
                 else Color.parse(variables[source]))
        colour = _pick(start.with_alpha(1), families, grounds, dark, chosen)
        chosen.setdefault(standard(colour), colour)
        found[f"status-{name}"] = colour.hex
    return found | _cursor_text(variables, background)


def _solid(variables: dict[str, str], name: str, under: Color) -> Color:
    return under + Color.parse(variables[name])


def _cursor_ground(background: Color, primary: Color, dark: bool, most: float) -> Color:
    """The attention list's cursor: the primary colour over the background, as strong as
    `most` if every status colour can still read on it (a dark ground stays dark)."""
    for step in range(round(most * 20), 0, -1):
        ground = background.blend(primary, step / 20)
        if (luminance(ground) <= 0.07) if dark else (luminance(ground) >= 0.6):
            return ground
    return background.blend(primary, 0.05)


def _backgrounds(variables: dict[str, str], cursors: list[Color]) -> list[Color]:
    """Where status words are drawn: the screen, surfaces and panels, focused (tinted 5%
    with the foreground) or not, and under the attention list's cursor."""
    background = Color.parse(variables["background"])
    surface, panel = _solid(variables, "surface", background), _solid(variables, "panel", background)
    foreground = Color.parse(variables["foreground"])
    plain = [background, surface, panel, *cursors]
    return plain + [g.blend(foreground, 0.05) for g in plain]


def _pick(start: Color, families: list[tuple[int, ...]], grounds: list[Color], dark: bool,
          chosen: dict[int, Color]) -> Color:
    """The candidate nearest the theme's colour that reads on every ground, downgrades to a
    colour of the first family that allows it, and stands apart from the colours `chosen`
    so far (by 16-colour number); failing that, the family's own colour."""
    for family in families:
        anchor = Color(*_ANSI_RGB[family[-1] if dark else family[0]])
        scored = _scored(_candidates(start, anchor, dark), grounds)
        own = [n for n in family if n not in chosen]
        # Best: its own 16 colours and clearly apart in truecolor; then merely its own;
        # then shared (only unknown ever needs it, with behind).
        for allowed, apart in ((own, _APART), (own, 0.0), (family, 0.0)):
            for target in _TARGETS:
                for candidate, number, worst in scored():
                    if number in allowed and worst >= target and all(
                            _distance(candidate, c) >= apart for c in chosen.values()):
                        return candidate
    return Color(*_ANSI_RGB[families[0][-1] if dark else families[0][0]])


def _scored(candidates: Iterator[Color], grounds: list[Color]) -> Callable[[], Iterator[tuple[Color, int, float]]]:
    """Each candidate with its 16-colour number and worst contrast, worked out once and
    only as far as a search goes."""
    done: list[tuple[Color, int, float]] = []

    def walk() -> Iterator[tuple[Color, int, float]]:
        yield from list(done)
        for candidate in candidates:
            done.append((candidate, standard(candidate), min(contrast(candidate, g) for g in grounds)))
            yield done[-1]
    return walk


def _distance(a: Color, b: Color) -> float:
    """How far apart two colours look (CIE76 in Lab; 2.3 is just noticeable)."""
    la, lb = rgb_to_lab(a), rgb_to_lab(b)
    return math.dist((la.L, la.a, la.b), (lb.L, lb.a, lb.b))


def _candidates(start: Color, anchor: Color, dark: bool) -> Iterator[Color]:
    """The theme colour moved towards the ANSI hue and away from the background, smallest
    moves first."""
    moves = sorted(((hue / 20, light / 40) for hue in range(21) for light in range(25)), key=sum)
    for hue, light in moves:
        mixed = start.blend(anchor, hue)
        yield mixed.lighten(light) if dark else mixed.darken(light)


def _cursor_text(variables: dict[str, str], background: Color) -> dict[str, str]:
    """The cursor's text as the theme has it, unless it reads below 4.5:1 on the cursor."""
    found = {}
    surface = _solid(variables, "surface", background)
    for focus in ("", "blurred-"):
        ground = surface + Color.parse(variables[f"block-cursor-{focus}background"])
        text = variables[f"block-cursor-{focus}foreground"]
        colour = ground.get_contrast_text(0.87) if text.startswith("auto") else Color.parse(text)
        if contrast(ground + colour, ground) < _TARGETS[0]:
            best = max((Color(0, 0, 0), Color(255, 255, 255)), key=lambda c: contrast(c, ground))
            found[f"block-cursor-{focus}foreground"] = best.hex
    return found


_ANSI_RGB = [
    (0, 0, 0), (170, 0, 0), (0, 170, 0), (170, 85, 0), (0, 0, 170), (170, 0, 170), (0, 170, 170),
    (170, 170, 170), (85, 85, 85), (255, 85, 85), (85, 255, 85), (255, 255, 85), (85, 85, 255),
    (255, 85, 255), (85, 255, 255), (255, 255, 255),
]
"""Rich's 16-colour palette, which its downgrade matches against."""
