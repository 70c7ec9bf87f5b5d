"""Broken and hostile files: each is refused with one readable line, and the database keeps every byte.

The committed corpus is ``tests/fixtures/hostile`` (written by its ``make_corpus.py``);
files too big to commit are generated here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notetaker.exchange import MAX_FILE_BYTES, ExchangeError, import_files, read_file
from notetaker.services import ServiceError
from tests.support.digest import database_digest

HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile"
EXPECTED: dict[str, str] = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
REPO = Path(__file__).resolve().parents[3]


def _generated(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Big hostile files, made at test time."""
    valid = json.loads((HOSTILE / "unknown-field.sidenotes").read_text(encoding="utf-8"))
    valid.pop("payload")
    out: dict[str, tuple[Path, str]] = {}

    def put(name: str, payload: bytes, words: str) -> None:
        path = tmp / name
        path.write_bytes(payload)
        out[name] = (path, words)

    big = tmp / "over-50-mb.sidenotes"
    with big.open("wb") as fh:  # sparse: no 50 MB really written
        fh.write(b"{")
        fh.truncate(MAX_FILE_BYTES + 1)
    out[big.name] = (big, "limited to 50 MB")
    huge = json.loads(json.dumps(valid))
    huge["items"][0]["body"] = [{"r": [{"t": "x" * (10 * 1024 * 1024 + 1)}]}]
    put("huge-string.sidenotes", json.dumps(huge).encode(), "limited to 10 MB")
    million = json.loads(json.dumps(valid))
    million["items"] = [{}] * 1_000_000
    put("million-items.sidenotes", json.dumps(million, separators=(",", ":")).encode(), "at most 100000")
    put("deep-nesting.sidenotes", b'{"format": ' + b"[" * 200_000 + b"]" * 200_000 + b"}", "too deeply")
    put("container-flood.sidenotes", b'{"x": [' + b"[]," * 3_000_001 + b"[]]}", "more than")
    long_key = json.loads(json.dumps(valid))
    long_key["x" * 5_000_000] = 1
    long_key["y" * 20] = 2
    put("unknown-huge-key.sidenotes", json.dumps(long_key).encode(), "unknown field")
    folder = tmp / "folder.sidenotes"
    folder.mkdir()
    out[folder.name] = (folder, "folder")
    out["missing.sidenotes"] = (tmp / "missing.sidenotes", "cannot read")
    return out


def _all_cases(tmp: Path) -> list[tuple[str, Path, str]]:
    cases = [(name, HOSTILE / name, words) for name, words in sorted(EXPECTED.items())]
    cases += [(name, path, words) for name, (path, words) in _generated(tmp).items()]
    return cases


def test_the_corpus_is_complete():
    committed = sorted(p.name for p in HOSTILE.glob("*.sidenotes"))
    assert committed == sorted(EXPECTED)
    assert len(committed) >= 25


def test_every_hostile_file_is_refused_and_the_database_is_unchanged(demo_core, db_path, tmp_path):
    before = database_digest(db_path)
    events_before = len(demo_core.events.list())
    delegations_before = len(demo_core.delegations.all())
    failures = []
    for name, path, words in _all_cases(tmp_path):
        try:
            import_files(demo_core, [path])
        except (ExchangeError, ServiceError) as exc:
            message = str(exc)
            if "\n" in message or len(message) > 400 or not message.startswith(name) or words not in message:
                failures.append(f"{name}: unexpected message {message[:300]!r}")
        except Exception as exc:  # noqa: BLE001 - the point is that nothing else escapes
            failures.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
        else:
            failures.append(f"{name}: was imported")
        if database_digest(db_path) != before:
            failures.append(f"{name}: the database changed")
            break
    assert not failures, "\n".join(failures)
    assert len(demo_core.events.list()) == events_before
    assert len(demo_core.delegations.all()) == delegations_before


def test_a_batch_with_one_hostile_file_imports_nothing(demo_file, tmp_path, db_path):
    from notetaker.core import Core

    target = tmp_path / "other.sqlite3"
    with Core.open(target) as other:
        other.close()
    before = database_digest(target)
    with Core.open(target) as other:
        with pytest.raises(ExchangeError) as info:
            import_files(other, [demo_file, HOSTILE / "tampered-content.sidenotes"])
        assert other.events.list() == []
    assert "tampered-content.sidenotes" in str(info.value)
    assert database_digest(target) == before


@pytest.mark.parametrize("name", ["newer-schema.sidenotes", "zip-slip.sidenotes", "doctype-billion-laughs.sidenotes"])
def test_cli_refuses_with_one_line_and_status_1(tmp_path, name):
    db = tmp_path / "cli.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    first = subprocess.run([sys.executable, "-m", "notetaker", "--db", str(db), "list"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    before = database_digest(db)
    proc = subprocess.run([sys.executable, "-m", "notetaker", "--db", str(db), "import", str(HOSTILE / name)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"notetaker: {name}: "), proc.stderr
    assert "Traceback" not in proc.stderr
    assert database_digest(db) == before


def test_newer_schema_message_names_both_versions():
    with pytest.raises(ExchangeError) as info:
        read_file(HOSTILE / "newer-schema.sidenotes")
    message = str(info.value)
    assert "version 2" in message and "up to 1" in message


def test_no_name_from_a_zip_is_ever_created(tmp_path):
    evil = Path("/tmp/evil.sidenotes")
    existed = evil.exists()
    with pytest.raises(ExchangeError):
        read_file(HOSTILE / "zip-slip.sidenotes")
    assert evil.exists() == existed
