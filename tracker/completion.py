"""Shell completion scripts for bash, zsh and fish, built from the parser's own definitions.

cli.py passes what the parser knows (each command, its line of help and its options, and
the values an option takes), so a new option is completed without touching this module.
Milestone ids for `record` come from the deal file at completion time, through
`tracker completion --ids FILE`, which prints one id a line and nothing on any error.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

SHELLS = ("bash", "zsh", "fish")


@dataclass(frozen=True)
class Spec:
    """What there is to complete: commands in order, their help and options, option values."""

    commands: dict[str, str]
    """Each command's name and its line of help."""
    options: dict[str, list[str]]
    """Each command's options (`""` for the top level, without a command)."""
    values: dict[str, list[str]] = field(default_factory=dict)
    """The values an option takes (`--format`: text, markdown, ...)."""


def ids(path: Path) -> list[str]:
    """The milestone ids in `path`, or none if it does not load (completion never complains)."""
    from tracker.errors import TrackerError
    from tracker.load import load

    try:
        return [m.id for m in load(path).deal.milestones]
    except (TrackerError, OSError):
        return []


def script(shell: str, spec: Spec) -> str:
    """The completion script for `shell` (one of SHELLS)."""
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](spec)


def _words(items: list[str]) -> str:
    return shlex.quote(" ".join(items))


def _value_cases(spec: Spec, reply: str) -> str:
    return "".join(f"        {opt}) {reply.format(words=_words(vals))}; return;;\n"
                   for opt, vals in spec.values.items())


def _bash(spec: Spec) -> str:
    options = "".join(f"        {name}) opts={_words(opts)};;\n"
                      for name, opts in spec.options.items() if name)
    values = _value_cases(spec, 'COMPREPLY=( $(compgen -W {words} -- "$cur") )')
    return f"""# bash completion for tracker: source it, or put it in ~/.local/share/bash-completion/completions/tracker
_tracker() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local cmd="${{COMP_WORDS[1]}}" opts="" w file=milestones.toml
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=( $(compgen -W {_words(list(spec.commands) + spec.options[""])} -- "$cur") $(compgen -f -- "$cur") )
        return
    fi
    case "$prev" in
{values}    esac
    case "$cmd" in
{options}    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
        return
    fi
    if [ "$cmd" = record ]; then
        for w in "${{COMP_WORDS[@]:2:COMP_CWORD-2}}"; do [ -f "$w" ] && file="$w"; done
        COMPREPLY=( $(compgen -W "$(tracker completion --ids "$file" 2>/dev/null)" -- "$cur") $(compgen -f -- "$cur") )
        return
    fi
    COMPREPLY=( $(compgen -f -- "$cur") )
}}
complete -F _tracker tracker
"""


def _zsh(spec: Spec) -> str:
    described = " ".join(shlex.quote(f"{name}:{text.replace(':', '-')}")
                         for name, text in spec.commands.items())
    options = "".join(f"    {name}) opts=({' '.join(opts)});;\n"
                      for name, opts in spec.options.items() if name)
    values = "".join(f"    {opt}) compadd -- {' '.join(vals)}; return;;\n"
                     for opt, vals in spec.values.items())
    return f"""#compdef tracker
# zsh completion for tracker: put it on $fpath as _tracker, or source it after compinit
_tracker() {{
  local -a commands opts
  local w file=milestones.toml
  commands=({described})
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    compadd -- {' '.join(spec.options[""])}
    _files
    return
  fi
  case ${{words[CURRENT-1]}} in
{values}  esac
  case ${{words[2]}} in
{options}  esac
  if [[ ${{words[CURRENT]}} == -* ]]; then
    compadd -- $opts
    return
  fi
  if [[ ${{words[2]}} == record ]]; then
    for w in ${{words[3,CURRENT-1]}}; do [[ -f $w ]] && file=$w; done
    compadd -- ${{(f)"$(tracker completion --ids $file 2>/dev/null)"}}
  fi
  _files
}}
# Autoloaded from $fpath this file is the completion itself; sourced, it registers it.
if [[ ${{zsh_eval_context[-1]}} == loadautofunc ]]; then
  _tracker "$@"
else
  compdef _tracker tracker
fi
"""


def _fish(spec: Spec) -> str:
    lines = ["# fish completion for tracker: put it in ~/.config/fish/completions/tracker.fish",
             "function __tracker_file",
             "    set -l file milestones.toml",
             "    for w in (commandline -opc)[3..-1]",
             "        test -f $w; and set file $w",
             "    end",
             "    echo $file",
             "end"]
    for name, text in spec.commands.items():
        lines.append(f"complete -c tracker -n __fish_use_subcommand -f -a {name} "
                     f"-d {shlex.quote(text)}")
    for name, opts in spec.options.items():
        when = f"'__fish_seen_subcommand_from {name}'" if name else "__fish_use_subcommand"
        for opt in opts:
            flag = f"-l {opt[2:]}" if opt.startswith("--") else f"-s {opt[1:]}"
            takes = spec.values.get(opt)
            extra = f" -x -a {_words(takes)}" if takes else ""
            lines.append(f"complete -c tracker -n {when} {flag}{extra}")
    lines.append("complete -c tracker -n '__fish_seen_subcommand_from record' -f "
                 "-a '(tracker completion --ids (__tracker_file) 2>/dev/null)'")
    return "\n".join(lines) + "\n"
