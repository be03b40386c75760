"""Verdicts of a benchmark: per target the figure, the target and PASS or FAIL; exit 1 on a FAIL.

Use::

    from _verdict import Verdicts

    verdicts = Verdicts()
    verdicts.at_most("frame p99, rate screen", 3.2, 4.0, "ms")  # PASS if figure <= target
    verdicts.at_least("visits per second", 950, 1000, "/s")  # PASS if figure >= target
    verdicts.fail("frame p99, thanks screen", "drawing raised KeyError: 'x'")  # no figure
    verdicts.finish()  # prints the count of FAILs; SystemExit(1) if there was any

``at_most`` and ``at_least`` print a line such as
``PASS  frame p99, rate screen: 3.20 ms (target <= 4 ms)`` and return True on a PASS;
``digits`` (default 2) sets the decimals of the figure. ``fail`` records a target that could not
be measured (the part under test raised) as a FAIL, never as skipped. ``failed`` is the number
of FAILs so far. ``finish`` returns normally only when every target passed.
"""

from __future__ import annotations


class Verdicts:
    """The targets a benchmark checked and whether each was met."""

    def __init__(self, indent: str = "  ") -> None:
        self.indent = indent
        self.passed = 0
        self.failed = 0

    def _record(self, ok: bool, line: str) -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{self.indent}{'PASS' if ok else 'FAIL'}  {line}", flush=True)
        return ok

    def at_most(
        self, label: str, figure: float, target: float, unit: str = "", digits: int = 2
    ) -> bool:
        """Record and print whether ``figure`` is at most ``target``; return True if it is."""
        return self._record(
            figure <= target,
            f"{label}: {figure:.{digits}f}{_spaced(unit)} (target <= {target:g}{_spaced(unit)})",
        )

    def at_least(
        self, label: str, figure: float, target: float, unit: str = "", digits: int = 2
    ) -> bool:
        """Record and print whether ``figure`` is at least ``target``; return True if it is."""
        return self._record(
            figure >= target,
            f"{label}: {figure:.{digits}f}{_spaced(unit)} (target >= {target:g}{_spaced(unit)})",
        )

    def fail(self, label: str, reason: str) -> None:
        """Record and print a target that could not be measured, as a FAIL."""
        self._record(False, f"{label}: {reason}")

    def finish(self) -> None:
        """Print how many targets passed; exit with status 1 if any failed."""
        total = self.passed + self.failed
        print(f"{self.indent}{self.passed} of {total} targets met", flush=True)
        if self.failed:
            raise SystemExit(1)


def _spaced(unit: str) -> str:
    return f" {unit}" if unit and unit[0].isalnum() else unit
