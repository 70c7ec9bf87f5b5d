"""SHA-1 and SHA-256 of small inputs, for names and digests read while the application starts.

:mod:`hashlib` loads OpenSSL, which costs more than everything hashed at start
(the recovery file's and the writer lock's names, the roster's digest), so
CPython's own built-in implementations are used when present. The digests are
the same either way.
"""

from __future__ import annotations

from typing import Any


def sha1(data: bytes) -> Any:
    try:
        from _sha1 import sha1 as make
    except ImportError:  # a Python built without its own hashes
        from hashlib import sha1 as make
    return make(data)


def sha256(data: bytes) -> Any:
    try:
        from _sha2 import sha256 as make  # Python ≥ 3.12
    except ImportError:
        try:
            from _sha256 import sha256 as make  # Python 3.11
        except ImportError:
            from hashlib import sha256 as make
    return make(data)
