"""What some tests need from the machine: missing, they skip on a developer's machine and fail in CI.

``scripts/test.sh`` installs every program named here (as root, which CI is:
``.ci/run`` sets ``CI=true``), so in CI a missing one means the set-up broke,
never a test to pass over in silence.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether the run is CI's (``CI`` set to true, as CI services and ``.ci/run`` do)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Skip the test for ``reason``; in CI, where nothing may be missing, fail it."""
    if in_ci():
        pytest.fail(f"{reason}; CI must have it (scripts/test.sh installs it)", pytrace=False)
    pytest.skip(reason)


def require_program(name: str, package: str) -> str:
    """The path of program ``name``, which the Debian package ``package`` installs."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed (apt-get install {package})")
    return path
