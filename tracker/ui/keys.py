"""The keys of a screen, as help and the command palette both list them: one list.

A key bound on the app or the screen with a description is listed once per action (a
screen may bind an app action again, `app.help`, to show it in its footer); keys that do
the same thing are listed together (`escape q ?`). Widgets' own keys (cursor moves) are
the help's first section, written out once there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
