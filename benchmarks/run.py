"""Run every benchmark and print one table: ``python -m benchmarks.run [--quick] [NAME...]``."""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import traceback
from pathlib import Path

from benchmarks.harness import Figure, format_table

HERE = Path(__file__).resolve().parent


def discover() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmark modules to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    names = args.names or discover()
    figures: list[Figure] = []
    failed = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"running {name}…", file=sys.stderr, flush=True)
        try:
            figures.extend(module.run(quick=args.quick))
        except Exception:
            traceback.print_exc()
            failed.append(name)
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, {platform.processor() or platform.machine()}")
    print(format_table(figures))
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
