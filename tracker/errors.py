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
    record: str = ""
    """The id of the record the key is in (`talks`), so `milestones[3]` says which one."""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {_with_record(self.key, self.record)}:" if self.key else ""
        # A file name or a key from the file could hold escape sequences; never print them raw.
        return printable(f"{where}:{key} {self.message}")


def _with_record(key: str, record: str) -> str:
    """`milestones[3] (id "talks").party`: the id written just after the index it names."""
    end = key.find("]") + 1
    if not record or not end:
        return key
    return f'{key[:end]} (id "{record}"){key[end:]}'


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
