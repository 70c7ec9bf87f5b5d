"""PDF: the Word rendering of the report, converted by LibreOffice headless.

The report is rendered as .docx exactly as for a Word export (same styles,
same house-style reference), except that the table of contents is written
as plain entries with PAGEREF fields, which LibreOffice numbers while laying
the pages out (it does not refresh a TOC field on load). Then::

    soffice -env:UserInstallation=file:///<fresh temp dir> --headless \
            --convert-to pdf --outdir <temp dir> report.docx

runs with its own throw-away user profile (so that it neither collides with
a LibreOffice the user has open nor depends on their settings), under a time
limit, and can be cancelled. The PDF then replaces the target atomically.
``NOTETAKER_SOFFICE`` names the soffice executable when it is not on PATH.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..i18n import _
from .errors import ExportCancelled, ExportError, write_output

DEFAULT_TIMEOUT = 120.0  # seconds; a first start of LibreOffice on a slow disk takes a while
_CANDIDATES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """The LibreOffice executable, or None when LibreOffice is not installed."""
    override = os.environ.get("NOTETAKER_SOFFICE")
    if override:
        return override if Path(override).is_file() or shutil.which(override) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in _CANDIDATES if Path(c).is_file()), None)


def require_soffice() -> str:
    """The LibreOffice executable; :class:`ExportError` when there is none."""
    soffice = find_soffice()
    if soffice is None:
        raise ExportError(
            _("PDF export needs LibreOffice, which was not found (install LibreOffice, or set NOTETAKER_SOFFICE to its soffice program); the Word export works without it.")
        )
    return soffice


def write_pdf(
    docx_data: bytes,
    path: Path | str,
    soffice: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: threading.Event | None = None,
) -> None:
    """Convert a rendered .docx to PDF and put it at ``path`` atomically."""
    with tempfile.TemporaryDirectory(prefix="notetaker-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx_data)
        pdf = convert_to_pdf(soffice, source, folder, timeout=timeout, cancel=cancel)
        write_output(path, pdf.read_bytes())


def convert_to_pdf(
    soffice: str,
    source: Path,
    outdir: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: threading.Event | None = None,
) -> Path:
    """Convert ``source`` with LibreOffice into ``outdir``; return the PDF's path."""
    profile = Path(tempfile.mkdtemp(prefix="notetaker-lo-profile-"))
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
        "--convert-to", "pdf", "--outdir", str(outdir), str(source),
    ]
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty LibreOffice never blocks on it
    try:
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=sys.platform != "win32",
        )
    except OSError as exc:
        log.close()
        shutil.rmtree(profile, ignore_errors=True)
        raise ExportError(_("Cannot start LibreOffice ({program}): {error}").format(program=soffice, error=exc.strerror or exc)) from exc
    try:
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if cancel is not None and cancel.is_set():
                _stop(proc)
                raise ExportCancelled(_("The export was cancelled."))
            if time.monotonic() > deadline:
                _stop(proc)
                raise ExportError(_("LibreOffice did not finish the PDF within {seconds:.0f} seconds.").format(seconds=timeout))
            time.sleep(0.05)
        log.seek(0)
        output = log.read(4096)
    finally:
        if proc.poll() is None:
            _stop(proc)
        log.close()
        shutil.rmtree(profile, ignore_errors=True)
    pdf = outdir / (source.stem + ".pdf")
    if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        detail = " ".join(output.decode("utf-8", "replace").split())[:300]
        raise ExportError(
            _("LibreOffice could not convert the report to PDF (exit status {code}){detail}").format(
                code=proc.returncode, detail=f": {detail}" if detail else "."
            )
        )
    return pdf


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and whatever it started (its own process group)."""
    try:
        if sys.platform != "win32":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
