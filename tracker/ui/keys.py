"""The keys of a screen, as help and the command palette both list them: one list.

The keys the screen's widgets handle themselves (cursor moves) are written out once per
screen, in its `MOVING`; they come first in the help.

A key bound on the app or the screen with a description is listed once per action (a
screen may bind an app action again, `app.help`, to show it in its footer); keys that do
the same thing are listed together (`escape q ?`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True)
class Key:
    """One action the user can take, with every key that takes it."""

    keys: str
    """The keys as the terminal shows them: `[`, `escape q ?`."""
    binding: Binding
    node: DOMNode
    """Where the action runs (the app or the screen)."""

    @property
    def action(self) -> str:
        return self.binding.action.removeprefix("app.")


def _declared_here(*nodes: DOMNode) -> set[tuple[str, str, str]]:
    """The tracker's own bindings (not Textual's focus, copy and ctrl+q), told apart by what
    they say: the bindings in effect are copies, one per key."""
    return {(b.action, b.description, b.tooltip) for node in nodes for cls in type(node).__mro__
            if cls.__module__.startswith("tracker.")
            for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)}


def keys_of(screen: Screen[Any]) -> list[Key]:
    """What the user can do on `screen`, in the order the bindings are declared."""
    app = screen.app
    ours = _declared_here(app, screen)
    found: dict[str, tuple[list[str], Binding, DOMNode]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if active.node not in (app, screen) or (binding.action, binding.description, binding.tooltip) not in ours:
            continue
        action = binding.action.removeprefix("app.")
        shown = app.get_key_display(Binding(key, binding.action))
        if action in found:
            if shown not in found[action][0]:
                found[action][0].append(shown)
        else:
            found[action] = ([shown], binding, active.node)
    return [Key(" ".join(shown), binding, node) for shown, binding, node in found.values()]


Moving = tuple[tuple[str, str], ...]
"""Keys a screen's widgets handle, each with what it does: (`↑ ↓  j k`, `move between …`)."""

TABLE_MOVING: Moving = (
    ("↑ ↓  j k", "move between milestones"),
    ("enter", "the selected milestone's detail, full screen (escape returns)"),
    ("tab  shift+tab", "next / previous pane (table, detail, attention)"),
    ("ctrl+p", "command palette: every action, searchable"),
)
"""The milestone table's keys: the deal screen's, and the default of a screen that names none."""


def moving_of(screen: Screen[Any]) -> Moving:
    """The keys of `screen`'s own widgets, as its `MOVING` names them."""
    return cast(Moving, getattr(screen, "MOVING", TABLE_MOVING))
