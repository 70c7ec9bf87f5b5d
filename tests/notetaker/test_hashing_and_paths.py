"""Start-up shortcuts that must give what the slower library gives."""

from __future__ import annotations

import hashlib
import re
import sys
import uuid
from pathlib import Path

import pytest

from notetaker import paths
from notetaker.domain import new_uid
from notetaker.hashing import sha1, sha256


@pytest.mark.parametrize("data", [b"", b"notes.sqlite3", "/home/ana/Documentos/notas-migración.sqlite3".encode()])
def test_digests_are_hashlibs(data):
    assert sha1(data).hexdigest() == hashlib.sha1(data).hexdigest()
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is Linux's")
@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-data", "", "relative/dir", "~/data", " /tmp/x"])
def test_the_data_folder_is_platformdirs_answer(monkeypatch, xdg):
    import platformdirs

    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert paths.platform_data_dir() == Path(platformdirs.user_data_dir(paths.APP_NAME, paths.APP_AUTHOR))


def test_new_uids_are_random_version_4_uuids():
    uids = {new_uid() for _ in range(1000)}
    assert len(uids) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u) for u in uids)
    for u in uids:
        parsed = uuid.UUID(u)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == u
