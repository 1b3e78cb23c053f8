"""The errors the tracker reports to a person: where, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.safe import printable


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deal file, placed as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.key}:" if self.key else ""
        # A file name or a key from the file could hold escape sequences; never print them raw.
        return printable(f"{where}:{key} {self.message}")


class TrackerError(Exception):
    """A deal file could not be used; `problems` says every reason found."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class FileError(TrackerError):
    """The file could not be read as TOML at all (missing, unreadable, binary)."""

    exit_code = 2

    def __init__(self, file: str, message: str, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__([Problem(file, line, column, "", message)])


class StaleFileError(TrackerError):
    """The file changed on disk since it was read; writing would lose that change."""

    exit_code = 1

    def __init__(self, file: str) -> None:
        message = (
            "the file changed on disk since it was read; nothing was written. "
            "Reload it and try again."
        )
        super().__init__([Problem(file, None, None, "", message)])
