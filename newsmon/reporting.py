"""One-line reports of skipped inputs on stderr, counted for the exit code."""

from __future__ import annotations

import sys

from newsmon import exitcodes
from newsmon.errors import InputError


class SkipReport:
    """Prints `newsmon: skipped PATH: REASON` per unusable input and says which exit code the run earned."""

    def __init__(self) -> None:
        self.skipped: list[InputError] = []

    def __call__(self, problem: InputError) -> None:
        print(f"newsmon: skipped {problem}", file=sys.stderr)
        self.skipped.append(problem)

    @property
    def exit_code(self) -> int:
        return exitcodes.INPUT_SKIPPED if self.skipped else exitcodes.OK
