"""Export a ~50-page compendium to Word, against pandoc converting the same content.

The demo IMRF note (seed 003, 3 pages) is copied onto 17 events of one series
("Benchmark"), in a fresh SQLite file; the compendium of that series is about
50 pages (``--quick``: 4 copies). In the same run:

- the .docx build and save in-process (report model -> bytes -> file), against
  ``pandoc report.md -o report.docx`` on the Markdown rendering of the very
  same report (target: ≤ 0.2× pandoc);
- the same build with python-docx's per-paragraph API, for scale (no target);
- the whole ``notetaker export --series Benchmark -o FILE`` command, Python
  start-up included, against pandoc (target: no slower, ≤ 1.0×).

pandoc is Debian's ``pandoc`` package (``apt-get install pandoc``); without it
the pandoc figures are skipped with a message. With LibreOffice present the
compendium's page count is reported too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from benchmarks.harness import Figure, process_env, timed

SERIES = "Benchmark"


def _make_database(path: Path, copies: int) -> None:
    from notetaker.core import Core
    from notetaker.demo import load_demo

    with Core.open(path) as core:
        demo = load_demo(core)
        source = core.notes.get(demo.note_id)
        event = core.events.get(demo.event_id)
        template = core.templates.get(source.template_id)
        for n in range(copies):
            shift = timedelta(days=n)
            copy = core.events.create(replace(
                event, id=None, uid="", title=f"{event.title} ({n + 1})", series=SERIES,
                starts_at=event.starts_at + shift, ends_at=event.ends_at + shift,
            )).value
            note = core.notes.create(copy.id, source.template_id, list(source.notetakers)).value
            for item in source.items:
                if template.section(item.section).kind.value == "text":
                    body = core.notes.text_body(note.id, item.section)
                    core.notes.update_item(body.id, body=item.body)
                else:
                    core.notes.add_item(note.id, item.section, body=item.body, delegations=list(item.delegations),
                                        person=item.person, spoken_at=item.spoken_at)


def _python_docx_api(report, reference: Path, out: Path) -> None:
    """The same report through python-docx's per-paragraph API (the slow way), for scale."""
    import docx

    from notetaker.export.model import Heading, Meta, Paragraph, Table

    doc = docx.Document(str(reference))
    styles = {"bullet": "List Bullet", "numbered": "List Number", "quote": "Quote", "body": None}

    def para(container, style, runs) -> None:
        p = container.add_paragraph(style=style)
        for run in runs:
            r = p.add_run(run.text)
            r.bold, r.italic = run.bold or None, run.italic or None

    doc.add_paragraph(report.title, style="Title")
    for block in report.blocks:
        if isinstance(block, Heading):
            doc.add_paragraph(block.text, style=f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            para(doc, styles[block.style], block.runs)
        elif isinstance(block, Meta):
            for entry in block.entries:
                doc.add_paragraph(f"{entry.label}: {entry.value}")
        elif isinstance(block, Table):
            table = doc.add_table(rows=1, cols=2, style="Table Grid")
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for left, right in block.rows:
                cells = table.add_row().cells
                for cell, paragraphs in zip(cells, (left, right), strict=True):
                    for p in paragraphs:
                        para(cell, styles[p.style], p.runs)
    doc.save(str(out))


def _pages(soffice: str, docx_path: Path, folder: Path) -> int | None:
    from notetaker.export.pdf import convert_to_pdf

    try:
        pdf = convert_to_pdf(soffice, docx_path, folder, timeout=300)
    except Exception as exc:  # a benchmark reports, it does not fail on LibreOffice's mood
        print(f"bench_export: LibreOffice could not count the pages ({exc})", file=sys.stderr)
        return None
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def run(quick: bool) -> list[Figure]:
    from notetaker.core import Core
    from notetaker.export import series_note_ids
    from notetaker.export.compendium import Chapter, build_compendium
    from notetaker.export.docx import build_docx
    from notetaker.export.markdown import markdown_text

    copies = 4 if quick else 17
    repeat = 3 if quick else 5
    size = f"{copies} events"
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = Path(tmp)
        db = folder / "bench.sqlite3"
        _make_database(db, copies)
        with Core.open(db) as core:
            ids = series_note_ids(core, SERIES)
            chapters = []
            for note_id in ids:
                note = core.notes.get(note_id)
                chapters.append(Chapter(core.events.get(note.event_id), note, core.templates.get(note.template_id)))
            report = build_compendium(chapters, core.delegations.by_code(), "en")
            reference = chapters[0].template.style_reference_path()
        out = folder / "compendium.docx"

        def build_and_save() -> None:
            data, _warnings = build_docx(report, reference)
            out.write_bytes(data)

        ours = timed(build_and_save, repeat)
        api = timed(lambda: _python_docx_api(report, reference, folder / "api.docx"), max(1, repeat // 2))
        markdown = folder / "compendium.md"
        markdown.write_text(markdown_text(report)[0], encoding="utf-8")

        env = process_env(folder / "data")
        command = [sys.executable, "-m", "notetaker", "--db", str(db), "export", "--series", SERIES, "-o", str(folder / "cli.docx")]
        timed(lambda: subprocess.run(command, check=True, capture_output=True, env=env), 1)  # warm-up: bytecode
        cli = timed(lambda: subprocess.run(command, check=True, capture_output=True, env=env), repeat)

        pandoc = shutil.which("pandoc")
        pandoc_time = None
        if pandoc is None:
            print("bench_export: pandoc is not installed (apt-get install pandoc); the pandoc references are skipped", file=sys.stderr)
        else:
            pandoc_cmd = [pandoc, str(markdown), "-o", str(folder / "pandoc.docx")]
            subprocess.run(pandoc_cmd, check=True, capture_output=True)  # warm-up, as for ours
            pandoc_time = timed(lambda: subprocess.run(pandoc_cmd, check=True, capture_output=True), repeat)

        figures.append(Figure(
            f"docx build+save in-process, compendium of {size}", ours, "s",
            "pandoc md→docx, same content" if pandoc_time else "", pandoc_time,
            "≤ 0.2× reference", ours <= 0.2 * pandoc_time if pandoc_time else None,
        ))
        figures.append(Figure(
            f"docx build+save in-process, compendium of {size}", ours, "s",
            "python-docx per-paragraph API", api, "(for scale)", None,
        ))
        figures.append(Figure(
            f"`notetaker export --series` command incl. start-up, {size}", cli, "s",
            "pandoc md→docx, same content" if pandoc_time else "", pandoc_time,
            "≤ 1.0× reference", cli <= pandoc_time if pandoc_time else None,
        ))
        soffice = shutil.which("soffice")
        if soffice and not quick:
            pages = _pages(soffice, out, folder)
            if pages is not None:
                figures.append(Figure(f"compendium of {size}, pages (LibreOffice)", pages, "pages", target="≈ 50", met=40 <= pages <= 60))
    return figures


if __name__ == "__main__":
    from benchmarks.harness import format_table

    print(format_table(run(quick="--quick" in sys.argv)))
