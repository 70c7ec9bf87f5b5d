"""All SQL lives in notetaker/storage/: no other module of the application builds, runs or spells it.

The other modules (services, capture, exchange, the command line, the interface) are read as
source, not imported: SQLAlchemy imported at all, a query builder reached through a module
(``orm.select``), a statement executed (``.execute(``, ``.scalars(``...), or a string that
reads as an SQL statement (docstrings aside) is a finding. The checker is tried on samples
first, so that it cannot pass by finding nothing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
STORAGE = REPO / "notetaker" / "storage"

#: SQLAlchemy's query builders, as reached through a module (``orm.select``, ``sa.func``).
BUILDERS = frozenset({
    "select", "insert", "update", "delete", "text", "func", "bindparam", "literal_column",
    "selectinload", "joinedload", "exists", "and_", "or_", "union",
})
MODULES = frozenset({"orm", "sa", "sqlalchemy", "models"})
#: Methods that run a statement (sqlite3 connections and cursors, SQLAlchemy connections and sessions).
RUNNERS = frozenset({"execute", "executemany", "executescript", "exec_driver_sql", "scalar", "scalars"})
#: A statement's shape, in capitals as this code base writes SQL; prose ("Select the notes") does not match.
STATEMENT = re.compile(
    r"\bSELECT\b.*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\bPRAGMA\s+\w+"
    r"|\b(?:CREATE|DROP|ALTER)\s+(?:VIRTUAL\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b|\bWHERE\b.*\b(?:AND|OR|IN|IS|LIKE)\b",
    re.S,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def sql_findings(source: str, name: str = "<source>") -> list[str]:
    """What in ``source`` is SQL, one line each ("file:line: what")."""
    tree = ast.parse(source, name)
    docstrings = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            out += [f"{name}:{line}: imports {a.name}" for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            out.append(f"{name}:{line}: imports from {node.module}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in MODULES and node.attr in BUILDERS:
                out.append(f"{name}:{line}: builds a query with {node.value.id}.{node.attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNNERS:
            out.append(f"{name}:{line}: runs a statement with .{node.func.attr}()")
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if STATEMENT.search(text):
                out.append(f"{name}:{line}: SQL in an f-string: {text[:60]!r}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if STATEMENT.search(node.value):
                out.append(f"{name}:{line}: SQL in a string: {node.value[:60]!r}")
    return out


def application_modules() -> list[Path]:
    """Every module of the application outside notetaker/storage/."""
    files = sorted((REPO / "notetaker").rglob("*.py")) + sorted((REPO / "ui").rglob("*.py"))
    return [f for f in files if STORAGE not in f.parents]


@pytest.mark.parametrize(
    "sample",
    [
        "from sqlalchemy import select",
        "import sqlalchemy.orm",
        "rows = s.scalars(orm.select(orm.ItemRow))",
        "con.execute(query, params)",
        "conn.exec_driver_sql(statement)",
        "q = 'SELECT id FROM items'",
        "q = f'SELECT rowid FROM {table} WHERE {table} MATCH :q'",
        "q = 'DELETE FROM items'",
        "q = 'UPDATE notes SET locked = 1'",
        "q = 'PRAGMA foreign_keys=ON'",
        "q = ' AND EXISTS (SELECT 1 FROM items AS b WHERE b.id = :id)'",
        "def f():\n    return 'INSERT INTO app_state(key) VALUES (?)'",
    ],
)
def test_the_checker_finds_sql(sample):
    assert sql_findings(sample), sample


@pytest.mark.parametrize(
    "sample",
    [
        '"""Reads: SELECT ... FROM items WHERE note_id = ? (a docstring may describe SQL)."""',
        "message = _('Select the notes to merge from the list.')",
        "message = _('Delete the backup from the folder?')",
        "message = 'Update the roster, then select where it applies'",
        "options.update(values)",
        "s.delete(row)",
        "from ..storage import search as matches",
    ],
)
def test_the_checker_leaves_prose_and_plain_code_alone(sample):
    assert sql_findings(sample) == [], sample


def test_no_sql_outside_storage():
    modules = application_modules()
    names = {f.relative_to(REPO).as_posix() for f in modules}
    assert {"notetaker/services/search.py", "notetaker/services/capture.py", "ui/main_window.py"} <= names
    findings = [
        finding
        for f in modules
        for finding in sql_findings(f.read_text(encoding="utf-8"), f.relative_to(REPO).as_posix())
    ]
    assert findings == []
