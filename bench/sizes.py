"""The guide's size rules, measured: modules over ~300 lines and functions over ~40 in
tracker/, longest first. `python bench/sizes.py [--lines 40] [--module-lines 300]`.

A list to plan a clean-up from, not a gate: it always exits 0."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def functions(path: Path) -> list[tuple[int, str, int]]:
    """(length, qualified name, first line) of every function and method in `path`;
    a function's length runs from its `def` (decorators aside) to its last line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str, int]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                found.append(((child.end_lineno or child.lineno) - child.lineno + 1, name, child.lineno))
                walk(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")

    walk(tree, "")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=40, help="a function longer than this is listed")
    parser.add_argument("--module-lines", type=int, default=300, help="a module longer than this is listed")
    args = parser.parse_args()
    files = sorted((ROOT / "tracker").rglob("*.py"))
    modules = [(len(p.read_text(encoding="utf-8").splitlines()), p) for p in files]
    for length, path in sorted(modules, reverse=True):
        if length > args.module_lines:
            print(f"module {length:4} lines  {path.relative_to(ROOT)}")
    long = [(length, path, name, line) for path in files for length, name, line in functions(path)
            if length > args.lines]
    for length, path, name, line in sorted(long, key=lambda f: (-f[0], str(f[1]), f[3])):
        print(f"{length:4} lines  {path.relative_to(ROOT)}:{line}  {name}")


if __name__ == "__main__":
    main()
