"""What every benchmark returns, and how the table is printed.

A benchmark module ``benchmarks/bench_*.py`` defines ``run(quick: bool) -> list[Figure]``.
Each figure is measured against a named reference measured in the same run, so
the ratio means something on any machine.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Figure:
    name: str  # what was measured, e.g. "docx export, 50 pages"
    value: float
    unit: str  # "s", "ms", "MB"
    reference: str = ""  # what it is compared with, e.g. "pandoc md→docx"
    reference_value: float | None = None
    target: str = ""  # e.g. "≤ 0.2× reference", "≤ 8 ms"
    met: bool | None = None  # whether the target holds

    @property
    def ratio(self) -> float | None:
        if self.reference_value in (None, 0):
            return None
        return self.value / self.reference_value


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``fn`` in seconds over ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def process_env(data_dir: Path) -> dict[str, str]:
    """The environment of a measured child process: this checkout, its own data folder.

    Bytecode is cached under ``data_dir`` (as an installed application has its
    modules compiled), even where PYTHONDONTWRITEBYTECODE is set; time a
    warm-up run first so that it is written.
    """
    env = {
        **os.environ,
        "NOTETAKER_DATA_DIR": str(data_dir),
        "PYTHONPYCACHEPREFIX": str(data_dir / "pycache"),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    for name in ("NOTETAKER_DB", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def format_table(figures: list[Figure]) -> str:
    header = ("figure", "value", "reference", "ref. value", "ratio", "target", "met")
    rows = [header]
    for f in figures:
        rows.append(
            (
                f.name,
                f"{f.value:.4g} {f.unit}",
                f.reference or "—",
                f"{f.reference_value:.4g} {f.unit}" if f.reference_value is not None else "—",
                f"{f.ratio:.2f}×" if f.ratio is not None else "—",
                f.target or "—",
                {True: "yes", False: "NO", None: "—"}[f.met],
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
