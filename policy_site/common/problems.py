"""Problems found in policy source files, reported as ``path:line:col: message``.

Every loader collects problems instead of stopping at the first one, so a
person editing the YAML sees everything that is wrong in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` and ``column`` count from 1."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


# For objects made in code rather than read from a file.
NOWHERE = Location("<built-in>", 1, 1)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a source file."""

    location: Location
    message: str
    severity: str = "error"  # "error" stops the build; "warning" does not

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.location}: {prefix}{self.message}"


@dataclass
class ProblemLog:
    """Collects problems while loading; ``raise_if_errors`` ends the load."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message))

    def warning(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise PolicySourceError(sorted(self.errors, key=lambda p: p.location))


class PolicySourceError(Exception):
    """The policy source has errors; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(p) for p in problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the policy source:\n{lines}"
        )


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
