"""Launching the application (or the bare Qt reference) in a fresh process, for timing and memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import REPO, process_env


def launch(args: list[str], data_dir: Path, timeout: float = 300) -> tuple[float, float]:
    """Run ``benchmarks.gui_driver`` with ``args``: (seconds from launch to the interactive window, RSS in MB).

    Both the application and the reference run on Qt's offscreen platform so
    that they do the same work on any machine, with or without a screen.
    """
    env = {**process_env(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.gui_driver", *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{args}: exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    report = json.loads(lines[-1])
    return report["shown_at"] - start, report["rss_kb"] / 1024
